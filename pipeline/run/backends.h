#pragma once

// Backends: the objects that implement each stage of a run. PipelineSettings::backends names the
// choice (recorded in Run.config); a Backends value holds the implementations. localBackends()
// (localbackends.cpp) gives the embedded defaults over the local corpus; the remote backends
// (arXiv search, NIM embeddings, LLM planner/extractor/reviewers/reviser) replace single members.
//
// Threading contract for every interface here: methods are called from pipeline worker threads
// that have no event loop (Searcher::search from up to four threads at once), must honour the
// CancelFlag, and report failure as an error string, never by throwing. Implementations that do
// network I/O run it on a thread of their own and block on the result.

#include "pipeline/verify/claims.h"
#include "pipeline/review/reviewer.h"
#include "pipeline/review/rulereviewers.h"
#include "pipeline/review/reviser.h"
#include "pipeline/review/tribunal.h"

#include "models/types/types.h"

#include <QHash>

#include <functional>
#include <memory>
#include <mutex>

namespace Sovereign::Pipeline {

class RunEvents;

using Models::Result;

// Stage 1.
class QueryPlanner
{
public:
    virtual ~QueryPlanner() = default;
    virtual QString backend() const = 0;
    // `count` queries (ordinal 1..count, strategy, text); fewer only if the inputs have no words.
    virtual Result<QList<Models::SearchQuery>> plan(const QString &question, const QString &sourceTitle, int count,
                                                    const CancelFlag &cancel) = 0;
};

struct RankedHit
{
    qint64 paperId = 0;
    QString arxivId; // may carry a version; fusion keys on the version-less id
    double score = 0;
};

// Stage 2: one query; called concurrently for the planned queries.
class Searcher
{
public:
    virtual ~Searcher() = default;
    virtual QString backend() const = 0;
    virtual Result<QList<RankedHit>> search(const Models::SearchQuery &query, int limit, const CancelFlag &cancel) = 0;
    // Papers the searcher can reach (0 if unknown); stated in Methodology and Uncertainties.
    virtual int corpusSize() const { return 0; }
};

// Stage 3: merge ranked lists (one per query) into RunPapers (fusedRank, rrfScore, finalRank).
using Fuser = std::function<QList<Models::RunPaper>(const QList<QList<RankedHit>> &lists, int rrfK, int topK)>;

// Stage 4: semantic similarity of each candidate to the question (re-ranking). Optional.
class Reranker
{
public:
    virtual ~Reranker() = default;
    virtual QString name() const = 0; // embedder name, e.g. local-tfidf-svd-256
    virtual int dim() const = 0;
    virtual Result<QHash<qint64, double>> similarity(const QString &queryText, const QList<qint64> &paperIds,
                                                     const CancelFlag &cancel) = 0;
};

// Stage 5.
struct ExtractionRequest
{
    QString title;
    QString text; // the source's abstract or document text
    QString question;
    int maxClaims = 10;
    double minScore = 1.0;
};

class ClaimExtractor
{
public:
    virtual ~ClaimExtractor() = default;
    virtual QString backend() const = 0;
    virtual Result<QList<ClaimCandidate>> extract(const ExtractionRequest &request, const CancelFlag &cancel) = 0;
};

class RuleClaimExtractor final : public ClaimExtractor
{
public:
    QString backend() const override { return QStringLiteral("rules"); }
    Result<QList<ClaimCandidate>> extract(const ExtractionRequest &request, const CancelFlag &cancel) override;
};

// Stage 6 (always local and deterministic).
struct ClaimCheckResult
{
    bool verified = false;
    double confidence = 0;
    qint64 evidencePaperId = 0;
    QString evidencePassage;
    QString evidenceSentence;
};

struct VerificationOutcome
{
    QList<ClaimCheckResult> results; // one per claim, in order
    int passageCount = 0;
};

class Verifier
{
public:
    virtual ~Verifier() = default;
    virtual Result<VerificationOutcome> verify(const QStringList &claims, const QList<Models::Paper> &evidence,
                                               double threshold, const CancelFlag &cancel) = 0;
};

// Stage 7, optional: writes the draft's Introduction from the claims and their evidence (the
// composer keeps every other section). Null in Backends: the template's introduction.
class DraftSynthesizer
{
public:
    virtual ~DraftSynthesizer() = default;
    virtual QString backend() const = 0;
    virtual Result<QString> introduction(const DraftInput &draft, const CancelFlag &cancel) = 0;
};

// Stage 6b, optional (when a chat backend is configured): the stance of a claim's evidence passage
// (SUPPORTS / REFUTES / NOT_ENOUGH_INFO) with the sentence quoted from it. The implementation
// checks the quote against the passage (stance.h); an ungrounded label comes back with status
// "ungrounded", a model that gave no usable answer with status "failed" — neither is an error.
class StanceChecker
{
public:
    virtual ~StanceChecker() = default;
    virtual QString backend() const = 0;
    virtual QFuture<Result<Models::ClaimStance>> check(const QString &question, const QString &claim, const QString &passage,
                                                       CancelFlag cancel) = 0;
};

// Publication hook for AUTO_APPROVE (the publish layer's OwnerActions::recordAutoApproval, which
// writes the decision and its ledger entry). Without it the run stores the decision itself.
using AutoApprover = std::function<Models::Status(qint64 draftId, const QString &reason)>;

// What a run had to do differently from its configuration (a remote stage that failed and fell
// back to the local implementation). Filled by the backends while the run lasts, thread-safe;
// each line becomes a sentence of the draft's Methodology.
class StageNotes
{
public:
    void add(const QString &line)
    {
        std::lock_guard lock(m_mutex);
        m_lines.append(line);
    }
    QStringList lines() const
    {
        std::lock_guard lock(m_mutex);
        return m_lines;
    }

private:
    mutable std::mutex m_mutex;
    QStringList m_lines;
};

struct Backends
{
    std::shared_ptr<QueryPlanner> planner;
    std::shared_ptr<Searcher> searcher;
    Fuser fuse;
    std::shared_ptr<Reranker> reranker; // may be null: no semantic re-ranking
    std::shared_ptr<ClaimExtractor> extractor = std::make_shared<RuleClaimExtractor>();
    std::shared_ptr<Verifier> verifier;
    ReviewerFactory reviewers = ruleReviewerFactory();
    std::shared_ptr<Reviser> reviser = std::make_shared<RuleReviser>();
    std::shared_ptr<DraftSynthesizer> synthesizer; // may be null: the template's introduction
    std::shared_ptr<StanceChecker> stance;         // may be null: no stance check
    AutoApprover autoApprove;
    // Backends that report on their own (waits for a rate limit, retries, cache hits: the remote
    // ones) receive the run's event stream before the first stage and nullptr when the run ends.
    std::function<void(RunEvents *events)> attachEvents;
    std::shared_ptr<StageNotes> notes = std::make_shared<StageNotes>();

    // Empty when complete, else which members are missing.
    QString missing() const;
};

} // namespace Sovereign::Pipeline
