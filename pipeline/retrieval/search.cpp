#include "search.h"

#include "atom.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::Pipeline {

SearchOutcome fuseQueryRuns(const QList<QueryRun> &runs, const SearchOptions &options, const QString &backend)
{
    SearchOutcome out;
    out.runs = runs;
    QList<QList<FusionInput>> lists;
    for (const QueryRun &run : runs) {
        Models::SearchQuery q;
        q.ordinal = run.query.ordinal;
        q.strategy = run.query.strategy;
        q.text = run.query.text;
        q.backend = backend;
        q.elapsedMs = run.elapsedMs;
        out.queries.append(q);
        QList<FusionInput> list;
        int rank = 0;
        for (const Models::CorpusHit &h : run.hits) {
            out.hits.append({run.query.ordinal, ++rank, h.paperId, h.score});
            list.append({splitArxivId(h.arxivId).id, h.paperId});
        }
        lists.append(list);
    }
    out.fused = reciprocalRankFusion(lists, options.rrfK, options.topK);
    for (const FusedItem &f : std::as_const(out.fused)) {
        Models::RunPaper p;
        p.paperId = f.paperId;
        p.fusedRank = f.fusedRank;
        p.rrfScore = f.score;
        p.finalRank = f.fusedRank;
        out.merged.append(p);
    }
    return out;
}

Models::Result<SearchOutcome> searchLocal(const std::shared_ptr<Models::Database> &db,
                                          const QList<PlannedQuery> &queries, const SearchOptions &options)
{
    if (queries.isEmpty())
        return Models::fail(QStringLiteral("search: no queries"));
    // A private pool: the caller may itself be a global-pool task, and four queries must really run
    // side by side rather than queue behind it.
    QThreadPool pool;
    pool.setMaxThreadCount(int(queries.size()));
    QList<QFuture<QueryRun>> futures;
    for (const PlannedQuery &query : queries) {
        futures.append(QtConcurrent::run(&pool, [db, query, &options]() {
            QueryRun run;
            run.query = query;
            QElapsedTimer timer;
            timer.start();
            {
                auto hits = Models::CorpusStore::search(db->connection(), query.text, options.perQueryLimit);
                if (hits)
                    run.hits = *hits;
                else
                    run.error = hits.error();
            }
            db->releaseThreadConnection();
            run.elapsedMs = timer.elapsed();
            if (options.onQueryFinished)
                options.onQueryFinished(query.ordinal, int(run.hits.size()), run.elapsedMs, run.error);
            return run;
        }));
    }
    QList<QueryRun> runs;
    QStringList errors;
    for (auto &f : futures) {
        runs.append(f.result());
        if (!runs.last().error.isEmpty())
            errors.append(QStringLiteral("query %1: %2").arg(runs.last().query.ordinal).arg(runs.last().error));
    }
    if (errors.size() == runs.size())
        return Models::fail(QStringLiteral("search failed: %1").arg(errors.join(QStringLiteral("; "))));
    return fuseQueryRuns(runs, options);
}

Models::Result<SearchOutcome> retrieveLocal(const std::shared_ptr<Models::Database> &db, const QString &question,
                                            const QString &sourceTitle, const RetrievalOptions &options)
{
    Models::CorpusStore corpus(db);
    auto planned = planQueries(corpus, question, sourceTitle, options.planner);
    if (!planned)
        return Models::fail(planned.error());
    auto outcome = searchLocal(db, *planned, options.search);
    if (!outcome || !options.semanticRerank || outcome->merged.isEmpty())
        return outcome;
    auto embedder = ensureLocalEmbedder(corpus, options.embedder);
    if (!embedder)
        return Models::fail(QStringLiteral("semantic index: %1").arg(embedder.error()));
    QList<qint64> ids;
    for (const auto &p : std::as_const(outcome->merged))
        ids.append(p.paperId);
    auto scores = semanticScores(corpus, *embedder->embedder, question + QLatin1Char(' ') + sourceTitle, ids);
    if (!scores)
        return Models::fail(QStringLiteral("semantic index: %1").arg(scores.error()));
    applySemanticRerank(outcome->merged, *scores, options.semanticWeight);
    outcome->embedder = embedder->embedder->name();
    outcome->embedderRefitted = embedder->refitted;
    return outcome;
}

} // namespace Sovereign::Pipeline
