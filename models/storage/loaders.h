#pragma once

// Everything the workbench shows about one draft (DraftDetails, models/types/draftdetails.h), read in
// one go, and the asynchronous loaders the GUI uses so that it never waits on SQLite: each loader runs on a pool thread with that thread's
// own connection (released when the task ends) and delivers a Result through a QFuture.

#include "store.h"
#include "models/types/draftdetails.h"

#include <QFuture>
#include <QHash>

#include <memory>

namespace Sovereign::Models {

// Reads one draft and everything around it. Fails with a readable message for an unknown id.
Result<DraftDetails> loadDraftDetails(const Store &store, qint64 draftId);
// Papers by id (id, version-less arXiv id, title); unknown ids are left out.
Result<QHash<qint64, PaperRef>> loadPaperRefs(const Store &store, const QList<qint64> &ids);

QFuture<Result<DraftDetails>> loadDraftDetailsAsync(std::shared_ptr<Database> db, qint64 draftId);
QFuture<Result<QList<Draft>>> loadDraftPageAsync(std::shared_ptr<Database> db, DraftFilter filter);
QFuture<Result<QHash<DraftState, int>>> loadQueueCountsAsync(std::shared_ptr<Database> db);
QFuture<Result<Run>> loadRunAsync(std::shared_ptr<Database> db, qint64 runId);

} // namespace Sovereign::Models
