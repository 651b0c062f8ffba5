#pragma once

// Stage 4, the local embedder: latent semantic analysis, fitted on the corpus.
//
// Method. Each paper is "title abstract", analysed like the verifier (Python-style lower case,
// tokens of >= 2 word characters) into word unigrams and bigrams. Features that occur in at least
// minDf papers are kept (the maxFeatures most frequent ones), weighted tf * idf with
// idf = ln((1 + n) / (1 + df)) + 1 and l2-normalised: the sparse matrix X (papers x features).
// X is reduced to `dim` dimensions by randomized truncated SVD (Halko, Martinsson and Tropp 2011):
// a Gaussian test matrix with `oversample` extra columns, `powerIterations` rounds of power iteration
// with QR re-orthonormalisation, then the exact SVD of the small projected matrix (through the
// eigen-decomposition of B B^T). The embedding of a text is its TF-IDF row times the top right
// singular vectors V_k, l2-normalised; cosine similarity is then a dot product. If the corpus has
// fewer than `dim` independent directions the remaining coordinates are 0, so the dimension is
// always `dim`. A fixed seed makes fitting deterministic on a given platform.
//
// Persistence. The fitted state (vocabulary, idf, V_k) goes to embedders.params, every paper's
// vector to embeddings as float32 tagged with the embedder's name "local-tfidf-svd-<dim>" and
// dimension; ensureLocalEmbedder() reuses both until the corpus generation changes, then refits.

#include "models/storage/corpusstore.h"
#include "models/types/types.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <Eigen/Core>

#include <memory>
#include <vector>

namespace Sovereign::Pipeline {

struct EmbedderOptions
{
    int dim = 256;
    int maxFeatures = 65536;
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
    qsizetype featureCount() const { return m_terms.size(); }

    // Unit vector of dim floats; all zeros when the text has no known feature.
    QList<float> embed(const QString &text) const;
    // Text used for a paper.
    static QString paperText(const QString &title, const QString &abstract);

private:
    std::vector<std::pair<int, float>> tfidf(const QString &text) const; // sorted, l2-normalised

    int m_dim = 0;
    int m_rank = 0;
    QStringList m_terms; // column order
    QHash<QString, int> m_index;
    std::vector<float> m_idf;
    Eigen::MatrixXf m_projection; // features x dim
};

struct FittedEmbedder
{
    std::shared_ptr<const LocalEmbedder> embedder;
    bool refitted = false; // false: loaded from the database
    qint64 corpusGeneration = 0;
    int vectors = 0; // papers with a stored vector
};

// Loads the stored embedder if it matches the current corpus generation, else fits it on every
// paper and stores parameters and vectors (one transaction). Fails on an empty corpus.
Models::Result<FittedEmbedder> ensureLocalEmbedder(Models::CorpusStore &corpus, const EmbedderOptions &options = {});

// Cosine between the query text and each paper's stored vector (a paper without a stored vector,
// e.g. added after fitting, is embedded from its text on the fly).
Models::Result<QHash<qint64, double>> semanticScores(const Models::CorpusStore &corpus, const LocalEmbedder &embedder,
                                                     const QString &query, const QList<qint64> &paperIds);

// Re-ranks merged candidates: finalScore = weight * max(semantic, 0) + (1 - weight) * rrf / maxRrf,
// sorted descending (ties by fused rank). Sets semanticScore and finalRank; papers without a
// semantic score count as 0 there. weight 0 keeps the fused order.
void applySemanticRerank(QList<Models::RunPaper> &papers, const QHash<qint64, double> &semantic, double weight = 0.5);

} // namespace Sovereign::Pipeline
