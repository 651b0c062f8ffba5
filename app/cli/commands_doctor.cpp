#include "cli.h"

#include "pipeline/doctor/doctor.h"

namespace Sovereign::App {

// sovereign doctor [--quick] [--offline] [--timeout MS] [--min-free MB]
int cmdDoctor(CliContext &ctx, const QStringList &argsIn)
{
    QStringList args = argsIn;
    if (args.contains(QStringLiteral("--help"))) {
        ctx.out << "Usage: sovereign doctor [--quick] [--offline] [--timeout MS] [--min-free MB]\n\n"
                   "Checks the database file and what it depends on, one line per check (ok, warning,\n"
                   "problem or skipped, and what to do): the file, its schema version, PRAGMA\n"
                   "integrity_check and foreign_key_check, the ledger (as `sovereign ledger verify`), the\n"
                   "free disk space beside the file, the keychain (where the ledger key and the API key\n"
                   "come from, never the keys), and each remote backend the settings or the environment\n"
                   "name (one GET each). Nothing is changed, migrated or created.\n\n"
                   "--quick      PRAGMA quick_check instead of the full integrity_check (large files)\n"
                   "--offline    do not contact the remote backends\n"
                   "--timeout    milliseconds to wait for each backend (default 5000)\n"
                   "--min-free   warn below this many MB free beside the database (default 1024)\n"
                   "--json       (global) the checks as JSON: check, name, status, message, advice\n\n"
                   "Exit codes: 0 no problem (warnings allowed), 1 a problem found, 2 usage.\n";
        return ExitOk;
    }
    Pipeline::DoctorOptions o;
    o.databasePath = ctx.dbPath;
    o.quick = args.removeAll(QStringLiteral("--quick")) > 0;
    o.network = args.removeAll(QStringLiteral("--offline")) == 0;
    QString error;
    const auto timeout = takeOption(args, QStringLiteral("--timeout"), &error);
    const auto minFree = takeOption(args, QStringLiteral("--min-free"), &error);
    if (!error.isEmpty())
        return ctx.usageError(error);
    if (!args.isEmpty())
        return ctx.usageError(QStringLiteral("unexpected argument '%1' (see sovereign doctor --help)").arg(args.first()));
    bool ok = true;
    if (timeout) {
        o.timeoutMs = timeout->toInt(&ok);
        if (!ok || o.timeoutMs < 1 || o.timeoutMs > 600000)
            return ctx.usageError(QStringLiteral("--timeout takes milliseconds from 1 to 600000"));
    }
    if (minFree) {
        const qint64 mb = minFree->toLongLong(&ok);
        if (!ok || mb < 0 || mb > 1000000000)
            return ctx.usageError(QStringLiteral("--min-free takes a number of megabytes"));
        o.minFreeBytes = mb * 1024 * 1024;
    }
    o.backends = Pipeline::configuredBackends(o.environment);
    const Pipeline::DoctorReport report = Pipeline::runDoctor(o);
    if (ctx.json)
        ctx.printJson(report.toJson());
    else
        ctx.out << report.text();
    ctx.out.flush();
    return report.hasProblem() ? ExitFailure : ExitOk;
}

} // namespace Sovereign::App
