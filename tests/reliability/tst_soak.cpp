// Two writers at once, for long. The workbench (the real MainWindow on the offscreen platform, with
// the adapters main_gui.cpp wires: decisions and claim edits go through OwnerActionsAdapter's writer
// thread) edits claims and decides drafts without pause, while `sovereign run` (on a note of ours,
// searching the fixture corpus) and `sovereign decide`
// processes write the same file, for SOVEREIGN_SOAK_SECONDS (20 in ./dev test). Meanwhile a 10 ms
// heartbeat on the GUI thread measures its longest stall, and everything the owner would see (the
// status bar, message boxes, the decision-failure box) and every CLI's stderr is collected.
//
// At the end: no "database is locked" (nor any other failure) reached the owner or a CLI, every
// write the workbench or a CLI acknowledged is on disk (read through a second connection), the file
// passes integrity_check and foreign_key_check, the ledger verifies (here and with `sovereign ledger
// verify`), and the GUI thread was never blocked, nor busy, longer than SOVEREIGN_SOAK_MAX_STALL_MS
// (500) at a stretch; each heartbeat gap is split with /proc/thread-self/schedstat into time on a CPU,
// time waiting for one (a loaded machine) and time blocked (where a lock wait would show).
#include "app/gui/guiservices.h"
#include "models/items/queuemodel.h"
#include "models/ledger/ledger.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/run/pipelinerun.h"
#include "support/fixtures.h"
#include "support/testsupport.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

const QStringList Questions = {
    QStringLiteral("Does token scheduling raise mixture-of-experts throughput?"),
    QStringLiteral("Do expert capacity limits change accuracy at equal compute?"),
    QStringLiteral("Is load balancing loss needed when tokens are routed by scheduling?"),
};

// The calling thread's time on a CPU and waiting for one (ns), from /proc/thread-self/schedstat:
// what a heartbeat gap was made of. Off-CPU time that is neither is time the thread slept or was
// blocked (on a lock, on I/O, or idle in the event loop).
struct ThreadTimes
{
    qint64 onCpuNs = 0;
    qint64 runnableNs = 0;
};

