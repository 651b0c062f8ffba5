#pragma once

// The stance check (issue "Real models, real arXiv", item 5): a model labels a claim's evidence
// passage SUPPORTS / REFUTES / NOT_ENOUGH_INFO (the SciFact labels) and quotes the sentence it
// relied on (prompt stance.v1). The label counts only if the quote is in the passage verbatim
// after whitespace normalisation (groundStance); otherwise it is kept for the record as
// "ungrounded" with the reason, and counts as no label. The TF-IDF cosine stays the verification
// signal; the stance is a second, labelled one (shown beside it, exported, and a REFUTES label
// escalates the draft: applyStanceGate in tribunal.h's policy).

#include "llmengine.h"

#include "pipeline/run/backends.h"

#include <memory>

namespace Sovereign::Pipeline {

// Sets status/note from the quote: "ok" when the quote is found (or the label is NOT_ENOUGH_INFO
// with no quote), else "ungrounded" with the reason.
void groundStance(Models::ClaimStance &stance);

class LlmStanceChecker final : public StanceChecker
{
public:
    explicit LlmStanceChecker(std::shared_ptr<LlmEngine> engine) : m_engine(std::move(engine)) {}
    QString backend() const override { return QStringLiteral("llm"); }
    QFuture<Result<Models::ClaimStance>> check(const QString &question, const QString &claim, const QString &passage,
                                               CancelFlag cancel) override;

private:
    std::shared_ptr<LlmEngine> m_engine;
};

} // namespace Sovereign::Pipeline
