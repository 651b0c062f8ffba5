#pragma once

// Adapters from the pipeline's services to the workbench's seams (ui/services.h). Wiring only:
// each adapter forwards to the real service and translates types.

#include "ui/services.h"

#include "models/ledger/ledger.h"
#include "models/storage/database.h"

#include <QMutex>
#include <QThreadPool>

namespace Sovereign::Models {
class Ledger;
}
namespace Sovereign::Pipeline {
class OwnerActions;
}

namespace Sovereign::App {

// Pipeline::OwnerActions (decisions, claim edits, ledger entries) behind Ui::OwnerActionService.
class OwnerActionsAdapter final : public Ui::OwnerActionService
{
    Q_OBJECT
public:
    explicit OwnerActionsAdapter(Pipeline::OwnerActions *actions, QObject *parent = nullptr);
    // Waits for the writes already asked for, then closes the writer thread's connection.
    ~OwnerActionsAdapter() override;
    QString actor() const override;
    // On the writer thread (one thread, so writes keep their order and it keeps one connection).
    QFuture<Ui::Status> decide(qint64 draftId, Models::DecisionAction action, const QString &note) override;
    QFuture<Ui::Status> editClaimText(qint64 claimId, const QString &text, const QString &reason) override;
    QFuture<Ui::Status> overrideVerified(qint64 claimId, std::optional<bool> verified, const QString &reason) override;
    // PdfOptions::fromSettings() (paper size) on each call.
    Ui::Result<QByteArray> renderPdf(qint64 draftId) const override;
    Ui::Status savePdf(qint64 draftId, const QByteArray &pdf, const QString &path) override;
    Ui::Status exportManifest(qint64 draftId, const QString &path) override;
    Ui::Status correct(qint64 draftId, const Ui::CorrectionInput &input) override;

private:
    template<typename F>
    QFuture<Ui::Status> write(F &&f);

    Pipeline::OwnerActions *m_actions;
    QThreadPool m_writer;
};

// The stored drafts behind Ui::DraftReader: the models' loaders, each on a pool thread with its own
// connection, released when the read ends.
class DraftReaderAdapter final : public Ui::DraftReader
{
public:
    explicit DraftReaderAdapter(std::shared_ptr<Models::Database> db) : m_db(std::move(db)) {}
    QFuture<Ui::Result<Models::DraftDetails>> details(qint64 draftId) const override;
    QFuture<Ui::Result<QList<Models::Draft>>> page(const Models::DraftFilter &filter) const override;
    QFuture<Ui::Result<QHash<Models::DraftState, int>>> queueCounts() const override;
    QFuture<Ui::Result<Models::Run>> run(qint64 runId) const override;
    DatabaseInfo databaseInfo() const override;

private:
    std::shared_ptr<Models::Database> m_db;
};

// Models::Ledger::verify() behind Ui::LedgerCheck; releases the worker thread's connection.
class LedgerCheckAdapter final : public Ui::LedgerCheck
{
public:
    explicit LedgerCheckAdapter(std::shared_ptr<Models::Ledger> ledger) : m_ledger(std::move(ledger)) {}
    Ui::LedgerState verify() const override;
    Ui::Result<QString> recordLostTail() const override;

private:
    std::shared_ptr<Models::Ledger> m_ledger;
};

// Live re-verification for the Claims tab's editor: Pipeline::verifyAgainstRun, the same function
// OwnerActions uses when the edit is saved, on whichever worker thread calls it (connection released).
class ClaimScorerAdapter final : public Ui::ClaimScorer
{
public:
    explicit ClaimScorerAdapter(std::shared_ptr<Models::Database> db) : m_db(std::move(db)) {}
    Ui::Result<Ui::ClaimScore> score(qint64 draftId, const QString &claimText) const override;
    double threshold(const QJsonObject &runConfig) const override;

private:
    std::shared_ptr<Models::Database> m_db;
};

// CorpusStore's FTS search, from whichever worker thread calls it (own connection, released).
class CorpusSearchAdapter final : public Ui::CorpusSearch
{
public:
    explicit CorpusSearchAdapter(std::shared_ptr<Models::Database> db) : m_db(std::move(db)) {}
    Ui::Result<QList<Ui::CorpusHit>> search(const QString &text, int limit) const override;

private:
    std::shared_ptr<Models::Database> m_db;
};

// The remote helper's Secrets (environment, then the desktop keychain). Keychain calls block, so
// they run on pool threads; the dialog only learns whether a key is set, never its value.
class KeychainSecretStore final : public Ui::SecretStore
{
    Q_OBJECT
public:
    using Ui::SecretStore::SecretStore;
    bool isAvailable() const override;
    void readKey(const QString &name) override;
    void writeKey(const QString &name, const QString &value) override;
};

} // namespace Sovereign::App

namespace Sovereign::Pipeline {
class RunController;
struct RunOutcome;
struct PipelineSettings;
class RemoteServices;
} // namespace Sovereign::Pipeline

namespace Sovereign::App {

// Pipeline::RunController (queued runs off the GUI thread, typed events) behind Ui::RunService.
// Remote backend choices are prepared (Pipeline::prepareRemote) off the GUI thread before the run
// is submitted; the app's backend factory applies remoteServices() as `sovereign run` does.
class RunControllerAdapter final : public Ui::RunService
{
    Q_OBJECT
public:
    RunControllerAdapter(Pipeline::RunController *controller, std::shared_ptr<Models::Database> db,
                         QObject *parent = nullptr);
    Ui::Result<qint64> start(const Ui::NewRunRequest &request) override;
    void cancel(qint64 runId) override;
    QList<qint64> activeRuns() const override;
    // The run's PipelineSettings from the request (the owner's thresholds, K, round cap, backends).
    static Pipeline::PipelineSettings runSettings(const Ui::NewRunRequest &request);
    // The remote services the latest prepared run asked for (the backend factory applies them);
    // null when no remote run was prepared. Thread-safe.
    std::shared_ptr<Pipeline::RemoteServices> remoteServices() const;

private:
    void ended(const Pipeline::RunOutcome &outcome);
    Pipeline::RunController *m_controller;
    std::shared_ptr<Models::Database> m_db;
    mutable QMutex m_mutex;
    std::shared_ptr<Pipeline::RemoteServices> m_remote;
};

} // namespace Sovereign::App
