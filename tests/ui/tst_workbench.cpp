// The workbench driven like a user: keyboard decisions, claim edit + undo, a live run, the
// confidence bars' pixels, and untrusted draft text staying text.
#include "app/gui/guiservices.h"
#include "models/items/claimtablemodel.h"
#include "models/items/draftlistmodel.h"
#include "models/types/policyreason.h"
#include "models/ledger/ledger.h"
#include "models/items/queuemodel.h"
#include "models/items/runlogmodel.h"
#include "models/items/timelinemodel.h"
#include "pipeline/publish/owneractions.h"
#include "support/fixtures.h"
#include "support/testsupport.h"
#include "ui/claimstab.h"
#include "ui/confidencedelegate.h"
#include "ui/dialogs.h"
#include "ui/drafttab.h"
#include "ui/jsonview.h"
#include "ui/mainwindow.h"
#include "ui/pipelinetab.h"
#include "ui/recordtab.h"
#include "ui/theme.h"

#include <QApplication>
#include <QDialog>
#include <QHeaderView>
#include <QImage>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMutex>
#include <QUndoStack>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QSignalSpy>
#include <QScrollBar>
#include <QSplitter>
#include <QUndoStack>
#include <QTableView>
#include <QTextBrowser>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QThread>
#include <QTimer>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

// Records the threads OwnerActions::changed is emitted on (it is emitted from the writer thread).
// The connection ends with the recorder, and the list is shared with the slot, so an emission racing
// the end of a test function never writes into memory that is gone.
class WriterThreads
{
public:
    explicit WriterThreads(Pipeline::OwnerActions *owner)
    {
        m_connection = QObject::connect(owner, &Pipeline::OwnerActions::changed, owner, [state = m_state] {
            const QMutexLocker lock(&state->mutex);
            state->threads.append(QThread::currentThread());
        }, Qt::DirectConnection);
    }
    ~WriterThreads() { QObject::disconnect(m_connection); }
    WriterThreads(const WriterThreads &) = delete;
    WriterThreads &operator=(const WriterThreads &) = delete;
    QList<QThread *> threads() const
    {
        const QMutexLocker lock(&m_state->mutex);
        return m_state->threads;
    }

private:
    struct State
    {
        QMutex mutex;
        QList<QThread *> threads;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
    QMetaObject::Connection m_connection;
};

// A pipeline stand-in behind the RunService seam: it creates the run and its running draft, plays
// the fixture event stream on a timer, then stores the outcome (escalated) and reports the end.
class FakeRunService final : public Ui::RunService
{
public:
    explicit FakeRunService(std::shared_ptr<Database> db) : m_db(std::move(db))
    {
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] { step(); });
    }
    Result<qint64> start(const Ui::NewRunRequest &request) override
    {
        Store store(m_db);
        Run run;
        run.question = request.question;
        run.sourceRef = request.sourceRef;
        run.status = RunStatus::Running;
        run.error = QStringLiteral("");
        run.startedAt = QDateTime::currentDateTimeUtc();
        if (auto id = store.createRun(run); !id)
            return fail(id.error());
        m_draft.runId = run.id;
        m_draft.title = m_draft.question = request.question;
        m_draft.state = DraftState::Running;
        if (auto id = store.createDraft(m_draft); !id)
            return fail(id.error());
        m_runId = run.id;
        m_events = Test::fixtureEvents(run.id, true, true, QDateTime::currentMSecsSinceEpoch());
        m_next = 0;
        m_timer.start();
        return run.id;
    }
    void cancel(qint64) override { m_timer.stop(); }
    QList<qint64> activeRuns() const override { return m_timer.isActive() ? QList<qint64>{m_runId} : QList<qint64>{}; }
    int emitted() const { return m_next; }
    qint64 draftId() const { return m_draft.id; }
    // Pause after this many events so the test can look at the half-way state.
    int pauseAt = -1;
    bool autoApprove = false; // the run ends auto-approved (published by the policy), not escalated
    QString srchId() const { return Store(m_db).run(m_runId).value().srchId; }
    void resume() { pauseAt = -1; m_timer.start(); }

private:
    void step()
    {
        if (m_next == pauseAt) {
            m_timer.stop();
            return;
        }
        if (m_next >= m_events.size()) {
            m_timer.stop();
            Store store(m_db);
            if (autoApprove) {
                m_draft.state = DraftState::AutoApproved;
                m_draft.policy = Policy::AutoApprove;
                m_draft.policyReason = QStringLiteral("APPROVE at 7.2 with no gate failing");
                m_draft.score = 7.2;
                m_draft.publishedAt = QDateTime::currentDateTimeUtc();
            } else {
                m_draft.state = DraftState::Escalated;
                m_draft.policy = Policy::EscalateToOwner;
                m_draft.policyReason = QStringLiteral("verdict REVISE (5.4 < 6.5); gate verified_claims_below_minimum (1 verified, minimum 3)");
                m_draft.score = 5.4;
            }
            (void)store.updateDraft(m_draft);
            emit runFinished(m_runId, m_draft.id, RunStatus::Succeeded);
            return;
        }
        emit runEvent(m_events.at(m_next++));
    }
    std::shared_ptr<Database> m_db;
    QTimer m_timer;
    QList<RunEvent> m_events;
    int m_next = 0;
    qint64 m_runId = 0;
    Draft m_draft;
};

QDialog *waitForDialog()
{
    QDialog *d = nullptr;
    for (int i = 0; i < 500 && !d; ++i) {
        d = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!d)
            QTest::qWait(10);
    }
    if (d) {
        d->activateWindow();
        (void)QTest::qWaitForWindowActive(d);
    }
    return d;
}

// The real owner actions, except that claim writes fail while failWrites is set.
class FlakyActions final : public Ui::OwnerActionService
{
public:
    explicit FlakyActions(Ui::OwnerActionService *real) : m_real(real)
    {
        connect(real, &Ui::OwnerActionService::changed, this, &Ui::OwnerActionService::changed);
        connect(real, &Ui::OwnerActionService::ledgerAppended, this, &Ui::OwnerActionService::ledgerAppended);
    }
    bool failWrites = false;
    int writes = 0;

