#include "roundstages.h"

#include "pipelinerun.h"

#include "pipeline/review/policy.h"
#include "pipeline/verify/claims.h"

#include "models/storage/corpusstore.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QMap>

#include <algorithm>

namespace Sovereign::Pipeline {

using namespace Models;

RoundContext roundContext(const std::shared_ptr<Database> &db, const Backends &backends, const CancelFlag &cancel,
                          RunEvents &events, const Run &run, const RetrievalFacts &facts)
{
    RoundContext ctx{db, backends, cancel, events, Store(db), run, PipelineSettings::fromJson(run.config), facts.papers,
                     {}, contentTerms(run.question), {}, {}, {}, {}};
    for (const Paper &p : facts.papers)
        if (!(ctx.settings.excludeSourceFromEvidence && p.id == run.sourcePaperId))
            ctx.evidence.append(p);
    const QJsonObject source = run.config.value(QStringLiteral("source")).toObject();
    ctx.sourceUrl = source.value(QStringLiteral("url")).toString();
    DraftInput &in = ctx.base;
    in.question = run.question;
    in.sourceTitle = run.sourceTitle;
    in.sourceIsFile = run.sourcePaperId == 0;
    in.sourceRef = in.sourceIsFile ? QFileInfo(run.sourceRef).fileName() : run.sourceRef;
    in.sourceAbstract = source.value(QStringLiteral("abstract")).toString();
    // The draft is dated by its run, whichever round is being written.
    in.date = run.createdAt.isValid() ? run.createdAt.date() : QDate::currentDate();
    in.settings = ctx.settings;
    in.queries = facts.queries;
    in.papersRetrieved = facts.papersRetrieved;
    in.corpusSize = facts.corpusSize;
    in.embedderName = facts.embedderName;
    in.embedderDim = facts.embedderDim;
    in.questionTerms = ctx.questionTerms;
    return ctx;
}

void describeEmbedder(RetrievalFacts &facts, const Backends &backends, const QList<RunPaper> &runPapers)
{
    const bool reranked = std::any_of(runPapers.cbegin(), runPapers.cend(),
                                      [](const RunPaper &p) { return p.semanticScore.has_value(); });
    if (reranked && backends.reranker) {
        facts.embedderName = backends.reranker->name();
        facts.embedderDim = backends.reranker->dim();
    }
}

QList<qsizetype> shownIndexes(const QList<Claim> &claims)
{
    QList<qsizetype> out;
    for (qsizetype i = 0; i < claims.size(); ++i)
        if (claims.at(i).status != ClaimStatus::Dropped)
            out.append(i);
    return out;
}

Result<int> verifyClaims(const RoundContext &ctx, QList<Claim> &claims, const QList<qsizetype> &indexes)
{
    QStringList texts;
    for (qsizetype i : indexes)
        texts.append(claims.at(i).text);
    auto check = ctx.backends.verifier->verify(texts, ctx.evidence, ctx.settings.verifyThreshold, ctx.cancel);
    if (!check)
        return fail(check.error());
    for (qsizetype k = 0; k < indexes.size(); ++k) {
        Claim &c = claims[indexes.at(k)];
        const ClaimCheckResult r = check->results.value(k);
        c.verified = r.verified;
        c.confidence = std::clamp(r.confidence, 0.0, 1.0);
        c.evidencePaperId = r.evidencePaperId;
        c.evidencePassage = r.evidencePassage;
        c.evidenceSentence = r.evidenceSentence;
        // A label stands for the passage it judged; a different passage has no label yet.
        if (c.stance && c.stance->passage != c.evidencePassage)
            c.stance.reset();
    }
    return check->passageCount;
}

Result<CoverageReport> judgeRound(const RoundContext &ctx, QList<Claim> &claims)
{
    if (!ctx.judgment) {
        auto judgment = judgmentContextFor(CorpusStore(ctx.db), ctx.run, claims, ctx.settings);
        if (!judgment)
            return fail(judgment.error());
        ctx.judgment = std::move(*judgment);
    }
    return judgeClaims(claims, *ctx.judgment);
}

void checkStances(const RoundContext &ctx, QList<Claim> &list, const QString &stage)
{
    const Backends &backends = ctx.backends;
    if (!backends.stance || isCancelled(ctx.cancel))
        return;
    StanceCheck &state = ctx.stance;
    ctx.events.started(stage, QStringLiteral("stance"), backends.stance->backend());
    struct Pending
    {
        qsizetype index;
        QString key;
        QFuture<Result<ClaimStance>> future;
    };
    QList<Pending> pending;
    for (qsizetype i = 0; i < list.size(); ++i) {
        Claim &c = list[i];
        if (c.status == ClaimStatus::Dropped || c.evidencePassage.trimmed().isEmpty() || c.stance)
            continue;
        const QString key = c.text + QChar(0x1f) + c.evidencePassage;
        if (const auto hit = state.cache.constFind(key); hit != state.cache.cend())
            c.stance = *hit;
        else
            pending.append({i, key, backends.stance->check(ctx.run.question, c.text, c.evidencePassage, ctx.cancel)});
    }
    for (Pending &p : pending) {
        p.future.waitForFinished();
        ClaimStance st;
        if (p.future.resultCount() == 0 || !p.future.result()) {
            st.label = QStringLiteral("NOT_ENOUGH_INFO");
            st.status = QStringLiteral("failed");
            st.note = p.future.resultCount() == 0 ? QStringLiteral("no result") : p.future.result().error();
        } else {
            st = *p.future.result();
        }
        st.backend = backends.stance->backend();
        st.paperId = list.at(p.index).evidencePaperId;
        list[p.index].stance = st;
        state.cache.insert(p.key, st);
    }
    QMap<QString, int> counts;
    for (const Claim &c : std::as_const(list)) {
        if (c.status == ClaimStatus::Dropped || !c.stance)
            continue;
        counts[c.stance->usable() ? c.stance->label : c.stance->status] += 1;
    }
    QStringList parts;
    for (const auto &[name, label] : {std::pair{QStringLiteral("SUPPORTS"), QStringLiteral("SUPPORTS")},
                                      std::pair{QStringLiteral("REFUTES"), QStringLiteral("REFUTES")},
                                      std::pair{QStringLiteral("NOT_ENOUGH_INFO"), QStringLiteral("NOT_ENOUGH_INFO")},
                                      std::pair{QStringLiteral("ungrounded"), QStringLiteral("ungrounded (quote not in the passage, discarded)")},
                                      std::pair{QStringLiteral("failed"), QStringLiteral("no usable answer")}}) {
        if (counts.value(name) > 0)
            parts.append(QStringLiteral("%1 %2").arg(counts.value(name)).arg(label));
    }
    state.summary = parts.isEmpty() ? QString()
                                    : QStringLiteral("Stance check (%1, a second signal beside the cosine): %2.")
                                          .arg(backends.stance->backend(), parts.join(QStringLiteral(", ")));
    ctx.events.finished(stage, QStringLiteral("stance"), parts.join(QStringLiteral(", ")),
                        {{QStringLiteral("asked"), int(pending.size())}});
}

QStringList stageNotes(const RoundContext &ctx)
{
    QStringList lines = ctx.backends.notes ? ctx.backends.notes->lines() : QStringList();
    if (!ctx.stance.summary.isEmpty())
        lines.append(ctx.stance.summary);
    return lines;
}

PolicyDecision roundPolicy(const RoundContext &ctx, const TribunalOutcome &verdict, const QList<Claim> &claims,
                           const std::optional<CoverageReport> &coverage)
{
    PolicyDecision decision = decidePolicy(verdict.verdict, verdict.score, claims, ctx.settings, coverage);
    applyReviewerFailedGate(decision, verdict.failures);
    applyStanceGate(decision, claims);
    return decision;
}

StageResult<DraftInput> composeRound(const RoundContext &ctx, const QList<Claim> &claims, int round,
                                     int evidencePassages, const CoverageReport &coverage, const QString &stage)
{
    DraftInput d = ctx.base;
    d.claims = claims;
    d.coverage = coverage;
    d.revisionRound = round;
    d.evidencePassages = evidencePassages;
    d.references = referencesFor(claims, ctx.papers, ctx.run, ctx.sourceUrl);
    d.methodologyNotes = stageNotes(ctx);
    if (!ctx.backends.synthesizer)
        return d;
    const QString lane = QStringLiteral("synthesizer");
    ctx.events.started(stage, lane);
    auto text = ctx.backends.synthesizer->introduction(d, ctx.cancel);
    if (!text) {
        ctx.events.failed(stage, lane, text.error());
        return stageError(stage, text.error());
    }
    d.introduction = *text;
    d.methodologyNotes = stageNotes(ctx);
    ctx.events.finished(stage, lane);
    return d;
}

QString tribunalStage(int round)
{
    return round == 0 ? QStringLiteral("tribunal") : QStringLiteral("tribunal-%1").arg(round);
}

StageResult<TribunalOutcome> reviewRound(const RoundContext &ctx, qint64 draftId, const DraftInput &input,
                                         const ComposedDraft &composed, const QString &ownerNote)
{
    const QString stage = tribunalStage(input.revisionRound);
    ctx.events.started(stage, {}, QStringLiteral("round %1").arg(input.revisionRound));
    ReviewRequest req;
    req.round = input.revisionRound;
    req.question = ctx.run.question;
    req.questionTerms = ctx.questionTerms;
    req.draftTitle = composed.title;
    req.draftBody = composed.body;
    req.sections = composed.sections;
    req.claims = shownClaims(input.claims);
    req.references = input.references;
    req.settings = ctx.settings;
    req.ownerNote = ownerNote;
    req.coverage = input.coverage;
    req.sourceText = ctx.run.sourceText;
    RunEvents &events = ctx.events;
    auto tribunal = runTribunal(ctx.backends.reviewers, req, ctx.cancel,
                                [&events, stage](EventKind k, const QString &lane, const QString &msg, const QJsonObject &data) {
                                    events.emitEvent(k, stage, lane, msg, data);
                                });
    if (!tribunal)
        return stageError(stage, tribunal.error());
    for (Review r : tribunal->reviews) {
        r.draftId = draftId;
        if (auto ok = ctx.store.saveReview(r); !ok)
            return stageError(stage, ok.error());
    }
    ctx.events.finished(stage, {}, QStringLiteral("%1/10 \u2192 %2").arg(formatScore(tribunal->score), toText(tribunal->verdict)),
                        {{QStringLiteral("score"), tribunal->score}, {QStringLiteral("verdict"), toText(tribunal->verdict)}});
    if (tribunal->partial)
        ctx.events.log(stage, QStringLiteral("partial tribunal: the score is over the reviewers that answered (%1 failed)")
                                  .arg(tribunal->failures.join(QStringLiteral("; "))));
    return *tribunal;
}

StageResult<RevisedRound> reviseRound(const RoundContext &ctx, Draft &draft, const DraftInput &current,
                                      const QList<Review> &reviews, const QString &ownerNote, const QString &reason)
{
    const QString stage = QStringLiteral("revise");
    const int next = current.revisionRound + 1;
    ctx.events.started(stage, {}, ownerNote.isEmpty() ? QStringLiteral("round %1").arg(next)
                                                      : QStringLiteral("owner's revision, round %1").arg(next));
    RevisionRequest rr;
    rr.round = next;
    rr.claims = current.claims;
    rr.reviews = reviews;
    rr.questionTerms = ctx.questionTerms;
    rr.ownerNote = ownerNote;
    rr.sourceText = ctx.run.sourceText;
    rr.settings = ctx.settings;
    if (!ownerNote.isEmpty()) {
        rr.ownerActions = parseOwnerRequest(ownerNote).actions;
        const int shownNow = int(shownClaims(current.claims).size());
        for (const OwnerClaimAction &a : std::as_const(rr.ownerActions))
            if (a.ordinal < 1 || a.ordinal > shownNow)
                return stageError(stage, QStringLiteral("the owner's request names claim %1, but the draft shows claims 1 to %2")
                                             .arg(a.ordinal).arg(shownNow));
    }
    auto revised = ctx.backends.reviser->revise(rr, ctx.cancel);
    if (!revised)
        return stageError(stage, revised.error());
    RevisedRound out;
    out.revision = *revised;
    if (ownerNote.isEmpty() && revised->actions.isEmpty()) {
        out.changed = false;
        out.input = current;
        out.input.revisionNotes = current.revisionNotes + revised->notes;
        ctx.events.finished(stage, {}, revised->reason, {{QStringLiteral("changed"), 0}});
        return out;
    }
    QList<Claim> claims = revised->claims;
    for (int ordinal : std::as_const(revised->changedOrdinals))
        if (ordinal >= 1 && ordinal <= claims.size())
            claims[ordinal - 1].stance.reset(); // new text: asked again
    // Every shown claim is verified again: the verifier is deterministic, so unchanged claims keep
    // their scores, and the passage count in Methodology is this round's.
    auto passages = verifyClaims(ctx, claims, shownIndexes(claims));
    if (!passages)
        return stageError(stage, passages.error());
    // Judge the new round again: dropped claims change the coverage, new texts their checks.
    auto coverage = judgeRound(ctx, claims);
    if (!coverage)
        return stageError(stage, coverage.error());
    checkStances(ctx, claims, stage);
    if (auto ok = ctx.store.saveClaims(draft.id, next, claims); !ok)
        return stageError(stage, ok.error());
    auto input = composeRound(ctx, claims, next, *passages, *coverage, stage);
    if (!input)
        return std::unexpected(input.error());
    out.input = *input;
    out.input.revisionNotes = current.revisionNotes + revised->notes;
    out.input.rounds = current.rounds;
    out.composed = composeDraft(out.input);
    DraftRevision rev{0, draft.id, next, out.composed.body, out.composed.sections, std::nullopt, std::nullopt,
                      reason.isEmpty() ? revised->reason : reason, {}};
    if (auto ok = ctx.store.saveRevision(rev); !ok)
        return stageError(stage, ok.error());
    draft.currentRound = next;
    draft.state = DraftState::Running;
    if (auto ok = ctx.store.updateDraft(draft); !ok)
        return stageError(stage, ok.error());
    QJsonArray actions;
    for (const RevisionAction &a : std::as_const(revised->actions))
        actions.append(a.toJson());
    ctx.events.finished(stage, {}, revised->reason,
                        {{QStringLiteral("dropped"), revised->dropped}, {QStringLiteral("softened"), revised->softened},
                         {QStringLiteral("re_attributed"), revised->reattributed}, {QStringLiteral("restored"), revised->restored},
                         {QStringLiteral("re_verified"), int(revised->changedOrdinals.size())}, {QStringLiteral("actions"), actions}});
    return out;
}

StageStatus finishRound(const RoundContext &ctx, Draft &draft, DraftInput input, const TribunalOutcome &verdict,
                        Policy policy, const QString &policyReason, const QString &revisionReason)
{
    const QString stage = QStringLiteral("policy");
    input.policy = policy;
    input.policyReason = policyReason;
    input.methodologyNotes = stageNotes(ctx);
    const ComposedDraft composed = composeDraft(input);
    DraftRevision rev{0, draft.id, input.revisionRound, composed.body, composed.sections, verdict.score, verdict.verdict,
                      revisionReason, {}};
    if (auto ok = ctx.store.saveRevision(rev); !ok)
        return stageError(stage, ok.error());
    const QList<Claim> shown = shownClaims(input.claims);
    int verified = 0;
    for (const Claim &c : shown)
        verified += c.effectiveVerified() ? 1 : 0;
    draft.currentRound = input.revisionRound;
    draft.score = verdict.score;
    draft.verdict = verdict.verdict;
    draft.policy = policy;
    draft.policyReason = policyReason;
    draft.claimsExtracted = int(shown.size());
    draft.claimsVerified = verified;
    draft.state = DraftState::Escalated;
    if (auto ok = ctx.store.updateDraft(draft); !ok)
        return stageError(stage, ok.error());
    return {};
}

StageStatus finishRecord(const RoundContext &ctx, qint64 draftId)
{
    const QString stage = QStringLiteral("record");
    ctx.events.started(stage);
    if (auto ok = rebuildPublicRecord(ctx.db, draftId); !ok)
        return stageError(stage, ok.error());
    auto draft = ctx.store.draft(draftId);
    if (!draft)
        return stageError(stage, draft.error());
    ctx.events.finished(stage, {}, QStringLiteral("%1, tier %2").arg(ctx.run.srchId, draft->qualityTier));
    return {};
}

} // namespace Sovereign::Pipeline
