#include "embedder.h"

#include "pipeline/verify/verifier.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtEndian>

#include <Eigen/Eigenvalues>
#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <Eigen/SparseCore>

#include <algorithm>
#include <cmath>
#include <future>
#include <random>
#include <thread>

namespace Sovereign::Pipeline {

namespace {

constexpr quint32 ParamsMagic = 0x53574245; // 'SWBE'
constexpr quint32 ParamsVersion = 2;          // 1: string-keyed vocabulary (read as "none stored")
constexpr int IndexBatch = 8192;

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using SparseRows = Eigen::SparseMatrix<float, Eigen::RowMajor>;

quint64 mix(quint64 h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

// Buckets of the unigrams and bigrams of a text (with repeats, in text order).
void featureBuckets(const QString &text, int buckets, std::vector<quint64> &hashes, std::vector<quint32> &out)
{
    tokenHashes(text, hashes);
    out.clear();
    const quint64 mask = quint64(buckets) - 1;
    for (size_t i = 0; i < hashes.size(); ++i) {
        out.push_back(quint32(mix(hashes[i]) & mask));
        if (i > 0)
            out.push_back(quint32(mix(hashes[i - 1] * 0x9E3779B97F4A7C15ULL + hashes[i] + 0x632BE59BD9B4E019ULL) & mask));
    }
}

int workerCount() { return std::max(1, QThread::idealThreadCount()); }

// Runs f(worker, begin, end) over [0, n) split between the cores.
template<typename F>
void parallelRanges(qsizetype n, F f)
{
    const int workers = int(std::clamp<qsizetype>(workerCount(), 1, std::max<qsizetype>(1, n / 64)));
    if (workers <= 1) {
        f(0, qsizetype(0), n);
        return;
    }
    std::vector<std::thread> pool;
    const qsizetype step = (n + workers - 1) / workers;
    for (int w = 1; w < workers; ++w)
        pool.emplace_back([&f, w, step, n] { f(w, std::min(n, w * step), std::min(n, (w + 1) * step)); });
    f(0, 0, std::min(n, step));
    for (auto &t : pool)
        t.join();
}

// X * M, rows of X split between the cores.
Eigen::MatrixXf timesDense(const SparseRows &x, const Eigen::MatrixXf &m)
{
    Eigen::MatrixXf out(x.rows(), m.cols());
    parallelRanges(x.rows(), [&](int, qsizetype from, qsizetype to) {
        if (to > from)
            out.middleRows(from, to - from).noalias() = x.middleRows(from, to - from) * m;
    });
    return out;
}

// X^T * M: each core sums over the rows it owns, then the partial sums are added.
Eigen::MatrixXf transposeTimesDense(const SparseRows &x, const Eigen::MatrixXf &m)
{
    std::vector<Eigen::MatrixXf> partial(static_cast<size_t>(workerCount()));
    parallelRanges(x.rows(), [&](int w, qsizetype from, qsizetype to) {
        partial[size_t(w)] = Eigen::MatrixXf::Zero(x.cols(), m.cols());
        if (to > from)
            partial[size_t(w)].noalias() += x.middleRows(from, to - from).transpose() * m.middleRows(from, to - from);
    });
    Eigen::MatrixXf out = Eigen::MatrixXf::Zero(x.cols(), m.cols());
    for (const auto &p : partial) {
        if (p.size())
            out += p;
    }
    return out;
}

// Orthonormal basis of the columns of m. Cholesky-QR (m R^-1 with R^T R = m^T m) is one matrix
// product instead of a Householder sweep over the tall matrix, and twice applied it is as accurate
// as Householder QR for the well-conditioned blocks of the range finder; Householder remains the
// fallback when m^T m is not positive definite (rank-deficient blocks on tiny corpora).
Eigen::MatrixXf orthonormal(const Eigen::MatrixXf &m)
{
    Eigen::MatrixXf q = m;
    for (int pass = 0; pass < 2; ++pass) {
        const Eigen::MatrixXd gram = (q.transpose() * q).cast<double>();
        Eigen::LLT<Eigen::MatrixXd> llt(gram);
        const Eigen::MatrixXd r = llt.matrixU();
        if (llt.info() != Eigen::Success || (r.diagonal().array() <= 1e-6 * std::max(1.0, r.diagonal().maxCoeff())).any()) {
            Eigen::HouseholderQR<Eigen::MatrixXf> qr(m);
            return qr.householderQ() * Eigen::MatrixXf::Identity(m.rows(), m.cols());
        }
        q = llt.matrixU().solve<Eigen::OnTheRight>(q.cast<double>()).cast<float>();
    }
    return q;
}

// 32-bit values (quint32 or float) in little-endian order.
void appendLe(QByteArray &out, const void *data, qsizetype count)
{
    const qsizetype at = out.size();
    out.resize(at + count * 4);
    qToLittleEndian<quint32>(data, count, out.data() + at);
}

bool readLe(const QByteArray &in, qsizetype &at, void *data, qsizetype count)
{
    if (count < 0 || at + count * 4 > in.size())
        return false;
    qFromLittleEndian<quint32>(in.constData() + at, count, data);
    at += count * 4;
    return true;
}

} // namespace

QString LocalEmbedder::paperText(const QString &title, const QString &abstract)
{
    return title + QLatin1Char(' ') + abstract;
}

Models::Result<LocalEmbedder> LocalEmbedder::fit(const QStringList &documents, const EmbedderOptions &options)
{
    if (options.dim <= 0)
        return Models::fail(QStringLiteral("embedder dimension must be positive"));
    if (options.buckets < 2 || (options.buckets & (options.buckets - 1)) != 0)
        return Models::fail(QStringLiteral("embedder hash space must be a power of two"));
    const qsizetype n = documents.size();
    // 1. Buckets per document (both cores), document frequencies.
    std::vector<std::vector<quint32>> docBuckets(static_cast<size_t>(n));
    parallelRanges(n, [&](int, qsizetype from, qsizetype to) {
        std::vector<quint64> hashes;
        for (qsizetype d = from; d < to; ++d)
            featureBuckets(documents.at(d), options.buckets, hashes, docBuckets[size_t(d)]);
    });
    std::vector<quint32> df(size_t(options.buckets), 0);
    {
        std::vector<quint32> unique;
        for (const auto &b : docBuckets) {
            unique = b;
            std::sort(unique.begin(), unique.end());
            unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
            for (quint32 f : unique)
                ++df[f];
        }
    }
    // 2. Keep frequent-enough buckets, most frequent first (ties by bucket, so the order is stable).
    std::vector<std::pair<quint32, quint32>> kept; // df, bucket
    for (int minDf : {std::max(1, options.minDf), 1}) {
        kept.clear();
        for (size_t b = 0; b < df.size(); ++b) {
            if (df[b] >= quint32(minDf))
                kept.emplace_back(df[b], quint32(b));
        }
        if (!kept.empty())
            break;
    }
    if (kept.empty())
        return Models::fail(QStringLiteral("the corpus has no words to fit an embedder on"));
    std::sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    if (int(kept.size()) > options.maxFeatures)
        kept.resize(size_t(options.maxFeatures));
    std::sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) { return a.second < b.second; });

