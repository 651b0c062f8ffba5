// The corpus importer on JSON-lines (and whatever else detectImportFormat sees in the bytes),
// writing into a real in-memory database: any input gives a report, never a crash or a hang, and
// the report's counts add up.
#include "models/storage/corpusstore.h"
#include "pipeline/retrieval/corpusimport.h"

#include <QCoreApplication>

#include <cstdlib>

using namespace Sovereign;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_jsonl";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    static const auto db = Models::Database::open(QStringLiteral(":memory:"));
    if (!db)
        std::abort();
    Models::CorpusStore store(*db);
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    Pipeline::ImportOptions options;
    options.batchSize = 7;
    options.maxProblems = 20;
    const auto report = Pipeline::importCorpusData(store, bytes, QStringLiteral("fuzz.jsonl"), options);
    if (report.inserted() < 0 || report.broken() < 0 || report.inserted() + report.updated() + report.skipped() > report.records())
        std::abort();
    return 0;
}
