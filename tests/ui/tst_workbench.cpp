// The workbench driven like a user: keyboard decisions, claim edit + undo, a live run, the
// confidence bars' pixels, and untrusted draft text staying text.
#include "app/gui/guiservices.h"
#include "models/items/claimtablemodel.h"
#include "models/items/draftlistmodel.h"
#include "models/ledger/ledger.h"
#include "models/items/queuemodel.h"
#include "models/items/timelinemodel.h"
#include "pipeline/publish/owneractions.h"
#include "support/fixtures.h"
#include "support/testsupport.h"
#include "ui/claimstab.h"
#include "ui/confidencedelegate.h"
#include "ui/drafttab.h"
#include "ui/mainwindow.h"
#include "ui/pipelinetab.h"

#include <QApplication>
#include <QDialog>
#include <QImage>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QSignalSpy>
#include <QUndoStack>
#include <QTableView>
#include <QTest>
#include <QTextDocument>
#include <QThread>
#include <QTimer>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

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
            m_draft.state = DraftState::Escalated;
            m_draft.policy = Policy::EscalateToOwner;
            m_draft.policyReason = QStringLiteral("gate: verified claims below 3");
            m_draft.score = 5.4;
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
    for (int i = 0; i < 200 && !d; ++i) {
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
    void escalateNeedsNote();
    void editClaimAndUndo();
    void failedWriteLeavesTheUndoStack();
    void liveRunUpdatesTimelineAndQueues();
    void confidenceBarPaintsThreshold();
    void draftTextStaysText();

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
    QVERIFY2(f, qPrintable(f.error()));
    m_fixture = *f;
    auto ledger = Ledger::open(m_db->db());
    QVERIFY2(ledger, qPrintable(ledger.error()));
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
    m_window->activateWindow();
    m_window->draftView()->setFocus();
}

void TestWorkbench::approveFromKeyboard()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    // Where the decision is written: not on the GUI thread.
    QList<QThread *> writers;
    connect(m_owner.get(), &Pipeline::OwnerActions::changed, this, [&writers] { writers.append(QThread::currentThread()); },
            Qt::DirectConnection);
    QTest::keyClick(m_window->draftView(), Qt::Key_A);
    QDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    auto *note = dialog->findChild<QPlainTextEdit *>();
    QVERIFY(note);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(note));
    QTest::keyClicks(note, QStringLiteral("Claims checked against the evidence."));
    QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
    Store store(m_db->db());
    QTRY_VERIFY(store.decisions(id).value().size() == 1);
    const Decision d = store.decisions(id).value().constFirst();
    QCOMPARE(d.action, DecisionAction::Approve);
    QCOMPARE(d.actor, QStringLiteral("Test Owner"));
    QCOMPARE(d.note, QStringLiteral("Claims checked against the evidence."));
    QVERIFY(d.decidedAt.isValid());
    QCOMPARE(store.draft(id).value().state, DraftState::Approved);
    // The window follows: the draft is published and the decisions are disabled.
    QTRY_VERIFY(m_window->currentDetails().draft.isPublished());
    QVERIFY(!writers.isEmpty());
    for (QThread *t : std::as_const(writers))
        QVERIFY2(t != QCoreApplication::instance()->thread(), "the decision was written on the GUI thread");
    disconnect(m_owner.get(), &Pipeline::OwnerActions::changed, this, nullptr);
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
    QList<QThread *> writers;
    connect(m_owner.get(), &Pipeline::OwnerActions::changed, this, [&writers] { writers.append(QThread::currentThread()); },
            Qt::DirectConnection);
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
    QTRY_COMPARE(writers.size(), 3);
    for (QThread *t : std::as_const(writers))
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
    QTest::mouseClick(start, Qt::LeftButton);

    // Half-way: the search lanes are done, the wait was drawn, the tribunal is still ahead.
    QTRY_COMPARE(m_runs->emitted(), 20);
    const RunTimeline &t = m_window->pipelineTab()->timeline()->timeline();
    QCOMPARE(m_window->tabs()->currentWidget(), static_cast<QWidget *>(m_window->pipelineTab()));
    for (int i = 1; i <= 4; ++i)
        QVERIFY(t.lanes().at(t.indexOf(QStringLiteral("search/query-%1").arg(i))).state == TimelineLane::State::Done);
    QCOMPARE(t.lanes().at(t.indexOf(QStringLiteral("search/query-3"))).waits.size(), 1);
    QVERIFY(t.lanes().at(t.indexOf(QStringLiteral("tribunal/SKEPTIC"))).state == TimelineLane::State::Pending);
    QTRY_COMPARE(m_window->queues()->count(QueueModel::Running), running + 1);

    m_runs->resume();
    QTRY_VERIFY(m_window->pipelineTab()->timeline()->timeline().isFinished());
    const RunTimeline &done = m_window->pipelineTab()->timeline()->timeline();
    QVERIFY(done.lanes().at(done.indexOf(QStringLiteral("tribunal#1/SYNTHESIZER"))).state == TimelineLane::State::Done);
    QTRY_COMPARE(m_window->queues()->count(QueueModel::Escalated), escalated + 1);
    QTRY_COMPARE(m_window->queues()->count(QueueModel::Running), running);
    QTRY_VERIFY(m_window->bannerText().contains(QStringLiteral("escalated"), Qt::CaseInsensitive));
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
}

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
