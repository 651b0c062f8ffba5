#include "policyreason.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Sovereign::Models {

namespace {
// The texts' translation context (lupdate finds the tr() calls through the macro).
class PolicyReason
{
    Q_DECLARE_TR_FUNCTIONS(Sovereign::Models::PolicyReason)
};
} // namespace

QList<PolicyReasonPart> explainPolicyReason(const QString &reason)
{
    static const QRegularExpression gate(QStringLiteral("^gate (\\w+)(?: \\((.*)\\))?$"));
    static const QRegularExpression verdict(QStringLiteral("^verdict (\\w+) \\(([\\d.]+) < ([\\d.]+)\\)$"));
    static const QRegularExpression approved(QStringLiteral("^APPROVE at ([\\d.]+) with no gate failing$"));
    QList<PolicyReasonPart> out;
    // Parts are joined with "; ", a gate's detail may itself hold "; " inside its parentheses.
    QStringList parts;
    int depth = 0, start = 0;
    for (int i = 0; i < reason.size(); ++i) {
        const QChar c = reason.at(i);
        depth += c == u'(' ? 1 : c == u')' ? -1 : 0;
        if (depth == 0 && c == u';' && reason.mid(i, 2) == QStringLiteral("; ")) {
            parts.append(reason.mid(start, i - start));
            start = i + 2;
        }
    }
    parts.append(reason.mid(start));
    for (const QString &raw : std::as_const(parts)) {
        const QString p = raw.trimmed();
        if (p.isEmpty())
            continue;
        if (const auto m = gate.match(p); m.hasMatch()) {
            const QString code = m.captured(1), detail = m.captured(2);
            QString plain;
            if (code == QStringLiteral("question_not_addressed"))
                plain = PolicyReason::tr("The claims do not answer the question");
            else if (code == QStringLiteral("verified_claims_below_minimum"))
                plain = PolicyReason::tr("Too few claims are verified against the evidence");
            else if (code == QStringLiteral("verified_share_below_minimum"))
                plain = PolicyReason::tr("Too small a share of the claims is verified and corroborated");
            else if (code == QStringLiteral("evidence_disagrees"))
                plain = PolicyReason::tr("The evidence disagrees with a claim");
            else
                plain = PolicyReason::tr("A policy gate failed (%1)").arg(code);
            out.append({code, detail.isEmpty() ? plain : PolicyReason::tr("%1: %2").arg(plain, detail)});
        } else if (const auto v = verdict.match(p); v.hasMatch()) {
            out.append({QStringLiteral("verdict"), PolicyReason::tr("The reviewers did not approve: verdict %1, score %2 where approval needs %3")
                                                      .arg(v.captured(1), v.captured(2), v.captured(3))});
        } else if (const auto a = approved.match(p); a.hasMatch()) {
            out.append({QStringLiteral("approved"), PolicyReason::tr("The reviewers approved (score %1) and no gate failed").arg(a.captured(1))});
        } else {
            out.append({QString(), p});
        }
    }
    return out;
}

QString whyText(const Draft &draft)
{
    switch (draft.state) {
    case DraftState::Running:
        return PolicyReason::tr("The run is still under way");
    case DraftState::Approved:
    case DraftState::Rejected:
        return PolicyReason::tr("Decided by the owner");
    default:
        break;
    }
    QStringList plain;
    for (const PolicyReasonPart &p : explainPolicyReason(draft.policyReason))
        plain.append(p.plain);
    if (plain.isEmpty())
        return draft.state == DraftState::Escalated ? PolicyReason::tr("Escalated without a stored reason") : QString();
    return plain.join(QStringLiteral(" · "));
}

} // namespace Sovereign::Models
