#include "guiservices.h"

#include "models/storage/corpusstore.h"
#include "models/storage/loaders.h"
#include "models/storage/worker.h"
#include "models/ledger/ledger.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/publish/pdfexport.h"
#include "pipeline/remote/remotebackends.h"
#include "pipeline/core/settings.h"
#include "pipeline/remote/secrets.h"
#include "pipeline/run/runcontroller.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QProcessEnvironment>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::App {

using namespace Models;

OwnerActionsAdapter::OwnerActionsAdapter(Pipeline::OwnerActions *actions, QObject *parent)
    : Ui::OwnerActionService(parent), m_actions(actions)
{
    m_writer.setMaxThreadCount(1);
    m_writer.setExpiryTimeout(-1); // one long-lived writer: its connection stays open
    m_writer.setObjectName(QStringLiteral("owner-writes"));
    connect(m_actions, &Pipeline::OwnerActions::changed, this, &Ui::OwnerActionService::changed);
    connect(m_actions, &Pipeline::OwnerActions::ledgerAppended, this, &Ui::OwnerActionService::ledgerAppended);
}

OwnerActionsAdapter::~OwnerActionsAdapter()
{
    // The writer thread lets go of its connection. start() and waitForDone(), not a future: a thread
    // that waits on a future may run the queued task itself (worker.h).
    m_writer.start([db = m_actions->database()] { const ThreadConnectionScope scope(db); });
    m_writer.waitForDone();
}

template<typename F>
QFuture<Ui::Status> OwnerActionsAdapter::write(F &&f)
{
    return QtConcurrent::run(&m_writer, std::forward<F>(f));
}

QString OwnerActionsAdapter::actor() const { return Pipeline::OwnerActions::defaultActor(); }

QFuture<Ui::Status> OwnerActionsAdapter::decide(qint64 draftId, DecisionAction action, const QString &note)
{
    Pipeline::OwnerDecision d;
    switch (action) {
    case DecisionAction::Approve:
        d = Pipeline::OwnerDecision::Approve;
        break;
    case DecisionAction::Reject:
        d = Pipeline::OwnerDecision::Reject;
        break;
    case DecisionAction::Escalate:
        d = Pipeline::OwnerDecision::Escalate;
        break;
    case DecisionAction::RequestRevision:
        d = Pipeline::OwnerDecision::RequestRevision;
        break;
    default:
        return QtFuture::makeReadyValueFuture(
            Ui::Status(fail(QStringLiteral("auto-approval is the pipeline's decision, not the owner's"))));
    }
    return write([actions = m_actions, draftId, d, who = actor(), note]() -> Ui::Status {
        auto r = actions->decide(draftId, d, who, note);
        if (!r)
            return fail(r.error());
        return {};
    });
}

QFuture<Ui::Status> OwnerActionsAdapter::editClaimText(qint64 claimId, const QString &text, const QString &reason)
{
    return write([actions = m_actions, claimId, text, who = actor(), reason]() -> Ui::Status {
        auto r = actions->editClaimText(claimId, text, who, reason);
        if (!r)
            return fail(r.error());
        return {};
    });
}

QFuture<Ui::Status> OwnerActionsAdapter::overrideVerified(qint64 claimId, std::optional<bool> verified, const QString &reason)
{
    return write([actions = m_actions, claimId, verified, who = actor(), reason]() -> Ui::Status {
        auto r = actions->overrideVerified(claimId, verified, who, reason);
        if (!r)
            return fail(r.error());
        return {};
    });
}

Ui::Result<QByteArray> OwnerActionsAdapter::renderPdf(qint64 draftId) const
{
    const ThreadConnectionScope scope(m_actions->database()); // called on a worker thread
    return m_actions->renderPdf(draftId, Pipeline::PdfOptions::fromSettings());
}

Ui::Status OwnerActionsAdapter::savePdf(qint64 draftId, const QByteArray &pdf, const QString &path)
{
    return m_actions->savePdf(draftId, pdf, path);
}

Ui::Status OwnerActionsAdapter::exportManifest(qint64 draftId, const QString &path)
{
    return m_actions->exportManifest(draftId, path);
}

Ui::Status OwnerActionsAdapter::correct(qint64 draftId, const Ui::CorrectionInput &input)
{
    Pipeline::CorrectionRequest r;
    r.type = input.type;
    r.note = input.note;
    r.claimOrdinal = input.claimOrdinal;
    r.newText = input.newText;
    r.actor = actor();
    auto c = m_actions->correct(draftId, r);
    if (!c)
        return fail(c.error());
    return {};
}

