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

void ClaimCommand::apply(const std::function<Status()> &write, bool undoing)
{
    if (m_stepBack) {
        m_stepBack = false;
        return;
    }
    const bool first = !m_pushed;
    m_pushed = true;
    const Status ok = write();
    m_failed = !ok;
    if (ok)
        return;
    if (m_onError)
        m_onError(first     ? tr("The change was not saved: %1").arg(ok.error())
                  : undoing ? tr("Undo of \"%1\" was not saved, nothing changed: %2").arg(text(), ok.error())
                            : tr("Redo of \"%1\" was not saved, nothing changed: %2").arg(text(), ok.error()));
    if (first) {
        setObsolete(true); // QUndoStack::push() drops it: the stack stays as it was
        return;
    }
    // QUndoStack moves its index when undo()/redo() return; step it back once they have.
    QUndoStack *stack = m_stack;
    if (!stack)
        return;
    m_stepBack = true;
    const int expected = undoing ? stack->index() - 1 : stack->index() + 1;
    QMetaObject::invokeMethod(stack, [stack, expected, undoing, self = this] {
        if (stack->index() != expected)
            return; // the stack moved on since: nothing to put back
        const int at = undoing ? expected : expected - 1;
        if (stack->command(at) != self)
            return;
        if (undoing)
            stack->redo();
        else
            stack->undo();
    }, Qt::QueuedConnection);
}

EditClaimTextCommand::EditClaimTextCommand(QUndoStack *stack, OwnerActionService *actions, qint64 claimId, int ordinal,
                                           QString oldText, QString newText, QString reason, ErrorSink onError)
    : ClaimCommand(stack, std::move(onError)), m_actions(actions), m_claimId(claimId), m_old(std::move(oldText)),
      m_new(std::move(newText)), m_reason(std::move(reason))
{
    setText(tr("edit claim %1").arg(ordinal));
}

void EditClaimTextCommand::redo()
{
    apply([this] { return m_actions->editClaimText(m_claimId, m_new, m_reason); }, false);
}

void EditClaimTextCommand::undo()
{
    apply([this] { return m_actions->editClaimText(m_claimId, m_old, tr("undo of an edit")); }, true);
}

OverrideVerifiedCommand::OverrideVerifiedCommand(QUndoStack *stack, OwnerActionService *actions, qint64 claimId,
                                                 int ordinal, std::optional<bool> oldValue, QString oldReason,
                                                 std::optional<bool> newValue, QString reason, ErrorSink onError)
    : ClaimCommand(stack, std::move(onError)), m_actions(actions), m_claimId(claimId), m_old(oldValue), m_new(newValue),
      m_oldReason(std::move(oldReason)), m_reason(std::move(reason))
{
    setText(tr("mark claim %1 as %2").arg(ordinal).arg(overrideText(newValue)));
}

void OverrideVerifiedCommand::redo()
{
    apply([this] { return m_actions->overrideVerified(m_claimId, m_new, m_reason); }, false);
}

void OverrideVerifiedCommand::undo()
{
    const QString reason = m_oldReason.isEmpty() ? tr("undo of an override") : m_oldReason;
    apply([this, reason] { return m_actions->overrideVerified(m_claimId, m_old, reason); }, true);
}

} // namespace Sovereign::Ui
