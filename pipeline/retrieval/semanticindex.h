#pragma once

// Semantic search over the whole corpus: the stored int8 vectors of the local embedder are scanned
// (QuantizedIndex), the best rerankDepth candidates of each query are then re-ranked in float with
// vectors computed from the papers' text by the same model, and the k best are returned. The scan
// never sees the float vectors of the corpus, so memory is dim bytes (+ 12) per paper.

#include "embedder.h"
#include "vectorindex.h"

namespace Sovereign::Pipeline {

struct SemanticHit
{
    qint64 paperId = 0;
    float score = 0; // cosine in float
};

// Every stored vector of the embedder, in paper id order.
Models::Result<QuantizedIndex> loadSemanticIndex(const Models::CorpusStore &corpus, const LocalEmbedder &embedder);

// queries: dim x count, column-major. Results best first, ties by paper id.
Models::Result<QList<QList<SemanticHit>>> semanticSearch(const Models::CorpusStore &corpus, const LocalEmbedder &embedder,
                                                         const QuantizedIndex &index, const float *queries, int count,
                                                         int k, int rerankDepth = 50);

} // namespace Sovereign::Pipeline
