#include "database.h"

#include "schema.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QUuid>

#include <atomic>

namespace Sovereign::Models {

namespace {

// One number per thread for the life of the process. A thread's id (pthread_t) is reused by the next
// thread once it has ended, so a connection a finished thread did not release would be handed to a
// new thread under the same name: Qt refuses it there ("requested database does not belong to the
// calling thread") and every query on it fails. A thread_local token is never reused.
quint64 threadToken()
{
    static std::atomic<quint64> next{1};
    thread_local const quint64 token = next.fetch_add(1, std::memory_order_relaxed);
    return token;
}

// The connections a thread opened, closed when the thread ends: pool threads come and go (Qt's pool
// retires a thread after 30 s idle), and a connection nobody released would otherwise keep its file
// handle until the Database is destroyed. Threads that end with the process (the main thread, pool
// threads stopped after the application object is gone) leave theirs: Qt SQL needs the application
// object, and the process is ending anyway.
struct ThreadConnections
{
    QStringList names;
    ~ThreadConnections()
    {
        if (!QCoreApplication::instance())
            return;
        for (const QString &name : std::as_const(names))
            QSqlDatabase::removeDatabase(name); // nothing happens when ~Database already removed it
    }
};

// This thread's connection of the database whose connections are named prefix:N.
QString threadConnectionName(const QString &prefix) { return prefix + QLatin1Char(':') + QString::number(threadToken()); }

ThreadConnections &threadConnections()
{
    thread_local ThreadConnections connections;
    return connections;
}

Result<qint64> scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return fail(queryError(q));
    return q.value(0).toLongLong();
}

} // namespace

QString queryError(const QSqlQuery &query)
{
    const QSqlError e = query.lastError();
    QString text = e.databaseText();
    if (text.isEmpty())
        text = e.text();
    return text.isEmpty() ? QStringLiteral("unknown SQLite error") : text;
}

Result<QSqlQuery> prepare(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return fail(QStringLiteral("cannot prepare statement: %1").arg(queryError(q)));
    return q;
}

Status execPrepared(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return fail(QStringLiteral("%1 failed: %2").arg(what, queryError(query)));
    return {};
}

Status execStatement(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return fail(QStringLiteral("%1 (in: %2)").arg(queryError(q), sql.left(80)));
    return {};
}

// ---------------------------------------------------------------------------------------------

Transaction::Transaction(const QSqlDatabase &db) : m_db(db)
{
    QSqlQuery q(m_db);
    m_active = q.exec(QStringLiteral("BEGIN IMMEDIATE"));
    if (!m_active)
        m_error = queryError(q);
}

Transaction::~Transaction()
{
    if (m_active) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("ROLLBACK"));
    }
}

Status Transaction::commit()
{
    if (!m_active)
        return fail(m_error.isEmpty() ? QStringLiteral("no active transaction") : m_error);
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("COMMIT"))) {
        m_error = queryError(q);
        return fail(QStringLiteral("commit failed: %1").arg(m_error));
    }
    m_active = false;
    return {};
}

// ---------------------------------------------------------------------------------------------

Database::Database(QString path)
    : m_path(std::move(path)),
      m_prefix(QStringLiteral("sovereign-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Database::~Database()
{
    QMutexLocker lock(&m_mutex);
    // Connections opened by worker threads (e.g. pool threads of a run's parallel searches) may
    // not be touched from this thread: QSqlDatabase::database() would warn. removeDatabase()
    // alone invalidates them, and the driver closes each file when its last handle goes.
    for (const QString &name : std::as_const(m_connections))
        QSqlDatabase::removeDatabase(name);
}

QString Database::defaultPath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir.isEmpty() ? QDir::homePath() : dir).filePath(QStringLiteral("sovereign.sqlite"));
}

QSqlDatabase Database::openConnection(const QString &name) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open())
        return db;
    QSqlQuery q(db);
    q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    q.exec(QStringLiteral("PRAGMA temp_store = MEMORY"));
    return db;
}

