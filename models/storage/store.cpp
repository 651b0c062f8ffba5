#include "store.h"

#include "models/types/json.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QVariant>

namespace Sovereign::Models {

namespace {

QVariant nullable(const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); }
QVariant nullableId(qint64 id) { return id > 0 ? QVariant(id) : QVariant(); }
template<typename T>
QVariant nullableOpt(const std::optional<T> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant();
}
QString nowIso() { return toIso(QDateTime::currentDateTimeUtc()); }

// Qt binds a null QString as SQL NULL; the schema's text columns are NOT NULL, so text is bound
// as an empty string unless NULL is meant (then the caller passes QVariant()).
QVariant bindable(const QString &s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }
QVariant bindable(const QVariant &v) { return v; }
template<typename T>
QVariant bindable(const T &v)
{
    return QVariant::fromValue(v);
}

// Binds values in order and runs the statement.
template<typename... Args>
Result<QSqlQuery> bindExec(const QSqlDatabase &db, const QString &sql, const QString &what, const Args &...args)
{
    auto q = prepare(db, sql);
    if (!q)
        return fail(QStringLiteral("%1: %2").arg(what, q.error()));
    (q->addBindValue(bindable(args)), ...);
    if (auto ok = execPrepared(*q, what); !ok)
        return fail(ok.error());
    return std::move(*q);
}

constexpr auto RunColumns = "id, srch_id, question, source_ref, source_paper_id, source_title, source_text, "
                            "config, status, error, created_at, started_at, finished_at";

Run readRun(const QSqlQuery &q)
{
    Run r;
    r.id = q.value(0).toLongLong();
    r.srchId = q.value(1).toString();
    r.question = q.value(2).toString();
    r.sourceRef = q.value(3).toString();
    r.sourcePaperId = q.value(4).toLongLong();
    r.sourceTitle = q.value(5).toString();
    r.sourceText = q.value(6).toString();
    r.config = Json::parseObject(q.value(7).toString());
    r.status = runStatusFromString(q.value(8).toString()).value_or(RunStatus::Failed);
    r.error = q.value(9).toString();
    r.createdAt = fromIso(q.value(10).toString());
    r.startedAt = fromIso(q.value(11).toString());
    r.finishedAt = fromIso(q.value(12).toString());
    return r;
}

constexpr auto DraftColumns =
    "d.id, d.run_id, r.srch_id, d.title, d.question, d.state, d.current_round, d.score, d.verdict, d.policy, "
    "d.policy_reason, d.claims_extracted, d.claims_verified, d.papers_retrieved, d.quality_tier, "
    "d.published_at, d.created_at, d.updated_at";

Draft readDraft(const QSqlQuery &q)
{
    Draft d;
    d.id = q.value(0).toLongLong();
    d.runId = q.value(1).toLongLong();
    d.srchId = q.value(2).toString();
    d.title = q.value(3).toString();
    d.question = q.value(4).toString();
    d.state = draftStateFromString(q.value(5).toString()).value_or(DraftState::Failed);
    d.currentRound = q.value(6).toInt();
    if (!q.value(7).isNull())
        d.score = q.value(7).toDouble();
    d.verdict = verdictFromString(q.value(8).toString());
    d.policy = policyFromString(q.value(9).toString());
    d.policyReason = q.value(10).toString();
    d.claimsExtracted = q.value(11).toInt();
    d.claimsVerified = q.value(12).toInt();
    d.papersRetrieved = q.value(13).toInt();
    d.qualityTier = q.value(14).toString();
    d.publishedAt = fromIso(q.value(15).toString());
    d.createdAt = fromIso(q.value(16).toString());
    d.updatedAt = fromIso(q.value(17).toString());
    return d;
}

constexpr auto ClaimColumns =
    "id, draft_id, round, ordinal, text, original_text, verified, confidence, verified_override, "
    "override_reason, evidence_paper_id, evidence_passage, evidence_sentence, addresses_question, status, checks";

Claim readClaim(const QSqlQuery &q)
{
    Claim c;
    c.id = q.value(0).toLongLong();
    c.draftId = q.value(1).toLongLong();
    c.round = q.value(2).toInt();
    c.ordinal = q.value(3).toInt();
    c.text = q.value(4).toString();
    c.originalText = q.value(5).toString();
    c.verified = q.value(6).toInt() != 0;
    c.confidence = q.value(7).toDouble();
    if (!q.value(8).isNull())
        c.verifiedOverride = q.value(8).toInt() != 0;
    c.overrideReason = q.value(9).toString();
    c.evidencePaperId = q.value(10).toLongLong();
    c.evidencePassage = q.value(11).toString();
    c.evidenceSentence = q.value(12).toString();
    c.addressesQuestion = q.value(13).toInt() != 0;
    c.status = claimStatusFromString(q.value(14).toString()).value_or(ClaimStatus::Kept);
    c.checks = Json::parseObject(q.value(15).toString());
    return c;
}

QJsonArray issuesToJson(const QList<ReviewIssue> &issues)
{
    QJsonArray a;
    for (const ReviewIssue &i : issues)
        a.append(QJsonObject{{QStringLiteral("claim"), i.claimOrdinal},
                             {QStringLiteral("section"), i.section},
                             {QStringLiteral("severity"), i.severity},
                             {QStringLiteral("text"), i.text}});
    return a;
}

QList<ReviewIssue> issuesFromJson(const QJsonArray &a)
{
    QList<ReviewIssue> out;
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("claim")).toInt(), o.value(QStringLiteral("section")).toString(),
                    o.value(QStringLiteral("severity")).toString(), o.value(QStringLiteral("text")).toString()});
    }
    return out;
}

