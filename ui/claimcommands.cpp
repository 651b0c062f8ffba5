#include "claimcommands.h"

#include <QCoreApplication>

namespace Sovereign::Ui {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("ClaimCommands", s); }
QString overrideText(std::optional<bool> v)
{
    return !v ? tr("verifier's verdict") : *v ? tr("verified") : tr("unverified");
}
} // namespace

EditClaimTextCommand::EditClaimTextCommand(OwnerActionService *actions, qint64 claimId, int ordinal, QString oldText,
                                           QString newText, QString reason, ErrorSink onError)
    : m_actions(actions), m_claimId(claimId), m_old(std::move(oldText)), m_new(std::move(newText)),
      m_reason(std::move(reason)), m_onError(std::move(onError))
{
    setText(tr("edit claim %1").arg(ordinal));
}

void EditClaimTextCommand::redo()
{
    if (m_applied) { // applied before the push
        m_applied = false;
        return;
    }
    if (auto ok = m_actions->editClaimText(m_claimId, m_new, m_reason); !ok && m_onError)
        m_onError(ok.error());
}

void EditClaimTextCommand::undo()
{
    if (auto ok = m_actions->editClaimText(m_claimId, m_old, tr("undo of an edit")); !ok && m_onError)
        m_onError(ok.error());
}

OverrideVerifiedCommand::OverrideVerifiedCommand(OwnerActionService *actions, qint64 claimId, int ordinal,
                                                 std::optional<bool> oldValue, QString oldReason,
                                                 std::optional<bool> newValue, QString reason, ErrorSink onError)
    : m_actions(actions), m_claimId(claimId), m_old(oldValue), m_new(newValue), m_oldReason(std::move(oldReason)),
      m_reason(std::move(reason)), m_onError(std::move(onError))
{
    setText(tr("mark claim %1 as %2").arg(ordinal).arg(overrideText(newValue)));
}

void OverrideVerifiedCommand::redo()
{
    if (m_applied) {
        m_applied = false;
        return;
    }
    if (auto ok = m_actions->overrideVerified(m_claimId, m_new, m_reason); !ok && m_onError)
        m_onError(ok.error());
}

void OverrideVerifiedCommand::undo()
{
    const QString reason = m_oldReason.isEmpty() ? tr("undo of an override") : m_oldReason;
    if (auto ok = m_actions->overrideVerified(m_claimId, m_old, reason); !ok && m_onError)
        m_onError(ok.error());
}

} // namespace Sovereign::Ui
