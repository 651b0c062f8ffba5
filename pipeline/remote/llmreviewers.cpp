#include "llmreviewers.h"

#include "pipeline/review/rulereviewers.h"

#include <QJsonArray>

namespace Sovereign::Pipeline {

using Models::Claim;
using Models::ClaimStatus;
using Models::Review;

namespace {

QString promptName(Models::Role role) { return QStringLiteral("review.") + Models::toText(role).toLower(); }

QString claimsTable(const QList<Claim> &claims)
{
    QStringList lines;
    for (const Claim &c : claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        lines << QStringLiteral("[%1] (%2, confidence %3) %4%5")
                     .arg(c.ordinal)
                     .arg(c.effectiveVerified() ? QStringLiteral("verified") : QStringLiteral("unverified"))
                     .arg(c.confidence, 0, 'f', 3)
                     .arg(c.text)
                     .arg(c.evidencePassage.isEmpty() ? QString() : QStringLiteral("\n    evidence: ") + c.evidencePassage.left(400));
    }
    return lines.join(u'\n');
}

QString evidenceList(const QList<Claim> &claims)
{
    QStringList lines;
    for (const Claim &c : claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        lines << (c.evidencePassage.isEmpty() ? QStringLiteral("  [%1] (no passage found)").arg(c.ordinal)
                                              : QStringLiteral("  [%1] %2").arg(c.ordinal).arg(c.evidencePassage.left(500)));
    }
    return lines.isEmpty() ? QStringLiteral("  (no claims)") : lines.join(u'\n');
}

} // namespace

Review LlmReviewer::failedReview(Models::Role role, const ReviewRequest &request, const LlmTranscript &t)
{
    Review r;
    r.role = role;
    r.round = request.round;
    r.score = 0;
    r.verdict = Models::Verdict::Reject;
    r.failure = t.failure;
    r.rationale = QStringLiteral("No usable answer: %1").arg(t.failure);
    r.scoredSignals = {{QStringLiteral("model_calls"), QString::number(t.calls), 0,
                        t.repaired ? QStringLiteral("the first reply was unusable; one repair request") : QString()}};
    r.backend = QStringLiteral("llm");
    r.model = t.model;
    r.prompt = t.prompt;
    r.rawResponse = t.rawResponse;
    r.parsed = QJsonObject{{QStringLiteral("failure"), t.failure}};
    r.latencyMs = t.latencyMs;
    r.promptTokens = t.promptTokens;
    r.completionTokens = t.completionTokens;
    r.createdAt = QDateTime::currentDateTimeUtc();
    return r;
}

LlmReviewer::LlmReviewer(Models::Role role, std::shared_ptr<LlmEngine> engine)
    : m_role(role)
    , m_engine(std::move(engine))
{
}

Review LlmReviewer::toReview(Models::Role role, const ReviewRequest &request, const LlmTranscript &t)
{
    Review r;
    r.role = role;
    r.round = request.round;
    r.score = std::clamp(t.parsed.value(QStringLiteral("score")).toDouble(), 0.0, 10.0);
    r.verdict = verdictFor(r.score, request.settings);
    r.rationale = t.parsed.value(QStringLiteral("rationale")).toString().trimmed();
    QSet<int> ordinals;
    for (const Claim &c : request.claims)
        ordinals.insert(c.ordinal);
    for (const QJsonValue &v : t.parsed.value(QStringLiteral("issues")).toArray()) {
        const QJsonObject o = v.toObject();
        Models::ReviewIssue issue;
        issue.claimOrdinal = o.value(QStringLiteral("claim")).toInt();
        if (!ordinals.contains(issue.claimOrdinal))
            issue.claimOrdinal = 0;
        issue.section = o.value(QStringLiteral("section")).toString().trimmed();
        issue.severity = o.value(QStringLiteral("severity")).toString();
        issue.text = o.value(QStringLiteral("text")).toString().trimmed();
        r.issues.append(issue);
    }
    // Not deductions: how the answer was obtained, shown with the transcript.
    r.scoredSignals = {
        {QStringLiteral("model_calls"), QString::number(t.calls), 0, t.repaired ? QStringLiteral("the first reply was unusable; one repair request") : QString()},
        {QStringLiteral("answer_reading"), t.readingNotes.isEmpty() ? QStringLiteral("as asked") : QStringLiteral("lenient"), 0,
         t.readingNotes.join(QStringLiteral("; "))},
        {QStringLiteral("structured_output"), t.structuredOutput ? QStringLiteral("json_schema") : QStringLiteral("none"), 0, {}},
        {QStringLiteral("model_verdict"), t.parsed.value(QStringLiteral("verdict")).toString(), 0,
         QStringLiteral("the stored verdict follows from the score and the run's thresholds")},
    };
    r.backend = QStringLiteral("llm");
    r.model = t.model;
    r.prompt = t.prompt;
    r.rawResponse = t.rawResponse;
    r.parsed = t.parsed;
    r.latencyMs = t.latencyMs;
    r.promptTokens = t.promptTokens;
    r.completionTokens = t.completionTokens;
    r.createdAt = QDateTime::currentDateTimeUtc();
    return r;
}

QFuture<ReviewResult> LlmReviewer::review(const ReviewRequest &request, CancelFlag cancel)
{
    const auto prompt = loadPrompt(promptName(m_role), 1, QStringLiteral("review"));
    if (!prompt)
        return QtFuture::makeReadyValueFuture(ReviewResult(Models::fail(prompt.error())));
    LlmTask task;
    task.prompt = *prompt;
    task.values = {{QStringLiteral("question"), request.question},
                   {QStringLiteral("review_input"), renderReviewInput(request)},
                   {QStringLiteral("evidence"), evidenceList(request.claims)}};
    task.lane = Models::toText(m_role);
    task.onToken = request.onToken;
    task.cancel = cancel;
    task.reader = &AnswerReader::readReview;
    const Models::Role role = m_role;
    return m_engine->runDetailed(task).then([role, request](const LlmTranscript &t) -> ReviewResult {
        if (t.failure == QStringLiteral("cancelled"))
            return Models::fail(t.failure);
        if (!t.failure.isEmpty())
            return failedReview(role, request, t);
        return toReview(role, request, t);
    });
}

ReviewerFactory llmReviewerFactory(std::shared_ptr<LlmEngine> engine)
{
    return [engine](Models::Role role) -> std::shared_ptr<Reviewer> { return std::make_shared<LlmReviewer>(role, engine); };
}

Models::Result<RevisionOutcome> LlmReviser::revise(const RevisionRequest &request, const CancelFlag &cancel)
{
    const auto prompt = loadPrompt(QStringLiteral("reviser"), 1, QStringLiteral("reviser"));
    if (!prompt)
        return Models::fail(prompt.error());
    QStringList issues;
    for (const Review &r : request.reviews) {
        for (const Models::ReviewIssue &i : r.issues) {
            const QString where = i.claimOrdinal > 0 ? QStringLiteral("claim #%1").arg(i.claimOrdinal)
                                                      : (i.section.isEmpty() ? QStringLiteral("draft") : i.section);
            issues << QStringLiteral("- %1 (%2, %3): %4").arg(Models::toText(r.role), where, i.severity, i.text);
        }
    }
    LlmTask task;
    task.prompt = *prompt;
    task.values = {{QStringLiteral("question"), request.questionTerms.join(u' ')},
                   {QStringLiteral("owner_note"), request.ownerNote.isEmpty() ? QString() : QStringLiteral("Owner's note: ") + request.ownerNote + u'\n'},
                   {QStringLiteral("claims"), claimsTable(request.claims)},
                   {QStringLiteral("issues"), issues.isEmpty() ? QStringLiteral("(none)") : issues.join(u'\n')}};
    task.lane = QStringLiteral("reviser");
    task.cancel = cancel;
    task.reader = &AnswerReader::readReviser;
    const auto t = m_engine->runBlocking(task);
    if (!t)
        return Models::fail(t.error());
    m_last = *t;
    return toOutcome(request, t->parsed);
}

RevisionOutcome LlmReviser::toOutcome(const RevisionRequest &request, const QJsonObject &answer)
{
    QHash<int, QJsonObject> decisions;
    for (const QJsonValue &v : answer.value(QStringLiteral("claims")).toArray())
        decisions.insert(v.toObject().value(QStringLiteral("ordinal")).toInt(), v.toObject());
    RevisionOutcome out;
    QList<Claim> kept, dropped;
    QStringList refused;
    for (const Claim &c : request.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        Claim n = c;
        n.id = 0;
        n.round = request.round;
        n.status = ClaimStatus::Kept;
        const QJsonObject d = decisions.value(c.ordinal);
        const QString action = d.value(QStringLiteral("action")).toString(QStringLiteral("keep"));
        const QString text = d.value(QStringLiteral("text")).toString().simplified();
        if (action == QStringLiteral("drop")) {
            if (c.effectiveVerified()) {
                refused << QString::number(c.ordinal);
            } else {
                n.status = ClaimStatus::Dropped;
                dropped.append(n);
                continue;
            }
        } else if (action == QStringLiteral("soften") && !text.isEmpty() && text != c.text.simplified()) {
            n.text = text;
            n.status = ClaimStatus::Softened;
        }
        kept.append(n);
    }
    int ordinal = 0;
    for (Claim &c : kept) {
        c.ordinal = ++ordinal;
        if (c.status == ClaimStatus::Softened) {
            out.changedOrdinals.append(c.ordinal);
            ++out.softened;
        }
    }
    for (Claim &c : dropped)
        c.ordinal = ++ordinal;
    out.claims = kept + dropped;
    out.dropped = int(dropped.size());
    for (const QJsonValue &n : answer.value(QStringLiteral("notes")).toArray()) {
        if (!n.toString().trimmed().isEmpty())
            out.notes << n.toString().trimmed();
    }
    if (!refused.isEmpty())
        out.notes << QStringLiteral("The LLM reviser asked to drop verified claims %1; they were kept.").arg(refused.join(QStringLiteral(", ")));
    out.reason = answer.value(QStringLiteral("reason")).toString().trimmed();
    if (out.reason.isEmpty())
        out.reason = QStringLiteral("LLM revision of round %1: %2 softened, %3 dropped").arg(request.round - 1).arg(out.softened).arg(out.dropped);
    return out;
}

} // namespace Sovereign::Pipeline
