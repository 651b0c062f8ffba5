#pragma once

// Value types of the domain (DESIGN.md sections 2 to 4). Plain structs: no I/O, cheap to copy,
// safe to pass between threads. Ids are SQLite rowids; 0 means "not stored yet".

#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sovereign::Models {

struct PaperVersion
{
    QString version; // v1, v2 ...
    QString created; // as given by the source
};

struct Paper
{
    qint64 id = 0;
    QString arxivId;       // version-less
    QString latestVersion; // "v2", may be empty
    QString title;
    QString abstract;
    QStringList authors;
    QStringList affiliations;
    QStringList categories; // primary first
    QString primaryCategory;
    QString published;
    QString updated;
    QString doi;
    QString journalRef;
    QString comments;
    QList<PaperVersion> versions;
    QString origin = QStringLiteral("import"); // demo | import | arxiv | local
    bool isDemo = false;

    QString absUrl() const;       // https://arxiv.org/abs/<id><version>
    QString versionedId() const;  // <id><latestVersion>
};

enum class RunStatus { Queued, Running, Succeeded, Failed, Cancelled };
QString toText(RunStatus s);
std::optional<RunStatus> runStatusFromString(const QString &s);

struct Run
{
    qint64 id = 0;
    QString srchId;
    QString question;
    QString sourceRef;
    qint64 sourcePaperId = 0;
    QString sourceTitle;
    QString sourceText;
    QJsonObject config; // the configuration actually used
    RunStatus status = RunStatus::Queued;
    QString error;
    QDateTime createdAt;
    QDateTime startedAt;
    QDateTime finishedAt;
};

enum class EventKind { Started, Progress, Log, Token, Wait, Finished, Failed, Cancelled };
QString toText(EventKind k);
std::optional<EventKind> eventKindFromString(const QString &s);

struct RunEvent
{
    qint64 runId = 0;
    int seq = 0;
    qint64 atMs = 0;      // wall clock
    qint64 elapsedMs = 0; // since run start
    QString stage;        // plan, search, merge, index, extract, verify, compose, tribunal, revise, policy, record
    QString lane;         // query-1..4, SKEPTIC, VALIDATOR, SYNTHESIZER, or empty
    EventKind kind = EventKind::Log;
    QString message;
    QJsonObject data;
};

struct SearchQuery
{
    qint64 id = 0;
    int ordinal = 0;
    QString strategy;
    QString text;
    QString backend = QStringLiteral("local");
    qint64 elapsedMs = 0;
};

struct SearchHit
{
    int queryOrdinal = 0;
    int rank = 0; // 1-based
    qint64 paperId = 0;
    double score = 0;
};

struct RunPaper
{
    qint64 paperId = 0;
    int fusedRank = 0;
    double rrfScore = 0;
    std::optional<double> semanticScore;
    int finalRank = 0;
};

enum class DraftState { Running, Escalated, AutoApproved, Approved, Rejected, Failed };
QString toText(DraftState s);
std::optional<DraftState> draftStateFromString(const QString &s);
QString displayName(DraftState s);

enum class Verdict { Approve, Revise, Reject };
QString toText(Verdict v); // APPROVE / REVISE / REJECT
std::optional<Verdict> verdictFromString(const QString &s);

enum class Policy { AutoApprove, EscalateToOwner };
QString toText(Policy p); // AUTO_APPROVE / ESCALATE_TO_OWNER
std::optional<Policy> policyFromString(const QString &s);

struct Draft
{
    qint64 id = 0;
    qint64 runId = 0;
    QString srchId; // from the run
    QString title;
    QString question;
    DraftState state = DraftState::Running;
    int currentRound = 0;
    std::optional<double> score;
    std::optional<Verdict> verdict;
    std::optional<Policy> policy;
    QString policyReason;
    int claimsExtracted = 0;
    int claimsVerified = 0;
    int papersRetrieved = 0;
    QString qualityTier;
    QDateTime publishedAt; // invalid until published
    QDateTime createdAt;
    QDateTime updatedAt;

    bool isPublished() const { return publishedAt.isValid(); }
};

struct DraftRevision
{
    qint64 id = 0;
    qint64 draftId = 0;
    int round = 0;
    QString body;
    QJsonObject sections;
    std::optional<double> score;
    std::optional<Verdict> verdict;
    QString reason;
    QDateTime createdAt;
};

enum class ClaimStatus { Kept, Softened, Dropped };
QString toText(ClaimStatus s);
std::optional<ClaimStatus> claimStatusFromString(const QString &s);

// The stance check (a second, labelled signal beside the TF-IDF cosine): a model labels the
// claim's evidence passage with the SciFact labels and quotes the sentence it relied on. A quote
// that is not in the passage verbatim (after whitespace normalisation) makes the label ungrounded:
// it is kept for the record (status "ungrounded") but counts as no label.
struct ClaimStance
{
    QString label;        // SUPPORTS | REFUTES | NOT_ENOUGH_INFO (what the model said)
    QString quote;        // the sentence the model quoted
    QString status = QStringLiteral("ok"); // ok | ungrounded | failed
    QString note;         // why the label was discarded, or the failure
    QString rationale;
    QString passage;      // the passage that was judged
    qint64 paperId = 0;
    QString backend = QStringLiteral("llm");
    QString model;
    QString rawResponse;

