#include "policy.h"

#include "pipeline/verify/claims.h"
#include "pipeline/verify/judgment.h"

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
                            const PipelineSettings &settings, const std::optional<CoverageReport> &coverage)
{
    PolicyDecision d;
    const JudgmentSummary j = summarize(claims);
    if (settings.gateQuestionAddressed) {
        if (coverage) {
            QString detail = coverage->notCoveredText();
            if (detail.isEmpty())
                detail = QStringLiteral("%1 of the question's specific weight covered, %2 needed")
                             .arg(QString::number(coverage->weightShare * 100.0, 'f', 0) + u'%',
                                  QString::number(settings.coverage.minWeightShare * 100.0, 'f', 0) + u'%');
            d.gates.append({QStringLiteral("question_not_addressed"), !coverage->addressed, detail});
        } else {
            int addressing = 0;
            for (const Claim &c : claims)
                addressing += c.status != ClaimStatus::Dropped && c.addressesQuestion ? 1 : 0;
            d.gates.append({QStringLiteral("question_not_addressed"), addressing == 0,
                            QStringLiteral("%1 of %2 claims address the question").arg(addressing).arg(j.shown)});
        }
    }
    if (settings.gateMinVerifiedClaims > 0)
        d.gates.append({QStringLiteral("verified_claims_below_minimum"), j.verified < settings.gateMinVerifiedClaims,
                        QStringLiteral("%1 verified, minimum %2").arg(j.verified).arg(settings.gateMinVerifiedClaims)});
    if (settings.gateMinVerifiedShare > 0) {
        QStringList notCounted;
        if (!j.disputed.isEmpty())
            notCounted.append(QStringLiteral("%1 disputed by their evidence").arg(j.disputed.size()));
        if (!j.differentSubject.isEmpty())
            notCounted.append(QStringLiteral("%1 verified by a passage about a different subject").arg(j.differentSubject.size()));
        d.gates.append({QStringLiteral("verified_share_below_minimum"),
                        j.shown == 0 || j.corroboratedShare() + 1e-9 < settings.gateMinVerifiedShare,
                        QStringLiteral("%1 of %2 shown claims verified and corroborated, %3 needed%4")
                            .arg(QString::number(j.corroborated), QString::number(j.shown),
                                 QString::number(settings.gateMinVerifiedShare * 100.0, 'f', 0) + u'%',
                                 notCounted.isEmpty() ? QString() : QStringLiteral("; not counted: ") + notCounted.join(QStringLiteral(", ")))});
    }
    if (settings.gateEvidenceDisagrees) {
        QStringList which;
        for (int o : j.disputed)
            which.append(QString::number(o));
        d.gates.append({QStringLiteral("evidence_disagrees"), !j.disputed.isEmpty(),
                        j.disputed.isEmpty() ? QStringLiteral("no claim disputed by its evidence")
                                             : QStringLiteral("the evidence disagrees with claim %1").arg(which.join(QStringLiteral(", ")))});
    }
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
