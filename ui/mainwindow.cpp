#include "mainwindow.h"

#include "displaytext.h"
#include "corpusimportdialog.h"

#include "claimstab.h"
#include "dialogs.h"
#include "drafttab.h"
#include "historytab.h"
#include "ledgerindicator.h"
#include "models/items/draftlistmodel.h"
#include "models/items/queuemodel.h"
#include "models/types/policyreason.h"
#include "pipelinetab.h"
#include "publishactions.h"
#include "recordtab.h"
#include "theme.h"
#include "tribunaltab.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoGroup>
#include <QUndoStack>
#include <QVBoxLayout>

#include <ksyntaxhighlighting_version.h>

namespace Sovereign::Ui {

using namespace Models;

MainWindow::MainWindow(const Services &services, QWidget *parent) : QMainWindow(parent), m_services(services)
{
    setWindowTitle(tr("Sovereign Workbench"));
    m_undo = new QUndoGroup(this);

    // Queues.
    m_queues = new QueueModel(this);
    m_queueView = new QListView(this);
    m_queueView->setModel(m_queues);
    m_queueView->setAccessibleName(tr("Queues"));
    m_queueView->setToolTip(tr("Drafts by where they are in your workflow"));
    m_queueView->setCurrentIndex(m_queues->index(QueueModel::Escalated));
    m_queueView->setUniformItemSizes(true);
    m_queueView->setSpacing(2);

    // Draft list.
    auto reader = m_services.drafts;
    m_drafts = new DraftListModel([reader](const DraftFilter &f) { return reader->page(f); }, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_drafts);
    m_proxy->setSortRole(DraftListModel::SortRole);
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter by question, SRCH id or reason, e.g. question_not_addressed (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Draft filter"));
    m_list = new QTableView(this);
    m_list->setModel(m_proxy);
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(DraftListModel::DateColumn, Qt::DescendingOrder);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->verticalHeader()->hide();
    m_list->verticalHeader()->setDefaultSectionSize(m_list->fontMetrics().height() + 8);
    m_list->setWordWrap(false);
    m_list->setAlternatingRowColors(true);
    m_list->setAccessibleName(tr("Drafts"));
    m_list->horizontalHeader()->resizeSection(DraftListModel::TitleColumn, 300);
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->horizontalHeader()->setSectionsMovable(true);
    static const int widths[] = {0, 260, 112, 122, 48, 72, 86, 62, 150, 96};
    for (int c = DraftListModel::WhyColumn; c < DraftListModel::ColumnCount; ++c)
        m_list->horizontalHeader()->resizeSection(c, widths[c]);
    m_list->horizontalHeader()->setMinimumSectionSize(40);
    m_listEmpty = new QLabel(this);
    m_listEmpty->setTextFormat(Qt::PlainText);
    m_listEmpty->setWordWrap(true);
    m_listEmpty->setAlignment(Qt::AlignCenter);
    m_listEmpty->hide();
    auto *listBox = new QWidget(this);
    auto *ll = new QVBoxLayout(listBox);
    ll->setContentsMargins(0, 0, 0, 0);
    ll->addWidget(m_filter);
    ll->addWidget(m_listEmpty);
    ll->addWidget(m_list, 1);

    // Tabs.
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_draft = new DraftTab(m_tabs);
    m_claims = new ClaimsTab(m_services, m_undo, m_tabs);
    m_tribunal = new TribunalTab(m_tabs);
    m_record = new RecordTab(m_tabs);
    m_pipeline = new PipelineTab(m_tabs);
    m_history = new HistoryTab(m_tabs);
    m_tabs->addTab(m_draft, tr("&Draft"));
    m_tabs->addTab(m_claims, tr("&Claims"));
    m_tabs->addTab(m_tribunal, tr("&Tribunal"));
    m_tabs->addTab(m_record, tr("Rec&ord"));
    m_tabs->addTab(m_pipeline, tr("&Pipeline"));
    m_tabs->addTab(m_history, tr("&History"));

    m_banner = new QLabel(this);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setWordWrap(true);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    m_banner->setMargin(6);
    m_banner->setAccessibleName(tr("Notification"));
    m_banner->hide();
    auto *right = new QWidget(this);
    auto *rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    rl->addWidget(m_banner);
    rl->addWidget(m_tabs, 1);

    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setObjectName(QStringLiteral("mainSplitter"));
    m_split->addWidget(m_queueView);
    m_split->addWidget(listBox);
    m_split->addWidget(right);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 2);
    m_split->setStretchFactor(2, 3);
    m_split->setSizes({175, 720, 705});
    setCentralWidget(m_split);
    m_help = new HelpOverlay(this);
    m_publish = new PublishActions(m_services, this);
    if (m_services.ledger) {
        m_ledger = new LedgerIndicator(m_services.ledger, this);
        statusBar()->addPermanentWidget(m_ledger);
        connect(m_ledger, &LedgerIndicator::message, this, &MainWindow::showMessage);
    }

    m_detailsWatcher = new QFutureWatcher<Result<DraftDetails>>(this);
    m_countsWatcher = new QFutureWatcher<Result<QHash<DraftState, int>>>(this);
    m_filterDebounce = new QTimer(this);
    m_filterDebounce->setSingleShot(true);
    m_filterDebounce->setInterval(250);
    m_countsThrottle = new QTimer(this);
    m_countsThrottle->setSingleShot(true);
    m_countsThrottle->setInterval(500);

    buildActions();

    connect(m_detailsWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_detailsWatcher->property("generation").toULongLong() != m_detailsGeneration)
            return; // the owner moved on while it loaded
        const auto r = m_detailsWatcher->result();
        if (!r) {
            showMessage(tr("Could not load the draft: %1").arg(r.error()));
            return;
        }
        m_details = *r;
        if (m_followRun && m_details.run.id == m_followRun)
            m_followRun = 0; // the run's own draft is shown now
        m_draft->setDetails(m_details);
        m_claims->setDetails(m_details);
        m_tribunal->setDetails(m_details);
        m_record->setDetails(m_details);
        const bool live = m_services.runs && m_services.runs->activeRuns().contains(m_details.run.id);
        // A run watched live keeps its live timeline (and its log) when its draft is shown after it ends.
        if (!((live || m_pipeline->watchedLive()) && m_pipeline->runId() == m_details.run.id))
            m_pipeline->setRun(m_details.run, m_details.events, live);
        else
            m_pipeline->setRunInfo(m_details.run);
        m_history->setDetails(m_details);
        m_publish->setDetails(m_details);
        m_drafts->upsert(m_details.draft);
        updateActions();
        emit detailsLoaded(m_details.draft.id);
    });
    connect(m_countsWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (const auto r = m_countsWatcher->result())
            m_queues->setCounts(*r);
        else
            showMessage(tr("Could not count the drafts: %1").arg(r.error()));
        updateEmptyState();
    });
    connect(m_countsThrottle, &QTimer::timeout, this, &MainWindow::refreshCounts);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onQueueChanged);
    connect(m_filter, &QLineEdit::textChanged, m_filterDebounce, qOverload<>(&QTimer::start));
    connect(m_filterDebounce, &QTimer::timeout, this, &MainWindow::onQueueChanged);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::onCurrentDraftChanged);
    connect(m_drafts, &DraftListModel::pageLoaded, this, [this] {
        updateEmptyState();
        const int kept = m_keepSelect ? m_drafts->rowOf(m_keepSelect) : -1;
        m_keepSelect = 0;
        if (m_pendingSelect) {
            const int row = m_drafts->rowOf(m_pendingSelect);
            if (row >= 0) {
                m_pendingSelect = 0;
                m_list->setCurrentIndex(m_proxy->mapFromSource(m_drafts->index(row, 0)));
            }
        } else if (kept >= 0) {
            m_list->setCurrentIndex(m_proxy->mapFromSource(m_drafts->index(kept, 0)));
        } else if (!m_list->currentIndex().isValid() && m_proxy->rowCount() > 0 && !m_details.draft.id) {
            m_list->setCurrentIndex(m_proxy->index(0, 0));
        }
        statusBar()->showMessage(tr("%n draft(s) loaded", nullptr, m_drafts->rowCount()) +
                                 (m_drafts->isExhausted() ? QString() : tr(" — scroll for more")));
    });
    connect(m_drafts, &DraftListModel::loadFailed, this, [this](const QString &e) { showMessage(tr("Could not load drafts: %1").arg(e)); });
    connect(m_tribunal, &TribunalTab::claimActivated, this, [this](int round, int ordinal) {
        m_tabs->setCurrentWidget(m_claims);
        m_claims->selectClaim(round, ordinal);
    });
    connect(m_claims, &ClaimsTab::message, this, &MainWindow::showMessage);
    connect(m_publish, &PublishActions::message, this, &MainWindow::showMessage);
    connect(m_publish, &PublishActions::draftChanged, this, [this](qint64 draftId) {
        if (draftId == m_details.draft.id)
            loadDetails(draftId); // again after the record was rebuilt
        refreshCounts();
    });
    connect(m_pipeline, &PipelineTab::cancelRequested, this, [this](qint64 runId) {
        if (m_services.runs)
            m_services.runs->cancel(runId);
    });
    if (m_services.actions)
        connect(m_services.actions, &OwnerActionService::changed, this, [this](qint64 draftId) {
            if (draftId == m_details.draft.id)
                loadDetails(draftId);
            m_countsThrottle->start();
        });
    if (m_services.actions && m_ledger)
        connect(m_services.actions, &OwnerActionService::ledgerAppended, m_ledger, &LedgerIndicator::refresh);
    if (m_services.runs) {
        connect(m_services.runs, &RunService::runEvent, this, &MainWindow::onRunEvent);
        connect(m_services.runs, &RunService::runFinished, this, &MainWindow::onRunFinished);
        connect(m_services.runs, &RunService::runStarted, this, &MainWindow::onRunStarted);
        connect(m_services.runs, &RunService::startFailed, this, [this](const QString &e) {
            showMessage(tr("The run did not start: %1").arg(e));
            notify(tr("Run not started"), e);
        });
    }

    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_split->restoreState(s.value(QStringLiteral("window/split")).toByteArray());
    // "listHeader2": the list gained the Why column; an older header state has one column fewer.
    m_list->horizontalHeader()->restoreState(s.value(QStringLiteral("window/listHeader2")).toByteArray());
    if (!s.contains(QStringLiteral("window/geometry"))) {
        // First start: fit the screen (1366 × 768 included), the list and the draft side by side.
        const QSize avail = screen() ? screen()->availableSize() : QSize(1500, 900);
        const int w = std::min(1500, avail.width() - 40), h = std::min(900, avail.height() - 40);
        resize(w, h);
        const int queues = std::min(175, w / 9);
        m_split->setSizes({queues, (w - queues) * 45 / 100, (w - queues) * 55 / 100});
    }
    const int queue = s.value(QStringLiteral("window/queue"), int(QueueModel::Escalated)).toInt();
    m_queueView->setCurrentIndex(m_queues->index(std::clamp(queue, 0, int(QueueModel::QueueCount) - 1)));
    m_tabs->setCurrentIndex(s.value(QStringLiteral("window/tab"), 0).toInt());
    refreshCounts();
    onQueueChanged();
    if (m_ledger)
        m_ledger->refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto make = [this](const QString &text, QList<QKeySequence> keys, const QString &tip, auto slot) {
        // A standard key with no binding on this platform (Preferences on X11) is an empty sequence:
        // left in, menus and the F1 list would show nothing for it.
        keys.removeIf([](const QKeySequence &k) { return k.isEmpty(); });
        auto *a = new QAction(text, this);
        a->setShortcuts(keys);
        a->setToolTip(tip + (keys.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(keys.first().toString(QKeySequence::NativeText))));
        a->setStatusTip(tip);
        a->setObjectName(text);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    auto *approve = make(tr("Approve"), {QKeySequence(Qt::Key_A)}, tr("Approve and publish the selected draft"), [this] { decide(DecisionAction::Approve); });
    auto *reject = make(tr("Reject"), {QKeySequence(Qt::Key_R)}, tr("Reject the selected draft"), [this] { decide(DecisionAction::Reject); });
    auto *escalate = make(tr("Escalate"), {QKeySequence(Qt::Key_E)}, tr("Hold the draft for a second opinion, with a note"), [this] { decide(DecisionAction::Escalate); });
    auto *revise = make(tr("Request revision"), {QKeySequence(Qt::Key_V)}, tr("Run the revision round again with your note"), [this] { decide(DecisionAction::RequestRevision); });
    m_decisionActions = {approve, reject, escalate, revise};
    auto *next = make(tr("Next draft"), {QKeySequence(Qt::Key_J), QKeySequence(Qt::ALT | Qt::Key_Down)}, tr("Select the next draft in the list"), [this] { moveSelection(1); });
    auto *prev = make(tr("Previous draft"), {QKeySequence(Qt::Key_K), QKeySequence(Qt::ALT | Qt::Key_Up)}, tr("Select the previous draft in the list"), [this] { moveSelection(-1); });
    auto *claims = make(tr("Open claims"), {QKeySequence(Qt::Key_C)}, tr("Show the claims of the selected draft"), [this] { m_tabs->setCurrentWidget(m_claims); m_claims->table()->setFocus(); });
    auto *editClaim = make(tr("Edit claim"), {QKeySequence(Qt::Key_F2)}, tr("Edit the selected claim's text"), [this] { m_tabs->setCurrentWidget(m_claims); m_claims->focusEditor(); });
    auto *newRun = make(tr("New run…"), {QKeySequence::New}, tr("Start a pipeline run from a source paper and a question"), [this] { this->newRun(); });
    m_cancelAction = make(tr("Cancel run"), {}, tr("Cancel the run shown on the Pipeline tab"), [this] {
        if (m_services.runs && m_pipeline->runId())
            m_services.runs->cancel(m_pipeline->runId());
    });
    auto *find = make(tr("Filter drafts"), {QKeySequence::Find, QKeySequence(Qt::Key_Slash)}, tr("Filter the draft list"), [this] { m_filter->setFocus(); m_filter->selectAll(); });
    auto *settings = make(tr("Settings…"), {QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)}, tr("Backends, thresholds, owner name and API key"), [this] { showSettings(); });
    auto *help = make(tr("Keyboard shortcuts"), {QKeySequence::HelpContents, QKeySequence(Qt::Key_Question)}, tr("Show the keyboard shortcuts"), [this] { m_help->toggle(); });
    auto *quit = make(tr("Quit"), {QKeySequence::Quit}, tr("Close the workbench; running runs are cancelled"), [this] { close(); });
    QAction *undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    undo->setToolTip(tr("Undo the last claim edit (Ctrl+Z)"));
    QAction *redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    redo->setToolTip(tr("Redo the claim edit (Ctrl+Shift+Z)"));
    addAction(undo);
    addAction(redo);
    // The status bar follows the stack: say what was undone or redone (the group acted first).
    connect(undo, &QAction::triggered, this, [this] {
        if (const QUndoStack *stack = m_undo->activeStack(); stack && stack->command(stack->index()))
            showMessage(tr("Undone: %1. Redo with Ctrl+Shift+Z.").arg(stack->command(stack->index())->text()));
    });
    connect(redo, &QAction::triggered, this, [this] {
        if (const QUndoStack *stack = m_undo->activeStack(); stack && stack->index() > 0)
            showMessage(tr("Redone: %1. Undo with Ctrl+Z.").arg(stack->command(stack->index() - 1)->text()));
    });
    QList<QAction *> tabActions;
    for (int i = 0; i < m_tabs->count(); ++i) {
        QString name = m_tabs->tabText(i);
        name.remove(QLatin1Char('&'));
        tabActions.append(make(tr("Show %1").arg(name), {QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i))}, tr("Show the %1 tab").arg(name), [this, i] { m_tabs->setCurrentIndex(i); }));
    }
    for (QAction *a : actions())
        a->setProperty("accessibleName", a->text());

    auto *file = menuBar()->addMenu(tr("&File"));
    m_importAction = make(tr("Import papers…"), {}, tr("Import arXiv metadata (OAI JSON-lines, Atom) into the local corpus"),
                          [this] { CorpusImportDialog::chooseAndImport(m_importer, this); });
    m_importAction->setEnabled(false);
    file->addActions({newRun, m_cancelAction, m_importAction, settings});
    file->addSeparator();
    file->addAction(quit);
    auto *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({undo, redo, editClaim, find});
    auto *draft = menuBar()->addMenu(tr("D&ecide"));
    draft->addActions(m_decisionActions);
    menuBar()->addMenu(tr("&Publish"))->addActions(m_publish->actions());
    auto *go = menuBar()->addMenu(tr("&Go"));
    go->addActions({next, prev, claims});
    go->addSeparator();
    go->addActions(tabActions);
    auto *about = make(tr("About Sovereign Workbench"), {}, tr("Version, database, schema and licences"), [this] { showAbout(); });
    about->setMenuRole(QAction::AboutRole);
    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(help);
    helpMenu->addSeparator();
    helpMenu->addAction(about);

    auto *tb = addToolBar(tr("Decisions"));
    tb->setObjectName(QStringLiteral("decisionsToolbar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tb->addActions({newRun});
    tb->addSeparator();
    tb->addActions(m_decisionActions);
    tb->addSeparator();
    tb->addActions({m_publish->exportPdfAction(), m_publish->correctAction()});
    tb->addSeparator();
    tb->addActions({prev, next, undo, redo});
    tb->addSeparator();
    tb->addAction(help);

    QList<QPair<QString, QString>> rows;
    for (QAction *a : {approve, reject, escalate, revise, m_publish->exportPdfAction(), m_publish->exportManifestAction(),
                       m_publish->correctAction(), next, prev, claims, editClaim, undo, redo, newRun, find, settings, help})
        rows.append({a->shortcuts().isEmpty() ? QString() : QKeySequence::listToString(a->shortcuts(), QKeySequence::NativeText).replace(QStringLiteral("; "), tr("  or  ")),
                     a->text().remove(QLatin1Char('&'))});
    rows.append({tr("Ctrl+1 … Ctrl+6"), tr("Draft, Claims, Tribunal, Record, Pipeline, History tabs")});
    m_help->setShortcuts(rows);
    updateActions();
}

std::optional<MainWindow::Tab> MainWindow::tabFromName(const QString &name)
{
    static const QStringList names = {QStringLiteral("draft"), QStringLiteral("claims"), QStringLiteral("tribunal"),
                                      QStringLiteral("record"), QStringLiteral("pipeline"), QStringLiteral("history")};
    const int i = int(names.indexOf(name.toLower()));
    return i < 0 ? std::nullopt : std::optional<Tab>(Tab(i));
}

void MainWindow::setCurrentTab(Tab tab) { m_tabs->setCurrentIndex(int(tab)); }

void MainWindow::setQueue(int queue)
{
    m_queueView->setCurrentIndex(m_queues->index(std::clamp(queue, 0, int(QueueModel::QueueCount) - 1)));
}

void MainWindow::selectDraft(qint64 draftId)
{
    const int row = m_drafts->rowOf(draftId);
    if (row >= 0) {
        m_list->setCurrentIndex(m_proxy->mapFromSource(m_drafts->index(row, 0)));
        return;
    }
    m_pendingSelect = draftId; // selected when its page arrives; shown now either way
    loadDetails(draftId);
}

void MainWindow::setCorpusImporter(std::shared_ptr<CorpusImporter> importer)
{
    m_importer = std::move(importer);
    m_importAction->setEnabled(m_importer != nullptr);
}

void MainWindow::restoreLastSelection()
{
    const qint64 id = QSettings().value(QStringLiteral("window/draft"), 0).toLongLong();
    if (id > 0)
        selectDraft(id);
}

void MainWindow::loadDetails(qint64 draftId)
{
    m_detailsWatcher->setProperty("generation", ++m_detailsGeneration);
    m_detailsWatcher->setFuture(m_services.drafts->details(draftId));
}

void MainWindow::refreshCounts()
{
    if (m_countsWatcher->isRunning()) {
        m_countsThrottle->start();
        return;
    }
    m_countsWatcher->setFuture(m_services.drafts->queueCounts());
}

void MainWindow::onQueueChanged()
{
    // The list is refilled: nothing is selected until a row of the new list is, so the pane and the
    // actions must not keep acting on a draft the owner can no longer see. The draft shown so far is
    // selected again if the new list holds it.
    if (m_details.draft.id)
        m_keepSelect = m_details.draft.id;
    clearDetails(tr("Select a draft in the list."));
    const auto queue = QueueModel::Queue(std::max(0, m_queueView->currentIndex().row()));
    m_drafts->setFilter(QueueModel::stateOf(queue), m_filter->text());
    updateEmptyState();
}

void MainWindow::onCurrentDraftChanged()
{
    const QModelIndex i = m_proxy->mapToSource(m_list->currentIndex());
    if (!i.isValid()) {
        clearDetails(tr("Select a draft in the list."));
        return;
    }
    const qint64 id = m_drafts->index(i.row(), 0).data(DraftListModel::DraftIdRole).toLongLong();
    if (id == m_details.draft.id && !m_detailsWatcher->isRunning()) {
        updateActions(); // the row of the draft already shown (e.g. after its page arrived)
        return;
    }
    if (m_details.draft.id && id != m_details.draft.id && !m_claims->confirmLeave([this, id] { selectDraft(id); })) {
        // An unsaved claim edit: stay on the shown draft until the owner answers.
        const int row = m_drafts->rowOf(m_details.draft.id);
        const QSignalBlocker block(m_list->selectionModel());
        m_list->setCurrentIndex(row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_drafts->index(row, 0)));
        m_list->viewport()->update();
        return;
    }
    m_followRun = 0;
    loadDetails(id);
}

