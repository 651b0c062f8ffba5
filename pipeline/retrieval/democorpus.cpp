#include "democorpus.h"

#include "corpusimport.h"
#include "models/storage/corpusstore.h"
#include "resources/datafiles.h"

#include <QFile>

namespace Sovereign::Pipeline {

QByteArray demoCorpusData()
{
    QFile f(Resources::locate(QStringLiteral("corpus/demo.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

Models::Result<int> ensureDemoCorpus(const std::shared_ptr<Models::Database> &db)
{
    Models::CorpusStore store(db);
    auto n = store.count();
    if (!n)
        return Models::fail(n.error());
    if (*n > 0)
        return 0;
    const QByteArray data = demoCorpusData();
    if (data.isEmpty())
        return Models::fail(QStringLiteral("the bundled demo corpus cannot be read"));
    ImportOptions options;
    options.origin = QStringLiteral("demo");
    options.batchSize = 1000;
    const ImportReport report = importCorpusData(store, data, QStringLiteral("demo corpus"), options);
    if (!report.storageError.isEmpty())
        return Models::fail(report.storageError);
    if (report.broken() > 0)
        return Models::fail(QStringLiteral("the bundled demo corpus has %1 broken entries (first: %2)")
                                .arg(report.broken())
                                .arg(report.problems.isEmpty() ? QString() : report.problems.first().message));
    return int(report.inserted());
}

Models::Result<int> ensureDemoCorpus(Models::Database &db)
{
    // Non-owning: the caller keeps the Database alive for the duration of the call.
    return ensureDemoCorpus(std::shared_ptr<Models::Database>(&db, [](Models::Database *) {}));
}

} // namespace Sovereign::Pipeline
