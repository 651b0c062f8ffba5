#include "cli.h"

#include "pipeline/remote/secrets.h"

#include <QTextStream>

#include <cstdio>

namespace Sovereign::App {

// sovereign secrets set-key | delete-key | status
// The key is read from stdin (never from the command line, where it would land in shell history
// and in the process list) and stored in the desktop keychain through QtKeychain.
int cmdSecrets(CliContext &ctx, const QStringList &args)
{
    const QString sub = args.value(0);
    if (sub.isEmpty() || sub == QStringLiteral("--help")) {
        ctx.out << "Usage: sovereign secrets set-key | delete-key | status\n\n"
                   "set-key     read the API key of the hosted services (NVIDIA NIM) from stdin and store it in the keychain\n"
                   "delete-key  remove the stored key\n"
                   "status      say where the key would come from (SOVEREIGN_API_KEY, NVIDIA_API_KEY, keychain), never the key\n";
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    if (sub == QStringLiteral("set-key")) {
        QTextStream in(stdin);
        const QString key = in.readLine().trimmed();
        if (key.isEmpty())
            return ctx.usageError(QStringLiteral("no key on stdin (pipe it in: `printf %s \"$KEY\" | sovereign secrets set-key`)"));
        if (auto ok = Pipeline::Secrets::store(key); !ok)
            return ctx.failure(ok.error());
        ctx.out << "The API key is stored in the keychain.\n";
        return ExitOk;
    }
    if (sub == QStringLiteral("delete-key")) {
        if (auto ok = Pipeline::Secrets::remove(); !ok)
            return ctx.failure(ok.error());
        ctx.out << "The API key was removed from the keychain.\n";
        return ExitOk;
    }
    if (sub == QStringLiteral("status")) {
        const Pipeline::ApiKey key = Pipeline::Secrets::lookup();
        if (ctx.json) {
            ctx.printJson({{QStringLiteral("has_key"), !key.isEmpty()}, {QStringLiteral("source"), key.source}, {QStringLiteral("note"), key.note}});
        } else if (key.isEmpty()) {
            ctx.out << "No API key found: " << key.note << "\n";
        } else {
            ctx.out << "An API key is available from " << key.source << ".\n";
        }
        return key.isEmpty() ? ExitNotFound : ExitOk;
    }
    return ctx.usageError(QStringLiteral("unknown secrets command '%1'").arg(sub));
}

} // namespace Sovereign::App
