#include "fixtures.h"

#include "models/types/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace Sovereign::Test {

using namespace Models;

namespace {

// ---- invented topic bank --------------------------------------------------------------------

struct Topic
{
    QString sourceId;
    QString sourceTitle;
    QString sourceAbstract;
    QStringList claims;
    QStringList questions;
    QStringList relatedTitles;
    QStringList relatedAbstracts;
};

QList<Topic> topics()
{
    return {
        {QStringLiteral("2506.04117"),
         QStringLiteral("Retrieval Heads: Locating the Attention Circuits that Copy from Long Contexts"),
         QStringLiteral("Long-context language models answer questions about documents of hundreds of thousands of "
                        "tokens, yet little is known about which attention heads perform the copying. We identify a "
                        "small set of retrieval heads in five open model families and show that masking them removes "
                        "needle-in-a-haystack accuracy while leaving perplexity almost unchanged."),
         {QStringLiteral("Fewer than five percent of attention heads act as retrieval heads in every model family studied."),
          QStringLiteral("Masking the retrieval heads drops needle-in-a-haystack accuracy below twenty percent."),
          QStringLiteral("Perplexity changes by less than one percent when retrieval heads are masked."),
          QStringLiteral("Retrieval heads appear early in pretraining and persist through instruction tuning."),
          QStringLiteral("Pruning non-retrieval heads cuts the key-value cache by a third at equal recall."),
          QStringLiteral("The same heads are responsible for chain-of-thought copying from the prompt."),
          QStringLiteral("Retrieval heads transfer across languages without further training."),
          QStringLiteral("Sparse attention kernels that keep only retrieval heads double decoding throughput."),
          QStringLiteral("Larger models contain proportionally fewer retrieval heads than smaller ones.")},
         {QStringLiteral("Do retrieval heads explain the accuracy gap between sparse and dense attention on long-document question answering?"),
          QStringLiteral("Can key-value cache compression that keeps only retrieval heads preserve recall beyond 128k tokens?"),
          QStringLiteral("How stable are retrieval heads under continued pretraining on code-heavy corpora?")},
         {QStringLiteral("Needle Tests Considered Harmful: Measuring Real Long-Context Recall"),
          QStringLiteral("KV-Cache Eviction Policies for Million-Token Inference"),
          QStringLiteral("Sparse Attention Kernels with Head-Level Budgets"),
          QStringLiteral("Induction Heads Revisited at Scale"),
          QStringLiteral("Multilingual Transfer of Attention Circuits"),
          QStringLiteral("Long-Document Question Answering Benchmarks: A Survey"),
          QStringLiteral("Head Pruning and Its Effect on In-Context Learning"),
          QStringLiteral("Throughput-Recall Trade-offs in Streaming Attention"),
          QStringLiteral("Continued Pretraining on Code Shifts Attention Specialisation"),
          QStringLiteral("Mechanistic Signatures of Copying in Transformers")},
         {}},
        {QStringLiteral("2505.11873"), QStringLiteral("CrystalGT: Graph Transformers for Inorganic Crystal Property Prediction"),
         QStringLiteral("Predicting formation energy and band gap from crystal structure remains costly with density "
                        "functional theory. CrystalGT encodes periodic graphs with edge-aware attention and reaches "
                        "state-of-the-art error on three materials benchmarks while training in under a day on one GPU."),
         {QStringLiteral("CrystalGT reduces formation energy error by twelve percent relative to message-passing baselines."),
          QStringLiteral("Edge-aware attention is required for band gap accuracy on perovskite structures."),
          QStringLiteral("Training CrystalGT takes under one GPU-day on the largest benchmark."),
          QStringLiteral("Periodic positional encodings outperform Cartesian coordinates on every benchmark."),
          QStringLiteral("The model generalises to unseen space groups with less than five percent degradation."),
          QStringLiteral("Pretraining on relaxation trajectories improves data efficiency fourfold."),
          QStringLiteral("Attention maps recover known coordination environments without supervision."),
          QStringLiteral("CrystalGT uncertainty estimates are well calibrated on out-of-distribution alloys.")},
         {QStringLiteral("Do graph transformers beat message-passing networks on band gap prediction for unseen space groups?"),
          QStringLiteral("Is pretraining on relaxation trajectories the main source of data efficiency in crystal property models?"),
          QStringLiteral("How reliable are uncertainty estimates of crystal graph models on out-of-distribution alloys?")},
         {QStringLiteral("Message Passing for Periodic Materials Graphs"),
          QStringLiteral("Band Gap Benchmarks Beyond Perovskites"),
          QStringLiteral("Relaxation Trajectories as Free Pretraining Data"),
          QStringLiteral("Space Group Splits for Honest Materials Evaluation"),
          QStringLiteral("Calibrated Uncertainty for Alloy Screening"),
          QStringLiteral("Equivariant Networks for Formation Energy"),
          QStringLiteral("Positional Encodings on Periodic Lattices"),
          QStringLiteral("Attention Maps and Coordination Chemistry"),
          QStringLiteral("One-GPU Training Recipes for Materials Models"),
          QStringLiteral("Density Functional Theory Surrogates: A Review")},
         {}},
        {QStringLiteral("2504.20931"), QStringLiteral("QLoRA-Noise: Low-Rank Adapters Under Aggressive Weight Quantization"),
         QStringLiteral("Fine-tuning quantized language models with low-rank adapters saves memory but the interaction "
                        "between quantization noise and adapter rank is poorly understood. We show that adapter rank "
                        "must grow as bit width shrinks and propose a noise-aware initialisation that recovers most of "
                        "the lost accuracy at three bits."),
         {QStringLiteral("Adapter rank must double for every bit removed below four-bit quantization to keep accuracy."),
          QStringLiteral("Noise-aware initialisation recovers ninety percent of the accuracy lost at three bits."),
          QStringLiteral("Three-bit adapters fit a 70B model fine-tuning run on a single 48 GB GPU."),
          QStringLiteral("Quantization noise concentrates in the attention output projections."),
          QStringLiteral("The method adds no inference latency once adapters are merged."),
          QStringLiteral("Gains hold on instruction following but not on arithmetic reasoning."),
          QStringLiteral("Random initialisation of adapters diverges in a quarter of three-bit runs.")},
         {QStringLiteral("Does noise-aware adapter initialisation close the accuracy gap of three-bit fine-tuning on reasoning tasks?"),
          QStringLiteral("How should adapter rank scale with quantization bit width for instruction tuning?")},
         {QStringLiteral("Four-Bit Fine-Tuning Without Regret"),
          QStringLiteral("Where Quantization Noise Hurts: A Layer-wise Study"),
          QStringLiteral("Adapter Merging and Inference Latency"),
          QStringLiteral("Arithmetic Reasoning Under Low-Bit Weights"),
          QStringLiteral("Initialisation Matters for Low-Rank Adaptation"),
          QStringLiteral("Memory Budgets for 70B Fine-Tuning"),
          QStringLiteral("Rank Selection for Parameter-Efficient Tuning"),
          QStringLiteral("Divergence in Quantized Training Runs"),
          QStringLiteral("Instruction Tuning Benchmarks Revisited"),
          QStringLiteral("Outlier Channels and Quantization Error")},
         {}},
    };
}

QString relatedAbstract(const Topic &t, int i, QRandomGenerator &rng)
{
    // Each related abstract reuses words of one or two claims, so the verifier-like evidence
    // passages share terms with the claims they support.
    const QString a = t.claims.at(i % t.claims.size());
    const QString b = t.claims.at((i * 3 + 1) % t.claims.size());
    const QStringList openers = {QStringLiteral("We revisit a common assumption."), QStringLiteral("This study measures"
                                                                                                  " a neglected factor."),
                                 QStringLiteral("Prior work left one question open.")};
    return openers.at(rng.bounded(int(openers.size()))) + QLatin1Char(' ') + QStringLiteral("Our experiments suggest that ") +
           a.left(1).toLower() + a.mid(1) + QStringLiteral(" We also observe that ") + b.left(1).toLower() + b.mid(1) +
           QStringLiteral(" Results are reported with three seeds.");
}

// Inserts a paper row (the corpus store belongs to the retrieval layer; fixtures write it directly).
Result<qint64> insertPaper(Store &store, const QString &arxivId, const QString &title, const QString &abstract)
{
    auto q = prepare(store.connection(), QStringLiteral("INSERT INTO papers (arxiv_id, latest_version, title, abstract, "
                                                        "authors, categories, primary_category, published, origin) "
                                                        "VALUES (?, 'v1', ?, ?, ?, 'cs.LG', 'cs.LG', '2026-05-01', 'local') "
                                                        "ON CONFLICT(arxiv_id) DO UPDATE SET title=excluded.title "
                                                        "RETURNING id"));
    if (!q)
        return fail(q.error());
    q->addBindValue(arxivId);
    q->addBindValue(title);
    q->addBindValue(abstract);
    q->addBindValue(QStringLiteral("[\"A. Fixture\",\"B. Example\"]"));
    if (auto ok = execPrepared(*q, QStringLiteral("insert fixture paper")); !ok)
        return fail(ok.error());
    if (!q->next())
        return fail(QStringLiteral("insert fixture paper: no id"));
    return q->value(0).toLongLong();
}

QString renderBody(const Run &run, const Draft &d, const QList<Claim> &claims, const Topic &t, int round,
                   const QStringList &refs)
{
    QString s;
    s += QStringLiteral("\n\nSOVEREIGN: %1\n\nSOVEREIGN Research Kernel\n\nAutonomous draft — Owner review required "
                        "before publication\n\n%2\n\nAbstract\n\n%3\n\n1 Introduction\n\nAnalysis of: %4. Research "
                        "goal: %5.\n\n2 Methodology\n\n")
             .arg(d.question.left(110), d.createdAt.date().toString(QStringLiteral("MMMM d, yyyy")), t.sourceAbstract,
                  t.sourceTitle, d.question);
    s += QStringLiteral("Multi-query local corpus search (4 parallel queries, bm25). TF-IDF cosine semantic "
                        "verification (bigrams, threshold=0.15). Local TF-IDF/SVD embedder (dim=256) for semantic "
                        "indexing. Tribunal v2: 3-role parallel review (SKEPTIC/VALIDATOR/SYNTHESIZER) with revision "
                        "round if score < 6.5.\n\n3 Results\n\n");
    int verified = 0;
    for (const Claim &c : claims)
        verified += c.effectiveVerified() ? 1 : 0;
    s += QStringLiteral("%1 papers retrieved. %2 claims extracted, %3 verified. Tribunal: %4/10 → %5 "
                        "(revision_round=%6). Policy: %7.\n\n4 Uncertainties\n\n")
             .arg(d.papersRetrieved)
             .arg(claims.size())
             .arg(verified)
             .arg(d.score.value_or(0), 0, 'f', 1)
             .arg(d.verdict ? toText(*d.verdict) : QStringLiteral("—"))
             .arg(round)
             .arg(d.policy ? toText(*d.policy) : QStringLiteral("—"));
    s += QStringLiteral("%1 of %2 claims are below the verification threshold. All backends were local; the "
                        "rule-based tribunal measures surface signals only. The corpus holds %3 related papers, so "
                        "coverage of the question is partial.\n\n5 Extracted Claims\n\nClaim\tVerified\tConfidence\n")
             .arg(claims.size() - verified)
             .arg(claims.size())
             .arg(refs.size());
    for (const Claim &c : claims)
        s += QStringLiteral("%1\t%2\t%3\n").arg(c.text.left(120), c.effectiveVerified() ? QStringLiteral("✓") : QStringLiteral("×")).arg(c.confidence, 0, 'f', 2);
    s += QStringLiteral("\nReferences\n\n");
    for (const QString &r : refs)
        s += QStringLiteral("- <http://arxiv.org/abs/%1v1>\n").arg(r);
    Q_UNUSED(run);
    return s;
}

QJsonObject contractHead(const QString &name, const QString &version = QStringLiteral("1.0"))
{
    return {{QStringLiteral("schema"), QString(QStringLiteral("https://assignee.net/schemas/") + name)},
            {QStringLiteral("schema_version"), version},
            {QStringLiteral("contract_version"), version}};
}

QJsonObject publicRecord(const Draft &d, const Topic &t, int verified, int corrections)
{
    const double score = d.score.value_or(0);
    QString tier = QStringLiteral("PUBLIC_RECORD"), basis;
    if (score >= 8.5 && verified >= 5) {
        tier = QStringLiteral("FLAGSHIP_CANDIDATE");
        basis = QStringLiteral("Review score and verified claims clear the flagship bar and reproducibility is high.");
    } else if (score >= 7.5 && verified >= 1) {
        tier = QStringLiteral("DOI_GRADE");
        basis = QStringLiteral("The review score and the verified-claim count both reach the DOI-grade bar.");
    } else if (score < 5.0) {
        tier = QStringLiteral("QUARANTINE_CANDIDATE");
        basis = QStringLiteral("The review score is under 5.0; check the sources before relying on this synthesis.");
    } else {
        tier = QStringLiteral("WATCHLIST");
        basis = QStringLiteral("The review score or the verified-claim signal falls short of the DOI-grade bar.");
    }
    auto level = [](double v) { return v >= 7 ? QStringLiteral("HIGH") : v >= 4 ? QStringLiteral("MEDIUM") : QStringLiteral("LOW"); };
    const double evidence = d.claimsExtracted ? 10.0 * verified / d.claimsExtracted : 0;
    QJsonObject dims;
    auto dim = [&](const char *key, std::optional<double> v, const QString &why) {
        dims.insert(QLatin1StringView(key), QJsonObject{{QStringLiteral("score"), v ? QJsonValue(*v) : QJsonValue()},
                                                      {QStringLiteral("level"), v ? level(*v) : QStringLiteral("UNASSESSED")},
                                                      {QStringLiteral("basis"), why}});
    };
    dim("evidence_strength", evidence, QStringLiteral("Share of claims at or above the verification threshold."));
    dim("citation_grounding", d.claimsExtracted ? std::optional<double>(5.5) : std::nullopt,
        QStringLiteral("Claims carry an evidence paper from the retrieved set."));
    dim("numerical_consistency", std::nullopt, QStringLiteral("Not assessed by the local pipeline."));
    dim("benchmark_validity", std::nullopt, QStringLiteral("Not assessed by the local pipeline."));
    dim("novelty", std::nullopt, QStringLiteral("Not assessed by the local pipeline."));
    dim("uncertainty_disclosure", 6.0, QStringLiteral("The draft lists run-specific uncertainties."));
    dim("reproducibility_status", score >= 7.5 ? 8.0 : 5.0, QStringLiteral("The run stores its configuration and event log."));
    dim("safety_impact", std::nullopt, QStringLiteral("Not assessed by the local pipeline."));

    QJsonObject vl = contractHead(QStringLiteral("verification-levels-v1"));
    const bool grounded = d.claimsExtracted > 0;
    vl.insert(QStringLiteral("paper_level"), grounded ? 2 : 1);
    vl.insert(QStringLiteral("paper_level_key"), grounded ? QStringLiteral("source_grounded_claims") : QStringLiteral("literature_synthesis"));
    vl.insert(QStringLiteral("paper_level_label"), grounded ? QStringLiteral("Source-grounded claims") : QStringLiteral("Literature synthesis"));
    vl.insert(QStringLiteral("basis"), QStringLiteral("Claims were extracted from parsed source sections and checked against retrieved evidence."));
    vl.insert(QStringLiteral("claim_summary"), QJsonObject{{QStringLiteral("source_grounded_claims"), d.claimsExtracted},
                                                           {QStringLiteral("aggregate_claim_records"), d.claimsExtracted},
                                                           {QStringLiteral("claim_record_source"), QStringLiteral("parsed source sections")},
                                                           {QStringLiteral("per_claim_public_records"), QJsonArray()},
                                                           {QStringLiteral("per_claim_public_record_count"), 0},
                                                           {QStringLiteral("cross_source_corroborated_claims"), 0},
                                                           {QStringLiteral("artifact_inspected_claims"), 0},
                                                           {QStringLiteral("sandbox_executed_claims"), 0},
                                                           {QStringLiteral("independently_reproduced_claims"), 0},
                                                           {QStringLiteral("externally_reviewed_or_formally_verified_claims"), 0}});

    QJsonObject qt = contractHead(QStringLiteral("quality-tiers-v1"));
    qt.insert(QStringLiteral("tier"), tier);
    qt.insert(QStringLiteral("basis"), basis);
    qt.insert(QStringLiteral("inputs"), QJsonObject{{QStringLiteral("review_score"), score},
                                                    {QStringLiteral("verified_claim_count"), verified},
                                                    {QStringLiteral("reproducibility_level"), level(score >= 7.5 ? 8.0 : 5.0)}});
    QJsonObject qd = contractHead(QStringLiteral("quality-dimensions-v1"));
    qd.insert(QStringLiteral("dimensions"), dims);

    QJsonObject cr = contractHead(QStringLiteral("correction-record-v1"));
    cr.insert(QStringLiteral("correction_state"), corrections > 0 ? QStringLiteral("CORRECTED") : QStringLiteral("CURRENT"));
    cr.insert(QStringLiteral("correction_count"), corrections);
    cr.insert(QStringLiteral("manifest"), QJsonObject{{QStringLiteral("contract_version"), QStringLiteral("paper-manifest-v1.1")}});
    cr.insert(QStringLiteral("policy"), QJsonObject{{QStringLiteral("corrections_are_additive"), true},
                                                    {QStringLiteral("no_silent_public_rewrites"), true},
                                                    {QStringLiteral("private_operational_logs_public"), false}});

    const bool doi = tier == QLatin1StringView("DOI_GRADE") && d.isPublished();
    QJsonObject prov{{QStringLiteral("contract"), QStringLiteral("source-provenance-v1")},
                     {QStringLiteral("publisher"), QJsonValue(QJsonValue::Null)}, // the owner has not set one
                     {QStringLiteral("public_provenance_level"), doi ? 4 : 3},
                     {QStringLiteral("public_provenance_label"), doi ? QStringLiteral("External archival record") : QStringLiteral("Claim aggregate record")},
                     {QStringLiteral("report_artifact"), QStringLiteral("Available")},
                     {QStringLiteral("external_record"), doi ? QStringLiteral("Registered") : QStringLiteral("Not registered")},
                     {QStringLiteral("claim_lineage"), QStringLiteral("%1 aggregate source-grounded claims").arg(d.claimsExtracted)},
                     {QStringLiteral("review_method"), QStringLiteral("Automated multi-reviewer assessment")},
                     {QStringLiteral("note"), QStringLiteral("Machine-generated synthesis of existing literature. Not primary research.")}};
    return {{QStringLiteral("srch_id"), d.srchId},
            {QStringLiteral("title"), d.title},
            {QStringLiteral("abstract"), t.sourceAbstract},
            {QStringLiteral("research_question"), d.question},
            {QStringLiteral("review_score"), score},
            {QStringLiteral("verification_level"), vl},
            {QStringLiteral("quality_tier"), qt},
            {QStringLiteral("quality_dimensions"), qd},
            {QStringLiteral("correction_record"), cr},
            {QStringLiteral("provenance"), prov}};
}

Review makeReview(const Draft &d, int round, Role role, const QList<Claim> &claims, double score, QRandomGenerator &rng)
{
    Review r;
    r.draftId = d.id;
    r.round = round;
    r.role = role;
    r.score = score;
    r.verdict = score >= 6.5 ? Verdict::Approve : score >= 5.0 ? Verdict::Revise : Verdict::Reject;
    int unverified = 0;
    for (const Claim &c : claims)
        unverified += c.effectiveVerified() ? 0 : 1;
    switch (role) {
    case Role::Skeptic:
        r.rationale = QStringLiteral("%1 of %2 claims lack support above the threshold; the strongest wording sits on "
                                     "the weakest evidence.").arg(unverified).arg(claims.size());
        break;
    case Role::Validator:
        r.rationale = QStringLiteral("Each claim names an evidence paper from the retrieved set; %1 passages share "
                                     "enough terms to count as support.").arg(claims.size() - unverified);
        break;
    case Role::Synthesizer:
        r.rationale = QStringLiteral("The draft addresses the question in its introduction and lists run-specific "
                                     "uncertainties, but the results section leans on unverified claims.");
        break;
    }
    int listed = 0;
    for (const Claim &c : claims) {
        if (c.effectiveVerified() || listed >= 3)
            continue;
        if (role == Role::Synthesizer && listed >= 1)
            break;
        r.issues.append({c.ordinal, QString(), c.confidence < 0.05 ? QStringLiteral("major") : QStringLiteral("minor"),
                         role == Role::Skeptic ? QStringLiteral("Claim %1 overstates what the evidence shows (confidence %2).").arg(c.ordinal).arg(c.confidence, 0, 'f', 2)
                                               : QStringLiteral("No retrieved passage grounds claim %1.").arg(c.ordinal)});
        ++listed;
    }
    if (role == Role::Synthesizer)
        r.issues.append({0, QStringLiteral("4 Uncertainties"), QStringLiteral("minor"),
                         QStringLiteral("Say which sub-question the corpus could not cover.")});
    r.scoredSignals = {{QStringLiteral("verified_ratio"), QStringLiteral("%1/%2").arg(claims.size() - unverified).arg(claims.size()),
                        double(unverified) * 0.4, QStringLiteral("0.4 per unverified claim")},
                       {QStringLiteral("references"), QString::number(3 + rng.bounded(3)), 0, QString()}};
    r.backend = rng.bounded(4) == 0 ? QStringLiteral("openai-compatible") : QStringLiteral("rules");
    r.model = r.backend == QLatin1StringView("rules") ? QString() : QStringLiteral("llama-3.1-8b-instruct");
    QJsonArray issues;
    for (const ReviewIssue &i : r.issues)
        issues.append(QJsonObject{{QStringLiteral("claim"), i.claimOrdinal}, {QStringLiteral("section"), i.section},
                                  {QStringLiteral("severity"), i.severity}, {QStringLiteral("text"), i.text}});
    r.parsed = {{QStringLiteral("score"), score}, {QStringLiteral("verdict"), toText(r.verdict)},
                {QStringLiteral("rationale"), r.rationale}, {QStringLiteral("issues"), issues}};
    QJsonArray messages{QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), QStringLiteral("You are the %1 of a three-role review tribunal. Reply with JSON only.").arg(toText(role))}},
                        QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), QStringLiteral("Review round %1 of the draft for: %2").arg(round).arg(d.question)}}};
    r.prompt = QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("model"), r.model.isEmpty() ? QStringLiteral("rules") : r.model},
                                                           {QStringLiteral("temperature"), 0.2},
                                                           {QStringLiteral("messages"), messages}}).toJson(QJsonDocument::Indented));
    r.rawResponse = QString::fromUtf8(QJsonDocument(r.parsed).toJson(QJsonDocument::Indented));
    r.latencyMs = 40 + rng.bounded(900);
    r.promptTokens = 600 + rng.bounded(400);
    r.completionTokens = 120 + rng.bounded(200);
    return r;
}

} // namespace

