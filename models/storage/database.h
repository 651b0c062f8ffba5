#pragma once

// The SQLite file behind the whole application. A Database owns the path, the schema checks and the
// migrations; it hands out one named QSqlDatabase connection per thread (SQLite connections must not
// cross threads). Opening fails with a readable message, and changes nothing, for a file that is not
// a Sovereign database or that comes from a newer schema.

#include "models/types/result.h"

#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <expected>
#include <memory>

namespace Sovereign::Models {

// One schema step: the statements run in a single transaction that also bumps PRAGMA user_version.
struct Migration
{
    int version = 0;
    QString description;
    QStringList statements;
};

class Database final
{
public:
    // 'SWB1' in PRAGMA application_id marks a file as ours.
    static constexpr int ApplicationId = 0x53574231;

    struct Options
    {
        bool backupBeforeMigration = true;
        // Test hook: a different migration list (the real one is Schema::migrations()).
        const QList<Migration> *migrations = nullptr;
    };

    // Opens (creating if missing) and migrates. Use ":memory:" for a private in-memory database
    // (then every thread shares nothing: in-memory databases are per connection, so only use it
    // from one thread).
    static Result<std::shared_ptr<Database>> open(const QString &path, const Options &options);
    static Result<std::shared_ptr<Database>> open(const QString &path) { return open(path, Options{}); }

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QString path() const { return m_path; }
    int schemaVersion() const { return m_schemaVersion; }
    // Where the pre-migration backup went, if one was made during open().
    QString lastBackupPath() const { return m_backupPath; }

    // The calling thread's connection, opened and configured on first use.
    QSqlDatabase connection() const;

    // Removes the calling thread's connection (call before a worker thread ends).
    void releaseThreadConnection() const;

    static QString defaultPath();

    // True when path names this database's file or one of SQLite's companions (-wal, -shm,
    // -journal), also through another spelling or a symbolic link. Exports refuse such targets.
    bool isOwnFile(const QString &path) const;

    // The live file's health, read without opening any file outside SQLite: PRAGMA quick_check,
    // and (on Linux) whether the -wal and -shm files this process writes to still exist on disk.
    // Empty when healthy; otherwise one sentence per problem.
    QStringList checkHealth() const;

private:
    explicit Database(QString path);
    QSqlDatabase openConnection(const QString &name) const;
    Status migrate(const QList<Migration> &migrations, bool backup);

    QString m_path;
    QString m_prefix;
    int m_schemaVersion = 0;
    QString m_backupPath;
    mutable QMutex m_mutex;
    mutable QSet<QString> m_connections;
};

// RAII write transaction. BEGIN IMMEDIATE takes the write lock up front, so two writers never
// deadlock on a read-to-write upgrade; the destructor rolls back unless commit() succeeded.
class Transaction final
{
public:
    explicit Transaction(const QSqlDatabase &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    QString error() const { return m_error; }
    Status commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    QString m_error;
};

// Prepared-statement helpers: every query in the project goes through prepare + bind.
Result<QSqlQuery> prepare(const QSqlDatabase &db, const QString &sql);
Status execPrepared(QSqlQuery &query, const QString &what);
Status execStatement(const QSqlDatabase &db, const QString &sql);
QString queryError(const QSqlQuery &query);

} // namespace Sovereign::Models