    QString actor() const override { return m_real->actor(); }
    QFuture<Ui::Status> decide(qint64 id, DecisionAction a, const QString &note) override { return m_real->decide(id, a, note); }
    QFuture<Ui::Status> editClaimText(qint64 id, const QString &text, const QString &reason) override
    {
        ++writes;
        return failWrites ? refused() : m_real->editClaimText(id, text, reason);
    }
    QFuture<Ui::Status> overrideVerified(qint64 id, std::optional<bool> v, const QString &reason) override
    {
        ++writes;
        return failWrites ? refused() : m_real->overrideVerified(id, v, reason);
    }
    static QFuture<Ui::Status> refused()
    {
        return QtFuture::makeReadyValueFuture(Ui::Status(Models::fail(QStringLiteral("disk I/O error"))));
    }
    Ui::Result<QByteArray> renderPdf(qint64 id) const override { return m_real->renderPdf(id); }
    Ui::Status savePdf(qint64 id, const QByteArray &pdf, const QString &path) override { return m_real->savePdf(id, pdf, path); }
    Ui::Status exportManifest(qint64 id, const QString &path) override { return m_real->exportManifest(id, path); }
    Ui::Status correct(qint64 id, const Ui::CorrectionInput &input) override { return m_real->correct(id, input); }

private:
    Ui::OwnerActionService *m_real;
};

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void approveFromKeyboard();
    void recordSaysPublisherNotSet();
    void layoutIsRemembered();
    void escalateNeedsNote();
    void editClaimAndUndo();
    void failedWriteLeavesTheUndoStack();
    void liveRunUpdatesTimelineAndQueues();
    void autoApprovedRunIsAnnounced();
    void confidenceBarPaintsThreshold();
    void draftTextStaysText();
    void paneFollowsSelection();
    void unsavedEditAsks();
    void publishedDraftHasNoUndo();
    void claimsShowTheRunsThreshold();
    void settingsShortcutIsListed();
    void whyBannerAndColumn();

private:
    std::unique_ptr<Test::TempDatabase> m_db;
    std::shared_ptr<Ledger> m_ledger;
    std::unique_ptr<Pipeline::OwnerActions> m_owner;
    std::unique_ptr<App::OwnerActionsAdapter> m_actions;
    std::unique_ptr<FakeRunService> m_runs;
    std::unique_ptr<Ui::MainWindow> m_window;
    Test::FixtureSummary m_fixture;
    void openWindow(qint64 draftId, Ui::OwnerActionService *actions = nullptr);
};

void TestWorkbench::initTestCase()
{
    QApplication::setOrganizationName(QStringLiteral("SovereignTest"));
    QApplication::setApplicationName(QStringLiteral("tst_workbench"));
    QSettings().clear();
    QSettings().setValue(QStringLiteral("owner/name"), QStringLiteral("Test Owner"));
    qputenv("SOVEREIGN_NO_KEYCHAIN", "1");
}

void TestWorkbench::init()
{
    // Each test has its own database, so nothing (ledger anchors, layout) may carry over.
    QSettings().clear();
    QSettings().setValue(QStringLiteral("owner/name"), QStringLiteral("Test Owner"));
    m_db = std::make_unique<Test::TempDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    Store store(m_db->db());
    Test::FixtureOptions o;
    o.drafts = 16;
    auto f = Test::generateFixtures(store, o);
    QVERIFY_OK(f);
    m_fixture = *f;
    auto ledger = Ledger::open(m_db->db());
    QVERIFY_OK(ledger);
    m_ledger = *ledger;
    m_owner = std::make_unique<Pipeline::OwnerActions>(m_db->db(), m_ledger);
    m_actions = std::make_unique<App::OwnerActionsAdapter>(m_owner.get());
    m_runs = std::make_unique<FakeRunService>(m_db->db());
    // Any warning fails, except the offscreen platform's note that it cannot propagate a top-level
    // window's size hints (it has no window manager to tell).
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
}

void TestWorkbench::cleanup()
{
    m_window.reset();
    QThreadPool::globalInstance()->waitForDone();
    m_runs.reset();
    m_actions.reset();
    m_owner.reset();
    m_ledger.reset();
    m_db.reset();
}

void TestWorkbench::openWindow(qint64 draftId, Ui::OwnerActionService *actions)
{
    Ui::Services s;
    s.drafts = std::make_shared<App::DraftReaderAdapter>(m_db->db());
    s.actions = actions ? actions : m_actions.get();
    s.runs = m_runs.get();
    m_window = std::make_unique<Ui::MainWindow>(s);
    m_window->setQueue(QueueModel::All);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy loaded(m_window.get(), &Ui::MainWindow::detailsLoaded);
    m_window->selectDraft(draftId);
    QTRY_COMPARE(m_window->currentDraftId(), draftId);
    // The actions follow the list's selection: wait for the draft's row to be the current one.
    QTRY_COMPARE(m_window->draftView()->currentIndex().data(DraftListModel::DraftIdRole).toLongLong(), draftId);
    m_window->activateWindow();
    m_window->draftView()->setFocus();
}

