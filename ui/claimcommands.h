#pragma once

// Undo commands for the owner's claim edits, in the style of Tiled's document commands: redo()
// writes the edit through the OwnerActionService and undo() writes the previous value back, each
// leaving its own claim edit in History.
//
// The writes run off the GUI thread (OwnerActionService, one writer, in order); the stack moves at
// once and the command watches its write. A write that fails leaves the stack where it was and says
// so (through the ErrorSink): when the first write (the push's redo) fails, the command is taken
// off the stack again; when a later undo or redo fails, the stack is stepped back to where it was
// (without a second write), so the next Ctrl+Z or Ctrl+Shift+Z tries the same step again. If the
// stack moved on while the write ran, the failure is reported and nothing is stepped back.

#include "services.h"

#include <QPointer>
#include <QUndoCommand>
#include <QUndoStack>

#include <functional>

namespace Sovereign::Ui {

using ErrorSink = std::function<void(const QString &)>;

class ClaimCommand : public QUndoCommand
{
public:
    // Called once, on the GUI thread, when the first write (the push's redo) is stored.
    void setOnStored(std::function<void()> onStored) { m_onStored = std::move(onStored); }
    // Writes asked for on `stack` whose result has not arrived yet.
    static int pendingWrites(const QUndoStack *stack);

protected:
    ClaimCommand(QUndoStack *stack, ErrorSink onError) : m_stack(stack), m_onError(std::move(onError)) {}
    // Starts `write` (redo: the edit; undo: its inverse) unless the stack is being stepped back.
    void apply(const std::function<QFuture<Status>()> &write, bool undoing);

private:
    void settle(const Status &ok, QUndoStack *stack, bool undoing, bool first);

    QPointer<QUndoStack> m_stack;
    ErrorSink m_onError;
    std::function<void()> m_onStored;
    bool m_pushed = false;    // the first redo has run
    bool m_stepBack = false;  // the next undo/redo only moves the stack back: no write
};

class EditClaimTextCommand final : public ClaimCommand
{
public:
    EditClaimTextCommand(QUndoStack *stack, OwnerActionService *actions, qint64 claimId, int ordinal, QString oldText,
                         QString newText, QString reason, ErrorSink onError);
    void undo() override;
    void redo() override;

private:
    OwnerActionService *m_actions;
    qint64 m_claimId;
    QString m_old, m_new, m_reason;
};

class OverrideVerifiedCommand final : public ClaimCommand
{
public:
    OverrideVerifiedCommand(QUndoStack *stack, OwnerActionService *actions, qint64 claimId, int ordinal,
                            std::optional<bool> oldValue, QString oldReason, std::optional<bool> newValue,
                            QString reason, ErrorSink onError);
    void undo() override;
    void redo() override;

private:
    OwnerActionService *m_actions;
    qint64 m_claimId;
    std::optional<bool> m_old, m_new;
    QString m_oldReason, m_reason;
};

} // namespace Sovereign::Ui
