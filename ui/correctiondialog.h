#pragma once

// Issues a correction record on a published draft: the contract's correction type, a required
// public note and, for a CLAIM correction, the published claim and its new text. Corrections are
// additive and permanent, so OK stays disabled until the owner ticks the confirmation. All draft
// text is shown as plain text.

#include "models/types/draftdetails.h"
#include "services.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Sovereign::Ui {

class CorrectionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CorrectionDialog)
public:
    CorrectionDialog(const Models::DraftDetails &details, QWidget *parent = nullptr);

    CorrectionInput input() const;
    // A sentence naming what is missing; empty when the correction can be issued.
    QString problem() const;

    // For keyboard users and tests: the widgets by role.
    QComboBox *typeBox() const { return m_type; }
    QComboBox *claimBox() const { return m_claim; }
    QPlainTextEdit *noteEdit() const { return m_note; }
    QPlainTextEdit *textEdit() const { return m_text; }
    QCheckBox *confirmBox() const { return m_confirm; }
    QPushButton *issueButton() const { return m_ok; }

    static QString typeDescription(Models::CorrectionType type);

private:
    void onClaimChanged();
    void validate();

    QList<Models::Claim> m_claims;
    QList<Models::Correction> m_corrections;
    QComboBox *m_type;
    QLabel *m_typeHelp;
    QComboBox *m_claim;
    QPlainTextEdit *m_text;
    QPlainTextEdit *m_note;
    QCheckBox *m_confirm;
    QLabel *m_status;
    QPushButton *m_ok;
};

} // namespace Sovereign::Ui
