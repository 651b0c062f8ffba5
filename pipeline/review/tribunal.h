#pragma once

// Tribunal v2 (stage 8). The reviser (stage 9) is in reviser.h, the policy (stage 10) in policy.h.
//
// runTribunal() starts the three roles at once through the ReviewerFactory, waits for all three,
// and returns their reviews with the mean score and its verdict. It fails (with the role and the
// reviewer's reason) if any reviewer fails, and with "cancelled" when the flag is raised.

#include "reviewer.h"

#include <QList>

namespace Sovereign::Pipeline {

using LaneEmitter = std::function<void(Models::EventKind kind, const QString &lane, const QString &message,
                                       const QJsonObject &data)>;

struct TribunalOutcome
{
    int round = 0;
    QList<Models::Review> reviews; // SKEPTIC, VALIDATOR, SYNTHESIZER
    double score = 0;              // mean, 2 decimals
    Models::Verdict verdict = Models::Verdict::Reject;
};

Models::Result<TribunalOutcome> runTribunal(const ReviewerFactory &factory, const ReviewRequest &base,
                                            const CancelFlag &cancel, const LaneEmitter &emitEvent = {});

} // namespace Sovereign::Pipeline
