// sovereign corpus import|stats|search: the local paper corpus from the command line.
#include "cli.h"

#include "models/storage/corpusstore.h"
#include "pipeline/retrieval/corpusimport.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace Sovereign::App {

namespace {

std::atomic_bool g_importCancel{false};

extern "C" void onImportSignal(int) { g_importCancel.store(true); }

void printCorpusHelp(QTextStream &out)
{
    out << "Usage: sovereign corpus import FILE... [--batch N] [--refresh]\n"
           "       sovereign corpus stats\n"
           "       sovereign corpus search QUERY... [--limit N]\n\n"
           "import   reads arXiv OAI snapshot JSON-lines and arXiv API Atom files (detected by content).\n"
           "         Broken lines are reported with their line numbers and skipped. Papers are written in\n"
           "         batches (default 500) of whole transactions; papers already stored (same version-less\n"
           "         arXiv id) are skipped, or updated with --refresh. Ctrl-C stops after the current batch.\n"
           "         Exits 1 only if no paper at all could be imported.\n"
           "stats    number of papers, demo papers, dates, top categories and the corpus generation.\n"
           "search   bm25 full-text search over titles (weighted x4) and abstracts. The query is free text:\n"
           "         words are OR-ed, \"quoted phrases\" stay phrases, FTS operators are not interpreted.\n";
}

int cmdImport(CliContext &ctx, QStringList args)
{
    Pipeline::ImportOptions options;
    QStringList files;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QStringLiteral("--refresh")) {
            options.mode = Models::UpsertMode::Refresh;
        } else if (a == QStringLiteral("--batch")) {
            bool ok = false;
            options.batchSize = i + 1 < args.size() ? args.at(i + 1).toInt(&ok) : 0;
            if (!ok || options.batchSize < 1)
                return ctx.usageError(QStringLiteral("--batch needs a positive number"));
            ++i;
        } else if (a.startsWith(QStringLiteral("--"))) {
            return ctx.usageError(QStringLiteral("corpus import: unknown option %1").arg(a));
        } else {
            files.append(a);
        }
    }
    if (files.isEmpty())
        return ctx.usageError(QStringLiteral("corpus import needs at least one FILE"));
    for (const QString &f : std::as_const(files)) {
        if (!QFileInfo(f).isFile())
            return ctx.failure(QStringLiteral("no such file: %1").arg(f), ExitNotFound);
    }
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    Models::CorpusStore store(db);

    const bool tty = ::isatty(STDERR_FILENO) != 0;
    QElapsedTimer sinceReport;
    sinceReport.start();
    QTextStream &err = ctx.err;
    options.progress = [&err, &sinceReport, tty](const Pipeline::ImportProgress &p) {
        const bool done = p.bytesRead >= p.bytesTotal;
        if (!done && sinceReport.elapsed() < (tty ? 200 : 2000))
            return;
        sinceReport.restart();
        const double pct = p.bytesTotal > 0 ? 100.0 * double(p.bytesRead) / double(p.bytesTotal) : 100.0;
        err << (tty ? "\r" : "") << QFileInfo(p.file).fileName() << ": " << QString::number(pct, 'f', 1) << "% "
            << p.records << " read, " << p.inserted << " new, " << p.broken << " broken" << (tty ? "   " : "\n");
        err.flush();
    };
    g_importCancel.store(false);
    options.cancel = &g_importCancel;
    auto previous = std::signal(SIGINT, onImportSignal);
    const Pipeline::ImportReport report = Pipeline::importCorpusFiles(store, files, options);
    std::signal(SIGINT, previous);
    if (tty)
        err << '\n';

    for (const auto &p : report.problems)
        err << p.file << (p.line > 0 ? QStringLiteral(":%1").arg(p.line) : QString()) << ": " << p.message << '\n';
    if (report.problemsDropped > 0)
        err << "... and " << report.problemsDropped << " more problems not listed\n";
    err.flush();

    if (ctx.json) {
        ctx.printJson(report.toJson());
    } else {
        for (const auto &f : report.files) {
            ctx.out << f.file << " (" << Pipeline::toString(f.format) << "): " << f.records << " read, " << f.inserted
                    << " added, " << f.updated << " updated, " << f.skipped << " already present, " << f.broken
                    << " broken" << (f.error.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(f.error)) << '\n';
        }
        ctx.out << "total: " << report.inserted() << " added, " << report.updated() << " updated, " << report.skipped()
                << " already present, " << report.broken() << " broken\n";
        ctx.out.flush();
    }
    if (!report.storageError.isEmpty())
        err << "sovereign: import stopped: " << report.storageError << '\n';
    if (report.cancelled) {
        err << "sovereign: import interrupted; the papers written so far are kept (re-run to continue)\n";
        err.flush();
        return ExitCancelled;
    }
    err.flush();
    return report.anythingImported() ? ExitOk : ExitFailure;
}