    LocalEmbedder e;
    e.m_dim = options.dim;
    e.m_buckets = options.buckets;
    for (const auto &[count, bucket] : kept) {
        e.m_features.push_back(bucket);
        e.m_idf.push_back(float(std::log((1.0 + double(n)) / (1.0 + double(count))) + 1.0));
    }
    e.buildColumns();
    const Eigen::Index F = Eigen::Index(e.m_features.size());

    // 3. X: papers x features, tf-idf rows with unit norm.
    std::vector<Eigen::Triplet<float>> triplets;
    {
        std::vector<std::pair<int, float>> row;
        for (qsizetype d = 0; d < n; ++d) {
            e.weigh(docBuckets[size_t(d)], row);
            for (const auto &[c, w] : row)
                triplets.emplace_back(Eigen::Index(d), Eigen::Index(c), w);
            std::vector<quint32>().swap(docBuckets[size_t(d)]);
        }
    }
    SparseRows X(Eigen::Index(n), F);
    X.setFromTriplets(triplets.begin(), triplets.end());
    std::vector<Eigen::Triplet<float>>().swap(triplets);

    // 4. Randomized range finder with power iterations.
    const Eigen::Index l = std::min<Eigen::Index>(Eigen::Index(options.dim + options.oversample), std::min<Eigen::Index>(Eigen::Index(n), F));
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    Eigen::MatrixXf omega(F, l);
    for (Eigen::Index j = 0; j < l; ++j)
        for (Eigen::Index i = 0; i < F; ++i)
            omega(i, j) = gauss(rng);
    Eigen::MatrixXf Q = orthonormal(timesDense(X, omega));
    for (int it = 0; it < options.powerIterations; ++it) {
        const Eigen::MatrixXf Z = orthonormal(transposeTimesDense(X, Q));
        Q = orthonormal(timesDense(X, Z));
    }
    // B = Q^T X (l x F); its right singular vectors are those of X restricted to the range found.
    const Eigen::MatrixXf Bt = transposeTimesDense(X, Q); // F x l
    const Eigen::MatrixXf G = Bt.transpose() * Bt;          // l x l = B B^T
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eig(G);
    const Eigen::VectorXf values = eig.eigenvalues(); // ascending
    const Eigen::MatrixXf vectors = eig.eigenvectors();
    e.m_projection = RowMatrix::Zero(F, options.dim);
    const float tiny = values.size() ? std::max(values(values.size() - 1), 0.0f) * 1e-10f : 0.0f;
    int found = 0;
    while (found < options.dim && found < values.size()) {
        const float v = values(values.size() - 1 - found);
        if (!(v > tiny) || v <= 0)
            break;
        ++found;
    }
    // v_i = B^T u_i / sigma_i for the found directions, largest first, in one product.
    Eigen::MatrixXf u(vectors.rows(), found);
    for (int i = 0; i < found; ++i)
        u.col(i) = vectors.col(values.size() - 1 - i) / std::sqrt(values(values.size() - 1 - i));
    if (found > 0)
        e.m_projection.leftCols(found) = Bt * u;
    e.m_rank = found;
    return e;
}

