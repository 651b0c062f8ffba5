#pragma once

// CorpusStore: the local paper corpus (papers + papers_fts, kept in sync by triggers) and its
// generation counter. It owns nothing but the Database handle and is safe to use from any thread
// (each thread uses its own connection). Writes are batched in BEGIN IMMEDIATE transactions, so an
// interrupted import leaves whole batches; all methods return Result/Status and never throw.
// User text never reaches FTS5 as query syntax: ftsQuery() turns it into quoted terms.

#include "database.h"
#include "models/types/types.h"

#include <QHash>
#include <QList>

#include <functional>
#include <memory>
#include <optional>

namespace Sovereign::Models {

enum class UpsertMode {
    SkipExisting, // a paper whose version-less id is already stored is left alone
    Refresh,      // ...is updated in place when any stored field differs (e.g. a newer version)
};

struct UpsertCounts
{
    int inserted = 0;
    int updated = 0;
    int skipped = 0;
    QList<qint64> ids; // row id per input paper, in input order (also for skipped ones)
};

struct CorpusHit
{
    qint64 paperId = 0;
    QString arxivId;
    QString title;
    double score = 0; // -bm25: larger is better
};

struct CorpusStats
{
    qint64 papers = 0;
    qint64 demoPapers = 0;
    qint64 generation = 0;
    QString earliestPublished;
    QString latestPublished;
    QList<QPair<QString, qint64>> topCategories; // primary category -> count, most common first
    QHash<QString, qint64> byOrigin;
};

// Title and abstract of one paper, for fitting (IDF, embedder).
struct PaperText
{
    qint64 id = 0;
    QString arxivId;
    QString title;
    QString abstract;
};

// A fitted embedder as stored: vectors of different embedders (or dimensions) never mix.
struct EmbedderRecord
{
    QString name;
    int dim = 0;
    qint64 corpusGeneration = 0; // the corpus generation it was fitted on / vectors were made for
    QByteArray params;           // the fitted state (local embedders), opaque here
};

// How search() keeps OR queries cheap at millions of papers: FTS5 scores every row a query matches
// and, for the idf, reads every posting of every phrase. When the phrases' postings add up to more
// than plainPostings, only papers with the rarest phrases are scored (any of them while they match
// at most requiredMatches papers; otherwise all of the rarest few), and the remaining phrases, as
// far as their postings fit rankingPostings, only add to those papers' scores.
// Measured at 1,000,000 papers (README): about 2 us per scored paper, 0.05 us per posting read.
struct FtsShape
{
    qint64 plainPostings = 20000;
    qint64 requiredMatches = 3000;
    int maxRequiredAll = 3;
    qint64 rankingPostings = 100000;
};

// How search() runs one text: phrases (lower-case words joined by spaces) a paper must contain
// (one of them, or all when requireAll) and phrases that only add to the score. No required
// phrases: one plain OR query of all phrases.
struct FtsPlan
{
    QStringList required;
    bool requireAll = false;
    QStringList ranking;
    QString requiredMatch() const; // the FTS5 MATCH expression of the required part
};

class CorpusStore final
{
public:
    // bm25 column weights: a term in the title counts this many times one in the abstract.
    static constexpr double TitleWeight = 4.0;
    static constexpr double AbstractWeight = 1.0;

    explicit CorpusStore(std::shared_ptr<Database> db);
    const std::shared_ptr<Database> &database() const { return m_db; }

    // One transaction for the whole list (callers batch). Papers without an arXiv id or title are
    // refused with an error naming them; nothing of that batch is written then.
    Result<UpsertCounts> upsert(const QList<Paper> &papers, UpsertMode mode = UpsertMode::SkipExisting);

    // Bulk loading (large imports): FTS5 keeps up to 64 MB of new terms in memory before writing a
    // segment and stops merging segments as it goes; finishBulkLoad() restores the defaults and,
    // with optimize, merges the whole index into one b-tree (what keeps searches fast at millions
    // of papers). Both settings are stored in the FTS table, so an interrupted import leaves a
    // working (if less merged) index that the next import's finishBulkLoad() merges.
    Status beginBulkLoad();
    Status finishBulkLoad(bool optimize);