Ui::Result<Ui::ClaimScore> ClaimScorerAdapter::score(qint64 draftId, const QString &claimText) const
{
    const ThreadConnectionScope scope(m_db); // called on a worker thread
    Claim claim;
    claim.draftId = draftId;
    const auto check = Pipeline::verifyAgainstRun(m_db, claim, claimText);
    if (!check)
        return fail(QStringLiteral("the draft's run has no stored evidence papers to verify against"));
    Ui::ClaimScore s;
    s.confidence = check->confidence;
    s.verified = check->verified;
    s.evidencePaperId = check->evidencePaperId;
    s.passage = check->evidencePassage;
    s.sentence = check->evidenceSentence;
    return s;
}

double ClaimScorerAdapter::threshold(const QJsonObject &runConfig) const
{
    return Pipeline::PipelineSettings::fromJson(runConfig).verifyThreshold;
}

QFuture<Ui::Result<DraftDetails>> DraftReaderAdapter::details(qint64 draftId) const
{
    return loadDraftDetailsAsync(m_db, draftId);
}

QFuture<Ui::Result<QList<Draft>>> DraftReaderAdapter::page(const DraftFilter &filter) const
{
    return loadDraftPageAsync(m_db, filter);
}

QFuture<Ui::Result<QHash<DraftState, int>>> DraftReaderAdapter::queueCounts() const
{
    return loadQueueCountsAsync(m_db);
}

QFuture<Ui::Result<Run>> DraftReaderAdapter::run(qint64 runId) const
{
    return loadRunAsync(m_db, runId);
}

Ui::DraftReader::DatabaseInfo DraftReaderAdapter::databaseInfo() const
{
    return {m_db->path(), m_db->schemaVersion()};
}

Ui::LedgerState LedgerCheckAdapter::verify() const
{
    Ui::LedgerState s;
    const LedgerReport report = [&] {
        const ThreadConnectionScope scope(m_ledger->database()); // called on a worker thread
        s.databaseProblems = m_ledger->database()->checkHealth();
        return m_ledger->verify();
    }();
    s.ok = report.ok() && s.databaseProblems.isEmpty();
    s.lostTail = report.lostTail;
    s.entries = report.entries;
    QStringList lines;
    if (!s.databaseProblems.isEmpty()) {
        lines << QStringLiteral("Database file %1:").arg(m_ledger->database()->path());
        for (const QString &p : std::as_const(s.databaseProblems))
            lines << QStringLiteral("  %1").arg(p);
        lines << QString();
    } else {
        lines << QStringLiteral("Database file %1: integrity check ok").arg(m_ledger->database()->path());
    }
    lines << report.summary();
    // lupdate files these under this class's name, the context the lambda uses.
    const auto tr = [](const char *text, const char *disambiguation = nullptr, int n = -1) {
        return QCoreApplication::translate("Sovereign::App::LedgerCheckAdapter", text, disambiguation, n);
    };
    lines << tr("Entries: %1; head: %2 %3").arg(report.entries).arg(report.head.seq).arg(report.head.hash);
    lines << (report.macsChecked ? tr("HMAC chain checked (key: %1)").arg(report.keySource)
                                 : tr("HMAC chain not checked (key: %1)").arg(report.keySource));
    for (const LedgerAnchor &a : report.anchorsChecked)
        lines << tr("Anchor checked: %1, entry %2").arg(a.origin).arg(a.seq);
    if (!report.problems.isEmpty()) {
        const LedgerProblem &first = report.problems.constFirst();
        s.firstBadSeq = first.seq;
        s.firstProblem = QStringLiteral("%1: %2").arg(first.subject, first.message);
        lines << QString();
        lines << tr("%n problem(s):", nullptr, int(report.problems.size()));
        for (const LedgerProblem &p : report.problems)
            lines << QStringLiteral("  %1: %2").arg(p.subject, p.message);
    }
    if (report.lostTail)
        lines << QString()
              << QStringLiteral("If the file was damaged and no backup holds the missing entries, \"Record the loss…\" "
                                "appends a signed gap entry that names them (sovereign ledger repair --accept-loss).");
    s.report = lines.join(QLatin1Char('\n'));
    return s;
}

Ui::Result<QString> LedgerCheckAdapter::recordLostTail() const
{
    const ThreadConnectionScope scope(m_ledger->database()); // called on a worker thread
    auto entry = m_ledger->repairLostTail(Pipeline::OwnerActions::defaultActor(),
                                          QStringLiteral("entries lost to a damaged database file; loss accepted by "
                                                         "the owner in the workbench"));
    if (!entry)
        return fail(entry.error());
    const auto gap = Ledger::gapOf(*entry);
    return QStringLiteral("Recorded the loss of entries %1 to %2 as gap entry %3.")
        .arg(gap ? gap->from : 0)
        .arg(gap ? gap->to : 0)
        .arg(entry->seq);
}

Ui::Result<QList<Ui::CorpusHit>> CorpusSearchAdapter::search(const QString &text, int limit) const
{
    const ThreadConnectionScope scope(m_db); // called on a worker thread
    auto hits = CorpusStore::search(m_db->connection(), text, limit);
    if (!hits)
        return fail(hits.error());
    QList<Ui::CorpusHit> out;
    for (const auto &h : *hits)
        out.append({h.paperId, h.arxivId, h.title});
    return out;
}