QJsonArray signalsToJson(const QList<ReviewSignal> &list)
{
    QJsonArray a;
    for (const ReviewSignal &s : list)
        a.append(QJsonObject{{QStringLiteral("name"), s.name},
                             {QStringLiteral("value"), s.value},
                             {QStringLiteral("deduction"), s.deduction},
                             {QStringLiteral("note"), s.note}});
    return a;
}

QList<ReviewSignal> signalsFromJson(const QJsonArray &a)
{
    QList<ReviewSignal> out;
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("value")).toString(),
                    o.value(QStringLiteral("deduction")).toDouble(), o.value(QStringLiteral("note")).toString()});
    }
    return out;
}

} // namespace

Store::Store(std::shared_ptr<Database> db) : m_db(std::move(db)) {}

QString Store::makeSrchId(const QByteArray &seed)
{
    const QByteArray digest = QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
    return QStringLiteral("SRCH:") + QString::fromLatin1(digest.left(4).toHex().toUpper());
}

// ---- runs ------------------------------------------------------------------------------------

Result<qint64> Store::createRun(Run &r)
{
    const QSqlDatabase db = connection();
    if (!r.createdAt.isValid())
        r.createdAt = QDateTime::currentDateTimeUtc();
    // A clash of the 32-bit SRCH id with an older run is possible; salt and retry.
    for (int attempt = 0; attempt < 8; ++attempt) {
        const bool generated = r.srchId.isEmpty();
        if (generated)
            r.srchId = makeSrchId(r.question.toUtf8() + '\n' + r.sourceRef.toUtf8() + '\n' +
                                  toIso(r.createdAt).toUtf8() + '\n' + QByteArray::number(attempt));
        auto q = bindExec(db,
                     QStringLiteral("INSERT INTO runs (srch_id, question, source_ref, source_paper_id, source_title, "
                                    "source_text, config, status, error, created_at, started_at, finished_at) "
                                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
                     QStringLiteral("create run"), r.srchId, r.question, r.sourceRef, nullableId(r.sourcePaperId),
                     r.sourceTitle, r.sourceText, Json::compact(r.config), toText(r.status), r.error,
                     toIso(r.createdAt), nullable(toIso(r.startedAt)), nullable(toIso(r.finishedAt)));
        if (q) {
            r.id = q->lastInsertId().toLongLong();
            return r.id;
        }
        if (!generated || !q.error().contains(QStringLiteral("UNIQUE")))
            return fail(q.error());
        r.srchId.clear();
    }
    return fail(QStringLiteral("create run: could not allocate a unique SRCH id"));
}

Status Store::updateRun(const Run &r)
{
    auto q = bindExec(connection(),
                 QStringLiteral("UPDATE runs SET source_paper_id=?, source_title=?, source_text=?, config=?, "
                                "status=?, error=?, started_at=?, finished_at=? WHERE id=?"),
                 QStringLiteral("update run"), nullableId(r.sourcePaperId), r.sourceTitle, r.sourceText,
                 Json::compact(r.config), toText(r.status), r.error, nullable(toIso(r.startedAt)),
                 nullable(toIso(r.finishedAt)), r.id);
    if (!q)
        return fail(q.error());
    return {};
}

Result<Run> Store::run(qint64 id) const
{
    auto q = bindExec(connection(),
                         QStringLiteral("SELECT %1 FROM runs WHERE id=?").arg(QLatin1StringView(RunColumns)),
                         QStringLiteral("load run"), id);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no run with id %1").arg(id));
    return readRun(*q);
}

Result<QList<Run>> Store::runs(std::optional<RunStatus> status) const
{
    // Qt's SQLite driver does not support numbered parameters (?1), so repeated values are bound twice.
    const QVariant statusValue = status ? QVariant(toText(*status)) : QVariant();
    auto q = bindExec(connection(),
                         QStringLiteral("SELECT %1 FROM runs WHERE (? IS NULL OR status = ?) ORDER BY id")
                             .arg(QLatin1StringView(RunColumns)),
                         QStringLiteral("list runs"), statusValue, statusValue);
    if (!q)
        return fail(q.error());
    QList<Run> out;
    while (q->next())
        out.append(readRun(*q));
    return out;
}

Status Store::appendEvents(const QList<RunEvent> &events)
{
    if (events.isEmpty())
        return {};
    const QSqlDatabase db = connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store events: %1").arg(tx.error()));
    auto q = prepare(db, QStringLiteral("INSERT INTO run_events (run_id, seq, at_ms, elapsed_ms, stage, lane, kind, "
                                        "message, data) VALUES (?,?,?,?,?,?,?,?,?)"));
    if (!q)
        return fail(q.error());
    for (const RunEvent &e : events) {
        q->bindValue(0, e.runId);
        q->bindValue(1, e.seq);
        q->bindValue(2, e.atMs);
        q->bindValue(3, e.elapsedMs);
        q->bindValue(4, bindable(e.stage));
        q->bindValue(5, bindable(e.lane));
        q->bindValue(6, toText(e.kind));
        q->bindValue(7, bindable(e.message));
        q->bindValue(8, Json::compact(e.data));
        if (auto ok = execPrepared(*q, QStringLiteral("store event")); !ok)
            return ok;
    }
    return tx.commit();
}

Result<QList<RunEvent>> Store::events(qint64 runId) const
{
    auto q = bindExec(connection(),
                         QStringLiteral("SELECT run_id, seq, at_ms, elapsed_ms, stage, lane, kind, message, data "
                                        "FROM run_events WHERE run_id=? ORDER BY seq"),
                         QStringLiteral("load events"), runId);
    if (!q)
        return fail(q.error());
    QList<RunEvent> out;
    while (q->next()) {
        RunEvent e;
        e.runId = q->value(0).toLongLong();
        e.seq = q->value(1).toInt();
        e.atMs = q->value(2).toLongLong();
        e.elapsedMs = q->value(3).toLongLong();
        e.stage = q->value(4).toString();
        e.lane = q->value(5).toString();
        e.kind = eventKindFromString(q->value(6).toString()).value_or(EventKind::Log);
        e.message = q->value(7).toString();
        e.data = Json::parseObject(q->value(8).toString());
        out.append(e);
    }
    return out;
}

Status Store::saveSearch(qint64 runId, const QList<SearchQuery> &queries, const QList<SearchHit> &hits,
                         const QList<RunPaper> &merged)
{
    const QSqlDatabase db = connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store search: %1").arg(tx.error()));
    for (const QString &sql : {QStringLiteral("DELETE FROM search_queries WHERE run_id=?"),
                               QStringLiteral("DELETE FROM run_papers WHERE run_id=?")}) {
        if (auto q = bindExec(db, sql, QStringLiteral("clear search"), runId); !q)
            return fail(q.error());
    }
    QHash<int, qint64> queryIds;
    for (const SearchQuery &sq : queries) {
        auto q = bindExec(db,
                     QStringLiteral("INSERT INTO search_queries (run_id, ordinal, strategy, text, backend, elapsed_ms) "
                                    "VALUES (?,?,?,?,?,?)"),
                     QStringLiteral("store query"), runId, sq.ordinal, sq.strategy, sq.text, sq.backend, sq.elapsedMs);
        if (!q)
            return fail(q.error());
        queryIds.insert(sq.ordinal, q->lastInsertId().toLongLong());
    }
    auto hq = prepare(db, QStringLiteral("INSERT INTO search_hits (query_id, rank, paper_id, score) VALUES (?,?,?,?)"));
    if (!hq)
        return fail(hq.error());
    for (const SearchHit &h : hits) {
        if (!queryIds.contains(h.queryOrdinal))
            return fail(QStringLiteral("store hit: unknown query %1").arg(h.queryOrdinal));
        hq->bindValue(0, queryIds.value(h.queryOrdinal));
        hq->bindValue(1, h.rank);
        hq->bindValue(2, h.paperId);
        hq->bindValue(3, h.score);
        if (auto ok = execPrepared(*hq, QStringLiteral("store hit")); !ok)
            return ok;
    }
    auto mq = prepare(db, QStringLiteral("INSERT INTO run_papers (run_id, paper_id, fused_rank, rrf_score, "
                                         "semantic_score, final_rank) VALUES (?,?,?,?,?,?)"));
    if (!mq)
        return fail(mq.error());
    for (const RunPaper &p : merged) {
        mq->bindValue(0, runId);
        mq->bindValue(1, p.paperId);
        mq->bindValue(2, p.fusedRank);
        mq->bindValue(3, p.rrfScore);
        mq->bindValue(4, nullableOpt(p.semanticScore));
        mq->bindValue(5, p.finalRank);
        if (auto ok = execPrepared(*mq, QStringLiteral("store merged paper")); !ok)
            return ok;
    }
    return tx.commit();
}

Result<QList<SearchQuery>> Store::searchQueries(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, ordinal, strategy, text, backend, elapsed_ms FROM search_queries "
                                "WHERE run_id=? ORDER BY ordinal"),
                 QStringLiteral("load queries"), runId);
    if (!q)
        return fail(q.error());
    QList<SearchQuery> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toInt(), q->value(2).toString(), q->value(3).toString(),
                    q->value(4).toString(), q->value(5).toLongLong()});
    return out;
}