void TestWorkbench::approveFromKeyboard()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    // No publisher is set: the first publication asks for one, and cannot go ahead without it.
    QVERIFY(QSettings().value(QStringLiteral("owner/publisher")).toString().isEmpty());
    // Where the decision is written: not on the GUI thread.
    const WriterThreads writers(m_owner.get());
    QTest::keyClick(m_window->draftView(), Qt::Key_A);
    QDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    auto *note = dialog->findChild<QPlainTextEdit *>();
    QVERIFY(note);
    QLineEdit *publisher = nullptr;
    for (auto *e : dialog->findChildren<QLineEdit *>())
        if (e->accessibleName() == QStringLiteral("Publisher"))
            publisher = e;
    QVERIFY(publisher && publisher->isVisible());
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(publisher));
    QTest::keyClick(publisher, Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(note));
    QTest::keyClicks(note, QStringLiteral("Claims checked against the evidence."));
    QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
    QTest::qWait(50);
    QVERIFY(dialog->isVisible()); // refused: no publisher
    Store store(m_db->db());
    QCOMPARE(store.decisions(id).value().size(), 0);
    QTest::keyClicks(publisher, QStringLiteral("Harbour Lane Lab"));
    QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(store.decisions(id).value().size() == 1);
    QCOMPARE(QSettings().value(QStringLiteral("owner/publisher")).toString(), QStringLiteral("Harbour Lane Lab"));
    // The record is rebuilt right after the decision's transaction (on the writer thread): wait for it.
    auto publisherInRecord = [&] {
        const auto record = store.publicRecord(id);
        return record ? record->value(QStringLiteral("source_provenance")).toObject().value(QStringLiteral("publisher")).toString()
                      : QString();
    };
    QTRY_COMPARE(publisherInRecord(), QStringLiteral("Harbour Lane Lab"));
    const Decision d = store.decisions(id).value().constFirst();
    QCOMPARE(d.action, DecisionAction::Approve);
    QCOMPARE(d.actor, QStringLiteral("Test Owner"));
    QCOMPARE(d.note, QStringLiteral("Claims checked against the evidence."));
    QVERIFY(d.decidedAt.isValid());
    QCOMPARE(store.draft(id).value().state, DraftState::Approved);
    // The window follows: the draft is published and the decisions are disabled.
    QTRY_VERIFY(m_window->currentDetails().draft.isPublished());
    QVERIFY(!writers.threads().isEmpty());
    for (QThread *t : writers.threads())
        QVERIFY2(t != QCoreApplication::instance()->thread(), "the decision was written on the GUI thread");
    disconnect(m_owner.get(), &Pipeline::OwnerActions::changed, this, nullptr);
    QTRY_VERIFY2(m_window->recordTab()->pageText().contains(QStringLiteral("Harbour Lane Lab")),
                 qPrintable(m_window->recordTab()->pageText()));

    // The next approval does not ask again.
    qint64 other = 0;
    for (const qint64 d : std::as_const(m_fixture.draftIds))
        if (d != id && store.draft(d).value().state == DraftState::Escalated)
            other = d;
    QVERIFY(other);
    m_window->selectDraft(other);
    QTRY_COMPARE(m_window->draftView()->currentIndex().data(DraftListModel::DraftIdRole).toLongLong(), other);
    QTRY_COMPARE(m_window->currentDraftId(), other);
    QAction *approve = nullptr;
    for (QAction *a : m_window->actions())
        if (a->objectName() == QStringLiteral("Approve"))
            approve = a;
    QVERIFY(approve);
    QTRY_VERIFY(approve->isEnabled());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->draftView()->setFocus();
    QTest::keyClick(m_window->draftView(), Qt::Key_A);
    dialog = waitForDialog();
    QVERIFY(dialog);
    for (auto *e : dialog->findChildren<QLineEdit *>())
        if (e->accessibleName() == QStringLiteral("Publisher"))
            QVERIFY(e->isHidden());
    dialog->reject();
}

void TestWorkbench::layoutIsRemembered()
{
    openWindow(m_fixture.escalatedDraftId);
    m_window->resize(1366, 768);
    QTRY_COMPARE(m_window->width(), 1366);
    QHeaderView *header = m_window->draftView()->horizontalHeader();
    // At 1366 × 768 the question and the Why column both have room for words, not a dozen letters.
    const int chars = m_window->draftView()->fontMetrics().averageCharWidth();
    QVERIFY2(header->sectionSize(DraftListModel::TitleColumn) >= 20 * chars, qPrintable(QString::number(header->sectionSize(DraftListModel::TitleColumn))));
    QVERIFY(!header->isSectionHidden(DraftListModel::WhyColumn));
    QVERIFY(header->sectionViewportPosition(DraftListModel::WhyColumn) < m_window->draftView()->viewport()->width());
    // The Claims tab's claim column too, however many columns follow it.
    QVERIFY(m_window->claimsTab()->table()->horizontalHeader()->sectionSize(ClaimTableModel::TextColumn) >= 35 * chars);
    // The owner's widths and window come back on the next start (a size the offscreen screen holds).
    m_window->resize(760, 560);
    QTRY_COMPARE(m_window->size(), QSize(760, 560));
    header->resizeSection(DraftListModel::WhyColumn, 333);
    auto *split = m_window->findChild<QSplitter *>();
    QVERIFY(split);
    QList<int> sizes = split->sizes();
    QVERIFY(sizes.size() >= 2);
    sizes[1] += 40;
    sizes[0] -= 40;
    split->setSizes(sizes);
    sizes = split->sizes();
    m_window->close();
    m_window.reset();
    openWindow(m_fixture.escalatedDraftId);
    QCOMPARE(m_window->draftView()->horizontalHeader()->sectionSize(DraftListModel::WhyColumn), 333);
    QCOMPARE(m_window->size(), QSize(760, 560));
    QTRY_COMPARE(m_window->findChild<QSplitter *>()->sizes(), sizes);
}

void TestWorkbench::recordSaysPublisherNotSet()
{
    // An auto-approved draft published before the owner set a publisher: the record names no one.
    Store store(m_db->db());
    qint64 autoApproved = 0;
    for (const qint64 d : std::as_const(m_fixture.draftIds))
        if (store.draft(d).value().state == DraftState::AutoApproved && store.publicRecord(d))
            autoApproved = d;
    QVERIFY(autoApproved);
    openWindow(autoApproved);
    QTRY_VERIFY2(m_window->recordTab()->pageText().contains(QStringLiteral("Publisher")), qPrintable(m_window->recordTab()->pageText()));
    QVERIFY2(m_window->recordTab()->pageText().contains(QStringLiteral("not set")), qPrintable(m_window->recordTab()->pageText()));
    QVERIFY(!m_window->recordTab()->pageText().contains(QStringLiteral("Assignee")));
    // The tab opens at the top: scrolled down on one record, the next one starts at its beginning.
    m_window->setCurrentTab(Ui::MainWindow::RecordPage);
    auto *page = m_window->recordTab()->findChild<QTextBrowser *>();
    QVERIFY(page);
    QTRY_VERIFY(page->verticalScrollBar()->maximum() > 0);
    page->verticalScrollBar()->setValue(page->verticalScrollBar()->maximum());
    QVERIFY(page->verticalScrollBar()->value() > 0);
    qint64 other = 0;
    for (const qint64 d : std::as_const(m_fixture.draftIds))
        if (d != autoApproved && store.publicRecord(d) && !store.publicRecord(d)->isEmpty())
            other = d;
    QVERIFY(other);
    m_window->selectDraft(other);
    QTRY_COMPARE(m_window->currentDraftId(), other);
    QTRY_COMPARE(page->verticalScrollBar()->value(), 0);
}