void LocalEmbedder::buildColumns()
{
    m_column.assign(size_t(m_buckets), -1);
    for (size_t c = 0; c < m_features.size(); ++c)
        m_column[m_features[c]] = int(c);
}

void LocalEmbedder::weigh(std::vector<quint32> &buckets, std::vector<std::pair<int, float>> &row) const
{
    row.clear();
    for (quint32 &b : buckets)
        b = quint32(m_column[b]); // -1 becomes 0xffffffff and sorts last
    std::sort(buckets.begin(), buckets.end());
    double norm = 0;
    for (size_t i = 0; i < buckets.size();) {
        const quint32 c = buckets[i];
        if (c == quint32(-1))
            break;
        size_t j = i;
        while (j < buckets.size() && buckets[j] == c)
            ++j;
        const float w = float(j - i) * m_idf[c];
        row.emplace_back(int(c), w);
        norm += double(w) * double(w);
        i = j;
    }
    if (norm > 0) {
        const float inv = float(1.0 / std::sqrt(norm));
        for (auto &p : row)
            p.second *= inv;
    }
}

void LocalEmbedder::embedInto(const QString &text, float *out, Scratch &scratch) const
{
    featureBuckets(text, m_buckets, scratch.hashes, scratch.buckets);
    weigh(scratch.buckets, scratch.row);
    Eigen::Map<Eigen::RowVectorXf> v(out, m_dim);
    v.setZero();
    for (const auto &[feature, weight] : scratch.row)
        v.noalias() += weight * m_projection.row(feature);
    const float norm = v.norm();
    if (norm > 0)
        v /= norm;
}

