#pragma once

// Tribunal v2 (stage 8). The reviser (stage 9) is in reviser.h, the policy (stage 10) in policy.h.
//
// runTribunal() starts the three roles at once through the ReviewerFactory, waits for all three,
// and returns their reviews with the mean score and its verdict. A reviewer that fails does not
// end the tribunal: its review is kept with `failure` set (and its transcript, when it made one),
// the score is the mean of the reviewers that answered and the outcome is marked partial (with no
// answer at all: score 0, REJECT). It fails only with "cancelled" when the flag is raised.

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

} // namespace Sovereign::Pipeline
