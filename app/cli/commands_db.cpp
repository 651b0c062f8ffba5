#include "cli.h"

#include "models/storage/schema.h"
#include "models/storage/store.h"
#include "resources/datafiles.h"

#include <QJsonObject>

namespace Sovereign::App {

int cmdDbInfo(CliContext &ctx, const QStringList &args)
{
    if (!args.isEmpty() && args.first() == QStringLiteral("--help")) {
        ctx.out << "Usage: sovereign db\n\nShows the database file, its schema version, its draft counts and where the data files\n"
                   "(prompts, demo corpus, contract tables) are read from.\n";
        return ExitOk;
    }
    auto db = ctx.database();
    if (!db)
        return ExitDatabase;
    Models::Store store(db);
    auto counts = store.queueCounts();
    if (!counts)
        return ctx.failure(counts.error());
    QJsonObject queues;
    int total = 0;
    for (auto it = counts->cbegin(); it != counts->cend(); ++it) {
        queues.insert(Models::toText(it.key()), it.value());
        total += it.value();
    }
    if (ctx.json) {
        ctx.printJson({{QStringLiteral("path"), db->path()},
                       {QStringLiteral("schema_version"), db->schemaVersion()},
                       {QStringLiteral("drafts"), total},
                       {QStringLiteral("data"), Resources::describeSource()},
                       {QStringLiteral("queues"), queues}});
        return ExitOk;
    }
    ctx.out << "database: " << db->path() << "\nschema:   " << db->schemaVersion() << " (latest "
            << Models::Schema::latestVersion() << ")\ndata:     " << Resources::describeSource()
            << "\ndrafts:   " << total << '\n';
    for (auto it = queues.constBegin(); it != queues.constEnd(); ++it)
        ctx.out << "  " << it.key().leftJustified(14) << it.value().toInt() << '\n';
    return ExitOk;
}

} // namespace Sovereign::App