QList<float> LocalEmbedder::embed(const QString &text) const
{
    QList<float> out(m_dim);
    Scratch scratch;
    embedInto(text, out.data(), scratch);
    return out;
}

QByteArray LocalEmbedder::serialize() const
{
    QByteArray out;
    const quint32 header[] = {ParamsMagic, ParamsVersion, quint32(m_dim), quint32(m_rank), quint32(m_buckets), quint32(m_features.size())};
    appendLe(out, header, 6);
    appendLe(out, m_features.data(), qsizetype(m_features.size()));
    appendLe(out, m_idf.data(), qsizetype(m_idf.size()));
    // Only the rank columns carry information; the rest are zero.
    for (Eigen::Index r = 0; r < m_projection.rows(); ++r)
        appendLe(out, m_projection.row(r).data(), m_rank);
    return out;
}

Models::Result<LocalEmbedder> LocalEmbedder::deserialize(const QByteArray &params)
{
    quint32 header[6] = {};
    qsizetype at = 0;
    if (!readLe(params, at, header, 6) || header[0] != ParamsMagic)
        return Models::fail(QStringLiteral("stored embedder parameters are not a local embedder"));
    if (header[1] != ParamsVersion)
        return Models::fail(QStringLiteral("stored embedder parameters have version %1 (this build reads %2)").arg(header[1]).arg(ParamsVersion));
    LocalEmbedder e;
    e.m_dim = int(header[2]);
    e.m_rank = int(header[3]);
    e.m_buckets = int(header[4]);
    const qsizetype features = qsizetype(header[5]);
    if (e.m_dim <= 0 || e.m_rank < 0 || e.m_rank > e.m_dim || e.m_buckets < 2 || (e.m_buckets & (e.m_buckets - 1)) != 0 ||
        features > e.m_buckets)
        return Models::fail(QStringLiteral("stored embedder parameters are inconsistent"));
    e.m_features.resize(size_t(features));
    e.m_idf.resize(size_t(features));
    e.m_projection = RowMatrix::Zero(features, e.m_dim);
    bool ok = readLe(params, at, e.m_features.data(), features) && readLe(params, at, e.m_idf.data(), features);
    for (qsizetype r = 0; ok && r < features; ++r)
        ok = readLe(params, at, e.m_projection.row(r).data(), e.m_rank);
    if (!ok || at != params.size())
        return Models::fail(QStringLiteral("stored embedder parameters are truncated"));
    for (quint32 b : e.m_features) {
        if (b >= quint32(e.m_buckets))
            return Models::fail(QStringLiteral("stored embedder parameters are inconsistent"));
    }
    e.buildColumns();
    return e;
}

namespace {

struct StoredModel
{
    std::shared_ptr<const LocalEmbedder> embedder;
    qint64 generation = -1;
};

// The stored model of this name and dimension, if readable (another build's format counts as none).
Models::Result<StoredModel> storedModel(const Models::CorpusStore &corpus, const EmbedderOptions &options)
{
    auto stored = corpus.embedder(LocalEmbedder::nameFor(options.dim));
    if (!stored)
        return Models::fail(stored.error());
    StoredModel m;
    if (!stored->has_value() || (*stored)->dim != options.dim)
        return m;
    auto e = LocalEmbedder::deserialize((*stored)->params);
    if (!e)
        return m;
    m.embedder = std::make_shared<const LocalEmbedder>(std::move(*e));
    m.generation = (*stored)->corpusGeneration;
    return m;
}

Models::Result<LocalEmbedder> fitOnSample(const Models::CorpusStore &corpus, const EmbedderOptions &options, qint64 *sampled)
{
    auto sample = corpus.sampleTexts(options.sampleSize);
    if (!sample)
        return Models::fail(sample.error());
    if (sampled)
        *sampled = sample->size();
    QStringList docs;
    docs.reserve(sample->size());
    for (const auto &t : std::as_const(*sample))
        docs.append(LocalEmbedder::paperText(t.title, t.abstract));
    sample->clear();
    return LocalEmbedder::fit(docs, options);
}

} // namespace

