#include "runevents.h"

#include <QDateTime>

namespace Sovereign::Pipeline {

using Models::EventKind;

RunEvents::RunEvents(std::shared_ptr<Models::Database> db, qint64 runId, Sink sink, int firstSeq)
    : m_db(std::move(db)), m_runId(runId), m_sink(std::move(sink)), m_seq(firstSeq)
{
    m_clock.start();
}

RunEvents::~RunEvents() { flush(); }

void RunEvents::emitEvent(EventKind kind, const QString &stage, const QString &lane, const QString &message,
                          const QJsonObject &data)
{
    Models::RunEvent e;
    {
        QMutexLocker lock(&m_mutex);
        e.runId = m_runId;
        e.seq = ++m_seq;
        e.atMs = QDateTime::currentMSecsSinceEpoch();
        e.elapsedMs = m_clock.elapsed();
        e.stage = stage;
        e.lane = lane;
        e.kind = kind;
        e.message = message;
        e.data = data;
        const QString key = stage + u'/' + lane;
        if (kind == EventKind::Started) {
            m_startedAt.insert(key, e.elapsedMs);
        } else if (kind == EventKind::Finished || kind == EventKind::Failed || kind == EventKind::Cancelled) {
            if (const auto it = m_startedAt.constFind(key); it != m_startedAt.cend())
                e.data.insert(QStringLiteral("duration_ms"), e.elapsedMs - it.value());
        }
        m_pending.append(e);
        // Stage boundaries are stored at once so that a reader follows the run live; token and
        // log chatter is batched.
        if (kind != EventKind::Token && kind != EventKind::Log && kind != EventKind::Progress)
            flushLocked();
        else if (m_pending.size() >= 32)
            flushLocked();
    }
    if (m_sink)
        m_sink(e);
}

void RunEvents::started(const QString &stage, const QString &lane, const QString &message)
{
    emitEvent(EventKind::Started, stage, lane, message.isEmpty() ? stage : message);
}

void RunEvents::finished(const QString &stage, const QString &lane, const QString &message, QJsonObject data)
{
    emitEvent(EventKind::Finished, stage, lane, message, data);
}

void RunEvents::failed(const QString &stage, const QString &lane, const QString &message)
{
    emitEvent(EventKind::Failed, stage, lane, message);
}

void RunEvents::log(const QString &stage, const QString &message, const QString &lane)
{
    emitEvent(EventKind::Log, stage, lane, message);
}

void RunEvents::progress(const QString &stage, int done, int total, const QString &message)
{
    emitEvent(EventKind::Progress, stage, {}, message,
              {{QStringLiteral("done"), done}, {QStringLiteral("total"), total}});
}

void RunEvents::flush()
{
    QMutexLocker lock(&m_mutex);
    flushLocked();
}

void RunEvents::flushLocked()
{
    if (m_pending.isEmpty() || !m_db)
        return;
    Models::Store store(m_db);
    if (auto ok = store.appendEvents(m_pending); !ok) {
        if (m_storageError.isEmpty())
            m_storageError = ok.error();
        return; // keep them; the next flush retries
    }
    m_pending.clear();
}

QString RunEvents::storageError() const
{
    QMutexLocker lock(&m_mutex);
    return m_storageError;
}

} // namespace Sovereign::Pipeline