void MainWindow::clearDetails(const QString &message)
{
    ++m_detailsGeneration; // a load still under way is for a draft no longer selected
    m_details = {};
    m_draft->clear(message);
    m_claims->clear(message);
    m_tribunal->clear(message);
    m_record->clear(message);
    if (!m_pipeline->isLive()) // a run under way stays in view
        m_pipeline->clear(message);
    m_history->clear(message);
    m_publish->setDetails(m_details);
    updateActions();
}

void MainWindow::moveSelection(int delta)
{
    const int rows = m_proxy->rowCount();
    if (rows == 0)
        return;
    const int current = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : -1;
    const int next = std::clamp(current + delta, 0, rows - 1);
    m_list->setCurrentIndex(m_proxy->index(next, 0));
    if (next >= rows - 5 && m_drafts->canFetchMore({}))
        m_drafts->fetchMore({});
}

qint64 MainWindow::currentListDraftId() const
{
    const QModelIndex i = m_proxy->mapToSource(m_list->currentIndex());
    return i.isValid() ? m_drafts->index(i.row(), 0).data(DraftListModel::DraftIdRole).toLongLong() : 0;
}

void MainWindow::updateActions()
{
    const bool have = m_details.draft.id > 0 && m_services.actions && currentListDraftId() == m_details.draft.id;
    // While a decision is being written, no second one: the first decides what the draft is.
    const bool open = have && !m_details.draft.isPublished() && m_details.draft.state != DraftState::Running &&
                      m_details.draft.state != DraftState::Rejected && m_savingDecision == 0;
    for (QAction *a : std::as_const(m_decisionActions))
        a->setEnabled(open);
    if (m_cancelAction)
        m_cancelAction->setEnabled(m_services.runs && !m_services.runs->activeRuns().isEmpty());
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_drafts->rowCount() == 0 && !m_drafts->isLoading();
    m_listEmpty->setVisible(empty);
    m_list->setVisible(!empty);
    if (!empty)
        return;
    if (!m_filter->text().isEmpty())
        m_listEmpty->setText(tr("No draft matches “%1”. Clear the filter (Esc) or try a SRCH id.").arg(m_filter->text()));
    else if (m_queues->count(QueueModel::All) == 0)
        m_listEmpty->setText(tr("No drafts yet.\n\nStart a run with File → New run (Ctrl+N): pick a source paper from the "
                                "corpus, ask a research question, and the draft appears here when the run ends."));
    else
        m_listEmpty->setText(tr("This queue is empty. Pick another queue on the left, or “All”."));
}

