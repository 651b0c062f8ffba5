#include "runcontroller.h"

#include "models/storage/store.h"
#include "models/storage/worker.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::Pipeline {

using Models::EventKind;

RunController::RunController(std::shared_ptr<Models::Database> db, BackendFactory factory, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_factory(std::move(factory))
{
    qRegisterMetaType<Models::RunEvent>();
    qRegisterMetaType<RunOutcome>();
    if (!m_factory)
        m_factory = [](const PipelineSettings &) { return Backends{}; }; // every run fails: "no ... backend"
    m_pool.setMaxThreadCount(1); // one run at a time; the stages fan out on the global pool
    connect(&m_watcher, &QFutureWatcher<RunOutcome>::finished, this, &RunController::onRunDone);
}

RunController::~RunController()
{
    cancelAll();
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
    m_pool.waitForDone();
}

Models::Result<qint64> RunController::submit(const RunRequest &request)
{
    auto run = prepareRun(m_db, request);
    if (!run)
        return Models::fail(run.error());
    m_queue.push_back({*run, std::make_shared<std::atomic_bool>(false)});
    emit runQueued(run->id, run->srchId);
    startNext();
    return run->id;
}

Models::Status RunController::requestRevision(qint64 draftId, const QString &note)
{
    Models::Store store(m_db);
    auto draft = store.draft(draftId);
    if (!draft)
        return Models::fail(draft.error());
    if (draft->isPublished())
        return Models::fail(QStringLiteral("draft %1 is published: change it through a correction").arg(draftId));
    if (note.trimmed().isEmpty())
        return Models::fail(QStringLiteral("a revision request needs a note for the reviser"));
    if (draft->runId == m_activeRunId || queuedRuns().contains(draft->runId))
        return Models::fail(QStringLiteral("draft %1 is still being worked on").arg(draftId));
    auto run = store.run(draft->runId);
    if (!run)
        return Models::fail(run.error());
    m_queue.push_back({*run, std::make_shared<std::atomic_bool>(false), draftId, note});
    startNext();
    return {};
}

bool RunController::cancel(qint64 runId)
{
    if (runId == m_activeRunId && m_activeCancel) {
        m_activeCancel->store(true);
        return true;
    }
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->run.id != runId)
            continue;
        Models::Run run = it->run;
        const bool revision = it->revisionDraftId != 0;
        m_queue.erase(it);
        if (revision) { // the run itself finished long ago; only the queued revision goes
            RunOutcome out;
            out.runId = run.id;
            out.srchId = run.srchId;
            out.status = Models::RunStatus::Cancelled;
            out.error = QStringLiteral("revision cancelled before it started");
            emit runCancelled(out);
            if (isIdle())
                emit idle();
            return true;
        }
        run.status = Models::RunStatus::Cancelled;
        run.error = QStringLiteral("cancelled before it started");
        run.finishedAt = QDateTime::currentDateTimeUtc();
        RunOutcome out;
        out.runId = run.id;
        out.srchId = run.srchId;
        out.status = Models::RunStatus::Cancelled;
        out.error = run.error;
        // The queued run is gone either way; a store that refuses the cancellation is said.
        if (auto ok = Models::Store(m_db).updateRun(run); !ok)
            out.error += QStringLiteral("; the cancellation could not be stored: %1").arg(ok.error());
        emit runCancelled(out);
        if (isIdle())
            emit idle();
        return true;
    }
    return false;
}

void RunController::cancelAll()
{
    QList<qint64> ids = queuedRuns();
    for (qint64 id : std::as_const(ids))
        cancel(id);
    if (m_activeCancel)
        m_activeCancel->store(true);
}

QList<qint64> RunController::queuedRuns() const
{
    QList<qint64> ids;
    for (const Pending &p : m_queue)
        ids.append(p.run.id);
    return ids;
}

void RunController::startNext()
{
    if (m_activeRunId != 0 || m_queue.empty())
        return;
    Pending next = m_queue.front();
    m_queue.pop_front();
    m_activeRunId = next.run.id;
    m_activeCancel = next.cancel;
    const Backends backends = m_factory(PipelineSettings::fromJson(next.run.config));
    emit runStarted(next.run.id, next.run.srchId);
    QPointer<RunController> self(this);
    auto db = m_db;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [db, backends, next, self]() {
        const Models::ThreadConnectionScope scope(db); // declared first: released after the events' last flush
        int lastSeq = 0;
        if (next.revisionDraftId != 0)
            if (auto stored = Models::Store(db).events(next.run.id); stored && !stored->isEmpty())
                lastSeq = stored->constLast().seq;
        RunEvents events(db, next.run.id, [self](const Models::RunEvent &e) {
            // Delivered in the controller's thread; dropped if the controller is gone.
            if (self)
                QMetaObject::invokeMethod(self.data(), [self, e]() { if (self) self->dispatch(e); }, Qt::QueuedConnection);
        }, lastSeq);
        RunOutcome out = next.revisionDraftId != 0
                             ? executeOwnerRevision(db, backends, next.revisionDraftId, next.note, next.cancel, events)
                             : executeRun(db, backends, next.run, next.cancel, events);
        events.flush();
        return out;
    }));
}

void RunController::dispatch(const Models::RunEvent &e)
{
    emit eventRecorded(e);
    switch (e.kind) {
    case EventKind::Started: emit stageStarted(e.runId, e.stage, e.lane, e.message); break;
    case EventKind::Progress:
        emit stageProgress(e.runId, e.stage, e.data.value(QStringLiteral("done")).toInt(),
                           e.data.value(QStringLiteral("total")).toInt());
        break;
    case EventKind::Log: emit logMessage(e.runId, e.stage, e.lane, e.message); break;
    case EventKind::Token: emit tokenReceived(e.runId, e.stage, e.lane, e.message); break;
    case EventKind::Wait: emit waiting(e.runId, e.stage, e.lane, e.message); break;
    case EventKind::Finished:
        emit stageFinished(e.runId, e.stage, e.lane, qint64(e.data.value(QStringLiteral("duration_ms")).toDouble()), e.message);
        break;
    case EventKind::Failed:
    case EventKind::Cancelled: emit stageFailed(e.runId, e.stage, e.lane, e.message); break;
    }
}

void RunController::onRunDone()
{
    const RunOutcome out = m_watcher.result();
    m_activeRunId = 0;
    m_activeCancel.reset();
    // Events still queued for delivery arrive before this slot's own emissions only if they were
    // posted earlier, which they were: the worker posts each event before returning.
    switch (out.status) {
    case Models::RunStatus::Succeeded: emit runFinished(out); break;
    case Models::RunStatus::Cancelled: emit runCancelled(out); break;
    default: emit runFailed(out); break;
    }
    startNext();
    if (isIdle())
        emit idle();
}

} // namespace Sovereign::Pipeline
