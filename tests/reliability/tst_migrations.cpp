// Migrations: a fixture database for every schema version the project has released
// (tests/data/migrations/schema-vN.sqlite, written by migrationfixtures) opens in this build,
// migrates to the newest schema with every row kept, the checks clean and the ledger verifying.
// An error injected part-way through the upgrade leaves the old file exactly as it was, with a
// backup beside it; a file from a newer version is refused without a byte changed.
#include "models/ledger/ledger.h"
#include "models/storage/database.h"
#include "models/storage/schema.h"
#include "models/storage/store.h"
#include "support/testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

const QString FixtureKey = QStringLiteral("migration-fixture-key");

struct Snapshot
{
    int userVersion = -1;
    QMap<QString, qint64> rows;  // table -> row count
    QStringList schema;          // sqlite_master's sql, sorted
    QString error;
};

// Reads a file through its own plain connection (not Database, which would migrate it).
Snapshot snapshot(const QString &path)
{
    Snapshot s;
    const QString name = QStringLiteral("snapshot-") + QUuid::createUuid().toString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            s.error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                s.userVersion = q.value(0).toInt();
            QStringList tables;
            if (q.exec(QStringLiteral("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name"))) {
                while (q.next()) {
                    s.schema.append(q.value(2).toString());
                    if (q.value(0).toString() == QStringLiteral("table") && !q.value(1).toString().startsWith(QStringLiteral("sqlite_")))
                        tables.append(q.value(1).toString());
                }
            }
            for (const QString &t : std::as_const(tables)) {
                if (q.exec(QStringLiteral("SELECT count(*) FROM \"%1\"").arg(t)) && q.next())
                    s.rows.insert(t, q.value(0).toLongLong());
                else
                    s.error = queryError(q);
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return s;
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

QStringList pragmaRows(const QSqlDatabase &db, const QString &pragma)
{
    QSqlQuery q(db);
    QStringList out;
    if (!q.exec(pragma))
        return {QStringLiteral("<failed: %1>").arg(queryError(q))};
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

// A fixture copied into dir (fixtures in the source tree are never opened for writing).
QString copyFixture(const QTemporaryDir &dir, int version)
{
    const QString source = Test::dataPath(QStringLiteral("migrations/schema-v%1.sqlite").arg(version));
    const QString target = dir.filePath(QStringLiteral("copy-v%1.sqlite").arg(version));
    QFile::remove(target);
    if (!QFile::copy(source, target))
        return {};
    QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return target;
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qputenv("SOVEREIGN_LEDGER_KEY", FixtureKey.toUtf8()); }
    void init() { Test::failOnAnyWarning(); }

    void everyReleasedVersionMigrates_data()
    {
        QTest::addColumn<int>("version");
        for (int v = 1; v <= Schema::latestVersion(); ++v)
            QTest::addRow("schema %d", v) << v;
    }

    void everyReleasedVersionMigrates()
    {
        QFETCH(int, version);
        QTemporaryDir dir;
        const QString path = copyFixture(dir, version);
        QVERIFY2(!path.isEmpty(), qPrintable(QStringLiteral("no fixture for schema %1: run migrationfixtures (see its header) "
                                                            "when a schema version is released").arg(version)));
        const Snapshot before = snapshot(path);
        QVERIFY2(before.error.isEmpty(), qPrintable(before.error));
        QCOMPARE(before.userVersion, version);
        qint64 total = 0;
        for (const auto &[table, n] : before.rows.asKeyValueRange())
            total += n;
        QVERIFY2(before.rows.value(QStringLiteral("decisions")) >= 3 && before.rows.value(QStringLiteral("ledger")) >= 6
                     && before.rows.value(QStringLiteral("claim_edits")) >= 2 && before.rows.value(QStringLiteral("corrections")) >= 1,
                 "the fixture holds owner decisions, edits, a correction and their ledger entries");

        auto db = Database::open(path);
        QVERIFY_OK(db);
        QCOMPARE((*db)->schemaVersion(), Schema::latestVersion());
        if (version < Schema::latestVersion()) {
            const QString backup = (*db)->lastBackupPath();
            QVERIFY2(QFileInfo(backup).absolutePath() == QFileInfo(path).absolutePath(), qPrintable(backup));
            const Snapshot saved = snapshot(backup);
            QCOMPARE(saved.userVersion, version);
            QCOMPARE(saved.rows, before.rows);
        } else {
            QVERIFY2((*db)->lastBackupPath().isEmpty(), "nothing to migrate, nothing to back up");
        }

        const QSqlDatabase conn = (*db)->connection();
        QCOMPARE(pragmaRows(conn, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
        QCOMPARE(pragmaRows(conn, QStringLiteral("PRAGMA foreign_key_check")), QStringList());
        const Snapshot after = snapshot(path);
        for (const auto &[table, n] : before.rows.asKeyValueRange())
            QVERIFY2(after.rows.value(table, -1) == n,
                     qPrintable(QStringLiteral("%1: %2 rows before, %3 after").arg(table).arg(n).arg(after.rows.value(table, -1))));

        LedgerKeyStore::Options keyOptions;
        keyOptions.allowKeychain = false;
        QTemporaryDir anchors;
        auto ledger = Ledger::open(*db, keyOptions, Ledger::Options{anchors.filePath(QStringLiteral("a.ini"))});
        QVERIFY_OK(ledger);
        const LedgerReport report = (*ledger)->verify();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(report.entries, before.rows.value(QStringLiteral("ledger")));

        // This build reads what the old one wrote.
        Store store(*db);
        auto drafts = store.drafts(DraftFilter{});
        QVERIFY_OK(drafts);
        QCOMPARE(qint64(drafts->size()), before.rows.value(QStringLiteral("drafts")));
        for (const Draft &d : std::as_const(*drafts)) {
            QVERIFY_OK(store.claims(d.id));
            QVERIFY_OK(store.reviews(d.id));
            QVERIFY_OK(store.decisions(d.id));
        }
        qInfo("schema %d -> %d: %lld rows in %lld tables kept, %lld ledger entries verify", version, Schema::latestVersion(), total,
              qint64(before.rows.size()), report.entries);
    }

    // The last step fails after the earlier ones and part of itself ran: nothing of it stays.
    void errorMidMigrationLeavesTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = copyFixture(dir, 1);
        QVERIFY(!path.isEmpty());
        const Snapshot before = snapshot(path);
        QList<Migration> broken = Schema::migrations();
        QVERIFY(broken.size() >= 2);
        broken.last().statements.append(QStringLiteral("INSERT INTO no_such_table VALUES (1)"));
        auto db = Database::open(path, Database::Options{true, &broken});
        QVERIFY(!db);
        QVERIFY2(db.error().contains(QStringLiteral("schema %1").arg(broken.last().version)) && db.error().contains(QStringLiteral("left at schema 1"))
                     && db.error().contains(QStringLiteral("backup")),
                 qPrintable(db.error()));

        const Snapshot after = snapshot(path);
        QCOMPARE(after.userVersion, 1);
        QCOMPARE(after.schema, before.schema);
        QCOMPARE(after.rows, before.rows);
        QStringList backups = QDir(dir.path()).entryList({QStringLiteral("copy-v1.sqlite.v1-*.bak")}, QDir::Files);
        QCOMPARE(backups.size(), 1);
        const Snapshot backup = snapshot(dir.filePath(backups.first()));
        QCOMPARE(backup.userVersion, 1);
        QCOMPARE(backup.rows, before.rows);

        // The real migrations still go through afterwards.
        auto fixed = Database::open(path);
        QVERIFY_OK(fixed);
        QCOMPARE((*fixed)->schemaVersion(), Schema::latestVersion());
    }

    void newerFileIsRefusedUntouched()
    {
        QTemporaryDir dir;
        const QString path = copyFixture(dir, Schema::latestVersion());
        QVERIFY(!path.isEmpty());
        {
            auto db = Database::open(path);
            QVERIFY_OK(db);
            QVERIFY_OK(execStatement((*db)->connection(), QStringLiteral("PRAGMA user_version = %1").arg(Schema::latestVersion() + 7)));
            QVERIFY_OK(execStatement((*db)->connection(), QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        const QByteArray hash = fileHash(path);
        auto db = Database::open(path);
        QVERIFY(!db);
        QVERIFY2(db.error().contains(QStringLiteral("newer")) && db.error().contains(QStringLiteral("nothing was changed")), qPrintable(db.error()));
        QCOMPARE(fileHash(path), hash);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