bool KeychainSecretStore::isAvailable() const
{
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOVEREIGN_NO_KEYCHAIN")) != QLatin1StringView("1");
}

void KeychainSecretStore::readKey(const QString &name)
{
    auto *w = new QFutureWatcher<Pipeline::ApiKey>(this);
    connect(w, &QFutureWatcherBase::finished, this, [this, w, name] {
        w->deleteLater();
        const Pipeline::ApiKey key = w->result();
        // Only whether a key exists crosses into the UI, and from where.
        emit keyRead(name, key.isEmpty() ? QString() : key.source, key.isEmpty() ? key.note : QString());
    });
    w->setFuture(QtConcurrent::run([] { return Pipeline::Secrets::lookup(); }));
}

void KeychainSecretStore::writeKey(const QString &name, const QString &value)
{
    auto *w = new QFutureWatcher<Status>(this);
    connect(w, &QFutureWatcherBase::finished, this, [this, w, name] {
        w->deleteLater();
        const Status s = w->result();
        emit keyWritten(name, s ? QString() : s.error());
    });
    w->setFuture(QtConcurrent::run([value] { return value.isEmpty() ? Pipeline::Secrets::remove() : Pipeline::Secrets::store(value); }));
}

RunControllerAdapter::RunControllerAdapter(Pipeline::RunController *controller, std::shared_ptr<Database> db,
                                           QObject *parent)
    : Ui::RunService(parent), m_controller(controller), m_db(std::move(db))
{
    connect(m_controller, &Pipeline::RunController::eventRecorded, this, &Ui::RunService::runEvent);
    connect(m_controller, &Pipeline::RunController::runFinished, this, &RunControllerAdapter::ended);
    connect(m_controller, &Pipeline::RunController::runFailed, this, &RunControllerAdapter::ended);
    connect(m_controller, &Pipeline::RunController::runCancelled, this, &RunControllerAdapter::ended);
}

void RunControllerAdapter::ended(const Pipeline::RunOutcome &o) { emit runFinished(o.runId, o.draftId, o.status); }

Pipeline::PipelineSettings RunControllerAdapter::runSettings(const Ui::NewRunRequest &request)
{
    Pipeline::PipelineSettings s;
    s.verifyThreshold = std::clamp(request.verifyThreshold, 0.0, 1.0);
    s.approveAt = request.approveAt;
    s.reviseAt = std::min(request.reviseAt, request.approveAt);
    s.topK = std::max(1, request.topK);
    s.maxRevisionRounds = std::max(0, request.maxRevisionRounds);
    s.backends.search = request.searchBackend;
    s.backends.embed = request.embedBackend;
    if (request.tribunalBackend != QLatin1StringView("rules")) {
        // As `sovereign run --tribunal llm`: LLM reviewers and the LLM reviser.
        s.backends.tribunal = QStringLiteral("llm");
        s.backends.reviser = QStringLiteral("llm");
    }
    return s;
}

Ui::Result<qint64> RunControllerAdapter::start(const Ui::NewRunRequest &request)
{
    Pipeline::RunRequest r;
    r.source = request.sourceRef;
    r.question = request.question;
    r.settings = runSettings(request);
    if (!Pipeline::usesRemote(r.settings.backends))
        return m_controller->submit(r);
    // Remote backends: prepareRemote reads the settings and the key and may fetch the source from
    // arXiv, so it runs on a worker thread; the run is submitted when it is done.
    auto *watcher = new QFutureWatcher<std::pair<Pipeline::RunRequest, Result<std::shared_ptr<Pipeline::RemoteServices>>>>(this);
    const auto db = m_db;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        auto [prepared, remote] = watcher->result();
        if (!remote) {
            emit startFailed(remote.error());
            return;
        }
        {
            QMutexLocker lock(&m_mutex);
            m_remote = *remote;
        }
        auto id = m_controller->submit(prepared);
        if (!id) {
            emit startFailed(id.error());
            return;
        }
        emit runStarted(*id, prepared.question);
    });
    watcher->setFuture(runOnWorker(db, [r, db]() mutable {
        auto remote = Pipeline::prepareRemote(r.settings, r.source, db);
        return std::make_pair(r, remote);
    }));
    return qint64(0);
}

std::shared_ptr<Pipeline::RemoteServices> RunControllerAdapter::remoteServices() const
{
    QMutexLocker lock(&m_mutex);
    return m_remote;
}

void RunControllerAdapter::cancel(qint64 runId) { m_controller->cancel(runId); }

QList<qint64> RunControllerAdapter::activeRuns() const
{
    QList<qint64> out = m_controller->queuedRuns();
    if (m_controller->activeRun())
        out.prepend(m_controller->activeRun());
    return out;
}

} // namespace Sovereign::App
