#include "manifestexport.h"

#include "owneractions.h"

#include <QJsonArray>

namespace Sovereign::Pipeline {

using namespace Models;

namespace {

struct ContractSpec
{
    const char *name;
    bool required;
};

// Required: the four recovered contracts and our provenance extension; gate-verdict only when the
// record has one (newer pages).
constexpr ContractSpec Contracts[] = {
    {"verification-levels-v1", true}, {"quality-tiers-v1", true},    {"quality-dimensions-v1", true},
    {"correction-record-v1", true},   {"source-provenance-v1", true}, {"gate-verdict-v1", false},
};

QString contractKey(const QString &name)
{
    // "quality-tiers-v1" -> "quality_tiers"
    QString k = name;
    k.chop(3);
    return k.replace(u'-', u'_');
}

} // namespace

QString fileStem(const Draft &draft) { return QString(draft.srchId).replace(u':', u'-'); }

Result<QList<ContractFile>> contractFiles(const PaperExport &paper)
{
    if (paper.publicRecord.isEmpty())
        return fail(QStringLiteral("draft %1 has no public record; it is computed when the draft is published")
                        .arg(paper.draft.id));
    QList<ContractFile> out;
    for (const ContractSpec &spec : Contracts) {
        const QString name = QLatin1StringView(spec.name);
        QJsonObject o = findContract(paper.publicRecord, name);
        if (o.isEmpty()) {
            if (spec.required)
                return fail(QStringLiteral("the public record of draft %1 has no %2 object; rebuild the record")
                                .arg(paper.draft.id)
                                .arg(name));
            continue;
        }
        if (name == QStringLiteral("correction-record-v1")) {
            const int recorded = o.value(QStringLiteral("correction_count")).toInt(-1);
            if (recorded != paper.corrections.size())
                return fail(QStringLiteral("the public record of draft %1 is older than its corrections (it counts "
                                           "%2, the draft has %3); rebuild the record before exporting")
                                .arg(paper.draft.id)
                                .arg(recorded)
                                .arg(paper.corrections.size()));
        }
        out.append({name + QStringLiteral(".json"), o});
    }
    return out;
}

Result<QJsonObject> paperManifest(const PaperExport &paper, const QList<ExportedArtifact> &artifacts)
{
    auto contracts = contractFiles(paper);
    if (!contracts)
        return fail(contracts.error());
    QJsonObject contractObjects;
    for (const ContractFile &f : *contracts)
        contractObjects.insert(contractKey(f.fileName.chopped(5)), f.json);

    const QJsonObject tier = findContract(paper.publicRecord, QStringLiteral("quality-tiers-v1"));
    const QJsonObject level = findContract(paper.publicRecord, QStringLiteral("verification-levels-v1"));
    const QJsonObject corr = findContract(paper.publicRecord, QStringLiteral("correction-record-v1"));

    QJsonObject approval;
    for (const Decision &d : paper.decisions)
        if (d.action == DecisionAction::Approve || d.action == DecisionAction::AutoApprove)
            approval = {{QStringLiteral("action"), toText(d.action)},
                        {QStringLiteral("actor"), d.actor},
                        {QStringLiteral("decided_at"), toIso(d.decidedAt)}};

    QJsonArray claims;
    for (const Claim &c : paper.claims) {
        const QString current = OwnerActions::currentClaimText(c, paper.corrections);
        claims.append(QJsonObject{{QStringLiteral("ordinal"), c.ordinal},
                                  {QStringLiteral("published_text"), c.text},
                                  {QStringLiteral("current_text"), current},
                                  {QStringLiteral("corrected"), current != c.text},
                                  {QStringLiteral("verified"), c.effectiveVerified()},
                                  {QStringLiteral("owner_override"), c.verifiedOverride.has_value()},
                                  {QStringLiteral("confidence"), c.confidence}});
    }
    QJsonArray refs;
    for (const ExportReference &r : paper.references)
        refs.append(QJsonObject{{QStringLiteral("title"), r.title},
                                {QStringLiteral("arxiv_id"), r.arxivId},
                                {QStringLiteral("url"), r.url.isValid() ? r.url.toString() : QString()}});
    QJsonArray arts;
    for (const ExportedArtifact &a : artifacts)
        arts.append(QJsonObject{{QStringLiteral("type"), a.type},
                                {QStringLiteral("file"), a.fileName},
                                {QStringLiteral("media_type"), a.mediaType},
                                {QStringLiteral("sha256"), QString::fromLatin1(a.sha256)},
                                {QStringLiteral("bytes"), a.bytes}});

    return QJsonObject{
        {QStringLiteral("schema"), QLatin1StringView(ManifestSchema)},
        {QStringLiteral("schema_version"), QLatin1StringView(ManifestContractVersion)},
        {QStringLiteral("contract_version"), QLatin1StringView(ManifestContractVersion)},
        {QStringLiteral("x_project_extension"),
         QJsonObject{{QStringLiteral("defined_by"), QStringLiteral("Sovereign Workbench")},
                     {QStringLiteral("reason"), QStringLiteral("the published paper-manifest-v1 schema could not be "
                                                               "recovered; this shape is the project's own")},
                     {QStringLiteral("documentation"), QStringLiteral("docs/publication.md#paper-manifest")}}},
        {QStringLiteral("generated_from"), QStringLiteral("Sovereign Workbench " SOVEREIGN_VERSION)},
        {QStringLiteral("generated_at"), toIso(QDateTime::currentDateTimeUtc())},
        {QStringLiteral("work"),
         QJsonObject{{QStringLiteral("srch_id"), paper.draft.srchId},
                     {QStringLiteral("title"), paper.draft.title},
                     {QStringLiteral("research_question"), paper.draft.question},
                     {QStringLiteral("source_ref"), paper.run.sourceRef},
                     {QStringLiteral("source_title"), paper.run.sourceTitle},
                     {QStringLiteral("published_at"), toIso(paper.draft.publishedAt)},
                     {QStringLiteral("state"), toText(paper.draft.state)},
                     {QStringLiteral("approval"), approval}}},
        {QStringLiteral("quality"),
         QJsonObject{{QStringLiteral("tier"), tier.value(QStringLiteral("tier"))},
                     {QStringLiteral("review_score"), paper.draft.score ? QJsonValue(*paper.draft.score) : QJsonValue()},
                     {QStringLiteral("verification_level"), level.value(QStringLiteral("paper_level"))},
                     {QStringLiteral("verification_label"), level.value(QStringLiteral("paper_level_label"))}}},
        {QStringLiteral("correction_state"), corr.value(QStringLiteral("correction_state"))},
        {QStringLiteral("correction_count"), paper.corrections.size()},
        {QStringLiteral("artifacts"), arts},
        {QStringLiteral("claims"), claims},
        {QStringLiteral("references"), refs},
        {QStringLiteral("contracts"), contractObjects},
        {QStringLiteral("ledger_anchor"), paper.anchor.toJson()},
        {QStringLiteral("limitations"),
         QJsonArray{QStringLiteral("Machine-generated synthesis of existing literature; not primary research."),
                    QStringLiteral("Claim verification is lexical (TF-IDF cosine), a weak signal of support.")}},
    };
}

} // namespace Sovereign::Pipeline
