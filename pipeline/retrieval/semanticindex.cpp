#include "semanticindex.h"

#include <QHash>
#include <QThread>

#include <algorithm>

namespace Sovereign::Pipeline {

Models::Result<QuantizedIndex> loadSemanticIndex(const Models::CorpusStore &corpus, const LocalEmbedder &embedder)
{
    QuantizedIndex index(embedder.dim());
    auto count = corpus.embeddingCount(embedder.name());
    if (!count)
        return Models::fail(count.error());
    index.reserve(int(*count));
    auto ok = corpus.forEachQuantizedEmbedding(embedder.name(), embedder.dim(), [&index](qint64 id, float scale, const qint8 *codes) {
        index.add(id, scale, codes);
    });
    if (!ok)
        return Models::fail(ok.error());
    return index;
}

Models::Result<QList<QList<SemanticHit>>> semanticSearch(const Models::CorpusStore &corpus, const LocalEmbedder &embedder,
                                                         const QuantizedIndex &index, const float *queries, int count,
                                                         int k, int rerankDepth)
{
    const int dim = embedder.dim();
    const QList<QList<Neighbor>> candidates = index.search(queries, count, std::max(k, rerankDepth));
    // The float vectors of every candidate, once, from the papers' text (both cores).
    QList<qint64> ids;
    QHash<qint64, int> row;
    for (const auto &list : candidates) {
        for (const Neighbor &n : list) {
            const qint64 id = index.idAt(n.index);
            if (!row.contains(id)) {
                row.insert(id, int(ids.size()));
                ids.append(id);
            }
        }
    }
    auto papers = corpus.papers(ids);
    if (!papers)
        return Models::fail(papers.error());
    std::vector<float> vectors(size_t(ids.size()) * size_t(dim), 0.0f);
    const int workers = std::max(1, std::min<int>(QThread::idealThreadCount(), int(papers->size() / 16) + 1));
    auto work = [&](int w) {
        LocalEmbedder::Scratch scratch;
        for (qsizetype i = w; i < papers->size(); i += workers) {
            const Models::Paper &p = papers->at(i);
            embedder.embedInto(LocalEmbedder::paperText(p.title, p.abstract), vectors.data() + size_t(row.value(p.id)) * size_t(dim), scratch);
        }
    };
    runOnWorkers(workers, work);

    QList<QList<SemanticHit>> out;
    std::vector<float> q(static_cast<size_t>(dim));
    for (int qi = 0; qi < count; ++qi) {
        std::copy(queries + size_t(qi) * size_t(dim), queries + size_t(qi + 1) * size_t(dim), q.begin());
        normalise(q.data(), dim);
        QList<SemanticHit> hits;
        for (const Neighbor &n : candidates.at(qi)) {
            const qint64 id = index.idAt(n.index);
            const float *v = vectors.data() + size_t(row.value(id)) * size_t(dim);
            double dot = 0;
            for (int d = 0; d < dim; ++d)
                dot += double(v[d]) * double(q[size_t(d)]);
            hits.append({id, float(dot)});
        }
        std::sort(hits.begin(), hits.end(), [](const SemanticHit &a, const SemanticHit &b) {
            return a.score != b.score ? a.score > b.score : a.paperId < b.paperId;
        });
        if (hits.size() > k)
            hits.resize(k);
        out.append(hits);
    }
    return out;
}

} // namespace Sovereign::Pipeline
