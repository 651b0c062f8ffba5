#pragma once

// Admission control for remote services, shared by every client that talks to the same host.
//
// HostQueue: per host, one request in flight at a time (configurable), requests start in the order
// they queued, and the next request starts at least `spacing` after the previous one *finished*
// (the conservative reading of arXiv's "one request every three seconds": the gap the server sees
// is never shorter than the setting). A 429/503 blocks the whole host for the back-off delay.
//
// RateBudget: a concurrency limit plus a requests-per-minute window (sliding 60 s), for the LLM and
// embedding services. It can also be blocked for a back-off delay after a 429.
//
// Shared pacing across processes (setSharedPacing): the spacing and the back-off also hold for
// every other process that paces the same host through the same file (the CLI and the GUI on one
// database). A QLockFile beside the database is held while a request is in flight (one connection
// at a time across processes) and a small stamp file keeps the host's last finish time and
// back-off deadline as wall-clock milliseconds.
//
// Both are thread-safe plain classes (a mutex, no timers): callers poll with the wait they are
// told, so clients living in different threads can share one queue.
//
// Back-off helpers: jittered exponential delays and Retry-After parsing (delta-seconds or an
// HTTP date).

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QLockFile>
#include <QMutex>
#include <QString>

#include <deque>
#include <memory>
#include <optional>

namespace Sovereign::Pipeline {

struct Admission
{
    bool go = false;
    qint64 waitMs = 0;  // when !go: poll again after this long
    QString reason;     // when !go: why (shown as the run's wait event)
};

class HostQueue final
{
public:
    explicit HostQueue(qint64 defaultSpacingMs = 0, int defaultMaxInFlight = 1);

    void setSpacing(const QString &host, qint64 ms);
    void setMaxInFlight(const QString &host, int n);
    // Paces `host` together with other processes through `<basePath>.lock` and `<basePath>.stamp`
    // (e.g. basePath = "<db>.arxiv-pacing"). The host then has one request in flight at a time.
    void setSharedPacing(const QString &host, const QString &basePath);
    qint64 spacing(const QString &host) const;

    quint64 enter(const QString &host);   // takes a place in the host's line
    Admission tryStart(quint64 ticket);   // go: the request may be sent now (it is then in flight)
    void finish(quint64 ticket, qint64 blockHostMs = 0); // done (or gave up): frees the host
    int waiting(const QString &host) const;

private:
    struct HostState
    {
        std::deque<quint64> line;
        QList<quint64> inFlight;
        qint64 lastFinishMs = -1;
        qint64 lastStartMs = -1;
        qint64 blockedUntilMs = 0;
        qint64 spacingMs = -1;
        int maxInFlight = -1;
        std::shared_ptr<QLockFile> sharedLock; // held while this process has a request in flight
        QString stampPath;
    };
    Admission trySharedStart(HostState &h, const QString &host, qint64 spacing);
    void finishShared(HostState &h, qint64 blockHostMs);
    HostState &state(const QString &host);
    qint64 now() const { return m_clock.elapsed(); }

    mutable QMutex m_mutex;
    QElapsedTimer m_clock;
    QHash<QString, HostState> m_hosts;
    QHash<quint64, QString> m_ticketHost;
    quint64 m_nextTicket = 1;
    qint64 m_defaultSpacingMs = 0;
    int m_defaultMaxInFlight = 1;
};

class RateBudget final
{
public:
    RateBudget(int maxConcurrent, int requestsPerMinute);

    Admission tryAcquire();          // go: a slot is taken; release() it when the request ends
    void release();
    void blockFor(qint64 ms);        // after a 429: nobody starts before this delay has passed
    int inFlight() const;
    int maxConcurrent() const { return m_maxConcurrent; }
    int requestsPerMinute() const { return m_rpm; }

private:
    mutable QMutex m_mutex;
    QElapsedTimer m_clock;
    std::deque<qint64> m_starts;
    int m_inFlight = 0;
    int m_maxConcurrent = 1;
    int m_rpm = 40;
    qint64 m_blockedUntilMs = 0;
};

namespace Backoff {

// Delay before attempt `retry` (1 = first retry): base * 2^(retry-1), capped, then scaled by a
// random factor in [0.5, 1.0] ("equal jitter") so clients that failed together do not retry together.
qint64 jittered(int retry, qint64 baseMs, qint64 capMs);

// Retry-After as milliseconds from `now`: delta-seconds ("120") or an HTTP date
// ("Wed, 21 Oct 2026 07:28:00 GMT", also the obsolete RFC 850 and asctime forms). nullopt if the
// value is missing or unreadable; a date in the past gives 0.
std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace Backoff

} // namespace Sovereign::Pipeline
