#pragma once

// The workbench's main window: queues, the lazily loaded draft list, and the selected draft in
// tabs (Draft, Claims, Tribunal, Record, Pipeline, History). It wires the tabs to the injected
// services and keeps layout and last selection in QSettings. All reads happen on pool threads.

#include "models/types/draftdetails.h"
#include "services.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

class QLabel;
class QListView;
class QLineEdit;
class QSortFilterProxyModel;
class QSplitter;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;
class QTimer;
class QUndoGroup;

namespace Sovereign::Models {
class DraftListModel;
class QueueModel;
} // namespace Sovereign::Models

namespace Sovereign::Ui {

class ClaimsTab;
class DraftTab;
class HelpOverlay;
class HistoryTab;
class LedgerIndicator;
class PipelineTab;
class PublishActions;
class RecordTab;
class TribunalTab;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    enum Tab { DraftPage, ClaimsPage, TribunalPage, RecordPage, PipelinePage, HistoryPage };

    explicit MainWindow(const Services &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    void selectDraft(qint64 draftId);
    void setCurrentTab(Tab tab);
    void setQueue(int queue); // QueueModel::Queue
    static std::optional<Tab> tabFromName(const QString &name);
    void restoreLastSelection();

    qint64 currentDraftId() const { return m_details.draft.id; }
    const Models::DraftDetails &currentDetails() const { return m_details; }
    Models::QueueModel *queues() const { return m_queues; }
    Models::DraftListModel *drafts() const { return m_drafts; }
    QTableView *draftView() const { return m_list; }
    ClaimsTab *claimsTab() const { return m_claims; }
    DraftTab *draftTab() const { return m_draft; }
    PipelineTab *pipelineTab() const { return m_pipeline; }
    QTabWidget *tabs() const { return m_tabs; }
    RecordTab *recordTab() const { return m_record; }
    HistoryTab *historyTab() const { return m_history; }
    PublishActions *publishActions() const { return m_publish; }
    LedgerIndicator *ledgerIndicator() const { return m_ledger; }
    // The "Decision not saved" box while it is open (tests).
    QMessageBox *decisionFailureBox() const { return m_failureBox; }
    QString bannerText() const;
    QString aboutText() const; // Help → About: version, database, schema, licences

signals:
    void detailsLoaded(qint64 draftId);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void loadDetails(qint64 draftId);
    void clearDetails(const QString &message);
    qint64 currentListDraftId() const;
    void refreshCounts();
    void onQueueChanged();
    void onCurrentDraftChanged();
    void decide(Models::DecisionAction action);
    void moveSelection(int delta);
    void newRun();
    void showSettings();
    void showAbout();
    void onRunEvent(const Models::RunEvent &event);
    void onRunStarted(qint64 runId, const QString &question);
    void onRunFinished(qint64 runId, qint64 draftId, Models::RunStatus status);
    void notify(const QString &title, const QString &text);
    void showMessage(const QString &text);
    // Writes the decision; on failure says so, re-checks the database and offers a retry.
    void storeDecision(qint64 draftId, Models::DecisionAction action, const QString &note);
    void decisionStored(qint64 draftId, Models::DecisionAction action, const QString &note, const Status &ok);

    void updateActions();
    void updateEmptyState();
    void saveLayout() const;

    Services m_services;
    Models::DraftDetails m_details;
    quint64 m_detailsGeneration = 0;
    qint64 m_pendingSelect = 0;
    qint64 m_keepSelect = 0; // the draft shown before the list was refilled
    qint64 m_liveRunId = 0;
    qint64 m_followRun = 0; // a run started here whose draft is shown when it ends

    Models::QueueModel *m_queues = nullptr;
    Models::DraftListModel *m_drafts = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QListView *m_queueView = nullptr;
    QLineEdit *m_filter = nullptr;
    QTableView *m_list = nullptr;
    QLabel *m_listEmpty = nullptr;
    QLabel *m_banner = nullptr;
    QTabWidget *m_tabs = nullptr;
    QSplitter *m_split = nullptr;
    DraftTab *m_draft = nullptr;
    ClaimsTab *m_claims = nullptr;
    TribunalTab *m_tribunal = nullptr;
    RecordTab *m_record = nullptr;
    PipelineTab *m_pipeline = nullptr;
    HistoryTab *m_history = nullptr;
    HelpOverlay *m_help = nullptr;
    PublishActions *m_publish = nullptr;
    LedgerIndicator *m_ledger = nullptr;
    QPointer<QMessageBox> m_failureBox;
    qint64 m_savingDecision = 0; // the draft whose decision is being written
    QUndoGroup *m_undo = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_filterDebounce = nullptr;
    QTimer *m_countsThrottle = nullptr;
    QFutureWatcher<Models::Result<Models::DraftDetails>> *m_detailsWatcher = nullptr;
    QFutureWatcher<Models::Result<QHash<Models::DraftState, int>>> *m_countsWatcher = nullptr;
    QList<QAction *> m_decisionActions;
    QAction *m_cancelAction = nullptr;
};

} // namespace Sovereign::Ui
