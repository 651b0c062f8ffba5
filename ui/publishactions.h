#pragma once

// The owner's publication actions on the selected draft: Export PDF… (rendered on a worker thread,
// previewed in PdfPreviewDialog, saved through OwnerActionService::savePdf), Export manifest JSON…
// and Issue correction…. Drafts that are not published get a refusal that says why. MainWindow owns
// one, feeds it the current draft and puts its actions in the Publish menu and the toolbar.

#include "models/types/draftdetails.h"
#include "services.h"

#include <QFutureWatcher>
#include <QObject>

class QAction;
class QWidget;

namespace Sovereign::Ui {

class CorrectionDialog;
class PdfPreviewDialog;

class PublishActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishActions)
public:
    PublishActions(const Services &services, QWidget *window);

    void setDetails(const Models::DraftDetails &details);
    QList<QAction *> actions() const { return {m_exportPdf, m_exportManifest, m_correct}; }
    QAction *exportPdfAction() const { return m_exportPdf; }
    QAction *exportManifestAction() const { return m_exportManifest; }
    QAction *correctAction() const { return m_correct; }
    bool isRendering() const { return m_render->isRunning(); }

    void exportPdf();
    void exportManifest();
    void issueCorrection();
    // The non-interactive halves (the file dialogs' and the correction dialog's continuations).
    Models::Status exportManifestTo(qint64 draftId, const QString &path);
    Models::Status applyCorrection(qint64 draftId, const CorrectionInput &input);

    // Why this draft cannot be exported or corrected; empty when it can.
    static QString publicationRefusal(const Models::Draft &draft);

signals:
    void message(const QString &text);
    // The preview is open (window-modal, not exec'd); tests drive it through saveTo().
    void previewOpened(Sovereign::Ui::PdfPreviewDialog *dialog);
    void correctionDialogOpened(Sovereign::Ui::CorrectionDialog *dialog);
    void draftChanged(qint64 draftId);

private:
    void refuse(const QString &title, const QString &why);
    void onRendered();

    Services m_services;
    QWidget *m_window;
    Models::DraftDetails m_details;
    qint64 m_renderDraftId = 0;
    QString m_renderName;
    QAction *m_exportPdf;
    QAction *m_exportManifest;
    QAction *m_correct;
    QFutureWatcher<Models::Result<QByteArray>> *m_render;
};

} // namespace Sovereign::Ui
