#pragma once

// The corpus import dialog's seam (ui/corpusimportdialog.h) on the real pipeline: importCorpusFiles
// and buildSemanticIndex on the workbench's database, from the dialog's worker thread.

#include "ui/corpusimportdialog.h"

#include "models/storage/database.h"

namespace Sovereign::App {

class CorpusImporterAdapter final : public Ui::CorpusImporter
{
public:
    explicit CorpusImporterAdapter(std::shared_ptr<Models::Database> db) : m_db(std::move(db)) {}
    Ui::CorpusImportOutcome importFiles(const QStringList &files, const Progress &progress, const std::atomic_bool *cancel) override;
    QString buildIndex(const Progress &progress, const std::atomic_bool *cancel) override;

private:
    std::shared_ptr<Models::Database> m_db;
};

} // namespace Sovereign::App