Models::Result<IndexBuildReport> buildSemanticIndex(Models::CorpusStore &corpus, const EmbedderOptions &options,
                                                    const std::function<void(const IndexProgress &)> &progress,
                                                    const std::atomic_bool *cancel)
{
    IndexBuildReport report;
    QElapsedTimer clock;
    clock.start();
    const QString name = LocalEmbedder::nameFor(options.dim);
    auto generation = corpus.corpusGeneration();
    if (!generation)
        return Models::fail(generation.error());
    auto count = corpus.count();
    if (!count)
        return Models::fail(count.error());
    report.papers = *count;
    if (*count == 0)
        return Models::fail(QStringLiteral("the corpus is empty: nothing to fit the embedder on"));
    auto stored = storedModel(corpus, options);
    if (!stored)
        return Models::fail(stored.error());
    if (stored->embedder && stored->generation == *generation) {
        auto vectors = corpus.embeddingCount(name);
        if (!vectors)
            return Models::fail(vectors.error());
        if (*vectors == *count)
            return report;
    }
    if (progress)
        progress({IndexProgress::Phase::Fitting, 0, *count, clock.elapsed()});
    auto fitted = fitOnSample(corpus, options, &report.sampled);
    if (!fitted)
        return Models::fail(fitted.error());
    report.fitSeconds = double(clock.nsecsElapsed()) / 1e9;
    const QByteArray params = fitted->serialize();
    // Generation -1 until every vector is written: an interrupted build is never taken as current.
    if (auto ok = corpus.saveEmbedder({name, options.dim, -1, params}, {}, true); !ok)
        return Models::fail(ok.error());
    report.rebuilt = true;

    // Batch k is written on its own thread (and connection) while batch k + 1 is read and embedded.
    const int dim = options.dim;
    qint64 lastId = 0, done = 0;
    std::vector<float> vectors[2];
    QList<qint64> ids[2];
    int current = 0;
    std::future<Models::Status> writing;
    auto finishWrite = [&writing]() -> Models::Status { return writing.valid() ? writing.get() : Models::Status(); };
    std::vector<LocalEmbedder::Scratch> scratch(static_cast<size_t>(workerCount()));
    while (true) {
        if (cancel && cancel->load()) {
            report.cancelled = true;
            break;
        }
        auto batch = corpus.textsAfter(lastId, IndexBatch);
        if (!batch) {
            finishWrite();
            return Models::fail(batch.error());
        }
        if (batch->isEmpty())
            break;
        std::vector<float> &v = vectors[current];
        v.resize(size_t(batch->size()) * size_t(dim));
        parallelRanges(batch->size(), [&](int w, qsizetype from, qsizetype to) {
            for (qsizetype i = from; i < to; ++i)
                fitted->embedInto(LocalEmbedder::paperText(batch->at(i).title, batch->at(i).abstract),
                                  v.data() + size_t(i) * size_t(dim), scratch[size_t(w)]);
        });
        ids[current].clear();
        for (const auto &t : std::as_const(*batch))
            ids[current].append(t.id);
        if (auto ok = finishWrite(); !ok)
            return Models::fail(ok.error());
        writing = std::async(std::launch::async, [&corpus, &name, dim, &ids, &vectors, current] {
            auto ok = corpus.saveQuantizedEmbeddings(name, dim, ids[current], vectors[current].data());
            corpus.database()->releaseThreadConnection();
            return ok;
        });
        current ^= 1;
        lastId = batch->last().id;
        done += batch->size();
        if (progress)
            progress({IndexProgress::Phase::Embedding, done, *count, clock.elapsed()});
    }
    if (auto ok = finishWrite(); !ok)
        return Models::fail(ok.error());
    if (!report.cancelled) {
        if (auto ok = corpus.saveEmbedder({name, options.dim, *generation, params}, {}, false); !ok)
            return Models::fail(ok.error());
    }
    report.embedSeconds = double(clock.nsecsElapsed()) / 1e9 - report.fitSeconds;
    return report;
}

