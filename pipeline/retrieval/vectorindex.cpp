#include "vectorindex.h"

#include "vectorkernel.h"

#include <QThread>

#include <algorithm>
#include <cmath>
#include <thread>

namespace Sovereign::Pipeline {

namespace {

constexpr int BlockDocs = 4096;
// Up to this many queries, the int8 index scores each one straight from the codes.
constexpr int DirectQueries = 4;

bool better(const Neighbor &a, const Neighbor &b)
{
    return a.score > b.score || (a.score == b.score && a.index < b.index);
}

// The k best seen so far for one query; replaces the worst when a better one arrives.
class TopK
{
public:
    explicit TopK(int k) : m_k(k) { m_items.reserve(size_t(k)); }

    void offer(int index, float score)
    {
        if (int(m_items.size()) < m_k) {
            m_items.push_back({index, score});
            if (int(m_items.size()) == m_k)
                findWorst();
            return;
        }
        const Neighbor candidate{index, score};
        if (!better(candidate, m_items[m_worst]))
            return;
        m_items[m_worst] = candidate;
        findWorst();
    }
    // Cheap pre-check on the hot path: can this score possibly enter?
    float bar() const { return int(m_items.size()) < m_k ? -INFINITY : m_items[m_worst].score; }
    const std::vector<Neighbor> &items() const { return m_items; }

private:
    void findWorst()
    {
        m_worst = 0;
        for (size_t i = 1; i < m_items.size(); ++i) {
            if (better(m_items[m_worst], m_items[i]))
                m_worst = i;
        }
    }
    int m_k;
    std::vector<Neighbor> m_items;
    size_t m_worst = 0;
};

QList<Neighbor> sorted(std::vector<Neighbor> items, int k)
{
    std::sort(items.begin(), items.end(), better);
    if (int(items.size()) > k)
        items.resize(size_t(k));
    return QList<Neighbor>(items.begin(), items.end());
}

} // namespace

void runOnWorkers(int workers, const std::function<void(int)> &work)
{
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w)
        pool.emplace_back(work, w);
    work(0);
    for (auto &t : pool)
        t.join();
}

void normalise(float *v, int dim)
{
    double sum = 0;
    for (int i = 0; i < dim; ++i)
        sum += double(v[i]) * double(v[i]);
    if (sum <= 0)
        return;
    const float inv = float(1.0 / std::sqrt(sum));
    for (int i = 0; i < dim; ++i)
        v[i] *= inv;
}

VectorIndex::VectorIndex(int dim) : m_dim(dim) {}

void VectorIndex::reserve(int n) { m_data.reserve(size_t(n) * size_t(m_dim)); }

int VectorIndex::add(const float *vector)
{
    const size_t at = m_data.size();
    m_data.insert(m_data.end(), vector, vector + m_dim);
    normalise(m_data.data() + at, m_dim);
    return m_count++;
}

int VectorIndex::add(const QList<float> &vector)
{
    if (vector.size() != m_dim)
        return -1;
    return add(vector.constData());
}

QString VectorIndex::kernelName() { return Kernel::haveAvx2() ? QStringLiteral("avx2-fma") : QStringLiteral("baseline"); }

