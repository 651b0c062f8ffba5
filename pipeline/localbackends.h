#pragma once

// The embedded default backends over the local corpus (DESIGN.md section 2, "default" column):
// planner, FTS5 searcher, reciprocal-rank fusion, TF-IDF/SVD re-ranker and the TF-IDF verifier
// come from the retrieval engine; this file only adapts them to the interfaces in backends.h.
// CorpusSearcher is usable on its own (any thread: each thread uses its own connection).

#include "backends.h"

#include "models/database.h"

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

} // namespace Sovereign::Pipeline
