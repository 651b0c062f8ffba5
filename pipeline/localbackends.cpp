#include "localbackends.h"

#include "models/corpusstore.h"

namespace Sovereign::Pipeline {

CorpusSearcher::CorpusSearcher(std::shared_ptr<Models::Database> db) : m_db(std::move(db))
{
    if (auto n = Models::CorpusStore(m_db).count())
        m_corpusSize = int(*n);
}

Result<QList<RankedHit>> CorpusSearcher::search(const Models::SearchQuery &query, int limit, const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    // Worker threads come and go (QtConcurrent): use this thread's connection and let it go after.
    auto hits = Models::CorpusStore::search(m_db->connection(), query.text, limit);
    if (!hits)
        return Models::fail(hits.error());
    QList<RankedHit> out;
    for (const Models::CorpusHit &h : std::as_const(*hits))
        out.append({h.paperId, h.arxivId, h.score});
    return out;
}

} // namespace Sovereign::Pipeline
