#include "types.h"

#include <QTimeZone>

#include <utility>

namespace Sovereign::Models {

namespace {

// One table per enum keeps the stored spelling in one place.
template<typename E, std::size_t N>
QString nameOf(const std::pair<E, const char *> (&table)[N], E value)
{
    for (const auto &[e, name] : table)
        if (e == value)
            return QString::fromLatin1(name);
    return {};
}

template<typename E, std::size_t N>
std::optional<E> valueOf(const std::pair<E, const char *> (&table)[N], const QString &s)
{
    for (const auto &[e, name] : table)
        if (s == QLatin1StringView(name))
            return e;
    return std::nullopt;
}

const std::pair<RunStatus, const char *> RunStatusNames[] = {
    {RunStatus::Queued, "queued"},     {RunStatus::Running, "running"},
    {RunStatus::Succeeded, "succeeded"}, {RunStatus::Failed, "failed"},
    {RunStatus::Cancelled, "cancelled"},
};
const std::pair<EventKind, const char *> EventKindNames[] = {
    {EventKind::Started, "started"}, {EventKind::Progress, "progress"}, {EventKind::Log, "log"},
    {EventKind::Token, "token"},     {EventKind::Wait, "wait"},         {EventKind::Finished, "finished"},
    {EventKind::Failed, "failed"},   {EventKind::Cancelled, "cancelled"},
};
const std::pair<DraftState, const char *> DraftStateNames[] = {
    {DraftState::Running, "running"},   {DraftState::Escalated, "escalated"},
    {DraftState::AutoApproved, "auto_approved"}, {DraftState::Approved, "approved"},
    {DraftState::Rejected, "rejected"}, {DraftState::Failed, "failed"},
};
const std::pair<Verdict, const char *> VerdictNames[] = {
    {Verdict::Approve, "APPROVE"}, {Verdict::Revise, "REVISE"}, {Verdict::Reject, "REJECT"}};
const std::pair<Policy, const char *> PolicyNames[] = {
    {Policy::AutoApprove, "AUTO_APPROVE"}, {Policy::EscalateToOwner, "ESCALATE_TO_OWNER"}};
const std::pair<ClaimStatus, const char *> ClaimStatusNames[] = {
    {ClaimStatus::Kept, "kept"}, {ClaimStatus::Softened, "softened"}, {ClaimStatus::Dropped, "dropped"}};
const std::pair<Role, const char *> RoleNames[] = {
    {Role::Skeptic, "SKEPTIC"}, {Role::Validator, "VALIDATOR"}, {Role::Synthesizer, "SYNTHESIZER"}};
const std::pair<DecisionAction, const char *> DecisionNames[] = {
    {DecisionAction::Approve, "approve"},   {DecisionAction::Reject, "reject"},
    {DecisionAction::Escalate, "escalate"}, {DecisionAction::RequestRevision, "request_revision"},
    {DecisionAction::AutoApprove, "auto_approve"},
};
const std::pair<CorrectionType, const char *> CorrectionTypeNames[] = {
    {CorrectionType::Metadata, "METADATA"},     {CorrectionType::Artifact, "ARTIFACT"},
    {CorrectionType::Claim, "CLAIM"},           {CorrectionType::Benchmark, "BENCHMARK"},
    {CorrectionType::Provenance, "PROVENANCE"}, {CorrectionType::QualityAssessment, "QUALITY_ASSESSMENT"},
};

} // namespace

QString Paper::versionedId() const { return arxivId + latestVersion; }
QString Paper::absUrl() const { return QStringLiteral("https://arxiv.org/abs/") + versionedId(); }

QString toText(RunStatus s) { return nameOf(RunStatusNames, s); }
std::optional<RunStatus> runStatusFromString(const QString &s) { return valueOf(RunStatusNames, s); }
QString toText(EventKind k) { return nameOf(EventKindNames, k); }
std::optional<EventKind> eventKindFromString(const QString &s) { return valueOf(EventKindNames, s); }
QString toText(DraftState s) { return nameOf(DraftStateNames, s); }
std::optional<DraftState> draftStateFromString(const QString &s) { return valueOf(DraftStateNames, s); }
QString toText(Verdict v) { return nameOf(VerdictNames, v); }
std::optional<Verdict> verdictFromString(const QString &s) { return valueOf(VerdictNames, s); }
QString toText(Policy p) { return nameOf(PolicyNames, p); }
std::optional<Policy> policyFromString(const QString &s) { return valueOf(PolicyNames, s); }
QString toText(ClaimStatus s) { return nameOf(ClaimStatusNames, s); }
std::optional<ClaimStatus> claimStatusFromString(const QString &s) { return valueOf(ClaimStatusNames, s); }
QString toText(Role r) { return nameOf(RoleNames, r); }
std::optional<Role> roleFromString(const QString &s) { return valueOf(RoleNames, s); }
QString toText(DecisionAction a) { return nameOf(DecisionNames, a); }
std::optional<DecisionAction> decisionActionFromString(const QString &s) { return valueOf(DecisionNames, s); }
QString toText(CorrectionType t) { return nameOf(CorrectionTypeNames, t); }
std::optional<CorrectionType> correctionTypeFromString(const QString &s)
{
    return valueOf(CorrectionTypeNames, s);
}

QString displayName(DraftState s)
{
    switch (s) {
    case DraftState::Running: return QStringLiteral("Running");
    case DraftState::Escalated: return QStringLiteral("Escalated");
    case DraftState::AutoApproved: return QStringLiteral("Auto-approved");
    case DraftState::Approved: return QStringLiteral("Approved");
    case DraftState::Rejected: return QStringLiteral("Rejected");
    case DraftState::Failed: return QStringLiteral("Failed");
    }
    return {};
}

QString toIso(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime fromIso(const QString &s)
{
    if (s.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime && !s.endsWith(QLatin1Char('Z')))
        t.setTimeZone(QTimeZone::UTC);
    return t;
}

} // namespace Sovereign::Models