void MainWindow::decide(DecisionAction action)
{
    if (!m_services.actions || !m_details.draft.id || currentListDraftId() != m_details.draft.id)
        return;
    if (m_details.draft.isPublished()) {
        showMessage(tr("This draft is published; change it through a correction record."));
        return;
    }
    auto *dialog = new DecisionDialog(action, m_details.draft.title, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The first publication asks who publishes: the record names no one until the owner says.
    if (action == DecisionAction::Approve && WorkbenchSettings::load().publisher.isEmpty())
        dialog->askPublisher();
    const qint64 draftId = m_details.draft.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, action, draftId] {
        if (const QString publisher = dialog->publisher(); !publisher.isEmpty()) {
            WorkbenchSettings settings = WorkbenchSettings::load();
            settings.publisher = publisher; // the record reads it (Pipeline::ownerPublisher)
            settings.save();
        }
        storeDecision(draftId, action, dialog->note());
    });
    dialog->open();
}

void MainWindow::storeDecision(qint64 draftId, DecisionAction action, const QString &note)
{
    // Written off the GUI thread; the window stays live and says what it is doing meanwhile.
    m_savingDecision = draftId;
    updateActions();
    showMessage(tr("Saving the decision (%1)…").arg(DecisionDialog::actionLabel(action)));
    m_services.actions->decide(draftId, action, note).then(this, [this, draftId, action, note](const Status &ok) {
        m_savingDecision = 0;
        updateActions();
        decisionStored(draftId, action, note, ok);
    });
}

