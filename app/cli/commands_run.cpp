// sovereign run / sovereign demo: one pipeline run through the RunController, with the live stage
// log, the outcome, and --json output.
#include "cli.h"

#include "pipeline/remote/remotebackends.h"

#include "pipeline/retrieval/democorpus.h"
#include "pipeline/run/localbackends.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/run/pipelinerun.h"
#include "pipeline/run/runcontroller.h"

#include "models/storage/corpusstore.h"
#include "models/ledger/ledger.h"
#include "models/storage/store.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QTimer>

#include <atomic>
#include <csignal>

namespace Sovereign::App {

namespace {

std::atomic_bool g_interrupted{false};
void onInterrupt(int) { g_interrupted.store(true); }

const char RunHelp[] =
    "Usage: sovereign run --source ID|FILE --question TEXT [options]\n\n"
    "Runs the pipeline on a source paper (an arXiv id in the corpus, or a .txt/.md file) for a research\n"
    "question: plan, search, merge, extract and verify claims, compose the draft, tribunal (with a\n"
    "revision round when the score is low), policy and public record. The stage log streams to stdout\n"
    "(to stderr with --json, where stdout gets the outcome as JSON).\n\n"
    "Options:\n"
    "  --source ID|FILE       arXiv id (e.g. 2402.12345) or path to a text/Markdown file\n"
    "  --question TEXT        the research question (required, not empty)\n"
    "  --search local|arxiv   where the four queries search (default local; arxiv: the arXiv API, politely queued)\n"
    "  --embed local|nim      embeddings for re-ranking (default local; nim: NIM or any OpenAI-compatible server)\n"
    "  --tribunal rules|llm   reviewers and reviser (default rules; llm: chat completions, streamed)\n"
    "  --planner local|llm    query planner (default local)\n"
    "  --extractor rules|llm  claim extractor (default rules)\n"
    "  --composer template|llm  the Introduction from the template or written by the LLM (default template)\n"
    "                         remote servers: SOVEREIGN_ARXIV_URL, SOVEREIGN_EMBED_URL, SOVEREIGN_LLM_URL,\n"
    "                         SOVEREIGN_LLM_MODEL; key: SOVEREIGN_API_KEY / NVIDIA_API_KEY or `sovereign secrets`\n"
    "  --max-claims N         claims kept by the extractor (default 10)\n"
    "  --top-k N              papers kept after fusion (default 12)\n"
    "  --threshold T          verification threshold on the TF-IDF cosine (default 0.15)\n"
    "  --rounds N             revision rounds at most (default 1)\n"
    "  --revise-on-reject     also revise a REJECT verdict\n"
    "  --min-verified N       policy gate: verified claims needed to auto-approve (default 1, 0 = off)\n"
    "  --no-question-gate     policy gate off: a claim must address the question\n"
    "  --quiet                no stage log\n\n"
    "Exit codes: 0 the run succeeded (the draft is escalated or auto-approved), 1 a stage failed,\n"
    "2 bad arguments or input, 3 database error, 4 unknown source or missing file, 130 interrupted.\n";

struct RunArgs
{
    Pipeline::RunRequest request;
    bool quiet = false;
};

// Parses run's options; returns an error message or nothing.
std::optional<QString> parseRunArgs(QStringList args, RunArgs &out)
{
    Pipeline::PipelineSettings &s = out.request.settings;
    const auto value = [&](qsizetype &i, const QString &name) -> std::optional<QString> {
        const QString a = args.at(i);
        if (a.startsWith(name + u'='))
            return a.mid(name.size() + 1);
        if (i + 1 >= args.size())
            return std::nullopt;
        return args.at(++i);
    };
    bool haveQuestion = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        const QString name = a.section(u'=', 0, 0);
        const auto number = [&](auto *target, bool isInt) -> std::optional<QString> {
            auto v = value(i, name);
            if (!v)
                return QStringLiteral("%1 needs a value").arg(name);
            bool ok = false;
            const double d = v->toDouble(&ok);
            if (!ok || d < 0 || (isInt && d != double(qint64(d))))
                return QStringLiteral("%1: '%2' is not a valid number").arg(name, *v);
            *target = static_cast<std::remove_pointer_t<decltype(target)>>(d);
            return std::nullopt;
        };
        std::optional<QString> err;
        if (name == QStringLiteral("--source")) {
            auto v = value(i, name);
            if (!v)
                return QStringLiteral("--source needs an arXiv id or a file path");
            out.request.source = *v;
        } else if (name == QStringLiteral("--question")) {
            auto v = value(i, name);
            if (!v)
                return QStringLiteral("--question needs the question text");
            out.request.question = *v;
            haveQuestion = true;
        } else if (name == QStringLiteral("--search") || name == QStringLiteral("--embed") || name == QStringLiteral("--tribunal")
                   || name == QStringLiteral("--planner") || name == QStringLiteral("--extractor")
                   || name == QStringLiteral("--composer")) {
            auto v = value(i, name);
            if (!v)
                return QStringLiteral("%1 needs a backend name").arg(name);
            QString &slot = name == QStringLiteral("--search") ? s.backends.search
                : name == QStringLiteral("--embed")            ? s.backends.embed
                : name == QStringLiteral("--tribunal")         ? s.backends.tribunal
                : name == QStringLiteral("--planner")          ? s.backends.planner
                : name == QStringLiteral("--composer")         ? s.backends.composer
                                                               : s.backends.extractor;
            slot = v->trimmed().toLower();
            if (auto bad = Pipeline::BackendChoice::validate(s.backends))
                return *bad;
        } else if (name == QStringLiteral("--max-claims")) {
            err = number(&s.maxClaims, true);
        } else if (name == QStringLiteral("--top-k")) {
            err = number(&s.topK, true);
        } else if (name == QStringLiteral("--threshold")) {
            err = number(&s.verifyThreshold, false);
        } else if (name == QStringLiteral("--rounds")) {
            err = number(&s.maxRevisionRounds, true);
        } else if (name == QStringLiteral("--min-verified")) {
            err = number(&s.gateMinVerifiedClaims, true);
        } else if (a == QStringLiteral("--revise-on-reject")) {
            s.reviseOnReject = true;
        } else if (a == QStringLiteral("--no-question-gate")) {
            s.gateQuestionAddressed = false;
        } else if (a == QStringLiteral("--quiet")) {
            out.quiet = true;
        } else {
            return QStringLiteral("unknown option '%1' (see sovereign run --help)").arg(a);
        }
        if (err)
            return err;
    }
    if (out.request.source.trimmed().isEmpty())
        return QStringLiteral("--source is required (an arXiv id from the corpus or a .txt/.md file)");
    if (!haveQuestion || out.request.question.trimmed().isEmpty())
        return QStringLiteral("--question is required and must not be empty");
    if (s.topK < 1 || s.maxClaims < 1)
        return QStringLiteral("--top-k and --max-claims must be at least 1");
    if (s.verifyThreshold > 1)
        return QStringLiteral("--threshold must be between 0 and 1");
    return std::nullopt;
}

QString eventLine(const Models::RunEvent &e)
{
    QString where = e.stage;
    if (!e.lane.isEmpty())
        where += u'/' + e.lane;
    QString line = QStringLiteral("[%1 ms] %2 %3").arg(e.elapsedMs, 5).arg(where.leftJustified(22), Models::toText(e.kind).leftJustified(9));
    if (!e.message.isEmpty())
        line += u' ' + e.message;
    if (e.data.contains(QStringLiteral("duration_ms")))
        line += QStringLiteral(" (%1 ms)").arg(qint64(e.data.value(QStringLiteral("duration_ms")).toDouble()));
    return line;
}

struct Executed
{
    int exitCode = ExitFailure;
    Pipeline::RunOutcome outcome;
};

// Runs one request to its end through a RunController and the publication layer (for the
// AUTO_APPROVE decision and its ledger entry).
Executed execute(CliContext &ctx, const std::shared_ptr<Models::Database> &db, const RunArgs &args)
{
    Executed result;
    if (auto added = Pipeline::ensureDemoCorpus(db); !added) {
        result.exitCode = ctx.failure(QStringLiteral("cannot load the demo corpus: %1").arg(added.error()), ExitDatabase);
        return result;
    }
    auto ledger = Models::Ledger::open(db);
    if (!ledger) {
        result.exitCode = ctx.failure(QStringLiteral("cannot open the ledger: %1").arg(ledger.error()), ExitDatabase);
        return result;
    }
    // Remote backends (--search arxiv, --embed nim, --tribunal llm ...): settings from the
    // environment, the key from the environment or the keychain, a missing arXiv source fetched.
    Pipeline::RunRequest request = args.request;
    auto remote = Pipeline::prepareRemote(request.settings, request.source, db);
    if (!remote) {
        result.exitCode = ctx.failure(remote.error(), ExitUsage);
        return result;
    }
    const std::shared_ptr<Pipeline::RemoteServices> services = *remote;
    auto actions = std::make_shared<Pipeline::OwnerActions>(db, *ledger);
    actions->setRecordRebuilder([db](qint64 id) { return Pipeline::rebuildPublicRecord(db, id); });
    Pipeline::RunController controller(db, [db, actions, services](const Pipeline::PipelineSettings &settings) {
        Pipeline::Backends b = Pipeline::localBackends(db);
        if (services) {
            // prepareRemote() already checked what can fail here (names, key).
            if (auto r = Pipeline::applyRemoteBackends(b, settings, services, db))
                b = *r;
        }
        b.autoApprove = [actions](qint64 draftId, const QString &reason) -> Models::Status {
            auto r = actions->recordAutoApproval(draftId, reason);
            if (!r)
                return Models::fail(r.error());
            return {};
        };
        return b;
    });
    QTextStream &log = ctx.json ? ctx.err : ctx.out;
    if (!args.quiet)
        QObject::connect(&controller, &Pipeline::RunController::eventRecorded, [&log](const Models::RunEvent &e) {
            if (e.kind == Models::EventKind::Token)
                return;
            log << eventLine(e) << '\n';
            log.flush();
        });
    QEventLoop loop;
    const auto done = [&](const Pipeline::RunOutcome &o) {
        result.outcome = o;
        loop.quit();
    };
    QObject::connect(&controller, &Pipeline::RunController::runFinished, done);
    QObject::connect(&controller, &Pipeline::RunController::runFailed, done);
    QObject::connect(&controller, &Pipeline::RunController::runCancelled, done);
    auto id = controller.submit(request);
    if (!id) {
        const bool notFound = id.error().startsWith(QStringLiteral("unknown source")) || id.error().contains(QStringLiteral("does not exist"));
        result.exitCode = ctx.failure(id.error(), notFound ? ExitNotFound : ExitUsage);
        return result;
    }
    g_interrupted.store(false);
    auto previous = std::signal(SIGINT, onInterrupt);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (g_interrupted.load())
            controller.cancelAll();
    });
    poll.start(50);
    loop.exec();
    std::signal(SIGINT, previous);
    switch (result.outcome.status) {
    case Models::RunStatus::Succeeded: result.exitCode = ExitOk; break;
    case Models::RunStatus::Cancelled: result.exitCode = ExitCancelled; break;
    default: result.exitCode = ExitFailure; break;
    }
    return result;
}