QList<RunEvent> fixtureEvents(qint64 runId, bool withRevision, bool withWait, qint64 startMs)
{
    QList<RunEvent> out;
    qint64 t = 0;
    auto ev = [&](const QString &stage, const QString &lane, EventKind kind, const QString &message, QJsonObject data = {}) {
        RunEvent e;
        e.runId = runId;
        e.seq = int(out.size()) + 1;
        e.elapsedMs = t;
        e.atMs = startMs + t;
        e.stage = stage;
        e.lane = lane;
        e.kind = kind;
        e.message = message;
        e.data = data;
        out.append(e);
    };
    const QString S = QStringLiteral("search"), T = QStringLiteral("tribunal");
    ev(QStringLiteral("run"), {}, EventKind::Started, QStringLiteral("run started"));
    ev(QStringLiteral("plan"), {}, EventKind::Started, QStringLiteral("planning 4 query variants"));
    t += 12;
    ev(QStringLiteral("plan"), {}, EventKind::Finished, QStringLiteral("4 queries planned"));
    ev(S, {}, EventKind::Started, QStringLiteral("4 searches in parallel"));
    for (int i = 1; i <= 4; ++i)
        ev(S, QStringLiteral("query-%1").arg(i), EventKind::Started, QStringLiteral("query %1").arg(i));
    t += 30;
    ev(S, QStringLiteral("query-1"), EventKind::Finished, QStringLiteral("12 hits"));
    if (withWait) {
        ev(S, QStringLiteral("query-3"), EventKind::Wait, QStringLiteral("arXiv rate limit: waiting 3.0 s"),
           {{QStringLiteral("wait_ms"), 3000}, {QStringLiteral("host"), QStringLiteral("export.arxiv.org")}});
        t += 3000;
    }
    t += 25;
    ev(S, QStringLiteral("query-2"), EventKind::Finished, QStringLiteral("10 hits"));
    t += 40;
    ev(S, QStringLiteral("query-3"), EventKind::Finished, QStringLiteral("9 hits"));
    t += 15;
    ev(S, QStringLiteral("query-4"), EventKind::Finished, QStringLiteral("11 hits"));
    ev(S, {}, EventKind::Finished, QStringLiteral("42 hits"));
    const QStringList linear = {QStringLiteral("merge"), QStringLiteral("index"), QStringLiteral("extract"),
                                QStringLiteral("verify"), QStringLiteral("compose")};
    const QStringList done = {QStringLiteral("kept 10 papers after fusion"), QStringLiteral("10 papers embedded"),
                              QStringLiteral("8 claims extracted"), QStringLiteral("3 of 8 claims verified"),
                              QStringLiteral("draft composed")};
    for (int i = 0; i < linear.size(); ++i) {
        ev(linear.at(i), {}, EventKind::Started, QString());
        t += 20 + 15 * i;
        ev(linear.at(i), {}, EventKind::Finished, done.at(i));
    }
    auto tribunal = [&](int round) {
        const QJsonObject r{{QStringLiteral("round"), round}};
        ev(T, {}, EventKind::Started, QStringLiteral("round %1").arg(round), r);
        for (Role role : AllRoles)
            ev(T, toText(role), EventKind::Started, QString(), r);
        for (int k = 0; k < 3; ++k) {
            t += 60;
            for (Role role : AllRoles)
                ev(T, toText(role), EventKind::Token, QStringLiteral("{\"score\""), r);
        }
        for (Role role : AllRoles) {
            t += 35;
            ev(T, toText(role), EventKind::Finished, QStringLiteral("%1 scored").arg(toText(role)), r);
        }
        ev(T, {}, EventKind::Finished, QStringLiteral("round %1 done").arg(round), r);
    };
    tribunal(0);
    if (withRevision) {
        ev(QStringLiteral("revise"), {}, EventKind::Started, QStringLiteral("revising from 6 issues"));
        t += 45;
        ev(QStringLiteral("revise"), {}, EventKind::Finished, QStringLiteral("softened 3 claims, dropped 1"));
        tribunal(1);
    }
    ev(QStringLiteral("policy"), {}, EventKind::Started, QString());
    t += 3;
    ev(QStringLiteral("policy"), {}, EventKind::Finished, QStringLiteral("ESCALATE_TO_OWNER: verified claims below 3"));
    ev(QStringLiteral("record"), {}, EventKind::Started, QString());
    t += 8;
    ev(QStringLiteral("record"), {}, EventKind::Finished, QStringLiteral("public record built"));
    ev(QStringLiteral("run"), {}, EventKind::Finished, QStringLiteral("run succeeded"));
    return out;
}

