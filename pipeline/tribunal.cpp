#include "tribunal.h"

#include "claims.h"

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

// ---- revision ---------------------------------------------------------------------------------

QString RuleReviser::soften(const QString &claim)
{
    static const QRegularExpression intensifiers(
        QStringLiteral("\\b(?:significantly|substantially|dramatically|consistently|clearly|greatly|far|vastly)\\s+"),
        QRegularExpression::CaseInsensitiveOption);
    QString text = claim.trimmed();
    text.replace(intensifiers, QString());
    static const QRegularExpression already(QStringLiteral("^According to the source\\b"));
    if (already.match(text).hasMatch())
        return text;
    // Lower-case the first letter unless the first word is a name or acronym ("FLAME-MoE", "We").
    const QString first = text.section(u' ', 0, 0);
    const bool keepCase = std::any_of(first.cbegin() + (first.isEmpty() ? 0 : 1), first.cend(), [](QChar ch) { return ch.isUpper(); }) ||
                          first.contains(u'-') || first.contains(u'.');
    if (!text.isEmpty() && !keepCase) {
        if (first == QStringLiteral("We"))
            text = QStringLiteral("the authors") + text.mid(2);
        else
            text[0] = text.at(0).toLower();
    }
    return QStringLiteral("According to the source, ") + text;
}

Models::Result<RevisionOutcome> RuleReviser::revise(const RevisionRequest &request, const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    // The claims the reviewers raised an issue about, and the sections they questioned.
    QSet<int> flagged;
    QSet<QString> sections;
    for (const Review &r : request.reviews)
        for (const Models::ReviewIssue &i : r.issues) {
            if (i.claimOrdinal > 0)
                flagged.insert(i.claimOrdinal);
            else if (!i.section.isEmpty())
                sections.insert(i.section);
        }

    RevisionOutcome out;
    QList<Claim> kept, dropped;
    QStringList droppedWhich, softenedWhich;
    for (const Claim &c : request.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        Claim n = c;
        n.id = 0;
        n.round = request.round;
        const bool unverified = !c.effectiveVerified();
        if (unverified && flagged.contains(c.ordinal) &&
            (c.evidencePaperId == 0 || c.confidence < request.settings.dropBelowConfidence)) {
            n.status = ClaimStatus::Dropped;
            dropped.append(n);
            droppedWhich.append(QString::number(c.ordinal));
            continue;
        }
        if (unverified && flagged.contains(c.ordinal)) {
            const QString softened = soften(c.text);
            if (softened != c.text) {
                n.text = softened;
                n.status = ClaimStatus::Softened;
                softenedWhich.append(QString::number(c.ordinal));
            }
        }
        kept.append(n);
    }
    int ordinal = 0;
    for (Claim &c : kept) {
        c.ordinal = ++ordinal;
        if (c.status == ClaimStatus::Softened)
            out.changedOrdinals.append(c.ordinal);
    }
    for (Claim &c : dropped)
        c.ordinal = ++ordinal;
    out.claims = kept + dropped;
    out.dropped = int(dropped.size());
    out.softened = int(softenedWhich.size());

    const QString prev = QString::number(request.round - 1);
    if (!droppedWhich.isEmpty())
        out.notes.append(QStringLiteral("Revision round %1 dropped claims %2 of round %3: no retrieved passage reached "
                                        "cosine %4.")
                             .arg(QString::number(request.round), droppedWhich.join(QStringLiteral(", ")), prev,
                                  QString::number(request.settings.dropBelowConfidence)));
    if (!softenedWhich.isEmpty())
        out.notes.append(QStringLiteral("It attributed claims %1 of round %2 to the source instead of asserting them, "
                                        "because the retrieved evidence does not corroborate them.")
                             .arg(softenedWhich.join(QStringLiteral(", ")), prev));
    if (sections.contains(QStringLiteral("1 Introduction")) && kept.isEmpty() == false) {
        bool any = false;
        for (const Claim &c : std::as_const(kept))
            any = any || c.addressesQuestion;
        if (!any)
            out.notes.append(QStringLiteral("The reviewers found that no claim answers the research question; the "
                                            "revision cannot supply one, because the source's text does not address it."));
    }
    if (!request.ownerNote.trimmed().isEmpty())
        out.notes.append(QStringLiteral("Owner's request for this revision: %1").arg(request.ownerNote.simplified()));
    if (out.notes.isEmpty())
        out.notes.append(QStringLiteral("Revision round %1 found no claim it could soften or drop; the claims stand "
                                        "as in round %2.").arg(QString::number(request.round), prev));
    out.reason = QStringLiteral("revision round %1: %2 dropped, %3 softened, acting on %4 flagged claims")
                     .arg(QString::number(request.round), QString::number(out.dropped), QString::number(out.softened),
                          QString::number(flagged.size()));
    return out;
}

