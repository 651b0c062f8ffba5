#include "tribunal.h"

#include "pipeline/verify/claims.h"

#include <QRegularExpression>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace Sovereign::Pipeline {

using Models::Claim;
using Models::ClaimStatus;
using Models::EventKind;
using Models::Review;
using Models::Role;

Models::Result<TribunalOutcome> runTribunal(const ReviewerFactory &factory, const ReviewRequest &base,
                                            const CancelFlag &cancel, const LaneEmitter &emitEvent)
{
    struct Lane
    {
        Role role;
        std::shared_ptr<Reviewer> reviewer;
        QFuture<ReviewResult> future;
    };
    QList<Lane> lanes;
    for (Role role : Models::AllRoles) {
        std::shared_ptr<Reviewer> reviewer = factory ? factory(role) : nullptr;
        if (!reviewer)
            return Models::fail(QStringLiteral("no reviewer for the %1 role").arg(Models::toText(role)));
        ReviewRequest request = base;
        request.role = role;
        const QString lane = Models::toText(role);
        if (emitEvent) {
            request.onToken = [emitEvent, lane](const QString &text) { emitEvent(EventKind::Token, lane, text, {}); };
            emitEvent(EventKind::Started, lane, QStringLiteral("%1 review (round %2, %3)").arg(lane).arg(base.round).arg(reviewer->backend()), {});
        }
        lanes.append({role, reviewer, reviewer->review(request, cancel)});
    }
    // Started together, awaited together. Polling keeps cancellation responsive even when a
    // reviewer's future is fed by a thread this one cannot join.
    TribunalOutcome outcome;
    outcome.round = base.round;
    QString failure;
    for (Lane &lane : lanes) {
        while (!lane.future.isFinished()) {
            if (isCancelled(cancel)) {
                for (Lane &l : lanes)
                    l.future.cancel();
                return Models::fail(QStringLiteral("cancelled"));
            }
            QThread::usleep(500);
        }
        const QString name = Models::toText(lane.role);
        if (lane.future.isCanceled() || lane.future.resultCount() == 0) {
            failure = QStringLiteral("%1 reviewer gave no result").arg(name);
        } else if (const ReviewResult r = lane.future.result(); !r) {
            if (emitEvent)
                emitEvent(EventKind::Failed, name, r.error(), {});
            if (failure.isEmpty())
                failure = QStringLiteral("%1 reviewer failed: %2").arg(name, r.error());
        } else {
            Review review = *r;
            review.role = lane.role;
            review.round = base.round;
            if (review.backend.isEmpty())
                review.backend = lane.reviewer->backend();
            if (emitEvent)
                emitEvent(EventKind::Finished, name,
                     QStringLiteral("%1 %2/10 \u2192 %3").arg(name, formatScore(review.score), Models::toText(review.verdict)),
                     {{QStringLiteral("score"), review.score}, {QStringLiteral("latency_ms"), review.latencyMs}});
            outcome.reviews.append(review);
        }
    }
    // A reviewer that stopped because of the flag reports an error of its own; the run was cancelled.
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    if (!failure.isEmpty())
        return Models::fail(failure);
    double sum = 0;
    for (const Review &r : std::as_const(outcome.reviews))
        sum += r.score;
    outcome.score = std::round(sum / outcome.reviews.size() * 100.0) / 100.0;
    outcome.verdict = verdictFor(outcome.score, base.settings);
    return outcome;
}

} // namespace Sovereign::Pipeline