void TestWorkbench::escalateNeedsNote()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    QTest::keyClick(m_window->draftView(), Qt::Key_E);
    QDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    QTest::keyClick(dialog->findChild<QPlainTextEdit *>(), Qt::Key_Return, Qt::ControlModifier);
    QTest::qWait(50);
    QVERIFY(dialog->isVisible()); // refused without a note
    QCOMPARE(Store(m_db->db()).decisions(id).value().size(), 0);
    dialog->reject();
}

void TestWorkbench::editClaimAndUndo()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    QTest::keyClick(m_window->draftView(), Qt::Key_C);
    Ui::ClaimsTab *tab = m_window->claimsTab();
    QTRY_VERIFY(tab->model()->rowCount() > 0);
    tab->table()->setCurrentIndex(tab->table()->model()->index(0, ClaimTableModel::TextColumn));
    const Claim before = tab->model()->claimAt(tab->model()->rowOf(
        tab->table()->currentIndex().data(ClaimTableModel::ClaimIdRole).toLongLong()));
    QVERIFY(before.id);
    const WriterThreads writers(m_owner.get());
    QTest::keyClick(m_window.get(), Qt::Key_F2);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(tab->editor()));
    const QString edited = QStringLiteral("Owner-edited wording of the first claim.");
    QTest::keyClicks(tab->editor(), edited); // replaces the selected text
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    Store store(m_db->db());
    QTRY_COMPARE(store.claim(before.id).value().text, edited);
    auto textInView = [&] {
        const int row = tab->model()->rowOf(before.id);
        return row < 0 ? QString() : tab->model()->claimAt(row).text;
    };
    QTRY_COMPARE(textInView(), edited);
    QVERIFY(store.claimEdits(id).value().size() == 1);

    QTest::keySequence(m_window.get(), QKeySequence::Undo);
    QTRY_COMPARE(store.claim(before.id).value().text, before.text);
    QTRY_COMPARE(textInView(), before.text);
    // Both the edit and its undo are in History.
    QCOMPARE(store.claimEdits(id).value().size(), 2);
    QTest::keySequence(m_window.get(), QKeySequence::Redo);
    QTRY_COMPARE(store.claim(before.id).value().text, edited);
    // The edit, its undo and its redo were written off the GUI thread.
    QTRY_COMPARE(writers.threads().size(), 3);
    for (QThread *t : writers.threads())
        QVERIFY2(t != QCoreApplication::instance()->thread(), "a claim edit was written on the GUI thread");
    disconnect(m_owner.get(), &Pipeline::OwnerActions::changed, this, nullptr);
}

// A claim write that fails leaves the undo stack where it was and says so: a refused edit is not
// pushed, a refused undo (or redo) puts the stack back, and the stored claim never changes.
void TestWorkbench::failedWriteLeavesTheUndoStack()
{
    const qint64 id = m_fixture.escalatedDraftId;
    FlakyActions actions(m_actions.get());
    openWindow(id, &actions);
    QTest::keyClick(m_window->draftView(), Qt::Key_C);
    Ui::ClaimsTab *tab = m_window->claimsTab();
    QTRY_VERIFY(tab->model()->rowCount() > 0);
    tab->table()->setCurrentIndex(tab->table()->model()->index(0, ClaimTableModel::TextColumn));
    const qint64 claimId = tab->table()->currentIndex().data(ClaimTableModel::ClaimIdRole).toLongLong();
    Store store(m_db->db());
    const QString original = store.claim(claimId).value().text;
    QSignalSpy messages(tab, &Ui::ClaimsTab::message);
    QUndoStack *stack = tab->undoStack();
    QVERIFY(stack);

    // The first write fails: nothing is pushed, the claim is unchanged, the owner is told.
    actions.failWrites = true;
    tab->editor()->setPlainText(QStringLiteral("A wording the disk refuses."));
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(actions.writes, 1);
    QTRY_COMPARE(stack->count(), 0);
    QCOMPARE(store.claim(claimId).value().text, original);
    QVERIFY(!messages.isEmpty());
    QVERIFY2(messages.last().first().toString().contains(QStringLiteral("disk I/O error")),
             qPrintable(messages.last().first().toString()));

    // A write that succeeds is pushed once (redo() wrote it, nothing wrote before the push).
    actions.failWrites = false;
    const QString edited = QStringLiteral("Owner-edited wording, saved.");
    tab->editor()->setPlainText(edited);
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(actions.writes, 2);
    QCOMPARE(stack->count(), 1);
    QCOMPARE(stack->index(), 1);
    QTRY_COMPARE(store.claim(claimId).value().text, edited);

    // The undo's write fails: the stack goes back to where it was, the claim keeps the edit.
    actions.failWrites = true;
    messages.clear();
    stack->undo();
    QCOMPARE(actions.writes, 3);
    QTRY_COMPARE(stack->index(), 1);
    QTRY_VERIFY(!messages.isEmpty());
    QCOMPARE(actions.writes, 3); // stepping back wrote nothing
    QCOMPARE(store.claim(claimId).value().text, edited);
    QVERIFY(!messages.isEmpty());
    QVERIFY(messages.last().first().toString().contains(QStringLiteral("nothing changed")));

    // Once the disk takes writes again, the same undo works.
    actions.failWrites = false;
    stack->undo();
    QCOMPARE(stack->index(), 0);
    QTRY_COMPARE(store.claim(claimId).value().text, original);
}

