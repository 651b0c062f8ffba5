#pragma once

// Shows an exported PDF (bytes rendered by the publication layer) with QtPdf's QPdfView before it is
// saved. The bytes are loaded from a private temporary file; Save… asks for a path and hands it to
// the saver (app/ connects OwnerActions::savePdf, which writes through QSaveFile and records the
// export in the ledger). Without a saver the dialog writes the bytes itself through QSaveFile.
// Self-contained: no SQL, no pipeline calls.

#include "models/types/result.h"

#include <QDialog>
#include <QFileDialog>
#include <QPointer>
#include <QTemporaryFile>

#include <functional>

class QLabel;
class QPdfDocument;
class QPdfView;
class QPushButton;

namespace Sovereign::Ui {

class PdfPreviewDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PdfPreviewDialog)

public:
    using Saver = std::function<Models::Status(const QString &path)>;

    PdfPreviewDialog(const QByteArray &pdf, const QString &suggestedFileName, QWidget *parent = nullptr);
    ~PdfPreviewDialog() override;

    void setSaver(Saver saver) { m_saver = std::move(saver); }

    // Empty when the PDF loaded, else why it did not.
    QString loadError() const { return m_loadError; }
    int pageCount() const;
    QPdfView *view() const { return m_view; }

    // Writes to path (through the saver); emits saved() on success. Used by Save… and by tests.
    Models::Status saveTo(const QString &path);

    // Save…: opens the (safe, see filedialogs.h) save dialog; its choice goes to saveTo().
    void saveInteractively();
    QFileDialog *saveDialog() const { return m_saveDialog; }

signals:
    void saved(const QString &path);

private:
    void saveChosen(const QString &path);
    void updatePageLabel();

    QByteArray m_pdf;
    QString m_suggested;
    QTemporaryFile m_temp;
    QPdfDocument *m_document = nullptr;
    QPdfView *m_view = nullptr;
    QLabel *m_pageLabel = nullptr;
    QPushButton *m_saveButton = nullptr;
    QString m_loadError;
    Saver m_saver;
    QPointer<QFileDialog> m_saveDialog;
};

} // namespace Sovereign::Ui