void MainWindow::decisionStored(qint64 draftId, DecisionAction action, const QString &note, const Status &ok)
{
    if (!ok) {
        // Never a silent loss: say so in words, re-check the file and the ledger, offer a retry.
        showMessage(tr("The decision was not saved: %1").arg(ok.error()));
        if (m_ledger)
            m_ledger->refresh();
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Decision not saved"),
                                    tr("The decision (%1) was not saved: %2\n\nNothing was changed. The workbench is "
                                       "checking the database and the ledger; the result appears in the status bar.")
                                        .arg(DecisionDialog::actionLabel(action), ok.error()),
                                    QMessageBox::Retry | QMessageBox::Cancel, this);
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::finished, this, [this, draftId, action, note](int result) {
            if (result == QMessageBox::Retry)
                storeDecision(draftId, action, note);
        });
        m_failureBox = box;
        box->open();
        return;
    }
    showMessage(tr("%1: stored for %2.").arg(DecisionDialog::actionLabel(action),
                                              m_details.draft.id == draftId ? m_details.draft.srchId : tr("draft %1").arg(draftId)));
    if (m_details.draft.id == draftId)
        loadDetails(draftId); // the pane follows the selection: another draft shown stays shown
    refreshCounts();
}

void MainWindow::newRun()
{
    if (!m_services.runs) {
        showMessage(tr("No pipeline is connected to this workbench, so runs cannot start here. Use `sovereign run`."));
        return;
    }
    auto *dialog = new NewRunDialog(m_services.corpus, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        NewRunRequest request = dialog->request();
        const WorkbenchSettings settings = WorkbenchSettings::load();
        request.verifyThreshold = settings.verifyThreshold;
        request.approveAt = settings.approveThreshold;
        request.reviseAt = settings.reviseThreshold;
        request.topK = settings.topK;
        request.maxRevisionRounds = settings.maxRevisionRounds;
        const auto id = m_services.runs->start(request);
        if (!id) {
            showMessage(tr("The run did not start: %1").arg(id.error()));
            return;
        }
        if (*id > 0)
            onRunStarted(*id, request.question);
        else
            showMessage(tr("Preparing the remote backends (settings, API key, source paper)…"));
    });
    dialog->open();
}

