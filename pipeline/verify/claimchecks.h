#pragma once

// Checks of one claim beyond the TF-IDF cosine, all pure functions over text:
//
//   numbers       every quantity in the claim ("3.4 points", "38M", "1.7B", "64 experts", "2x",
//                 "31%") must occur in the source text with the same value (and the same unit when
//                 both name one); a quantity that does not is "not in the source".
//   disagreement  the claim's best evidence passage states, for the same quantity (same unit,
//                 at least two of the content words before the number shared), a different value
//                 and nowhere the claim's value; or it states the opposite direction for the same
//                 thing ("increases" against "decreases", "outperforms" against "underperforms"),
//                 or the negation ("does not improve").
//   subject       the claim is about a named method (its first specific name) and the passage names
//                 other methods but never this one: "similar wording, different subject".
//
// ClaimChecks is what the pipeline stores per claim (claims.checks, JSON) and what the reviewers,
// the policy, the record and the Claims tab read.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace Sovereign::Pipeline {

struct Quantity
{
    QString text;        // as written: "31%", "2.3B", "48 experts"
    double value = 0;    // 31, 2.3e9, 48 (B, M and K scale the value)
    QString unit;        // "%", "x", "points", "params" (B/M/K), or the noun after the number
    QStringList context; // up to five content stems before the number, same sentence
};

QList<Quantity> extractQuantities(const QString &text);

// The claim's quantities that the source text does not contain.
QStringList numbersNotInSource(const QString &claim, const QString &sourceText);

struct Disagreement
{
    QString kind;   // "number" | "direction" | "negation"
    QString detail; // "the claim says 31%, the passage says 7% (decoding throughput)"
};

std::optional<Disagreement> findDisagreement(const QString &claim, const QString &passage);

struct SubjectMismatch
{
    QString claimSubject;          // "GateLite"
    QStringList passageSubjects;   // "TokenRelay"
    QString text() const;          // "similar wording, different subject (TokenRelay, not GateLite)"
};

// `isGeneric`: names that are field words rather than subjects (e.g. found in most documents).
std::optional<SubjectMismatch> findSubjectMismatch(const QString &claim, const QString &passage,
                                                   const std::function<bool(const QString &name)> &isGeneric = {});

struct ClaimChecks
{
    QStringList questionTerms;        // question terms this claim covers
    bool addressesQuestion = false;
    QStringList numbersNotInSource;
    std::optional<Disagreement> disagreement;
    std::optional<SubjectMismatch> differentSubject;

    bool hasNumbers = false;          // the claim states at least one quantity
    // Verified and neither disputed nor about another subject: what counts as corroborated.
    bool corroborates(bool verified) const { return verified && !disagreement && !differentSubject; }

    QJsonObject toJson() const;
    static ClaimChecks fromJson(const QJsonObject &o);
    // Short labels for tables: "disagrees: ...", "similar wording, different subject (...)", ...
    QStringList flags() const;
};

} // namespace Sovereign::Pipeline
