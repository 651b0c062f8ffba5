#pragma once

// Tribunal v2 (stage 8), the reviser (stage 9) and the policy (stage 10).
//
// runTribunal() starts the three roles at once through the ReviewerFactory, waits for all three,
// and returns their reviews with the mean score and its verdict. A reviewer that fails does not
// end the tribunal: its review is kept with `failure` set (and its transcript, when it made one),
// the score is the mean of the reviewers that answered and the outcome is marked partial (with no
// answer at all: score 0, REJECT). It fails only with "cancelled" when the flag is raised.
//
// The Reviser turns a round's reviews into the next round's claims: the rule-based default drops
// unverified claims with no evidence, softens (attributes to the source) the other unverified
// claims the reviewers flagged, and writes specific disclosures for Uncertainties.
//
// decidePolicy() gives AUTO_APPROVE only for APPROVE with no gate failing, and says which gates
// fired (or why the verdict alone escalates) in a readable reason.

#include "reviewer.h"

#include <QList>

namespace Sovereign::Pipeline {

using LaneEmitter = std::function<void(Models::EventKind kind, const QString &lane, const QString &message,
                                       const QJsonObject &data)>;

struct TribunalOutcome
{
    int round = 0;
    QList<Models::Review> reviews; // SKEPTIC, VALIDATOR, SYNTHESIZER
    double score = 0;              // mean of the reviewers that answered, 2 decimals
    Models::Verdict verdict = Models::Verdict::Reject;
    bool partial = false;          // a reviewer failed: the score is over fewer than three
    QStringList failures;          // "SKEPTIC: <reason>" per failed reviewer
};

Models::Result<TribunalOutcome> runTribunal(const ReviewerFactory &factory, const ReviewRequest &base,
                                            const CancelFlag &cancel, const LaneEmitter &emitEvent = {});

// ---- revision ---------------------------------------------------------------------------------

struct RevisionRequest
{
    int round = 1;                        // the round being produced
    QList<Models::Claim> claims;          // the previous round's claims (dropped ones ignored)
    QList<Models::Review> reviews;        // the previous round's reviews
    QStringList questionTerms;
    QString ownerNote;
    PipelineSettings settings;
};

struct RevisionOutcome
{
    // The new round's claims: kept and softened first (ordinals 1..n), then dropped ones.
    QList<Models::Claim> claims;
    QList<int> changedOrdinals;  // new ordinals whose text changed: verify them again
    QStringList notes;           // disclosures for Uncertainties
    QString reason;              // why this revision exists (DraftRevision.reason)
    int dropped = 0;
    int softened = 0;
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

// ---- policy -----------------------------------------------------------------------------------

struct GateResult
{
    QString gate;   // question_not_addressed | verified_claims_below_minimum
    bool failed = false;
    QString detail;
};

struct PolicyDecision
{
    Models::Policy policy = Models::Policy::EscalateToOwner;
    QString reason;
    QList<GateResult> gates;
};

// Adds the gate `reviewer_failed (SKEPTIC: <reason>; ...)` when a reviewer of the deciding round
// failed: the draft then always goes to its owner.
void applyReviewerFailedGate(PolicyDecision &decision, const QStringList &failures);

// Adds the gate `claim_refuted (claim 3: "<quote>")` when the stance check found a shown claim's
// evidence passage REFUTES it with a grounded quote: the draft then always goes to its owner.
void applyStanceGate(PolicyDecision &decision, const QList<Models::Claim> &claims);

// `claims`: the claims shown in the final draft.
PolicyDecision decidePolicy(Models::Verdict verdict, double score, const QList<Models::Claim> &claims,
                            const PipelineSettings &settings);

} // namespace Sovereign::Pipeline