void MainWindow::onRunStarted(qint64 runId, const QString &question)
{
    m_liveRunId = runId;
    // The tabs show the new run's draft, not the one selected before: none until the run ends.
    {
        const QSignalBlocker block(m_list->selectionModel());
        m_list->selectionModel()->clear();
    }
    m_list->viewport()->update();
    m_pendingSelect = 0;
    clearDetails(tr("The new run is under way; its draft is shown here when it ends. Follow it on the Pipeline tab."));
    m_followRun = runId;
    Run run;
    run.id = runId;
    run.status = RunStatus::Running;
    run.question = question;
    m_pipeline->setRun(run, {}, true);
    m_tabs->setCurrentWidget(m_pipeline);
    updateActions();
    refreshCounts();
    // The run's SRCH id is stored with the run: read it off the GUI thread for the header.
    if (m_services.drafts) {
        auto *watcher = new QFutureWatcher<Result<Run>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            watcher->deleteLater();
            if (const auto r = watcher->result())
                m_pipeline->setRunInfo(*r);
        });
        watcher->setFuture(m_services.drafts->run(runId));
    }
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(WorkbenchSettings::load(), m_services.secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [dialog] {
        const WorkbenchSettings settings = dialog->settings();
        settings.save();
        Theme::applyAppearance(settings.appearance);
    });
    dialog->open();
}

