#pragma once
// Where the database file is, for both executables: --db wins, then SOVEREIGN_DB, then the user's
// data directory.

#include <QString>

namespace Sovereign::App {

QString resolveDatabasePath(const QString &fromArgs);

} // namespace Sovereign::App
