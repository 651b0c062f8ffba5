#include "embedder.h"

#include "pipeline/verify/verifier.h"

#include <QDataStream>
#include <QIODevice>

#include <Eigen/Eigenvalues>
#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <Eigen/SparseCore>

#include <algorithm>
#include <cmath>
#include <random>

namespace Sovereign::Pipeline {

namespace {

constexpr quint32 ParamsMagic = 0x53574245; // 'SWBE'
constexpr quint32 ParamsVersion = 1;

// Unigrams and bigrams of a text, as the verifier's analyzer produces them.
QStringList features(const QString &text)
{
    const QStringList tokens = sklearnTokens(pythonLower(text));
    QStringList out = tokens;
    for (qsizetype i = 0; i + 1 < tokens.size(); ++i)
        out.append(tokens.at(i) + QLatin1Char(' ') + tokens.at(i + 1));
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

} // namespace

QString LocalEmbedder::paperText(const QString &title, const QString &abstract)
{
    return title + QLatin1Char(' ') + abstract;
}

Models::Result<LocalEmbedder> LocalEmbedder::fit(const QStringList &documents, const EmbedderOptions &options)
{
    if (options.dim <= 0)
        return Models::fail(QStringLiteral("embedder dimension must be positive"));
    const qsizetype n = documents.size();
    std::vector<QStringList> docFeatures(static_cast<size_t>(n));
    QHash<QString, int> df;
    for (qsizetype d = 0; d < n; ++d) {
        docFeatures[size_t(d)] = features(documents.at(d));
        QStringList unique = docFeatures[size_t(d)];
        unique.removeDuplicates();
        for (const QString &f : std::as_const(unique))
            ++df[f];
    }
    // Keep frequent-enough features, most frequent first (ties by term, so the order is stable).
    std::vector<std::pair<int, QString>> kept;
    for (int minDf : {std::max(1, options.minDf), 1}) {
        kept.clear();
        for (auto it = df.cbegin(); it != df.cend(); ++it) {
            if (it.value() >= minDf)
                kept.emplace_back(it.value(), it.key());
        }
        if (!kept.empty())
            break;
    }
    if (kept.empty())
        return Models::fail(QStringLiteral("the corpus has no words to fit an embedder on"));
    std::sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    if (int(kept.size()) > options.maxFeatures)
        kept.resize(size_t(options.maxFeatures));

    LocalEmbedder e;
    e.m_dim = options.dim;
    std::sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) { return a.second < b.second; });
    for (const auto &[count, term] : kept) {
        e.m_index.insert(term, int(e.m_terms.size()));
        e.m_terms.append(term);
        e.m_idf.push_back(float(std::log((1.0 + double(n)) / (1.0 + double(count))) + 1.0));
    }
    const Eigen::Index F = Eigen::Index(e.m_terms.size());

    // X: papers x features, tf-idf rows with unit norm.
    std::vector<Eigen::Triplet<float>> triplets;
    for (qsizetype d = 0; d < n; ++d) {
        QHash<int, float> row;
        for (const QString &f : docFeatures[size_t(d)]) {
            const auto it = e.m_index.constFind(f);
            if (it != e.m_index.cend())
                row[*it] += 1.0f;
        }
        double norm = 0;
        for (auto it = row.begin(); it != row.end(); ++it) {
            it.value() *= e.m_idf[size_t(it.key())];
            norm += double(it.value()) * double(it.value());
        }
        norm = std::sqrt(norm);
        for (auto it = row.cbegin(); it != row.cend(); ++it)
            triplets.emplace_back(Eigen::Index(d), Eigen::Index(it.key()), float(it.value() / norm));
    }
    Eigen::SparseMatrix<float, Eigen::RowMajor> X(Eigen::Index(n), F);
    X.setFromTriplets(triplets.begin(), triplets.end());