void printOutcome(CliContext &ctx, const std::shared_ptr<Models::Database> &db, const Pipeline::RunOutcome &o)
{
    if (ctx.json) {
        QJsonObject json;
        if (o.draftId != 0) {
            if (auto s = Pipeline::draftSummaryJson(db, o.draftId))
                json = *s;
        } else {
            json = {{QStringLiteral("srch_id"), o.srchId}, {QStringLiteral("draft_id"), QJsonValue(QJsonValue::Null)},
                    {QStringLiteral("run_id"), o.runId}, {QStringLiteral("run_status"), Models::toText(o.status)}};
        }
        // Null when nothing failed (a succeeded run has no failed stage).
        json.insert(QStringLiteral("error"), o.error.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(o.error));
        json.insert(QStringLiteral("failed_stage"), o.failedStage.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(o.failedStage));
        json.insert(QStringLiteral("elapsed_ms"), o.elapsedMs);
        ctx.printJson(json);
        return;
    }
    if (o.status == Models::RunStatus::Succeeded) {
        auto draft = Models::Store(db).draft(o.draftId);
        const QString queue = draft ? Models::displayName(draft->state) : QString();
        ctx.out << "\n" << o.srchId << "  draft " << o.draftId << "\n"
                << "tribunal: " << QString::number(o.score, 'f', 2) << "/10 -> " << (o.verdict ? Models::toText(*o.verdict) : QString())
                << " (revision_round=" << o.revisionRound << ")\n"
                << "policy:   " << (o.policy ? Models::toText(*o.policy) : QString()) << " - " << o.policyReason << "\n"
                << "tier:     " << o.qualityTier << "\n"
                << "queue:    " << queue << "   (sovereign drafts show " << o.draftId << ")\n"
                << "time:     " << o.elapsedMs << " ms\n";
    } else if (o.status == Models::RunStatus::Cancelled) {
        ctx.err << "sovereign: run " << o.srchId << " cancelled\n";
    } else {
        ctx.err << "sovereign: run " << o.srchId << " failed at stage " << o.failedStage << ": " << o.error << "\n";
    }
    ctx.out.flush();
    ctx.err.flush();
}

} // namespace

