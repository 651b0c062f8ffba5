#pragma once

// RunController: queues pipeline runs and runs them one after another off the calling (GUI)
// thread, on a private one-thread pool, with the stages' own parallel work (four searches, three
// reviewers) on the global pool. It owns the queue, the cancel flags and the future watcher; the
// runs' data lives in the database (Store), written as each stage ends, with the event stream
// stored as it happens (RunEvents). Every event is also emitted as a typed Qt signal in the
// controller's thread, so a GUI or the CLI follows a run live.
//
// Failure: submit() refuses bad input (empty question, unknown source, unreadable file) with a
// readable message and writes nothing. A failing stage fails that run (runFailed, with the stage
// and reason; what was stored stays) and the queue moves on. cancel() stops a queued run at once
// and a running one at its next check (runCancelled).
//
// Backends are made per run by the BackendFactory from the run's settings, so the remote
// backends plug in by providing a factory (see backends.h).

#include "backends.h"
#include "pipelinerun.h"
#include "pipeline/core/settings.h"

#include "models/storage/database.h"
#include "models/types/types.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace Sovereign::Pipeline {

class RunController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunController)

public:
    using BackendFactory = std::function<Backends(const PipelineSettings &settings)>;

    // `factory` empty: runs fail at once with the list of missing backends. The app passes
    // localBackends (localbackends.h) or a factory that honours settings.backends.
    explicit RunController(std::shared_ptr<Models::Database> db, BackendFactory factory = {}, QObject *parent = nullptr);
    ~RunController() override; // cancels everything and waits for the running run to stop

    // Validates and stores the run (status queued), queues it and returns its id. Nothing is
    // written when the request is refused.
    Models::Result<qint64> submit(const RunRequest &request);
    // The owner's "request revision" (OwnerActions' RevisionHandler): queues one more revision
    // round of an unpublished draft with the note as input; its events continue the draft's run
    // and end in runFinished/runFailed like a run. Refused (nothing queued) for an unknown or
    // published draft, an empty note, or a draft whose run is still queued or running.
    Models::Status requestRevision(qint64 draftId, const QString &note);
    // Queued: removed and marked cancelled. Running: asked to stop. False if unknown or finished.
    bool cancel(qint64 runId);
    void cancelAll();

    qint64 activeRun() const { return m_activeRunId; } // 0 when idle
    QList<qint64> queuedRuns() const;
    bool isIdle() const { return m_activeRunId == 0 && m_queue.empty(); }

signals:
    void runQueued(qint64 runId, const QString &srchId);
    void runStarted(qint64 runId, const QString &srchId);
    // Every event, as stored (seq, timings, stage, lane, kind, message, data).
    void eventRecorded(const Sovereign::Models::RunEvent &event);
    void stageStarted(qint64 runId, const QString &stage, const QString &lane, const QString &message);
    void stageProgress(qint64 runId, const QString &stage, int done, int total);
    void logMessage(qint64 runId, const QString &stage, const QString &lane, const QString &message);
    void tokenReceived(qint64 runId, const QString &stage, const QString &lane, const QString &text);
    void waiting(qint64 runId, const QString &stage, const QString &lane, const QString &message);
    void stageFinished(qint64 runId, const QString &stage, const QString &lane, qint64 durationMs, const QString &message);
    void stageFailed(qint64 runId, const QString &stage, const QString &lane, const QString &error);
    void runFinished(const Sovereign::Pipeline::RunOutcome &outcome);
    void runFailed(const Sovereign::Pipeline::RunOutcome &outcome);
    void runCancelled(const Sovereign::Pipeline::RunOutcome &outcome);
    void idle();

private:
    struct Pending
    {
        Models::Run run;
        std::shared_ptr<std::atomic_bool> cancel;
        qint64 revisionDraftId = 0; // non-zero: an owner's revision of this draft, not a new run
        QString note;
    };

    void startNext();
    void dispatch(const Models::RunEvent &event);
    void onRunDone();

    std::shared_ptr<Models::Database> m_db;
    BackendFactory m_factory;
    QThreadPool m_pool;
    QFutureWatcher<RunOutcome> m_watcher;
    std::deque<Pending> m_queue;
    qint64 m_activeRunId = 0;
    std::shared_ptr<std::atomic_bool> m_activeCancel;
};

} // namespace Sovereign::Pipeline

Q_DECLARE_METATYPE(Sovereign::Pipeline::RunOutcome)