QString MainWindow::aboutText() const
{
    const DraftReader::DatabaseInfo info = m_services.drafts ? m_services.drafts->databaseInfo() : DraftReader::DatabaseInfo{};
    const QString db = info.path.isEmpty() ? tr("none") : info.path;
    const QString schema = info.schemaVersion > 0 ? QString::number(info.schemaVersion) : tr("none");
    return tr("Sovereign Workbench %1\n\n"
              "Database: %2\nSchema version: %3\n\n"
              "Built on free software:\n"
              "• Qt %4 — LGPL-3.0 (GPL-2.0/3.0 for some tools)\n"
              "• KDE Frameworks 6 SyntaxHighlighting %5 — MIT\n"
              "• Eigen — MPL-2.0\n"
              "• SQLite — public domain")
        .arg(QCoreApplication::applicationVersion().isEmpty() ? tr("(development build)") : QCoreApplication::applicationVersion(),
             db, schema, QString::fromLatin1(qVersion()), QStringLiteral(KSYNTAXHIGHLIGHTING_VERSION_STRING));
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("About Sovereign Workbench"), aboutText(), QMessageBox::Ok, this);
    box->setTextFormat(Qt::PlainText); // the database path is the owner's text
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::onRunEvent(const RunEvent &event)
{
    if (event.runId == m_pipeline->runId())
        m_pipeline->appendEvent(event);
    if (event.kind == EventKind::Token)
        m_tribunal->appendToken(event);
    // A draft row appears (Running queue) once the run composes it; keep the counts current.
    if (event.kind == EventKind::Finished || event.kind == EventKind::Started)
        m_countsThrottle->start();
}

