#pragma once

// Work on the database away from the GUI thread, without the caller having to know SQLite's rule
// that a connection belongs to the thread that opened it.
//
// Database::connection() opens one connection per thread on first use. Pool threads come and go,
// and a connection left behind on one keeps the file open (and, at exit, is closed on the wrong
// thread). So work that runs on a worker either goes through runOnWorker(), or holds a
// ThreadConnectionScope for as long as it uses the database on that thread.

#include "database.h"

#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <utility>

namespace Sovereign::Models {

// Releases the calling thread's connection when it goes out of scope (also on an early return).
class ThreadConnectionScope
{
public:
    explicit ThreadConnectionScope(std::shared_ptr<Database> db) : m_db(std::move(db)) {}
    ~ThreadConnectionScope()
    {
        if (m_db)
            m_db->releaseThreadConnection();
    }
    ThreadConnectionScope(const ThreadConnectionScope &) = delete;
    ThreadConnectionScope &operator=(const ThreadConnectionScope &) = delete;

private:
    std::shared_ptr<Database> m_db;
};

// Runs f() on a thread of `pool` (the global pool when null) and releases that thread's connection
// when f returns. The future carries f's result. A thread that blocks on the future (result(),
// waitForFinished()) may run a task that has not started yet itself; it then releases its own
// connection, which it reopens on next use.
template<typename F>
auto runOnWorker(std::shared_ptr<Database> db, F f, QThreadPool *pool = nullptr)
{
    return QtConcurrent::run(pool ? pool : QThreadPool::globalInstance(), [db = std::move(db), f = std::move(f)]() mutable {
        const ThreadConnectionScope scope(db);
        return f();
    });
}

} // namespace Sovereign::Models
