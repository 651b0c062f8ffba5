#pragma once
// The policy (stage 10).
//
// decidePolicy() gives AUTO_APPROVE only for APPROVE with no gate failing, and says which gates
// fired (or why the verdict alone escalates) in a readable reason.

#include "reviewer.h"

#include "pipeline/verify/questioncoverage.h"

#include <QList>

namespace Sovereign::Pipeline {

struct GateResult
{
    QString gate;   // question_not_addressed | verified_claims_below_minimum | verified_share_below_minimum |
                    // evidence_disagrees
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

// `claims`: the claims shown in the final draft (with their checks); `coverage`: the question
// coverage of those claims (without it, the older "some claim addresses the question" test is used).
PolicyDecision decidePolicy(Models::Verdict verdict, double score, const QList<Models::Claim> &claims,
                            const PipelineSettings &settings, const std::optional<CoverageReport> &coverage = std::nullopt);

} // namespace Sovereign::Pipeline
