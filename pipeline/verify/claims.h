#pragma once

// Claim extraction, the embedded default (stage 5): sentence segmentation, claim-likeness scoring
// and the question-coverage test. Pure functions over strings: no I/O, no state, thread-safe.
//
// Segmentation splits on . ! ? and blank lines, but not after abbreviations ("e.g.", "i.e.",
// "et al.", "vs.", "Fig.", initials), inside numbers ("3.4", "1.7B"), or inside parentheses and
// brackets. Markdown headings and list bullets become their own segments.
//
// Scoring (documented in README "Claim extraction"): each sentence starts at 0 and earns points
// for result or comparative verbs, comparisons, numbers, first-person research acts ("we show",
// "we release", "we propose"...) and a named subject; it loses points for hedges, questions,
// background phrasing and extreme length. Every contribution is kept in `reasons`.

#include <QList>
#include <QString>
#include <QStringList>

namespace Sovereign::Pipeline {

QStringList segmentSentences(const QString &text);

struct ClaimCandidate
{
    QString text;      // the sentence, lightly normalised (discourse markers stripped)
    QString sentence;  // the sentence as segmented
    int index = 0;     // position among the text's sentences
    double score = 0;  // claim-likeness
    QStringList reasons; // "+1.5 result verb 'outperforms'", ...
};

// Every sentence with its score, in document order.
QList<ClaimCandidate> scoreSentences(const QString &text);

// The top `maxClaims` sentences scoring at least `minScore`, returned in document order.
QList<ClaimCandidate> extractClaims(const QString &text, int maxClaims, double minScore);

// Lower-cased, crudely stemmed content words (stop words and words under 3 letters removed).
QStringList contentTerms(const QString &text);
// The same terms as the words they come from (lower case), for texts people read ("decoding", not "decod").
QStringList contentTermWords(const QString &text);

// A claim addresses the question when it shares at least min(2, |question terms|) content terms.
bool addressesQuestion(const QString &claim, const QStringList &questionTerms);

// The question terms a claim shares (for issue texts and the coverage disclosure).
QStringList sharedTerms(const QString &claim, const QStringList &questionTerms);

} // namespace Sovereign::Pipeline
