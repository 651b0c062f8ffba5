#pragma once

// Undo commands for the owner's claim edits, in the style of Tiled's document commands: redo()
// writes the edit through the OwnerActionService and undo() writes the previous value back, each
// leaving its own claim edit in History.
//
// A write that fails leaves the stack where it was and says so (through the ErrorSink): when the
// first redo (inside QUndoStack::push) fails, the command makes itself obsolete and push() drops it;
// when a later undo or redo fails, the stack is stepped back to where it was (queued, and without a
// second write), so the next Ctrl+Z or Ctrl+Shift+Z tries the same step again.

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
    bool lastWriteFailed() const { return m_failed; }

protected:
    ClaimCommand(QUndoStack *stack, ErrorSink onError) : m_stack(stack), m_onError(std::move(onError)) {}
    // Runs `write` (redo: the edit; undo: its inverse) unless the stack is being stepped back.
    void apply(const std::function<Status()> &write, bool undoing);

private:
    QPointer<QUndoStack> m_stack;
    ErrorSink m_onError;
    bool m_pushed = false;    // the first redo has run
    bool m_stepBack = false;  // the next undo/redo only moves the stack back: no write
    bool m_failed = false;
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