Result<QList<SearchHit>> Store::searchHits(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT sq.ordinal, h.rank, h.paper_id, h.score FROM search_hits h "
                                "JOIN search_queries sq ON sq.id = h.query_id WHERE sq.run_id=? "
                                "ORDER BY sq.ordinal, h.rank"),
                 QStringLiteral("load hits"), runId);
    if (!q)
        return fail(q.error());
    QList<SearchHit> out;
    while (q->next())
        out.append({q->value(0).toInt(), q->value(1).toInt(), q->value(2).toLongLong(), q->value(3).toDouble()});
    return out;
}

Result<QList<RunPaper>> Store::runPapers(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT paper_id, fused_rank, rrf_score, semantic_score, final_rank FROM run_papers "
                                "WHERE run_id=? ORDER BY final_rank"),
                 QStringLiteral("load merged papers"), runId);
    if (!q)
        return fail(q.error());
    QList<RunPaper> out;
    while (q->next()) {
        RunPaper p{q->value(0).toLongLong(), q->value(1).toInt(), q->value(2).toDouble(), std::nullopt,
                   q->value(4).toInt()};
        if (!q->value(3).isNull())
            p.semanticScore = q->value(3).toDouble();
        out.append(p);
    }
    return out;
}

// ---- drafts ----------------------------------------------------------------------------------

