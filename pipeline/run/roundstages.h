#pragma once

// The stages every round of a draft goes through, shared by a run (executeRun) and the owner's
// revision round (executeOwnerRevision), so that the two cannot drift apart:
//
//   roundContext()   what every round of one draft reads: the run, its settings, its papers and
//                    evidence, and the draft input all rounds share (the run's date, the embedder
//                    that re-ranked the run's papers, the retrieval counts)
//   verifyClaims()   verification of claims against the run's evidence
//   composeRound()   references, the synthesizer's Introduction when the run has one, the composer
//   reviewRound()    the tribunal on a composed round; its reviews are stored
//   reviseRound()    the reviser (with the owner's note when there is one), re-verification, the new
//                    round's claims and text stored
//   finishRound()    the round's final text with the policy in it; the draft's score, verdict,
//                    counts and state
//   finishRecord()   the public record, rebuilt from the store
//
// Every function stores what it produced before it returns and fails with the stage it was in and
// the store's or the backend's reason; no write result is ignored.

#include "backends.h"
#include "runevents.h"

#include "pipeline/compose/composer.h"
#include "pipeline/core/settings.h"
#include "pipeline/review/policy.h"
#include "pipeline/review/reviser.h"
#include "pipeline/review/tribunal.h"
#include "pipeline/verify/judgment.h"

#include "models/storage/database.h"
#include "models/storage/store.h"
#include "models/types/types.h"

#include <QHash>

#include <expected>
#include <memory>
#include <optional>

namespace Sovereign::Pipeline {

// Why a stage ended the run: the stage and the reason ("cancelled" when the run was cancelled).
struct StageError
{
    QString stage;
    QString error;
};
template<typename T>
using StageResult = std::expected<T, StageError>;
using StageStatus = std::expected<void, StageError>;
inline std::unexpected<StageError> stageError(const QString &stage, const QString &error)
{
    return std::unexpected(StageError{stage, error});
}

// What the retrieval stages of a run produced, as every later round needs it.
struct RetrievalFacts
{
    QStringList queries;        // the planned queries' texts
    QList<Models::Paper> papers; // the retrieved papers, in final rank order
    int papersRetrieved = 0;    // what fusion kept (papers missing from the corpus included)
    int corpusSize = 0;
    QString embedderName;       // empty: no semantic re-ranking happened
    int embedderDim = 0;
};

// Stage 6b's state over one run's rounds: a (claim, passage) pair is asked about once.
struct StanceCheck
{
    QHash<QString, Models::ClaimStance> cache;
    QString summary; // the Methodology sentence
};

struct RoundContext
{
    std::shared_ptr<Models::Database> db;
    const Backends &backends;
    const CancelFlag &cancel;
    RunEvents &events;
    mutable Models::Store store;
    Models::Run run;
    PipelineSettings settings;     // parsed once from run.config
    QList<Models::Paper> papers;   // what the run retrieved; references come from them
    QList<Models::Paper> evidence; // what claims are verified against
    QStringList questionTerms;
    QString sourceUrl;
    DraftInput base;               // what every round's draft shares
    mutable StanceCheck stance;
    // The question's profile and the field's generic names (judgment.h), looked up in the corpus
    // with the first judged round's claims and kept for the run's later rounds.
    mutable std::optional<JudgmentContext> judgment;
};

RoundContext roundContext(const std::shared_ptr<Models::Database> &db, const Backends &backends,
                          const CancelFlag &cancel, RunEvents &events, const Models::Run &run,
                          const RetrievalFacts &facts);

// The embedder that re-ranked a stored run's papers: the run's reranker when its papers carry a
// semantic score, else none.
void describeEmbedder(RetrievalFacts &facts, const Backends &backends, const QList<Models::RunPaper> &runPapers);

// Verifies claims[i] for every i in `indexes` against ctx.evidence and fills in the verdict,
// confidence, evidence and whether the claim addresses the question. Returns the passage count.
Models::Result<int> verifyClaims(const RoundContext &ctx, QList<Models::Claim> &claims, const QList<qsizetype> &indexes);
QList<qsizetype> shownIndexes(const QList<Models::Claim> &claims);

// Judgment beyond the cosine (judgment.h) of every shown claim: checks, whether it addresses the
// question, and the question's coverage by the shown claims.
Models::Result<CoverageReport> judgeRound(const RoundContext &ctx, QList<Models::Claim> &claims);

// A round's draft input: the shared part, this round's claims and their references, and the
// synthesizer's Introduction (lane "synthesizer" of `stage`) when the run has a synthesizer.
StageResult<DraftInput> composeRound(const RoundContext &ctx, const QList<Models::Claim> &claims, int round,
                                     int evidencePassages, const CoverageReport &coverage, const QString &stage);

// Stage 6b, the stance check (when the run has a stance backend), on the shown claims that have no
// label yet; emitted under `stage`, lane "stance".
void checkStances(const RoundContext &ctx, QList<Models::Claim> &claims, const QString &stage);
// Methodology sentences from the backends (waits, fallbacks) and the stance check.
QStringList stageNotes(const RoundContext &ctx);

QString tribunalStage(int round); // "tribunal", "tribunal-1", ...

// Stage tribunalStage(round): the three reviewers on a composed round; the reviews are stored.
StageResult<TribunalOutcome> reviewRound(const RoundContext &ctx, qint64 draftId, const DraftInput &input,
                                         const ComposedDraft &composed, const QString &ownerNote = {});

struct RevisedRound
{
    DraftInput input;         // the new round's draft input (claims with their stored ids)
    ComposedDraft composed;
    RevisionOutcome revision;
    bool changed = true;      // false: an automatic revision found nothing to change (input is the
                              // current round with the reviser's notes; nothing was stored)
};

// Stage "revise": the reviser turns `current`'s reviews into the next round's claims (with the
// owner's note when there is one, its "drop claim N"-style lines as actions), they are verified and
// judged again, the new round's claims and text are stored under `reason` (the reviser's own when
// empty), and the draft moves to the new round. An automatic revision that changes nothing stores
// nothing and returns changed = false.
StageResult<RevisedRound> reviseRound(const RoundContext &ctx, Models::Draft &draft, const DraftInput &current,
                                      const QList<Models::Review> &reviews, const QString &ownerNote,
                                      const QString &reason);

// The rules' policy on a round's verdict and shown claims, with the reviewer-failed and stance gates.
PolicyDecision roundPolicy(const RoundContext &ctx, const TribunalOutcome &verdict, const QList<Models::Claim> &claims,
                           const std::optional<CoverageReport> &coverage);

// Stage "policy": stores the round's final text (with the tribunal's history and the policy) and the
// draft's score, verdict, policy, shown-claim counts and state (Escalated; an auto-approval
// publishes afterwards).
StageStatus finishRound(const RoundContext &ctx, Models::Draft &draft, DraftInput input, const TribunalOutcome &verdict,
                        Models::Policy policy, const QString &policyReason, const QString &revisionReason);

// Stage "record": the public record from the store.
StageStatus finishRecord(const RoundContext &ctx, qint64 draftId);

} // namespace Sovereign::Pipeline
