#include "loaders.h"
#include "worker.h"

#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Sovereign::Models {

namespace {

// Runs f(store) on a pool thread, whose connection is released afterwards (worker.h).
template<typename F>
auto onWorker(std::shared_ptr<Database> db, F f)
{
    return runOnWorker(db, [db, f = std::move(f)] { return f(Store(db)); });
}

} // namespace

Result<QHash<qint64, PaperRef>> loadPaperRefs(const Store &store, const QList<qint64> &ids)
{
    QHash<qint64, PaperRef> out;
    if (ids.isEmpty())
        return out;
    auto q = prepare(store.connection(), QStringLiteral("SELECT id, arxiv_id, title FROM papers WHERE id = ?"));
    if (!q)
        return fail(q.error());
    for (qint64 id : ids) {
        if (id <= 0 || out.contains(id))
            continue;
        q->bindValue(0, id);
        if (auto ok = execPrepared(*q, QStringLiteral("load paper")); !ok)
            return fail(ok.error());
        if (q->next())
            out.insert(id, {q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString()});
        q->finish();
    }
    return out;
}

Result<DraftDetails> loadDraftDetails(const Store &store, qint64 draftId)
{
    DraftDetails d;
    auto draft = store.draft(draftId);
    if (!draft)
        return fail(draft.error());
    d.draft = *draft;
    auto run = store.run(d.draft.runId);
    if (!run)
        return fail(run.error());
    d.run = *run;
    auto revisions = store.revisions(draftId);
    if (!revisions)
        return fail(revisions.error());
    d.revisions = *revisions;
    auto reviews = store.reviews(draftId);
    if (!reviews)
        return fail(reviews.error());
    d.reviews = *reviews;
    int last = d.lastRound();
    for (int round = 0; round <= last; ++round) {
        auto claims = store.claims(draftId, round);
        if (!claims)
            return fail(claims.error());
        d.claims.append(*claims);
    }
    auto record = store.publicRecord(draftId);
    if (record)
        d.record = *record; // a draft without a record yet is normal
    auto events = store.events(d.draft.runId);
    if (!events)
        return fail(events.error());
    d.events = *events;
    auto decisions = store.decisions(draftId);
    if (!decisions)
        return fail(decisions.error());
    d.decisions = *decisions;
    auto edits = store.claimEdits(draftId);
    if (!edits)
        return fail(edits.error());
    d.claimEdits = *edits;
    auto corrections = store.corrections(draftId);
    if (!corrections)
        return fail(corrections.error());
    d.corrections = *corrections;

    QList<qint64> paperIds;
    for (const Claim &c : std::as_const(d.claims))
        paperIds.append(c.evidencePaperId);
    if (auto merged = store.runPapers(d.draft.runId))
        for (const RunPaper &p : *merged)
            paperIds.append(p.paperId);
    auto papers = loadPaperRefs(store, paperIds);
    if (!papers)
        return fail(papers.error());
    d.papers = *papers;
    return d;
}

QFuture<Result<DraftDetails>> loadDraftDetailsAsync(std::shared_ptr<Database> db, qint64 draftId)
{
    return onWorker(std::move(db), [draftId](const Store &store) { return loadDraftDetails(store, draftId); });
}

QFuture<Result<QList<Draft>>> loadDraftPageAsync(std::shared_ptr<Database> db, DraftFilter filter)
{
    return onWorker(std::move(db), [filter = std::move(filter)](const Store &store) { return store.drafts(filter); });
}

QFuture<Result<QHash<DraftState, int>>> loadQueueCountsAsync(std::shared_ptr<Database> db)
{
    return onWorker(std::move(db), [](const Store &store) { return store.queueCounts(); });
}

QFuture<Result<Run>> loadRunAsync(std::shared_ptr<Database> db, qint64 runId)
{
    return onWorker(std::move(db), [runId](const Store &store) { return store.run(runId); });
}

} // namespace Sovereign::Models
