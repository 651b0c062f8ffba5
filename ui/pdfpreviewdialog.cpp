#include "pdfpreviewdialog.h"
#include "filedialogs.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPdfDocument>
#include <QPdfPageNavigator>
#include <QPdfView>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace Sovereign::Ui {

namespace {

Models::Status writeWithSaveFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Models::fail(QCoreApplication::translate("Sovereign::Ui::PdfPreviewDialog", "cannot write %1: %2").arg(path, f.errorString()));
    if (f.write(bytes) != bytes.size()) {
        f.cancelWriting();
        return Models::fail(QCoreApplication::translate("Sovereign::Ui::PdfPreviewDialog", "cannot write %1: %2").arg(path, f.errorString()));
    }
    if (!f.commit())
        return Models::fail(QCoreApplication::translate("Sovereign::Ui::PdfPreviewDialog", "cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

} // namespace

PdfPreviewDialog::PdfPreviewDialog(const QByteArray &pdf, const QString &suggestedFileName, QWidget *parent)
    : QDialog(parent), m_pdf(pdf), m_suggested(suggestedFileName),
      m_temp(QDir(QDir::tempPath()).filePath(QStringLiteral("sovereign-preview-XXXXXX.pdf")))
{
    setWindowTitle(tr("PDF preview — %1").arg(suggestedFileName));
    resize(860, 980);

    m_document = new QPdfDocument(this);
    m_view = new QPdfView(this);
    m_view->setDocument(m_document);
    m_view->setPageMode(QPdfView::PageMode::MultiPage);
    m_view->setZoomMode(QPdfView::ZoomMode::FitToWidth);

    if (!m_temp.open() || m_temp.write(m_pdf) != m_pdf.size() || !m_temp.flush()) {
        m_loadError = tr("cannot write the preview to a temporary file: %1").arg(m_temp.errorString());
    } else {
        const QPdfDocument::Error err = m_document->load(m_temp.fileName());
        if (err != QPdfDocument::Error::None)
            m_loadError = tr("the exported PDF could not be opened for preview (error %1)").arg(int(err));
    }

    auto *zoomOut = new QToolButton(this);
    zoomOut->setText(tr("−"));
    zoomOut->setToolTip(tr("Zoom out"));
    auto *zoomIn = new QToolButton(this);
    zoomIn->setText(tr("+"));
    zoomIn->setToolTip(tr("Zoom in"));
    auto *fit = new QToolButton(this);
    fit->setText(tr("Fit width"));
    m_pageLabel = new QLabel(this);
    m_pageLabel->setTextFormat(Qt::PlainText);
    connect(zoomIn, &QToolButton::clicked, this, [this] {
        m_view->setZoomMode(QPdfView::ZoomMode::Custom);
        m_view->setZoomFactor(m_view->zoomFactor() * 1.2);
    });
    connect(zoomOut, &QToolButton::clicked, this, [this] {
        m_view->setZoomMode(QPdfView::ZoomMode::Custom);
        m_view->setZoomFactor(std::max(0.2, m_view->zoomFactor() / 1.2));
    });
    connect(fit, &QToolButton::clicked, this, [this] { m_view->setZoomMode(QPdfView::ZoomMode::FitToWidth); });
    connect(m_view->pageNavigator(), &QPdfPageNavigator::currentPageChanged, this, &PdfPreviewDialog::updatePageLabel);

    auto *tools = new QHBoxLayout;
    tools->addWidget(zoomOut);
    tools->addWidget(zoomIn);
    tools->addWidget(fit);
    tools->addStretch(1);
    tools->addWidget(m_pageLabel);

    auto *buttons = new QDialogButtonBox(this);
    m_saveButton = buttons->addButton(tr("Save…"), QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Close);
    m_saveButton->setEnabled(m_loadError.isEmpty());
    connect(m_saveButton, &QPushButton::clicked, this, &PdfPreviewDialog::saveInteractively);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(tools);
    if (!m_loadError.isEmpty()) {
        auto *error = new QLabel(m_loadError, this);
        error->setTextFormat(Qt::PlainText);
        error->setWordWrap(true);
        layout->addWidget(error);
    }
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    updatePageLabel();
}

PdfPreviewDialog::~PdfPreviewDialog()
{
    // Release the file before the QTemporaryFile member removes it (the view keeps its document).
    m_document->close();
}

int PdfPreviewDialog::pageCount() const { return m_document->pageCount(); }

void PdfPreviewDialog::updatePageLabel()
{
    const int pages = m_document->pageCount();
    m_pageLabel->setText(pages > 0 ? tr("Page %1 of %2").arg(m_view->pageNavigator()->currentPage() + 1).arg(pages)
                                   : QString());
}

Models::Status PdfPreviewDialog::saveTo(const QString &path)
{
    if (path.isEmpty())
        return Models::fail(tr("no file name given"));
    auto ok = m_saver ? m_saver(path) : writeWithSaveFile(path, m_pdf);
    if (ok)
        emit saved(path);
    return ok;
}

void PdfPreviewDialog::saveInteractively()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    // Never QFileDialog::getSaveFileName: see filedialogs.h for why every dialog is made safe.
    QFileDialog *fd = FileDialogs::createSaveDialog(this, tr("Save PDF"), QDir(dir).filePath(m_suggested),
                                                    tr("PDF documents (*.pdf)"), QStringLiteral("pdf"));
    fd->setAttribute(Qt::WA_DeleteOnClose);
    connect(fd, &QFileDialog::fileSelected, this, &PdfPreviewDialog::saveChosen);
    m_saveDialog = fd;
    fd->open();
}

void PdfPreviewDialog::saveChosen(const QString &path)
{
    if (path.isEmpty())
        return;
    if (auto ok = saveTo(path); !ok) {
        // Plain text throughout: the message can quote a path or a title.
        QMessageBox box(QMessageBox::Warning, tr("Save PDF"), tr("The PDF was not saved.") + QStringLiteral("\n\n") + ok.error(),
                        QMessageBox::Ok, this);
        box.setTextFormat(Qt::PlainText);
        box.exec();
        return;
    }
    accept();
}

} // namespace Sovereign::Ui
