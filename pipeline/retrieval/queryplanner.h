#pragma once

// Stage 1, query planning: four search queries from the research question and the source paper's
// title, each with the strategy that produced it. planQueries() is a pure function over the texts
// and the corpus's document frequencies (so it is deterministic and testable); the CorpusStore
// overload looks the frequencies up first.
//
// The four strategies, in ordinal order:
//   1 idf-terms        the most specific single words (highest IDF in the corpus; words that occur
//                      in no document are only used when nothing else is left)
//   2 bigrams          adjacent content-word pairs, as quoted phrases, ranked by summed IDF
//   3 named-methods    names of methods and models: CamelCase / inner capitals (MoE, FlashAttention),
//                      capitalised words not at a sentence start, hyphenated or digit-bearing names
//                      (Switch-MoE, GPT-4, 8x7B), and the title part before a colon
//   4 question-keywords all content words of the question in order (the user's own wording, minus
//                      stop words), capped at 12 words
// A strategy that finds nothing falls back to the idf terms of the title so that there are always
// four non-empty queries when the inputs have any word at all. Every query is then cut to the
// posting budget (PlannerOptions::postingBudget).

#include "models/storage/corpusstore.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Sovereign::Pipeline {

struct PlannedQuery
{
    int ordinal = 0; // 1..4
    QString strategy;
    QString text; // plain text; CorpusStore::search sanitises it, quoted phrases stay phrases
    QStringList terms; // the terms / phrases / names that went into the text

    bool operator==(const PlannedQuery &) const = default;
};

struct PlannerOptions
{
    int idfTerms = 6;
    int bigrams = 3;
    int names = 5;
    int questionWords = 12;
    // Fast shapes at millions of papers: FTS5 scores every row an OR query matches, so a query's
    // cost follows the summed document frequency of its terms. Terms (phrases: the sum of their
    // words) are kept rarest first while the sum stays within this many postings; the rarest one is
    // always kept. Corpora where every term fits (the demo corpus) plan exactly as without it.
    qint64 postingBudget = 40000;
};

inline const QString StrategyIdfTerms = QStringLiteral("idf-terms");
inline const QString StrategyBigrams = QStringLiteral("bigrams");
inline const QString StrategyNamedMethods = QStringLiteral("named-methods");
inline const QString StrategyQuestionKeywords = QStringLiteral("question-keywords");

// Lower-case content words (stop words, one-letter words and pure numbers removed), in order.
QStringList contentWords(const QString &text);
bool isPlannerStopWord(const QString &lowerWord);
// Named methods / models found in the text, in order of first appearance, de-duplicated.
QStringList namedMethods(const QString &text);
// Every lower-case term whose document frequency planQueries() needs.
QStringList plannerTerms(const QString &question, const QString &sourceTitle);

// Smoothed IDF as used for ranking terms: ln((1 + n) / (1 + df)) + 1.
double plannerIdf(qint64 df, qint64 corpusSize);

QList<PlannedQuery> planQueries(const QString &question, const QString &sourceTitle,
                                const QHash<QString, qint64> &documentFrequency, qint64 corpusSize,
                                const PlannerOptions &options = {});

Models::Result<QList<PlannedQuery>> planQueries(const Models::CorpusStore &corpus, const QString &question,
                                                const QString &sourceTitle, const PlannerOptions &options = {});

} // namespace Sovereign::Pipeline
