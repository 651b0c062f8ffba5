#pragma once

// Question coverage by specific terms: does a draft's set of claims answer the research question,
// or does it only share the field's vocabulary with it?
//
// profileQuestion() weighs every content word of the question by how specific it is in the
// documents the run searched: weight = ln((1 + n) / (1 + df)), so a word found in every document
// weighs 0 and a word found in none weighs ln(1 + n). Named methods, models, datasets and
// benchmarks in the question (CamelCase or inner capitals, acronyms, hyphenated or digit-bearing
// names, capitalised words not at a sentence start; adjacent names join: "Mixtral 8x7B") are
// *required terms*, unless they are field words themselves (found in more than
// `genericNameShare` of the documents, like "MoE" in a corpus about MoE).
//
// assessCoverage() checks which terms the shown claims cover (stemmed words; names as whole
// names, hyphens and spaces ignored). The question is addressed only when every required term is
// covered and the covered weight is at least `minWeightShare` of the question's total weight.
// A claim addresses the question when it covers a required term or at least `claimMinShare` of
// the weight. Pure functions over the question, the claims and document frequencies; thread-safe.

#include "pipeline/core/settings.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Sovereign::Pipeline {

struct QuestionTerm
{
    QString text;        // as written in the question: "ExpertFlow", "binding", "Mixtral 8x7B"
    QString key;         // match key: the stem of a word, the lower-cased parts of a name joined by '-'
    int position = 0;    // word index in the question (adjacent uncovered words form a phrase)
    qint64 df = 0;       // documents containing it (a name: its rarest part)
    double weight = 0;   // ln((1 + n) / (1 + df))
    bool required = false;
    bool name = false;
};

struct QuestionProfile
{
    QString question;
    qint64 documents = 0;
    QList<QuestionTerm> terms; // in question order
    CoverageRule rule;

    double totalWeight() const;
    QStringList requiredTerms() const;
    QJsonObject toJson() const;
    static QuestionProfile fromJson(const QJsonObject &o);
};

struct ClaimCoverage
{
    int ordinal = 0;
    QStringList covered; // question terms (display text) this claim covers
    double weightShare = 0;
    bool addresses = false;
};

struct CoverageReport
{
    QList<ClaimCoverage> claims;
    QStringList covered;            // question terms some claim covers, question order
    QStringList uncoveredRequired;  // required terms no claim covers
    QStringList uncovered;          // every uncovered term, adjacent words joined into phrases
    QStringList notCovered;         // what a reason names: uncovered required terms, then the most
                                    // specific uncovered phrases (at most 6 in all)
    double weightShare = 0;         // covered weight / total weight (1 with no weighted term)
    bool addressed = false;

    QJsonObject toJson() const;
    static CoverageReport fromJson(const QJsonObject &o);
    // "not covered: ExpertFlow, AMBER, attribute binding" (empty when everything is covered).
    QString notCoveredText() const;
    const ClaimCoverage *forClaim(int ordinal) const;
};

// Named methods, models, datasets and benchmarks in a text, in order, de-duplicated; adjacent
// names joined ("Mixtral 8x7B"), style suffixes dropped ("Lynx-style" -> "Lynx"), possessives
// dropped, generic acronyms (GPU, LLM, QA ...) skipped.
QStringList namedTerms(const QString &text);

// The lower-case words whose document frequency profileQuestion() needs.
QStringList questionLookupWords(const QString &question);

QuestionProfile profileQuestion(const QString &question, const QHash<QString, qint64> &documentFrequency,
                                qint64 documents, const CoverageRule &rule = {});

// `claims`: (ordinal, text) of the claims shown in the draft.
CoverageReport assessCoverage(const QuestionProfile &profile, const QList<std::pair<int, QString>> &claims);

// True when `name` occurs in `text` as a whole name (case, hyphens and spaces ignored).
bool mentionsName(const QString &text, const QString &name);

} // namespace Sovereign::Pipeline
