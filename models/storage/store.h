#pragma once

// Store: the queries over runs, events, search results, drafts, revisions, claims, reviews,
// public records, decisions and claim edits. It owns no state beyond the Database it was given and
// is safe to use from any thread (each thread gets its own connection). Every method returns a
// Result/Status; nothing throws. Multi-row writes run in one BEGIN IMMEDIATE transaction.
// The corpus (papers, FTS, embeddings) lives in CorpusStore; the ledger in LedgerStore.

#include "database.h"
#include "models/types/types.h"

#include <QHash>

#include <memory>

namespace Sovereign::Models {

class Store final
{
public:
    explicit Store(std::shared_ptr<Database> db);

    const std::shared_ptr<Database> &database() const { return m_db; }
    QSqlDatabase connection() const { return m_db->connection(); }

    // SRCH:XXXXXXXX from a seed (the run's content and creation time): stable once stored.
    static QString makeSrchId(const QByteArray &seed);

    // ---- runs ------------------------------------------------------------------------------
    Result<qint64> createRun(Run &run); // fills id, srchId (if empty), createdAt
    Status updateRun(const Run &run);   // status, error, config, source fields, timestamps
    Result<Run> run(qint64 id) const;
    Result<QList<Run>> runs(std::optional<RunStatus> status = std::nullopt) const;
    Status appendEvents(const QList<RunEvent> &events);
    Result<QList<RunEvent>> events(qint64 runId) const;
    Status saveSearch(qint64 runId, const QList<SearchQuery> &queries, const QList<SearchHit> &hits,
                      const QList<RunPaper> &merged);
    Result<QList<SearchQuery>> searchQueries(qint64 runId) const;
    Result<QList<SearchHit>> searchHits(qint64 runId) const;
    Result<QList<RunPaper>> runPapers(qint64 runId) const;

    // ---- drafts ----------------------------------------------------------------------------
    Result<qint64> createDraft(Draft &draft);
    Status updateDraft(const Draft &draft);
    Result<Draft> draft(qint64 id) const;
    Result<Draft> draftByRun(qint64 runId) const;
    // A draft id ("42") or a SRCH id ("SRCH:0A1B2C3D", case-insensitive).
    Result<Draft> findDraft(const QString &idOrSrch) const;
    Result<QList<Draft>> drafts(const DraftFilter &filter) const;
    Result<QHash<DraftState, int>> queueCounts() const;
    Result<int> draftCount() const;

    Status saveRevision(DraftRevision &revision); // insert or replace (draft, round)
    Result<QList<DraftRevision>> revisions(qint64 draftId) const;

    // Replaces the claims of (draft, round) and fills their ids.
    Status saveClaims(qint64 draftId, int round, QList<Claim> &claims);
    // round < 0: the draft's current round.
    Result<QList<Claim>> claims(qint64 draftId, int round = -1) const;
    Result<Claim> claim(qint64 claimId) const;

    Status saveReview(Review &review);
    Result<QList<Review>> reviews(qint64 draftId) const;

    Status savePublicRecord(qint64 draftId, const QString &srchId, const QJsonObject &record);
    Result<QJsonObject> publicRecord(qint64 draftId) const;

    // ---- owner actions (ledger entries are appended by the publication layer) ---------------
    Result<qint64> insertDecision(const QSqlDatabase &conn, Decision &decision);
    Result<QList<Decision>> decisions(qint64 draftId) const;
    // Changes a claim's text or verified override and records a ClaimEdit, in the caller's
    // transaction. Refused once the draft is published (corrections are the only way then).
    Result<qint64> editClaim(const QSqlDatabase &conn, const ClaimEdit &edit, const Claim &updated);
    Result<QList<ClaimEdit>> claimEdits(qint64 draftId) const;
    Result<qint64> insertCorrection(const QSqlDatabase &conn, Correction &correction);
    Result<QList<Correction>> corrections(qint64 draftId) const;

private:
    std::shared_ptr<Database> m_db;
};

} // namespace Sovereign::Models
