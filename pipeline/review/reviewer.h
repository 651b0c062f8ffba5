#pragma once

// The tribunal's plug-in point. A Reviewer plays one role (SKEPTIC, VALIDATOR or SYNTHESIZER) for
// one backend ("rules" here; LLM reviewers live with the remote backends) and turns a ReviewRequest
// into a Models::Review: score 0-10, verdict, rationale, issues tied to claims or sections, and the
// full transcript (prompt, raw response, parsed JSON, scored signals, latency, tokens, backend).
//
// Threading contract: review() is called from a pipeline worker thread that has NO event loop and
// returns at once with a QFuture; the tribunal starts all three roles before waiting on any. An
// implementation must complete its future without relying on the caller's event loop (run blocking
// work with QtConcurrent, or network work on a thread of its own), must check `cancel` often, and
// reports failure as an error string in the result, never by throwing. `onToken` may be called
// from any thread to stream partial output (the run controller turns it into `token` events).
// BlockingReviewer adapts a synchronous implementation to this contract.

#include "pipeline/compose/composer.h"
#include "pipeline/core/settings.h"
#include "pipeline/verify/questioncoverage.h"

#include "models/storage/database.h"
#include "models/types/types.h"

#include <QFuture>
#include <QJsonObject>

#include <atomic>
#include <functional>
#include <memory>

namespace Sovereign::Pipeline {

using CancelFlag = std::shared_ptr<const std::atomic_bool>;
inline bool isCancelled(const CancelFlag &flag) { return flag && flag->load(); }

struct ReviewRequest
{
    Models::Role role = Models::Role::Skeptic;
    int round = 0;
    QString question;
    QStringList questionTerms;
    QString draftTitle;
    QString draftBody;
    QJsonObject sections;          // composer sections (text and tables)
    QList<Models::Claim> claims;   // the claims shown in the draft (dropped ones excluded)
    QList<DraftReference> references;
    PipelineSettings settings;     // thresholds for the verdict
    QString ownerNote;             // extra input when the owner requested a revision
    // How far the shown claims cover the question (questioncoverage.h); unset: not measured.
    std::optional<CoverageReport> coverage;
    QString sourceText;            // the source's text: claims are checked against it
    std::function<void(const QString &text)> onToken; // optional, thread-safe
};

using ReviewResult = Models::Result<Models::Review>;

class Reviewer
{
public:
    virtual ~Reviewer() = default;
    virtual Models::Role role() const = 0;
    virtual QString backend() const = 0; // stored in Review.backend: "rules", "llm", ...
    virtual QFuture<ReviewResult> review(const ReviewRequest &request, CancelFlag cancel) = 0;
};

// Runs reviewBlocking() on the global thread pool.
class BlockingReviewer : public Reviewer
{
public:
    QFuture<ReviewResult> review(const ReviewRequest &request, CancelFlag cancel) override;

protected:
    virtual ReviewResult reviewBlocking(const ReviewRequest &request, const CancelFlag &cancel) = 0;
};

// Which reviewer plays a role in a run. The default gives the rule-based reviewers.
using ReviewerFactory = std::function<std::shared_ptr<Reviewer>(Models::Role role)>;

// APPROVE at settings.approveAt or above, REVISE from settings.reviseAt, REJECT below.
Models::Verdict verdictFor(double score, const PipelineSettings &settings);

} // namespace Sovereign::Pipeline
