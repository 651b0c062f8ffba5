#include "corpusimporter.h"

#include "pipeline/retrieval/corpusimport.h"
#include "pipeline/retrieval/embedder.h"

namespace Sovereign::App {

Ui::CorpusImportOutcome CorpusImporterAdapter::importFiles(const QStringList &files, const Progress &progress, const std::atomic_bool *cancel)
{
    Models::CorpusStore store(m_db);
    Pipeline::ImportOptions options;
    options.cancel = cancel;
    options.progress = [&progress](const Pipeline::ImportProgress &p) {
        Ui::CorpusImportProgress u;
        u.phase = p.phase == Pipeline::ImportProgress::Phase::Optimizing ? Ui::CorpusImportProgress::Phase::Merging
                                                                          : Ui::CorpusImportProgress::Phase::Reading;
        u.done = p.allBytesRead;
        u.total = p.allBytesTotal;
        u.records = p.records;
        u.inserted = p.inserted;
        u.broken = p.broken;
        u.elapsedMs = p.elapsedMs;
        progress(u);
    };
    const Pipeline::ImportReport report = Pipeline::importCorpusFiles(store, files, options);
    m_db->releaseThreadConnection();
    Ui::CorpusImportOutcome out;
    out.records = report.records();
    out.inserted = report.inserted();
    out.skipped = report.skipped() + report.updated();
    out.broken = report.broken();
    out.cancelled = report.cancelled;
    out.error = report.storageError;
    if (out.error.isEmpty() && !report.anythingImported()) {
        QStringList errors;
        for (const auto &f : report.files) {
            if (!f.error.isEmpty())
                errors.append(QStringLiteral("%1: %2").arg(f.file, f.error));
        }
        out.error = errors.isEmpty() ? QStringLiteral("no paper could be read") : errors.join(QStringLiteral("; "));
    }
    return out;
}

QString CorpusImporterAdapter::buildIndex(const Progress &progress, const std::atomic_bool *cancel)
{
    Models::CorpusStore store(m_db);
    auto report = Pipeline::buildSemanticIndex(
        store, {},
        [&progress](const Pipeline::IndexProgress &p) {
            Ui::CorpusImportProgress u;
            u.phase = p.phase == Pipeline::IndexProgress::Phase::Fitting ? Ui::CorpusImportProgress::Phase::Fitting
                                                                         : Ui::CorpusImportProgress::Phase::Embedding;
            u.done = p.done;
            u.total = p.total;
            u.elapsedMs = p.elapsedMs;
            progress(u);
        },
        cancel);
    m_db->releaseThreadConnection();
    return report ? QString() : report.error();
}

} // namespace Sovereign::App
