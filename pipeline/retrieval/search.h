#pragma once

// Stage 2 + 3 on the local corpus: the planned queries run in parallel (one pool thread and one
// SQLite connection per query, released when the query ends), then their ranked lists are merged
// by reciprocal-rank fusion (fusion.h), de-duplicated by version-less arXiv id and cut to the top K.
// The outcome holds exactly the rows Store::saveSearch() records: every query, every hit with its
// rank and score, and the merged list. A query that fails is reported in its QueryRun and the
// others still count; the search fails only when every query failed.

#include "embedder.h"
#include "fusion.h"
#include "queryplanner.h"

#include "models/storage/corpusstore.h"
#include "models/types/types.h"

#include <functional>
#include <memory>

namespace Sovereign::Pipeline {

struct SearchOptions
{
    int perQueryLimit = 25; // hits kept per query
    int topK = DefaultTopK; // merged papers kept
    int rrfK = DefaultRrfK;
    // Called from the worker thread as each query ends (e.g. to emit a run event). Optional.
    std::function<void(int ordinal, int hits, qint64 elapsedMs, const QString &error)> onQueryFinished;
};

struct QueryRun
{
    PlannedQuery query;
    QList<Models::CorpusHit> hits; // best first
    qint64 elapsedMs = 0;
    QString error;
};

struct SearchOutcome
{
    QList<QueryRun> runs;
    QList<FusedItem> fused;
    // Storage rows for Store::saveSearch (RunPaper::finalRank = fusedRank until re-ranked).
    QList<Models::SearchQuery> queries;
    QList<Models::SearchHit> hits;
    QList<Models::RunPaper> merged;
    QString embedder;            // set when merged was re-ranked semantically
    bool embedderRefitted = false;
};

struct RetrievalOptions
{
    SearchOptions search;
    PlannerOptions planner;
    bool semanticRerank = true;
    double semanticWeight = 0.5; // see applySemanticRerank()
    EmbedderOptions embedder;
};

// Pure: builds the fused list and the storage rows from finished query runs. Hits are keyed by
// CorpusHit::arxivId with any version suffix removed.
SearchOutcome fuseQueryRuns(const QList<QueryRun> &runs, const SearchOptions &options = {},
                            const QString &backend = QStringLiteral("local"));

Models::Result<SearchOutcome> searchLocal(const std::shared_ptr<Models::Database> &db,
                                          const QList<PlannedQuery> &queries, const SearchOptions &options = {});

// Stages 1 to 4 on the local corpus in one call: plan the four queries, search them in parallel,
// fuse, then (optionally) score the merged papers against "question source-title" with the local
// embedder (fitted or reused, see ensureLocalEmbedder) and re-rank. Blocking: run it off the GUI thread.
Models::Result<SearchOutcome> retrieveLocal(const std::shared_ptr<Models::Database> &db, const QString &question,
                                            const QString &sourceTitle, const RetrievalOptions &options = {});

} // namespace Sovereign::Pipeline
