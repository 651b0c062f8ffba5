#pragma once

// The seams between the widgets and the services they drive. The widgets know only these
// interfaces; app/ constructs the real services (run controller, owner actions, verifier, corpus
// search, secret store) and adapts them. Each call returns a Status/Result; none blocks on the
// network, and long work reports back through signals.

#include "models/types/draftdetails.h"
#include "models/types/types.h"

#include <QFuture>
#include <QHash>

#include <QObject>

namespace Sovereign::Ui {

using Models::Result;
using Models::Status;

struct NewRunRequest
{
    QString sourceRef;       // arXiv id (version-less) or a local file path
    qint64 sourcePaperId = 0; // when picked from the corpus
    QString question;
    QString searchBackend = QStringLiteral("local");  // local | arxiv
    QString tribunalBackend = QStringLiteral("rules"); // rules | openai-compatible
    QString embedBackend = QStringLiteral("local");    // local | nim
    QString revisionNote;     // "request revision": the owner's note goes to the reviser
    qint64 reviseDraftId = 0; // "request revision": the draft whose revision round runs again
    // The owner's settings (Settings dialog), filled in by the main window. The owner's name
    // reaches every decision through OwnerActions::defaultActor ("owner/name").
    double verifyThreshold = 0.15;
    double approveAt = 6.5;
    double reviseAt = 5.0;
    int topK = 12;
    int maxRevisionRounds = 1;
};

// Starts, follows and cancels pipeline runs. Events arrive in order per run, on the GUI thread.
class RunService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // The run id; 0 when the run is being prepared off the GUI thread (remote backends: settings,
    // key, fetching a missing source), after which runStarted (with the id) or startFailed follows.
    virtual Result<qint64> start(const NewRunRequest &request) = 0;
    virtual void cancel(qint64 runId) = 0;
    virtual QList<qint64> activeRuns() const = 0;

signals:
    void runStarted(qint64 runId, const QString &question);
    void startFailed(const QString &error);
    void runEvent(const Sovereign::Models::RunEvent &event);
    // The run ended; draftId is 0 when it failed before composing a draft.
    void runFinished(qint64 runId, qint64 draftId, Sovereign::Models::RunStatus status);
};

// A correction of a published draft, as the owner fills it in (see CorrectionDialog).
struct CorrectionInput
{
    Models::CorrectionType type = Models::CorrectionType::Metadata;
    QString note;          // public, required
    int claimOrdinal = 0;  // CLAIM corrections: 1-based ordinal of the published claim, 0 = none
    QString newText;       // with claimOrdinal
};

// The owner's actions on drafts and claims, each stored with who, when and why.
class OwnerActionService : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual QString actor() const = 0;
    // Decisions and claim edits are written off the GUI thread: each call returns at once, the
    // writes run one at a time in the order they were asked for, and the future finishes when the
    // write is committed or refused (continue on the GUI thread with .then(context, ...)).
    virtual QFuture<Status> decide(qint64 draftId, Models::DecisionAction action, const QString &note) = 0;
    // Changes a claim's text before publication; confidence and evidence are re-verified.
    virtual QFuture<Status> editClaimText(qint64 claimId, const QString &text, const QString &reason) = 0;
    // nullopt: back to the verifier's verdict.
    virtual QFuture<Status> overrideVerified(qint64 claimId, std::optional<bool> verified, const QString &reason) = 0;

    // Publication. Drafts that are not published are refused with a sentence that says why.
    // renderPdf is thread-safe and is called on a worker thread (the implementation releases any
    // database connection it opened there); the others write through QSaveFile and append a ledger entry.
    virtual Result<QByteArray> renderPdf(qint64 draftId) const = 0;
    virtual Status savePdf(qint64 draftId, const QByteArray &pdf, const QString &path) = 0;
    virtual Status exportManifest(qint64 draftId, const QString &path) = 0;
    // After publication only; additive and irreversible.
    virtual Status correct(qint64 draftId, const CorrectionInput &input) = 0;

