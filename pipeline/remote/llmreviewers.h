#pragma once

// The tribunal's LLM backend: the three roles (prompts review.skeptic/validator/synthesizer.v1,
// answer shape review.schema.json) and the LLM reviser (reviser.v1). They plug into the tribunal
// through the Reviewer / Reviser interfaces (reviewer.h, reviser.h) and run their calls through a
// shared LlmEngine, so the three roles are concurrent within its concurrency limit and RPM budget.
//
// A review's verdict follows from its score and the run's thresholds (verdictFor), like the rule
// reviewers', so APPROVE/REVISE/REJECT mean the same whichever backend scored; the model's own
// verdict stays in Review.parsed. Issues naming a claim number that does not exist are kept but
// detached from any claim. The reviser may keep, soften or drop claims; it never drops a claim the
// verifier verified (such a request is ignored and noted).

#include "llmengine.h"

#include "pipeline/review/reviewer.h"
#include "pipeline/review/reviser.h"
#include "pipeline/review/tribunal.h"

#include <memory>

namespace Sovereign::Pipeline {

class LlmReviewer final : public Reviewer
{
public:
    LlmReviewer(Models::Role role, std::shared_ptr<LlmEngine> engine);
    Models::Role role() const override { return m_role; }
    QString backend() const override { return QStringLiteral("llm"); }
    QFuture<ReviewResult> review(const ReviewRequest &request, CancelFlag cancel) override;

    // The conversion from a validated answer to a Review (public for tests).
    static Models::Review toReview(Models::Role role, const ReviewRequest &request, const LlmTranscript &t);
    // A reviewer that gave no usable answer: kept with its transcript and the reason (failure set).
    static Models::Review failedReview(Models::Role role, const ReviewRequest &request, const LlmTranscript &t);

private:
    Models::Role m_role;
    std::shared_ptr<LlmEngine> m_engine;
};

ReviewerFactory llmReviewerFactory(std::shared_ptr<LlmEngine> engine);

class LlmReviser final : public Reviser
{
public:
    explicit LlmReviser(std::shared_ptr<LlmEngine> engine) : m_engine(std::move(engine)) {}
    QString backend() const override { return QStringLiteral("llm"); }
    Models::Result<RevisionOutcome> revise(const RevisionRequest &request, const CancelFlag &cancel) override;

    static RevisionOutcome toOutcome(const RevisionRequest &request, const QJsonObject &answer);
    // The transcript of the last revise() call (for the run's log).
    LlmTranscript lastTranscript() const { return m_last; }

private:
    std::shared_ptr<LlmEngine> m_engine;
    LlmTranscript m_last;
};

} // namespace Sovereign::Pipeline