    // Randomized range finder with power iterations.
    const Eigen::Index l = std::min<Eigen::Index>(Eigen::Index(options.dim + options.oversample), std::min<Eigen::Index>(Eigen::Index(n), F));
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    Eigen::MatrixXf omega(F, l);
    for (Eigen::Index j = 0; j < l; ++j)
        for (Eigen::Index i = 0; i < F; ++i)
            omega(i, j) = gauss(rng);
    Eigen::MatrixXf Q = orthonormal(X * omega);
    for (int it = 0; it < options.powerIterations; ++it) {
        const Eigen::MatrixXf Z = orthonormal(X.transpose() * Q);
        Q = orthonormal(X * Z);
    }
    // B = Q^T X (l x F); its right singular vectors are those of X restricted to the range found.
    const Eigen::MatrixXf Bt = X.transpose() * Q; // F x l
    const Eigen::MatrixXf G = Bt.transpose() * Bt; // l x l = B B^T
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eig(G);
    const Eigen::VectorXf values = eig.eigenvalues(); // ascending
    const Eigen::MatrixXf vectors = eig.eigenvectors();
    e.m_projection = Eigen::MatrixXf::Zero(F, options.dim);
    const float tiny = values.size() ? std::max(values(values.size() - 1), 0.0f) * 1e-10f : 0.0f;
    int found = 0;
    for (Eigen::Index c = values.size() - 1; c >= 0 && found < options.dim; --c) {
        if (!(values(c) > tiny) || values(c) <= 0)
            break;
        const float sigma = std::sqrt(values(c));
        e.m_projection.col(found) = Bt * vectors.col(c) / sigma; // v_i = B^T u_i / sigma_i
        ++found;
    }
    e.m_rank = found;
    return e;
}

std::vector<std::pair<int, float>> LocalEmbedder::tfidf(const QString &text) const
{
    QHash<int, float> row;
    for (const QString &f : features(text)) {
        const auto it = m_index.constFind(f);
        if (it != m_index.cend())
            row[*it] += 1.0f;
    }
    std::vector<std::pair<int, float>> out;
    double norm = 0;
    for (auto it = row.cbegin(); it != row.cend(); ++it) {
        const float w = it.value() * m_idf[size_t(it.key())];
        out.emplace_back(it.key(), w);
        norm += double(w) * double(w);
    }
    std::sort(out.begin(), out.end());
    if (norm > 0) {
        const float inv = float(1.0 / std::sqrt(norm));
        for (auto &p : out)
            p.second *= inv;
    }
    return out;
}

QList<float> LocalEmbedder::embed(const QString &text) const
{
    Eigen::VectorXf v = Eigen::VectorXf::Zero(m_dim);
    for (const auto &[feature, weight] : tfidf(text))
        v.noalias() += weight * m_projection.row(feature).transpose();
    const float norm = v.norm();
    if (norm > 0)
        v /= norm;
    return QList<float>(v.data(), v.data() + v.size());
}

QByteArray LocalEmbedder::serialize() const
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_5);
    s.setFloatingPointPrecision(QDataStream::SinglePrecision);
    s << ParamsMagic << ParamsVersion << qint32(m_dim) << qint32(m_rank) << m_terms;
    for (float f : m_idf)
        s << f;
    // Only the rank columns carry information; the rest are zero.
    for (int c = 0; c < m_rank; ++c)
        for (Eigen::Index r = 0; r < m_projection.rows(); ++r)
            s << m_projection(r, c);
    return out;
}

