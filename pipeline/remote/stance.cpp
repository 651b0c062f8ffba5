#include "stance.h"

#include "models/types/quote.h"

namespace Sovereign::Pipeline {

using Models::locateQuote;

void groundStance(Models::ClaimStance &s)
{
    if (s.status == QStringLiteral("failed"))
        return;
    if (s.quote.trimmed().isEmpty()) {
        if (s.label == QStringLiteral("NOT_ENOUGH_INFO")) {
            s.status = QStringLiteral("ok");
            return;
        }
        s.status = QStringLiteral("ungrounded");
        s.note = QStringLiteral("the model labelled the passage %1 but quoted nothing from it").arg(s.label);
        return;
    }
    if (locateQuote(s.passage, s.quote).first < 0) {
        s.status = QStringLiteral("ungrounded");
        s.note = QStringLiteral("the quoted sentence is not in the passage (verbatim, whitespace normalised): the %1 label is discarded").arg(s.label);
        return;
    }
    s.status = QStringLiteral("ok");
    s.note.clear();
}

QFuture<Result<Models::ClaimStance>> LlmStanceChecker::check(const QString &question, const QString &claim, const QString &passage,
                                                              CancelFlag cancel)
{
    const auto prompt = loadPrompt(QStringLiteral("stance"), 1, QStringLiteral("stance"));
    if (!prompt)
        return QtFuture::makeReadyValueFuture(Result<Models::ClaimStance>(Models::fail(prompt.error())));
    LlmTask task;
    task.prompt = *prompt;
    task.values = {{QStringLiteral("question"), question}, {QStringLiteral("claim"), claim}, {QStringLiteral("passage"), passage}};
    task.lane = QStringLiteral("stance");
    task.cancel = cancel;
    task.reader = &AnswerReader::readStance;
    return m_engine->runDetailed(task).then([passage](const LlmTranscript &t) -> Result<Models::ClaimStance> {
        if (t.failure == QStringLiteral("cancelled"))
            return Models::fail(t.failure);
        Models::ClaimStance s;
        s.passage = passage;
        s.model = t.model;
        s.rawResponse = t.rawResponse;
        if (!t.failure.isEmpty()) {
            s.label = QStringLiteral("NOT_ENOUGH_INFO");
            s.status = QStringLiteral("failed");
            s.note = t.failure;
            return s;
        }
        s.label = t.parsed.value(QStringLiteral("label")).toString();
        s.quote = t.parsed.value(QStringLiteral("quote")).toString().trimmed();
        s.rationale = t.parsed.value(QStringLiteral("rationale")).toString().trimmed();
        groundStance(s);
        return s;
    });
}

} // namespace Sovereign::Pipeline