ThreadTimes threadTimes()
{
    QFile f(QStringLiteral("/proc/thread-self/schedstat"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> parts = f.readAll().split(' ');
    return parts.size() >= 2 ? ThreadTimes{parts.at(0).toLongLong(), parts.at(1).toLongLong()} : ThreadTimes{};
}

struct Gap
{
    qint64 wallMs = 0;
    qint64 onCpuMs = 0;
    qint64 runnableMs = 0;
    qint64 blockedMs() const { return wallMs - onCpuMs - runnableMs; }
};

bool mentionsLock(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("database is locked|database table is locked|SQLITE_BUSY|busy"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(text).hasMatch();
}

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    QProcess *startCli(const QString &db, const QStringList &args)
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("USER"), QStringLiteral("cli-owner"));
        p->setProcessEnvironment(env);
        p->start(QCoreApplication::applicationDirPath() + QStringLiteral("/sovereign"), QStringList{QStringLiteral("--db"), db} + args);
        return p;
    }

private slots:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SovereignTest"));
        QApplication::setApplicationName(QStringLiteral("tst_soak"));
        qputenv("SOVEREIGN_NO_KEYCHAIN", "1");
        qputenv("SOVEREIGN_LEDGER_KEY", "soak-test-key"); // the CLI children extend the same ledger
        QVERIFY(m_home.isValid());
    }

    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise|grabbing)).*")));
    }

    void twoWritersForLong()
    {
        const int seconds = Test::envInt("SOVEREIGN_SOAK_SECONDS", 20);
        const int maxStallMs = Test::envInt("SOVEREIGN_SOAK_MAX_STALL_MS", 500);
        const int maxGapMs = Test::envInt("SOVEREIGN_SOAK_MAX_GAP_MS", 3000);
        QSettings().clear();
        QSettings().setValue(QStringLiteral("owner/name"), QStringLiteral("Soak Owner"));
        QSettings().setValue(QStringLiteral("owner/publisher"), QStringLiteral("Soak Lab"));

        // ---- the file: escalated drafts with claims, and the demo corpus for the CLI's runs ----------
        Test::TempDatabase tmp;
        QVERIFY2(tmp.isValid(), qPrintable(tmp.error()));
        const auto db = tmp.db();
        {
            Store store(db);
            Test::FixtureOptions o;
            o.drafts = std::max(160, seconds * 8); // enough for the workbench not to run out
            auto f = Test::generateFixtures(store, o);
            QVERIFY_OK(f);
            QSqlQuery q(db->connection());
            for (const char *sql : {"DELETE FROM corrections", "DELETE FROM claim_edits", "DELETE FROM decisions",
                                    "UPDATE drafts SET state = 'escalated', published_at = NULL"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
        }
        // The runs' source: a note of our own (the fixture papers are the corpus they search).
        const QString source = m_home.filePath(QStringLiteral("soak-source.md"));
        {
            QFile f(source);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("# Scheduling tokens across experts\n\n"
                    "We route tokens to experts with a scheduler that looks at queue depth. Throughput rises by "
                    "a third on eight accelerators while accuracy on the held-out tasks stays within half a point. "
                    "Capacity limits above 1.25 bring no further gain. The load balancing loss can be dropped "
                    "when the scheduler is used.\n");
        }
        QList<qint64> drafts;
        {
            QSqlQuery q(db->connection());
            QVERIFY(q.exec(QStringLiteral("SELECT d.id FROM drafts d WHERE EXISTS (SELECT 1 FROM claims c WHERE c.draft_id = d.id) "
                                          "ORDER BY d.id")));
            while (q.next())
                drafts.append(q.value(0).toLongLong());
        }
        QVERIFY2(drafts.size() >= 120, qPrintable(QString::number(drafts.size())));
        // The CLI decides a third of them, then the drafts its own runs escalated.
        const QList<qint64> guiDrafts = drafts.mid(0, drafts.size() * 2 / 3);
        QList<qint64> cliDrafts = drafts.mid(drafts.size() * 2 / 3);

        auto ledger = Ledger::open(db);
        QVERIFY_OK(ledger);
        Pipeline::OwnerActions owner(db, *ledger);
        owner.setRecordRebuilder([db](qint64 id) { return Pipeline::rebuildPublicRecord(db, id); });
        App::OwnerActionsAdapter actions(&owner);
        Ui::Services services;
        services.drafts = std::make_shared<App::DraftReaderAdapter>(db);
        services.actions = &actions;
        services.ledger = std::make_shared<App::LedgerCheckAdapter>(*ledger);
        auto window = std::make_unique<Ui::MainWindow>(services);
        window->setQueue(QueueModel::All);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->selectDraft(guiDrafts.first());
        QTRY_COMPARE(window->currentDraftId(), guiDrafts.first());

        // ---- what the owner sees ---------------------------------------------------------------------
        QStringList seen;
        connect(window->statusBar(), &QStatusBar::messageChanged, this, [&seen](const QString &m) {
            if (!m.isEmpty())
                seen << QStringLiteral("status bar: ") + m;
        });
        const auto lookForBoxes = [&seen, &window] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(w); box && box->isVisible()) {
                    seen << QStringLiteral("message box: ") + box->text();
                    box->close();
                }
            if (window->decisionFailureBox())
                seen << QStringLiteral("decision failure box: ") + window->decisionFailureBox()->text();
        };

        // ---- the GUI thread's heartbeat --------------------------------------------------------------
        QElapsedTimer clock;
        clock.start();
        qint64 lastBeat = 0;
        ThreadTimes lastTimes;
        QList<qint64> gaps;
        Gap longestGap, longestBlocked, longestOnCpu;
        QTimer heartbeat;
        heartbeat.setTimerType(Qt::PreciseTimer);
        heartbeat.setInterval(10);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            const ThreadTimes times = threadTimes();
            const Gap g{now - lastBeat, (times.onCpuNs - lastTimes.onCpuNs) / 1000000,
                        (times.runnableNs - lastTimes.runnableNs) / 1000000};
            gaps.append(g.wallMs);
            if (g.wallMs > longestGap.wallMs)
                longestGap = g;
            if (g.blockedMs() > longestBlocked.blockedMs())
                longestBlocked = g;
            if (g.onCpuMs > longestOnCpu.onCpuMs)
                longestOnCpu = g;
            lastBeat = now;
            lastTimes = times;
        });
        QTimer boxes;
        boxes.setInterval(100);
        connect(&boxes, &QTimer::timeout, this, lookForBoxes);

        // ---- the workbench's writes: claim edits, then a decision, draft after draft ------------------
        struct GuiOp
        {
            qint64 draftId = 0;
            qint64 claimId = 0; // 0: a decision
            QString text;       // the claim's new text, or the decision's note
            DecisionAction action = DecisionAction::Approve;
        };
        QList<GuiOp> plan;
        {
            Store store(db);
            for (qsizetype i = 0; i < guiDrafts.size(); ++i) {
                auto claims = store.claims(guiDrafts.at(i));
                QVERIFY_OK(claims);
                for (int round = 0; round < 3; ++round)
                    for (const Claim &c : std::as_const(*claims).mid(0, 2))
                        plan.append({guiDrafts.at(i), c.id,
                                     QStringLiteral("%1 (owner's wording, pass %2)").arg(c.text.left(120)).arg(round + 1), {}});
                plan.append({guiDrafts.at(i), 0, QStringLiteral("Soak decision %1.").arg(i),
                             i % 2 ? DecisionAction::Reject : DecisionAction::Approve});
            }
        }
        bool stopping = false;
        bool guiBusy = false;
        qsizetype next = 0;
        QHash<qint64, QString> ackedClaimText;        // claim -> last acknowledged text
        QHash<qint64, DraftState> ackedState;         // draft -> state after its acknowledged decision
        QHash<qint64, QString> ackedNote;             // draft -> note of that decision
        int guiEdits = 0, guiDecisions = 0;
        QStringList guiErrors;
        std::function<void()> issue = [&] {
            if (stopping || next >= plan.size()) {
                guiBusy = false;
                return;
            }
            guiBusy = true;
            const GuiOp op = plan.at(next++);
            QFuture<Ui::Status> f = op.claimId ? actions.editClaimText(op.claimId, op.text, QStringLiteral("soak"))
                                               : actions.decide(op.draftId, op.action, op.text);
            f.then(this, [&, op](const Ui::Status &s) {
                if (!s) {
                    guiErrors << s.error();
                } else if (op.claimId) {
                    ackedClaimText.insert(op.claimId, op.text);
                    ++guiEdits;
                } else {
                    ackedState.insert(op.draftId, op.action == DecisionAction::Approve ? DraftState::Approved : DraftState::Rejected);
                    ackedNote.insert(op.draftId, op.text);
                    ++guiDecisions;
                    window->selectDraft(op.draftId); // the window reloads the draft while others write
                }
                issue();
            });
        };

        // ---- the other processes: one `sovereign run` and one `sovereign decide` at all times ----------
        QStringList cliErrors;
        QList<qint64> runDrafts;
        int runsStarted = 0;
        QHash<qint64, DraftState> cliState;
        QHash<qint64, QString> cliNote;
        qsizetype nextCli = 0;
        int running = 0;
        bool decideIdle = false; // the decide loop ran out of drafts; a run's escalation restarts it
        std::function<void()> startDecide;
        std::function<void()> startRun = [&] {
            if (stopping)
                return;
            ++running;
            QProcess *p = startCli(tmp.path(), {QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--source"),
                                                source, QStringLiteral("--question"),
                                                Questions.at(runsStarted++ % Questions.size())});
            connect(p, &QProcess::finished, this, [&, p](int code, QProcess::ExitStatus status) {
                --running;
                const QString err = QString::fromUtf8(p->readAllStandardError());
                if (status != QProcess::NormalExit || code != 0 || mentionsLock(err))
                    cliErrors << QStringLiteral("run exited %1: %2").arg(code).arg(err.right(400));
                else {
                    const QJsonObject outcome = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
                    runDrafts << outcome.value(QStringLiteral("draft_id")).toInteger();
                    if (outcome.value(QStringLiteral("policy")).toString() == QStringLiteral("ESCALATE_TO_OWNER"))
                        cliDrafts << runDrafts.constLast();
                }
                p->deleteLater();
                startRun();
                if (decideIdle) {
                    decideIdle = false;
                    startDecide();
                }
            });
        };
        startDecide = [&] {
            if (stopping)
                return;
            if (nextCli >= cliDrafts.size()) {
                decideIdle = true;
                return;
            }
            ++running;
            const qint64 id = cliDrafts.at(nextCli);
            const bool approve = nextCli++ % 2 == 0;
            const QString note = QStringLiteral("CLI soak decision on %1.").arg(id);
            QProcess *p = startCli(tmp.path(), {QStringLiteral("decide"), QString::number(id),
                                                approve ? QStringLiteral("approve") : QStringLiteral("reject"),
                                                QStringLiteral("--note"), note});
            connect(p, &QProcess::finished, this, [&, p, id, approve, note](int code, QProcess::ExitStatus status) {
                --running;
                const QString err = QString::fromUtf8(p->readAllStandardError());
                if (status != QProcess::NormalExit || code != 0 || mentionsLock(err)) {
                    cliErrors << QStringLiteral("decide %1 exited %2: %3").arg(id).arg(code).arg(err.right(400));
                } else {
                    cliState.insert(id, approve ? DraftState::Approved : DraftState::Rejected);
                    cliNote.insert(id, note);
                }
                p->deleteLater();
                startDecide();
            });
        };

        // ---- go ----------------------------------------------------------------------------------
        lastBeat = clock.elapsed();
        lastTimes = threadTimes();
        heartbeat.start();
        boxes.start();
        const qint64 started = clock.elapsed();
        issue();
        startRun();
        startDecide();
        QTimer::singleShot(seconds * 1000, this, [&] { stopping = true; });
        QTRY_VERIFY_WITH_TIMEOUT(stopping, (seconds + 30) * 1000);
        QTRY_VERIFY_WITH_TIMEOUT(!guiBusy && running == 0, 180000);
        const qint64 elapsed = clock.elapsed() - started;
        heartbeat.stop();
        boxes.stop();
        lookForBoxes();
        QThreadPool::globalInstance()->waitForDone();

        std::sort(gaps.begin(), gaps.end());
        const qint64 longest = gaps.isEmpty() ? 0 : gaps.constLast();
        const qint64 p99 = gaps.isEmpty() ? 0 : gaps.at(qsizetype(double(gaps.size() - 1) * 0.99));
        qInfo("soak: %lld ms; workbench: %d claim edits + %d decisions acknowledged; CLI: %lld decisions + %lld runs; "
              "GUI thread: %lld heartbeats, longest gap %lld ms (%lld on a CPU, %lld waiting for one, %lld blocked), "
              "99th percentile %lld ms (10 ms interval); longest time blocked in one gap %lld ms, longest on a CPU %lld ms",
              elapsed, guiEdits, guiDecisions, qint64(cliState.size()), qint64(runDrafts.size()), qint64(gaps.size()),
              longest, longestGap.onCpuMs, longestGap.runnableMs, longestGap.blockedMs(), p99, longestBlocked.blockedMs(),
              longestOnCpu.onCpuMs);

        // ---- nothing failed, nothing about locks reached anyone ----------------------------------------
        QVERIFY2(guiErrors.isEmpty(), qPrintable(guiErrors.join(u'\n')));
        QVERIFY2(cliErrors.isEmpty(), qPrintable(cliErrors.join(u'\n')));
        for (const QString &s : std::as_const(seen))
            QVERIFY2(!mentionsLock(s) && !s.contains(QStringLiteral("not saved")), qPrintable(s));
        QVERIFY(!window->decisionFailureBox());
        QVERIFY2(guiEdits > 20 && guiDecisions > 3, "the workbench hardly wrote: the soak proves nothing");
        QVERIFY2(runDrafts.size() >= 2 && cliState.size() >= 3, "the other processes hardly wrote: the soak proves nothing");

        // ---- every acknowledged write is on disk (a second connection of its own) ---------------------
        window.reset();
        {
            auto check = Database::open(tmp.path());
            QVERIFY_OK(check);
            Store store(*check);
            int rowsChecked = 0;
            QHash<qint64, QString> claimText;
            for (qint64 id : guiDrafts) {
                auto claims = store.claims(id);
                QVERIFY_OK(claims);
                for (const Claim &c : std::as_const(*claims))
                    claimText.insert(c.id, c.text);
            }
            for (auto it = ackedClaimText.cbegin(); it != ackedClaimText.cend(); ++it, ++rowsChecked)
                QVERIFY2(claimText.value(it.key()) == it.value(), qPrintable(QStringLiteral("claim %1").arg(it.key())));
            const auto decisionsMatch = [&](const QHash<qint64, DraftState> &states, const QHash<qint64, QString> &notes) {
                for (auto it = states.cbegin(); it != states.cend(); ++it, ++rowsChecked) {
                    auto d = store.draft(it.key());
                    if (!d || d->state != it.value())
                        return QStringLiteral("draft %1 is not in its acknowledged state").arg(it.key());
                    auto decisions = store.decisions(it.key());
                    if (!decisions || std::none_of(decisions->cbegin(), decisions->cend(),
                                                   [&](const Decision &x) { return x.note == notes.value(it.key()); }))
                        return QStringLiteral("draft %1 lost its decision note").arg(it.key());
                }
                return QString();
            };
            QString lost = decisionsMatch(ackedState, ackedNote);
            QVERIFY2(lost.isEmpty(), qPrintable(lost));
            lost = decisionsMatch(cliState, cliNote);
            QVERIFY2(lost.isEmpty(), qPrintable(lost));
            for (qint64 id : std::as_const(runDrafts)) {
                QVERIFY2(store.draft(id).has_value(), qPrintable(QStringLiteral("run draft %1").arg(id)));
                ++rowsChecked;
            }
            QSqlQuery q((*check)->connection());
            QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_key_check")));
            QVERIFY(!q.next());
            q.finish();
            const LedgerReport report = (*ledger)->verify();
            QVERIFY2(report.ok(), qPrintable(report.summary()));
            QVERIFY(report.entries >= guiEdits + guiDecisions + cliState.size());
            qInfo("soak: %d acknowledged writes checked on disk; ledger: %lld entries verified", rowsChecked, report.entries);
            (*check)->releaseThreadConnection();
        }
        QProcess *verify = startCli(tmp.path(), {QStringLiteral("ledger"), QStringLiteral("verify")});
        QVERIFY(verify->waitForFinished(120000));
        QVERIFY2(verify->exitCode() == 0, verify->readAllStandardOutput().constData());

        // The GUI thread never waited on the file: a write lock (SQLite's busy handler sleeps) or any
        // other I/O would show as time blocked (off a CPU without waiting for one). Nor did it compute
        // for long at a stretch. The whole gap also counts time spent waiting for a CPU, which only
        // says how loaded the machine was: it gets a coarse bound.
        QVERIFY2(longestBlocked.blockedMs() < maxStallMs,
                 qPrintable(QStringLiteral("the GUI thread was blocked %1 ms (bound %2 ms)").arg(longestBlocked.blockedMs()).arg(maxStallMs)));
        QVERIFY2(longestOnCpu.onCpuMs < maxStallMs,
                 qPrintable(QStringLiteral("the GUI thread computed %1 ms without a break (bound %2 ms)").arg(longestOnCpu.onCpuMs).arg(maxStallMs)));
        QVERIFY2(longest < maxGapMs, qPrintable(QStringLiteral("the GUI thread stalled %1 ms (bound %2 ms)").arg(longest).arg(maxGapMs)));
    }
};

QTEST_MAIN(TestSoak)
#include "tst_soak.moc"
