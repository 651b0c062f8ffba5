#pragma once

// OwnerActions: the one core API through which the owner (GUI or CLI) decides on drafts, edits
// claims before publication, issues corrections after it and exports published papers. Every
// change and its ledger entry are written in the same BEGIN IMMEDIATE transaction, so either both
// exist or neither does; the settings anchor moves after the commit. Nothing here blocks on the
// network; PDF rendering is CPU work that the GUI should run off its thread (renderPdf is
// thread-safe: it only reads through the calling thread's connection).
//
// Errors are values: a refused action (wrong state, missing note, unpublished draft...) comes back
// as Result's error with a sentence that says why; the database is left unchanged.

#include "models/storage/database.h"
#include "models/ledger/ledger.h"
#include "models/storage/store.h"
#include "models/types/types.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace Sovereign::Pipeline {

struct PdfOptions;

enum class OwnerDecision { Approve, Reject, Escalate, RequestRevision };
QString toText(OwnerDecision d); // approve / reject / escalate / request-revision
// Accepts approve, reject, escalate, request-revision and request_revision.
std::optional<OwnerDecision> ownerDecisionFromString(const QString &s);

// What the owner asks for when correcting a published draft.
struct CorrectionRequest
{
    Models::CorrectionType type = Models::CorrectionType::Metadata;
    QString note;                // public note, required
    int claimOrdinal = 0;        // CLAIM corrections: 1-based ordinal of the published claim, 0 = none
    QString newText;             // the corrected claim text (with claimOrdinal)
    QStringList affectedFields;  // empty: derived from the type (and the claim)
    QString actor;               // empty: OwnerActions::defaultActor()
};

// The retrieval verifier's answer for an edited claim (see setClaimVerifier).
struct ClaimCheck
{
    bool verified = false;
    double confidence = 0;
    qint64 evidencePaperId = 0;
    QString evidencePassage;
    QString evidenceSentence;
};

// The default ClaimVerifier: re-verifies text the way the verify stage did for the claim's run
// (TF-IDF over the abstracts of the run's retrieved papers, at the run's threshold). Reads through
// the calling thread's connection; nullopt when the run has no evidence to verify against. The GUI's
// live preview calls it on a worker thread, so the preview and the saved verdict agree.
std::optional<ClaimCheck> verifyAgainstRun(const std::shared_ptr<Models::Database> &db, const Models::Claim &claim,
                                           const QString &text);

struct DecideOutcome
{
    Models::Decision decision;
    Models::Draft draft;          // after the decision
    QString followUp;             // e.g. "revision round started" / "revision requested: no reviser connected"
};

class OwnerActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OwnerActions)