QSqlDatabase Database::connection() const
{
    const QString name = threadConnectionName(m_prefix);
    {
        QMutexLocker lock(&m_mutex);
        if (m_connections.contains(name))
            return QSqlDatabase::database(name, false);
        m_connections.insert(name);
    }
    threadConnections().names.append(name);
    return openConnection(name);
}

void Database::releaseThreadConnection() const
{
    const QString name = threadConnectionName(m_prefix);
    QMutexLocker lock(&m_mutex);
    if (!m_connections.remove(name))
        return;
    threadConnections().names.removeOne(name);
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

Result<std::shared_ptr<Database>> Database::open(const QString &path, const Options &options)
{
    const bool memory = path == QStringLiteral(":memory:");
    if (!memory) {
        const QFileInfo info(path);
        if (info.exists() && info.isDir())
            return fail(QStringLiteral("%1 is a directory, not a database file").arg(path));
        if (info.exists() && !info.isReadable())
            return fail(QStringLiteral("cannot read %1: permission denied").arg(path));
        if (!info.exists()) {
            const QString dir = info.absolutePath();
            if (!QDir().mkpath(dir))
                return fail(QStringLiteral("cannot create the folder %1").arg(dir));
        }
        // The file is never opened outside SQLite, not even to read its header: this process may
        // already hold it open (another window, a test), and closing any descriptor on it would
        // drop every POSIX lock SQLite holds for this process (see filedialogs.h). SQLite itself
        // reports a file that is not a database (SQLITE_NOTADB) on the first read below.
    }

    std::shared_ptr<Database> db(new Database(path));
    QSqlDatabase conn = db->connection();
    if (!conn.isOpen())
        return fail(QStringLiteral("cannot open %1: %2").arg(path, conn.lastError().text()));

    // Identify the file with reads only; nothing is written before it is known to be ours.
    const auto appId = scalar(conn, QStringLiteral("PRAGMA application_id"));
    if (!appId) {
        if (appId.error().contains(QStringLiteral("not a database")))
            return fail(QStringLiteral("%1 is not a SQLite database (it may be another kind of file); "
                                       "nothing was changed")
                            .arg(path));
        return fail(QStringLiteral("%1 cannot be read as a SQLite database: %2").arg(path, appId.error()));
    }
    const auto version = scalar(conn, QStringLiteral("PRAGMA user_version"));
    const auto objects = scalar(conn, QStringLiteral("SELECT count(*) FROM sqlite_master"));
    if (!version || !objects)
        return fail(QStringLiteral("%1 cannot be read: %2").arg(path, !version ? version.error() : objects.error()));

    const QList<Migration> &migrations = options.migrations ? *options.migrations : Schema::migrations();
    const int latest = migrations.isEmpty() ? 0 : migrations.constLast().version;
    if (*appId != ApplicationId) {
        if (*appId != 0 || *objects > 0)
            return fail(QStringLiteral("%1 is a SQLite database from another application, not a Sovereign "
                                       "Workbench database; nothing was changed")
                            .arg(path));
    }
    if (*version > latest)
        return fail(QStringLiteral("%1 was written by a newer Sovereign Workbench (schema %2; this build "
                                   "knows up to %3); nothing was changed. Update the application.")
                        .arg(path)
                        .arg(*version)
                        .arg(latest));

    if (!memory) {
        QSqlQuery q(conn);
        if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
            return fail(QStringLiteral("cannot enable WAL on %1: %2").arg(path, queryError(q)));
    }
    db->m_schemaVersion = int(*version);
    if (auto ok = db->migrate(migrations, options.backupBeforeMigration && !memory && *version > 0); !ok)
        return fail(ok.error());
    return db;
}

Status Database::migrate(const QList<Migration> &migrations, bool backup)
{
    QList<const Migration *> pending;
    for (const Migration &m : migrations) {
        if (m.version > m_schemaVersion)
            pending.append(&m);
    }
    if (pending.isEmpty())
        return {};
    QSqlDatabase conn = connection();
    if (backup) {
        // A full copy before the first step, so a failed or regretted upgrade loses nothing.
        // A second attempt in the same second (after a failed one) gets its own name: VACUUM INTO
        // refuses to overwrite, and the first backup is worth keeping anyway.
        const QString stem = m_path + QStringLiteral(".v%1-%2")
                                          .arg(m_schemaVersion)
                                          .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss")));
        QString target = stem + QStringLiteral(".bak");
        for (int n = 2; QFileInfo::exists(target); ++n)
            target = stem + QStringLiteral("-%1.bak").arg(n);
        auto q = prepare(conn, QStringLiteral("VACUUM INTO ?"));
        if (!q)
            return fail(q.error());
        q->addBindValue(target);
        if (auto ok = execPrepared(*q, QStringLiteral("backup before migration")); !ok)
            return ok;
        m_backupPath = target;
    }
    // Every pending step in one transaction: an upgrade over several versions either completes or
    // leaves the file exactly as it was (not half-way, at a version no release ever wrote).
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot start migration to schema %1: %2").arg(pending.first()->version).arg(tx.error()));
    for (const Migration *m : std::as_const(pending)) {
        for (const QString &sql : m->statements) {
            if (auto ok = execStatement(conn, sql); !ok)
                return fail(QStringLiteral("migration to schema %1 (%2) failed: %3; the file was left at schema %4%5")
                                .arg(m->version)
                                .arg(m->description, ok.error())
                                .arg(m_schemaVersion)
                                .arg(m_backupPath.isEmpty() ? QString() : QStringLiteral(", with a backup at ") + m_backupPath));
        }
        // PRAGMA takes no bound parameters; both values are integers from this code, not user text.
        if (auto ok = execStatement(conn, QStringLiteral("PRAGMA user_version = %1").arg(m->version)); !ok)
            return ok;
    }
    if (auto ok = execStatement(conn, QStringLiteral("PRAGMA application_id = %1").arg(ApplicationId)); !ok)
        return ok;
    if (auto ok = tx.commit(); !ok)
        return ok;
    m_schemaVersion = pending.last()->version;
    return {};
}

bool Database::isOwnFile(const QString &path) const
{
    if (m_path == QStringLiteral(":memory:") || path.isEmpty())
        return false;
    const QFileInfo candidate(path);
    const QString dbAbsolute = QFileInfo(m_path).absoluteFilePath();
    const QString dbCanonical = QFileInfo(m_path).canonicalFilePath();
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        if (candidate.absoluteFilePath() == dbAbsolute + suffix)
            return true;
        if (!dbCanonical.isEmpty() && candidate.exists() && candidate.canonicalFilePath() == dbCanonical + suffix)
            return true;
    }
    return false;
}

