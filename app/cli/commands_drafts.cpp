// sovereign drafts list [--queue Q] / sovereign drafts show ID
#include "cli.h"

#include "pipeline/run/pipelinerun.h"
#include "pipeline/publish/publicrecord.h"

#include "models/storage/store.h"

#include <QJsonArray>

namespace Sovereign::App {

namespace {

const char DraftsHelp[] =
    "Usage: sovereign drafts list [--queue escalated|auto-approved|approved|rejected|running|failed|all] [--limit N]\n"
    "       sovereign drafts show ID          (ID: a draft id or a SRCH id such as SRCH:0A1B2C3D)\n\n"
    "list prints one line per draft, newest first; show prints the draft's current text, its claims,\n"
    "the tribunal's reviews per round and the public record. With --json both print JSON.\n"
    "Exit codes: 0 ok, 2 bad arguments, 3 database error, 4 no such draft.\n";

std::optional<std::optional<Models::DraftState>> queueFromName(const QString &name)
{
    if (name == QStringLiteral("all"))
        return std::optional<Models::DraftState>();
    const QString stored = QString(name).replace(u'-', u'_');
    if (auto s = Models::draftStateFromString(stored))
        return std::optional<Models::DraftState>(*s);
    return std::nullopt;
}

QJsonObject draftRow(const Models::Draft &d)
{
    return {{QStringLiteral("draft_id"), d.id},
            {QStringLiteral("srch_id"), d.srchId},
            {QStringLiteral("title"), d.title},
            {QStringLiteral("state"), Models::toText(d.state)},
            {QStringLiteral("score"), d.score ? QJsonValue(*d.score) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("verdict"), d.verdict ? QJsonValue(Models::toText(*d.verdict)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("policy"), d.policy ? QJsonValue(Models::toText(*d.policy)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("revision_round"), d.currentRound},
            {QStringLiteral("claims_extracted"), d.claimsExtracted},
            {QStringLiteral("claims_verified"), d.claimsVerified},
            {QStringLiteral("quality_tier"), d.qualityTier},
            {QStringLiteral("created_at"), Models::toIso(d.createdAt)}};
}

int listDrafts(CliContext &ctx, QStringList args)
{
    Models::DraftFilter filter;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString a = args.at(i);
        QString v;
        const auto take = [&](const QString &name) {
            if (a.startsWith(name + u'=')) {
                v = a.mid(name.size() + 1);
                return true;
            }
            if (a == name && i + 1 < args.size()) {
                v = args.at(++i);
                return true;
            }
            return false;
        };
        if (take(QStringLiteral("--queue"))) {
            const auto q = queueFromName(v);
            if (!q)
                return ctx.usageError(QStringLiteral("unknown queue '%1' (escalated, auto-approved, approved, rejected, "
                                                     "running, failed or all)").arg(v));
            filter.state = *q;
        } else if (take(QStringLiteral("--limit"))) {
            bool ok = false;
            filter.limit = v.toInt(&ok);
            if (!ok || filter.limit < 1)
                return ctx.usageError(QStringLiteral("--limit needs a positive number"));
        } else {
            return ctx.usageError(QStringLiteral("unknown option '%1' (see sovereign drafts --help)").arg(a));
        }
    }
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    auto drafts = Models::Store(db).drafts(filter);
    if (!drafts)
        return ctx.failure(drafts.error(), ExitDatabase);
    if (ctx.json) {
        QJsonArray rows;
        for (const Models::Draft &d : std::as_const(*drafts))
            rows.append(draftRow(d));
        ctx.printJson({{QStringLiteral("drafts"), rows}, {QStringLiteral("count"), int(rows.size())}});
        return ExitOk;
    }
    if (drafts->isEmpty()) {
        ctx.out << "no drafts in this queue (start one with: sovereign run --source ID --question TEXT)\n";
        return ExitOk;
    }
    ctx.out << "   ID  SRCH           STATE          SCORE  VERDICT  POLICY             V/E    TIER                  TITLE\n";
    for (const Models::Draft &d : std::as_const(*drafts)) {
        ctx.out << QString::number(d.id).rightJustified(5) << "  " << d.srchId.leftJustified(13) << "  "
                << Models::toText(d.state).leftJustified(13) << "  "
                << (d.score ? QString::number(*d.score, 'f', 2) : QStringLiteral("-")).rightJustified(5) << "  "
                << (d.verdict ? Models::toText(*d.verdict) : QStringLiteral("-")).leftJustified(7) << "  "
                << (d.policy ? Models::toText(*d.policy) : QStringLiteral("-")).leftJustified(17) << "  "
                << QStringLiteral("%1/%2").arg(d.claimsVerified).arg(d.claimsExtracted).leftJustified(5) << "  "
                << d.qualityTier.leftJustified(20) << "  " << d.title.left(70) << '\n';
    }
    return ExitOk;
}

int showDraft(CliContext &ctx, const QStringList &args)
{
    if (args.size() != 1)
        return ctx.usageError(QStringLiteral("drafts show needs exactly one draft id or SRCH id"));
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    Models::Store store(db);
    auto draft = store.findDraft(args.first());
    if (!draft)
        return ctx.failure(QStringLiteral("no draft '%1': %2").arg(args.first(), draft.error()), ExitNotFound);
    if (ctx.json) {
        auto summary = Pipeline::draftSummaryJson(db, draft->id);
        if (!summary)
            return ctx.failure(summary.error());
        ctx.printJson(*summary);
        return ExitOk;
    }
    auto revisions = store.revisions(draft->id);
    auto reviews = store.reviews(draft->id);
    auto record = store.publicRecord(draft->id);
    if (revisions)
        for (const Models::DraftRevision &r : std::as_const(*revisions))
            if (r.round == draft->currentRound)
                ctx.out << r.body << '\n';
    ctx.out << "---- tribunal ----\n";
    if (reviews)
        for (const Models::Review &r : std::as_const(*reviews)) {
            ctx.out << "round " << r.round << "  " << Models::toText(r.role).leftJustified(11) << " "
                    << QString::number(r.score, 'f', 2) << "/10 " << Models::toText(r.verdict) << " [" << r.backend << "]\n  "
                    << r.rationale << '\n';
            for (const Models::ReviewIssue &i : r.issues)
                ctx.out << "  - (" << i.severity << (i.claimOrdinal > 0 ? QStringLiteral(", claim %1").arg(i.claimOrdinal)
                                                                        : QStringLiteral(", ") + i.section)
                        << ") " << i.text << '\n';
        }
    ctx.out << "---- policy ----\n"
            << (draft->policy ? Models::toText(*draft->policy) : QStringLiteral("-")) << ": " << draft->policyReason << '\n'
            << "state: " << Models::displayName(draft->state) << '\n';
    if (record) {
        ctx.out << "---- public record ----\n" << Pipeline::renderRecordText(*record);
    }
    return ExitOk;
}

} // namespace

int cmdDrafts(CliContext &ctx, const QStringList &args)
{
    if (args.isEmpty() || args.first() == QStringLiteral("--help") || args.first() == QStringLiteral("-h")) {
        ctx.out << DraftsHelp;
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    const QString sub = args.first();
    if (sub == QStringLiteral("list"))
        return listDrafts(ctx, args.mid(1));
    if (sub == QStringLiteral("show"))
        return showDraft(ctx, args.mid(1));
    return ctx.usageError(QStringLiteral("unknown drafts command '%1' (list or show)").arg(sub));
}

} // namespace Sovereign::App
