#include "admission.h"

#include <QFile>
#include <QLocale>
#include <QSaveFile>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace Sovereign::Pipeline {

namespace {
// How often a request that waits on another one in flight looks again.
constexpr qint64 BusyPollMs = 25;
} // namespace

HostQueue::HostQueue(qint64 defaultSpacingMs, int defaultMaxInFlight)
    : m_defaultSpacingMs(defaultSpacingMs)
    , m_defaultMaxInFlight(std::max(1, defaultMaxInFlight))
{
    m_clock.start();
}

HostQueue::HostState &HostQueue::state(const QString &host) { return m_hosts[host.toLower()]; }

void HostQueue::setSpacing(const QString &host, qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    state(host).spacingMs = std::max<qint64>(0, ms);
}

void HostQueue::setMaxInFlight(const QString &host, int n)
{
    QMutexLocker lock(&m_mutex);
    state(host).maxInFlight = std::max(1, n);
}

qint64 HostQueue::spacing(const QString &host) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_hosts.constFind(host.toLower());
    return it != m_hosts.cend() && it->spacingMs >= 0 ? it->spacingMs : m_defaultSpacingMs;
}

void HostQueue::setSharedPacing(const QString &host, const QString &basePath)
{
    QMutexLocker lock(&m_mutex);
    HostState &h = state(host);
    h.sharedLock = std::make_shared<QLockFile>(basePath + QStringLiteral(".lock"));
    // A request (with its retries) never holds the lock this long; a crashed holder's lock is
    // taken over at once (QLockFile checks whether its process still runs).
    h.sharedLock->setStaleLockTime(10 * 60 * 1000);
    h.stampPath = basePath + QStringLiteral(".stamp");
    h.maxInFlight = 1;
}

namespace {

struct Stamp
{
    qint64 lastFinishMs = -1;
    qint64 blockedUntilMs = 0;
};

Stamp readStamp(const QString &path)
{
    QFile f(path);
    Stamp s;
    if (!f.open(QIODevice::ReadOnly))
        return s;
    const QList<QByteArray> parts = f.readAll().simplified().split(' ');
    s.lastFinishMs = parts.value(0).toLongLong();
    s.blockedUntilMs = parts.value(1).toLongLong();
    return s;
}

} // namespace

Admission HostQueue::trySharedStart(HostState &h, const QString &host, qint64 spacing)
{
    if (!h.sharedLock->tryLock(0)) {
        return {false, 100, QStringLiteral("another process is talking to %1 (%2)").arg(host, h.sharedLock->error() == QLockFile::PermissionError
                                                                                                 ? QStringLiteral("cannot create the lock file")
                                                                                                 : QStringLiteral("shared spacing"))};
    }
    const Stamp stamp = readStamp(h.stampPath);
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    qint64 wait = 0;
    QString why;
    if (stamp.blockedUntilMs > wall) {
        wait = stamp.blockedUntilMs - wall;
        why = QStringLiteral("%1 asked us to back off").arg(host);
    }
    if (stamp.lastFinishMs > 0 && stamp.lastFinishMs + spacing > wall + wait) {
        wait = stamp.lastFinishMs + spacing - wall;
        why = QStringLiteral("polite spacing of %1 s between requests to %2 (shared with other processes)").arg(double(spacing) / 1000.0).arg(host);
    }
    if (wait > 0) {
        h.sharedLock->unlock();
        return {false, wait, why};
    }
    return {true, 0, {}};
}

void HostQueue::finishShared(HostState &h, qint64 blockHostMs)
{
    if (!h.sharedLock || !h.sharedLock->isLocked())
        return;
    Stamp stamp = readStamp(h.stampPath);
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    stamp.lastFinishMs = wall;
    if (blockHostMs > 0)
        stamp.blockedUntilMs = std::max(stamp.blockedUntilMs, wall + blockHostMs);
    QSaveFile f(h.stampPath);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QByteArray::number(stamp.lastFinishMs) + ' ' + QByteArray::number(stamp.blockedUntilMs) + '\n');
        f.commit();
    }
    h.sharedLock->unlock();
}

quint64 HostQueue::enter(const QString &host)
{
    QMutexLocker lock(&m_mutex);
    const quint64 ticket = m_nextTicket++;
    state(host).line.push_back(ticket);
    m_ticketHost.insert(ticket, host.toLower());
    return ticket;
}

