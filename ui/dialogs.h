#pragma once

// Small dialogs of the workbench: the note of a decision, the new-run form, the settings and the
// keyboard-shortcut overlay.

#include "services.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace Sovereign::Ui {

// Asks for a decision's note. Required for escalate and request revision; approve and reject are
// irreversible and ask for confirmation here (the note is optional for them).
class DecisionDialog final : public QDialog
{
    Q_OBJECT
public:
    DecisionDialog(Models::DecisionAction action, const QString &draftTitle, QWidget *parent = nullptr);
    QString note() const;
    // Approve when the owner has set no publisher yet: the dialog asks for one (required) before
    // the first publication. publisher() is the name typed (empty when not asked).
    void askPublisher();
    QString publisher() const;
    static bool noteRequired(Models::DecisionAction action);
    static QString actionLabel(Models::DecisionAction action);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void validate();

    Models::DecisionAction m_action;
    QPlainTextEdit *m_note;
    QLabel *m_publisherNote;
    QLineEdit *m_publisher;
    QPushButton *m_ok;
};

class NewRunDialog final : public QDialog
{
    Q_OBJECT
public:
    NewRunDialog(std::shared_ptr<CorpusSearch> corpus, QWidget *parent = nullptr);
    NewRunRequest request() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search();
    void validate();

    std::shared_ptr<CorpusSearch> m_corpus;
    QLineEdit *m_query;
    QListWidget *m_hits;
    QLineEdit *m_arxivId;
    QPlainTextEdit *m_question;
    QComboBox *m_search;
    QComboBox *m_tribunal;
    QComboBox *m_embed;
    QLabel *m_status;
    QPushButton *m_ok;
    QTimer *m_debounce;
    QFutureWatcher<Result<QList<CorpusHit>>> m_watcher;
};

struct WorkbenchSettings
{
    QString ownerName;
    QString publisher; // the public record's publisher ("owner/publisher", read by Pipeline::ownerPublisher)
    double verifyThreshold = 0.15;
    double approveThreshold = 6.5;
    double reviseThreshold = 5.0;
    int topK = 12;             // papers kept after fusion
    int maxRevisionRounds = 1; // the revision round cap
    QString searchBackend = QStringLiteral("local");
    QString tribunalBackend = QStringLiteral("rules");
    QString endpoint;
    QString model;
    QString appearance = QStringLiteral("system"); // system | light | dark

    static WorkbenchSettings load();
    void save() const;
};

class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(const WorkbenchSettings &settings, SecretStore *secrets, QWidget *parent = nullptr);
    WorkbenchSettings settings() const;

private:
    SecretStore *m_secrets;
    QLineEdit *m_owner;
    QLineEdit *m_publisher;
    QDoubleSpinBox *m_verify;
    QDoubleSpinBox *m_approve;
    QDoubleSpinBox *m_revise;
    QSpinBox *m_topK;
    QSpinBox *m_rounds;
    QComboBox *m_search;
    QComboBox *m_tribunal;
    QLineEdit *m_endpoint;
    QLineEdit *m_model;
    QComboBox *m_appearance;
    QLineEdit *m_key;
    QLabel *m_keyStatus;
    bool m_keyEdited = false;
};

// A translucent overlay over the main window listing the keyboard shortcuts; any key closes it.
class HelpOverlay final : public QWidget
{
    Q_OBJECT
public:
    explicit HelpOverlay(QWidget *parent);
    void setShortcuts(const QList<QPair<QString, QString>> &rows);
    void toggle();

protected:
    void paintEvent(QPaintEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QList<QPair<QString, QString>> m_rows;
};

} // namespace Sovereign::Ui
