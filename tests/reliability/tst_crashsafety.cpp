// Crash safety: a writer (crashwriter: owner decisions, claim edits, corrections, fixture drafts and
// an autosaved escalation note, through the real store and ledger) and a pipeline run (`sovereign
// run`, the real executable) write one database file at the same time; both are killed with SIGKILL
// at random moments, again and again. After every kill:
//   - the file opens the way the workbench opens it (Database::open, Ledger::open), without help;
//   - PRAGMA integrity_check says ok and foreign_key_check finds nothing;
//   - the ledger verifies (hash chain, MACs, the anchor the writer left);
//   - every write the writer acknowledged is on disk, with the content it acknowledged;
//   - the autosaved note holds at least what was acknowledged (the text typed so far);
//   - the next writer finds the stale session lock, runs quick_check and reports it clean.
// SOVEREIGN_CRASH_KILLS sets the number of kills (default 20; the nightly size is 1000);
// SOVEREIGN_CRASH_SEED the random seed (default: time based, printed so a failure can be replayed).
#include "models/ledger/ledger.h"
#include "models/storage/autosave.h"
#include "models/storage/database.h"
#include "models/storage/sessionlock.h"
#include "pipeline/retrieval/democorpus.h"
#include "support/testsupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

const QString LedgerKeyText = QStringLiteral("crash-safety-test-key");

QString sha(const QString &text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

struct Ack
{
    QString kind;
    QHash<QString, QString> fields;
    int life = 0;
};

Ack parseAck(const QString &line, int life)
{
    const QStringList parts = line.split(u' ', Qt::SkipEmptyParts);
    Ack a;
    a.kind = parts.value(1);
    a.life = life;
    for (qsizetype i = 2; i < parts.size(); ++i) {
        const qsizetype eq = parts.at(i).indexOf(u'=');
        if (eq > 0)
            a.fields.insert(parts.at(i).left(eq), parts.at(i).mid(eq + 1));
    }
    return a;
}

// The values of one column of the rows a query returns.
QStringList column(const QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    QStringList out;
    if (!q.exec())
        return {QStringLiteral("<query failed: %1>").arg(queryError(q))};
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    QString m_anchors;
    QString m_source; // an arXiv id of the demo corpus for `sovereign run`

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_LEDGER_KEY"), LedgerKeyText);
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("USER"), QStringLiteral("crash-owner"));
        return env;
    }

    static QString binary(const QString &name) { return QCoreApplication::applicationDirPath() + u'/' + name; }

    // Everything the checks after a kill look at; an empty list means the file is sound.
    QStringList checkFile(const QList<Ack> &acks, qint64 *rowsChecked)
    {
        QStringList problems;
        auto db = Database::open(m_db);
        if (!db)
            return {QStringLiteral("the file does not reopen: %1").arg(db.error())};
        const QSqlDatabase conn = (*db)->connection();
        const QStringList integrity = column(conn, QStringLiteral("PRAGMA integrity_check"));
        if (integrity != QStringList{QStringLiteral("ok")})
            problems.append(QStringLiteral("integrity_check: %1").arg(integrity.mid(0, 5).join(u'|')));
        const QStringList fk = column(conn, QStringLiteral("PRAGMA foreign_key_check"));
        if (!fk.isEmpty())
            problems.append(QStringLiteral("foreign_key_check: %1 rows, first in %2").arg(fk.size()).arg(fk.first()));

        LedgerKeyStore::Options keyOptions;
        keyOptions.allowKeychain = false;
        auto ledger = Ledger::open(*db, keyOptions, Ledger::Options{m_anchors});
        if (!ledger) {
            problems.append(QStringLiteral("the ledger does not open: %1").arg(ledger.error()));
        } else {
            const LedgerReport report = (*ledger)->verify();
            if (!report.ok())
                problems.append(QStringLiteral("the ledger does not verify: %1").arg(report.summary()));
        }

        for (const Ack &a : acks) {
            ++*rowsChecked;
            const auto has = [&](const QString &sql, const QVariantList &binds, const QString &hash) {
                const QStringList values = column(conn, sql, binds);
                for (const QString &v : values) {
                    if (hash.isEmpty() || sha(v) == hash)
                        return true;
                }
                return false;
            };
            bool present = true;
            if (a.kind == QStringLiteral("draft")) {
                present = has(QStringLiteral("SELECT id FROM drafts WHERE id = ?"), {a.fields.value(QStringLiteral("id"))}, {});
            } else if (a.kind == QStringLiteral("edit")) {
                present = has(QStringLiteral("SELECT new_value FROM claim_edits WHERE claim_id = ? AND field = 'text'"),
                              {a.fields.value(QStringLiteral("claim"))}, a.fields.value(QStringLiteral("text")));
            } else if (a.kind == QStringLiteral("override")) {
                present = has(QStringLiteral("SELECT reason FROM claim_edits WHERE claim_id = ? AND field = 'verified_override'"),
                              {a.fields.value(QStringLiteral("claim"))}, a.fields.value(QStringLiteral("reason")));
            } else if (a.kind == QStringLiteral("decision")) {
                present = has(QStringLiteral("SELECT note FROM decisions WHERE id = ? AND draft_id = ?"),
                              {a.fields.value(QStringLiteral("id")), a.fields.value(QStringLiteral("draft"))},
                              a.fields.value(QStringLiteral("note")));
            } else if (a.kind == QStringLiteral("correction")) {
                present = has(QStringLiteral("SELECT public_note FROM corrections WHERE id = ?"), {a.fields.value(QStringLiteral("id"))},
                              a.fields.value(QStringLiteral("note")));
            } else if (a.kind == QStringLiteral("run")) {
                present = has(QStringLiteral("SELECT d.id FROM drafts d JOIN runs r ON r.id = d.run_id WHERE d.id = ? AND r.status = 'succeeded'"),
                              {a.fields.value(QStringLiteral("draft"))}, {});
            } else {
                --*rowsChecked;
                continue;
            }
            if (!present)
                problems.append(QStringLiteral("acknowledged %1 (life %2) is missing: %3")
                                    .arg(a.kind)
                                    .arg(a.life)
                                    .arg(QStringList(a.fields.keys()).join(u',')));
        }
        return problems;
    }