Result<qint64> Store::createDraft(Draft &d)
{
    const QString now = nowIso();
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT INTO drafts (run_id, title, question, state, current_round, score, verdict, "
                                "policy, policy_reason, claims_extracted, claims_verified, papers_retrieved, "
                                "quality_tier, published_at, created_at, updated_at) "
                                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
                 QStringLiteral("create draft"), d.runId, d.title, d.question, toText(d.state), d.currentRound,
                 nullableOpt(d.score), d.verdict ? QVariant(toText(*d.verdict)) : QVariant(),
                 d.policy ? QVariant(toText(*d.policy)) : QVariant(), d.policyReason, d.claimsExtracted,
                 d.claimsVerified, d.papersRetrieved, d.qualityTier, nullable(toIso(d.publishedAt)),
                 d.createdAt.isValid() ? toIso(d.createdAt) : now, now);
    if (!q)
        return fail(q.error());
    d.id = q->lastInsertId().toLongLong();
    return d.id;
}

Status Store::updateDraft(const Draft &d)
{
    auto q = bindExec(connection(),
                 QStringLiteral("UPDATE drafts SET title=?, state=?, current_round=?, score=?, verdict=?, policy=?, "
                                "policy_reason=?, claims_extracted=?, claims_verified=?, papers_retrieved=?, "
                                "quality_tier=?, published_at=?, updated_at=? WHERE id=?"),
                 QStringLiteral("update draft"), d.title, toText(d.state), d.currentRound, nullableOpt(d.score),
                 d.verdict ? QVariant(toText(*d.verdict)) : QVariant(),
                 d.policy ? QVariant(toText(*d.policy)) : QVariant(), d.policyReason, d.claimsExtracted,
                 d.claimsVerified, d.papersRetrieved, d.qualityTier, nullable(toIso(d.publishedAt)), nowIso(), d.id);
    if (!q)
        return fail(q.error());
    if (q->numRowsAffected() != 1)
        return fail(QStringLiteral("update draft: no draft with id %1").arg(d.id));
    return {};
}

Result<Draft> Store::draft(qint64 id) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id WHERE d.id=?")
                     .arg(QLatin1StringView(DraftColumns)),
                 QStringLiteral("load draft"), id);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no draft with id %1").arg(id));
    return readDraft(*q);
}