QStringList Database::checkHealth() const
{
    QStringList problems;
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("PRAGMA quick_check"))) {
        problems.append(QStringLiteral("the integrity check could not run: %1").arg(queryError(q)));
    } else {
        QStringList found;
        while (q.next()) {
            const QString line = q.value(0).toString();
            if (line != QStringLiteral("ok"))
                found.append(line);
        }
        if (!found.isEmpty())
            problems.append(QStringLiteral("the integrity check found damage: %1").arg(found.mid(0, 5).join(QStringLiteral("; "))));
    }
    if (m_path == QStringLiteral(":memory:"))
        return problems;
#ifdef Q_OS_LINUX
    // SQLite keeps the -wal and -shm files open; if another process deleted them (which it only does
    // when it believes it is the last user of the file), our writes would go nowhere.
    const QString absolute = QFileInfo(m_path).absoluteFilePath();
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &fd : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        const QString target = QFile::symLinkTarget(fds.filePath(fd));
        if (target.startsWith(absolute) && target.endsWith(QStringLiteral(" (deleted)")))
            problems.append(QStringLiteral("%1 was deleted while this program had it open (another program "
                                           "closed the database as if it were its last user); restart the "
                                           "workbench before making more changes")
                                .arg(target.chopped(int(sizeof(" (deleted)") - 1))));
    }
#endif
    return problems;
}

} // namespace Sovereign::Models
