#include "corpusimportdialog.h"

#include "filedialogs.h"

#include <QCloseEvent>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sovereign::Ui {

namespace {

QString duration(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("--:--");
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QLatin1Char('0')).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60, 2, 10, QLatin1Char('0')).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

CorpusImportDialog::CorpusImportDialog(std::shared_ptr<CorpusImporter> importer, QWidget *parent)
    : QDialog(parent), m_importer(std::move(importer))
{
    setWindowTitle(tr("Import papers"));
    setObjectName(QStringLiteral("corpusImportDialog"));
    auto *layout = new QVBoxLayout(this);
    m_file = new QLabel(this);
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_phase = new QLabel(tr("Starting…"), this);
    m_phase->setObjectName(QStringLiteral("importPhase"));
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("importProgress"));
    m_bar->setRange(0, 1000);
    m_bar->setValue(0);
    m_bar->setMinimumWidth(460);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("importCounts"));
    m_rate = new QLabel(this);
    m_rate->setObjectName(QStringLiteral("importRate"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_cancelButton = m_buttons->button(QDialogButtonBox::Cancel);
    m_cancelButton->setToolTip(tr("Stop after the current batch; the papers imported so far are kept"));
    connect(m_buttons, &QDialogButtonBox::rejected, this, &CorpusImportDialog::reject);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    for (QWidget *w : {static_cast<QWidget *>(m_file), static_cast<QWidget *>(m_phase), static_cast<QWidget *>(m_bar),
                       static_cast<QWidget *>(m_counts), static_cast<QWidget *>(m_rate), static_cast<QWidget *>(m_buttons)})
        layout->addWidget(w);
}

CorpusImportDialog::~CorpusImportDialog()
{
    m_cancel.store(true);
    if (m_worker.joinable())
        m_worker.join();
}

void CorpusImportDialog::start(const QStringList &files)
{
    if (m_worker.joinable() || !m_importer)
        return;
    QStringList names;
    for (const QString &f : files)
        names.append(QFileInfo(f).fileName());
    m_file->setText(names.join(QStringLiteral(", ")));
    m_worker = std::thread([this, files, importer = m_importer] {
        // At most about ten updates a second reach the window, plus every phase change.
        auto post = [this](const CorpusImportProgress &p) {
            const qint64 last = m_lastPost.load();
            if (p.phase == CorpusImportProgress::Phase::Reading || p.phase == CorpusImportProgress::Phase::Embedding) {
                if (p.elapsedMs - last < 100 && p.done < p.total)
                    return;
            }
            m_lastPost.store(p.elapsedMs);
            QMetaObject::invokeMethod(this, [this, p] { showProgress(p); }, Qt::QueuedConnection);
        };
        const CorpusImportOutcome outcome = importer->importFiles(files, post, &m_cancel);
        QString indexError;
        if (outcome.error.isEmpty() && !outcome.cancelled && outcome.inserted > 0) {
            m_lastPost.store(-1000);
            indexError = importer->buildIndex(post, &m_cancel);
        }
        QMetaObject::invokeMethod(this, [this, outcome, indexError] { showOutcome(outcome, indexError); }, Qt::QueuedConnection);
    });
}

void CorpusImportDialog::showProgress(const CorpusImportProgress &p)
{
    if (m_finished)
        return;
    const QLocale locale;
    const double fraction = p.total > 0 ? std::clamp(double(p.done) / double(p.total), 0.0, 1.0) : 0.0;
    const double seconds = double(p.elapsedMs) / 1000.0;
    const qint64 eta = fraction > 0.001 && seconds > 0.5 ? qint64(seconds * (1.0 - fraction) / fraction + 0.5) : -1;
    switch (p.phase) {
    case CorpusImportProgress::Phase::Reading:
        m_phase->setText(m_cancel.load() ? tr("Cancelling after the current batch…") : tr("Reading and storing papers"));
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(fraction * 1000));
        m_counts->setText(tr("%1 read, %2 added, %3 unreadable lines")
                              .arg(locale.toString(p.records), locale.toString(p.inserted), locale.toString(p.broken)));
        m_rate->setText(tr("%1 papers/s, %2 left").arg(locale.toString(seconds > 0 ? qint64(double(p.records) / seconds) : 0), duration(eta)));
        break;
    case CorpusImportProgress::Phase::Merging:
        m_phase->setText(tr("Merging the search index (one pass; this cannot show progress)"));
        m_bar->setRange(0, 0); // busy
        m_rate->clear();
        break;
    case CorpusImportProgress::Phase::Fitting:
        m_phase->setText(tr("Fitting the semantic index on a sample of the corpus"));
        m_bar->setRange(0, 0);
        m_rate->clear();
        break;
    case CorpusImportProgress::Phase::Embedding:
        m_phase->setText(m_cancel.load() ? tr("Cancelling after the current batch…") : tr("Embedding every paper for semantic search"));
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(fraction * 1000));
        m_counts->setText(tr("%1 of %2 papers embedded").arg(locale.toString(p.done), locale.toString(p.total)));
        m_rate->setText(tr("%1 papers/s, %2 left").arg(locale.toString(seconds > 0 ? qint64(double(p.done) / seconds) : 0), duration(eta)));
        break;
    }
}

