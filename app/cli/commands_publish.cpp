// sovereign decide / correct / ledger / export: thin wrappers over Pipeline::OwnerActions.
#include "cli.h"

#include "models/ledger/ledger.h"
#include "models/storage/store.h"
#include "pipeline/publish/manifestexport.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/run/localbackends.h"
#include "pipeline/publish/pdfexport.h"
#include "pipeline/core/settings.h"
#include "pipeline/run/runcontroller.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>

namespace Sovereign::App {

namespace {

struct Publication
{
    std::shared_ptr<Models::Database> db;
    std::shared_ptr<Models::Ledger> ledger;
    std::unique_ptr<Pipeline::OwnerActions> actions;
};

// Opens the database, the ledger key and the owner actions; prints why on failure.
std::optional<Publication> openPublication(CliContext &ctx, int *exitCode)
{
    auto db = ctx.database();
    if (!db) {
        *exitCode = ExitDatabase;
        return std::nullopt;
    }
    auto ledger = Models::Ledger::open(db);
    if (!ledger) {
        *exitCode = ctx.failure(QStringLiteral("cannot open the ledger: %1").arg(ledger.error()));
        return std::nullopt;
    }
    Publication p{db, *ledger, nullptr};
    p.actions = std::make_unique<Pipeline::OwnerActions>(db, *ledger);
    return p;
}

// Every "--anchor FILE" of args, read: a ledger position some export of this database carried.
Models::Result<QList<Models::LedgerAnchor>> takeAnchors(QStringList &args, QString *error)
{
    QList<Models::LedgerAnchor> anchors;
    while (auto file = takeOption(args, QStringLiteral("--anchor"), error)) {
        auto a = Models::Ledger::readAnchorFromFile(*file);
        if (!a)
            return Models::fail(a.error());
        anchors.append(*a);
    }
    return anchors;
}

bool wantsHelp(const QStringList &args)
{
    return args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"));
}

// Refusals (state) get ExitRefused, unknown drafts ExitNotFound, the rest ExitFailure.
int exitFor(const QString &error)
{
    if (error.startsWith(QStringLiteral("no draft")) || error.startsWith(QStringLiteral("no claim")))
        return ExitNotFound;
    if (error.contains(QStringLiteral("published")) || error.contains(QStringLiteral("already")) ||
        error.contains(QStringLiteral("still running")) || error.contains(QStringLiteral("needs")) ||
        error.contains(QStringLiteral("only")))
        return ExitRefused;
    return ExitFailure;
}

QJsonObject correctionJson(const Models::Correction &c)
{
    return {{QStringLiteral("event_id"), c.eventId},
            {QStringLiteral("corrected_at"), Models::toIso(c.correctedAt)},
            {QStringLiteral("correction_type"), Models::toText(c.type)},
            {QStringLiteral("public_note"), c.publicNote},
            {QStringLiteral("affected_fields"), QJsonArray::fromStringList(c.affectedFields)},
            {QStringLiteral("old_text"), c.oldText},
            {QStringLiteral("new_text"), c.newText},
            {QStringLiteral("actor"), c.actor}};
}

} // namespace

int cmdDecide(CliContext &ctx, const QStringList &argsIn)
{
    QStringList args = argsIn;
    if (wantsHelp(args)) {
        ctx.out << "Usage: sovereign decide DRAFT approve|reject|escalate|request-revision [--note TEXT] "
                   "[--actor NAME] [--publisher NAME]\n\n"
                   "Records the owner's decision on a draft (id or SRCH id) and its ledger entry. approve "
                   "publishes it.\nescalate and request-revision need --note. The actor defaults to the owner "
                   "name setting, else the OS user.\n--publisher sets the publisher the public record names "
                   "(the workbench's Settings → Publisher);\nuntil one is set the record says \"not set\".\n";
        return ExitOk;
    }
    QString error;
    const auto note = takeOption(args, QStringLiteral("--note"), &error);
    const auto actor = takeOption(args, QStringLiteral("--actor"), &error);
    const auto publisher = takeOption(args, QStringLiteral("--publisher"), &error);
    if (!error.isEmpty())
        return ctx.usageError(error);
    if (publisher && publisher->trimmed().isEmpty())
        return ctx.usageError(QStringLiteral("--publisher needs a name"));
    if (args.size() != 2)
        return ctx.usageError(QStringLiteral("decide needs a draft and one of approve, reject, escalate, "
                                             "request-revision (see sovereign decide --help)"));
    const auto decision = Pipeline::ownerDecisionFromString(args.at(1));
    if (!decision)
        return ctx.usageError(QStringLiteral("unknown decision '%1': use approve, reject, escalate or request-revision")
                                  .arg(args.at(1)));
    if ((*decision == Pipeline::OwnerDecision::Escalate || *decision == Pipeline::OwnerDecision::RequestRevision) &&
        note.value_or(QString()).trimmed().isEmpty())
        return ctx.usageError(QStringLiteral("%1 needs --note TEXT that says why").arg(Pipeline::toText(*decision)));
    int code = ExitOk;
    auto pub = openPublication(ctx, &code);
    if (!pub)
        return code;
    auto draft = pub->actions->store().findDraft(args.at(0));
    if (!draft)
        return ctx.failure(draft.error(), ExitNotFound);
    // request-revision: the revision round runs here, to its end, with the embedded backends (the
    // GUI runs it in the background through its own RunController). Other decisions need no reviser.
    std::optional<Pipeline::RunController> reviser;
    bool revising = false;
    Pipeline::RunOutcome revision;
    QEventLoop loop;
    if (*decision == Pipeline::OwnerDecision::RequestRevision) {
        reviser.emplace(pub->db, [db = pub->db](const Pipeline::PipelineSettings &) {
            return Pipeline::localBackends(db);
        });
        const auto revisionDone = [&](const Pipeline::RunOutcome &o) {
            revision = o;
            loop.quit();
        };
        QObject::connect(&*reviser, &Pipeline::RunController::runFinished, revisionDone);
        QObject::connect(&*reviser, &Pipeline::RunController::runFailed, revisionDone);
        QObject::connect(&*reviser, &Pipeline::RunController::runCancelled, revisionDone);
        pub->actions->setRevisionHandler([&](qint64 draftId, const QString &text) {
            auto ok = reviser->requestRevision(draftId, text);
            revising = ok.has_value();
            return ok;
        });
    }
    if (publisher)
        Pipeline::setOwnerPublisher(*publisher); // before the decision: the record built with it names them
    auto outcome = pub->actions->decide(draft->id, *decision, actor.value_or(QString()), note.value_or(QString()));
    if (!outcome)
        return ctx.failure(outcome.error(), exitFor(outcome.error()));
    if (revising) {
        loop.exec();
        if (revision.status != Models::RunStatus::Succeeded)
            outcome->followUp = QStringLiteral("revision round failed: %1").arg(revision.error);
        else
            outcome->followUp = QStringLiteral("revision round finished");
        if (auto fresh = pub->actions->store().draft(draft->id))
            outcome->draft = *fresh;
    }
    if (ctx.json) {
        ctx.printJson({{QStringLiteral("draft_id"), outcome->draft.id},
                       {QStringLiteral("srch_id"), outcome->draft.srchId},
                       {QStringLiteral("decision_id"), outcome->decision.id},
                       {QStringLiteral("action"), Models::toText(outcome->decision.action)},
                       {QStringLiteral("actor"), outcome->decision.actor},
                       {QStringLiteral("state"), Models::toText(outcome->draft.state)},
                       {QStringLiteral("published_at"), Models::toIso(outcome->draft.publishedAt)},
                       {QStringLiteral("follow_up"), outcome->followUp}});
        return ExitOk;
    }
    ctx.out << "draft " << outcome->draft.id << " (" << outcome->draft.srchId << "): "
            << Models::toText(outcome->decision.action) << " by " << outcome->decision.actor << " -> "
            << Models::displayName(outcome->draft.state) << '\n';
    if (outcome->draft.isPublished())
        ctx.out << "published " << Models::toIso(outcome->draft.publishedAt) << '\n';
    if (outcome->draft.isPublished() && Pipeline::ownerPublisher().isEmpty())
        ctx.out << "publisher: not set (the public record says so); set it with --publisher NAME\n";
    if (!outcome->followUp.isEmpty())
        ctx.out << outcome->followUp << '\n';
    return ExitOk;
}

int cmdCorrect(CliContext &ctx, const QStringList &argsIn)
{
    QStringList args = argsIn;
    if (wantsHelp(args)) {
        ctx.out << "Usage: sovereign correct DRAFT --type TYPE --note TEXT [--claim N --text NEW] [--field F]... "
                   "[--actor NAME]\n\n"
                   "Adds a correction record to a published draft. It is additive: the published text stays "
                   "readable\nand the record's state and correction count follow from the corrections.\n"
                   "TYPE: METADATA, ARTIFACT, CLAIM, BENCHMARK, PROVENANCE, QUALITY_ASSESSMENT.\n";
        return ExitOk;
    }
    QString error;
    const auto type = takeOption(args, QStringLiteral("--type"), &error);
    const auto note = takeOption(args, QStringLiteral("--note"), &error);
    const auto claim = takeOption(args, QStringLiteral("--claim"), &error);
    const auto text = takeOption(args, QStringLiteral("--text"), &error);
    const auto actor = takeOption(args, QStringLiteral("--actor"), &error);
    QStringList fields;
    while (auto f = takeOption(args, QStringLiteral("--field"), &error))
        fields.append(*f);
    if (!error.isEmpty())
        return ctx.usageError(error);
    if (args.size() != 1)
        return ctx.usageError(QStringLiteral("correct needs exactly one draft (see sovereign correct --help)"));
    if (!type)
        return ctx.usageError(QStringLiteral("correct needs --type (METADATA, ARTIFACT, CLAIM, BENCHMARK, PROVENANCE, "
                                             "QUALITY_ASSESSMENT)"));
    const auto correctionType = Models::correctionTypeFromString(type->toUpper());
    if (!correctionType)
        return ctx.usageError(QStringLiteral("unknown correction type '%1'").arg(*type));
    if (!note || note->trimmed().isEmpty())
        return ctx.usageError(QStringLiteral("correct needs --note with the public note"));
    Pipeline::CorrectionRequest request;
    request.type = *correctionType;
    request.note = *note;
    request.actor = actor.value_or(QString());
    request.affectedFields = fields;
    if (claim) {
        bool ok = false;
        request.claimOrdinal = claim->toInt(&ok);
        if (!ok || request.claimOrdinal <= 0)
            return ctx.usageError(QStringLiteral("--claim needs a claim number (1, 2, ...)"));
        if (!text)
            return ctx.usageError(QStringLiteral("--claim needs --text with the corrected claim"));
    }
    request.newText = text.value_or(QString());
    int code = ExitOk;
    auto pub = openPublication(ctx, &code);
    if (!pub)
        return code;
    auto draft = pub->actions->store().findDraft(args.at(0));
    if (!draft)
        return ctx.failure(draft.error(), ExitNotFound);
    auto c = pub->actions->correct(draft->id, request);
    if (!c)
        return ctx.failure(c.error(), exitFor(c.error()));
    auto all = pub->actions->store().corrections(draft->id);
    const int count = all ? int(all->size()) : 0;
    if (ctx.json) {
        QJsonObject o = correctionJson(*c);
        o.insert(QStringLiteral("correction_state"), QStringLiteral("CORRECTED"));
        o.insert(QStringLiteral("correction_count"), count);
        ctx.printJson(o);
        return ExitOk;
    }
    ctx.out << "correction " << c->eventId << " (" << Models::toText(c->type) << ") recorded; draft " << draft->id
            << " is CORRECTED, " << count << (count == 1 ? " correction\n" : " corrections\n");
    return ExitOk;
}

int cmdLedger(CliContext &ctx, const QStringList &argsIn)
{
    QStringList args = argsIn;
    if (args.isEmpty() || wantsHelp(args)) {
        ctx.out << "Usage: sovereign ledger verify [--anchor FILE]...\n"
                   "       sovereign ledger show [DRAFT]\n"
                   "       sovereign ledger repair --accept-loss [--anchor FILE]... [--note TEXT] [--actor NAME]\n\n"
                   "verify checks the hash chain, the HMAC chain, the agreement between the ledger and the\n"
                   "decisions, claim edits, corrections and published claims, and the newest anchors it knows\n"
                   "(the settings, plus each --anchor PDF or manifest). It names the first entry that does not\n"
                   "match and exits 1.\n\n"
                   "repair is for a file whose ledger lost its tail (an anchor names entries the file no longer\n"
                   "has, e.g. after damage). Restore a backup first if you have one. With --accept-loss it\n"
                   "appends one signed \"gap\" entry that names the missing range and continues the chain from\n"
                   "the anchored hash; nothing already in the ledger is rewritten, and verify passes again while\n"
                   "reporting the recorded loss. It refuses (exit 5) when nothing is missing.\n";
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    const QString sub = args.takeFirst();
    int code = ExitOk;
    if (sub == QStringLiteral("verify")) {
        QString error;
        auto anchors = takeAnchors(args, &error);
        if (!anchors)
            return ctx.usageError(anchors.error());
        if (!error.isEmpty())
            return ctx.usageError(error);
        if (!args.isEmpty())
            return ctx.usageError(QStringLiteral("unexpected argument '%1'").arg(args.first()));
        auto pub = openPublication(ctx, &code);
        if (!pub)
            return code;
        const Models::LedgerReport report = pub->ledger->verify(*anchors);
        if (ctx.json) {
            ctx.printJson(report.toJson());
        } else {
            ctx.out << "ledger: " << report.entries << " entries, head " << report.head.seq << ' '
                    << report.head.hash.left(16) << "\nkey:    " << report.keySource << "\n";
            for (const auto &a : report.anchorsChecked)
                ctx.out << "anchor: entry " << a.seq << ' ' << a.hash.left(16) << " from " << a.origin << '\n';
            if (report.ok()) {
                ctx.out << "verified: chain, MACs and state agree\n";
            } else {
                ctx.out << "FAILED: first mismatch at " << report.problems.first().subject << ": "
                        << report.problems.first().message << '\n';
                for (qsizetype i = 1; i < report.problems.size(); ++i)
                    ctx.out << "  also " << report.problems.at(i).subject << ": " << report.problems.at(i).message
                            << '\n';
            }
        }
        ctx.out.flush();
        return report.ok() ? ExitOk : ExitFailure;
    }
    if (sub == QStringLiteral("show")) {
        auto pub = openPublication(ctx, &code);
        if (!pub)
            return code;
        qint64 draftId = 0;
        if (!args.isEmpty()) {
            auto d = pub->actions->store().findDraft(args.first());
            if (!d)
                return ctx.failure(d.error(), ExitNotFound);
            draftId = d->id;
        }
        auto entries = pub->ledger->entries(draftId);
        if (!entries)
            return ctx.failure(entries.error());
        QJsonArray list;
        for (const auto &e : std::as_const(*entries)) {
            if (ctx.json)
                list.append(QJsonObject{{QStringLiteral("seq"), e.seq},
                                        {QStringLiteral("kind"), e.kind},
                                        {QStringLiteral("draft_id"), e.draftId},
                                        {QStringLiteral("entity_id"), e.entityId},
                                        {QStringLiteral("hash"), e.hash},
                                        {QStringLiteral("created_at"), Models::toIso(e.createdAt)}});
            else
                ctx.out << QString::number(e.seq).rightJustified(5) << "  " << Models::toIso(e.createdAt) << "  "
                        << e.kind.leftJustified(11) << " draft " << e.draftId << "  " << e.hash.left(16) << '\n';
        }
        if (ctx.json)
            ctx.printJson({{QStringLiteral("entries"), list}});
        return ExitOk;
    }
    if (sub == QStringLiteral("repair")) {
        QString error;
        auto anchors = takeAnchors(args, &error);
        if (!anchors)
            return ctx.usageError(anchors.error());
        const auto note = takeOption(args, QStringLiteral("--note"), &error);
        const auto actor = takeOption(args, QStringLiteral("--actor"), &error);
        const bool accept = args.removeAll(QStringLiteral("--accept-loss")) > 0;
        if (!error.isEmpty())
            return ctx.usageError(error);
        if (!args.isEmpty())
            return ctx.usageError(QStringLiteral("unexpected argument '%1'").arg(args.first()));
        auto pub = openPublication(ctx, &code);
        if (!pub)
            return code;
        const Models::LedgerReport before = pub->ledger->verify(*anchors);
        if (!before.lostTail) {
            return ctx.failure(before.ok() ? QStringLiteral("the ledger verifies; there is nothing to repair")
                                           : QStringLiteral("the ledger's tail is intact, so there is no loss to "
                                                            "record; the problem is elsewhere: %1")
                                                 .arg(before.summary()),
                               ExitRefused);
        }
        if (!accept)
            return ctx.usageError(QStringLiteral("%1\nRecording this loss is permanent: run again with --accept-loss "
                                                 "to append the gap entry")
                                      .arg(before.problems.first().message));
        auto entry = pub->ledger->repairLostTail(
            actor.value_or(Pipeline::OwnerActions::defaultActor()),
            note.value_or(QStringLiteral("entries lost to a damaged database file; loss accepted by the owner")),
            *anchors);
        if (!entry)
            return ctx.failure(entry.error(), ExitRefused);
        const Models::LedgerReport after = pub->ledger->verify(*anchors);
        if (ctx.json) {
            ctx.printJson({{QStringLiteral("gap_entry"), entry->seq},
                           {QStringLiteral("hash"), entry->hash},
                           {QStringLiteral("verify"), after.toJson()}});
        } else {
            const auto gap = Models::Ledger::gapOf(*entry);
            ctx.out << "recorded gap entry " << entry->seq << ": entries " << (gap ? gap->from : 0) << " to "
                    << (gap ? gap->to : 0) << " are lost\n"
                    << "verify: " << after.summary() << '\n';
        }
        ctx.out.flush();
        return after.ok() ? ExitOk : ExitFailure;
    }
    return ctx.usageError(QStringLiteral("unknown ledger command '%1' (verify, show or repair)").arg(sub));
}

int cmdExport(CliContext &ctx, const QStringList &argsIn)
{
    QStringList args = argsIn;
    if (wantsHelp(args)) {
        ctx.out << "Usage: sovereign export DRAFT [--pdf FILE] [--manifest FILE] [--bundle DIR] [--paper A4|Letter]\n\n"
                   "Exports an approved or published draft. --pdf writes the paper (claims table, references,\n"
                   "public record and corrections appendix); --manifest the paper manifest JSON with the quality\n"
                   "tier, quality dimensions, verification level, source provenance and correction record;\n"
                   "--bundle the PDF, each contract as its own JSON file, the manifest and SHA256SUMS, into a new\n"
                   "or empty DIR that appears only once every file is written. Files are written atomically\n"
                   "and each export is a ledger entry. The paper size defaults to the\n"
                   "export/paper setting (A4).\n";
        return ExitOk;
    }
    QString error;
    const auto pdf = takeOption(args, QStringLiteral("--pdf"), &error);
    const auto manifest = takeOption(args, QStringLiteral("--manifest"), &error);
    const auto bundle = takeOption(args, QStringLiteral("--bundle"), &error);
    const auto paper = takeOption(args, QStringLiteral("--paper"), &error);
    if (!error.isEmpty())
        return ctx.usageError(error);
    if (args.size() != 1)
        return ctx.usageError(QStringLiteral("export needs exactly one draft (see sovereign export --help)"));
    if (!pdf && !manifest && !bundle)
        return ctx.usageError(QStringLiteral("export needs --pdf FILE, --manifest FILE or --bundle DIR"));
    Pipeline::PdfOptions options = Pipeline::PdfOptions::fromSettings();
    if (paper) {
        const auto p = Pipeline::PdfOptions::paperFromString(*paper);
        if (!p)
            return ctx.usageError(QStringLiteral("unknown paper size '%1' (A4 or Letter)").arg(*paper));
        options.paper = *p;
    }
    int code = ExitOk;
    auto pub = openPublication(ctx, &code);
    if (!pub)
        return code;
    auto draft = pub->actions->store().findDraft(args.at(0));
    if (!draft)
        return ctx.failure(draft.error(), ExitNotFound);
    if (const QString why = Pipeline::exportRefusal(*draft); !why.isEmpty())
        return ctx.failure(why, ExitRefused);
    QJsonObject result{{QStringLiteral("draft_id"), draft->id}, {QStringLiteral("srch_id"), draft->srchId}};
    if (pdf) {
        if (auto ok = pub->actions->exportPdf(draft->id, *pdf, options); !ok)
            return ctx.failure(ok.error());
        result.insert(QStringLiteral("pdf"), QFileInfo(*pdf).absoluteFilePath());
        if (!ctx.json)
            ctx.out << "wrote " << *pdf << '\n';
    }
    if (manifest) {
        if (auto ok = pub->actions->exportManifest(draft->id, *manifest); !ok)
            return ctx.failure(ok.error());
        result.insert(QStringLiteral("manifest"), QFileInfo(*manifest).absoluteFilePath());
        if (!ctx.json)
            ctx.out << "wrote " << *manifest << '\n';
    }
    if (bundle) {
        auto files = pub->actions->exportBundle(draft->id, *bundle, options);
        if (!files)
            return ctx.failure(files.error());
        result.insert(QStringLiteral("bundle"), QJsonArray::fromStringList(*files));
        if (!ctx.json)
            for (const QString &f : std::as_const(*files))
                ctx.out << "wrote " << f << '\n';
    }
    if (ctx.json)
        ctx.printJson(result);
    return ExitOk;
}

} // namespace Sovereign::App
