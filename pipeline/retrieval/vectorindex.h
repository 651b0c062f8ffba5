#pragma once

// Brute-force cosine top-k over float32 vectors with Eigen. Vectors are l2-normalised when added,
// so the cosine is a dot product; the index is a dim x n column-major matrix (each vector
// contiguous, the layout of the BLOBs in the embeddings table). A batch of queries is scored with
// one matrix product per block of 4096 vectors (GEMM, not one GEMV per query), blocks are shared
// between threads, and each thread keeps its own k best per query before the results are merged.
// On x86-64 CPUs with AVX2 + FMA the product runs in a kernel compiled for them (chosen at run time);
// elsewhere the same Eigen code runs with the baseline instruction set.
//
// Results are ordered by descending score, ties by ascending index. Not thread-safe for writes;
// concurrent searches on an unchanged index are fine.

#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace Sovereign::Pipeline {

struct Neighbor
{
    int index = -1; // position in the index
    float score = 0;
};

class VectorIndex
{
public:
    explicit VectorIndex(int dim = 0);

    int dim() const { return m_dim; }
    int size() const { return m_count; }
    void reserve(int n);
    // Adds one vector (normalised on the way in; a zero vector stays zero). Returns its index.
    int add(const float *vector);
    int add(const QList<float> &vector);
    const float *vectorAt(int index) const { return m_data.data() + size_t(index) * size_t(m_dim); }
    const float *data() const { return m_data.data(); }

    // queries: dim x count, column-major (query q at queries + q * dim); normalised internally.
    // threads <= 0: one per core.
    QList<QList<Neighbor>> search(const float *queries, int count, int k, int threads = 0) const;
    QList<Neighbor> search(const QList<float> &query, int k) const;

    // Which kernel the product uses ("avx2-fma" or "baseline").
    static QString kernelName();

private:
    int m_dim = 0;
    int m_count = 0;
    std::vector<float> m_data;
};

// The compact form: int8 codes with one float scale per vector (v ~ scale * code, see
// CorpusStore::quantize), a quarter of the float index's memory. Searching a batch widens one block
// of 4096 vectors at a time to float and scores the whole batch against it (same kernel, threads and
// ordering rules as VectorIndex). A single query (up to four) is quantized too and the codes are
// scanned in integer arithmetic; every vector whose bound on the quantization error lets it reach
// the top k is then scored exactly. Either way the top k and scores are exact for the quantized
// vectors; callers re-rank the top candidates with the original float vectors.
class QuantizedIndex
{
public:
    explicit QuantizedIndex(int dim = 0);

    int dim() const { return m_dim; }
    int size() const { return int(m_ids.size()); }
    void reserve(int n);
    int add(qint64 id, float scale, const qint8 *codes); // codes: dim values
    qint64 idAt(int index) const { return m_ids[size_t(index)]; }
    void vectorAt(int index, float *out) const; // dequantized
    qsizetype bytes() const { return qsizetype(m_codes.size() + m_scales.size() * 4 + m_ids.size() * 8); }

    QList<QList<Neighbor>> search(const float *queries, int count, int k, int threads = 0) const;

private:
    QList<Neighbor> searchOne(const float *query, int k, int threads) const; // query normalised
    int m_dim = 0;
    std::vector<float> m_slack; // scale * sum |code|: bounds the error of an int8 query (searchOne)
    std::vector<qint64> m_ids;
    std::vector<float> m_scales;
    std::vector<qint8> m_codes;
};

// The obvious loop-over-everything answer, for tests: same ordering rules as VectorIndex::search.
QList<QList<Neighbor>> naiveTopK(const VectorIndex &index, const float *queries, int count, int k);

// Runs work(0) here and work(1) ... work(workers - 1) on threads of their own, then joins them.
void runOnWorkers(int workers, const std::function<void(int)> &work);

// Normalises v in place to unit l2 norm (no-op for a zero vector).
void normalise(float *v, int dim);

} // namespace Sovereign::Pipeline