void TestWorkbench::liveRunUpdatesTimelineAndQueues()
{
    openWindow(m_fixture.draftIds.first());
    const int escalated = m_window->queues()->count(QueueModel::Escalated);
    const int running = m_window->queues()->count(QueueModel::Running);
    QCOMPARE(escalated, m_fixture.counts.value(DraftState::Escalated));
    m_runs->pauseAt = 20;
    QTest::keySequence(m_window.get(), QKeySequence::New);
    QDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    for (auto *e : dialog->findChildren<QLineEdit *>())
        if (e->accessibleName() == QStringLiteral("Source arXiv id"))
            QTest::keyClicks(e, QStringLiteral("2506.04117"));
    for (auto *e : dialog->findChildren<QPlainTextEdit *>())
        if (e->accessibleName() == QStringLiteral("Research question"))
            QTest::keyClicks(e, QStringLiteral("Do retrieval heads transfer to code models?"));
    QPushButton *start = nullptr;
    for (auto *b : dialog->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Start run"))
            start = b;
    QVERIFY(start && start->isEnabled());
    // Ctrl+Return in the question box starts the run like the button.
    for (auto *e : dialog->findChildren<QPlainTextEdit *>())
        if (e->accessibleName() == QStringLiteral("Research question"))
            QTest::keyClick(e, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(m_runs->draftId() > 0);
    // The tabs no longer show the draft selected before the run, and its decisions are off.
    QTRY_COMPARE(m_window->currentDetails().draft.id, qint64(0));
    for (QAction *a : m_window->actions())
        if (a->objectName() == QStringLiteral("Approve"))
            QVERIFY(!a->isEnabled());

    // Half-way: the search lanes are done, the wait was drawn, the tribunal is still ahead.
    QTRY_COMPARE(m_runs->emitted(), 20);
    const RunTimeline &t = m_window->pipelineTab()->timeline()->timeline();
    QCOMPARE(m_window->tabs()->currentWidget(), static_cast<QWidget *>(m_window->pipelineTab()));
    for (int i = 1; i <= 4; ++i)
        QVERIFY(t.lanes().at(t.indexOf(QStringLiteral("search/query-%1").arg(i))).state == TimelineLane::State::Done);
    QCOMPARE(t.lanes().at(t.indexOf(QStringLiteral("search/query-3"))).waits.size(), 1);
    QVERIFY(t.lanes().at(t.indexOf(QStringLiteral("tribunal/SKEPTIC"))).state == TimelineLane::State::Pending);
    QTRY_COMPARE(m_window->queues()->count(QueueModel::Running), running + 1);
    // The live header names the run by its SRCH id (read from the store) and says it is live.
    const QString srch = m_runs->srchId();
    QVERIFY(srch.startsWith(QStringLiteral("SRCH")));
    QTRY_VERIFY2(m_window->pipelineTab()->headerText().contains(srch), qPrintable(m_window->pipelineTab()->headerText()));
    QVERIFY(m_window->pipelineTab()->headerText().contains(QStringLiteral("running live")));
    QVERIFY(!m_window->pipelineTab()->headerText().contains(QStringLiteral("replayed")));

    m_runs->resume();
    QTRY_VERIFY(m_window->pipelineTab()->timeline()->timeline().isFinished());
    const RunTimeline &done = m_window->pipelineTab()->timeline()->timeline();
    QVERIFY(done.lanes().at(done.indexOf(QStringLiteral("tribunal#1/SYNTHESIZER"))).state == TimelineLane::State::Done);
    QTRY_COMPARE(m_window->queues()->count(QueueModel::Escalated), escalated + 1);
    QTRY_COMPARE(m_window->queues()->count(QueueModel::Running), running);
    QTRY_VERIFY(m_window->bannerText().contains(QStringLiteral("escalated"), Qt::CaseInsensitive));
    // After the run its own draft is selected and shown; the live timeline stays.
    QTRY_COMPARE(m_window->currentDraftId(), m_runs->draftId());
    QTRY_COMPARE(m_window->draftView()->currentIndex().data(DraftListModel::DraftIdRole).toLongLong(), m_runs->draftId());
    QVERIFY(m_window->pipelineTab()->timeline()->timeline().isFinished());
    // The log: every event has a lane (stage-level ones say so), and the message column gets the
    // room the short columns leave.
    QTableView *log = nullptr;
    for (auto *v : m_window->pipelineTab()->findChildren<QTableView *>())
        if (v->accessibleName() == QStringLiteral("Run log"))
            log = v;
    QVERIFY(log && log->model()->rowCount() > 20);
    bool stageLevel = false;
    for (int r = 0; r < log->model()->rowCount(); ++r) {
        const QString lane = log->model()->index(r, RunLogModel::LaneColumn).data().toString();
        QVERIFY2(!lane.isEmpty(), qPrintable(QString::number(r)));
        stageLevel = stageLevel || lane == QStringLiteral("(whole stage)");
    }
    QVERIFY(stageLevel);
    int shortColumns = 0;
    for (int c = 0; c < RunLogModel::MessageColumn; ++c)
        shortColumns += log->horizontalHeader()->sectionSize(c);
    QVERIFY2(log->horizontalHeader()->sectionSize(RunLogModel::MessageColumn) >= log->viewport()->width() - shortColumns - 2,
             qPrintable(QStringLiteral("%1 of %2").arg(log->horizontalHeader()->sectionSize(RunLogModel::MessageColumn)).arg(log->viewport()->width())));
    // A run followed live is not called a replay; a stored run picked from the list is.
    QVERIFY2(m_window->pipelineTab()->headerText().contains(QStringLiteral("watched live")),
             qPrintable(m_window->pipelineTab()->headerText()));
    QVERIFY(m_window->pipelineTab()->headerText().contains(srch));
    QVERIFY(!m_window->pipelineTab()->headerText().contains(QStringLiteral("replayed")));
    m_window->selectDraft(m_fixture.escalatedDraftId);
    QTRY_COMPARE(m_window->currentDraftId(), m_fixture.escalatedDraftId);
    QTRY_VERIFY2(m_window->pipelineTab()->headerText().contains(QStringLiteral("replayed")),
                 qPrintable(m_window->pipelineTab()->headerText()));
    QVERIFY(m_window->pipelineTab()->headerText().contains(m_window->currentDetails().run.srchId));
}

void TestWorkbench::autoApprovedRunIsAnnounced()
{
    openWindow(m_fixture.draftIds.first());
    m_runs->autoApprove = true;
    Ui::NewRunRequest request;
    request.question = QStringLiteral("Does a shorter context window change the retrieval heads?");
    request.sourceRef = QStringLiteral("2506.04117");
    auto id = m_runs->start(request);
    QVERIFY_OK(id);
    emit m_runs->runStarted(*id, request.question);
    QTRY_VERIFY(m_window->pipelineTab()->timeline()->timeline().isFinished());
    // The owner hears about a draft published without them, with the policy's reason in words.
    QTRY_VERIFY2(m_window->bannerText().contains(QStringLiteral("auto-approved")), qPrintable(m_window->bannerText()));
    QVERIFY(m_window->bannerText().contains(m_runs->srchId()));
    QVERIFY(m_window->bannerText().contains(QStringLiteral("The reviewers approved (score 7.2) and no gate failed")));
    QVERIFY(m_window->bannerText().contains(QStringLiteral("without your review")));
}

void TestWorkbench::confidenceBarPaintsThreshold()
{
    QPalette pal;
    pal.setColor(QPalette::Window, Qt::white);
    pal.setColor(QPalette::Base, Qt::white);
    pal.setColor(QPalette::Text, Qt::black);
    auto render = [&](double confidence, bool verified) {
        QImage img(240, 24, QImage::Format_ARGB32);
        img.fill(Qt::white);
        QPainter p(&img);
        Ui::ConfidenceDelegate::paintBar(&p, img.rect(), pal, confidence, 0.15, verified, false);
        return img;
    };
    const QImage above = render(0.30, true);
    const QImage below = render(0.05, false);
    QVERIFY(above != below);
    auto count = [](const QImage &img, QRgb colour) {
        int n = 0;
        for (int y = 0; y < img.height(); ++y)
            for (int x = 0; x < img.width(); ++x)
                n += qRed(img.pixel(x, y)) == qRed(colour) && qGreen(img.pixel(x, y)) == qGreen(colour) &&
                     qBlue(img.pixel(x, y)) == qBlue(colour);
        return n;
    };
    const QRgb ok = QColor(0x1a, 0x7f, 0x37).rgb(), bad = QColor(0xc2, 0x41, 0x0c).rgb();
    QVERIFY(count(above, ok) > 40);
    QCOMPARE(count(above, bad), 0);
    QVERIFY(count(below, bad) > 5);
    QCOMPARE(count(below, ok), 0);
    // The bar is longer above the threshold (more filled pixels), and the glyphs differ in shape,
    // not only in colour: compare the glyph areas as masks.
    QVERIFY(count(above, ok) > 3 * count(below, bad));
    auto mask = [](const QImage &img) {
        QImage m = img.copy(0, 0, 20, img.height()).convertToFormat(QImage::Format_Mono, Qt::ThresholdDither);
        return m;
    };
    QVERIFY(mask(above) != mask(below));
}

void TestWorkbench::draftTextStaysText()
{
    QTextDocument doc;
    const QString body = QStringLiteral("\n\nSOVEREIGN: <b>bold?</b>\n\nAbstract\n\n<img src=\"file:///etc/passwd\"> & "
                                        "[link](file:///etc/hosts)\n\n5 Extracted Claims\n\nClaim\tVerified\tConfidence\n"
                                        "<script>x</script>\t✓\t0.20\n");
    Ui::DraftTab::render(&doc, body);
    const QString text = doc.toPlainText();
    QVERIFY(text.contains(QStringLiteral("SOVEREIGN: <b>bold?</b>")));
    QVERIFY(text.contains(QStringLiteral("<img src=\"file:///etc/passwd\">")));
    QVERIFY(text.contains(QStringLiteral("<script>x</script>")));
    QVERIFY(!doc.toHtml().contains(QStringLiteral("<img")));
    // The composer's notice follows the draft's state once the draft is decided.
    const QString withNotice = QStringLiteral("SOVEREIGN: Q\n\nAutonomous draft — Owner review required before publication\n\nAbstract\n\nText.\n");
    Ui::DraftTab::render(&doc, withNotice, Ui::DraftTab::stateNotice(DraftState::AutoApproved));
    QVERIFY(!doc.toPlainText().contains(QStringLiteral("Owner review required")));
    QVERIFY(doc.toPlainText().contains(QStringLiteral("published automatically by the policy")));
    Ui::DraftTab::render(&doc, withNotice, Ui::DraftTab::stateNotice(DraftState::Escalated));
    QVERIFY(doc.toPlainText().contains(QStringLiteral("Owner review required before publication")));
}

namespace {
QAction *actionNamed(QWidget *window, const QString &name)
{
    for (QAction *a : window->actions())
        if (a->objectName() == name)
            return a;
    return nullptr;
}
qint64 listedDraft(QTableView *view) { return view->currentIndex().data(DraftListModel::DraftIdRole).toLongLong(); }
} // namespace

void TestWorkbench::paneFollowsSelection()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    QTRY_COMPARE(listedDraft(m_window->draftView()), id);
    QAction *approve = actionNamed(m_window.get(), QStringLiteral("Approve"));
    QVERIFY(approve && approve->isEnabled());
    // Another queue: the escalated draft is not in it, so it is neither shown nor acted on.
    m_window->setQueue(QueueModel::AutoApproved);
    QTRY_VERIFY(listedDraft(m_window->draftView()) > 0);
    QTRY_COMPARE(m_window->currentDraftId(), listedDraft(m_window->draftView()));
    QVERIFY(m_window->currentDraftId() != id);
    QCOMPARE(m_window->currentDetails().draft.state, DraftState::AutoApproved);
    // A filter that matches nothing: empty pane, decisions off, and A does nothing.
    QLineEdit *filter = nullptr;
    for (auto *e : m_window->findChildren<QLineEdit *>())
        if (e->accessibleName() == QStringLiteral("Draft filter"))
            filter = e;
    QVERIFY(filter);
    filter->setText(QStringLiteral("no draft is called this"));
    QTRY_VERIFY(m_window->drafts()->rowCount() == 0 && !m_window->drafts()->isLoading());
    QTRY_COMPARE(m_window->currentDraftId(), qint64(0));
    QVERIFY(!approve->isEnabled());
    QTest::keyClick(m_window.get(), Qt::Key_A);
    QTest::qWait(50);
    QVERIFY(!QApplication::activeModalWidget());
    // Back to All without a filter: the escalated draft is selected again when the list holds it.
    filter->clear();
    m_window->setQueue(QueueModel::All);
    m_window->selectDraft(id);
    QTRY_COMPARE(listedDraft(m_window->draftView()), id);
    QTRY_COMPARE(m_window->currentDraftId(), id);
    QVERIFY(approve->isEnabled());
}

void TestWorkbench::unsavedEditAsks()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    Ui::ClaimsTab *tab = m_window->claimsTab();
    m_window->setCurrentTab(Ui::MainWindow::ClaimsPage);
    QTRY_VERIFY(tab->model()->rowCount() > 1);
    auto claimAtRow = [&](int row) {
        return tab->model()->claimAt(tab->model()->rowOf(
            tab->table()->model()->index(row, ClaimTableModel::TextColumn).data(ClaimTableModel::ClaimIdRole).toLongLong()));
    };
    const Claim first = claimAtRow(0), second = claimAtRow(1);
    tab->table()->setCurrentIndex(tab->table()->model()->index(0, ClaimTableModel::TextColumn));
    const QString edited = QStringLiteral("An edit the owner has not saved yet.");
    tab->editor()->setPlainText(edited);
    QVERIFY(tab->hasUnsavedEdit());
    auto answer = [&](QMessageBox::StandardButton button) {
        tab->table()->setCurrentIndex(tab->table()->model()->index(1, ClaimTableModel::TextColumn));
        auto *box = qobject_cast<QMessageBox *>(waitForDialog());
        QVERIFY(box);
        // Until the owner answers, the edited claim stays current.
        QCOMPARE(tab->table()->currentIndex().data(ClaimTableModel::ClaimIdRole).toLongLong(), first.id);
        QTest::mouseClick(box->button(button), Qt::LeftButton);
    };
    answer(QMessageBox::Cancel); // Stay
    QTRY_VERIFY(!QApplication::activeModalWidget());
    QCOMPARE(tab->table()->currentIndex().data(ClaimTableModel::ClaimIdRole).toLongLong(), first.id);
    QCOMPARE(tab->editor()->toPlainText(), edited);
    answer(QMessageBox::Discard);
    QTRY_COMPARE(tab->table()->currentIndex().data(ClaimTableModel::ClaimIdRole).toLongLong(), second.id);
    Store store(m_db->db());
    QCOMPARE(store.claim(first.id).value().text, first.text);
    // Save: the edit is stored, then the other claim is shown.
    tab->table()->setCurrentIndex(tab->table()->model()->index(0, ClaimTableModel::TextColumn));
    QTRY_COMPARE(tab->editor()->toPlainText(), first.text);
    tab->editor()->setPlainText(edited);
    answer(QMessageBox::Save);
    QTRY_COMPARE(store.claim(first.id).value().text, edited);
    QTRY_COMPARE(tab->table()->currentIndex().data(ClaimTableModel::ClaimIdRole).toLongLong(), second.id);
    QVERIFY(!tab->hasUnsavedEdit());
    // Another draft with an unsaved edit asks too; Stay keeps the draft. (The owner types once the
    // editor takes typing again: the saved edit's write has come back.)
    QTRY_COMPARE(tab->editor()->toPlainText(), second.text);
    QTRY_VERIFY(!tab->editor()->isReadOnly());
    QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("saved")));
    tab->editor()->setPlainText(edited);
    QVERIFY(tab->hasUnsavedEdit());
    // J is a window shortcut: the window is active again once the message box has gone.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window->draftView(), Qt::Key_J);
    auto *box = qobject_cast<QMessageBox *>(waitForDialog());
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!QApplication::activeModalWidget());
    QCOMPARE(m_window->currentDraftId(), id);
    QCOMPARE(listedDraft(m_window->draftView()), id);
    QCOMPARE(tab->editor()->toPlainText(), edited);
}

