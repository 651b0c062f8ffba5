#pragma once

// One run of the pipeline, as functions over values that run on a worker thread:
//
//   prepareRun()   checks the request (non-empty question, a source that exists: an arXiv id in the
//                  corpus or a readable, non-empty .txt/.md file) and creates the Run row. Bad input
//                  fails here with a readable message and NOTHING is written.
//   executeRun()   plan -> search (parallel) -> merge -> index -> extract -> verify -> compose ->
//                  tribunal (3 roles in parallel) -> [revise -> tribunal] -> policy -> record,
//                  storing each stage's output as soon as it exists and recording every event
//                  through RunEvents. A failing stage fails the run with "stage: reason" and keeps
//                  everything stored before it; a raised CancelFlag ends the run as cancelled.
//   rebuildPublicRecord() and draftSummaryJson() are in pipeline/publish/recordstore.h.

#include "backends.h"
#include "runevents.h"

#include "pipeline/publish/recordstore.h"
#include "pipeline/core/settings.h"
#include "pipeline/verify/judgment.h"
#include "pipeline/verify/judgment.h"

#include "models/storage/corpusstore.h"
#include "models/storage/corpusstore.h"
#include "models/storage/database.h"
#include "models/types/types.h"

#include <QJsonObject>

#include <memory>

namespace Sovereign::Pipeline {

struct RunRequest
{
    QString source;   // arXiv id (versioned or not, or an abs URL) or a path to a .txt/.md file
    QString question;
    PipelineSettings settings;
};

struct ResolvedSource
{
    qint64 paperId = 0; // 0 for a file
    QString ref;        // as stored in Run.sourceRef (arXiv id, or the absolute file path)
    QString title;
    QString abstract;   // the abstract (papers) or the first paragraph (files)
    QString text;       // what claims are extracted from
    QString url;        // abs URL for papers
    bool isFile = false;
};

// Looks the source up (corpus first, then the file system). Reads only.
Models::Result<ResolvedSource> resolveSource(const std::shared_ptr<Models::Database> &db, const QString &source);

// Validates, resolves and stores a queued Run (config = settings.toJson()).
Models::Result<Models::Run> prepareRun(const std::shared_ptr<Models::Database> &db, const RunRequest &request);

struct RunOutcome
{
    qint64 runId = 0;
    QString srchId;
    qint64 draftId = 0; // 0 if the run failed before composing
    Models::RunStatus status = Models::RunStatus::Failed;
    QString error;      // "stage: reason" when failed, "cancelled" when cancelled
    QString failedStage;
    double score = 0;
    std::optional<Models::Verdict> verdict;
    int revisionRound = 0;
    std::optional<Models::Policy> policy;
    QString policyReason;
    QString qualityTier;
    qint64 elapsedMs = 0;
};

RunOutcome executeRun(const std::shared_ptr<Models::Database> &db, const Backends &backends, Models::Run run,
                      const CancelFlag &cancel, RunEvents &events);

// An owner's "request revision": one more revision round of an existing, unpublished draft with
// the owner's note as extra input (reviser -> re-verify -> compose -> tribunal -> policy ->
// record). The draft returns to the Escalated queue whatever the new verdict (the owner asked to
// see it again); its events continue the run's event stream. Fails, changing nothing, for a
// published draft or an empty note.
RunOutcome executeOwnerRevision(const std::shared_ptr<Models::Database> &db, const Backends &backends, qint64 draftId,
                                const QString &note, const CancelFlag &cancel, RunEvents &events);

// Helpers shared by the run and the owner's revision.
QList<DraftReference> referencesFor(const QList<Models::Claim> &claims, const QList<Models::Paper> &papers,
                                    const Models::Run &run, const QString &sourceUrl);
QList<Models::Claim> shownClaims(const QList<Models::Claim> &claims);
// The run's judgment context (judgment.h): the question's profile and the field's generic names,
// from the corpus's document frequencies for the question and the claims and their passages.
Models::Result<JudgmentContext> judgmentContextFor(const Models::CorpusStore &corpus, const Models::Run &run,
                                                   const QList<Models::Claim> &claims, const PipelineSettings &settings);
// The run's judgment context (judgment.h): the question's profile and the field's generic names,
// from the corpus's document frequencies for the question and the claims and their passages.
Models::Result<JudgmentContext> judgmentContextFor(const Models::CorpusStore &corpus, const Models::Run &run,
                                                   const QList<Models::Claim> &claims, const PipelineSettings &settings);


} // namespace Sovereign::Pipeline