Admission HostQueue::tryStart(quint64 ticket)
{
    QMutexLocker lock(&m_mutex);
    const auto hostIt = m_ticketHost.constFind(ticket);
    if (hostIt == m_ticketHost.cend())
        return {false, BusyPollMs, QStringLiteral("unknown ticket")};
    HostState &h = state(*hostIt);
    if (h.inFlight.contains(ticket))
        return {true, 0, {}};
    const qint64 t = now();
    const qsizetype position = std::find(h.line.begin(), h.line.end(), ticket) - h.line.begin();
    const int maxInFlight = h.maxInFlight > 0 ? h.maxInFlight : m_defaultMaxInFlight;
    if (position > 0 || h.inFlight.size() >= maxInFlight) {
        return {false, BusyPollMs,
                QStringLiteral("queued behind %1 request(s) to %2").arg(position + h.inFlight.size()).arg(*hostIt)};
    }
    if (h.blockedUntilMs > t)
        return {false, h.blockedUntilMs - t, QStringLiteral("%1 asked us to back off").arg(*hostIt)};
    const qint64 spacing = h.spacingMs >= 0 ? h.spacingMs : m_defaultSpacingMs;
    if (h.lastFinishMs >= 0 && h.lastFinishMs + spacing > t) {
        return {false, h.lastFinishMs + spacing - t,
                QStringLiteral("polite spacing of %1 s between requests to %2").arg(double(spacing) / 1000.0).arg(*hostIt)};
    }
    if (h.sharedLock) {
        if (Admission shared = trySharedStart(h, *hostIt, spacing); !shared.go)
            return shared;
    }
    h.line.pop_front();
    h.inFlight.append(ticket);
    h.lastStartMs = t;
    return {true, 0, {}};
}

void HostQueue::finish(quint64 ticket, qint64 blockHostMs)
{
    QMutexLocker lock(&m_mutex);
    const auto hostIt = m_ticketHost.constFind(ticket);
    if (hostIt == m_ticketHost.cend())
        return;
    HostState &h = state(*hostIt);
    const qint64 t = now();
    if (h.inFlight.removeAll(ticket) > 0) {
        h.lastFinishMs = t;
        finishShared(h, blockHostMs);
    } else
        h.line.erase(std::remove(h.line.begin(), h.line.end(), ticket), h.line.end());
    if (blockHostMs > 0)
        h.blockedUntilMs = std::max(h.blockedUntilMs, t + blockHostMs);
    m_ticketHost.erase(hostIt);
}

int HostQueue::waiting(const QString &host) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_hosts.constFind(host.toLower());
    return it == m_hosts.cend() ? 0 : int(it->line.size());
}

RateBudget::RateBudget(int maxConcurrent, int requestsPerMinute)
    : m_maxConcurrent(std::max(1, maxConcurrent))
    , m_rpm(std::max(1, requestsPerMinute))
{
    m_clock.start();
}

Admission RateBudget::tryAcquire()
{
    QMutexLocker lock(&m_mutex);
    const qint64 t = m_clock.elapsed();
    while (!m_starts.empty() && m_starts.front() <= t - 60000)
        m_starts.pop_front();
    if (m_blockedUntilMs > t)
        return {false, m_blockedUntilMs - t, QStringLiteral("the server asked us to back off")};
    if (m_inFlight >= m_maxConcurrent)
        return {false, BusyPollMs, QStringLiteral("concurrency limit of %1 reached").arg(m_maxConcurrent)};
    if (qsizetype(m_starts.size()) >= m_rpm) {
        return {false, std::max<qint64>(1, m_starts.front() + 60000 - t),
                QStringLiteral("budget of %1 requests per minute used up").arg(m_rpm)};
    }
    m_starts.push_back(t);
    ++m_inFlight;
    return {true, 0, {}};
}

void RateBudget::release()
{
    QMutexLocker lock(&m_mutex);
    m_inFlight = std::max(0, m_inFlight - 1);
}

void RateBudget::blockFor(qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    m_blockedUntilMs = std::max(m_blockedUntilMs, m_clock.elapsed() + ms);
}

int RateBudget::inFlight() const
{
    QMutexLocker lock(&m_mutex);
    return m_inFlight;
}

namespace Backoff {

qint64 jittered(int retry, qint64 baseMs, qint64 capMs)
{
    const int shift = std::clamp(retry - 1, 0, 30);
    const qint64 raw = std::min(capMs, baseMs << shift);
    const double factor = 0.5 + 0.5 * QRandomGenerator::global()->generateDouble();
    return std::max<qint64>(1, qint64(double(raw) * factor));
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok) {
        // Absurd values (found by fuzz_retryafter: 16 digits overflowed the multiplication) mean
        // "longer than anyone will wait": saturate, and the caller's maximum refuses the wait.
        constexpr qint64 maxSeconds = std::numeric_limits<qint64>::max() / 1000;
        return seconds < 0 ? std::nullopt : std::optional<qint64>(std::min(seconds, maxSeconds) * 1000);
    }
    QString text = QString::fromLatin1(v).simplified();
    if (text.endsWith(QStringLiteral(" GMT")) || text.endsWith(QStringLiteral(" UTC")))
        text.chop(4);
    const QLocale c = QLocale::c();
    static const QString Formats[] = {
        QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"),  // RFC 9110 IMF-fixdate
        QStringLiteral("dddd, dd-MMM-yy HH:mm:ss"),   // RFC 850
        QStringLiteral("ddd MMM d HH:mm:ss yyyy"),    // asctime
    };
    for (const QString &format : Formats) {
        QDateTime when = c.toDateTime(text, format, 2000);
        if (!when.isValid())
            continue;
        when.setTimeZone(QTimeZone::UTC);
        return std::max<qint64>(0, now.msecsTo(when));
    }
    return std::nullopt;
}

} // namespace Backoff

} // namespace Sovereign::Pipeline