    bool usable() const { return status == QStringLiteral("ok"); }
    // The label that counts: empty unless grounded.
    QString effectiveLabel() const { return usable() ? label : QString(); }
};

struct Claim
{
    qint64 id = 0;
    qint64 draftId = 0;
    int round = 0;
    int ordinal = 0; // 1-based within the round
    QString text;
    QString originalText;
    bool verified = false; // the verifier's verdict
    double confidence = 0; // best cosine, 0..1
    std::optional<bool> verifiedOverride;
    QString overrideReason;
    qint64 evidencePaperId = 0;
    QString evidencePassage;
    QString evidenceSentence;
    bool addressesQuestion = false;
    ClaimStatus status = ClaimStatus::Kept;
    // The pipeline's checks beyond the cosine (pipeline/claimchecks.h, stored as JSON): question
    // terms covered, numbers not in the source, evidence that disagrees or is about another subject.
    QJsonObject checks;
    std::optional<ClaimStance> stance; // when a stance check ran for this claim and round

    bool effectiveVerified() const { return verifiedOverride.value_or(verified); }
};

enum class Role { Skeptic, Validator, Synthesizer };
QString toText(Role r); // SKEPTIC / VALIDATOR / SYNTHESIZER
std::optional<Role> roleFromString(const QString &s);
inline constexpr Role AllRoles[] = {Role::Skeptic, Role::Validator, Role::Synthesizer};

struct ReviewIssue
{
    int claimOrdinal = 0; // 0: not about one claim
    QString section;      // empty: not about one section
    QString severity;     // minor | major | critical
    QString text;
};

struct ReviewSignal
{
    QString name;
    QString value;
    double deduction = 0;
    QString note;
};

struct Review
{
    qint64 id = 0;
    qint64 draftId = 0;
    int round = 0;
    Role role = Role::Skeptic;
    double score = 0;
    Verdict verdict = Verdict::Reject;
    QString rationale;
    QList<ReviewIssue> issues;
    QList<ReviewSignal> scoredSignals;
    QString backend = QStringLiteral("rules");
    QString model;
    QString prompt;
    QString rawResponse;
    QJsonObject parsed;
    qint64 latencyMs = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    QDateTime createdAt;
    // Non-empty: the reviewer gave no usable answer (after its retries and repair). The review is
    // kept for its transcript; its score does not count and the policy escalates.
    QString failure;

    bool failed() const { return !failure.isEmpty(); }
};

enum class DecisionAction { Approve, Reject, Escalate, RequestRevision, AutoApprove };
QString toText(DecisionAction a); // approve / reject / escalate / request_revision / auto_approve
std::optional<DecisionAction> decisionActionFromString(const QString &s);

struct Decision
{
    qint64 id = 0;
    qint64 draftId = 0;
    DecisionAction action = DecisionAction::Escalate;
    QString actor;
    QString note;
    QDateTime decidedAt;
};

struct ClaimEdit
{
    qint64 id = 0;
    qint64 claimId = 0;
    QString field; // text | verified_override
    QString oldValue;
    QString newValue;
    QString reason;
    QString actor;
    QDateTime editedAt;
};

enum class CorrectionType { Metadata, Artifact, Claim, Benchmark, Provenance, QualityAssessment };
QString toText(CorrectionType t); // METADATA ... QUALITY_ASSESSMENT
std::optional<CorrectionType> correctionTypeFromString(const QString &s);

struct Correction
{
    qint64 id = 0;
    qint64 draftId = 0;
    QString eventId;
    CorrectionType type = CorrectionType::Metadata;
    QString publicNote;
    QStringList affectedFields;
    qint64 claimId = 0;
    QString oldText;
    QString newText;
    QString actor;
    QDateTime correctedAt;
};

struct LedgerEntry
{
    qint64 seq = 0;
    QString kind;
    qint64 draftId = 0;
    qint64 entityId = 0;
    QByteArray payload; // canonical JSON
    QString prevHash;
    QString hash;
    QString mac;
    QDateTime createdAt;
};

// Time helpers: the store keeps ISO-8601 UTC with milliseconds.
QString toIso(const QDateTime &t);
QDateTime fromIso(const QString &s);

// Which drafts a list shows (Store::drafts, the draft list model).
struct DraftFilter
{
    std::optional<DraftState> state; // nullopt: all
    QString text;                    // matches title, question or SRCH id (substring)
    int limit = 200;
    // Keyset paging over (created_at DESC, id DESC): pass the last row of the previous page.
    QString afterCreatedAt;
    qint64 afterId = 0;
};

} // namespace Sovereign::Models

Q_DECLARE_METATYPE(Sovereign::Models::RunEvent)
Q_DECLARE_METATYPE(Sovereign::Models::Draft)
Q_DECLARE_METATYPE(Sovereign::Models::Claim)