Result<Draft> Store::draftByRun(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id WHERE d.run_id=?")
                     .arg(QLatin1StringView(DraftColumns)),
                 QStringLiteral("load draft"), runId);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("run %1 has no draft").arg(runId));
    return readDraft(*q);
}

Result<Draft> Store::findDraft(const QString &idOrSrch) const
{
    const QString key = idOrSrch.trimmed();
    bool isNumber = false;
    const qint64 id = key.toLongLong(&isNumber);
    if (isNumber)
        return draft(id);
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id WHERE r.srch_id=?")
                     .arg(QLatin1StringView(DraftColumns)),
                 QStringLiteral("find draft"), key.toUpper());
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no draft with id or SRCH id '%1'").arg(key));
    return readDraft(*q);
}

Result<QList<Draft>> Store::drafts(const DraftFilter &f) const
{
    const QVariant state = f.state ? QVariant(toText(*f.state)) : QVariant();
    const QVariant pattern = f.text.isEmpty() ? QVariant() : QVariant(QString(QLatin1Char('%') + f.text + QLatin1Char('%')));
    const QVariant after = nullable(f.afterCreatedAt);
    auto q = bindExec(connection(),
                      QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id "
                                     "WHERE (? IS NULL OR d.state = ?) "
                                     "AND (? IS NULL OR d.title LIKE ? OR d.question LIKE ? OR r.srch_id LIKE ? OR d.policy_reason LIKE ?) "
                                     "AND (? IS NULL OR d.created_at < ? OR (d.created_at = ? AND d.id < ?)) "
                                     "ORDER BY d.created_at DESC, d.id DESC LIMIT ?")
                          .arg(QLatin1StringView(DraftColumns)),
                      QStringLiteral("list drafts"), state, state, pattern, pattern, pattern, pattern, pattern, after, after,
                      after, f.afterId, qMax(1, f.limit));
    if (!q)
        return fail(q.error());
    QList<Draft> out;
    while (q->next())
        out.append(readDraft(*q));
    return out;
}

Result<QHash<DraftState, int>> Store::queueCounts() const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT state, count(*) FROM drafts GROUP BY state"),
                 QStringLiteral("count drafts"));
    if (!q)
        return fail(q.error());
    QHash<DraftState, int> out;
    while (q->next())
        if (auto s = draftStateFromString(q->value(0).toString()))
            out.insert(*s, q->value(1).toInt());
    return out;
}

Result<int> Store::draftCount() const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT count(*) FROM drafts"), QStringLiteral("count drafts"));
    if (!q || !q->next())
        return fail(q ? QStringLiteral("count drafts: no row") : q.error());
    return q->value(0).toInt();
}

Status Store::saveRevision(DraftRevision &rev)
{
    if (!rev.createdAt.isValid())
        rev.createdAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT INTO draft_revisions (draft_id, round, body, sections, score, verdict, reason, "
                                "created_at) VALUES (?,?,?,?,?,?,?,?) "
                                "ON CONFLICT(draft_id, round) DO UPDATE SET body=excluded.body, "
                                "sections=excluded.sections, score=excluded.score, verdict=excluded.verdict, "
                                "reason=excluded.reason"),
                 QStringLiteral("store revision"), rev.draftId, rev.round, rev.body, Json::compact(rev.sections),
                 nullableOpt(rev.score), rev.verdict ? QVariant(toText(*rev.verdict)) : QVariant(), rev.reason,
                 toIso(rev.createdAt));
    if (!q)
        return fail(q.error());
    auto id = bindExec(connection(), QStringLiteral("SELECT id FROM draft_revisions WHERE draft_id=? AND round=?"),
                  QStringLiteral("store revision"), rev.draftId, rev.round);
    if (id && id->next())
        rev.id = id->value(0).toLongLong();
    return {};
}

Result<QList<DraftRevision>> Store::revisions(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, round, body, sections, score, verdict, reason, created_at "
                                "FROM draft_revisions WHERE draft_id=? ORDER BY round"),
                 QStringLiteral("load revisions"), draftId);
    if (!q)
        return fail(q.error());
    QList<DraftRevision> out;
    while (q->next()) {
        DraftRevision r;
        r.id = q->value(0).toLongLong();
        r.draftId = q->value(1).toLongLong();
        r.round = q->value(2).toInt();
        r.body = q->value(3).toString();
        r.sections = Json::parseObject(q->value(4).toString());
        if (!q->value(5).isNull())
            r.score = q->value(5).toDouble();
        r.verdict = verdictFromString(q->value(6).toString());
        r.reason = q->value(7).toString();
        r.createdAt = fromIso(q->value(8).toString());
        out.append(r);
    }
    return out;
}

