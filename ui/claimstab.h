#pragma once

// ClaimsTab: the claims of a draft round (confidence bars, numeric sort), the selected claim's
// evidence paper and best-matching passage with the shared terms highlighted, and — before
// publication — editing of the claim text (re-verified live as you type) and of the verified flag
// (with a reason). Every edit is an undo command on the draft's stack in the shared QUndoGroup.

#include "models/items/claimtablemodel.h"
#include "services.h"

#include <QFutureWatcher>
#include <QHash>
#include <QJsonObject>
#include <QWidget>

#include <functional>

class QTextDocument;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class QUndoGroup;
class QUndoStack;

namespace Sovereign::Ui {

class ConfidenceBar;

class ClaimsTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClaimsTab)
public:
    ClaimsTab(const Services &services, QUndoGroup *undoGroup, QWidget *parent = nullptr);

    void setDetails(const Models::DraftDetails &details);
    void clear(const QString &emptyMessage);
    void selectClaim(int round, int ordinal);
    void focusEditor();
    // True when nothing unsaved is in the claim editor. Otherwise asks the owner (save, discard or
    // stay) without blocking, calls proceed after save or discard, and returns false.
    bool confirmLeave(const std::function<void()> &proceed);
    bool hasUnsavedEdit() const;
    // The verification threshold a run was made with (its stored settings), else fallback.
    static double runThreshold(const QJsonObject &config, double fallback);

    QTableView *table() const { return m_table; }
    QPlainTextEdit *editor() const { return m_editor; }
    QString previewNote() const; // the live re-verification's line under the editor
    QString correctionNote() const; // the selected claim's correction, as shown (empty when none)
    Models::ClaimTableModel *model() const { return m_model; }
    QUndoStack *undoStack() const;

    // Marks the words of claim that also occur in passage (case-insensitive, stop words and very
    // short words skipped) with a highlight format on a plain-text document. Returns the terms.
    static QStringList highlightSharedTerms(QTextDocument *passage, const QString &claim, const QColor &background);

signals:
    void message(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showRound(int round);
    void onRowChanged(const QModelIndex &current);
    void showCoverage(int round);
    void onCurrentChanged();
    void onEditorChanged();
    bool applyTextEdit(); // true: the write was asked for
    void applyOverride();
    void updateEditingState();
    void showStance(const Models::Claim &c);
    Models::Claim currentClaim() const;

    Services m_services;
    QUndoGroup *m_group;
    QHash<qint64, QUndoStack *> m_stacks; // per draft
    Models::DraftDetails m_details;
    Models::Claim m_editing; // the claim the editor was filled from
    bool m_loading = false;
    int m_round = 0;

    QComboBox *m_roundBox;
    QLabel *m_summary;
    QLabel *m_coverage; // the question's terms: covered by some claim, and covered by none
    Models::ClaimTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_paper;
    QLabel *m_correction;
    QPlainTextEdit *m_passage;
    QLabel *m_terms;
    QLabel *m_stance;
    QLabel *m_lockNote;
    QPlainTextEdit *m_editor;
    ConfidenceBar *m_preview;
    QLabel *m_previewNote;
    QLineEdit *m_reason;
    QPushButton *m_applyText;
    QComboBox *m_override;
    QPushButton *m_applyOverride;
    QTimer *m_debounce;
    QFutureWatcher<Result<ClaimScore>> m_scoreWatcher;
    quint64 m_scoreGeneration = 0;
};

// A single confidence bar (the same painting as the table's delegate).
class ConfidenceBar final : public QWidget
{
    Q_OBJECT
public:
    explicit ConfidenceBar(QWidget *parent = nullptr);
    void setValue(std::optional<double> confidence, double threshold, bool verified, bool overridden);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::optional<double> m_confidence;
    double m_threshold = 0; // set with the value (setValue)
    bool m_verified = false;
    bool m_overridden = false;
};

} // namespace Sovereign::Ui
