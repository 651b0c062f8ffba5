// The owner's "request revision" (declared in pipelinerun.h): one more revision round of a stored
// draft with the owner's note as input.
#include "pipelinerun.h"

#include "pipeline/compose/composer.h"
#include "pipeline/review/policy.h"

#include "models/storage/corpusstore.h"
#include "models/storage/store.h"

#include <QFileInfo>
#include <QJsonArray>

namespace Sovereign::Pipeline {

using namespace Models;

RunOutcome executeOwnerRevision(const std::shared_ptr<Database> &db, const Backends &backends, qint64 draftId,
                                const QString &note, const CancelFlag &cancel, RunEvents &events)
{
    Store store(db);
    RunOutcome out;
    out.draftId = draftId;
    const auto failWith = [&](const QString &stage, const QString &error) {
        const bool cancelled = isCancelled(cancel) || error == QStringLiteral("cancelled");
        out.status = cancelled ? RunStatus::Cancelled : RunStatus::Failed;
        out.failedStage = stage;
        out.error = error;
        if (cancelled)
            events.emitEvent(EventKind::Cancelled, stage, {}, QStringLiteral("cancelled"));
        else
            events.failed(stage, {}, error);
        events.flush();
        out.elapsedMs = events.elapsedMs();
        return out;
    };
    auto draft = store.draft(draftId);
    if (!draft)
        return failWith(QStringLiteral("revise"), draft.error());
    if (draft->isPublished())
        return failWith(QStringLiteral("revise"), QStringLiteral("draft %1 is published: change it through a correction").arg(draftId));
    if (note.trimmed().isEmpty())
        return failWith(QStringLiteral("revise"), QStringLiteral("a revision request needs the owner's note"));
    const OwnerRequest request = parseOwnerRequest(note);
    auto run = store.run(draft->runId);
    if (!run)
        return failWith(QStringLiteral("revise"), run.error());
    out.runId = run->id;
    out.srchId = run->srchId;
    const PipelineSettings settings = PipelineSettings::fromJson(run->config);
    const QJsonObject sourceInfo = run->config.value(QStringLiteral("source")).toObject();
    const int round = draft->currentRound;
    const int next = round + 1;
    auto claims = store.claims(draftId, round);
    auto reviews = store.reviews(draftId);
    auto revisions = store.revisions(draftId);
    auto queries = store.searchQueries(run->id);
    auto runPapers = store.runPapers(run->id);
    if (!claims || !reviews || !revisions || !queries || !runPapers)
        return failWith(QStringLiteral("revise"), QStringLiteral("cannot read the draft's run from the store"));
    QList<qint64> ids;
    for (const RunPaper &p : std::as_const(*runPapers))
        ids.append(p.paperId);
    CorpusStore corpus(db);
    auto papers = corpus.papers(ids);
    if (!papers)
        return failWith(QStringLiteral("revise"), papers.error());
    QList<Paper> evidence;
    for (const Paper &p : std::as_const(*papers))
        if (!(settings.excludeSourceFromEvidence && p.id == run->sourcePaperId))
            evidence.append(p);
    QList<Review> lastReviews;
    for (const Review &r : std::as_const(*reviews))
        if (r.round == round)
            lastReviews.append(r);
    QList<std::pair<double, Verdict>> history;
    QStringList notes;
    for (const DraftRevision &r : std::as_const(*revisions))
        if (r.score && r.verdict)
            history.append({*r.score, *r.verdict});

    draft->state = DraftState::Running;
    (void)store.updateDraft(*draft);
    events.started(QStringLiteral("revise"), {}, QStringLiteral("owner's revision, round %1").arg(next));
    RevisionRequest rr;
    rr.round = next;
    rr.claims = *claims;
    rr.reviews = lastReviews;
    rr.questionTerms = contentTerms(run->question);
    rr.ownerNote = note;
    rr.ownerActions = request.actions;
    rr.sourceText = run->sourceText;
    rr.settings = settings;
    const int shownNow = int(shownClaims(*claims).size());
    for (const OwnerClaimAction &a : std::as_const(request.actions))
        if (a.ordinal < 1 || a.ordinal > shownNow)
            return failWith(QStringLiteral("revise"), QStringLiteral("the owner's request names claim %1, but the draft shows claims 1 to %2")
                                                          .arg(a.ordinal).arg(shownNow));
    auto revised = backends.reviser->revise(rr, cancel);
    if (!revised)
        return failWith(QStringLiteral("revise"), revised.error());
    QList<Claim> nextClaims = revised->claims;
    // Re-verify every shown claim: the verifier is deterministic, so unchanged claims keep their
    // scores, and the passage count for Methodology is the real one.
    const QList<Claim> shown = shownClaims(nextClaims);
    QStringList texts;
    for (const Claim &c : shown)
        texts.append(c.text);
    auto check = backends.verifier->verify(texts, evidence, settings.verifyThreshold, cancel);
    if (!check)
        return failWith(QStringLiteral("revise"), check.error());
    for (qsizetype i = 0; i < shown.size(); ++i) {
        Claim &c = nextClaims[shown.at(i).ordinal - 1];
        const ClaimCheckResult r = check->results.value(i);
        c.verified = r.verified;
        c.confidence = std::clamp(r.confidence, 0.0, 1.0);
        c.evidencePaperId = r.evidencePaperId;
        c.evidencePassage = r.evidencePassage;
        c.evidenceSentence = r.evidenceSentence;
        // A label stands for the passage it judged; a different passage has no label yet.
        if (c.stance && (c.stance->passage != c.evidencePassage || c.text != shown.at(i).text))
            c.stance.reset();
    }
    auto judgment = judgmentContextFor(corpus, *run, nextClaims, settings);
    if (!judgment)
        return failWith(QStringLiteral("revise"), judgment.error());
    const CoverageReport coverage = judgeClaims(nextClaims, *judgment);
    if (auto ok = store.saveClaims(draftId, next, nextClaims); !ok)
        return failWith(QStringLiteral("revise"), ok.error());

    DraftInput in;
    in.question = run->question;
    in.sourceTitle = run->sourceTitle;
    in.sourceRef = run->sourcePaperId == 0 ? QFileInfo(run->sourceRef).fileName() : run->sourceRef;
    in.sourceAbstract = sourceInfo.value(QStringLiteral("abstract")).toString();
    in.sourceIsFile = run->sourcePaperId == 0;
    in.date = QDate::currentDate();
    in.settings = settings;
    for (const SearchQuery &q : std::as_const(*queries))
        in.queries.append(q.text);
    in.papersRetrieved = draft->papersRetrieved;
    if (auto n = corpus.count())
        in.corpusSize = int(*n);
    in.evidencePassages = check->passageCount;
    in.questionTerms = rr.questionTerms;
    in.claims = nextClaims;
    in.references = referencesFor(nextClaims, *papers, *run, sourceInfo.value(QStringLiteral("url")).toString());
    in.revisionRound = next;
    in.revisionNotes = revised->notes;
    in.coverage = coverage;
    in.rounds = history;
    ComposedDraft composed = composeDraft(in);
    DraftRevision rev{0, draftId, next, composed.body, composed.sections, std::nullopt, std::nullopt,
                      QStringLiteral("owner's revision request: %1").arg(note.simplified()), {}};
    if (auto ok = store.saveRevision(rev); !ok)
        return failWith(QStringLiteral("revise"), ok.error());
    QJsonArray actions;
    for (const RevisionAction &a : std::as_const(revised->actions))
        actions.append(a.toJson());
    events.finished(QStringLiteral("revise"), {}, revised->reason, {{QStringLiteral("actions"), actions}});

    const QString stage = QStringLiteral("tribunal-%1").arg(next);
    events.started(stage, {}, QStringLiteral("round %1").arg(next));
    ReviewRequest req;
    req.round = next;
    req.question = run->question;
    req.questionTerms = rr.questionTerms;
    req.draftTitle = composed.title;
    req.draftBody = composed.body;
    req.sections = composed.sections;
    req.claims = shownClaims(nextClaims);
    req.references = in.references;
    req.settings = settings;
    req.ownerNote = note;
    req.coverage = coverage;
    req.sourceText = run->sourceText;
    auto tribunal = runTribunal(backends.reviewers, req, cancel,
                                [&events, stage](EventKind k, const QString &lane, const QString &msg, const QJsonObject &data) {
                                    events.emitEvent(k, stage, lane, msg, data);
                                });
    if (!tribunal)
        return failWith(stage, tribunal.error());
    for (Review r : tribunal->reviews) {
        r.draftId = draftId;
        if (auto ok = store.saveReview(r); !ok)
            return failWith(stage, ok.error());
    }
    events.finished(stage, {}, QStringLiteral("%1/10 \u2192 %2").arg(formatScore(tribunal->score), toText(tribunal->verdict)));

    events.started(QStringLiteral("policy"));
    history.append({tribunal->score, tribunal->verdict});
    PolicyDecision decision = decidePolicy(tribunal->verdict, tribunal->score, req.claims, settings, coverage);
    applyReviewerFailedGate(decision, tribunal->failures);
    in.rounds = history;
    in.policy = Policy::EscalateToOwner;
    in.policyReason = QStringLiteral("the owner requested this revision and decides on it (rules alone: %1, %2)")
                          .arg(toText(decision.policy), decision.reason);
    composed = composeDraft(in);
    rev.body = composed.body;
    rev.sections = composed.sections;
    rev.score = tribunal->score;
    rev.verdict = tribunal->verdict;
    (void)store.saveRevision(rev);
    int verified = 0;
    for (const Claim &c : std::as_const(req.claims))
        verified += c.effectiveVerified() ? 1 : 0;
    draft->currentRound = next;
    draft->score = tribunal->score;
    draft->verdict = tribunal->verdict;
    draft->policy = Policy::EscalateToOwner;
    draft->policyReason = in.policyReason;
    draft->claimsExtracted = int(req.claims.size());
    draft->claimsVerified = verified;
    draft->state = DraftState::Escalated;
    if (auto ok = store.updateDraft(*draft); !ok)
        return failWith(QStringLiteral("policy"), ok.error());
    events.finished(QStringLiteral("policy"), {}, in.policyReason);
    events.started(QStringLiteral("record"));
    if (auto ok = rebuildPublicRecord(db, draftId); !ok)
        return failWith(QStringLiteral("record"), ok.error());
    events.finished(QStringLiteral("record"));
    events.flush();
    out.status = RunStatus::Succeeded;
    out.score = tribunal->score;
    out.verdict = tribunal->verdict;
    out.revisionRound = next;
    out.policy = Policy::EscalateToOwner;
    out.policyReason = in.policyReason;
    if (auto fresh = store.draft(draftId))
        out.qualityTier = fresh->qualityTier;
    out.elapsedMs = events.elapsedMs();
    return out;
}

} // namespace Sovereign::Pipeline