int cmdStats(CliContext &ctx)
{
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    auto stats = Models::CorpusStore(db).stats();
    if (!stats)
        return ctx.failure(stats.error());
    if (ctx.json) {
        QJsonArray cats;
        for (const auto &c : stats->topCategories)
            cats.append(QJsonObject{{QStringLiteral("category"), c.first}, {QStringLiteral("papers"), c.second}});
        QJsonObject origins;
        for (auto it = stats->byOrigin.cbegin(); it != stats->byOrigin.cend(); ++it)
            origins.insert(it.key(), it.value());
        ctx.printJson({{QStringLiteral("papers"), stats->papers},
                       {QStringLiteral("demo_papers"), stats->demoPapers},
                       {QStringLiteral("corpus_generation"), stats->generation},
                       {QStringLiteral("earliest_published"), stats->earliestPublished},
                       {QStringLiteral("latest_published"), stats->latestPublished},
                       {QStringLiteral("by_origin"), origins},
                       {QStringLiteral("top_categories"), cats}});
        return ExitOk;
    }
    ctx.out << "papers:      " << stats->papers << " (" << stats->demoPapers << " demo)\n"
            << "published:   " << (stats->earliestPublished.isEmpty() ? QStringLiteral("-") : stats->earliestPublished.left(10))
            << " .. " << (stats->latestPublished.isEmpty() ? QStringLiteral("-") : stats->latestPublished.left(10)) << '\n'
            << "generation:  " << stats->generation << '\n';
    for (auto it = stats->byOrigin.cbegin(); it != stats->byOrigin.cend(); ++it)
        ctx.out << "origin " << it.key().leftJustified(8) << ' ' << it.value() << '\n';
    if (!stats->topCategories.isEmpty())
        ctx.out << "top categories:\n";
    for (const auto &c : stats->topCategories)
        ctx.out << "  " << c.first.leftJustified(12) << c.second << '\n';
    return ExitOk;
}

int cmdSearch(CliContext &ctx, const QStringList &args)
{
    int limit = 10;
    QStringList words;
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == QStringLiteral("--limit")) {
            bool ok = false;
            limit = i + 1 < args.size() ? args.at(i + 1).toInt(&ok) : 0;
            if (!ok || limit < 1)
                return ctx.usageError(QStringLiteral("--limit needs a positive number"));
            ++i;
        } else {
            words.append(args.at(i));
        }
    }
    const QString query = words.join(QLatin1Char(' '));
    if (query.trimmed().isEmpty())
        return ctx.usageError(QStringLiteral("corpus search needs a QUERY"));
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    auto hits = Models::CorpusStore(db).search(query, limit);
    if (!hits)
        return ctx.failure(hits.error());
    if (ctx.json) {
        QJsonArray a;
        int rank = 0;
        for (const auto &h : *hits)
            a.append(QJsonObject{{QStringLiteral("rank"), ++rank},
                                 {QStringLiteral("paper_id"), h.paperId},
                                 {QStringLiteral("arxiv_id"), h.arxivId},
                                 {QStringLiteral("title"), h.title},
                                 {QStringLiteral("score"), h.score}});
        ctx.printJson({{QStringLiteral("query"), query},
                       {QStringLiteral("fts_query"), Models::CorpusStore::ftsQuery(query)},
                       {QStringLiteral("hits"), a}});
        return ExitOk;
    }
    if (hits->isEmpty()) {
        ctx.out << "no matches\n";
        return ExitOk;
    }
    int rank = 0;
    for (const auto &h : *hits)
        ctx.out << QString::number(++rank).rightJustified(3) << "  " << QString::number(h.score, 'f', 2).rightJustified(6)
                << "  " << h.arxivId.leftJustified(12) << "  " << h.title << '\n';
    return ExitOk;
}

} // namespace

int cmdCorpus(CliContext &ctx, const QStringList &args)
{
    if (args.isEmpty() || args.first() == QStringLiteral("--help") || args.first() == QStringLiteral("-h")) {
        printCorpusHelp(ctx.out);
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (rest.contains(QStringLiteral("--help"))) {
        printCorpusHelp(ctx.out);
        return ExitOk;
    }
    if (sub == QStringLiteral("import"))
        return cmdImport(ctx, rest);
    if (sub == QStringLiteral("stats"))
        return cmdStats(ctx);
    if (sub == QStringLiteral("search"))
        return cmdSearch(ctx, rest);
    return ctx.usageError(QStringLiteral("unknown corpus command '%1' (import, stats, search)").arg(sub));
}

} // namespace Sovereign::App
