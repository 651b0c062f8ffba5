#pragma once
// The policy (stage 10).
//
// decidePolicy() gives AUTO_APPROVE only for APPROVE with no gate failing, and says which gates
// fired (or why the verdict alone escalates) in a readable reason.

#include "reviewer.h"

#include <QList>

namespace Sovereign::Pipeline {

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

// `claims`: the claims shown in the final draft.
PolicyDecision decidePolicy(Models::Verdict verdict, double score, const QList<Models::Claim> &claims,
                            const PipelineSettings &settings);

} // namespace Sovereign::Pipeline