int cmdRun(CliContext &ctx, const QStringList &argList)
{
    if (argList.contains(QStringLiteral("--help")) || argList.contains(QStringLiteral("-h"))) {
        ctx.out << RunHelp;
        return ExitOk;
    }
    RunArgs args;
    if (auto err = parseRunArgs(argList, args))
        return ctx.usageError(*err);
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    const Executed r = execute(ctx, db, args);
    if (r.outcome.runId == 0)
        return r.exitCode;
    printOutcome(ctx, db, r.outcome);
    return r.exitCode;
}

// The headless demo (`./dev run` without a display): the demo corpus, one run, where the draft went.
int cmdDemo(CliContext &ctx, const QStringList &argList)
{
    if (argList.contains(QStringLiteral("--help"))) {
        ctx.out << "Usage: sovereign demo\n\nLoads the demo corpus if the corpus is empty, runs the pipeline on a demo paper "
                   "about token scheduling in mixture-of-experts models, and prints where the draft went.\n";
        return ExitOk;
    }
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    if (auto added = Pipeline::ensureDemoCorpus(db); !added)
        return ctx.failure(QStringLiteral("cannot load the demo corpus: %1").arg(added.error()), ExitDatabase);
    RunArgs args;
    args.request.question = QStringLiteral("Does token-level expert scheduling raise mixture-of-experts inference "
                                           "throughput without hurting accuracy?");
    auto hits = Models::CorpusStore(db).search(QStringLiteral("token scheduling experts mixture inference throughput"), 1);
    if (!hits || hits->isEmpty())
        return ctx.failure(QStringLiteral("the corpus has no paper on expert scheduling to start from"), ExitNotFound);
    args.request.source = hits->first().arxivId;
    QTextStream &log = ctx.json ? ctx.err : ctx.out;
    log << "Sovereign Workbench headless demo\ndatabase: " << db->path() << "\nsource:   " << hits->first().arxivId << "  "
        << hits->first().title << "\nquestion: " << args.request.question << "\n\n";
    log.flush();
    const Executed r = execute(ctx, db, args);
    if (r.outcome.runId == 0)
        return r.exitCode;
    printOutcome(ctx, db, r.outcome);
    return r.exitCode;
}

} // namespace Sovereign::App
