#include "settings.h"

#include <QSettings>

namespace Sovereign::Pipeline {

namespace {

int intOr(const QJsonObject &o, const QString &key, int fallback)
{
    const QJsonValue v = o.value(key);
    return v.isDouble() ? v.toInt(fallback) : fallback;
}

double doubleOr(const QJsonObject &o, const QString &key, double fallback)
{
    const QJsonValue v = o.value(key);
    return v.isDouble() ? v.toDouble(fallback) : fallback;
}

bool boolOr(const QJsonObject &o, const QString &key, bool fallback)
{
    const QJsonValue v = o.value(key);
    return v.isBool() ? v.toBool() : fallback;
}

QString stringOr(const QJsonObject &o, const QString &key, const QString &fallback)
{
    const QJsonValue v = o.value(key);
    return v.isString() ? v.toString() : fallback;
}

} // namespace

bool BackendChoice::anyRemote() const
{
    return search != QStringLiteral("local") || embed != QStringLiteral("local") || tribunal != QStringLiteral("rules");
}

QJsonObject BackendChoice::toJson() const
{
    return {{QStringLiteral("search"), search},       {QStringLiteral("embed"), embed},
            {QStringLiteral("extractor"), extractor}, {QStringLiteral("composer"), composer},
            {QStringLiteral("tribunal"), tribunal},   {QStringLiteral("reviser"), reviser},
            {QStringLiteral("planner"), planner},     {QStringLiteral("details"), details}};
}

BackendChoice BackendChoice::fromJson(const QJsonObject &b)
{
    BackendChoice c;
    c.search = stringOr(b, QStringLiteral("search"), c.search);
    c.embed = stringOr(b, QStringLiteral("embed"), c.embed);
    c.extractor = stringOr(b, QStringLiteral("extractor"), c.extractor);
    c.composer = stringOr(b, QStringLiteral("composer"), c.composer);
    c.tribunal = stringOr(b, QStringLiteral("tribunal"), c.tribunal);
    c.reviser = stringOr(b, QStringLiteral("reviser"), c.reviser);
    c.planner = stringOr(b, QStringLiteral("planner"), c.planner);
    c.details = b.value(QStringLiteral("details")).toObject();
    return c;
}

std::optional<QString> BackendChoice::validate(const BackendChoice &c)
{
    if (c.search != QStringLiteral("local") && c.search != QStringLiteral("arxiv"))
        return QStringLiteral("unknown search backend '%1' (use local or arxiv)").arg(c.search);
    if (c.embed != QStringLiteral("local") && c.embed != QStringLiteral("nim"))
        return QStringLiteral("unknown embeddings backend '%1' (use local or nim)").arg(c.embed);
    if (c.tribunal != QStringLiteral("rules") && c.tribunal != QStringLiteral("llm"))
        return QStringLiteral("unknown tribunal backend '%1' (use rules or llm)").arg(c.tribunal);
    return std::nullopt;
}

bool PipelineSettings::allLocal() const
{
    const auto local = [](const QString &v) {
        return v == QStringLiteral("local") || v == QStringLiteral("rules") || v == QStringLiteral("template");
    };
    return local(backends.search) && local(backends.embed) && local(backends.extractor) &&
           local(backends.composer) && local(backends.tribunal) && local(backends.reviser) &&
           local(backends.planner);
}

QJsonObject CoverageRule::toJson() const
{
    return {{QStringLiteral("min_weight_share"), minWeightShare},
            {QStringLiteral("claim_min_share"), claimMinShare},
            {QStringLiteral("generic_name_share"), genericNameShare}};
}

CoverageRule CoverageRule::fromJson(const QJsonObject &o)
{
    CoverageRule r;
    r.minWeightShare = o.value(QStringLiteral("min_weight_share")).toDouble(r.minWeightShare);
    r.claimMinShare = o.value(QStringLiteral("claim_min_share")).toDouble(r.claimMinShare);
    r.genericNameShare = o.value(QStringLiteral("generic_name_share")).toDouble(r.genericNameShare);
    return r;
}

QJsonObject PipelineSettings::toJson() const
{
    return {
        {QStringLiteral("retrieval"),
         QJsonObject{{QStringLiteral("query_count"), queryCount},
                     {QStringLiteral("hits_per_query"), hitsPerQuery},
                     {QStringLiteral("top_k"), topK},
                     {QStringLiteral("rrf_k"), rrfK},
                     {QStringLiteral("semantic_rerank"), semanticRerank}}},
        {QStringLiteral("claims"),
         QJsonObject{{QStringLiteral("max_claims"), maxClaims},
                     {QStringLiteral("min_claim_score"), minClaimScore},
                     {QStringLiteral("verify_threshold"), verifyThreshold},
                     {QStringLiteral("exclude_source_from_evidence"), excludeSourceFromEvidence}}},
        {QStringLiteral("tribunal"),
         QJsonObject{{QStringLiteral("approve_at"), approveAt},
                     {QStringLiteral("revise_at"), reviseAt},
                     {QStringLiteral("max_revision_rounds"), maxRevisionRounds},
                     {QStringLiteral("revise_on_reject"), reviseOnReject},
                     {QStringLiteral("drop_below_confidence"), dropBelowConfidence}}},
        {QStringLiteral("policy"),
         QJsonObject{{QStringLiteral("gate_question_addressed"), gateQuestionAddressed},
                     {QStringLiteral("gate_min_verified_claims"), gateMinVerifiedClaims},
                     {QStringLiteral("gate_min_verified_share"), gateMinVerifiedShare},
                     {QStringLiteral("gate_evidence_disagrees"), gateEvidenceDisagrees},
                     {QStringLiteral("question_coverage"), coverage.toJson()}}},
        {QStringLiteral("record"),
         QJsonObject{{QStringLiteral("publisher"), publisher},
                     {QStringLiteral("record_base_url"), recordBaseUrl},
                     {QStringLiteral("actor"), actor}}},
        {QStringLiteral("backends"), backends.toJson()},
    };
}

PipelineSettings PipelineSettings::fromJson(const QJsonObject &o)
{
    PipelineSettings s;
    const QJsonObject r = o.value(QStringLiteral("retrieval")).toObject();
    s.queryCount = intOr(r, QStringLiteral("query_count"), s.queryCount);
    s.hitsPerQuery = intOr(r, QStringLiteral("hits_per_query"), s.hitsPerQuery);
    s.topK = intOr(r, QStringLiteral("top_k"), s.topK);
    s.rrfK = intOr(r, QStringLiteral("rrf_k"), s.rrfK);
    s.semanticRerank = boolOr(r, QStringLiteral("semantic_rerank"), s.semanticRerank);
    const QJsonObject c = o.value(QStringLiteral("claims")).toObject();
    s.maxClaims = intOr(c, QStringLiteral("max_claims"), s.maxClaims);
    s.minClaimScore = doubleOr(c, QStringLiteral("min_claim_score"), s.minClaimScore);
    s.verifyThreshold = doubleOr(c, QStringLiteral("verify_threshold"), s.verifyThreshold);
    s.excludeSourceFromEvidence = boolOr(c, QStringLiteral("exclude_source_from_evidence"), s.excludeSourceFromEvidence);
    const QJsonObject t = o.value(QStringLiteral("tribunal")).toObject();
    s.approveAt = doubleOr(t, QStringLiteral("approve_at"), s.approveAt);
    s.reviseAt = doubleOr(t, QStringLiteral("revise_at"), s.reviseAt);
    s.maxRevisionRounds = intOr(t, QStringLiteral("max_revision_rounds"), s.maxRevisionRounds);
    s.reviseOnReject = boolOr(t, QStringLiteral("revise_on_reject"), s.reviseOnReject);
    s.dropBelowConfidence = doubleOr(t, QStringLiteral("drop_below_confidence"), s.dropBelowConfidence);
    const QJsonObject p = o.value(QStringLiteral("policy")).toObject();
    s.gateQuestionAddressed = boolOr(p, QStringLiteral("gate_question_addressed"), s.gateQuestionAddressed);
    s.gateMinVerifiedClaims = intOr(p, QStringLiteral("gate_min_verified_claims"), s.gateMinVerifiedClaims);
    s.gateMinVerifiedShare = doubleOr(p, QStringLiteral("gate_min_verified_share"), s.gateMinVerifiedShare);
    s.gateEvidenceDisagrees = boolOr(p, QStringLiteral("gate_evidence_disagrees"), s.gateEvidenceDisagrees);
    s.coverage = CoverageRule::fromJson(p.value(QStringLiteral("question_coverage")).toObject());
    const QJsonObject rec = o.value(QStringLiteral("record")).toObject();
    s.publisher = stringOr(rec, QStringLiteral("publisher"), s.publisher);
    s.recordBaseUrl = stringOr(rec, QStringLiteral("record_base_url"), s.recordBaseUrl);
    s.actor = stringOr(rec, QStringLiteral("actor"), s.actor);
    s.backends = BackendChoice::fromJson(o.value(QStringLiteral("backends")).toObject());
    return s;
}

QString ownerPublisher() { return QSettings().value(QStringLiteral("owner/publisher")).toString().trimmed(); }

void setOwnerPublisher(const QString &name) { QSettings().setValue(QStringLiteral("owner/publisher"), name.trimmed()); }

} // namespace Sovereign::Pipeline
