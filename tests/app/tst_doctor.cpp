// `sovereign doctor` end to end: a healthy file is all ok; a page of the file damaged, a ledger
// entry deleted, a file from a newer version and a missing file are each named as a problem (exit 1)
// with what to do; configured backends are asked once each (a loopback fake answers, a closed port
// and a server that never answers are problems, --offline skips them); --json parses; no key is
// ever printed or sent.
#include "fakes/fakearxiv.h"
#include "fakes/fakehttpserver.h"
#include "fakes/fakeopenai.h"
#include "models/ledger/ledger.h"
#include "models/storage/schema.h"
#include "pipeline/publish/publishfixtures.h"
#include "support/testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

const QString ApiKey = QStringLiteral("sk-doctor-7d41c2e9aa");
const QString LedgerKeyText = QStringLiteral("doctor-ledger-key-5520");

struct Out
{
    int code = -1;
    QString out;
    QString err;
    QJsonObject json;
    QHash<QString, QJsonObject> checks; // by "check"

    QString status(const QString &check) const { return checks.value(check).value(QStringLiteral("status")).toString(); }
    QString message(const QString &check) const { return checks.value(check).value(QStringLiteral("message")).toString(); }
};

// Runs SQL on a file with a connection of the test's own (the file is not open elsewhere).
bool execOn(const QString &path, const QStringList &statements)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("doctor-test-edit"));
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString &sql : statements) {
            QSqlQuery q(db);
            if (ok && !q.exec(sql)) {
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
                ok = false;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("doctor-test-edit"));
    return ok;
}

qint64 scalarOn(const QString &path, const QString &sql)
{
    qint64 v = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("doctor-test-read"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                v = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("doctor-test-read"));
    return v;
}

} // namespace

