#pragma once

// Undo commands for the owner's claim edits. Each command's action has already been applied through
// the OwnerActionService when it is pushed (so a refused edit never lands on the stack); undo and
// redo apply the inverse / the edit again through the same service, each leaving its own claim edit
// in History.

#include "services.h"

#include <QUndoCommand>

#include <functional>

namespace Sovereign::Ui {

using ErrorSink = std::function<void(const QString &)>;

class EditClaimTextCommand final : public QUndoCommand
{
public:
    EditClaimTextCommand(OwnerActionService *actions, qint64 claimId, int ordinal, QString oldText, QString newText,
                         QString reason, ErrorSink onError);
    void undo() override;
    void redo() override;
    int id() const override { return 1; }

private:
    OwnerActionService *m_actions;
    qint64 m_claimId;
    QString m_old, m_new, m_reason;
    ErrorSink m_onError;
    bool m_applied = true;
};

class OverrideVerifiedCommand final : public QUndoCommand
{
public:
    OverrideVerifiedCommand(OwnerActionService *actions, qint64 claimId, int ordinal, std::optional<bool> oldValue,
                            QString oldReason, std::optional<bool> newValue, QString reason, ErrorSink onError);
    void undo() override;
    void redo() override;

private:
    OwnerActionService *m_actions;
    qint64 m_claimId;
    std::optional<bool> m_old, m_new;
    QString m_oldReason, m_reason;
    ErrorSink m_onError;
    bool m_applied = true;
};

} // namespace Sovereign::Ui
