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
        Review review;
        if (lane.future.isCanceled() || lane.future.resultCount() == 0) {
            review.failure = QStringLiteral("the reviewer gave no result");
        } else if (const ReviewResult r = lane.future.result(); !r) {
            review.failure = r.error();
        } else {
            review = *r;
        }
        review.role = lane.role;
        review.round = base.round;
        if (review.backend.isEmpty() || (review.failed() && review.prompt.isEmpty() && review.rawResponse.isEmpty()))
            review.backend = lane.reviewer->backend();
        if (review.failed()) {
            // A failed lane degrades the tribunal; it does not end the run. It is kept (with its
            // transcript when the reviewer made one) and its score does not count.
            review.score = 0;
            review.verdict = Models::Verdict::Reject;
            if (review.rationale.isEmpty())
                review.rationale = QStringLiteral("No usable answer: %1").arg(review.failure);
            if (review.createdAt.isNull())
                review.createdAt = QDateTime::currentDateTimeUtc();
            outcome.failures.append(QStringLiteral("%1: %2").arg(name, review.failure));
            if (emitEvent)
                emitEvent(EventKind::Failed, name, review.failure, {});
        } else if (emitEvent) {
            emitEvent(EventKind::Finished, name,
                      QStringLiteral("%1 %2/10 \u2192 %3").arg(name, formatScore(review.score), Models::toText(review.verdict)),
                      {{QStringLiteral("score"), review.score}, {QStringLiteral("latency_ms"), review.latencyMs}});
        }
        outcome.reviews.append(review);
    }
    // A reviewer that stopped because of the flag reports an error of its own; the run was cancelled.
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    double sum = 0;
    int answered = 0;
    for (const Review &r : std::as_const(outcome.reviews)) {
        if (r.failed())
            continue;
        sum += r.score;
        ++answered;
    }
    outcome.partial = answered < outcome.reviews.size();
    outcome.score = answered > 0 ? std::round(sum / answered * 100.0) / 100.0 : 0.0;
    outcome.verdict = answered > 0 ? verdictFor(outcome.score, base.settings) : Models::Verdict::Reject;
    return outcome;
}

} // namespace Sovereign::Pipeline
