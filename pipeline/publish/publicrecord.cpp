#include "publicrecord.h"

#include "pipeline/verify/judgment.h"

#include "models/types/json.h"
#include "resources/datafiles.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSet>

#include <cmath>

namespace Sovereign::Pipeline {

using Models::Claim;
using Models::ClaimStatus;

namespace {

QJsonObject readTable(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error += QStringLiteral("cannot read %1: %2; ").arg(path, f.errorString());
        return {};
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (!doc.isObject()) {
        *error += QStringLiteral("%1 is not a JSON object: %2; ").arg(path, pe.errorString());
        return {};
    }
    return doc.object();
}

QJsonObject header(const QJsonObject &table)
{
    return {{QStringLiteral("schema"), table.value(QStringLiteral("schema"))},
            {QStringLiteral("schema_version"), table.value(QStringLiteral("schema_version"))},
            {QStringLiteral("contract_version"), table.value(QStringLiteral("contract_version"))}};
}

QJsonObject withHeader(const QJsonObject &table, const QJsonObject &body)
{
    QJsonObject o = header(table);
    for (auto it = body.constBegin(); it != body.constEnd(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QString iso(const QDateTime &t) { return t.isValid() ? Models::toIso(t) : QString(); }
QJsonValue isoOrNull(const QDateTime &t) { return t.isValid() ? QJsonValue(Models::toIso(t)) : QJsonValue(QJsonValue::Null); }

double round2(double v) { return std::round(v * 100.0) / 100.0; }

struct Counts
{
    int claims = 0;
    int verified = 0;
    int withCitedEvidence = 0;
    double meanConfidence = 0;
    JudgmentSummary j; // corroboration, disagreements, numbers (judgment.h)
};

Counts count(const RecordInput &in)
{
    Counts c;
    double sum = 0;
    for (const Claim &claim : in.claims) {
        if (claim.status == ClaimStatus::Dropped)
            continue;
        ++c.claims;
        sum += claim.confidence;
        c.verified += claim.effectiveVerified() ? 1 : 0;
        c.withCitedEvidence += (claim.evidencePaperId != 0 && claim.confidence > 0) ? 1 : 0;
    }
    c.meanConfidence = c.claims ? sum / c.claims : 0;
    c.j = summarize(in.claims);
    return c;
}

QString generatedFrom(const RecordInput &in)
{
    return QStringLiteral("Sovereign Workbench pipeline run %1 (%2 claims, tribunal score %3)")
        .arg(in.srchId, QString::number(count(in).claims), QString::number(in.reviewScore, 'f', 2));
}

QString fill(QString text, const QHash<QString, QString> &values)
{
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        text.replace(u'{' + it.key() + u'}', it.value());
    return text;
}

} // namespace

const ContractTables &ContractTables::builtin()
{
    static const ContractTables tables = [] {
        return load(Resources::locate(QStringLiteral("contracts")));
    }();
    return tables;
}

ContractTables ContractTables::load(const QString &dir)
{
    ContractTables t;
    const QDir d(dir);
    t.ladder = readTable(d.filePath(QStringLiteral("verification-ladder.json")), &t.error);
    t.tiers = readTable(d.filePath(QStringLiteral("quality-tiers.json")), &t.error);
    t.dimensions = readTable(d.filePath(QStringLiteral("quality-dimensions.json")), &t.error);
    t.correction = readTable(d.filePath(QStringLiteral("correction-record.json")), &t.error);
    t.provenance = readTable(d.filePath(QStringLiteral("provenance.json")), &t.error);
    t.gate = readTable(d.filePath(QStringLiteral("gate-verdict.json")), &t.error);
    return t;
}

// ---- quality tier -------------------------------------------------------------------------

TierChoice chooseQualityTier(double score, int verified, const QString &repro, const ContractTables &tables)
{
    const QJsonObject &t = tables.tiers;
    QHash<QString, QJsonObject> bands;
    for (const QJsonValue &v : t.value(QStringLiteral("thresholds")).toArray())
        bands.insert(v.toObject().value(QStringLiteral("tier")).toString(), v.toObject());
    const double quarantineBelow = t.value(QStringLiteral("quarantine_below")).toDouble(5.0);
    const auto matches = [&](const QString &tier) {
        const QJsonObject b = bands.value(tier);
        if (tier == QStringLiteral("QUARANTINE_CANDIDATE"))
            return score < quarantineBelow;
        if (b.contains(QStringLiteral("minimum_review_score")) && score < b.value(QStringLiteral("minimum_review_score")).toDouble())
            return false;
        if (b.contains(QStringLiteral("maximum_review_score")) && score > b.value(QStringLiteral("maximum_review_score")).toDouble())
            return false;
        if (b.contains(QStringLiteral("minimum_verified_claim_count")) &&
            verified < b.value(QStringLiteral("minimum_verified_claim_count")).toInt())
            return false;
        if (b.contains(QStringLiteral("required_reproducibility_level")) &&
            repro != b.value(QStringLiteral("required_reproducibility_level")).toString())
            return false;
        return !b.isEmpty();
    };
    QString chosen;
    for (const QJsonValue &v : t.value(QStringLiteral("evaluation_order")).toArray())
        if (matches(v.toString())) {
            chosen = v.toString();
            break;
        }
    if (chosen.isEmpty())
        chosen = QStringLiteral("QUARANTINE_CANDIDATE"); // unreachable with the shipped table

    // Why it is not DOI grade, in plain terms (Watchlist and Public record bases).
    const QJsonObject doi = bands.value(QStringLiteral("DOI_GRADE"));
    QStringList shortfall;
    if (score < doi.value(QStringLiteral("minimum_review_score")).toDouble())
        shortfall.append(QStringLiteral("the review score %1 is below %2")
                             .arg(QString::number(score, 'f', 2), QString::number(doi.value(QStringLiteral("minimum_review_score")).toDouble())));
    if (verified < doi.value(QStringLiteral("minimum_verified_claim_count")).toInt())
        shortfall.append(QStringLiteral("%1 verified claims is below %2")
                             .arg(verified).arg(doi.value(QStringLiteral("minimum_verified_claim_count")).toInt()));
    if (shortfall.isEmpty())
        shortfall.append(QStringLiteral("the review score %1 sits between the bands").arg(QString::number(score, 'f', 2)));
    TierChoice c;
    c.tier = chosen;
    c.label = t.value(QStringLiteral("labels")).toObject().value(chosen).toString(chosen);
    c.basis = fill(t.value(QStringLiteral("basis")).toObject().value(chosen).toString(),
                   {{QStringLiteral("score"), QString::number(score, 'f', 2)},
                    {QStringLiteral("verified"), QString::number(verified)},
                    {QStringLiteral("repro"), repro},
                    {QStringLiteral("quarantine"), QString::number(quarantineBelow, 'f', 1)},
                    {QStringLiteral("shortfall"), shortfall.join(QStringLiteral(" and "))}});
    return c;
}

QString levelForScore(std::optional<double> score, const ContractTables &tables)
{
    if (!score)
        return QStringLiteral("UNASSESSED");
    for (const QJsonValue &v : tables.dimensions.value(QStringLiteral("level_bands")).toArray())
        if (*score >= v.toObject().value(QStringLiteral("minimum")).toDouble())
            return v.toObject().value(QStringLiteral("level")).toString();
    return QStringLiteral("LOW");
}

// ---- verification level -------------------------------------------------------------------

QJsonObject verificationLevel(const RecordInput &in, const ContractTables &tables)
{
    const QJsonObject &t = tables.ladder;
    const Counts c = count(in);
    // The counters the ladder is defined over. Only source-grounded claims can be non-zero here:
    // the pipeline publishes no per-claim records and does no corroboration, inspection,
    // sandbox runs, reproduction or external review. Word-overlap verification is not counted
    // as cross-source corroboration.
    const QJsonObject summary{
        {QStringLiteral("source_grounded_claims"), c.claims},
        {QStringLiteral("aggregate_claim_records"), c.claims},
        {QStringLiteral("claim_record_source"), t.value(QStringLiteral("claim_record_source"))},
        {QStringLiteral("per_claim_public_records"), QJsonArray()},
        {QStringLiteral("per_claim_public_record_count"), 0},
        {QStringLiteral("cross_source_corroborated_claims"), 0},
        {QStringLiteral("artifact_inspected_claims"), 0},
        {QStringLiteral("sandbox_executed_claims"), 0},
        {QStringLiteral("independently_reproduced_claims"), 0},
        {QStringLiteral("externally_reviewed_or_formally_verified_claims"), 0},
    };
    const auto counterValue = [&](const QString &counter) {
        if (counter.isEmpty())
            return 1; // level 0: always
        if (counter == QStringLiteral("draft"))
            return 1; // a record exists only for a composed draft
        return summary.value(counter).toInt();
    };
    QJsonArray levels, unsupported;
    int reached = 0;
    QJsonObject reachedLevel;
    bool stillClimbing = true;
    for (const QJsonValue &v : t.value(QStringLiteral("levels")).toArray()) {
        const QJsonObject level = v.toObject();
        const QJsonObject rule = level.value(QStringLiteral("earned_by")).toObject();
        const bool earned = stillClimbing && counterValue(rule.value(QStringLiteral("counter")).toString()) >=
                                                 rule.value(QStringLiteral("minimum")).toInt();
        QJsonObject row{{QStringLiteral("level"), level.value(QStringLiteral("level"))},
                        {QStringLiteral("key"), level.value(QStringLiteral("key"))},
                        {QStringLiteral("label"), level.value(QStringLiteral("label"))},
                        {QStringLiteral("requirement"), rule.value(QStringLiteral("rule"))},
                        {QStringLiteral("counter"), rule.value(QStringLiteral("counter"))},
                        {QStringLiteral("reached"), earned}};
        levels.append(row);
        if (earned) {
            reached = level.value(QStringLiteral("level")).toInt();
            reachedLevel = level;
        } else {
            stillClimbing = false;
            unsupported.append(row);
        }
    }
    const QString label = reachedLevel.value(QStringLiteral("label")).toString();
    return withHeader(t, {
        {QStringLiteral("paper_level"), reached},
        {QStringLiteral("paper_level_key"), reachedLevel.value(QStringLiteral("key")).toString()},
        {QStringLiteral("paper_level_label"), label},
        {QStringLiteral("basis"), reached >= 2 ? QStringLiteral("%1 claims were extracted from the parsed source and checked "
                                                                "against retrieved literature.").arg(c.claims)
                                               : QStringLiteral("A literature synthesis with no source-grounded claim.")},
        {QStringLiteral("generated_from"), generatedFrom(in)},
        {QStringLiteral("claim_summary"), summary},
        {QStringLiteral("artifact_types"), t.value(QStringLiteral("artifact_types"))},
        {QStringLiteral("levels"), levels},
        {QStringLiteral("unsupported_upper_levels"), unsupported},
        {QStringLiteral("enforcement"), t.value(QStringLiteral("enforcement"))},
        {QStringLiteral("limitations"), t.value(QStringLiteral("limitations"))},
    });
}

QJsonObject gateVerdict(const RecordInput &in, const ContractTables &tables)
{
    Q_UNUSED(in)
    const QJsonObject &t = tables.gate;
    QJsonObject status;
    for (const QJsonValue &v : t.value(QStringLiteral("statuses")).toArray())
        if (v.toObject().value(QStringLiteral("status")).toString() == QStringLiteral("UNVERIFIED"))
            status = v.toObject();
    return withHeader(t, {
        {QStringLiteral("status"), QStringLiteral("UNVERIFIED")},
        {QStringLiteral("label"), status.value(QStringLiteral("label"))},
        {QStringLiteral("definition"), status.value(QStringLiteral("definition"))},
        {QStringLiteral("reason"), QStringLiteral("No Lean4 proof or sandbox reproduction is attached: the local pipeline "
                                                  "produces literature syntheses only.")},
        {QStringLiteral("evaluated_at"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("gate"), t.value(QStringLiteral("gate"))},
        {QStringLiteral("enforcement"), t.value(QStringLiteral("enforcement"))},
    });
}

// ---- dimensions ---------------------------------------------------------------------------

QJsonObject qualityDimensions(const RecordInput &in, const ContractTables &tables)
{
    const QJsonObject &t = tables.dimensions;
    const Counts c = count(in);
    const double threshold = in.settings.verifyThreshold > 0 ? in.settings.verifyThreshold : DefaultVerifyThreshold;

    // Rules (README "Public record"): each gives a 0-10 score or nullopt (UNASSESSED).
    QHash<QString, std::pair<std::optional<double>, QString>> assessed;
    if (c.claims > 0) {
        // Corroborated, not merely verified: a claim whose passage disagrees with it or is about a
        // different subject does not count, and any such claim keeps the level below HIGH.
        const double ratio = double(c.verified) / c.claims;
        const double corroborated = double(c.j.corroborated) / c.claims;
        const double conf = std::min(1.0, c.meanConfidence / (2.0 * threshold));
        double strength = round2(10.0 * (0.6 * corroborated + 0.4 * conf));
        const int notCorroborated = int(c.j.disputed.size() + c.j.differentSubject.size());
        if (notCorroborated > 0)
            strength = std::min(strength, 6.99);
        QString basis = QStringLiteral("%1 of %2 claims verified and corroborated; mean best cosine %3 (10 x (0.6 x corroborated "
                                       "share + 0.4 x min(1, mean cosine / %4))).")
                            .arg(c.j.corroborated).arg(c.claims).arg(QString::number(c.meanConfidence, 'f', 3))
                            .arg(QString::number(2.0 * threshold));
        if (!c.j.differentSubject.isEmpty())
            basis += QStringLiteral(" %1 verified by similar wording about a different subject, not corroborated.")
                         .arg(c.j.differentSubject.size() == 1 ? QStringLiteral("1 claim is") : QStringLiteral("%1 claims are").arg(c.j.differentSubject.size()));
        if (!c.j.disputed.isEmpty())
            basis += QStringLiteral(" The evidence disagrees with %1.")
                         .arg(c.j.disputed.size() == 1 ? QStringLiteral("1 claim") : QStringLiteral("%1 claims").arg(c.j.disputed.size()));
        if (notCorroborated > 0)
            basis += QStringLiteral(" Capped below HIGH because not every verified claim is corroborated.");
        assessed.insert(QStringLiteral("evidence_strength"), {strength, basis});
        // Numerical consistency: every quantity in a claim found in the source, none contradicted
        // by its evidence. Assessed only when some claim states a number.
        if (c.j.withNumbers > 0) {
            QSet<int> off(c.j.numbersOff.cbegin(), c.j.numbersOff.cend());
            for (const Claim &claim : in.claims) {
                const ClaimChecks k = ClaimChecks::fromJson(claim.checks);
                if (claim.status != ClaimStatus::Dropped && k.disagreement && k.disagreement->kind == QStringLiteral("number"))
                    off.insert(claim.ordinal);
            }
            const int consistent = std::max(0, c.j.withNumbers - int(off.size()));
            assessed.insert(QStringLiteral("numerical_consistency"),
                            {round2(10.0 * consistent / c.j.withNumbers),
                             QStringLiteral("%1 of %2 claims stating numbers have every number in the source text and none "
                                            "contradicted by its evidence passage (10 x consistent share).")
                                 .arg(consistent).arg(c.j.withNumbers)});
        }
        const double tied = double(c.withCitedEvidence) / c.claims;
        assessed.insert(QStringLiteral("citation_grounding"),
                        {round2(10.0 * (0.5 * tied + 0.5 * ratio)),
                         QStringLiteral("%1 of %2 claims are tied to a passage of a cited paper, %3 above the threshold "
                                        "(10 x (0.5 x tied share + 0.5 x verified share)).")
                             .arg(c.withCitedEvidence).arg(c.claims).arg(c.verified)});
    } else {
        assessed.insert(QStringLiteral("evidence_strength"), {std::nullopt, QStringLiteral("No claim to assess.")});
        assessed.insert(QStringLiteral("citation_grounding"), {std::nullopt, QStringLiteral("No claim to assess.")});
    }
    const QString unc = in.sections.value(QStringLiteral("uncertainties")).toString();
    if (unc.isEmpty()) {
        assessed.insert(QStringLiteral("uncertainty_disclosure"), {std::nullopt, QStringLiteral("The draft has no Uncertainties section.")});
    } else {
        // Judged against what the run measured (judgment.h): each measured weakness disclosed, and
        // every statement the run contradicts costs as much as a missing disclosure.
        std::optional<CoverageReport> coverage;
        if (in.sections.contains(QStringLiteral("question_coverage")))
            coverage = CoverageReport::fromJson(in.sections.value(QStringLiteral("question_coverage")).toObject());
        const DisclosureCheck d = checkDisclosure(c.j, coverage, unc);
        const int measured = int(d.measured.size());
        const int good = std::max(0, d.disclosed() - int(d.overclaim.size()));
        QString basis = QStringLiteral("Uncertainties discloses %1 of the %2 weaknesses this run measured").arg(d.disclosed()).arg(measured);
        if (!d.missing.isEmpty())
            basis += QStringLiteral("; missing: %1").arg(d.missing.join(QStringLiteral("; ")));
        if (!d.overclaim.isEmpty())
            basis += QStringLiteral("; it claims %1").arg(d.overclaim.join(QStringLiteral("; ")));
        assessed.insert(QStringLiteral("uncertainty_disclosure"),
                        {round2(measured > 0 ? 10.0 * good / measured : 10.0), basis + QStringLiteral(" (10 x share disclosed).")});
    }
    if (!in.configRecorded)
        assessed.insert(QStringLiteral("reproducibility_status"), {3.0, QStringLiteral("The run's configuration was not recorded.")});
    else if (in.settings.allLocal())
        assessed.insert(QStringLiteral("reproducibility_status"),
                        {9.0, QStringLiteral("Configuration, queries, hits and evidence are recorded and every backend is local "
                                             "and deterministic.")});
    else
        assessed.insert(QStringLiteral("reproducibility_status"),
                        {6.0, QStringLiteral("Configuration and evidence are recorded, but remote backends (%1) may answer "
                                             "differently on a re-run.")
                                  .arg(QStringList{in.settings.backends.search, in.settings.backends.embed,
                                                   in.settings.backends.tribunal}.join(u'/'))});

    QJsonObject dims;
    for (const QJsonValue &v : t.value(QStringLiteral("dimensions")).toArray()) {
        const QJsonObject d = v.toObject();
        const QString key = d.value(QStringLiteral("key")).toString();
        const auto it = assessed.constFind(key);
        const std::optional<double> score = it != assessed.cend() ? it->first : std::nullopt;
        const QString basis = it != assessed.cend() ? it->second
                                                    : QStringLiteral("Not assessed: the pipeline has no measurement for this dimension.");
        dims.insert(key, QJsonObject{{QStringLiteral("score"), score ? QJsonValue(*score) : QJsonValue(QJsonValue::Null)},
                                     {QStringLiteral("level"), levelForScore(score, tables)},
                                     {QStringLiteral("basis"), basis},
                                     {QStringLiteral("definition"), d.value(QStringLiteral("definition"))}});
    }
    return withHeader(t, {{QStringLiteral("generated_from"), generatedFrom(in)},
                          {QStringLiteral("dimensions"), dims},
                          {QStringLiteral("interpretation"), t.value(QStringLiteral("interpretation"))},
                          {QStringLiteral("limitations"), t.value(QStringLiteral("limitations"))}});
}

QJsonObject qualityTier(const RecordInput &in, const QJsonObject &dimensions, const ContractTables &tables)
{
    const QJsonObject &t = tables.tiers;
    const Counts c = count(in);
    const QString repro = dimensions.value(QStringLiteral("dimensions")).toObject().value(QStringLiteral("reproducibility_status"))
                              .toObject().value(QStringLiteral("level")).toString(QStringLiteral("UNASSESSED"));
    TierChoice choice = chooseQualityTier(in.reviewScore, c.verified, repro, tables);
    const CoverageReport coverage = CoverageReport::fromJson(in.sections.value(QStringLiteral("question_coverage")).toObject());
    if (in.sections.contains(QStringLiteral("question_coverage")) && !coverage.addressed)
        choice.basis += QStringLiteral(" The claims do not address the research question (%1).")
                            .arg(coverage.notCoveredText().isEmpty() ? QStringLiteral("too little of it covered") : coverage.notCoveredText());
    return withHeader(t, {
        {QStringLiteral("tier"), choice.tier},
        {QStringLiteral("label"), choice.label},
        {QStringLiteral("basis"), choice.basis},
        {QStringLiteral("generated_from"), generatedFrom(in)},
        {QStringLiteral("inputs"), QJsonObject{{QStringLiteral("review_score"), round2(in.reviewScore)},
                                               {QStringLiteral("verified_claim_count"), c.verified},
                                               {QStringLiteral("artifact_types"), tables.ladder.value(QStringLiteral("artifact_types"))},
                                               {QStringLiteral("reproducibility_level"), repro}}},
        {QStringLiteral("thresholds"), t.value(QStringLiteral("thresholds"))},
        {QStringLiteral("enforcement"), t.value(QStringLiteral("enforcement"))},
        {QStringLiteral("limitations"), t.value(QStringLiteral("limitations"))},
    });
}

// ---- corrections and provenance ------------------------------------------------------------

namespace {

// The owner's publisher; null until the owner sets one (no organisation is assumed).
QJsonValue publisherValue(const RecordInput &in)
{
    return in.settings.publisher.trimmed().isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(in.settings.publisher.trimmed());
}

QString recordUrl(const RecordInput &in, const QString &what)
{
    if (!in.settings.recordBaseUrl.isEmpty()) {
        QString base = in.settings.recordBaseUrl;
        if (!base.endsWith(u'/'))
            base += u'/';
        return base + QString(in.srchId).replace(u':', u'-') + u'/' + what;
    }
    // Not published on the web: a URN names the record without pretending to be a location.
    return QStringLiteral("urn:sovereign:") + QString(in.srchId).replace(u':', u'-').toLower() + u':' + what;
}

} // namespace

QJsonObject correctionRecord(const RecordInput &in, const ContractTables &tables)
{
    const QJsonObject &t = tables.correction;
    QList<Models::Correction> events = in.corrections;
    std::stable_sort(events.begin(), events.end(),
                     [](const Models::Correction &a, const Models::Correction &b) { return a.correctedAt < b.correctedAt; });
    QJsonArray eventRows, superseded;
    QDateTime last;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const Models::Correction &e = events.at(i);
        eventRows.append(QJsonObject{{QStringLiteral("event_id"), e.eventId},
                                     {QStringLiteral("corrected_at"), iso(e.correctedAt)},
                                     {QStringLiteral("correction_type"), Models::toText(e.type)},
                                     {QStringLiteral("public_note"), e.publicNote},
                                     {QStringLiteral("affected_fields"), QJsonArray::fromStringList(e.affectedFields)}});
        // Each correction publishes a new manifest revision; the one it replaces is superseded.
        superseded.append(recordUrl(in, i == 0 ? QStringLiteral("manifest") : QStringLiteral("manifest-r%1").arg(i)));
        if (!last.isValid() || e.correctedAt > last)
            last = e.correctedAt;
    }
    const qsizetype n = events.size();
    const QString state = !in.supersededBy.isEmpty() ? QStringLiteral("SUPERSEDED")
                          : n > 0                    ? QStringLiteral("CORRECTED")
                                                     : QStringLiteral("CURRENT");
    if (!in.supersededBy.isEmpty())
        superseded.append(recordUrl(in, n == 0 ? QStringLiteral("manifest") : QStringLiteral("manifest-r%1").arg(n)));
    const QJsonObject manifest = t.value(QStringLiteral("manifest")).toObject();
    const QString currentManifest = !in.supersededBy.isEmpty() ? in.supersededBy
                                    : n == 0                   ? recordUrl(in, QStringLiteral("manifest"))
                                                               : recordUrl(in, QStringLiteral("manifest-r%1").arg(n));
    return withHeader(t, {
        {QStringLiteral("contract_updated"), t.value(QStringLiteral("contract_updated"))},
        {QStringLiteral("generated_from"), QStringLiteral("corrections recorded for %1").arg(in.srchId)},
        {QStringLiteral("publisher"), QJsonObject{{QStringLiteral("name"), publisherValue(in)}}},
        {QStringLiteral("work"), QJsonObject{{QStringLiteral("srch_id"), in.srchId},
                                             {QStringLiteral("title"), in.title},
                                             {QStringLiteral("submitted"), iso(in.submittedAt)},
                                             {QStringLiteral("published"), isoOrNull(in.publishedAt)}}},
        {QStringLiteral("manifest"), QJsonObject{{QStringLiteral("schema"), manifest.value(QStringLiteral("schema"))},
                                                 {QStringLiteral("contract_version"), manifest.value(QStringLiteral("contract_version"))},
                                                 {QStringLiteral("contract_updated"), manifest.value(QStringLiteral("contract_updated"))},
                                                 {QStringLiteral("current_manifest_url"), currentManifest},
                                                 {QStringLiteral("correction_record_url"), recordUrl(in, QStringLiteral("corrections"))}}},
        {QStringLiteral("correction_state"), state},
        {QStringLiteral("correction_count"), int(n)},
        {QStringLiteral("last_corrected_at"), isoOrNull(last)},
        {QStringLiteral("correction_events"), eventRows},
        {QStringLiteral("known_superseded_manifest_urls"), superseded},
        {QStringLiteral("policy"), t.value(QStringLiteral("policy"))},
        // The interpretation of the state the record is in (not CURRENT's text for a corrected record).
        {QStringLiteral("interpretation"), t.value(QStringLiteral("interpretations")).toObject().value(state).toString(
                                               t.value(QStringLiteral("interpretation")).toString())},
        {QStringLiteral("limitations"), t.value(QStringLiteral("limitations"))},
    });
}

QJsonObject sourceProvenance(const RecordInput &in, const ContractTables &tables)
{
    const QJsonObject &t = tables.provenance;
    const bool registered = !in.doi.isEmpty();
    QJsonObject level;
    for (const QJsonValue &v : t.value(QStringLiteral("levels")).toArray())
        if (v.toObject().value(QStringLiteral("level")).toInt() == (registered ? 4 : 3))
            level = v.toObject();
    const int claims = count(in).claims;
    return withHeader(t, {
        {QStringLiteral("x_project_extension"), true},
        {QStringLiteral("publisher"), publisherValue(in)},
        {QStringLiteral("public_provenance_level"), level.value(QStringLiteral("level"))},
        {QStringLiteral("public_provenance_label"), level.value(QStringLiteral("label"))},
        {QStringLiteral("report_artifact"), t.value(QStringLiteral("report_artifact"))},
        {QStringLiteral("external_record"), registered ? QStringLiteral("Registered") : QStringLiteral("Not registered")},
        {QStringLiteral("external_record_id"), registered ? QJsonValue(in.doi) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("claim_lineage"), QJsonObject{{QStringLiteral("aggregate_source_grounded_claims"), claims},
                                                      {QStringLiteral("text"), QStringLiteral("%1 aggregate source-grounded claims").arg(claims)}}},
        {QStringLiteral("review_method"), t.value(QStringLiteral("review_method"))},
        {QStringLiteral("quality_guide"), t.value(QStringLiteral("quality_guide"))},
        {QStringLiteral("provenance_contract"), t.value(QStringLiteral("provenance_contract"))},
        {QStringLiteral("note"), t.value(QStringLiteral("note"))},
    });
}

QJsonObject buildPublicRecord(const RecordInput &in, const ContractTables &tables)
{
    const QJsonObject dims = qualityDimensions(in, tables);
    return {
        {QStringLiteral("srch_id"), in.srchId},
        {QStringLiteral("title"), in.title},
        {QStringLiteral("abstract"), in.abstract},
        {QStringLiteral("research_question"), in.question},
        {QStringLiteral("submitted"), iso(in.submittedAt)},
        {QStringLiteral("published_at"), isoOrNull(in.publishedAt)},
        {QStringLiteral("generated_at"), iso(in.generatedAt)},
        {QStringLiteral("review_score"), round2(in.reviewScore)},
        {QStringLiteral("verdict"), in.verdict ? QJsonValue(Models::toText(*in.verdict)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("verified_claims"), count(in).verified},
        {QStringLiteral("verification_level"), verificationLevel(in, tables)},
        {QStringLiteral("gate_verdict"), gateVerdict(in, tables)},
        {QStringLiteral("quality_tier"), qualityTier(in, dims, tables)},
        {QStringLiteral("quality_dimensions"), dims},
        {QStringLiteral("correction_record"), correctionRecord(in, tables)},
        {QStringLiteral("source_provenance"), sourceProvenance(in, tables)},
    };
}

QString renderRecordText(const QJsonObject &r)
{
    const QJsonObject vl = r.value(QStringLiteral("verification_level")).toObject();
    const QJsonObject tier = r.value(QStringLiteral("quality_tier")).toObject();
    const QJsonObject dims = r.value(QStringLiteral("quality_dimensions")).toObject().value(QStringLiteral("dimensions")).toObject();
    const QJsonObject cr = r.value(QStringLiteral("correction_record")).toObject();
    const QJsonObject pv = r.value(QStringLiteral("source_provenance")).toObject();
    const QJsonObject gate = r.value(QStringLiteral("gate_verdict")).toObject();
    QString out;
    out += r.value(QStringLiteral("srch_id")).toString() + u'\n' + r.value(QStringLiteral("title")).toString() + u'\n';
    out += QStringLiteral("Abstract\n") + r.value(QStringLiteral("abstract")).toString() + u'\n';
    out += QStringLiteral("Research Question\n") + r.value(QStringLiteral("research_question")).toString() + u'\n';
    out += QStringLiteral("Verification Level\n| Paper level | L%1, %2 |\n| Source-grounded claims | %3 |\n| Claim record source | %4 |\n")
               .arg(vl.value(QStringLiteral("paper_level")).toInt())
               .arg(vl.value(QStringLiteral("paper_level_label")).toString())
               .arg(vl.value(QStringLiteral("claim_summary")).toObject().value(QStringLiteral("source_grounded_claims")).toInt())
               .arg(vl.value(QStringLiteral("claim_summary")).toObject().value(QStringLiteral("claim_record_source")).toString());
    out += QStringLiteral("Gate Verdict\n| Status | %1 |\n").arg(gate.value(QStringLiteral("label")).toString());
    out += QStringLiteral("Quality Tier\n| Tier | %1 |\n| Basis | %2 |\n")
               .arg(tier.value(QStringLiteral("label")).toString(), tier.value(QStringLiteral("basis")).toString());
    out += QStringLiteral("Quality Dimensions\n");
    const QJsonArray order = ContractTables::builtin().dimensions.value(QStringLiteral("dimensions")).toArray();
    for (const QJsonValue &v : order) {
        const QJsonObject d = dims.value(v.toObject().value(QStringLiteral("key")).toString()).toObject();
        if (d.value(QStringLiteral("level")).toString() == QStringLiteral("UNASSESSED"))
            continue; // the record page hides unassessed dimensions
        out += QStringLiteral("| %1 | %2 |\n").arg(v.toObject().value(QStringLiteral("display")).toString(),
                                                  d.value(QStringLiteral("level")).toString());
    }
    out += QStringLiteral("Correction Record\n| Status | %1 |\n| Correction count | %2 |\n")
               .arg(cr.value(QStringLiteral("correction_state")).toString())
               .arg(cr.value(QStringLiteral("correction_count")).toInt());
    out += QStringLiteral("Provenance\n| Publisher | %1 |\n| Public provenance | L%2, %3 |\n| External record | %4 |\n| Claim lineage | %5 |\n| Review method | %6 |\n| Note | %7 |\n")
               .arg(pv.value(QStringLiteral("publisher")).toString(QStringLiteral("not set")))
               .arg(pv.value(QStringLiteral("public_provenance_level")).toInt())
               .arg(pv.value(QStringLiteral("public_provenance_label")).toString(),
                    pv.value(QStringLiteral("external_record")).toString(),
                    pv.value(QStringLiteral("claim_lineage")).toObject().value(QStringLiteral("text")).toString(),
                    pv.value(QStringLiteral("review_method")).toString(), pv.value(QStringLiteral("note")).toString());
    return out;
}

} // namespace Sovereign::Pipeline