namespace {

constexpr const char *StanceColumns = "label, quote, status, note, rationale, passage, paper_id, backend, model, raw_response";

Status insertStance(const QSqlDatabase &db, const Claim &c)
{
    const ClaimStance &st = *c.stance;
    auto q = bindExec(db,
                      QStringLiteral("INSERT OR REPLACE INTO claim_stances (claim_id, draft_id, round, ordinal, grounded, %1) "
                                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").arg(QLatin1StringView(StanceColumns)),
                      QStringLiteral("store claim stance"), c.id, c.draftId, c.round, c.ordinal, st.usable() ? 1 : 0,
                      st.label, st.quote, st.status, st.note, st.rationale, st.passage, nullableId(st.paperId), st.backend,
                      st.model, st.rawResponse);
    if (!q)
        return fail(q.error());
    return {};
}

// The stance rows of the claims (by id), if any.
Status attachStances(const QSqlDatabase &db, QList<Claim> &claims)
{
    for (Claim &c : claims) {
        auto q = bindExec(db, QStringLiteral("SELECT %1 FROM claim_stances WHERE claim_id=?").arg(QLatin1StringView(StanceColumns)),
                          QStringLiteral("load claim stance"), c.id);
        if (!q)
            return fail(q.error());
        if (!q->next())
            continue;
        ClaimStance st;
        st.label = q->value(0).toString();
        st.quote = q->value(1).toString();
        st.status = q->value(2).toString();
        st.note = q->value(3).toString();
        st.rationale = q->value(4).toString();
        st.passage = q->value(5).toString();
        st.paperId = q->value(6).toLongLong();
        st.backend = q->value(7).toString();
        st.model = q->value(8).toString();
        st.rawResponse = q->value(9).toString();
        c.stance = st;
    }
    return {};
}

} // namespace

Status Store::saveClaims(qint64 draftId, int round, QList<Claim> &claims)
{
    const QSqlDatabase db = connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store claims: %1").arg(tx.error()));
    if (auto q = bindExec(db, QStringLiteral("DELETE FROM claims WHERE draft_id=? AND round=?"),
                     QStringLiteral("clear claims"), draftId, round);
        !q)
        return fail(q.error());
    auto q = prepare(db, QStringLiteral("INSERT INTO claims (%1) VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                             .arg(QLatin1StringView(ClaimColumns)));
    if (!q)
        return fail(q.error());
    for (Claim &c : claims) {
        c.draftId = draftId;
        c.round = round;
        if (c.originalText.isEmpty())
            c.originalText = c.text;
        q->bindValue(0, draftId);
        q->bindValue(1, round);
        q->bindValue(2, c.ordinal);
        q->bindValue(3, bindable(c.text));
        q->bindValue(4, bindable(c.originalText));
        q->bindValue(5, c.verified ? 1 : 0);
        q->bindValue(6, qBound(0.0, c.confidence, 1.0));
        q->bindValue(7, c.verifiedOverride ? QVariant(*c.verifiedOverride ? 1 : 0) : QVariant());
        q->bindValue(8, bindable(c.overrideReason));
        q->bindValue(9, nullableId(c.evidencePaperId));
        q->bindValue(10, bindable(c.evidencePassage));
        q->bindValue(11, bindable(c.evidenceSentence));
        q->bindValue(12, c.addressesQuestion ? 1 : 0);
        q->bindValue(13, toText(c.status));
        q->bindValue(14, Json::compact(c.checks));
        if (auto ok = execPrepared(*q, QStringLiteral("store claim")); !ok)
            return ok;
        c.id = q->lastInsertId().toLongLong();
        if (c.stance) {
            if (auto ok = insertStance(db, c); !ok)
                return ok;
        }
    }
    return tx.commit();
}

Result<QList<Claim>> Store::claims(qint64 draftId, int round) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM claims WHERE draft_id=? AND round = CASE WHEN ? < 0 THEN "
                                "(SELECT current_round FROM drafts WHERE id=?) ELSE ? END ORDER BY ordinal")
                     .arg(QLatin1StringView(ClaimColumns)),
                 QStringLiteral("load claims"), draftId, round, draftId, round);
    if (!q)
        return fail(q.error());
    QList<Claim> out;
    while (q->next())
        out.append(readClaim(*q));
    if (auto ok = attachStances(connection(), out); !ok)
        return fail(ok.error());
    return out;
}

Result<Claim> Store::claim(qint64 claimId) const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT %1 FROM claims WHERE id=?").arg(QLatin1StringView(ClaimColumns)),
                 QStringLiteral("load claim"), claimId);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no claim with id %1").arg(claimId));
    QList<Claim> one{readClaim(*q)};
    if (auto ok = attachStances(connection(), one); !ok)
        return fail(ok.error());
    return one.first();
}

