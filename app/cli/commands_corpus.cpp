// sovereign corpus import|stats|search: the local paper corpus from the command line.
#include "cli.h"

#include "models/storage/corpusstore.h"
#include "pipeline/retrieval/corpusimport.h"
#include "pipeline/retrieval/embedder.h"

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
           "       sovereign corpus index\n"
           "       sovereign corpus stats\n"
           "       sovereign corpus search QUERY... [--limit N]\n\n"
           "import   reads arXiv OAI snapshot JSON-lines and arXiv API Atom files (detected by content).\n"
           "         Broken lines are reported with their line numbers and skipped. Papers are written in\n"
           "         batches (default 5000) of whole transactions; papers already stored (same version-less\n"
           "         arXiv id) are skipped, or updated with --refresh, so re-running an interrupted import\n"
           "         continues it. Ctrl-C stops after the current batch. Progress and the time left go to\n"
           "         stderr (a bar on a terminal, a line every 5 s otherwise). Files of 32 MB and more are\n"
           "         loaded in bulk: the search index is merged once at the end.\n"
           "         Exits 1 only if no paper at all could be imported.\n"
           "index    fits the local embedder on a sample of the corpus (at most 12,000 papers) and stores every\n"
           "         paper's vector (int8 with a scale), both cores busy; does nothing when the index is\n"
           "         current. Runs use a stale index until this is done. Ctrl-C stops between batches.\n"
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
        if (p.phase == Pipeline::ImportProgress::Phase::Optimizing) {
            err << (tty ? "\r\033[K" : "") << "merging the search index (one pass over the new index, no progress)...\n";
            err.flush();
            return;
        }
        const bool done = p.allBytesRead >= p.allBytesTotal;
        if (!done && sinceReport.elapsed() < (tty ? 200 : 5000))
            return;
        sinceReport.restart();
        const double fraction = p.allBytesTotal > 0 ? double(p.allBytesRead) / double(p.allBytesTotal) : 1.0;
        const double seconds = double(p.elapsedMs) / 1000.0;
        const qint64 eta = p.etaSeconds();
        const QString rate = seconds > 0 ? QStringLiteral("%1 papers/s").arg(qint64(double(p.records) / seconds)) : QString();
        const QString left = eta < 0 ? QStringLiteral("--:--") : QStringLiteral("%1:%2").arg(eta / 60, 2, 10, QLatin1Char('0')).arg(eta % 60, 2, 10, QLatin1Char('0'));
        if (tty) {
            constexpr int Width = 30;
            const int filled = int(fraction * Width);
            err << "\r\033[K[" << QString(filled, QLatin1Char('#')) << QString(Width - filled, QLatin1Char('-')) << "] "
                << QString::number(100.0 * fraction, 'f', 1) << "%  " << p.records << " read, " << p.inserted << " new, "
                << p.broken << " broken  " << rate << "  ETA " << left;
        } else {
            err << QFileInfo(p.file).fileName() << ": " << QString::number(100.0 * fraction, 'f', 1) << "% " << p.records
                << " read, " << p.inserted << " new, " << p.broken << " broken, " << rate << ", " << left << " left\n";
        }
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

int cmdIndex(CliContext &ctx)
{
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    Models::CorpusStore store(db);
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    QElapsedTimer sinceReport;
    sinceReport.start();
    QTextStream &err = ctx.err;
    auto progress = [&err, &sinceReport, tty](const Pipeline::IndexProgress &p) {
        if (p.phase == Pipeline::IndexProgress::Phase::Fitting) {
            err << "fitting the embedder on a sample of the corpus...\n";
            err.flush();
            return;
        }
        if (p.done < p.total && sinceReport.elapsed() < (tty ? 200 : 5000))
            return;
        sinceReport.restart();
        const double seconds = double(p.elapsedMs) / 1000.0;
        err << (tty ? "\r\033[K" : "") << "embedded " << p.done << " of " << p.total << " papers ("
            << QString::number(p.total > 0 ? 100.0 * double(p.done) / double(p.total) : 100.0, 'f', 1) << "%, "
            << qint64(seconds > 0 ? double(p.done) / seconds : 0) << " papers/s)" << (tty ? "" : "\n");
        err.flush();
    };
    g_importCancel.store(false);
    auto previous = std::signal(SIGINT, onImportSignal);
    auto report = Pipeline::buildSemanticIndex(store, {}, progress, &g_importCancel);
    std::signal(SIGINT, previous);
    if (tty)
        err << '\n';
    err.flush();
    if (!report)
        return ctx.failure(report.error());
    if (ctx.json) {
        ctx.printJson({{QStringLiteral("papers"), report->papers},
                       {QStringLiteral("sampled"), report->sampled},
                       {QStringLiteral("rebuilt"), report->rebuilt},
                       {QStringLiteral("cancelled"), report->cancelled},
                       {QStringLiteral("fit_seconds"), report->fitSeconds},
                       {QStringLiteral("embed_seconds"), report->embedSeconds}});
    } else if (!report->rebuilt) {
        ctx.out << "the semantic index is current (" << report->papers << " papers)\n";
    } else {
        ctx.out << "semantic index: " << report->papers << " papers, fitted on " << report->sampled << " in "
                << QString::number(report->fitSeconds, 'f', 1) << " s, embedded in " << QString::number(report->embedSeconds, 'f', 1)
                << " s" << (report->cancelled ? " (interrupted: run it again)" : "") << '\n';
    }
    return report->cancelled ? ExitCancelled : ExitOk;
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
    if (sub == QStringLiteral("index"))
        return cmdIndex(ctx);
    if (sub == QStringLiteral("search"))
        return cmdSearch(ctx, rest);
    return ctx.usageError(QStringLiteral("unknown corpus command '%1' (import, index, stats, search)").arg(sub));
}

} // namespace Sovereign::App
