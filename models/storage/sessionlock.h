#pragma once

// SessionLock: marks a database file as in use by a workbench session, so the next start can tell
// a clean exit from a crash. The lock is a QLockFile beside the database ("<file>-session.lock",
// holding the owner's process id, host and application). A clean exit removes it; a crash, a
// SIGKILL or a power cut leaves it behind with a process id that no longer runs. acquire() sees
// that, runs SQLite's quick_check on the file and reports both, so the caller can offer recovery
// (autosaved notes, the integrity result, the backups beside the file).
//
// A second live session on the same file is not refused (the CLI and a second window may share
// it); it simply does not own the lock.

#include "database.h"

#include <QDateTime>
#include <QLockFile>
#include <QStringList>

#include <memory>

namespace Sovereign::Models {

struct UncleanExit
{
    qint64 pid = 0;          // the process that held the lock and is gone
    QString application;     // its application name, as it recorded it
    QDateTime lockedAt;      // when that session started (the lock file's modification time)
    QStringList quickCheck;  // problems PRAGMA quick_check found now; empty: the file is sound
    bool quickCheckRan = false;
};

class SessionLock final
{
public:
    // The lock file for a database path.
    static QString lockPathFor(const QString &databasePath);

    // Takes the lock for this process. When a dead session left its lock behind, the returned
    // lock's uncleanExit() describes it (and quick_check has been run through db). Fails only when
    // the lock file cannot be written (read-only folder): the message says so.
    static Result<std::unique_ptr<SessionLock>> acquire(const std::shared_ptr<Database> &db);

    ~SessionLock(); // a clean exit: removes the lock file if this process owns it
    SessionLock(const SessionLock &) = delete;
    SessionLock &operator=(const SessionLock &) = delete;

    bool ownsLock() const { return m_owns; }
    // Another live process holds the lock (its pid), or 0.
    qint64 sharedWithPid() const { return m_sharedWith; }
    const std::optional<UncleanExit> &uncleanExit() const { return m_unclean; }
    // One paragraph for the recovery dialog and the CLI.
    QString recoveryText() const;

private:
    explicit SessionLock(const QString &path);

    QLockFile m_file;
    bool m_owns = false;
    qint64 m_sharedWith = 0;
    std::optional<UncleanExit> m_unclean;
};

} // namespace Sovereign::Models
