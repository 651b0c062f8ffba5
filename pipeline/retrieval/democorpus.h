#pragma once

// The demo corpus bundled with the application (resources/corpus/demo.jsonl, synthetic entries
// marked "DEMO DATA"; read from the installed data directory or the compiled-in copy, see
// resources/datafiles.h), so that search works offline out of the box. ensureDemoCorpus() imports it
// only into an empty corpus; it returns how many papers it added (0 when the corpus already had
// papers) or the reason it failed.

#include "models/storage/database.h"

#include <QByteArray>

#include <memory>

namespace Sovereign::Pipeline {

// The raw JSON-lines of the bundled demo corpus (empty if the resource is missing).
QByteArray demoCorpusData();

Models::Result<int> ensureDemoCorpus(const std::shared_ptr<Models::Database> &db);
Models::Result<int> ensureDemoCorpus(Models::Database &db);

} // namespace Sovereign::Pipeline