Status Store::saveReview(Review &r)
{
    if (!r.createdAt.isValid())
        r.createdAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT OR REPLACE INTO reviews (draft_id, round, role, score, verdict, rationale, "
                                "issues, signals, backend, model, prompt, raw_response, parsed, latency_ms, "
                                "prompt_tokens, completion_tokens, created_at, failure) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
                 QStringLiteral("store review"), r.draftId, r.round, toText(r.role), qBound(0.0, r.score, 10.0),
                 toText(r.verdict), r.rationale, Json::compact(issuesToJson(r.issues)),
                 Json::compact(signalsToJson(r.scoredSignals)), r.backend, r.model, r.prompt, r.rawResponse,
                 Json::compact(r.parsed), r.latencyMs, r.promptTokens, r.completionTokens, toIso(r.createdAt), r.failure);
    if (!q)
        return fail(q.error());
    r.id = q->lastInsertId().toLongLong();
    return {};
}

Result<QList<Review>> Store::reviews(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, round, role, score, verdict, rationale, issues, signals, backend, "
                                "model, prompt, raw_response, parsed, latency_ms, prompt_tokens, completion_tokens, "
                                "created_at, failure FROM reviews WHERE draft_id=? ORDER BY round, "
                                "CASE role WHEN 'SKEPTIC' THEN 0 WHEN 'VALIDATOR' THEN 1 ELSE 2 END"),
                 QStringLiteral("load reviews"), draftId);
    if (!q)
        return fail(q.error());
    QList<Review> out;
    while (q->next()) {
        Review r;
        r.id = q->value(0).toLongLong();
        r.draftId = q->value(1).toLongLong();
        r.round = q->value(2).toInt();
        r.role = roleFromString(q->value(3).toString()).value_or(Role::Skeptic);
        r.score = q->value(4).toDouble();
        r.verdict = verdictFromString(q->value(5).toString()).value_or(Verdict::Reject);
        r.rationale = q->value(6).toString();
        r.issues = issuesFromJson(Json::parseArray(q->value(7).toString()));
        r.scoredSignals = signalsFromJson(Json::parseArray(q->value(8).toString()));
        r.backend = q->value(9).toString();
        r.model = q->value(10).toString();
        r.prompt = q->value(11).toString();
        r.rawResponse = q->value(12).toString();
        r.parsed = Json::parseObject(q->value(13).toString());
        r.latencyMs = q->value(14).toLongLong();
        r.promptTokens = q->value(15).toInt();
        r.completionTokens = q->value(16).toInt();
        r.createdAt = fromIso(q->value(17).toString());
        r.failure = q->value(18).toString();
        out.append(r);
    }
    return out;
}

Status Store::savePublicRecord(qint64 draftId, const QString &srchId, const QJsonObject &record)
{
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT INTO public_records (draft_id, srch_id, record, computed_at) VALUES (?,?,?,?) "
                                "ON CONFLICT(draft_id) DO UPDATE SET record=excluded.record, "
                                "computed_at=excluded.computed_at"),
                 QStringLiteral("store public record"), draftId, srchId, Json::compact(record), nowIso());
    if (!q)
        return fail(q.error());
    return {};
}

Result<QJsonObject> Store::publicRecord(qint64 draftId) const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT record FROM public_records WHERE draft_id=?"),
                 QStringLiteral("load public record"), draftId);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("draft %1 has no public record yet").arg(draftId));
    return Json::parseObject(q->value(0).toString());
}

// ---- owner actions ---------------------------------------------------------------------------

Result<qint64> Store::insertDecision(const QSqlDatabase &conn, Decision &d)
{
    if (d.actor.trimmed().isEmpty())
        return fail(QStringLiteral("a decision needs the name of who made it"));
    if (!d.decidedAt.isValid())
        d.decidedAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(conn,
                 QStringLiteral("INSERT INTO decisions (draft_id, action, actor, note, decided_at) VALUES (?,?,?,?,?)"),
                 QStringLiteral("store decision"), d.draftId, toText(d.action), d.actor, d.note, toIso(d.decidedAt));
    if (!q)
        return fail(q.error());
    d.id = q->lastInsertId().toLongLong();
    return d.id;
}

Result<QList<Decision>> Store::decisions(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, action, actor, note, decided_at FROM decisions WHERE draft_id=? "
                                "ORDER BY id"),
                 QStringLiteral("load decisions"), draftId);
    if (!q)
        return fail(q.error());
    QList<Decision> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toLongLong(),
                    decisionActionFromString(q->value(2).toString()).value_or(DecisionAction::Escalate),
                    q->value(3).toString(), q->value(4).toString(), fromIso(q->value(5).toString())});
    return out;
}