Result<FixtureSummary> generateFixtures(Store &store, const FixtureOptions &o)
{
    FixtureSummary summary;
    QRandomGenerator rng(o.seed);
    const QList<Topic> bank = topics();
    // Bulk generation: the fixture database is disposable, so trade durability for speed.
    QSqlQuery pragma(store.connection());
    pragma.exec(QStringLiteral("PRAGMA synchronous = OFF"));

    QList<qint64> sourceIds;
    QList<QList<qint64>> relatedIds;
    QList<QStringList> relatedArxiv;
    for (int ti = 0; ti < bank.size(); ++ti) {
        const Topic &t = bank.at(ti);
        auto id = insertPaper(store, t.sourceId, t.sourceTitle, t.sourceAbstract);
        if (!id)
            return fail(id.error());
        sourceIds.append(*id);
        QList<qint64> ids;
        QStringList arx;
        for (int i = 0; i < t.relatedTitles.size(); ++i) {
            const QString aid = QStringLiteral("2505.%1").arg(30000 + ti * 100 + i, 5, 10, QLatin1Char('0'));
            auto rid = insertPaper(store, aid, t.relatedTitles.at(i), relatedAbstract(t, i, rng));
            if (!rid)
                return fail(rid.error());
            ids.append(*rid);
            arx.append(aid);
        }
        relatedIds.append(ids);
        relatedArxiv.append(arx);
    }

    for (int n = 0; n < o.drafts; ++n) {
        const bool detailed = o.detailedDrafts < 0 || n < o.detailedDrafts;
        const int ti = n % int(bank.size());
        const Topic &topic = bank.at(ti);
        // State mix: the first drafts are chosen so a small fixture shows every queue.
        static const DraftState firstStates[] = {DraftState::Escalated, DraftState::AutoApproved, DraftState::Approved,
                                                 DraftState::Escalated, DraftState::Rejected, DraftState::Running,
                                                 DraftState::Escalated, DraftState::AutoApproved};
        DraftState state;
        if (n < 8) {
            state = firstStates[n];
        } else {
            const int p = rng.bounded(100);
            state = p < 35 ? DraftState::Escalated : p < 65 ? DraftState::AutoApproved : p < 80 ? DraftState::Approved
                    : p < 90 ? DraftState::Rejected : p < 95 ? DraftState::Running : DraftState::Failed;
        }
        const bool revision = state == DraftState::Escalated && (n % 3 == 0);

        Run run;
        run.question = topic.questions.at((n / int(bank.size())) % topic.questions.size());
        if (n >= int(bank.size()) * 3)
            run.question += QStringLiteral(" (variant %1)").arg(n);
        run.sourceRef = topic.sourceId;
        run.sourcePaperId = sourceIds.at(ti);
        run.sourceTitle = topic.sourceTitle;
        run.sourceText = topic.sourceAbstract;
        run.config = {{QStringLiteral("threshold"), 0.15}, {QStringLiteral("top_k"), 10}, {QStringLiteral("queries"), 4},
                      {QStringLiteral("revision_rounds"), 1},
                      {QStringLiteral("backends"), QJsonObject{{QStringLiteral("search"), QStringLiteral("local")},
                                                               {QStringLiteral("embedder"), QStringLiteral("local-tfidf-svd-256")},
                                                               {QStringLiteral("tribunal"), QStringLiteral("rules")}}}};
        run.createdAt = o.newest.addSecs(-qint64(n) * 437);
        run.startedAt = run.createdAt;
        run.status = state == DraftState::Running ? RunStatus::Running
                     : state == DraftState::Failed ? RunStatus::Failed
                                                   : RunStatus::Succeeded;
        if (run.status == RunStatus::Failed)
            run.error = QStringLiteral("search: the local corpus returned no papers for any query");
        if (run.status != RunStatus::Running)
            run.finishedAt = run.createdAt.addMSecs(900 + rng.bounded(4000));
        run.srchId = Store::makeSrchId(QStringLiteral("fixture-%1-%2").arg(o.seed).arg(n).toUtf8());
        if (auto id = store.createRun(run); !id)
            return fail(id.error());

        Draft d;
        d.runId = run.id;
        d.srchId = run.srchId;
        d.title = run.question;
        d.question = run.question;
        d.state = state;
        d.createdAt = run.createdAt;
        d.currentRound = revision ? 1 : 0;
        d.papersRetrieved = 10 + rng.bounded(3);
        double score = 0;
        switch (state) {
        case DraftState::AutoApproved:
        case DraftState::Approved:
            score = 6.6 + rng.bounded(28) / 10.0;
            break;
        case DraftState::Rejected:
            score = 2.5 + rng.bounded(24) / 10.0;
            break;
        case DraftState::Escalated:
            score = 3.5 + rng.bounded(40) / 10.0;
            break;
        default:
            break;
        }
        // Claims and their verification.
        QList<Claim> claims0;
        const int nClaims = std::min<int>(int(topic.claims.size()), 6 + rng.bounded(4));
        const int verifiedTarget = state == DraftState::AutoApproved || state == DraftState::Approved
                                       ? nClaims - rng.bounded(2)
                                       : 1 + rng.bounded(3);
        for (int c = 0; c < nClaims; ++c) {
            Claim cl;
            cl.round = 0;
            cl.ordinal = c + 1;
            cl.text = cl.originalText = topic.claims.at((c + n) % topic.claims.size());
            cl.verified = c < verifiedTarget;
            cl.confidence = cl.verified ? 0.15 + rng.bounded(25) / 100.0 : 0.01 + rng.bounded(13) / 100.0;
            const int pi = (c + n) % int(relatedIds.at(ti).size());
            cl.evidencePaperId = relatedIds.at(ti).at(pi);
            cl.evidencePassage = relatedAbstract(topic, pi, rng);
            cl.evidenceSentence = cl.evidencePassage.section(QLatin1Char('.'), 1, 1).trimmed() + QLatin1Char('.');
            cl.addressesQuestion = c % 3 == 0;
            claims0.append(cl);
        }
        // Spread the ✓ among the rows so the table is not sorted by construction.
        for (int c = 0; c + 2 < claims0.size(); c += 3)
            std::swap(claims0[c].text, claims0[c + 2].text), std::swap(claims0[c].originalText, claims0[c + 2].originalText);
        int verified = 0;
        for (const Claim &c : claims0)
            verified += c.verified ? 1 : 0;
        if (state != DraftState::Running && state != DraftState::Failed) {
            d.score = score;
            d.verdict = score >= 6.5 ? Verdict::Approve : score >= 5.0 ? Verdict::Revise : Verdict::Reject;
            d.policy = state == DraftState::AutoApproved ? Policy::AutoApprove : Policy::EscalateToOwner;
            // The policy's stored format (pipeline/review/policy.cpp): verdict, then each failing gate.
            const QString scoreText = QString::number(score, 'f', 1);
            QStringList why;
            if (d.verdict != Verdict::Approve)
                why.append(QStringLiteral("verdict %1 (%2 < 6.5)").arg(toText(*d.verdict), scoreText));
            if (verified < 3)
                why.append(QStringLiteral("gate verified_claims_below_minimum (%1 verified, minimum 3)").arg(verified));
            if (why.isEmpty())
                why.append(QStringLiteral("gate question_not_addressed (0 of %1 claims address the question)").arg(nClaims));
            d.policyReason = d.policy == Policy::AutoApprove ? QStringLiteral("APPROVE at %1 with no gate failing").arg(scoreText)
                                                             : why.join(QStringLiteral("; "));
            d.claimsExtracted = nClaims;
            d.claimsVerified = verified;
        }
        if (state == DraftState::AutoApproved || state == DraftState::Approved)
            d.publishedAt = d.createdAt.addSecs(state == DraftState::Approved ? 3600 : 2);
        if (auto id = store.createDraft(d); !id)
            return fail(id.error());
        summary.draftIds.append(d.id);
        summary.counts[state] += 1;

        const bool hasOutcome = state != DraftState::Running && state != DraftState::Failed;
        if (hasOutcome) {
            QJsonObject rec = publicRecord(d, topic, verified, 0);
            d.qualityTier = rec.value(QStringLiteral("quality_tier")).toObject().value(QStringLiteral("tier")).toString();
        }
        if (!detailed) {
            if (hasOutcome) {
                if (auto ok = store.savePublicRecord(d.id, d.srchId, publicRecord(d, topic, verified, 0)); !ok)
                    return fail(ok.error());
                if (auto ok = store.updateDraft(d); !ok)
                    return fail(ok.error());
            }
            continue;
        }

        QStringList refs = {topic.sourceId};
        for (int i = 0; i < 3; ++i)
            refs.append(relatedArxiv.at(ti).at((n + i) % relatedArxiv.at(ti).size()));
        if (auto ok = store.saveClaims(d.id, 0, claims0); !ok)
            return fail(ok.error());
        if (state != DraftState::Running) {
            DraftRevision rev;
            rev.draftId = d.id;
            rev.round = 0;
            Draft d0 = d;
            if (revision) {
                d0.score = score - 1.2;
                d0.verdict = Verdict::Revise;
            }
            rev.body = renderBody(run, d0, claims0, topic, 0, refs);
            rev.score = d0.score;
            rev.verdict = d0.verdict;
            rev.reason = QStringLiteral("first draft");
            rev.createdAt = d.createdAt;
            if (auto ok = store.saveRevision(rev); !ok)
                return fail(ok.error());
        }
        const double s0 = revision ? score - 1.2 : score;
        if (hasOutcome)
            for (Role role : AllRoles) {
                Review r = makeReview(d, 0, role, claims0, std::clamp(s0 + (int(role) - 1) * 0.6, 0.0, 10.0), rng);
                r.createdAt = d.createdAt.addMSecs(600);
                if (auto ok = store.saveReview(r); !ok)
                    return fail(ok.error());
            }
        if (revision) {
            QList<Claim> claims1 = claims0;
            for (Claim &c : claims1) {
                c.id = 0;
                c.round = 1;
                if (!c.verified) {
                    c.status = ClaimStatus::Softened;
                    c.text = QStringLiteral("Preliminary evidence suggests that ") + c.originalText.left(1).toLower() + c.originalText.mid(1);
                }
            }
            if (auto ok = store.saveClaims(d.id, 1, claims1); !ok)
                return fail(ok.error());
            DraftRevision rev;
            rev.draftId = d.id;
            rev.round = 1;
            rev.body = renderBody(run, d, claims1, topic, 1, refs);
            rev.score = d.score;
            rev.verdict = d.verdict;
            rev.reason = QStringLiteral("revision round: unverified claims softened");
            rev.createdAt = d.createdAt.addSecs(1);
            if (auto ok = store.saveRevision(rev); !ok)
                return fail(ok.error());
            for (Role role : AllRoles) {
                Review r = makeReview(d, 1, role, claims1, std::clamp(score + (int(role) - 1) * 0.5, 0.0, 10.0), rng);
                r.createdAt = d.createdAt.addSecs(2);
                if (auto ok = store.saveReview(r); !ok)
                    return fail(ok.error());
            }
            if (!summary.escalatedDraftId)
                summary.escalatedDraftId = d.id;
        }
        QList<RunEvent> events = fixtureEvents(run.id, revision, n % 4 == 0, run.createdAt.toMSecsSinceEpoch());
        if (state == DraftState::Running)
            events = events.mid(0, 24);
        if (state == DraftState::Failed) {
            events = events.mid(0, 8);
            RunEvent f = events.constLast();
            f.seq += 1;
            f.stage = QStringLiteral("run");
            f.lane.clear();
            f.kind = EventKind::Failed;
            f.message = run.error;
            events.append(f);
        }
        if (auto ok = store.appendEvents(events); !ok)
            return fail(ok.error());
        if (hasOutcome) {
            int corrections = 0;
            if (state == DraftState::AutoApproved || state == DraftState::Approved || state == DraftState::Rejected) {
                Decision dec;
                dec.draftId = d.id;
                dec.action = state == DraftState::AutoApproved ? DecisionAction::AutoApprove
                             : state == DraftState::Approved   ? DecisionAction::Approve
                                                               : DecisionAction::Reject;
                dec.actor = state == DraftState::AutoApproved ? QStringLiteral("policy") : o.owner;
                dec.note = state == DraftState::Approved ? QStringLiteral("Claims 1 and 4 checked against the evidence papers.")
                           : state == DraftState::Rejected ? QStringLiteral("Too few grounded claims to be useful.")
                                                           : d.policyReason;
                dec.decidedAt = d.publishedAt.isValid() ? d.publishedAt : d.createdAt.addSecs(5400);
                if (auto id = store.insertDecision(store.connection(), dec); !id)
                    return fail(id.error());
            }
            if (state == DraftState::Approved && !summary.approvedDraftId) {
                auto stored = store.claims(d.id, 0);
                Correction c;
                c.draftId = d.id;
                c.eventId = QStringLiteral("corr-%1-1").arg(d.srchId.mid(5).toLower());
                c.type = CorrectionType::Claim;
                c.publicNote = QStringLiteral("Claim 2 cited the wrong evidence paper; the passage is now the right one.");
                c.affectedFields = {QStringLiteral("claims[2].evidence")};
                c.claimId = stored && stored->size() > 1 ? stored->at(1).id : 0;
                c.actor = o.owner;
                c.correctedAt = d.publishedAt.addDays(1);
                if (auto id = store.insertCorrection(store.connection(), c); !id)
                    return fail(id.error());
                corrections = 1;
                summary.approvedDraftId = d.id;
            }
            if (auto ok = store.savePublicRecord(d.id, d.srchId, publicRecord(d, topic, verified, corrections)); !ok)
                return fail(ok.error());
            if (auto ok = store.updateDraft(d); !ok)
                return fail(ok.error());
        }
    }
    pragma.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    return summary;
}

} // namespace Sovereign::Test
