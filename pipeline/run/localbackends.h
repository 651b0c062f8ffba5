#pragma once

// The embedded default backends over the local corpus (DESIGN.md section 2, "default" column).
// The planner, FTS5 search, reciprocal-rank fusion and the TF-IDF verifier are the retrieval
// engine's (queryplanner.h, models/storage/corpusstore.h, fusion.h, verifier.h); this file only adapts
// them to the interfaces in backends.h. Every adapter is safe to call from several threads (each
// thread uses its own SQLite connection). localBackends() is the factory RunController uses by
// default for settings that name only local backends.

#include "backends.h"

#include "models/storage/database.h"

namespace Sovereign::Pipeline {

class CorpusSearcher final : public Searcher
{
public:
    explicit CorpusSearcher(std::shared_ptr<Models::Database> db);
    QString backend() const override { return QStringLiteral("local"); }
    Result<QList<RankedHit>> search(const Models::SearchQuery &query, int limit, const CancelFlag &cancel) override;
    int corpusSize() const override { return m_corpusSize; }

private:
    std::shared_ptr<Models::Database> m_db;
    int m_corpusSize = 0;
};

class LocalQueryPlanner final : public QueryPlanner
{
public:
    explicit LocalQueryPlanner(std::shared_ptr<Models::Database> db) : m_db(std::move(db)) {}
    QString backend() const override { return QStringLiteral("local"); }
    Result<QList<Models::SearchQuery>> plan(const QString &question, const QString &sourceTitle, int count,
                                            const CancelFlag &cancel) override;

private:
    std::shared_ptr<Models::Database> m_db;
};

// TF-IDF cosine (scikit-learn identical), passages = the evidence papers' abstracts.
class TfidfVerifier final : public Verifier
{
public:
    Result<VerificationOutcome> verify(const QStringList &claims, const QList<Models::Paper> &evidence, double threshold,
                                       const CancelFlag &cancel) override;
};

// Semantic re-ranking with the local embedder (embedder.h): fitted on the corpus on first use,
// stored, and reused until the corpus changes; cosine of the query against each paper's vector.
class LocalEmbedderReranker final : public Reranker
{
public:
    explicit LocalEmbedderReranker(std::shared_ptr<Models::Database> db) : m_db(std::move(db)) {}
    QString name() const override;
    int dim() const override;
    Result<QHash<qint64, double>> similarity(const QString &queryText, const QList<qint64> &paperIds,
                                             const CancelFlag &cancel) override;

private:
    std::shared_ptr<Models::Database> m_db;
};

// Reciprocal-rank fusion keyed by version-less arXiv id.
QList<Models::RunPaper> fuseByReciprocalRank(const QList<QList<RankedHit>> &lists, int rrfK, int topK);

Backends localBackends(const std::shared_ptr<Models::Database> &db);

} // namespace Sovereign::Pipeline
