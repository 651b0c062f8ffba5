#pragma once

// The versioned schema of the Sovereign database. Each Migration runs in one transaction and bumps
// PRAGMA user_version; the list only ever grows. Full text is stored everywhere; views truncate.

#include "database.h"

namespace Sovereign::Models::Schema {

const QList<Migration> &migrations();
int latestVersion();

} // namespace Sovereign::Models::Schema