Models::Result<FittedEmbedder> ensureLocalEmbedder(Models::CorpusStore &corpus, const EmbedderOptions &options)
{
    auto generation = corpus.corpusGeneration();
    if (!generation)
        return Models::fail(generation.error());
    auto stored = storedModel(corpus, options);
    if (!stored)
        return Models::fail(stored.error());
    FittedEmbedder f;
    if (stored->embedder && stored->generation == *generation) {
        f.embedder = stored->embedder;
        f.corpusGeneration = *generation;
        return f;
    }
    auto count = corpus.count();
    if (!count)
        return Models::fail(count.error());
    if (*count == 0)
        return Models::fail(QStringLiteral("the corpus is empty: nothing to fit the embedder on"));
    if (*count > options.sampleSize) {
        f.stale = true;
        if (stored->embedder) { // keep using it; buildSemanticIndex() refits in the background
            f.embedder = stored->embedder;
            f.corpusGeneration = stored->generation;
            return f;
        }
        auto fitted = fitOnSample(corpus, options, nullptr);
        if (!fitted)
            return Models::fail(fitted.error());
        f.embedder = std::make_shared<const LocalEmbedder>(std::move(*fitted));
        f.refitted = true;
        f.corpusGeneration = -1;
        return f;
    }
    auto built = buildSemanticIndex(corpus, options);
    if (!built)
        return Models::fail(built.error());
    auto fresh = storedModel(corpus, options);
    if (!fresh)
        return Models::fail(fresh.error());
    if (!fresh->embedder)
        return Models::fail(QStringLiteral("the fitted embedder could not be read back"));
    f.embedder = fresh->embedder;
    f.refitted = built->rebuilt;
    f.corpusGeneration = *generation;
    f.vectors = int(built->rebuilt ? built->papers : 0);
    return f;
}

Models::Result<QHash<qint64, double>> semanticScores(const Models::CorpusStore &corpus, const LocalEmbedder &embedder,
                                                     const QString &query, const QList<qint64> &paperIds)
{
    QHash<qint64, double> out;
    if (paperIds.isEmpty())
        return out;
    const QList<float> q = embedder.embed(query);
    auto papers = corpus.papers(paperIds);
    if (!papers)
        return Models::fail(papers.error());
    LocalEmbedder::Scratch scratch;
    std::vector<float> v(size_t(embedder.dim()));
    for (const auto &p : std::as_const(*papers)) {
        embedder.embedInto(LocalEmbedder::paperText(p.title, p.abstract), v.data(), scratch);
        double dot = 0;
        for (int i = 0; i < embedder.dim(); ++i)
            dot += double(v[size_t(i)]) * double(q.at(i));
        out.insert(p.id, dot);
    }
    return out;
}

void applySemanticRerank(QList<Models::RunPaper> &papers, const QHash<qint64, double> &semantic, double weight)
{
    double maxRrf = 0;
    for (const auto &p : std::as_const(papers))
        maxRrf = std::max(maxRrf, p.rrfScore);
    struct Scored
    {
        qsizetype index;
        double score;
    };
    std::vector<Scored> order;
    for (qsizetype i = 0; i < papers.size(); ++i) {
        Models::RunPaper &p = papers[i];
        if (semantic.contains(p.paperId))
            p.semanticScore = semantic.value(p.paperId);
        const double s = std::max(0.0, p.semanticScore.value_or(0.0));
        const double r = maxRrf > 0 ? p.rrfScore / maxRrf : 0.0;
        order.push_back({i, weight * s + (1.0 - weight) * r});
    }
    std::stable_sort(order.begin(), order.end(), [&papers](const Scored &a, const Scored &b) {
        if (a.score != b.score)
            return a.score > b.score;
        return papers.at(a.index).fusedRank < papers.at(b.index).fusedRank;
    });
    for (size_t r = 0; r < order.size(); ++r)
        papers[order[r].index].finalRank = int(r) + 1;
    std::sort(papers.begin(), papers.end(), [](const auto &a, const auto &b) { return a.finalRank < b.finalRank; });
}

} // namespace Sovereign::Pipeline
