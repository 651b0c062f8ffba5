#include "publishfixtures.h"

#include "models/json.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>

namespace Sovereign::Test {

using namespace Models;
using namespace Qt::StringLiterals;

namespace {

const QString Base = QStringLiteral("https://assignee.net/schemas/");

qint64 insertPaper(const Store &s, const QString &arxivId, const QString &version, const QString &title)
{
    QSqlQuery q(s.connection());
    q.prepare(QStringLiteral("INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors) VALUES (?,?,?,?,?)"));
    q.addBindValue(arxivId);
    q.addBindValue(version);
    q.addBindValue(title);
    q.addBindValue(QString(QStringLiteral("An abstract about ") + title));
    q.addBindValue(QStringLiteral("[\"A. Author\",\"B. Author\"]"));
    return q.exec() ? q.lastInsertId().toLongLong() : 0;
}

QJsonObject head(const QString &name, const QString &version = QStringLiteral("1.0"))
{
    return {{QStringLiteral("schema"), QString(Base + name)},
            {QStringLiteral("schema_version"), version},
            {QStringLiteral("contract_version"), version}};
}

QJsonObject dimension(double score, const QString &level, const QString &basis, const QString &definition)
{
    return {{QStringLiteral("score"), score},
            {QStringLiteral("level"), level},
            {QStringLiteral("basis"), basis},
            {QStringLiteral("definition"), definition}};
}

} // namespace

Result<qint64> makeFixtureDraft(Store &store, const FixtureDraft &f)
{
    const qint64 p1 = insertPaper(store, QStringLiteral("2409.01234"), QStringLiteral("v2"), f.sourceTitle);
    const qint64 p2 = insertPaper(store, QStringLiteral("2311.04567"), QStringLiteral("v1"),
                                  QStringLiteral("Citation Faithfulness in Retrieval-Augmented Generation"));
    const qint64 p3 = insertPaper(store, QStringLiteral("2402.07890"), QStringLiteral("v3"),
                                  QStringLiteral("Passage Order Effects in Long-Context Readers"));
    Run run;
    run.question = f.question;
    run.sourceRef = QStringLiteral("2409.01234");
    run.sourcePaperId = p1;
    run.sourceTitle = f.sourceTitle;
    run.sourceText = QStringLiteral("We order retrieved passages by specificity before generation.");
    run.config = QJsonObject{{QStringLiteral("top_k"), 10}, {QStringLiteral("verify_threshold"), 0.15}};
    run.status = RunStatus::Succeeded;
    if (auto r = store.createRun(run); !r)
        return fail(r.error());

    int verified = 0;
    for (const FixtureClaim &c : f.claims)
        verified += c.confidence >= 0.15 ? 1 : 0;

    Draft d;
    d.runId = run.id;
    d.title = f.title.isEmpty() ? QStringLiteral("SOVEREIGN: ") + f.question : f.title;
    d.question = f.question;
    d.state = DraftState::Escalated;
    d.score = f.score;
    d.verdict = f.score >= 6.5 ? Verdict::Approve : (f.score >= 5.0 ? Verdict::Revise : Verdict::Reject);
    d.policy = f.autoApproved ? Policy::AutoApprove : Policy::EscalateToOwner;
    d.policyReason = f.autoApproved ? QStringLiteral("score at or above 6.5 and no hard gate failed")
                                    : QStringLiteral("a hard gate failed: fewer than half of the claims verified");
    d.claimsExtracted = int(f.claims.size());
    d.claimsVerified = verified;
    d.papersRetrieved = 3;
    if (auto r = store.createDraft(d); !r)
        return fail(r.error());

    QString claimLines;
    for (const FixtureClaim &c : f.claims)
        claimLines += c.text.left(120) + u'\t' + (c.confidence >= 0.15 ? u"✓"_s : u"×"_s) + u'\t' +
                      QString::number(c.confidence, 'f', 2) + u'\n';
    QJsonObject sections{
        {QStringLiteral("Abstract"),
         QStringLiteral("Long-form answers that cite retrieved passages often cite the wrong one. The source paper "
                        "studies whether presenting passages in a curriculum, from broad background to narrow "
                        "detail, makes the generator cite more faithfully.")},
        {QStringLiteral("1 Introduction"),
         QStringLiteral("Analysis of: %1. Research goal: %2").arg(f.sourceTitle, f.question)},
        {QStringLiteral("2 Methodology"),
         QStringLiteral("Local corpus search with 4 query variants (bm25), reciprocal-rank fusion to 10 papers. "
                        "TF-IDF cosine verification with unigrams and bigrams, threshold 0.15. Rule-based tribunal "
                        "with three roles and one revision round below 6.5.")},
        {QStringLiteral("3 Results"),
         QStringLiteral("3 papers retrieved. %1 claims extracted, %2 verified. Tribunal: %3/10.")
             .arg(f.claims.size())
             .arg(verified)
             .arg(f.score, 0, 'f', 1)},
        {QStringLiteral("4 Uncertainties"),
         QStringLiteral("TF-IDF overlap is a weak proxy for support. The corpus is small and local. The tribunal's "
                        "rules reward disclosure, not correctness.")},
        {QStringLiteral("5 Extracted Claims"), QString(QStringLiteral("Claim\tVerified\tConfidence\n") + claimLines)},
        {QStringLiteral("References"),
         QStringLiteral("- <http://arxiv.org/abs/2409.01234v2>\n- <http://arxiv.org/abs/2311.04567v1>\n"
                        "- <http://arxiv.org/abs/2402.07890v3>")},
    };
    for (auto it = f.extraSections.cbegin(); it != f.extraSections.cend(); ++it)
        sections.insert(it.key(), it.value());
    DraftRevision rev;
    rev.draftId = d.id;
    rev.round = 0;
    rev.sections = sections;
    for (auto it = sections.constBegin(); it != sections.constEnd(); ++it)
        rev.body += it.key() + QStringLiteral("\n\n") + it.value().toString() + QStringLiteral("\n\n");
    rev.score = f.score;
    rev.verdict = d.verdict;
    rev.reason = QStringLiteral("first draft");
    if (auto r = store.saveRevision(rev); !r)
        return fail(r.error());

    QList<Claim> claims;
    int ordinal = 0;
    for (const FixtureClaim &fc : f.claims) {
        Claim c;
        c.draftId = d.id;
        c.ordinal = ++ordinal;
        c.text = fc.text;
        c.originalText = fc.text;
        c.confidence = fc.confidence;
        c.verified = fc.confidence >= 0.15;
        c.evidencePaperId = ordinal % 2 ? p2 : p3;
        c.evidencePassage = QStringLiteral("A passage that shares some words with the claim.");
        claims.append(c);
    }
    if (auto r = store.saveClaims(d.id, 0, claims); !r)
        return fail(r.error());

    for (Role role : AllRoles) {
        Review rv;
        rv.draftId = d.id;
        rv.role = role;
        rv.score = f.score;
        rv.verdict = *d.verdict;
        rv.rationale = QStringLiteral("Scored from measurable signals.");
        if (auto r = store.saveReview(rv); !r)
            return fail(r.error());
    }
    if (auto r = rebuildFixtureRecord(store, d.id); !r)
        return fail(r.error());
    return d.id;
}

Result<QJsonObject> fixtureRecord(const Store &store, qint64 draftId)
{
    auto d = store.draft(draftId);
    if (!d)
        return fail(d.error());
    auto claims = store.claims(draftId);
    if (!claims)
        return fail(claims.error());
    auto corrections = store.corrections(draftId);
    if (!corrections)
        return fail(corrections.error());
    const double score = d->score.value_or(0);
    const int verified = d->claimsVerified;

    QJsonObject level = head(QStringLiteral("verification-levels-v1"));
    level.insert(QStringLiteral("paper_level"), claims->isEmpty() ? 1 : 2);
    level.insert(QStringLiteral("paper_level_key"), claims->isEmpty() ? u"literature_synthesis"_s : u"source_grounded_claims"_s);
    level.insert(QStringLiteral("paper_level_label"), claims->isEmpty() ? u"Literature synthesis"_s : u"Source-grounded claims"_s);
    level.insert(QStringLiteral("basis"), QStringLiteral("claims were extracted from parsed source sections"));
    level.insert(QStringLiteral("generated_from"), QStringLiteral("sovereign-workbench test fixture"));
    level.insert(QStringLiteral("claim_summary"),
                 QJsonObject{{QStringLiteral("source_grounded_claims"), claims->size()},
                             {QStringLiteral("aggregate_claim_records"), claims->size()},
                             {QStringLiteral("claim_record_source"), QStringLiteral("parsed source sections")},
                             {QStringLiteral("per_claim_public_records"), QJsonArray()},
                             {QStringLiteral("per_claim_public_record_count"), 0},
                             {QStringLiteral("cross_source_corroborated_claims"), 0},
                             {QStringLiteral("artifact_inspected_claims"), 0},
                             {QStringLiteral("sandbox_executed_claims"), 0},
                             {QStringLiteral("independently_reproduced_claims"), 0},
                             {QStringLiteral("externally_reviewed_or_formally_verified_claims"), 0}});
    level.insert(QStringLiteral("artifact_types"), QJsonArray{QStringLiteral("report")});
    level.insert(QStringLiteral("levels"), QJsonArray());
    level.insert(QStringLiteral("unsupported_upper_levels"), QJsonArray());
    level.insert(QStringLiteral("enforcement"), QStringLiteral("descriptive only"));
    level.insert(QStringLiteral("limitations"), QJsonArray{QStringLiteral("aggregate counts only")});

    QJsonObject tier = head(QStringLiteral("quality-tiers-v1"));
    const QString t = score >= 7.5 && verified >= 1 ? u"DOI_GRADE"_s
                      : score < 5.0                 ? u"QUARANTINE_CANDIDATE"_s
                                                    : u"WATCHLIST"_s;
    tier.insert(QStringLiteral("tier"), t);
    tier.insert(QStringLiteral("basis"), t == u"DOI_GRADE"_s ? u"Review score and verified-claim count meet the DOI bar."_s
                                                              : u"The score or the claim signal is below the DOI bar."_s);
    tier.insert(QStringLiteral("generated_from"), QStringLiteral("test fixture"));
    tier.insert(QStringLiteral("inputs"), QJsonObject{{QStringLiteral("review_score"), score},
                                                      {QStringLiteral("verified_claim_count"), verified},
                                                      {QStringLiteral("artifact_types"), QJsonArray{u"report"_s}},
                                                      {QStringLiteral("reproducibility_level"), u"UNASSESSED"_s}});
    tier.insert(QStringLiteral("thresholds"), QJsonArray{QJsonObject{{u"tier"_s, u"DOI_GRADE"_s}, {u"min_review_score"_s, 7.5}}});
    tier.insert(QStringLiteral("enforcement"), QStringLiteral("descriptive triage only"));
    tier.insert(QStringLiteral("limitations"), QJsonArray{u"not human peer review"_s});

    QJsonObject dims = head(QStringLiteral("quality-dimensions-v1"));
    QJsonObject dimList;
    const QStringList names = {u"evidence_strength"_s,      u"citation_grounding"_s, u"numerical_consistency"_s,
                               u"benchmark_validity"_s,     u"novelty"_s,            u"uncertainty_disclosure"_s,
                               u"reproducibility_status"_s, u"safety_impact"_s};
    for (const QString &n : names) {
        const bool shown = n == u"evidence_strength"_s || n == u"citation_grounding"_s ||
                           n == u"uncertainty_disclosure"_s || n == u"reproducibility_status"_s;
        dimList.insert(n, shown ? dimension(6.0, u"MEDIUM"_s, u"from the claim verification rate"_s, u"fixture definition"_s)
                                : QJsonObject{{u"score"_s, QJsonValue::Null},
                                              {u"level"_s, u"UNASSESSED"_s},
                                              {u"basis"_s, u"no signal"_s},
                                              {u"definition"_s, u"fixture definition"_s}});
    }
    dims.insert(QStringLiteral("dimensions"), dimList);
    dims.insert(QStringLiteral("interpretation"), QStringLiteral("automated triage signals"));
    dims.insert(QStringLiteral("limitations"), QJsonArray{u"not independent validation"_s});

    QJsonObject corr = head(QStringLiteral("correction-record-v1"));
    QJsonArray events;
    QString last;
    for (const Correction &c : *corrections) {
        events.append(QJsonObject{{u"event_id"_s, c.eventId},
                                  {u"corrected_at"_s, toIso(c.correctedAt)},
                                  {u"correction_type"_s, toText(c.type)},
                                  {u"public_note"_s, c.publicNote},
                                  {u"affected_fields"_s, QJsonArray::fromStringList(c.affectedFields)}});
        last = toIso(c.correctedAt);
    }
    corr.insert(u"contract_updated"_s, u"2026-05-01"_s);
    corr.insert(u"generated_from"_s, u"test fixture"_s);
    corr.insert(u"publisher"_s, QJsonObject{{u"name"_s, u"Test Publisher"_s}});
    corr.insert(u"work"_s, QJsonObject{{u"srch_id"_s, d->srchId}, {u"title"_s, d->title}});
    corr.insert(u"manifest"_s, QJsonObject{{u"schema"_s, QString(Base + u"paper-manifest-v1"_s)},
                                           {u"contract_version"_s, u"1.1"_s},
                                           {u"contract_updated"_s, u"2026-05-01"_s},
                                           {u"current_manifest_url"_s, u"https://example.org/records/manifest.json"_s},
                                           {u"correction_record_url"_s, u"https://example.org/records/corrections.json"_s}});
    corr.insert(u"correction_state"_s, corrections->isEmpty() ? u"CURRENT"_s : u"CORRECTED"_s);
    corr.insert(u"correction_count"_s, corrections->size());
    corr.insert(u"last_corrected_at"_s, last.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(last));
    corr.insert(u"correction_events"_s, events);
    corr.insert(u"known_superseded_manifest_urls"_s, QJsonArray());
    corr.insert(u"policy"_s, QJsonObject{{u"corrections_are_additive"_s, true},
                                         {u"no_silent_public_rewrites"_s, true},
                                         {u"private_operational_logs_public"_s, false},
                                         {u"basis"_s, u"corrections only add events"_s}});
    corr.insert(u"interpretation"_s, u"CURRENT does not claim the synthesis is error-free"_s);
    corr.insert(u"limitations"_s, QJsonArray{u"fixture"_s});

    QJsonObject prov = head(QStringLiteral("source-provenance-v1"));
    prov.insert(u"x_project_extension"_s, true);
    prov.insert(u"publisher"_s, u"Test Publisher"_s);
    prov.insert(u"public_provenance"_s, u"L3, Claim aggregate record"_s);
    prov.insert(u"report_artifact"_s, u"Available"_s);
    prov.insert(u"external_record"_s, u"Not registered"_s);
    prov.insert(u"claim_lineage"_s, QStringLiteral("%1 aggregate source-grounded claims").arg(claims->size()));
    prov.insert(u"review_method"_s, u"Automated multi-reviewer assessment"_s);
    prov.insert(u"note"_s, u"Machine-generated synthesis of existing literature. Not primary research."_s);

    return QJsonObject{{u"srch_id"_s, d->srchId},
                       {u"verification_level"_s, level},
                       {u"quality_tier"_s, tier},
                       {u"quality_dimensions"_s, dims},
                       {u"correction_record"_s, corr},
                       {u"source_provenance"_s, prov}};
}

Status rebuildFixtureRecord(Store &store, qint64 draftId)
{
    auto rec = fixtureRecord(store, draftId);
    if (!rec)
        return fail(rec.error());
    auto d = store.draft(draftId);
    if (!d)
        return fail(d.error());
    return store.savePublicRecord(draftId, d->srchId, *rec);
}

void connectFixtureRebuilder(Pipeline::OwnerActions &actions)
{
    Store *store = &actions.store();
    actions.setRecordRebuilder([store](qint64 id) { return rebuildFixtureRecord(*store, id); });
}

} // namespace Sovereign::Test