    Result<Paper> paper(qint64 id) const;
    // Accepts versioned ids and abs URLs too; nullopt when not stored.
    Result<std::optional<Paper>> paperByArxivId(const QString &arxivId) const;
    Result<QList<Paper>> papers(const QList<qint64> &ids) const; // in the given order, missing ids left out

    // bm25 search over title (weighted) and abstract. The text is sanitised with ftsQuery(); at
    // scale only papers with its rarest phrases are scored (see FtsShape), with the bm25 of the OR
    // of all phrases kept.
    Result<QList<CorpusHit>> search(const QString &text, int limit) const;
    // Same, on an explicit connection (for worker threads that manage their own).
    static Result<QList<CorpusHit>> search(const QSqlDatabase &conn, const QString &text, int limit);
    static Result<QList<CorpusHit>> search(const QSqlDatabase &conn, const QString &text, int limit, const FtsShape &shape);
    static FtsPlan searchPlan(const QSqlDatabase &conn, const QString &text, const FtsShape &shape = {});

    Result<CorpusStats> stats() const;
    Result<qint64> count() const;
    Result<qint64> corpusGeneration() const;

    // Documents containing each term (FTS5 vocabulary, terms as unicode61 folds them: lower case,
    // diacritics removed). Terms missing from the corpus map to 0.
    Result<QHash<QString, qint64>> documentFrequencies(const QStringList &terms) const;

    Result<QList<PaperText>> allTexts() const;
    // Up to limit papers with id > afterId, in id order (keyset paging for streaming passes).
    Result<QList<PaperText>> textsAfter(qint64 afterId, int limit) const;
    // A deterministic sample of about count papers, in id order: ids spread evenly between the
    // smallest and the largest (rowid look-ups, no scan); every paper when count >= the id span.
    Result<QList<PaperText>> sampleTexts(int count) const;

    // ---- embeddings (vectors are float32, stored little-endian) -------------------------------
    // nullopt when no embedder of that name is stored.
    Result<std::optional<EmbedderRecord>> embedder(const QString &name) const;
    // Replaces the embedder row and, when replaceVectors is set, drops all of its old vectors; then
    // stores the given ones. One transaction.
    Status saveEmbedder(const EmbedderRecord &record, const QHash<qint64, QList<float>> &vectors, bool replaceVectors);
    // Adds or replaces vectors of an existing embedder (e.g. remote embeddings computed lazily).
    Status saveEmbeddings(const QString &embedderName, int dim, const QHash<qint64, QList<float>> &vectors);
    // Compact vectors (local embedders, table embedding_codes): int8 codes with one scale per vector
    // (v ~ scale * code, |code| <= 127, see quantize()). vectors holds ids.size() rows of dim
    // floats. The embedder row must exist. One transaction.
    Status saveQuantizedEmbeddings(const QString &embedderName, int dim, const QList<qint64> &ids, const float *vectors);
    // Calls f(paper id, scale, codes) for every compact vector of the embedder, in paper id order
    // (streamed: nothing is collected). A vector of another size is an error.
    Status forEachQuantizedEmbedding(const QString &embedderName, int dim,
                                     const std::function<void(qint64, float, const qint8 *)> &f) const;
    Result<qint64> embeddingCount(const QString &embedderName) const;
    // scale = max|v| / 127, codes = round(v / scale): the error is at most scale / 2 per value.
    static void quantize(const float *v, int dim, float *scale, qint8 *codes);

    // Vectors of the given papers (all papers when ids is empty); papers without one are absent.
    // Compact vectors are returned dequantized.
    // A stored vector whose dimension differs from dim is an error, never silently mixed.
    Result<QHash<qint64, QList<float>>> embeddings(const QString &embedderName, int dim, const QList<qint64> &ids = {}) const;

    // The safe FTS5 MATCH expression for free user text: word tokens are quoted and OR-ed, a
    // "double-quoted phrase" stays a phrase; everything else (operators, colons, brackets, stray
    // quotes) is dropped. Empty when the text has no word at all.
    static QString ftsQuery(const QString &userText);

private:
    std::shared_ptr<Database> m_db;
};

} // namespace Sovereign::Models
