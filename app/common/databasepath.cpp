#include "databasepath.h"

#include "models/storage/database.h"

#include <QProcessEnvironment>

namespace Sovereign::App {

QString resolveDatabasePath(const QString &fromArgs)
{
    if (!fromArgs.isEmpty())
        return fromArgs;
    const QString env = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOVEREIGN_DB"));
    if (!env.isEmpty())
        return env;
    return Models::Database::defaultPath();
}

} // namespace Sovereign::App