namespace {

// The blocked scan shared by the float and the int8 index: score(first, n, q, count, scores, buffer)
// fills scores (n x count, column-major) for the n vectors starting at first.
template<typename Score>
QList<QList<Neighbor>> scanBlocks(int dim, int total, const float *queries, int count, int k, int threads, Score score)
{
    QList<QList<Neighbor>> out(count);
    if (count <= 0 || k <= 0 || total == 0)
        return out;
    std::vector<float> q(queries, queries + size_t(count) * size_t(dim));
    for (int i = 0; i < count; ++i)
        normalise(q.data() + size_t(i) * size_t(dim), dim);
    const int blocks = (total + BlockDocs - 1) / BlockDocs;
    int workers = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    workers = std::max(1, std::min(workers, blocks));
    const std::vector<TopK> empty(static_cast<size_t>(count), TopK(k));
    std::vector<std::vector<TopK>> partial(static_cast<size_t>(workers), empty);
    auto work = [&](int w) {
        std::vector<float> scores(size_t(BlockDocs) * size_t(count));
        std::vector<float> buffer;
        std::vector<TopK> &best = partial[size_t(w)];
        for (int b = w; b < blocks; b += workers) {
            const int first = b * BlockDocs;
            const int n = std::min(BlockDocs, total - first);
            score(first, n, q.data(), count, scores.data(), buffer);
            for (int qi = 0; qi < count; ++qi) {
                const float *s = scores.data() + size_t(qi) * size_t(n);
                TopK &top = best[size_t(qi)];
                float bar = top.bar();
                for (int i = 0; i < n; ++i) {
                    if (s[i] >= bar) {
                        top.offer(first + i, s[i]);
                        bar = top.bar();
                    }
                }
            }
        }
    };
    runOnWorkers(workers, work);
    for (int qi = 0; qi < count; ++qi) {
        std::vector<Neighbor> merged;
        for (const auto &p : partial)
            merged.insert(merged.end(), p[size_t(qi)].items().begin(), p[size_t(qi)].items().end());
        out[qi] = sorted(std::move(merged), k);
    }
    return out;
}

} // namespace

QList<QList<Neighbor>> VectorIndex::search(const float *queries, int count, int k, int threads) const
{
    const auto kernel = Kernel::haveAvx2() ? Kernel::scoreBlockAvx2 : Kernel::scoreBlockBaseline;
    return scanBlocks(m_dim, m_count, queries, count, k, threads,
                      [this, kernel](int first, int n, const float *q, int nq, float *scores, std::vector<float> &) {
                          kernel(m_data.data() + size_t(first) * size_t(m_dim), m_dim, n, q, nq, scores);
                      });
}

QuantizedIndex::QuantizedIndex(int dim) : m_dim(dim) {}

void QuantizedIndex::reserve(int n)
{
    m_ids.reserve(size_t(n));
    m_scales.reserve(size_t(n));
    m_slack.reserve(size_t(n));
    m_codes.reserve(size_t(n) * size_t(m_dim));
}

int QuantizedIndex::add(qint64 id, float scale, const qint8 *codes)
{
    m_ids.push_back(id);
    m_scales.push_back(scale);
    int l1 = 0;
    for (int d = 0; d < m_dim; ++d)
        l1 += std::abs(int(codes[d]));
    m_slack.push_back(scale * float(l1));
    m_codes.insert(m_codes.end(), codes, codes + m_dim);
    return int(m_ids.size()) - 1;
}

void QuantizedIndex::vectorAt(int index, float *out) const
{
    const qint8 *c = m_codes.data() + size_t(index) * size_t(m_dim);
    const float s = m_scales[size_t(index)];
    for (int d = 0; d < m_dim; ++d)
        out[d] = s * float(c[d]);
}

QList<QList<Neighbor>> QuantizedIndex::search(const float *queries, int count, int k, int threads) const
{
    if (count > 0 && count <= DirectQueries && k > 0 && size() > 0) {
        QList<QList<Neighbor>> out;
        std::vector<float> q(static_cast<size_t>(m_dim));
        for (int qi = 0; qi < count; ++qi) {
            std::copy(queries + size_t(qi) * size_t(m_dim), queries + size_t(qi + 1) * size_t(m_dim), q.begin());
            normalise(q.data(), m_dim);
            out.append(searchOne(q.data(), k, threads));
        }
        return out;
    }
    // A batch widens each block to float once and scores all queries in one product.
    const auto block = Kernel::haveAvx2() ? Kernel::scoreBlockAvx2 : Kernel::scoreBlockBaseline;
    return scanBlocks(m_dim, size(), queries, count, k, threads,
                      [this, block](int first, int n, const float *q, int nq, float *scores, std::vector<float> &buffer) {
                          buffer.resize(size_t(n) * size_t(m_dim));
                          for (int i = 0; i < n; ++i)
                              vectorAt(first + i, buffer.data() + size_t(i) * size_t(m_dim));
                          block(buffer.data(), m_dim, n, q, nq, scores);
                      });
}