void TestWorkbench::publishedDraftHasNoUndo()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    Ui::ClaimsTab *tab = m_window->claimsTab();
    m_window->setCurrentTab(Ui::MainWindow::ClaimsPage);
    QTRY_VERIFY(tab->model()->rowCount() > 0);
    tab->table()->setCurrentIndex(tab->table()->model()->index(0, ClaimTableModel::TextColumn));
    tab->editor()->setPlainText(QStringLiteral("Reworded before approval."));
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(tab->undoStack()->count(), 1);
    QAction *undo = nullptr, *redo = nullptr;
    for (QAction *a : m_window->actions()) {
        if (a->text().startsWith(QStringLiteral("Undo")))
            undo = a;
        if (a->text().startsWith(QStringLiteral("Redo")))
            redo = a;
    }
    QVERIFY(undo && redo && undo->isEnabled());
    // The status bar follows the stack.
    QTest::keySequence(m_window.get(), QKeySequence::Undo);
    QTRY_VERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Undone: edit claim")));
    QVERIFY(redo->isEnabled());
    // Approving publishes the draft: its undo stack is gone, neither Undo nor Redo is offered.
    m_window->draftView()->setFocus();
    QTest::keyClick(m_window->draftView(), Qt::Key_A);
    QDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QPlainTextEdit *>(), QStringLiteral("Checked."));
    for (auto *e : dialog->findChildren<QLineEdit *>())
        if (e->accessibleName() == QStringLiteral("Publisher"))
            e->setText(QStringLiteral("Harbour Lane Lab")); // the first publication asks for it
    QTest::keyClick(dialog->findChild<QPlainTextEdit *>(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(m_window->currentDetails().draft.isPublished());
    QTRY_VERIFY(!tab->undoStack());
    QVERIFY(!undo->isEnabled());
    QVERIFY(!redo->isEnabled());
    const QString text = redo->text();
    QTest::keySequence(m_window.get(), QKeySequence::Redo);
    QCOMPARE(redo->text(), text);
}

void TestWorkbench::claimsShowTheRunsThreshold()
{
    // The settings a run stores are grouped; the flat keys of older runs still count.
    QCOMPARE(Ui::ClaimsTab::runThreshold(QJsonObject{{QStringLiteral("claims"), QJsonObject{{QStringLiteral("verify_threshold"), 0.9}}}}, 0.15), 0.9);
    QCOMPARE(Ui::ClaimsTab::runThreshold(QJsonObject{{QStringLiteral("threshold"), 0.3}}, 0.15), 0.3);
    QCOMPARE(Ui::ClaimsTab::runThreshold(QJsonObject{}, 0.15), 0.15);
    const qint64 id = m_fixture.escalatedDraftId;
    Store store(m_db->db());
    Run run = store.run(store.draft(id).value().runId).value();
    run.config = QJsonObject{{QStringLiteral("claims"), QJsonObject{{QStringLiteral("verify_threshold"), 0.9}}}};
    QVERIFY(store.updateRun(run));
    openWindow(id);
    Ui::ClaimsTab *tab = m_window->claimsTab();
    QTRY_COMPARE(tab->model()->threshold(), 0.9);
    QVERIFY(tab->findChildren<QLabel *>().size() > 0);
    bool said = false;
    for (auto *l : tab->findChildren<QLabel *>())
        said = said || l->text().contains(QStringLiteral("threshold 0.90"));
    QVERIFY(said);
}

void TestWorkbench::settingsShortcutIsListed()
{
    openWindow(m_fixture.escalatedDraftId);
    QAction *settings = actionNamed(m_window.get(), QStringLiteral("Settings…"));
    QVERIFY(settings);
    QVERIFY(!settings->shortcuts().isEmpty());
    for (const QKeySequence &k : settings->shortcuts())
        QVERIFY(!k.isEmpty());
    QVERIFY(settings->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    // The File menu shows the action's first shortcut, so it is a real one.
    QVERIFY(!settings->shortcut().isEmpty());
    // Help → About names the version, the database file with its schema version, and the licences.
    const QString about = m_window->aboutText();
    QVERIFY(about.contains(m_db->db()->path()));
    QVERIFY(about.contains(QStringLiteral("Schema version: %1").arg(m_db->db()->schemaVersion())));
    QVERIFY(m_db->db()->schemaVersion() > 0);
    for (const char *part : {"Qt ", "LGPL-3.0", "SyntaxHighlighting", "MIT", "Eigen", "MPL-2.0", "SQLite", "public domain"})
        QVERIFY2(about.contains(QLatin1StringView(part)), part);
    QVERIFY(actionNamed(m_window.get(), QStringLiteral("About Sovereign Workbench")));
    // Settings: wide enough for its hints, a keychain message that says what to do, the publisher.
    {
        Ui::SettingsDialog settingsDialog(Ui::WorkbenchSettings::load(), nullptr);
        settingsDialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&settingsDialog));
        QVERIFY2(settingsDialog.width() >= 560, qPrintable(QString::number(settingsDialog.width())));
        bool told = false, publisher = false;
        for (auto *l : settingsDialog.findChildren<QLabel *>())
            told = told || (l->text().contains(QStringLiteral("GNOME Keyring")) && l->text().contains(QStringLiteral("SOVEREIGN_API_KEY")));
        for (auto *e : settingsDialog.findChildren<QLineEdit *>())
            publisher = publisher || e->accessibleName() == QStringLiteral("Publisher");
        QVERIFY(told);
        QVERIFY(publisher);
        settingsDialog.reject();
    }
    // Settings → Appearance: Dark gives a dark palette, and the colours follow it.
    Ui::Theme::applyAppearance(QStringLiteral("dark"));
    QVERIFY(Ui::Theme::isDark(QApplication::palette()));
    QTRY_VERIFY(Ui::Theme::isDark(m_window->palette()));
    Ui::Theme::applyAppearance(QStringLiteral("light"));
    QVERIFY(!Ui::Theme::isDark(QApplication::palette()));
}

