#pragma once
// The storage side of the public record: rebuildPublicRecord() recomputes and stores a draft's
// public record from the store (at the end of a run, and by the owner's actions after a claim edit
// or a correction); draftSummaryJson() reads what `sovereign run --json` and `drafts show --json`
// print.

#include "models/storage/database.h"
#include "models/types/types.h"

#include <QJsonObject>

#include <memory>

namespace Sovereign::Pipeline {

Models::Status rebuildPublicRecord(const std::shared_ptr<Models::Database> &db, qint64 draftId);

// The JSON summary printed by `sovereign run --json` and `drafts show --json`: srch_id, draft_id,
// run status, score, verdict, revision_round, policy, claims, reviews and the public record.
Models::Result<QJsonObject> draftSummaryJson(const std::shared_ptr<Models::Database> &db, qint64 draftId);

} // namespace Sovereign::Pipeline
