#include "claimcommands.h"

#include <QCoreApplication>
#include <QFuture>

namespace Sovereign::Ui {

namespace {

QString tr(const char *s) { return QCoreApplication::translate("ClaimCommands", s); }

QString overrideText(std::optional<bool> v)
{
    return !v ? tr("verifier's verdict") : *v ? tr("verified") : tr("unverified");
}

} // namespace

namespace {

const char *const PendingProperty = "sovereignPendingWrites";

void addPending(QUndoStack *stack, int delta)
{
    stack->setProperty(PendingProperty, ClaimCommand::pendingWrites(stack) + delta);
}

} // namespace

int ClaimCommand::pendingWrites(const QUndoStack *stack)
{
    return stack ? stack->property(PendingProperty).toInt() : 0;
}

void ClaimCommand::apply(const std::function<QFuture<Status>()> &write, bool undoing)
{
    if (m_stepBack) {
        m_stepBack = false;
        return;
    }
    const bool first = !m_pushed;
    m_pushed = true;
    QUndoStack *stack = m_stack;
    if (!stack)
        return;
    // push(), undo() and redo() move the index when this returns: where it will stand, and where
    // this command sits then.
    const int expected = undoing ? stack->index() - 1 : stack->index() + 1;
    const int at = undoing ? expected : expected - 1;
    addPending(stack, 1);
    const ErrorSink onError = m_onError;
    const QString what = text();
    const auto settled = [stack, self = this, expected, at, undoing, first, onError, what](const Status &ok) {
        addPending(stack, -1);
        // The command may have left the stack while its write ran (a newer edit replaced the redo
        // steps, the draft was published): then only the result is reported.
        const bool inPlace = stack->index() == expected && at < stack->count() && stack->command(at) == self;
        if (inPlace) {
            self->settle(ok, stack, undoing, first);
            return;
        }
        if (!ok && onError)
            onError(tr("\"%1\" was not saved: %2").arg(what, ok.error()));
    };
    // A write that is already done (a refusal before it started) runs its continuation at once,
    // inside push()/undo()/redo(): queue the result so the stack has moved when it is looked at.
    write().then(stack, [stack, settled](const Status &ok) {
        QMetaObject::invokeMethod(stack, [settled, ok] { settled(ok); }, Qt::QueuedConnection);
    });
}

void ClaimCommand::settle(const Status &ok, QUndoStack *stack, bool undoing, bool first)
{
    if (ok) {
        if (first && m_onStored)
            m_onStored();
        return;
    }
    const ErrorSink onError = m_onError;
    const QString message = first     ? tr("The change was not saved: %1").arg(ok.error())
                            : undoing ? tr("Undo of \"%1\" was not saved, nothing changed: %2").arg(text(), ok.error())
                                      : tr("Redo of \"%1\" was not saved, nothing changed: %2").arg(text(), ok.error());
    // Put the stack back without a second write. A refused first write takes the command off the
    // stack: QUndoStack::undo() deletes an obsolete command without calling its undo().
    m_stepBack = true;
    if (first) {
        setObsolete(true);
        stack->undo(); // deletes this command
    } else if (undoing) {
        stack->redo();
    } else {
        stack->undo();
    }
    if (onError)
        onError(message);
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