void MainWindow::onRunFinished(qint64 runId, qint64 draftId, RunStatus status)
{
    m_pipeline->runFinished(runId, status);
    refreshCounts();
    m_drafts->reload();
    updateActions();
    if (draftId > 0 && draftId == m_details.draft.id)
        loadDetails(draftId);
    else if (draftId > 0 && runId == m_followRun && !m_details.draft.id && !m_list->currentIndex().isValid())
        selectDraft(draftId); // the owner did not pick another draft meanwhile
    if (draftId <= 0) {
        if (status == RunStatus::Failed)
            notify(tr("Run failed"), tr("A run failed before composing a draft. See the Pipeline tab."));
        return;
    }
    // Escalations need the owner: read the outcome off the GUI thread, then notify.
    auto *watcher = new QFutureWatcher<Result<DraftDetails>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const auto r = watcher->result();
        if (r && r->draft.state == DraftState::Escalated)
            notify(tr("Draft escalated"), tr("%1 needs your decision: %2").arg(r->draft.srchId, whyText(r->draft)));
        else if (r && r->draft.state == DraftState::AutoApproved)
            notify(tr("Draft auto-approved"),
                   tr("%1 was published by the policy without your review: %2. It is in the Auto-approved queue; "
                      "a change now goes through a correction record.")
                       .arg(r->draft.srchId, whyText(r->draft)));
    });
    watcher->setFuture(m_services.drafts->details(draftId));
}

void MainWindow::notify(const QString &title, const QString &text)
{
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(windowIcon().isNull() ? style()->standardIcon(QStyle::SP_MessageBoxInformation) : windowIcon(), this);
            m_tray->show();
        }
        m_tray->showMessage(title, text);
    }
    // The banner is shown in any case: a tray message is easy to miss.
    m_banner->setText(shownText(title + QStringLiteral(" — ") + text, MaxLabelChars));
    m_banner->show();
    QTimer::singleShot(15000, m_banner, &QLabel::hide);
}

QString MainWindow::bannerText() const { return m_banner->isVisible() ? m_banner->text() : QString(); }

void MainWindow::showMessage(const QString &text) { statusBar()->showMessage(text, 8000); }

void MainWindow::saveLayout() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/split"), m_split->saveState());
    s.setValue(QStringLiteral("window/listHeader2"), m_list->horizontalHeader()->saveState());
    s.setValue(QStringLiteral("window/queue"), m_queueView->currentIndex().row());
    s.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    s.setValue(QStringLiteral("window/draft"), m_details.draft.id);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_services.runs)
        for (qint64 id : m_services.runs->activeRuns())
            m_services.runs->cancel(id);
    event->accept();
}

} // namespace Sovereign::Ui
