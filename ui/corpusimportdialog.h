#pragma once

// Importing paper metadata (arXiv OAI JSON-lines, Atom feeds) into the local corpus from the
// workbench: a progress bar with papers read / added, the rate and the time left, then the semantic
// index refreshed as a second phase, with its own progress. Cancel stops after the current batch
// and keeps every batch already committed; closing the window while it works asks to cancel first.
// The work runs on a worker thread; the window stays responsive.

#include <QDialog>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

class QDialogButtonBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace Sovereign::Ui {

struct CorpusImportProgress
{
    enum class Phase { Reading, Merging, Fitting, Embedding };
    Phase phase = Phase::Reading;
    qint64 done = 0;  // bytes read (Reading), papers embedded (Embedding)
    qint64 total = 0; // bytes of all files, papers of the corpus
    qint64 records = 0;
    qint64 inserted = 0;
    qint64 broken = 0;
    qint64 elapsedMs = 0;
};

struct CorpusImportOutcome
{
    qint64 records = 0;
    qint64 inserted = 0;
    qint64 skipped = 0;
    qint64 broken = 0;
    bool cancelled = false;
    QString error; // empty on success
};

// What the dialog needs from the pipeline; app/ implements it. Both calls run on a worker thread,
// call progress from there and check cancel between batches.
class CorpusImporter
{
public:
    virtual ~CorpusImporter() = default;
    using Progress = std::function<void(const CorpusImportProgress &)>;
    virtual CorpusImportOutcome importFiles(const QStringList &files, const Progress &progress, const std::atomic_bool *cancel) = 0;
    // Refreshes the semantic index (a no-op when current). Empty on success.
    virtual QString buildIndex(const Progress &progress, const std::atomic_bool *cancel) = 0;
};

class CorpusImportDialog final : public QDialog
{
    Q_OBJECT

public:
    CorpusImportDialog(std::shared_ptr<CorpusImporter> importer, QWidget *parent = nullptr);
    ~CorpusImportDialog() override;

    // Starts importing the files (once).
    void start(const QStringList &files);
    bool isWorking() const { return m_worker.joinable() && !m_finished; }

    // Asks for files (JSON-lines, Atom) and imports them in a new dialog; nothing when cancelled.
    static void chooseAndImport(const std::shared_ptr<CorpusImporter> &importer, QWidget *parent);

signals:
    void finished(const Sovereign::Ui::CorpusImportOutcome &outcome);

protected:
    void closeEvent(QCloseEvent *event) override;
    void reject() override;

private:
    void showProgress(const CorpusImportProgress &p);
    void showOutcome(const CorpusImportOutcome &outcome, const QString &indexError);
    void requestCancel();

    std::shared_ptr<CorpusImporter> m_importer;
    std::atomic_bool m_cancel{false};
    std::atomic<qint64> m_lastPost{-1000};
    std::thread m_worker;
    bool m_finished = false;
    QLabel *m_file = nullptr;
    QLabel *m_phase = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_rate = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace Sovereign::Ui

Q_DECLARE_METATYPE(Sovereign::Ui::CorpusImportOutcome)