Result<qint64> Store::editClaim(const QSqlDatabase &conn, const ClaimEdit &edit, const Claim &c)
{
    auto pub = bindExec(conn, QStringLiteral("SELECT published_at IS NOT NULL FROM drafts WHERE id=?"),
                   QStringLiteral("edit claim"), c.draftId);
    if (!pub)
        return fail(pub.error());
    if (!pub->next())
        return fail(QStringLiteral("edit claim: no draft with id %1").arg(c.draftId));
    if (pub->value(0).toBool())
        return fail(QStringLiteral("the draft is published: claims change only through a correction record"));
    auto q = bindExec(conn,
                 QStringLiteral("UPDATE claims SET text=?, confidence=?, verified=?, verified_override=?, "
                                "override_reason=?, evidence_paper_id=?, evidence_passage=?, evidence_sentence=?, "
                                "addresses_question=?, checks=? WHERE id=?"),
                 QStringLiteral("edit claim"), c.text, qBound(0.0, c.confidence, 1.0), c.verified ? 1 : 0,
                 c.verifiedOverride ? QVariant(*c.verifiedOverride ? 1 : 0) : QVariant(), c.overrideReason,
                 nullableId(c.evidencePaperId), c.evidencePassage, c.evidenceSentence, c.addressesQuestion ? 1 : 0,
                 Json::compact(c.checks), c.id);
    if (!q)
        return fail(q.error());
    auto e = bindExec(conn,
                 QStringLiteral("INSERT INTO claim_edits (claim_id, field, old_value, new_value, reason, actor, "
                                "edited_at) VALUES (?,?,?,?,?,?,?)"),
                 QStringLiteral("record claim edit"), c.id, edit.field, edit.oldValue, edit.newValue, edit.reason,
                 edit.actor, toIso(edit.editedAt.isValid() ? edit.editedAt : QDateTime::currentDateTimeUtc()));
    if (!e)
        return fail(e.error());
    return e->lastInsertId().toLongLong();
}

Result<QList<ClaimEdit>> Store::claimEdits(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT e.id, e.claim_id, e.field, e.old_value, e.new_value, e.reason, e.actor, "
                                "e.edited_at FROM claim_edits e JOIN claims c ON c.id = e.claim_id "
                                "WHERE c.draft_id=? ORDER BY e.id"),
                 QStringLiteral("load claim edits"), draftId);
    if (!q)
        return fail(q.error());
    QList<ClaimEdit> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toString(),
                    q->value(3).toString(), q->value(4).toString(), q->value(5).toString(), q->value(6).toString(),
                    fromIso(q->value(7).toString())});
    return out;
}

Result<qint64> Store::insertCorrection(const QSqlDatabase &conn, Correction &c)
{
    if (!c.correctedAt.isValid())
        c.correctedAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(conn,
                 QStringLiteral("INSERT INTO corrections (draft_id, event_id, correction_type, public_note, "
                                "affected_fields, claim_id, old_text, new_text, actor, corrected_at) "
                                "VALUES (?,?,?,?,?,?,?,?,?,?)"),
                 QStringLiteral("store correction"), c.draftId, c.eventId, toText(c.type), c.publicNote,
                 Json::compact(QJsonArray::fromStringList(c.affectedFields)), nullableId(c.claimId),
                 nullable(c.oldText), nullable(c.newText), c.actor, toIso(c.correctedAt));
    if (!q)
        return fail(q.error());
    c.id = q->lastInsertId().toLongLong();
    return c.id;
}

Result<QList<Correction>> Store::corrections(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, event_id, correction_type, public_note, affected_fields, "
                                "claim_id, old_text, new_text, actor, corrected_at FROM corrections "
                                "WHERE draft_id=? ORDER BY id"),
                 QStringLiteral("load corrections"), draftId);
    if (!q)
        return fail(q.error());
    QList<Correction> out;
    while (q->next()) {
        Correction c;
        c.id = q->value(0).toLongLong();
        c.draftId = q->value(1).toLongLong();
        c.eventId = q->value(2).toString();
        c.type = correctionTypeFromString(q->value(3).toString()).value_or(CorrectionType::Metadata);
        c.publicNote = q->value(4).toString();
        for (const QJsonValue &v : Json::parseArray(q->value(5).toString()))
            c.affectedFields.append(v.toString());
        c.claimId = q->value(6).toLongLong();
        c.oldText = q->value(7).toString();
        c.newText = q->value(8).toString();
        c.actor = q->value(9).toString();
        c.correctedAt = fromIso(q->value(10).toString());
        out.append(c);
    }
    return out;
}

} // namespace Sovereign::Models