Models::Result<LocalEmbedder> LocalEmbedder::deserialize(const QByteArray &params)
{
    QDataStream s(params);
    s.setVersion(QDataStream::Qt_6_5);
    s.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint32 magic = 0, version = 0;
    qint32 dim = 0, rank = 0;
    LocalEmbedder e;
    s >> magic >> version >> dim >> rank >> e.m_terms;
    if (s.status() != QDataStream::Ok || magic != ParamsMagic)
        return Models::fail(QStringLiteral("stored embedder parameters are not a local embedder"));
    if (version != ParamsVersion)
        return Models::fail(QStringLiteral("stored embedder parameters have version %1 (this build reads %2)").arg(version).arg(ParamsVersion));
    if (dim <= 0 || rank < 0 || rank > dim)
        return Models::fail(QStringLiteral("stored embedder parameters are inconsistent"));
    e.m_dim = dim;
    e.m_rank = rank;
    e.m_idf.resize(size_t(e.m_terms.size()));
    for (float &f : e.m_idf)
        s >> f;
    e.m_projection = Eigen::MatrixXf::Zero(Eigen::Index(e.m_terms.size()), dim);
    for (int c = 0; c < rank; ++c)
        for (Eigen::Index r = 0; r < e.m_projection.rows(); ++r)
            s >> e.m_projection(r, c);
    if (s.status() != QDataStream::Ok)
        return Models::fail(QStringLiteral("stored embedder parameters are truncated"));
    for (qsizetype i = 0; i < e.m_terms.size(); ++i)
        e.m_index.insert(e.m_terms.at(i), int(i));
    return e;
}

Models::Result<FittedEmbedder> ensureLocalEmbedder(Models::CorpusStore &corpus, const EmbedderOptions &options)
{
    const QString name = LocalEmbedder::nameFor(options.dim);
    auto generation = corpus.corpusGeneration();
    if (!generation)
        return Models::fail(generation.error());
    auto stored = corpus.embedder(name);
    if (!stored)
        return Models::fail(stored.error());
    if (stored->has_value() && (*stored)->corpusGeneration == *generation && (*stored)->dim == options.dim) {
        auto e = LocalEmbedder::deserialize((*stored)->params);
        if (e) {
            FittedEmbedder f;
            f.embedder = std::make_shared<const LocalEmbedder>(std::move(*e));
            f.corpusGeneration = *generation;
            return f;
        }
        // Unreadable parameters (e.g. another build's format): refit below.
    }
    auto texts = corpus.allTexts();
    if (!texts)
        return Models::fail(texts.error());
    if (texts->isEmpty())
        return Models::fail(QStringLiteral("the corpus is empty: nothing to fit the embedder on"));
    QStringList docs;
    docs.reserve(texts->size());
    for (const auto &t : std::as_const(*texts))
        docs.append(LocalEmbedder::paperText(t.title, t.abstract));
    auto fitted = LocalEmbedder::fit(docs, options);
    if (!fitted)
        return Models::fail(fitted.error());
    QHash<qint64, QList<float>> vectors;
    vectors.reserve(texts->size());
    for (qsizetype i = 0; i < texts->size(); ++i)
        vectors.insert(texts->at(i).id, fitted->embed(docs.at(i)));
    if (auto ok = corpus.saveEmbedder({name, options.dim, *generation, fitted->serialize()}, vectors, true); !ok)
        return Models::fail(ok.error());
    FittedEmbedder f;
    f.embedder = std::make_shared<const LocalEmbedder>(std::move(*fitted));
    f.refitted = true;
    f.corpusGeneration = *generation;
    f.vectors = int(vectors.size());
    return f;
}

Models::Result<QHash<qint64, double>> semanticScores(const Models::CorpusStore &corpus, const LocalEmbedder &embedder,
                                                     const QString &query, const QList<qint64> &paperIds)
{
    QHash<qint64, double> out;
    if (paperIds.isEmpty())
        return out;
    const QList<float> q = embedder.embed(query);
    auto stored = corpus.embeddings(embedder.name(), embedder.dim(), paperIds);
    if (!stored)
        return Models::fail(stored.error());
    QList<qint64> missing;
    for (qint64 id : paperIds) {
        if (!stored->contains(id))
            missing.append(id);
    }
    if (!missing.isEmpty()) {
        auto papers = corpus.papers(missing);
        if (!papers)
            return Models::fail(papers.error());
        for (const auto &p : std::as_const(*papers))
            stored->insert(p.id, embedder.embed(LocalEmbedder::paperText(p.title, p.abstract)));
    }
    for (qint64 id : paperIds) {
        const QList<float> v = stored->value(id);
        double dot = 0;
        for (qsizetype i = 0; i < v.size() && i < q.size(); ++i)
            dot += double(v.at(i)) * double(q.at(i));
        out.insert(id, dot);
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
