#pragma once

// Stage 6, claim verification: TF-IDF cosine between each claim and every evidence passage,
// numerically identical to scikit-learn's TfidfVectorizer(ngram_range=(1, 2)) with default
// settings (tests/pipeline/tst_verifier checks this to 1e-6 against scikit-learn itself):
//   - text is lower-cased as Python's str.lower() does (full Unicode mapping, final sigma);
//   - tokens are the maximal runs of >= 2 "word" code points, Python's (?u)\b\w\w+\b, where a word
//     code point is a letter (L*), a number (N*) or '_' (not combining marks, unlike PCRE2's \w);
//   - features are those tokens and every pair of consecutive tokens ("a b"), counted raw;
//   - the vocabulary and idf come from the passages only: idf = ln((1 + n) / (1 + df)) + 1;
//   - every vector is tf * idf scaled to unit l2 norm; the score is the dot product (a cosine).
// A claim's confidence is its best score over all passages; it is verified iff that is >= the
// threshold (default 0.15). The best passage (first one on ties, as numpy's argmax) and within it
// the best sentence are kept for display. A claim sharing no feature with any passage scores 0
// and has no evidence passage.
//
// ClaimVerifier is immutable once fitted and safe to share between threads; verify() re-scores one
// (edited) claim in about a millisecond for a run's evidence, without refitting.

#include "models/types/types.h"

#include <QList>
#include <QString>
#include <QStringList>

#include "pipeline/core/settings.h"

#include <memory>
#include <string_view>
#include <vector>

namespace Sovereign::Pipeline {

struct EvidencePassage
{
    QString id;         // e.g. "2401.01234#p2"
    qint64 paperId = 0; // corpus row id (0 if not from the corpus)
    QString text;
};

struct ClaimVerdict
{
    int claimIndex = -1;
    bool verified = false;
    double confidence = 0; // best cosine, 0..1
    int passageIndex = -1; // -1: no passage shares a feature with the claim
    QString passageId;
    qint64 evidencePaperId = 0;
    QString passage;  // text of the best passage
    QString sentence; // best-matching sentence within it
};

struct VerificationResult
{
    QList<ClaimVerdict> verdicts; // one per claim, in input order
    double threshold = DefaultVerifyThreshold;
    qsizetype vocabularySize = 0;
    qsizetype passageCount = 0;
    QString note; // e.g. why everything scored 0 (no passages, empty vocabulary)

    int verifiedCount() const;
};

// ---- text analysis, as scikit-learn's default word analyzer --------------------------------------
QString pythonLower(const QString &text);
// Tokens of already lower-cased text.
QStringList sklearnTokens(const QString &text);
// Sentences of a text: splits after . ! ? followed by space and an upper-case letter, digit, quote
// or bracket; keeps "e.g.", "i.e.", "et al.", "Fig. 2" and decimals together.
QStringList splitEvidenceSentences(const QString &text);
// Evidence passages from papers' abstracts: consecutive groups of up to sentencesPerPassage
// sentences, ids "<arxiv id>#p<n>" (n from 1).
QList<EvidencePassage> passagesFromPapers(const QList<Models::Paper> &papers, int sentencesPerPassage = 3);

// ---- the fitted model -----------------------------------------------------------------------------
class TfidfModel
{
public:
    struct Entry
    {
        int feature = 0;
        double weight = 0;
    };
    using SparseVector = std::vector<Entry>; // sorted by feature, l2-normalised

    // Fits vocabulary and idf on the documents and returns their vectors (fit_transform).
    std::vector<SparseVector> fit(const QStringList &documents);
    SparseVector transform(const QString &text) const;

    qsizetype vocabularySize() const { return qsizetype(m_idf.size()); }
    qsizetype documentCount() const { return m_documents; }
    // Feature index of a unigram ("expert") or bigram ("expert routing"), -1 if absent.
    int featureIndex(const QString &term) const;
    double idf(int feature) const { return m_idf.at(size_t(feature)); }

private:
    void analyse(const QString &text, bool grow, std::vector<int> &features) const;
    int unigram(std::u16string_view token, bool grow) const;
    int unigram(std::u16string_view token, quint64 hash, bool grow) const;
    int bigram(int previous, int id, bool grow) const;
    SparseVector weigh(std::vector<int> &features) const;

    // Open-addressing hash tables (the vocabulary of a run's evidence has ~10^5-10^6 features;
    // node-based maps spent most of the fit time allocating). Mutable only during fit().
    struct TermSlot
    {
        quint64 hash = 0;
        quint32 offset = 0;
        quint32 length = 0;
        int id = -1; // -1: empty
    };
    struct PairSlot
    {
        quint64 key = 0;
        int id = -1; // -1: empty
    };
    int findTerm(std::u16string_view token, quint64 hash) const;
    int findPair(quint64 key) const;
    void growTerms();
    void growPairs();

    mutable std::vector<char16_t> m_arena; // unigram characters, back to back
    mutable std::vector<TermSlot> m_termSlots;
    mutable std::vector<PairSlot> m_pairSlots;
    mutable qsizetype m_termCount = 0;
    mutable qsizetype m_pairCount = 0;
    mutable int m_nextFeature = 0;
    std::vector<double> m_idf;
    qsizetype m_documents = 0;
};

class ClaimVerifier
{
public:
    static std::shared_ptr<const ClaimVerifier> fit(const QList<EvidencePassage> &passages);

    ClaimVerdict verify(const QString &claim, double threshold = DefaultVerifyThreshold) const;
    // threads <= 0: one per core. withText = false leaves passage and sentence empty (ids only),
    // which is what bulk scoring (sovereign verify) needs.
    QList<ClaimVerdict> verifyAll(const QStringList &claims, double threshold = DefaultVerifyThreshold,
                                  int threads = 0, bool withText = true) const;
    // The cosine of the claim against every passage (for tests and diagnostics).
    std::vector<double> scores(const QString &claim) const;

    const QList<EvidencePassage> &passages() const { return m_passages; }
    const TfidfModel &model() const { return m_model; }

private:
    ClaimVerifier() = default;
    struct Scratch
    {
        std::vector<double> acc;
        std::vector<int> touched;
        std::vector<TfidfModel::Entry> order;
        std::vector<double> bound;
        std::vector<int> candidates;
        std::vector<char> isCandidate;
    };
    ClaimVerdict score(const TfidfModel::SparseVector &q, Scratch &scratch, double threshold, bool withText) const;
    QString bestSentence(const TfidfModel::SparseVector &q, const QString &passage) const;

    QList<EvidencePassage> m_passages;
    TfidfModel m_model;
    // Inverted index (CSC by feature): postings of feature f are [m_start[f], m_start[f + 1]).
    std::vector<qsizetype> m_start;
    std::vector<int> m_postingPassage;
    std::vector<double> m_postingWeight;
    std::vector<double> m_maxWeight; // per feature, the largest posting weight
    // The passages' own vectors (CSR), for exact dot products with the few candidates left after
    // pruning: row p is [m_rowStart[p], m_rowStart[p + 1]).
    std::vector<qsizetype> m_rowStart;
    std::vector<TfidfModel::Entry> m_rowEntries;
};

VerificationResult verifyClaims(const QList<EvidencePassage> &passages, const QStringList &claims,
                                double threshold = DefaultVerifyThreshold);

} // namespace Sovereign::Pipeline