void CorpusImportDialog::showOutcome(const CorpusImportOutcome &outcome, const QString &indexError)
{
    m_finished = true;
    const QLocale locale;
    m_bar->setRange(0, 1000);
    m_bar->setValue(outcome.cancelled || !outcome.error.isEmpty() ? m_bar->value() : 1000);
    if (!outcome.error.isEmpty())
        m_phase->setText(tr("The import stopped: %1. The papers stored before that are kept.").arg(outcome.error));
    else if (outcome.cancelled)
        m_phase->setText(tr("Cancelled. The papers stored so far are kept; importing the same file again continues."));
    else if (!indexError.isEmpty())
        m_phase->setText(tr("Papers imported; the semantic index could not be refreshed: %1").arg(indexError));
    else
        m_phase->setText(tr("Done."));
    m_counts->setText(tr("%1 read, %2 added, %3 already present, %4 unreadable lines")
                          .arg(locale.toString(outcome.records), locale.toString(outcome.inserted), locale.toString(outcome.skipped),
                               locale.toString(outcome.broken)));
    m_rate->clear();
    m_buttons->setStandardButtons(QDialogButtonBox::Close);
    connect(m_buttons->button(QDialogButtonBox::Close), &QPushButton::clicked, this, &QDialog::accept);
    m_cancelButton = nullptr;
    if (m_worker.joinable())
        m_worker.join();
    emit finished(outcome);
}

void CorpusImportDialog::requestCancel()
{
    if (m_finished || m_cancel.load())
        return;
    m_cancel.store(true);
    m_phase->setText(tr("Cancelling after the current batch…"));
    if (m_cancelButton)
        m_cancelButton->setEnabled(false);
}

void CorpusImportDialog::reject()
{
    if (isWorking()) {
        requestCancel(); // the window stays until the worker has stopped
        return;
    }
    QDialog::reject();
}

void CorpusImportDialog::closeEvent(QCloseEvent *event)
{
    if (isWorking()) {
        requestCancel();
        event->ignore();
        return;
    }
    QDialog::closeEvent(event);
}

void CorpusImportDialog::chooseAndImport(const std::shared_ptr<CorpusImporter> &importer, QWidget *parent)
{
    if (!importer)
        return;
    // Qt's own dialog with name-only icons: see filedialogs.h for why no file may be opened here.
    QFileDialog chooser(parent, tr("Import papers"), QString(), tr("arXiv metadata (*.json *.jsonl *.xml *.atom);;All files (*)"));
    FileDialogs::makeSafe(&chooser);
    chooser.setFileMode(QFileDialog::ExistingFiles);
    if (chooser.exec() != QDialog::Accepted || chooser.selectedFiles().isEmpty())
        return;
    const QStringList files = chooser.selectedFiles();
    auto *dialog = new CorpusImportDialog(importer, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->start(files);
}

} // namespace Sovereign::Ui
