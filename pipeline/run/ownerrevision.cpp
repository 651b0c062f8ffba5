// The owner's "request revision" (declared in pipelinerun.h): one more revision round of a stored
// draft with the owner's note as input, through the same round stages as a run (roundstages.h).
#include "pipelinerun.h"
#include "roundstages.h"

#include "pipeline/review/policy.h"

#include "models/storage/corpusstore.h"
#include "models/storage/store.h"

namespace Sovereign::Pipeline {

using namespace Models;

namespace {

// What the revision round reads back from the store: the draft's run, its retrieval and its last round.
struct StoredRound
{
    Run run;
    RetrievalFacts facts;
    QList<Claim> claims;       // the current round's claims
    QList<Review> reviews;     // the current round's reviews
    QList<std::pair<double, Verdict>> history;
};

Result<StoredRound> readStoredRound(const std::shared_ptr<Database> &db, const Backends &backends, const Draft &draft)
{
    const Store store(db);
    StoredRound s;
    auto run = store.run(draft.runId);
    if (!run)
        return fail(run.error());
    s.run = *run;
    auto claims = store.claims(draft.id, draft.currentRound);
    auto reviews = store.reviews(draft.id);
    auto revisions = store.revisions(draft.id);
    auto queries = store.searchQueries(run->id);
    auto runPapers = store.runPapers(run->id);
    if (!claims || !reviews || !revisions || !queries || !runPapers)
        return fail(QStringLiteral("cannot read the draft's run from the store"));
    s.claims = *claims;
    for (const Review &r : std::as_const(*reviews))
        if (r.round == draft.currentRound)
            s.reviews.append(r);
    for (const DraftRevision &r : std::as_const(*revisions))
        if (r.score && r.verdict)
            s.history.append({*r.score, *r.verdict});
    for (const SearchQuery &q : std::as_const(*queries))
        s.facts.queries.append(q.text);
    QList<qint64> ids;
    for (const RunPaper &p : std::as_const(*runPapers))
        ids.append(p.paperId);
    auto papers = CorpusStore(db).papers(ids);
    if (!papers)
        return fail(papers.error());
    s.facts.papers = *papers;
    s.facts.papersRetrieved = draft.papersRetrieved;
    s.facts.corpusSize = backends.searcher ? backends.searcher->corpusSize() : 0;
    describeEmbedder(s.facts, backends, *runPapers);
    return s;
}

} // namespace

RunOutcome executeOwnerRevision(const std::shared_ptr<Database> &db, const Backends &backends, qint64 draftId,
                                const QString &note, const CancelFlag &cancel, RunEvents &events)
{
    Store store(db);
    RunOutcome out;
    out.draftId = draftId;
    std::optional<Draft> restore; // the draft as it was, put back when the round fails
    const auto failWith = [&](const StageError &e) {
        const bool cancelled = isCancelled(cancel) || e.error == QStringLiteral("cancelled");
        out.status = cancelled ? RunStatus::Cancelled : RunStatus::Failed;
        out.failedStage = e.stage;
        out.error = e.error;
        if (cancelled)
            events.emitEvent(EventKind::Cancelled, e.stage, {}, QStringLiteral("cancelled"));
        else
            events.failed(e.stage, {}, e.error);
        if (restore)
            if (auto ok = store.updateDraft(*restore); !ok) {
                out.error += QStringLiteral("; the draft's state could not be restored: %1").arg(ok.error());
                events.failed(e.stage, {}, ok.error());
            }
        events.flush();
        out.elapsedMs = events.elapsedMs();
        return out;
    };
    const QString revise = QStringLiteral("revise");
    auto draft = store.draft(draftId);
    if (!draft)
        return failWith({revise, draft.error()});
    if (draft->isPublished())
        return failWith({revise, QStringLiteral("draft %1 is published: change it through a correction").arg(draftId)});
    if (note.trimmed().isEmpty())
        return failWith({revise, QStringLiteral("a revision request needs the owner's note")});
    auto stored = readStoredRound(db, backends, *draft);
    if (!stored)
        return failWith({revise, stored.error()});
    out.runId = stored->run.id;
    out.srchId = stored->run.srchId;
    const RoundContext ctx = roundContext(db, backends, cancel, events, stored->run, stored->facts);

    restore = *draft;
    draft->state = DraftState::Running;
    if (auto ok = store.updateDraft(*draft); !ok)
        return failWith({revise, ok.error()});
    DraftInput current = ctx.base;
    current.claims = stored->claims;
    current.revisionRound = draft->currentRound;
    current.rounds = stored->history;
    const QString reason = QStringLiteral("owner's revision request: %1").arg(note.simplified());
    auto revised = reviseRound(ctx, *draft, current, stored->reviews, note, reason);
    if (!revised)
        return failWith(revised.error());
    auto tribunal = reviewRound(ctx, draftId, revised->input, revised->composed, note);
    if (!tribunal)
        return failWith(tribunal.error());

    // The draft returns to the owner whatever the rules say: the owner asked to see it again.
    events.started(QStringLiteral("policy"));
    DraftInput last = revised->input;
    last.rounds.append({tribunal->score, tribunal->verdict});
    const PolicyDecision decision = roundPolicy(ctx, *tribunal, shownClaims(last.claims), last.coverage);
    const QString policyReason = QStringLiteral("the owner requested this revision and decides on it (rules alone: %1, %2)")
                                     .arg(toText(decision.policy), decision.reason);
    if (auto ok = finishRound(ctx, *draft, last, *tribunal, Policy::EscalateToOwner, policyReason, reason); !ok)
        return failWith(ok.error());
    restore.reset();
    events.finished(QStringLiteral("policy"), {}, policyReason);
    if (auto ok = finishRecord(ctx, draftId); !ok)
        return failWith(ok.error());
    events.flush();
    out.status = RunStatus::Succeeded;
    out.score = tribunal->score;
    out.verdict = tribunal->verdict;
    out.revisionRound = last.revisionRound;
    out.policy = Policy::EscalateToOwner;
    out.policyReason = policyReason;
    if (auto fresh = store.draft(draftId))
        out.qualityTier = fresh->qualityTier;
    out.elapsedMs = events.elapsedMs();
    return out;
}

} // namespace Sovereign::Pipeline
