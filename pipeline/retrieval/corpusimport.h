#pragma once

// Import of paper metadata into the local corpus: arXiv OAI snapshot JSON-lines (one object per
// line: id, title, abstract, authors, authors_parsed, categories, versions[], update_date, doi,
// journal-ref, comments) and arXiv API Atom files; the format is detected from the content.
// A broken line is reported with its number and skipped; papers are written in batches of whole
// transactions, so an interrupted import leaves a consistent corpus and a re-run skips what is
// already stored. Nothing here throws; problems are values in the report.

#include "models/storage/corpusstore.h"
#include "models/types/types.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>

namespace Sovereign::Pipeline {

enum class ImportFormat { Unknown, JsonLines, Atom };
QString toString(ImportFormat f);

// Looks at the first non-blank bytes (after a UTF-8 BOM): '<' is Atom, '{' is JSON-lines.
ImportFormat detectImportFormat(const QByteArray &head);

// One OAI snapshot record -> Paper. Fails with a readable reason for a record without id or title.
Models::Result<Models::Paper> paperFromOaiJson(const QJsonObject &record, const QString &origin = QStringLiteral("import"));

// "Mon, 2 Apr 2007 19:18:42 GMT" -> "2007-04-02T19:18:42Z"; other text is returned unchanged.
QString normaliseOaiDate(const QString &text);

struct ImportProblem
{
    QString file;
    qint64 line = 0; // 1-based; 0 when the problem is about the whole file
    QString message;
};

struct ImportFileReport
{
    QString file;
    ImportFormat format = ImportFormat::Unknown;
    qint64 records = 0; // papers read successfully
    qint64 broken = 0;  // lines / entries skipped as unreadable
    qint64 inserted = 0;
    qint64 updated = 0;
    qint64 skipped = 0; // already in the corpus
    QString error;      // the whole file could not be read
};

struct ImportReport
{
    QList<ImportFileReport> files;
    QList<ImportProblem> problems; // every broken line, in order (capped at maxProblems)
    qint64 problemsDropped = 0;    // problems beyond the cap (counted, not kept)
    bool cancelled = false;
    QString storageError; // a batch could not be written (the import stopped there)

    qint64 records() const;
    qint64 inserted() const;
    qint64 updated() const;
    qint64 skipped() const;
    qint64 broken() const;
    // Success unless not a single paper could be read and stored (already-stored ones count).
    bool anythingImported() const { return inserted() + updated() + skipped() > 0; }
    QJsonObject toJson() const;
};

struct ImportProgress
{
    enum class Phase { Reading, Optimizing };
    Phase phase = Phase::Reading;
    QString file;
    qint64 bytesRead = 0;  // of this file
    qint64 bytesTotal = 0; // of this file
    qint64 records = 0;
    qint64 inserted = 0;
    qint64 broken = 0;
    qint64 allBytesRead = 0;  // over all files of the import
    qint64 allBytesTotal = 0;
    qint64 elapsedMs = 0;     // since the import started
    // Seconds left at the rate so far (bytes); -1 while unknown.
    qint64 etaSeconds() const;
};

enum class BulkMode { Auto, On, Off };

struct ImportOptions
{
    // Papers per transaction. JSON-lines are parsed on a second thread while the previous batch is
    // written, so a batch costs one commit and both cores stay busy.
    int batchSize = 5000;
    // Bulk: FTS5 writes big segments without merging during the import and the index is merged
    // once at the end (CorpusStore::beginBulkLoad). Auto: when the files total >= bulkBytes.
    BulkMode bulk = BulkMode::Auto;
    qint64 bulkBytes = 32 * 1024 * 1024;
    Models::UpsertMode mode = Models::UpsertMode::SkipExisting;
    QString origin = QStringLiteral("import"); // records carrying "origin": "demo" keep that
    int maxProblems = 1000;
    std::function<void(const ImportProgress &)> progress; // called after every batch (importing thread)
    const std::atomic_bool *cancel = nullptr;             // checked between batches
};

ImportReport importCorpusFiles(Models::CorpusStore &store, const QStringList &files, const ImportOptions &options = {});

// Same for in-memory content (used for the demo corpus from resources); name labels the report.
ImportReport importCorpusData(Models::CorpusStore &store, const QByteArray &data, const QString &name,
                              const ImportOptions &options = {});

} // namespace Sovereign::Pipeline