private slots:
    void init() { Test::failOnAnyWarning(); }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // This process checks the ledger with the writers' key (never a key file in the real home).
        qputenv("SOVEREIGN_LEDGER_KEY", LedgerKeyText.toUtf8());
        m_db = m_dir.filePath(QStringLiteral("crash.sqlite"));
        m_anchors = m_dir.filePath(QStringLiteral("anchors.ini"));
        QVERIFY2(QFile::exists(binary(QStringLiteral("crashwriter"))), "crashwriter is built beside the test");
        QVERIFY2(QFile::exists(binary(QStringLiteral("sovereign"))), "sovereign is built beside the test");
        auto db = Database::open(m_db);
        QVERIFY_OK(db);
        QVERIFY_OK(Pipeline::ensureDemoCorpus(*db));
        const QStringList ids = column((*db)->connection(), QStringLiteral("SELECT arxiv_id FROM papers ORDER BY id LIMIT 1"));
        QCOMPARE(ids.size(), 1);
        m_source = ids.first();
    }

    void killedWritersLoseNothing()
    {
        const int kills = qEnvironmentVariableIsSet("SOVEREIGN_CRASH_KILLS") ? qEnvironmentVariableIntValue("SOVEREIGN_CRASH_KILLS") : 20;
        const quint32 seed = qEnvironmentVariableIsSet("SOVEREIGN_CRASH_SEED")
            ? quint32(qEnvironmentVariableIntValue("SOVEREIGN_CRASH_SEED"))
            : quint32(QDateTime::currentMSecsSinceEpoch() & 0x7fffffff);
        qInfo("crash safety: %d kills, seed %u (replay with SOVEREIGN_CRASH_SEED=%u)", kills, seed, seed);
        QRandomGenerator rng(seed);

        QList<Ack> acks;
        qint64 rowsChecked = 0;
        int killsDuringWrites = 0;
        int recoveries = 0;
        int runsKilled = 0;
        int runsCompleted = 0;
        bool lockLeftBehind = false;  // a writer that held the session lock was killed
        QString lastNote;             // the autosave acknowledged last: "len sha", empty when none is due
        QElapsedTimer clock;
        clock.start();

        for (int life = 1; life <= kills; ++life) {
            QProcess writer;
            writer.setProcessEnvironment(environment());
            writer.setProcessChannelMode(QProcess::SeparateChannels);
            writer.start(binary(QStringLiteral("crashwriter")), {m_db, m_anchors, QString::number(seed + quint32(life))});
            QVERIFY2(writer.waitForStarted(10000), qPrintable(writer.errorString()));

            // A pipeline run beside it, in half of the lives: killed too unless it finishes first.
            QProcess run;
            const bool withRun = rng.bounded(2) == 0;
            if (withRun) {
                run.setProcessEnvironment(environment());
                run.start(binary(QStringLiteral("sovereign")),
                          {QStringLiteral("--db"), m_db, QStringLiteral("run"), QStringLiteral("--json"), QStringLiteral("--quiet"),
                           QStringLiteral("--source"), m_source, QStringLiteral("--question"),
                           QStringLiteral("Does ordering evidence change citation errors (life %1)?").arg(life)});
                QVERIFY2(run.waitForStarted(10000), qPrintable(run.errorString()));
            }

            // processId() is 0 once a process has ended, and kill(0, ...) would hit this whole
            // process group: only a pid that is running gets the signal.
            const auto killNow = [](QProcess &p) {
                if (p.state() != QProcess::NotRunning && p.processId() > 0)
                    ::kill(pid_t(p.processId()), SIGKILL);
            };
            // A failed check leaves no process behind.
            const auto reap = qScopeGuard([&] {
                for (QProcess *p : {&writer, &run}) {
                    killNow(*p);
                    if (p->state() != QProcess::NotRunning)
                        p->waitForFinished(30000);
                }
            });

            // One life in ten dies while it opens (lock, recovery, ledger); the rest while writing.
            const bool early = rng.bounded(10) == 0;
            QByteArray out;
            if (!early) {
                QElapsedTimer ready;
                ready.start();
                while (!out.contains("READY") && !out.contains("FATAL") && ready.elapsed() < 60000) {
                    writer.waitForReadyRead(100);
                    out += writer.readAllStandardOutput();
                }
                QVERIFY2(out.contains("READY"), out.constData());
                // The random wait starts at the first acknowledged write, not at READY: while a
                // `sovereign run` holds the write lock on a loaded machine, the first write can take
                // longer than a short life, and the kill would land before any write began.
                while (!out.contains("\nACK ") && !out.contains("FATAL") && ready.elapsed() < 60000) {
                    writer.waitForReadyRead(20);
                    out += writer.readAllStandardOutput();
                }
                QVERIFY2(out.contains("\nACK "), QByteArray("the writer acknowledged no write within 60 s: " + out.right(2000)).constData());
            }
            // Most lives are short (many kills in CI's time); one in four is long enough for the
            // pipeline run to finish, so finished runs are checked too.
            const bool longLife = !early && rng.bounded(4) == 0;
            QTest::qWait(early ? int(rng.bounded(60)) : longLife ? 1500 + int(rng.bounded(1500)) : 20 + int(rng.bounded(600)));
            killNow(writer);
            if (withRun)
                killNow(run);
            QVERIFY(writer.state() == QProcess::NotRunning || writer.waitForFinished(30000));
            out += writer.readAllStandardOutput();
            QVERIFY2(writer.exitStatus() == QProcess::CrashExit, QByteArray("the writer ended by itself: " + out.right(2000)).constData());
            const QByteArray err = writer.readAllStandardError();
            QVERIFY2(!out.contains("FATAL"), QByteArray(out.right(2000) + err).constData());

            if (withRun) {
                QVERIFY(run.state() == QProcess::NotRunning || run.waitForFinished(30000));
                if (run.exitStatus() == QProcess::NormalExit && run.exitCode() == 0) {
                    const QJsonObject o = QJsonDocument::fromJson(run.readAllStandardOutput()).object();
                    QVERIFY2(o.value(QStringLiteral("draft_id")).toInteger() > 0, "a finished run names its draft");
                    Ack a;
                    a.kind = QStringLiteral("run");
                    a.life = life;
                    a.fields.insert(QStringLiteral("draft"), QString::number(o.value(QStringLiteral("draft_id")).toInteger()));
                    acks.append(a);
                    ++runsCompleted;
                } else {
                    QVERIFY2(run.exitStatus() == QProcess::CrashExit, run.readAllStandardError().constData());
                    ++runsKilled;
                }
            }

            // What this life said, in order.
            QList<Ack> lifeAcks;
            bool sawRecovery = false;
            for (const QByteArray &raw : out.split('\n')) {
                const QString line = QString::fromUtf8(raw);
                if (line.startsWith(QStringLiteral("RECOVERY "))) {
                    sawRecovery = true;
                    QVERIFY2(line.endsWith(QStringLiteral("quick_check=ok")), qPrintable(line));
                    ++recoveries;
                } else if (line.startsWith(QStringLiteral("AUTOSAVE-FOUND "))) {
                    // The note came back: at least as long as acknowledged, and starting with it.
                    if (!lastNote.isEmpty()) {
                        const Ack found = parseAck(QStringLiteral("X ") + line, life);
                        QVERIFY2(found.fields.value(QStringLiteral("len")).toInt() >= lastNote.section(u' ', 0, 0).toInt(), qPrintable(line));
                    }
                } else if (line.startsWith(QStringLiteral("READY "))) {
                    if (lockLeftBehind)
                        QVERIFY2(sawRecovery, "a killed session's lock was not reported as an unclean exit");
                    lockLeftBehind = true;
                } else if (line.startsWith(QStringLiteral("ACK "))) {
                    const Ack a = parseAck(line, life);
                    if (a.kind == QStringLiteral("autosave"))
                        lastNote = a.fields.value(QStringLiteral("len")) + u' ' + a.fields.value(QStringLiteral("sha"));
                    else if (a.kind == QStringLiteral("autosave-cleared"))
                        lastNote.clear();
                    lifeAcks.append(a);
                }
            }
            if (!lifeAcks.isEmpty())
                ++killsDuringWrites;
            acks += lifeAcks;

            // The note on disk: the acknowledged text is its beginning (typing only appends).
            if (!lastNote.isEmpty()) {
                const auto saved = TextAutosave(TextAutosave::folderFor(m_db)).load(QStringLiteral("decision-escalate-note"));
                QVERIFY2(saved.has_value(), "an acknowledged autosave is gone");
                const int len = lastNote.section(u' ', 0, 0).toInt();
                QVERIFY2(saved->text.size() >= len && sha(saved->text.left(len)) == lastNote.section(u' ', 1, 1),
                         "the autosaved note lost acknowledged text");
            }

            // Every life checks its own acknowledgements; every tenth and the last check them all.
            const bool full = life % 10 == 0 || life == kills;
            const QStringList problems = checkFile(full ? acks : lifeAcks, &rowsChecked);
            QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("after kill %1 (seed %2): %3").arg(life).arg(seed).arg(problems.join(u'\n'))));
        }
        qInfo("crash safety: %d kills (%d during writes, %d pipeline runs killed, %d finished), %lld acknowledged writes, "
              "%lld row checks, %d unclean exits recovered, %lld ms",
              kills, killsDuringWrites, runsKilled, runsCompleted, qint64(acks.size()), rowsChecked, recoveries, clock.elapsed());
        QVERIFY2(killsDuringWrites >= kills * 3 / 4, "most kills must land while the writer writes");
        QVERIFY(acks.size() > kills);
    }

    // The lock itself: a clean exit leaves no lock, a second live session shares without owning.
    void sessionLockCleanExitAndSharing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lock.sqlite"));
        auto db = Database::open(path);
        QVERIFY_OK(db);
        {
            auto first = SessionLock::acquire(*db);
            QVERIFY_OK(first);
            QVERIFY((*first)->ownsLock());
            QVERIFY(!(*first)->uncleanExit());
            QVERIFY(QFile::exists(SessionLock::lockPathFor(path)));
            auto second = SessionLock::acquire(*db);
            QVERIFY_OK(second);
            QVERIFY(!(*second)->ownsLock());
            QCOMPARE((*second)->sharedWithPid(), QCoreApplication::applicationPid());
        }
        QVERIFY2(!QFile::exists(SessionLock::lockPathFor(path)), "a clean exit removes the lock");
        auto again = SessionLock::acquire(*db);
        QVERIFY_OK(again);
        QVERIFY(!(*again)->uncleanExit());
        QVERIFY((*again)->recoveryText().isEmpty());
    }

    // A lock left with a pid that is gone, and a torn (empty) lock: both are unclean exits.
    void sessionLockSeesDeadOwner_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("dead pid") << QByteArray("999999999\nsovereign-workbench\n\n");
        QTest::newRow("torn, empty") << QByteArray();
    }

    void sessionLockSeesDeadOwner()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("dead.sqlite"));
        auto db = Database::open(path);
        QVERIFY_OK(db);
        QFile stale(SessionLock::lockPathFor(path));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write(content);
        stale.close();
        auto lock = SessionLock::acquire(*db);
        QVERIFY_OK(lock);
        QVERIFY((*lock)->ownsLock());
        QVERIFY((*lock)->uncleanExit().has_value());
        QVERIFY((*lock)->uncleanExit()->quickCheckRan);
        QVERIFY((*lock)->uncleanExit()->quickCheck.isEmpty());
        QVERIFY2((*lock)->recoveryText().contains(QStringLiteral("quick check")), qPrintable((*lock)->recoveryText()));
    }

    void autosaveKeepsTheLastSaveAndRefusesBadKeys()
    {
        QTemporaryDir dir;
        const TextAutosave a(dir.filePath(QStringLiteral("notes")));
        QVERIFY(!a.load(QStringLiteral("n")).has_value());
        QVERIFY_OK(a.save(QStringLiteral("n"), QStringLiteral("first")));
        const QString longText = QString(QStringLiteral("Δ note ")).repeated(20000);
        QVERIFY_OK(a.save(QStringLiteral("n"), longText));
        QCOMPARE(a.load(QStringLiteral("n"))->text, longText);
        QCOMPARE(a.pending().size(), 1);
        QVERIFY(!a.save(QStringLiteral("../escape"), QStringLiteral("x")));
        QVERIFY(!a.save(QString(), QStringLiteral("x")));
        a.discard(QStringLiteral("n"));
        QVERIFY(!a.load(QStringLiteral("n")).has_value());
        QVERIFY(a.pending().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
