#include "sessionlock.h"

#include <QFileInfo>
#include <QTimeZone>

namespace Sovereign::Models {

QString SessionLock::lockPathFor(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + QStringLiteral("-session.lock");
}

SessionLock::SessionLock(const QString &path) : m_file(path)
{
    // A workbench runs for days: the lock is stale only when its process is gone, never by age.
    m_file.setStaleLockTime(0);
}

SessionLock::~SessionLock()
{
    if (m_owns)
        m_file.unlock();
}

Result<std::unique_ptr<SessionLock>> SessionLock::acquire(const std::shared_ptr<Database> &db)
{
    if (!db)
        return fail(QStringLiteral("no database"));
    std::unique_ptr<SessionLock> lock(new SessionLock(lockPathFor(db->path())));
    if (db->path() == QStringLiteral(":memory:"))
        return lock;

    // What the lock file says before this process touches it: a previous session's pid.
    const QString lockPath = lockPathFor(db->path());
    const bool existed = QFileInfo::exists(lockPath);
    qint64 previousPid = 0;
    QString previousHost;
    QString previousApp;
    lock->m_file.getLockInfo(&previousPid, &previousHost, &previousApp);
    const QDateTime lockedAt = QFileInfo(lockPath).lastModified(QTimeZone::UTC);

    if (!lock->m_file.tryLock(0)) {
        if (lock->m_file.error() != QLockFile::LockFailedError)
            return fail(QStringLiteral("cannot write the session lock %1 (is the folder read-only?)").arg(lockPath));
        // QLockFile keeps a lock whose content it cannot read (a session killed between creating
        // the file and writing its pid). removeStaleLockFile() only removes a file no live process
        // holds its native lock on, so a live session's lock stays.
        if (!lock->m_file.removeStaleLockFile() || !lock->m_file.tryLock(0)) {
            // Held by a live process (another window or a long CLI run): share the file, own nothing.
            qint64 pid = 0;
            if (lock->m_file.getLockInfo(&pid, nullptr, nullptr))
                lock->m_sharedWith = pid;
            return lock;
        }
    }
    lock->m_owns = true;

    // tryLock() succeeded over an existing file: its process is gone, it never unlocked.
    if (existed) {
        UncleanExit u;
        u.pid = previousPid;
        u.application = previousApp;
        u.lockedAt = lockedAt;
        u.quickCheck = db->checkHealth();
        u.quickCheckRan = true;
        lock->m_unclean = u;
    }
    return lock;
}

QString SessionLock::recoveryText() const
{
    if (!m_unclean)
        return {};
    const UncleanExit &u = *m_unclean;
    QString text = QStringLiteral("The previous session (%1, process %2, started %3) did not close cleanly. ")
                       .arg(u.application.isEmpty() ? QStringLiteral("unknown program") : u.application)
                       .arg(u.pid > 0 ? QString::number(u.pid) : QStringLiteral("unknown"))
                       .arg(u.lockedAt.isValid() ? u.lockedAt.toString(Qt::ISODate) : QStringLiteral("at an unknown time"));
    if (u.quickCheck.isEmpty())
        text += QStringLiteral("The database passed SQLite's quick check: every committed decision and edit is intact.");
    else
        text += QStringLiteral("The database check found problems: %1. Restore the newest backup beside the file "
                               "or run `sovereign doctor`.")
                    .arg(u.quickCheck.join(QStringLiteral("; ")));
    return text;
}

} // namespace Sovereign::Models