signals:
    void changed(qint64 draftId);
    void ledgerAppended(qint64 seq);
};

// The ledger's state for the status bar: Ledger::verify() over the whole chain.
struct LedgerState
{
    bool ok = false;
    qint64 entries = 0;
    qint64 firstBadSeq = 0;   // 0 when ok, or when the problem is a row without an entry
    QString firstProblem;     // "entry 5: …"
    QString report;           // the full report, one line per problem/anchor
    bool lostTail = false;    // the ledger lost entries an anchor proves existed (recordLostTail can help)
    QStringList databaseProblems; // the file's own health (quick_check, -wal/-shm still on disk)
};

class LedgerCheck
{
public:
    virtual ~LedgerCheck() = default;
    // Called on a worker thread: must be thread-safe (and release the thread's connection).
    // Also checks the database file's health (LedgerState::databaseProblems).
    virtual LedgerState verify() const = 0;
    // Records a lost tail as a signed gap entry (the owner has accepted the loss). Worker thread.
    // Returns a sentence saying what was recorded.
    virtual Result<QString> recordLostTail() const
    {
        return std::unexpected(QStringLiteral("recording a lost tail is not available here"));
    }
};

// Live re-verification of an edited claim against the draft's evidence (TF-IDF cosine).
struct ClaimScore
{
    double confidence = 0;
    bool verified = false;
    qint64 evidencePaperId = 0;
    QString passage;
    QString sentence;
};

class ClaimScorer
{
public:
    virtual ~ClaimScorer() = default;
    // Called on a worker thread: must be thread-safe and must not touch widgets.
    virtual Result<ClaimScore> score(qint64 draftId, const QString &claimText) const = 0;
    // The verification threshold a run was made with, from its stored configuration (Run.config).
    virtual double threshold(const QJsonObject &runConfig) const = 0;
};

// The corpus, for the new-run dialog's source search.
struct CorpusHit
{
    qint64 paperId = 0;
    QString arxivId;
    QString title;
};

class CorpusSearch
{
public:
    virtual ~CorpusSearch() = default;
    // Called on a worker thread.
    virtual Result<QList<CorpusHit>> search(const QString &text, int limit) const = 0;
};

// Where the API key lives (the system keychain); never the database or QSettings.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual bool isAvailable() const = 0;
    virtual void readKey(const QString &name) = 0;
    virtual void writeKey(const QString &name, const QString &value) = 0;

signals:
    void keyRead(const QString &name, const QString &value, const QString &error);
    void keyWritten(const QString &name, const QString &error);
};

// What the workbench reads about drafts. Every read runs off the calling (GUI) thread and reports
// through its future; the implementation owns the database connections it uses.
class DraftReader
{
public:
    virtual ~DraftReader() = default;
    virtual QFuture<Result<Models::DraftDetails>> details(qint64 draftId) const = 0;
    virtual QFuture<Result<QList<Models::Draft>>> page(const Models::DraftFilter &filter) const = 0;
    virtual QFuture<Result<QHash<Models::DraftState, int>>> queueCounts() const = 0;
    // One stored run (its SRCH id for the live Pipeline header).
    virtual QFuture<Result<Models::Run>> run(qint64 runId) const = 0;
    // The database file and its schema version, for Help → About (no I/O: known since opening).
    struct DatabaseInfo
    {
        QString path;
        int schemaVersion = 0;
    };
    virtual DatabaseInfo databaseInfo() const = 0;
};

struct Services
{
    std::shared_ptr<DraftReader> drafts;    // may be null: nothing to show
    OwnerActionService *actions = nullptr;
    RunService *runs = nullptr;             // may be null: no pipeline available
    std::shared_ptr<ClaimScorer> scorer;    // may be null: edits keep the old confidence
    std::shared_ptr<CorpusSearch> corpus;   // may be null
    std::shared_ptr<LedgerCheck> ledger;    // may be null: no ledger indicator
    SecretStore *secrets = nullptr;         // may be null: keychain unavailable
};

} // namespace Sovereign::Ui