// ---- policy -----------------------------------------------------------------------------------

namespace {

void fireExtraGate(PolicyDecision &d, const GateResult &g)
{
    d.gates.append(g);
    d.policy = Models::Policy::EscalateToOwner;
    const QString fired = QStringLiteral("gate %1 (%2)").arg(g.gate, g.detail);
    if (d.reason.endsWith(QStringLiteral("with no gate failing")))
        d.reason = QStringLiteral("%1; %2").arg(d.reason.section(QStringLiteral(" with no gate failing"), 0, 0), fired);
    else
        d.reason = d.reason.isEmpty() ? fired : d.reason + QStringLiteral("; ") + fired;
}

} // namespace

void applyReviewerFailedGate(PolicyDecision &d, const QStringList &failures)
{
    if (!failures.isEmpty())
        fireExtraGate(d, {QStringLiteral("reviewer_failed"), true, failures.join(QStringLiteral("; "))});
}

void applyStanceGate(PolicyDecision &d, const QList<Claim> &claims)
{
    QStringList refuted;
    for (const Claim &c : claims) {
        if (c.status != ClaimStatus::Dropped && c.stance && c.stance->effectiveLabel() == QStringLiteral("REFUTES"))
            refuted.append(QStringLiteral("claim %1: \u201c%2\u201d").arg(c.ordinal).arg(c.stance->quote.simplified().left(160)));
    }
    if (!refuted.isEmpty())
        fireExtraGate(d, {QStringLiteral("claim_refuted"), true, refuted.join(QStringLiteral("; "))});
}

PolicyDecision decidePolicy(Models::Verdict verdict, double score, const QList<Claim> &claims,
                            const PipelineSettings &settings)
{
    PolicyDecision d;
    int verified = 0, addressing = 0, shown = 0;
    for (const Claim &c : claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        ++shown;
        verified += c.effectiveVerified() ? 1 : 0;
        addressing += c.addressesQuestion ? 1 : 0;
    }
    if (settings.gateQuestionAddressed)
        d.gates.append({QStringLiteral("question_not_addressed"), addressing == 0,
                        QStringLiteral("%1 of %2 claims address the question").arg(addressing).arg(shown)});
    if (settings.gateMinVerifiedClaims > 0)
        d.gates.append({QStringLiteral("verified_claims_below_minimum"), verified < settings.gateMinVerifiedClaims,
                        QStringLiteral("%1 verified, minimum %2").arg(verified).arg(settings.gateMinVerifiedClaims)});
    QStringList fired;
    for (const GateResult &g : std::as_const(d.gates))
        if (g.failed)
            fired.append(QStringLiteral("gate %1 (%2)").arg(g.gate, g.detail));
    if (verdict == Models::Verdict::Approve && fired.isEmpty()) {
        d.policy = Models::Policy::AutoApprove;
        d.reason = QStringLiteral("APPROVE at %1 with no gate failing").arg(formatScore(score));
        return d;
    }
    d.policy = Models::Policy::EscalateToOwner;
    QStringList why;
    if (verdict != Models::Verdict::Approve)
        why.append(QStringLiteral("verdict %1 (%2 < %3)")
                       .arg(Models::toText(verdict), formatScore(score), QString::number(settings.approveAt, 'g', 4)));
    why += fired;
    d.reason = why.join(QStringLiteral("; "));
    return d;
}

} // namespace Sovereign::Pipeline
