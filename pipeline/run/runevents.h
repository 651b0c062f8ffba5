#pragma once

// RunEvents: the event stream of one run. Thread-safe: stages and their parallel lanes (search
// queries, reviewers) emit from any thread. Each event gets the next sequence number, the wall
// clock and the time since the run started (monotonic); `finished` and `failed` events carry the
// stage's or lane's duration in data.duration_ms. Events are handed to the sink at once (the
// RunController turns them into Qt signals) and stored through Store::appendEvents in batches:
// at every started/finished/failed/cancelled event and whenever 32 are waiting, so a reader of the
// database follows a run live. A storage error is kept (storageError()) and does not stop the run.

#include "models/storage/store.h"
#include "models/types/types.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

#include <functional>

namespace Sovereign::Pipeline {

class RunEvents final
{
public:
    using Sink = std::function<void(const Models::RunEvent &event)>;

    // firstSeq: the last sequence number already stored for the run (an owner's revision
    // continues the run's stream).
    RunEvents(std::shared_ptr<Models::Database> db, qint64 runId, Sink sink = {}, int firstSeq = 0);
    ~RunEvents(); // flushes
    RunEvents(const RunEvents &) = delete;
    RunEvents &operator=(const RunEvents &) = delete;

    void emitEvent(Models::EventKind kind, const QString &stage, const QString &lane, const QString &message,
                   const QJsonObject &data = {});
    void started(const QString &stage, const QString &lane = {}, const QString &message = {});
    void finished(const QString &stage, const QString &lane = {}, const QString &message = {}, QJsonObject data = {});
    void failed(const QString &stage, const QString &lane, const QString &message);
    void log(const QString &stage, const QString &message, const QString &lane = {});
    void progress(const QString &stage, int done, int total, const QString &message = {});

    void flush();
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    QString storageError() const;

private:
    void flushLocked();

    std::shared_ptr<Models::Database> m_db;
    qint64 m_runId = 0;
    Sink m_sink;
    QElapsedTimer m_clock;
    mutable QMutex m_mutex;
    int m_seq = 0;
    QList<Models::RunEvent> m_pending;
    QHash<QString, qint64> m_startedAt; // "stage/lane" -> elapsed ms
    QString m_storageError;
};

} // namespace Sovereign::Pipeline
