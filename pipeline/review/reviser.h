#pragma once
// The reviser (stage 9).
//
// The Reviser turns a round's reviews into the next round's claims: the rule-based default drops
// unverified claims with no evidence, softens (attributes to the source) the other unverified
// claims the reviewers flagged, and writes specific disclosures for Uncertainties.

#include "reviewer.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace Sovereign::Pipeline {

// The owner's structured request about one claim of the current round (1-based ordinal among the
// shown claims): drop it, soften it (attribute it to the source), or replace its text.
struct OwnerClaimAction
{
    enum class Kind { Drop, Soften, Replace };
    int ordinal = 0;
    Kind kind = Kind::Drop;
    QString text; // Replace only
};
QString toText(OwnerClaimAction::Kind k); // drop | soften | replace
std::optional<OwnerClaimAction::Kind> ownerActionKind(const QString &s);
QString describe(const QList<OwnerClaimAction> &actions); // "drop claim 3; soften claim 1"

// The owner's revision note: lines "drop claim N", "soften claim N" and "replace claim N: text" are
// structured actions; every other line is the free note (disclosed, and given to an LLM reviser).
struct OwnerRequest
{
    QList<OwnerClaimAction> actions;
    QString note;
};
OwnerRequest parseOwnerRequest(const QString &note);

// One measurable change a revision made to one claim.
struct RevisionAction
{
    int fromOrdinal = 0; // the claim's ordinal in the previous round
    QString action;      // dropped | softened | re-attributed | restored | replaced
    QString by;          // owner | rules | llm
    QString before, after, why;
    QJsonObject toJson() const;
};

struct RevisionRequest
{
    int round = 1;                        // the round being produced
    QList<Models::Claim> claims;          // the previous round's claims (dropped ones ignored)
    QList<Models::Review> reviews;        // the previous round's reviews
    QStringList questionTerms;
    QString ownerNote;
    QList<OwnerClaimAction> ownerActions; // applied first; the note is disclosed as given
    QString sourceText;                   // numbers of a rewritten claim are checked against it
    PipelineSettings settings;
};

struct RevisionOutcome
{
    // The new round's claims: kept and softened first (ordinals 1..n), then dropped ones.
    QList<Models::Claim> claims;
    QList<int> changedOrdinals;  // new ordinals whose text changed: verify them again
    QStringList notes;           // disclosures for Uncertainties
    QString reason;              // why this revision exists (DraftRevision.reason)
    QList<RevisionAction> actions; // empty: the round changed nothing
    int dropped = 0;
    int softened = 0;
    int reattributed = 0;
    int restored = 0;
    int replaced = 0;
};

class Reviser
{
public:
    virtual ~Reviser() = default;
    virtual QString backend() const = 0;
    // Called on a worker thread without an event loop; see the Reviewer contract.
    virtual Models::Result<RevisionOutcome> revise(const RevisionRequest &request, const CancelFlag &cancel) = 0;
};

class RuleReviser final : public Reviser
{
public:
    QString backend() const override { return QStringLiteral("rules"); }
    Models::Result<RevisionOutcome> revise(const RevisionRequest &request, const CancelFlag &cancel) override;

    // "FLAME-MoE significantly beats X." -> "According to the source, FLAME-MoE beats X."
    static QString soften(const QString &claim);
};

} // namespace Sovereign::Pipeline