void TestWorkbench::whyBannerAndColumn()
{
    const qint64 id = m_fixture.escalatedDraftId;
    Store store(m_db->db());
    Draft d = store.draft(id).value();
    d.policyReason = QStringLiteral("verdict APPROVE (9.0 < 6.5); gate question_not_addressed (no claim mentions ExpertFlow or AMBER)");
    d.title = QStringLiteral("SOVEREIGN: A title that is not the question");
    QVERIFY(store.updateDraft(d));
    openWindow(id);
    // The banner on the draft says it in plain words; the stored codes stay in its tooltip.
    QTRY_VERIFY(m_window->draftTab()->bannerText().contains(QStringLiteral("The claims do not answer the question: no claim mentions ExpertFlow or AMBER")));
    QVERIFY(m_window->draftTab()->bannerText().startsWith(QStringLiteral("Why this draft needs you")));
    // The list: the question first (no "SOVEREIGN:" tag), the Why column in words, the code in its tooltip.
    const QModelIndex row = m_window->draftView()->currentIndex();
    QCOMPARE(row.siblingAtColumn(DraftListModel::TitleColumn).data().toString(), d.question);
    QVERIFY(row.siblingAtColumn(DraftListModel::WhyColumn).data().toString().contains(QStringLiteral("do not answer the question")));
    QVERIFY(row.siblingAtColumn(DraftListModel::WhyColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("question_not_addressed")));
    // The queue filtered by the reason's code holds that draft only.
    for (auto *e : m_window->findChildren<QLineEdit *>())
        if (e->accessibleName() == QStringLiteral("Draft filter"))
            e->setText(QStringLiteral("question_not_addressed"));
    auto onlyThatReason = [&] {
        DraftListModel *list = m_window->drafts();
        if (list->isLoading() || list->rowCount() == 0 || list->rowCount() >= m_fixture.draftIds.size())
            return false;
        for (int r = 0; r < list->rowCount(); ++r)
            if (!list->index(r, DraftListModel::WhyColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("question_not_addressed")))
                return false;
        return true;
    };
    QTRY_VERIFY(onlyThatReason());
    // The shown draft stays in the filtered list when it is refreshed (client-side match = SQL filter).
    QVERIFY(m_window->drafts()->rowOf(id) >= 0);
    // Another draft without a failing gate: no banner left over.
    const auto parts = explainPolicyReason(QStringLiteral("verdict REVISE (5.4 < 6.5); gate verified_claims_below_minimum (1 verified, minimum 3)"));
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0).code, QStringLiteral("verdict"));
    QCOMPARE(parts.at(1).code, QStringLiteral("verified_claims_below_minimum"));
    QVERIFY(parts.at(1).plain.contains(QStringLiteral("1 verified, minimum 3")));
    QCOMPARE(explainPolicyReason(QStringLiteral("an error the run stored")).constFirst().plain, QStringLiteral("an error the run stored"));
    // A prompt that is not JSON is shown plain (no error underlines); JSON is still highlighted.
    Ui::JsonView view;
    view.setJsonText(QStringLiteral("You are the SKEPTIC. Decoding speed claims need evidence."));
    QTRY_VERIFY(view.definitionName() != QStringLiteral("JSON"));
    QCoreApplication::processEvents();
    for (QTextBlock b = view.document()->begin(); b.isValid(); b = b.next())
        for (const QTextLayout::FormatRange &r : b.layout()->formats())
            QVERIFY(!r.format.fontUnderline() && r.format.underlineStyle() == QTextCharFormat::NoUnderline);
    view.setJsonText(QStringLiteral("{\"score\": 7}"));
    QCOMPARE(view.definitionName(), QStringLiteral("JSON"));
    // Pipeline durations: milliseconds below a second, not "0.00 s".
    QCOMPARE(TimelineModel::duration(38), QStringLiteral("38 ms"));
    QCOMPARE(TimelineModel::duration(0), QStringLiteral("0 ms"));
    QVERIFY(TimelineModel::duration(1500).endsWith(QStringLiteral(" s")));
}

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
