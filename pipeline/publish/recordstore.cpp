#include "recordstore.h"

#include "publicrecord.h"

#include "models/storage/store.h"

#include <QJsonArray>

namespace Sovereign::Pipeline {

using namespace Models;

Status rebuildPublicRecord(const std::shared_ptr<Database> &db, qint64 draftId)
{
    Store store(db);
    auto draft = store.draft(draftId);
    if (!draft)
        return fail(draft.error());
    auto run = store.run(draft->runId);
    if (!run)
        return fail(run.error());
    auto claims = store.claims(draftId, draft->currentRound);
    if (!claims)
        return fail(claims.error());
    auto revisions = store.revisions(draftId);
    if (!revisions)
        return fail(revisions.error());
    auto corrections = store.corrections(draftId);
    if (!corrections)
        return fail(corrections.error());

    RecordInput in;
    in.srchId = run->srchId;
    in.title = draft->title;
    in.question = draft->question;
    in.abstract = run->config.value(QStringLiteral("source")).toObject().value(QStringLiteral("abstract")).toString();
    in.submittedAt = run->createdAt;
    in.publishedAt = draft->publishedAt;
    in.generatedAt = QDateTime::currentDateTimeUtc();
    in.reviewScore = draft->score.value_or(0);
    in.verdict = draft->verdict;
    in.claims = *claims;
    in.settings = PipelineSettings::fromJson(run->config);
    if (in.settings.publisher.trimmed().isEmpty())
        in.settings.publisher = ownerPublisher(); // the owner's setting at the time the record is (re)built
    in.configRecorded = !run->config.isEmpty();
    in.corrections = *corrections;
    for (const DraftRevision &r : std::as_const(*revisions))
        if (r.round == draft->currentRound) {
            in.sections = r.sections;
            in.referenceCount = int(r.sections.value(QStringLiteral("references")).toArray().size());
        }
    const QJsonObject record = buildPublicRecord(in);
    const QSqlDatabase conn = db->connection();
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("store public record: %1").arg(tx.error()));
    if (auto ok = store.savePublicRecord(draftId, run->srchId, record); !ok)
        return ok;
    draft->qualityTier = record.value(QStringLiteral("quality_tier")).toObject().value(QStringLiteral("tier")).toString();
    if (auto ok = store.updateDraft(*draft); !ok)
        return ok;
    return tx.commit();
}

Result<QJsonObject> draftSummaryJson(const std::shared_ptr<Database> &db, qint64 draftId)
{
    Store store(db);
    auto draft = store.draft(draftId);
    if (!draft)
        return fail(draft.error());
    auto run = store.run(draft->runId);
    if (!run)
        return fail(run.error());
    auto claims = store.claims(draftId, draft->currentRound);
    if (!claims)
        return fail(claims.error());
    auto reviews = store.reviews(draftId);
    if (!reviews)
        return fail(reviews.error());
    auto record = store.publicRecord(draftId);

    QJsonArray claimRows;
    for (const Claim &c : std::as_const(*claims))
        claimRows.append(QJsonObject{{QStringLiteral("ordinal"), c.ordinal},
                                     {QStringLiteral("text"), c.text},
                                     {QStringLiteral("verified"), c.effectiveVerified()},
                                     {QStringLiteral("confidence"), c.confidence},
                                     {QStringLiteral("status"), toText(c.status)},
                                     {QStringLiteral("addresses_question"), c.addressesQuestion},
                                     {QStringLiteral("evidence_paper_id"), c.evidencePaperId}});
    QJsonArray reviewRows;
    for (const Review &r : std::as_const(*reviews)) {
        QJsonArray issues;
        for (const ReviewIssue &i : r.issues)
            issues.append(QJsonObject{{QStringLiteral("claim"), i.claimOrdinal}, {QStringLiteral("section"), i.section},
                                      {QStringLiteral("severity"), i.severity}, {QStringLiteral("text"), i.text}});
        QJsonArray signalRows;
        for (const ReviewSignal &s : r.scoredSignals)
            signalRows.append(QJsonObject{{QStringLiteral("name"), s.name}, {QStringLiteral("value"), s.value},
                                          {QStringLiteral("deduction"), s.deduction}});
        reviewRows.append(QJsonObject{{QStringLiteral("round"), r.round},
                                      {QStringLiteral("role"), toText(r.role)},
                                      {QStringLiteral("score"), r.score},
                                      {QStringLiteral("verdict"), toText(r.verdict)},
                                      {QStringLiteral("rationale"), r.rationale},
                                      {QStringLiteral("backend"), r.backend},
                                      {QStringLiteral("issues"), issues},
                                      {QStringLiteral("signals"), signalRows}});
    }
    return QJsonObject{
        {QStringLiteral("srch_id"), run->srchId},
        {QStringLiteral("draft_id"), draft->id},
        {QStringLiteral("run_id"), run->id},
        {QStringLiteral("run_status"), toText(run->status)},
        {QStringLiteral("title"), draft->title},
        {QStringLiteral("question"), draft->question},
        {QStringLiteral("source"), run->sourceRef},
        {QStringLiteral("state"), toText(draft->state)},
        {QStringLiteral("score"), draft->score ? QJsonValue(*draft->score) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("verdict"), draft->verdict ? QJsonValue(toText(*draft->verdict)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("revision_round"), draft->currentRound},
        {QStringLiteral("policy"), draft->policy ? QJsonValue(toText(*draft->policy)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("policy_reason"), draft->policyReason},
        {QStringLiteral("papers_retrieved"), draft->papersRetrieved},
        {QStringLiteral("claims_extracted"), draft->claimsExtracted},
        {QStringLiteral("claims_verified"), draft->claimsVerified},
        {QStringLiteral("quality_tier"), draft->qualityTier},
        {QStringLiteral("published_at"), draft->publishedAt.isValid() ? QJsonValue(toIso(draft->publishedAt)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("claims"), claimRows},
        {QStringLiteral("reviews"), reviewRows},
        {QStringLiteral("config"), run->config},
        {QStringLiteral("record"), record ? QJsonValue(*record) : QJsonValue(QJsonValue::Null)},
    };
}

} // namespace Sovereign::Pipeline