class TestDoctor : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    QTemporaryDir m_dir;
    QString m_healthy; // a published draft, a rejection and a claim edit: 3+ ledger entries

    // The CLI in its own process; the test's event loop keeps running (the fake servers live here).
    Out doctor(const QString &db, const QStringList &args, const QHash<QString, QString> &extraEnv = {})
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_LEDGER_KEY"), LedgerKeyText);
        env.insert(QStringLiteral("SOVEREIGN_API_KEY"), ApiKey);
        env.insert(QStringLiteral("SOVEREIGN_NO_KEYCHAIN"), QStringLiteral("1"));
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        for (const QString &name : {QStringLiteral("SOVEREIGN_ARXIV_URL"), QStringLiteral("SOVEREIGN_LLM_URL"),
                                    QStringLiteral("SOVEREIGN_EMBED_URL")})
            env.remove(name);
        for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
            env.insert(it.key(), it.value());
        p.setProcessEnvironment(env);
        QEventLoop loop;
        connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        p.start(QCoreApplication::applicationDirPath() + QStringLiteral("/sovereign"),
                QStringList{QStringLiteral("--db"), db, QStringLiteral("doctor")} + args);
        loop.exec();
        Out o;
        o.code = p.state() == QProcess::NotRunning && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
        }
        o.out = QString::fromUtf8(p.readAllStandardOutput());
        o.err = QString::fromUtf8(p.readAllStandardError());
        o.json = QJsonDocument::fromJson(o.out.toUtf8()).object();
        for (const QJsonValue &v : o.json.value(QStringLiteral("checks")).toArray())
            o.checks.insert(v.toObject().value(QStringLiteral("check")).toString(), v.toObject());
        // Never a key, whatever the outcome.
        if (o.out.contains(ApiKey) || o.err.contains(ApiKey) || o.out.contains(LedgerKeyText) || o.err.contains(LedgerKeyText))
            qWarning("doctor printed a key");
        return o;
    }

    QString copyOfHealthy(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        return QFile::copy(m_healthy, path) ? path : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid() && m_dir.isValid());
        qputenv("SOVEREIGN_LEDGER_KEY", LedgerKeyText.toUtf8());
        m_healthy = m_dir.filePath(QStringLiteral("healthy.sqlite"));
        {
            auto db = Database::open(m_healthy);
            QVERIFY_OK(db);
            auto key = LedgerKeyStore::obtain();
            QVERIFY_OK(key);
            auto ledger = std::make_shared<Ledger>(*db, *key, Ledger::Options{m_dir.filePath(QStringLiteral("anchors.ini"))});
            Pipeline::OwnerActions actions(*db, ledger);
            Test::connectFixtureRebuilder(actions);
            auto approved = Test::makeFixtureDraft(actions.store(), {});
            auto rejected = Test::makeFixtureDraft(actions.store(), {});
            QVERIFY_OK(approved);
            QVERIFY_OK(rejected);
            auto claims = actions.store().claims(*approved);
            QVERIFY_OK(claims);
            QVERIFY_OK(actions.editClaimText(claims->first().id, QStringLiteral("Ordering passages lowers unsupported "
                                                                              "citations by about a fifth."),
                                             QStringLiteral("Dana"), QStringLiteral("shorter")));
            QVERIFY_OK(actions.decide(*approved, Pipeline::OwnerDecision::Approve, QStringLiteral("Dana"), QString()));
            QVERIFY_OK(actions.decide(*rejected, Pipeline::OwnerDecision::Reject, QStringLiteral("Dana"), QString()));
            QVERIFY(ledger->entries()->size() >= 3);
            // Everything into the main file, so a copy of it alone is the whole database.
            QSqlQuery q((*db)->connection());
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
            q.finish();
            (*db)->releaseThreadConnection();
        }
    }

    void init() { Test::failOnAnyWarning(); }

    void healthyFileIsAllOk()
    {
        const QString db = copyOfHealthy(QStringLiteral("ok.sqlite"));
        Out r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--min-free"), QStringLiteral("1")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(r.json.value(QStringLiteral("problems")).toInt(), 0);
        QCOMPARE(r.json.value(QStringLiteral("warnings")).toInt(), 0);
        for (const char *c : {"database", "schema", "integrity", "foreign_keys", "ledger", "disk", "keychain"})
            QVERIFY2(r.status(QLatin1StringView(c)) == QStringLiteral("ok"),
                     qPrintable(QLatin1StringView(c) + QStringLiteral(": ") + r.message(QLatin1StringView(c))));
        QVERIFY(r.message(QStringLiteral("ledger")).contains(QStringLiteral("entries verified")));
        QVERIFY(r.message(QStringLiteral("schema")).contains(QString::number(Schema::latestVersion())));
        QVERIFY(r.message(QStringLiteral("integrity")).contains(QStringLiteral("integrity_check")));
        // Where the keys come from, never the keys.
        QVERIFY2(r.message(QStringLiteral("keychain")).contains(QStringLiteral("not available")), qPrintable(r.message(QStringLiteral("keychain"))));
        QVERIFY(r.message(QStringLiteral("keychain")).contains(QStringLiteral("SOVEREIGN_LEDGER_KEY")));
        QVERIFY(r.message(QStringLiteral("keychain")).contains(QStringLiteral("SOVEREIGN_API_KEY")));
        QCOMPARE(r.status(QStringLiteral("backends")), QStringLiteral("skipped")); // nothing remote configured

        // The same for a person: one line per check, and the summary.
        Out text = doctor(db, {QStringLiteral("--min-free"), QStringLiteral("1"), QStringLiteral("--quick")});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(QStringLiteral("All checks passed.")), qPrintable(text.out));
        QVERIFY(text.out.contains(QStringLiteral("quick_check")));
        const QStringList lines = text.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + r.checks.size() + 1);
        QVERIFY(lines.at(1).startsWith(QStringLiteral("ok       database")));
    }

    void damagedPageIsAnIntegrityProblem()
    {
        const QString db = copyOfHealthy(QStringLiteral("damaged.sqlite"));
        const qint64 pageSize = scalarOn(db, QStringLiteral("PRAGMA page_size"));
        const qint64 root = scalarOn(db, QStringLiteral("SELECT rootpage FROM sqlite_master WHERE name = 'claims'"));
        QVERIFY(pageSize >= 512 && root > 1);
        {
            // Flip the bytes of the claims table's first page (its b-tree header and cell pointers).
            QFile f(db);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek((root - 1) * pageSize));
            QByteArray page = f.read(64);
            for (char &c : page)
                c = char(~c);
            QVERIFY(f.seek((root - 1) * pageSize));
            QCOMPARE(f.write(page), qint64(page.size()));
        }
        Out r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--min-free"), QStringLiteral("1")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(r.status(QStringLiteral("database")), QStringLiteral("ok")); // still ours, still opens
        QCOMPARE(r.status(QStringLiteral("integrity")), QStringLiteral("problem"));
        QVERIFY2(r.message(QStringLiteral("integrity")).contains(QStringLiteral("integrity_check")), qPrintable(r.message(QStringLiteral("integrity"))));
        QVERIFY(r.checks.value(QStringLiteral("integrity")).value(QStringLiteral("advice")).toString().contains(QStringLiteral("backup")));

        Out text = doctor(db, {QStringLiteral("--min-free"), QStringLiteral("1")});
        QCOMPARE(text.code, 1);
        QVERIFY2(text.out.contains(QRegularExpression(QStringLiteral("\\nproblem +integrity +integrity_check"))), qPrintable(text.out));
    }

    void deletedLedgerEntryIsALedgerProblem()
    {
        const QString db = copyOfHealthy(QStringLiteral("ledger.sqlite"));
        // The ledger's triggers forbid DELETE; someone with the sqlite3 shell drops them first.
        QStringList drops;
        {
            QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("doctor-triggers"));
            c.setDatabaseName(db);
            QVERIFY(c.open());
            QSqlQuery q(c);
            QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'ledger'")));
            while (q.next())
                drops << QStringLiteral("DROP TRIGGER \"%1\"").arg(q.value(0).toString());
            q.finish();
            c.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("doctor-triggers"));
        QVERIFY(execOn(db, drops + QStringList{QStringLiteral("DELETE FROM ledger WHERE seq = 2")}));
        Out r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--min-free"), QStringLiteral("1")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.status(QStringLiteral("integrity")), QStringLiteral("ok"));
        QCOMPARE(r.status(QStringLiteral("ledger")), QStringLiteral("problem"));
        QVERIFY2(r.message(QStringLiteral("ledger")).contains(QStringLiteral("entry")), qPrintable(r.message(QStringLiteral("ledger"))));
        QCOMPARE(r.json.value(QStringLiteral("problems")).toInt(), 1);
    }

    void newerSchemaAndMissingFile()
    {
        const QString db = copyOfHealthy(QStringLiteral("newer.sqlite"));
        QVERIFY(execOn(db, {QStringLiteral("PRAGMA user_version = %1").arg(Schema::latestVersion() + 1)}));
        Out r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--min-free"), QStringLiteral("1")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.status(QStringLiteral("schema")), QStringLiteral("problem"));
        QVERIFY(r.message(QStringLiteral("schema")).contains(QStringLiteral("newer than this program")));
        QCOMPARE(r.status(QStringLiteral("ledger")), QStringLiteral("skipped"));
        QCOMPARE(scalarOn(db, QStringLiteral("PRAGMA user_version")), qint64(Schema::latestVersion() + 1)); // untouched

        const QString missing = m_dir.filePath(QStringLiteral("nowhere/missing.sqlite"));
        r = doctor(missing, {QStringLiteral("--json")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.status(QStringLiteral("database")), QStringLiteral("problem"));
        QVERIFY(r.message(QStringLiteral("database")).contains(QStringLiteral("no database file")));
        QVERIFY(!QFileInfo::exists(missing)); // a check creates nothing
        QVERIFY(!QFileInfo::exists(QFileInfo(missing).absolutePath()));
    }

    void lowDiskSpaceIsAWarning()
    {
        const QString db = copyOfHealthy(QStringLiteral("disk.sqlite"));
        // More free space than any disk has: the threshold is not met.
        Out r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--min-free"), QStringLiteral("900000000")});
        QCOMPARE(r.code, 0); // a warning is not a problem
        QCOMPARE(r.status(QStringLiteral("disk")), QStringLiteral("warning"));
        QVERIFY(r.message(QStringLiteral("disk")).contains(QStringLiteral("free on")));
        QCOMPARE(r.json.value(QStringLiteral("warnings")).toInt(), 1);
    }

    void configuredBackendsAreAskedOnce()
    {
        const QString db = copyOfHealthy(QStringLiteral("backends.sqlite"));
        Test::FakeArxivServer arxiv;
        QVERIFY(arxiv.start());
        Test::FakeHttpServer silent; // accepts and never answers
        QVERIFY(silent.start());
        silent.setHandler([](const Test::RecordedRequest &) {
            Test::ScriptedResponse r;
            r.hang = true;
            return r;
        });
        QTcpServer closed; // a port nobody listens on any more
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 closedPort = closed.serverPort();
        closed.close();

        const QHash<QString, QString> env{
            {QStringLiteral("SOVEREIGN_ARXIV_URL"), arxiv.baseUrl().toString()},
            {QStringLiteral("SOVEREIGN_LLM_URL"), QStringLiteral("http://127.0.0.1:%1").arg(closedPort)},
            {QStringLiteral("SOVEREIGN_EMBED_URL"), silent.baseUrl().toString()}};
        Out r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--min-free"), QStringLiteral("1"),
                            QStringLiteral("--timeout"), QStringLiteral("800")},
                       env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.status(QStringLiteral("backend:arxiv")) == QStringLiteral("ok"), qPrintable(r.message(QStringLiteral("backend:arxiv"))));
        QVERIFY(r.message(QStringLiteral("backend:arxiv")).contains(QStringLiteral("HTTP 200")));
        QCOMPARE(r.status(QStringLiteral("backend:chat")), QStringLiteral("problem"));
        QVERIFY2(r.message(QStringLiteral("backend:chat")).contains(QStringLiteral("cannot be reached")), qPrintable(r.message(QStringLiteral("backend:chat"))));
        QCOMPARE(r.status(QStringLiteral("backend:embeddings")), QStringLiteral("problem"));
        QVERIFY2(r.message(QStringLiteral("backend:embeddings")).contains(QStringLiteral("did not answer within 800 ms")),
                 qPrintable(r.message(QStringLiteral("backend:embeddings"))));
        QCOMPARE(r.json.value(QStringLiteral("problems")).toInt(), 2);
        // One request each, and no key went with them.
        QCOMPARE(arxiv.http.requestCount(), 1);
        QCOMPARE(silent.requestCount(), 1);
        QVERIFY(arxiv.http.requests().first().header("authorization").isEmpty());
        QVERIFY(silent.requests().first().header("authorization").isEmpty());
        QCOMPARE(silent.requests().first().path, QByteArray("/v1/models"));

        // A reachable OpenAI-compatible server is ok; --offline asks nobody.
        Test::FakeOpenAiServer openai;
        QVERIFY(openai.start());
        r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--min-free"), QStringLiteral("1")},
                   {{QStringLiteral("SOVEREIGN_LLM_URL"), openai.baseUrl().toString()}});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.status(QStringLiteral("backend:chat")), QStringLiteral("ok"));
        r = doctor(db, {QStringLiteral("--json"), QStringLiteral("--offline"), QStringLiteral("--min-free"), QStringLiteral("1")}, env);
        QCOMPARE(r.code, 0);
        QCOMPARE(r.status(QStringLiteral("backend:arxiv")), QStringLiteral("skipped"));
        QCOMPARE(arxiv.http.requestCount(), 1);
    }

    void badArguments()
    {
        QCOMPARE(doctor(m_healthy, {QStringLiteral("--timeout"), QStringLiteral("soon")}).code, 2);
        QCOMPARE(doctor(m_healthy, {QStringLiteral("--min-free")}).code, 2);
        QCOMPARE(doctor(m_healthy, {QStringLiteral("extra")}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestDoctor)
#include "tst_doctor.moc"
