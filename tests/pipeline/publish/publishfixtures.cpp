#include "publishfixtures.h"

#include "models/types/json.h"
#include "pipeline/publish/publicrecord.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>

namespace Sovereign::Test {

using namespace Models;
using namespace Qt::StringLiterals;

namespace {

qint64 insertPaper(const Store &s, const QString &arxivId, const QString &version, const QString &title)
{
    QSqlQuery q(s.connection());
    q.prepare(QStringLiteral("INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors) VALUES (?,?,?,?,?)"));
    q.addBindValue(arxivId);
    q.addBindValue(version);
    q.addBindValue(title);
    q.addBindValue(QString(QStringLiteral("An abstract about ") + title));
    q.addBindValue(QStringLiteral("[\"A. Author\",\"B. Author\"]"));
    if (q.exec())
        return q.lastInsertId().toLongLong();
    // Already there (a second fixture in the same database): reuse it.
    QSqlQuery existing(s.connection());
    existing.prepare(QStringLiteral("SELECT id FROM papers WHERE arxiv_id=?"));
    existing.addBindValue(arxivId);
    return existing.exec() && existing.next() ? existing.value(0).toLongLong() : 0;
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

    QList<RunPaper> merged;
    int rank = 0;
    for (qint64 pid : {p1, p2, p3}) {
        ++rank;
        merged.append(RunPaper{pid, rank, 1.0 / (60 + rank), std::nullopt, rank});
    }
    if (auto r = store.saveSearch(run.id, {}, {}, merged); !r)
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
    // The pipeline's own builder over the stored values (what its rebuildPublicRecord does).
    auto d = store.draft(draftId);
    if (!d)
        return fail(d.error());
    auto run = store.run(d->runId);
    if (!run)
        return fail(run.error());
    auto claims = store.claims(draftId);
    if (!claims)
        return fail(claims.error());
    auto corrections = store.corrections(draftId);
    if (!corrections)
        return fail(corrections.error());
    auto revisions = store.revisions(draftId);
    if (!revisions)
        return fail(revisions.error());
    Pipeline::RecordInput in;
    in.srchId = run->srchId;
    in.title = d->title;
    in.question = d->question;
    in.abstract = QStringLiteral("An abstract of the source paper.");
    in.submittedAt = run->createdAt;
    in.publishedAt = d->publishedAt;
    in.generatedAt = QDateTime::currentDateTimeUtc();
    in.reviewScore = d->score.value_or(0);
    in.verdict = d->verdict;
    in.claims = *claims;
    in.settings = Pipeline::PipelineSettings::fromJson(run->config);
    in.corrections = *corrections;
    for (const DraftRevision &r : std::as_const(*revisions))
        if (r.round == d->currentRound)
            in.sections = r.sections;
    in.referenceCount = 3;
    return Pipeline::buildPublicRecord(in);
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
