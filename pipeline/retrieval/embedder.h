#pragma once

// Stage 4, the local embedder: latent semantic analysis with feature hashing, fitted on a sample.
//
// Method. Each paper is "title abstract", analysed like the verifier (Python-style lower case,
// tokens of >= 2 word characters) into word unigrams and bigrams, each hashed (64-bit, no string is
// kept) into one of `buckets` buckets. On a deterministic sample of at most sampleSize papers
// (CorpusStore::sampleTexts), the buckets that occur in at least minDf papers are kept (the
// maxFeatures most frequent ones), weighted tf * idf with idf = ln((1 + n) / (1 + df)) + 1 and
// l2-normalised: the sparse matrix X (papers x features). X is reduced to `dim` dimensions by
// randomized truncated SVD (Halko, Martinsson and Tropp 2011): a Gaussian test matrix with
// `oversample` extra columns, `powerIterations` rounds of power iteration with re-orthonormalisation,
// then the exact SVD of the small projected matrix. The embedding of a text is its TF-IDF row times
// the top right singular vectors V_k, l2-normalised; cosine similarity is then a dot product. If the
// sample has fewer than `dim` independent directions the remaining coordinates are 0. A fixed seed
// makes fitting deterministic on a given platform. Memory is bounded by the sample, not the corpus.
//
// Persistence. The fitted state (kept buckets, idf, V_k) goes to embedders.params; every paper's
// vector to embeddings as int8 with a per-vector scale (quantize.h), tagged with the embedder's name
// "local-tfidf-svd-<dim>" and dimension. ensureLocalEmbedder() reuses the fitted state until the
// corpus generation changes; buildSemanticIndex() refits and streams the whole corpus through it.

#include "models/storage/corpusstore.h"
#include "models/types/types.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <Eigen/Core>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace Sovereign::Pipeline {

struct EmbedderOptions
{
    int dim = 256;
    int maxFeatures = 32768;
    int buckets = 1 << 20;    // hash space of the features (a power of two)
    int sampleSize = 12000;   // papers the model is fitted on; corpora up to this size are fitted whole
    int minDf = 2; // lowered to 1 automatically when the corpus is too small to keep anything
    int oversample = 10;
    int powerIterations = 2;
    quint64 seed = 20260528;
};

class LocalEmbedder
{
public:
    static QString nameFor(int dim) { return QStringLiteral("local-tfidf-svd-%1").arg(dim); }
    // documents: the texts to fit on (one per paper). Fails when no text has a word.
    static Models::Result<LocalEmbedder> fit(const QStringList &documents, const EmbedderOptions &options = {});
    static Models::Result<LocalEmbedder> deserialize(const QByteArray &params);
    QByteArray serialize() const;

    QString name() const { return nameFor(m_dim); }
    int dim() const { return m_dim; }
    int rank() const { return m_rank; } // directions actually found (<= dim)
    qsizetype featureCount() const { return qsizetype(m_features.size()); }

    // Unit vector of dim floats; all zeros when the text has no known feature.
    QList<float> embed(const QString &text) const;
    // Buffers reused between calls (one per thread).
    struct Scratch
    {
        std::vector<quint64> hashes;
        std::vector<quint32> buckets;
        std::vector<std::pair<int, float>> row;
    };
    // Same into out[0..dim).
    void embedInto(const QString &text, float *out, Scratch &scratch) const;
    // Text used for a paper.
    static QString paperText(const QString &title, const QString &abstract);

private:
    void buildColumns();
    // Buckets (consumed) -> sorted (column, tf * idf) pairs with unit norm; unknown buckets dropped.
    void weigh(std::vector<quint32> &buckets, std::vector<std::pair<int, float>> &row) const;

    int m_dim = 0;
    int m_rank = 0;
    int m_buckets = 0;
    std::vector<quint32> m_features; // kept buckets, column order (ascending)
    std::vector<float> m_idf;
    std::vector<int> m_column; // bucket -> column or -1
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> m_projection; // features x dim
};

struct FittedEmbedder
{
    std::shared_ptr<const LocalEmbedder> embedder;
    bool refitted = false; // false: loaded from the database
    bool stale = false;    // fitted on an older corpus generation (a large corpus is refitted by buildSemanticIndex)
    qint64 corpusGeneration = 0; // the generation the model was fitted on
    int vectors = 0; // papers with a stored vector (written by this call)
};

// Loads the stored embedder if it matches the current corpus generation. Otherwise a corpus of at
// most sampleSize papers is refitted on the spot (fast: one sample = the whole corpus) with its
// vectors stored; a larger corpus keeps using the stored model (stale = true) and is refitted by
// buildSemanticIndex() in the background. Only when nothing usable is stored is a large corpus
// fitted here, on its sample, without storing vectors. Fails on an empty corpus.
Models::Result<FittedEmbedder> ensureLocalEmbedder(Models::CorpusStore &corpus, const EmbedderOptions &options = {});

struct IndexProgress
{
    enum class Phase { Fitting, Embedding };
    Phase phase = Phase::Fitting;
    qint64 done = 0;  // papers embedded
    qint64 total = 0; // papers in the corpus
    qint64 elapsedMs = 0;
};

struct IndexBuildReport
{
    qint64 papers = 0;
    qint64 sampled = 0;
    double fitSeconds = 0;
    double embedSeconds = 0; // transform + store
    bool rebuilt = false;    // false: the stored index was current
    bool cancelled = false;
};

// The semantic index of the whole corpus: fit on the sample (unless the stored model matches the
// corpus generation and every paper has a vector), then one streaming pass in id order, batches of
// 8192 papers embedded on every core and stored as int8 vectors in one transaction each. Memory is
// the model plus two batches. Cancel is checked between batches; an interrupted build leaves the
// model marked stale (generation -1), so the next call starts over.
Models::Result<IndexBuildReport> buildSemanticIndex(Models::CorpusStore &corpus, const EmbedderOptions &options = {},
                                                    const std::function<void(const IndexProgress &)> &progress = {},
                                                    const std::atomic_bool *cancel = nullptr);

// Cosine between the query text and each paper, in float: the papers' vectors are computed from
// their text with the given model (the exact re-rank of a handful of candidates; stored int8
// vectors are for scanning the whole corpus, see SemanticIndex).
Models::Result<QHash<qint64, double>> semanticScores(const Models::CorpusStore &corpus, const LocalEmbedder &embedder,
                                                     const QString &query, const QList<qint64> &paperIds);

// Re-ranks merged candidates: finalScore = weight * max(semantic, 0) + (1 - weight) * rrf / maxRrf,
// sorted descending (ties by fused rank). Sets semanticScore and finalRank; papers without a
// semantic score count as 0 there. weight 0 keeps the fused order.
void applySemanticRerank(QList<Models::RunPaper> &papers, const QHash<qint64, double> &semantic, double weight = 0.5);

} // namespace Sovereign::Pipeline
