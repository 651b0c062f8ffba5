#pragma once

// The run's judgment of a round's claims beyond the cosine: question coverage by specific terms
// (questioncoverage.h) and the per-claim checks (claimchecks.h), written into each shown claim
// (Claim::checks, Claim::addressesQuestion), plus the counts the reviewers, the policy, the
// composer and the public record read. Pure functions; the run looks up the document frequencies in
// the corpus it searched.

#include "claimchecks.h"
#include "questioncoverage.h"

#include "models/types/types.h"

#include <functional>

namespace Sovereign::Pipeline {

struct JudgmentContext
{
    QuestionProfile profile;
    QString sourceText;
    // Names that are field words in this corpus (more than rule.genericNameShare of documents).
    std::function<bool(const QString &name)> isGenericName;
};

// The context from document frequencies (looked up for judgmentLookupWords()) in `documents` papers.
JudgmentContext judgmentContext(const QString &question, const QString &sourceText,
                                const QHash<QString, qint64> &documentFrequency, qint64 documents,
                                const CoverageRule &rule = {});
// The lower-case words judgmentContext() needs frequencies for.
QStringList judgmentLookupWords(const QString &question, const QStringList &texts);

// Fills checks and addressesQuestion of every shown (not dropped) claim and returns the coverage
// of the question by the shown claims.
CoverageReport judgeClaims(QList<Models::Claim> &claims, const JudgmentContext &context);

struct JudgmentSummary
{
    int shown = 0;
    int verified = 0;     // by the cosine rule (or the owner's override)
    int corroborated = 0; // verified, no disagreement, same subject
    QList<int> disputed;          // ordinals: the evidence disagrees
    QList<int> differentSubject;  // ordinals: verified by a passage about another method
    QList<int> numbersOff;        // ordinals: a number not in the source
    int withNumbers = 0;
    QList<int> unverified;

    double corroboratedShare() const { return shown > 0 ? double(corroborated) / shown : 0.0; }
};

JudgmentSummary summarize(const QList<Models::Claim> &claims);

// Uncertainty disclosure judged against what the run measured: every weakness present in this
// run (unverified claims, the question not addressed, evidence that disagrees, passages about a
// different subject, numbers not in the source, the search's scope) must be disclosed in the
// Uncertainties text, and the text must not claim what the run contradicts.
struct DisclosureCheck
{
    QStringList measured;  // the weaknesses that had to be disclosed
    QStringList missing;   // ... and were not
    QStringList overclaim; // statements the run contradicts
    int disclosed() const { return int(measured.size() - missing.size()); }
};
DisclosureCheck checkDisclosure(const JudgmentSummary &summary, const std::optional<CoverageReport> &coverage,
                                const QString &uncertainties);

} // namespace Sovereign::Pipeline
