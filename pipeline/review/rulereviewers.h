#pragma once

// The three rule-based reviewers (tribunal backend "rules"). Each starts from 10 and deducts for
// measurable signals of the draft; every signal it looked at is kept in Review.scoredSignals with
// its value and deduction (0 when it cost nothing), so the transcript explains the whole score.
//
//   SKEPTIC      overreach: strong wording the evidence does not carry, numbers not in the source,
//                evidence that disagrees, claims that go beyond the source.
//   VALIDATOR    evidence and citation grounding: verified ratio, mean confidence, passages about
//                a different subject, claims without evidence, papers behind the evidence.
//   SYNTHESIZER  the answer: question coverage by specific terms, the question's named terms,
//                claim count, uncertainty disclosure judged against what the run measured.
// No measure is deducted by more than one role. A critical issue caps the role below APPROVE.
//
// The weights are in rulereviewers.cpp (one table per role) and docs/pipeline.md. Deterministic and
// pure: the same request always yields the same review (apart from latency and timestamps).

#include "reviewer.h"

namespace Sovereign::Pipeline {

class RuleReviewer final : public BlockingReviewer
{
public:
    explicit RuleReviewer(Models::Role role) : m_role(role) {}
    Models::Role role() const override { return m_role; }
    QString backend() const override { return QStringLiteral("rules"); }

    // The synchronous core, for tests and for callers that already run off the GUI thread.
    static Models::Review evaluate(Models::Role role, const ReviewRequest &request);

protected:
    ReviewResult reviewBlocking(const ReviewRequest &request, const CancelFlag &cancel) override;

private:
    Models::Role m_role;
};

ReviewerFactory ruleReviewerFactory();

// The text a reviewer is given: role, question, claims with their evidence, uncertainties and
// references. Rule reviewers store it as Review.prompt; LLM reviewers may reuse it.
QString renderReviewInput(const ReviewRequest &request);

// Words that make an unsupported claim an overreach ("significantly", "only", "first", ...).
bool hasStrongWording(const QString &claim);

} // namespace Sovereign::Pipeline