public:
    // Hands a request-revision note to the pipeline's reviser (RunController). Called after the
    // decision committed; its error is reported in DecideOutcome::followUp, the decision stays.
    using RevisionHandler = std::function<Models::Status(qint64 draftId, const QString &note)>;
    // Re-verifies an edited claim's text against the run's evidence; nullopt = cannot verify.
    using ClaimVerifier = std::function<std::optional<ClaimCheck>(const Models::Claim &claim, const QString &newText)>;
    // Recomputes and stores the draft's public record (its correction record follows the
    // corrections, its tier and levels the claims). Called after a commit that changes them.
    using RecordRebuilder = std::function<Models::Status(qint64 draftId)>;

    OwnerActions(std::shared_ptr<Models::Database> db, std::shared_ptr<Models::Ledger> ledger,
                 QObject *parent = nullptr);
    ~OwnerActions() override;

    const std::shared_ptr<Models::Database> &database() const { return m_db; }

    // The owner's name setting ("owner/name"), else the operating system's user name.
    static QString defaultActor();

    // approve publishes (state approved, publishedAt = now, the published claims are frozen in the
    // ledger entry); reject; escalate and request-revision need a note. Published drafts refuse
    // every decision: after publication a change is a correction.
    Models::Result<DecideOutcome> decide(qint64 draftId, OwnerDecision decision, const QString &actor,
                                         const QString &note);
    // For the pipeline's policy stage: AUTO_APPROVE publishes with actor "pipeline".
    Models::Result<DecideOutcome> recordAutoApproval(qint64 draftId, const QString &reason);

    // Before publication only. The edited text is re-verified when a verifier is connected;
    // otherwise the verdict and confidence stay and the edit says it was not re-verified.
    Models::Result<Models::Claim> editClaimText(qint64 claimId, const QString &newText, const QString &actor,
                                                const QString &reason);
    // nullopt clears the override. A reason is required.
    Models::Result<Models::Claim> overrideVerified(qint64 claimId, std::optional<bool> verified,
                                                   const QString &actor, const QString &reason);

    // After publication only; additive: the claim row keeps the published text, the correction
    // holds the new one.
    Models::Result<Models::Correction> correct(qint64 draftId, const CorrectionRequest &request);

    // The text of a published claim as corrected so far (last CLAIM correction's text, else the row).
    static QString currentClaimText(const Models::Claim &claim, const QList<Models::Correction> &corrections);
    static QStringList defaultAffectedFields(Models::CorrectionType type, int claimOrdinal);

    // ---- exports (ownerexports.cpp) ----
    // Refuses drafts that are not published (approved or auto-approved) with the reason.
    Models::Result<QByteArray> renderPdf(qint64 draftId, const PdfOptions &options) const;
    // Writes bytes rendered by renderPdf through QSaveFile and appends the export entry in the same
    // transaction (rolled back if the file cannot be committed).
    Models::Status savePdf(qint64 draftId, const QByteArray &pdf, const QString &path);
    Models::Status exportPdf(qint64 draftId, const QString &path, const PdfOptions &options);
    // The manifest JSON (paper manifest with the contract objects inside).
    Models::Status exportManifest(qint64 draftId, const QString &path);
    // PDF, each contract as its own JSON file, the manifest and SHA256SUMS in one folder, which must
    // not exist yet or be empty. The files are written into a hidden sibling folder that is renamed
    // to `dir` once all of them are written: a bundle that fails part-way leaves no folder behind.
    Models::Result<QStringList> exportBundle(qint64 draftId, const QString &dir, const PdfOptions &options);
    // Test hook: called with each export file's name before it is written; a failure stops the
    // export there, as a failed write would.
    void setExportFaultForTesting(std::function<Models::Status(const QString &fileName)> fault)
    {
        m_exportFault = std::move(fault);
    }

    void setRevisionHandler(RevisionHandler handler) { m_revisionHandler = std::move(handler); }
    void setClaimVerifier(ClaimVerifier verifier) { m_claimVerifier = std::move(verifier); }
    void setRecordRebuilder(RecordRebuilder rebuilder) { m_recordRebuilder = std::move(rebuilder); }

    Models::Store &store() { return m_store; }
    const std::shared_ptr<Models::Ledger> &ledger() const { return m_ledger; }

signals:
    void changed(qint64 draftId);
    void ledgerAppended(qint64 seq);

private:
    Models::Result<DecideOutcome> applyDecision(qint64 draftId, Models::DecisionAction action, const QString &actor,
                                                const QString &note);
    Models::Status recordExport(qint64 draftId, const QString &format, const QString &path, const QByteArray &bytes,
                                const std::function<Models::Status()> &writeFile);
    QString rebuildRecord(qint64 draftId);
    void afterCommit(qint64 draftId);
    // The claim and its draft, refused once the draft is published (claims then change only
    // through corrections). Called inside the edit's transaction.
    Models::Result<std::pair<Models::Claim, Models::Draft>> editableClaim(qint64 claimId) const;
    // Stores a claim edit (text or override) with its ledger entry in `tx`, keeps the draft's
    // verified count in step, commits, and announces it.
    Models::Result<Models::Claim> commitClaimEdit(const QSqlDatabase &conn, Models::Transaction &tx,
                                                  Models::ClaimEdit edit, const Models::Claim &before,
                                                  const Models::Claim &updated, Models::Draft draft);

    std::shared_ptr<Models::Database> m_db;
    std::shared_ptr<Models::Ledger> m_ledger;
    Models::Store m_store;
    RevisionHandler m_revisionHandler;
    ClaimVerifier m_claimVerifier;
    RecordRebuilder m_recordRebuilder;
    std::function<Models::Status(const QString &)> m_exportFault;
};

} // namespace Sovereign::Pipeline