QList<Neighbor> QuantizedIndex::searchOne(const float *query, int k, int threads) const
{
    const bool avx2 = Kernel::haveAvx2();
    const auto dot = avx2 ? Kernel::dotCodesAvx2 : Kernel::dotCodesBaseline;
    const auto exact = avx2 ? Kernel::scoreCodesAvx2 : Kernel::scoreCodesBaseline;
    const auto *codes = reinterpret_cast<const signed char *>(m_codes.data());
    // The query as int8 (q ~ qs * qc, each value off by at most qs / 2), so a vector's integer
    // score s * qs * dot(c, qc) is within s * (qs / 2) * sum|c| (= slack * qs / 2) of its exact score
    // s * dot(c, q). Lower bounds decide a threshold; what can still reach it is scored exactly.
    float top = 0;
    for (int d = 0; d < m_dim; ++d)
        top = std::max(top, std::abs(query[d]));
    const float qs = top > 0 ? top / 127.0f : 1.0f;
    std::vector<signed char> qc(static_cast<size_t>(m_dim));
    for (int d = 0; d < m_dim; ++d)
        qc[size_t(d)] = static_cast<signed char>(std::lround(query[d] / qs));
    const float rounding = 1e-4f; // float arithmetic of the exact score and of the bounds

    const int total = size();
    const int blocks = (total + BlockDocs - 1) / BlockDocs;
    int workers = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    workers = std::max(1, std::min(workers, blocks));
    struct Part
    {
        explicit Part(int k) : lower(k) {}
        TopK lower;                                  // the k best lower bounds
        std::vector<std::pair<int, float>> possible; // index, upper bound
    };
    std::vector<Part> parts(static_cast<size_t>(workers), Part(k));
    auto work = [&](int w) {
        std::vector<int> dots(static_cast<size_t>(BlockDocs));
        Part &part = parts[size_t(w)];
        for (int b = w; b < blocks; b += workers) {
            const int first = b * BlockDocs;
            const int n = std::min(BlockDocs, total - first);
            dot(codes + size_t(first) * size_t(m_dim), m_dim, n, qc.data(), dots.data());
            float bar = part.lower.bar();
            for (int i = 0; i < n; ++i) {
                const size_t at = size_t(first + i);
                const float approx = m_scales[at] * qs * float(dots[size_t(i)]);
                const float slack = m_slack[at] * qs * 0.5f + rounding;
                if (approx + slack < bar)
                    continue;
                part.possible.push_back({first + i, approx + slack});
                if (approx - slack >= bar) {
                    part.lower.offer(first + i, approx - slack);
                    bar = part.lower.bar();
                }
            }
        }
    };
    runOnWorkers(workers, work);
    std::vector<Neighbor> lows;
    for (const Part &p : parts)
        lows.insert(lows.end(), p.lower.items().begin(), p.lower.items().end());
    const QList<Neighbor> kthLow = sorted(lows, k);
    const float threshold = kthLow.size() < k ? -INFINITY : kthLow.last().score;
    std::vector<Neighbor> scored;
    for (const Part &p : parts) {
        for (const auto &[index, upper] : p.possible) {
            if (upper < threshold)
                continue;
            float s = 0;
            exact(codes + size_t(index) * size_t(m_dim), m_scales.data() + index, m_dim, 1, query, &s);
            scored.push_back({index, s});
        }
    }
    return sorted(std::move(scored), k);
}

QList<Neighbor> VectorIndex::search(const QList<float> &query, int k) const
{
    if (query.size() != m_dim)
        return {};
    return search(query.constData(), 1, k).value(0);
}

QList<QList<Neighbor>> naiveTopK(const VectorIndex &index, const float *queries, int count, int k)
{
    QList<QList<Neighbor>> out;
    const int dim = index.dim();
    for (int qi = 0; qi < count; ++qi) {
        std::vector<float> q(queries + size_t(qi) * size_t(dim), queries + size_t(qi + 1) * size_t(dim));
        normalise(q.data(), dim);
        std::vector<Neighbor> all;
        for (int i = 0; i < index.size(); ++i) {
            double s = 0;
            const float *v = index.vectorAt(i);
            for (int d = 0; d < dim; ++d)
                s += double(v[d]) * double(q[size_t(d)]);
            all.push_back({i, float(s)});
        }
        out.append(sorted(std::move(all), k));
    }
    return out;
}

} // namespace Sovereign::Pipeline
