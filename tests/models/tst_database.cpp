// Database: opening, identification of foreign files, migrations with backup, per-thread connections.
#include "models/storage/database.h"
#include "models/storage/worker.h"
#include "models/storage/schema.h"
#include "support/testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QSet>
#include <QThread>

using namespace Sovereign::Models;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

qint64 pragma(const QSqlDatabase &db, const char *name)
{
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA ") + QLatin1StringView(name));
    return q.next() ? q.value(0).toLongLong() : -1;
}

// Writes a plain SQLite file with Qt's driver, as another program would.
void makeForeignSqlite(const QString &path, int userVersion, int appId)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO notes (body) VALUES ('keep me')")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(userVersion)));
        QVERIFY(q.exec(QStringLiteral("PRAGMA application_id = %1").arg(appId)));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void newFileGetsLatestSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/folder/new.sqlite"));
        auto db = Database::open(path);
        QVERIFY_OK(db);
        const QSqlDatabase c = (*db)->connection();
        QCOMPARE(pragma(c, "user_version"), qint64(Schema::latestVersion()));
        QCOMPARE(pragma(c, "application_id"), qint64(Database::ApplicationId));
        QCOMPARE(pragma(c, "foreign_keys"), qint64(1));
        QSqlQuery q(c);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY2((*db)->lastBackupPath().isEmpty(), "a new file needs no backup");
    }

    void reopenKeepsData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.sqlite"));
        {
            auto db = Database::open(path);
            QVERIFY(db);
            QSqlQuery q((*db)->connection());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO meta(key, value) VALUES ('probe', 'x')")));
        }
        auto again = Database::open(path);
        QVERIFY_OK(again);
        QSqlQuery q((*again)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT value FROM meta WHERE key='probe'")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("x"));
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text file") << "text" << "not a SQLite database";
        QTest::newRow("truncated header") << "short" << "not a SQLite database";
        QTest::newRow("other application's database") << "foreign" << "another application";
        QTest::newRow("newer schema") << "newer" << "newer Sovereign Workbench";
        QTest::newRow("other app id, empty") << "appid" << "another application";
    }

    void refusesBadFiles()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.sqlite"));
        if (kind == QStringLiteral("text") || kind == QStringLiteral("short")) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(kind == QStringLiteral("text") ? QByteArray("These are my notes, not a database.\n", 37)
                                                   : QByteArray("SQLite for", 10));
        } else if (kind == QStringLiteral("foreign")) {
            makeForeignSqlite(path, 0, 0);
        } else if (kind == QStringLiteral("appid")) {
            makeForeignSqlite(path, 0, 0x12345678);
        } else {
            makeForeignSqlite(path, Schema::latestVersion() + 1, Database::ApplicationId);
        }
        const QByteArray before = fileHash(path);
        auto db = Database::open(path);
        QVERIFY(!db);
        QVERIFY2(db.error().contains(expected), qPrintable(db.error()));
        QVERIFY2(db.error().contains(QStringLiteral("bad.sqlite")), "the message names the file");
        QCOMPARE(fileHash(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || QFile(path + QStringLiteral("-wal")).size() == 0);
    }

    void refusesDirectory()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.path());
        QVERIFY(!db);
        QVERIFY(db.error().contains(QStringLiteral("directory")));
    }

    void migratesWithBackup()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.sqlite"));
        const QList<Migration> v1 = {{1, QStringLiteral("one"),
                                      {QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)"),
                                       QStringLiteral("INSERT INTO t (a) VALUES ('first')")}}};
        {
            Database::Options o;
            o.migrations = &v1;
            auto db = Database::open(path, o);
            QVERIFY_OK(db);
            QCOMPARE((*db)->schemaVersion(), 1);
        }
        QList<Migration> v2 = v1;
        v2.append({2, QStringLiteral("two"),
                   {QStringLiteral("ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT 'dflt'"),
                    QStringLiteral("CREATE INDEX t_b ON t(b)")}});
        Database::Options o;
        o.migrations = &v2;
        auto db = Database::open(path, o);
        QVERIFY_OK(db);
        QCOMPARE((*db)->schemaVersion(), 2);
        QSqlQuery q((*db)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT a, b FROM t")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("first"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("dflt"));

        const QString backup = (*db)->lastBackupPath();
        QVERIFY2(QFile::exists(backup), qPrintable(backup));
        Database::Options old;
        old.migrations = &v1;
        old.backupBeforeMigration = false;
        auto restored = Database::open(backup, old);
        QVERIFY_OK(restored);
        QCOMPARE((*restored)->schemaVersion(), 1);
    }

    // The real schema 1 -> 2 step (reviewer failures, claim stances) on a file with a stored review:
    // backed up first, the review kept (no failure), the stance table ready.
    void realSchemaOneToTwo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.sqlite"));
        const QList<Migration> v1 = Schema::migrations().mid(0, 1);
        {
            Database::Options o;
            o.migrations = &v1;
            auto db = Database::open(path, o);
            QVERIFY_OK(db);
            QSqlQuery q((*db)->connection());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO runs (id, srch_id, question, source_ref, config, status) VALUES (1, 'SRCH:00000001', 'q', 's', '{}', 'succeeded')")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO drafts (id, run_id, title, question) VALUES (1, 1, 't', 'q')")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO reviews (draft_id, round, role, score, verdict) VALUES (1, 0, 'SKEPTIC', 6.5, 'APPROVE')")));
        }
        auto db = Database::open(path);
        QVERIFY_OK(db);
        QCOMPARE((*db)->schemaVersion(), Schema::latestVersion());
        QVERIFY(QFile::exists((*db)->lastBackupPath()));
        QSqlQuery q((*db)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT score, failure FROM reviews")) && q.next());
        QCOMPARE(q.value(0).toDouble(), 6.5);
        QCOMPARE(q.value(1).toString(), QString());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM claim_stances")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void failedMigrationChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("f.sqlite"));
        const QList<Migration> v1 = {{1, QStringLiteral("one"), {QStringLiteral("CREATE TABLE t (id INTEGER)")}}};
        {
            Database::Options o;
            o.migrations = &v1;
            QVERIFY(Database::open(path, o));
        }
        QList<Migration> broken = v1;
        broken.append({2, QStringLiteral("broken"),
                       {QStringLiteral("CREATE TABLE u (id INTEGER)"), QStringLiteral("THIS IS NOT SQL")}});
        Database::Options o;
        o.migrations = &broken;
        auto db = Database::open(path, o);
        QVERIFY(!db);
        QVERIFY2(db.error().contains(QStringLiteral("schema 2")), qPrintable(db.error()));

        auto again = Database::open(path, Database::Options{true, &v1});
        QVERIFY_OK(again);
        QCOMPARE((*again)->schemaVersion(), 1);
        QSqlQuery q((*again)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name='u'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void connectionPerThread()
    {
        Sovereign::Test::TempDatabase tmp;
        QVERIFY2(tmp.isValid(), qPrintable(tmp.error()));
        const QString mine = tmp.db()->connection().connectionName();
        QString theirs;
        int rows = -1;
        QThread *t = QThread::create([&] {
            {
                QSqlDatabase c = tmp.db()->connection();
                theirs = c.connectionName();
                QSqlQuery q(c);
                if (q.exec(QStringLiteral("SELECT count(*) FROM drafts")) && q.next())
                    rows = q.value(0).toInt();
            }
            tmp.db()->releaseThreadConnection();
        });
        t->start();
        QVERIFY(t->wait(10000));
        delete t;
        QVERIFY(!theirs.isEmpty());
        QVERIFY(theirs != mine);
        QCOMPARE(rows, 0);
    }

    // Work on a worker leaves no connection behind: runOnWorker and ThreadConnectionScope release
    // the worker thread's connection, also when the work returns early.
    void workersLeaveNoConnection()
    {
        Sovereign::Test::TempDatabase tmp;
        QVERIFY2(tmp.isValid(), qPrintable(tmp.error()));
        const auto db = tmp.db();
        (void)db->connection(); // this thread's, which stays
        const QStringList before = QSqlDatabase::connectionNames();
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        pool.setExpiryTimeout(-1); // the thread outlives the task: only the release closes its connection
        QStringList during;
        const int rows = Sovereign::Models::runOnWorker(db, [db, &during] {
            QSqlQuery q(db->connection());
            during = QSqlDatabase::connectionNames();
            return q.exec(QStringLiteral("SELECT count(*) FROM drafts")) && q.next() ? q.value(0).toInt() : -1;
        }, &pool).result();
        QCOMPARE(rows, 0);
        QCOMPARE(during.size(), before.size() + 1);
        QCOMPARE(QSqlDatabase::connectionNames(), before);

        // start() and waitForDone(), not a future's result(): a waiting thread may run a queued
        // task itself, and then the scope would release this thread's connection.
        bool opened = false;
        pool.start([db, &opened] {
            const Sovereign::Models::ThreadConnectionScope scope(db);
            opened = db->connection().isOpen();
            if (opened)
                return; // an early return releases too
            (void)db->connection();
        });
        pool.waitForDone();
        QVERIFY(opened);
        QCOMPARE(QSqlDatabase::connectionNames(), before);
    }

    // A thread that ends without releasing its connection: the connection closes with the thread,
    // and the next thread (which the system often gives the same thread id) gets a working one of
    // its own. Under ASan a reused id once handed the old thread's connection to the new thread,
    // and Qt refused every query on it.
    void endedThreadsLeaveNoConnection()
    {
        Sovereign::Test::TempDatabase tmp;
        QVERIFY2(tmp.isValid(), qPrintable(tmp.error()));
        const auto db = tmp.db();
        (void)db->connection();
        const QStringList before = QSqlDatabase::connectionNames();
        QSet<QString> names;
        for (int i = 0; i < 20; ++i) {
            int rows = -1;
            QString name;
            QThread *t = QThread::create([&] {
                QSqlQuery q(db->connection());
                name = db->connection().connectionName();
                if (q.exec(QStringLiteral("SELECT count(*) FROM drafts")) && q.next())
                    rows = q.value(0).toInt();
                // no release: the thread simply ends
            });
            t->start();
            QVERIFY(t->wait(10000));
            delete t;
            QCOMPARE(rows, 0);
            names.insert(name);
            QCOMPARE(QSqlDatabase::connectionNames(), before);
        }
        QCOMPARE(names.size(), 20);
    }

    void transactionRollsBackUnlessCommitted()
    {
        Sovereign::Test::TempDatabase tmp;
        QVERIFY(tmp.isValid());
        const QSqlDatabase c = tmp.db()->connection();
        {
            Transaction tx(c);
            QVERIFY(tx.isActive());
            QVERIFY(execStatement(c, QStringLiteral("INSERT INTO meta(key, value) VALUES ('gone', '1')")));
        }
        {
            Transaction tx(c);
            QVERIFY(execStatement(c, QStringLiteral("INSERT INTO meta(key, value) VALUES ('kept', '1')")));
            QVERIFY(tx.commit());
        }
        QSqlQuery q(c);
        QVERIFY(q.exec(QStringLiteral("SELECT group_concat(key) FROM meta WHERE key IN ('gone','kept')")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("kept"));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
