#pragma once

// The command-line front end: global options, the command table and the documented exit codes.
// Each command lives in a commands_*.cpp file and is listed in cli.cpp.

#include "common/databasepath.h"
#include "models/storage/database.h"

#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace Sovereign::App {

// Documented in the README ("Exit codes").
enum ExitCode : int {
    ExitOk = 0,
    ExitFailure = 1,      // the command ran and failed (a stage failed, nothing imported, ledger broken...)
    ExitUsage = 2,        // bad arguments or bad input given on the command line
    ExitDatabase = 3,     // the database cannot be opened or is not a Sovereign database
    ExitNotFound = 4,     // the named draft, run, paper or file does not exist
    ExitRefused = 5,      // the action is not allowed in the current state (e.g. export of an unapproved draft)
    ExitCancelled = 130,  // interrupted
};

class CliContext
{
public:
    CliContext();
    QString dbPath;  // from --db, SOVEREIGN_DB, or the default
    bool json = false;
    QTextStream out;
    QTextStream err;

    // Opens the database once; on failure prints the reason and returns nullptr.
    std::shared_ptr<Models::Database> database();
    void printJson(const QJsonObject &o);
    int usageError(const QString &message);
    int failure(const QString &message, int code = ExitFailure);

private:
    std::shared_ptr<Models::Database> m_db;
};

using CommandFn = int (*)(CliContext &ctx, const QStringList &args);

struct Command
{
    const char *name;
    const char *summary;
    CommandFn run;
};

// Takes "--name VALUE" or "--name=VALUE" out of args; nullopt when absent (or missing its value:
// then *error says so).
std::optional<QString> takeOption(QStringList &args, const QString &name, QString *error);

// Removes --db PATH / --db=PATH and --json from args (anywhere), filling ctx.
bool extractGlobalOptions(QStringList &args, CliContext &ctx, QString *error);

int runCli(int argc, char **argv);

} // namespace Sovereign::App
