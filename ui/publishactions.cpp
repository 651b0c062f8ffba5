#include "publishactions.h"

#include "correctiondialog.h"
#include "pdfpreviewdialog.h"
#include "filedialogs.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::Ui {

using namespace Models;

namespace {

QAction *makeAction(QObject *parent, const QString &text, const QString &tip, const QKeySequence &key = {})
{
    auto *a = new QAction(text, parent);
    if (!key.isEmpty())
        a->setShortcut(key);
    a->setToolTip(key.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    a->setStatusTip(tip);
    a->setObjectName(text);
    a->setProperty("accessibleName", QString(text).remove(QChar(0x2026)));
    a->setShortcutContext(Qt::WindowShortcut);
    return a;
}

QString fileBase(const Draft &d)
{
    QString base = d.srchId.isEmpty() ? QStringLiteral("draft-%1").arg(d.id) : d.srchId;
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    return base;
}

} // namespace

PublishActions::PublishActions(const Services &services, QWidget *window)
    : QObject(window), m_services(services), m_window(window)
{
    m_exportPdf = makeAction(window, tr("Export PDF…"), tr("Render the published draft as a PDF, preview it and save it"),
                             QKeySequence(Qt::CTRL | Qt::Key_P));
    m_exportManifest = makeAction(window, tr("Export manifest JSON…"),
                                  tr("Save the published draft's manifest with the contract objects"),
                                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_correct = makeAction(window, tr("Issue correction…"), tr("Add a public correction record to the published draft"),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_exportPdf, &QAction::triggered, this, &PublishActions::exportPdf);
    connect(m_exportManifest, &QAction::triggered, this, &PublishActions::exportManifest);
    connect(m_correct, &QAction::triggered, this, &PublishActions::issueCorrection);
    for (QAction *a : actions()) {
        a->setEnabled(false);
        window->addAction(a);
    }
    m_render = new QFutureWatcher<Result<QByteArray>>(this);
    connect(m_render, &QFutureWatcherBase::finished, this, &PublishActions::onRendered);
}

QString PublishActions::publicationRefusal(const Draft &draft)
{
    if (draft.id <= 0)
        return tr("Select a draft first.");
    if (draft.isPublished() && (draft.state == DraftState::Approved || draft.state == DraftState::AutoApproved))
        return {};
    switch (draft.state) {
    case DraftState::Running:
        return tr("%1 is still running. Only approved or auto-approved (published) drafts can be exported or corrected.")
            .arg(draft.srchId);
    case DraftState::Escalated:
        return tr("%1 is escalated and waits for your decision. Approve it (A) to publish it; then it can be exported "
                  "and corrected.")
            .arg(draft.srchId);
    case DraftState::Rejected:
        return tr("%1 was rejected. Rejected drafts are not published, so there is nothing to export or correct.")
            .arg(draft.srchId);
    default:
        return tr("%1 is not published (%2). Only approved or auto-approved drafts can be exported or corrected.")
            .arg(draft.srchId, displayName(draft.state));
    }
}

void PublishActions::setDetails(const DraftDetails &details)
{
    m_details = details;
    // Enabled whenever a draft is selected, so that an unpublished one gets the reason, not silence.
    const bool have = details.draft.id > 0 && m_services.actions;
    for (QAction *a : actions())
        a->setEnabled(have);
    m_exportPdf->setEnabled(have && !m_render->isRunning());
}

void PublishActions::refuse(const QString &title, const QString &why)
{
    emit message(why);
    auto *box = new QMessageBox(QMessageBox::Information, title, why, QMessageBox::Ok, m_window);
    box->setTextFormat(Qt::PlainText); // the reason quotes the SRCH id, and may quote core messages
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void PublishActions::exportPdf()
{
    if (!m_services.actions || m_render->isRunning())
        return;
    if (const QString why = publicationRefusal(m_details.draft); !why.isEmpty()) {
        refuse(tr("Export PDF"), why);
        return;
    }
    m_renderDraftId = m_details.draft.id;
    m_renderName = fileBase(m_details.draft) + QStringLiteral(".pdf");
    m_exportPdf->setEnabled(false);
    emit message(tr("Rendering the PDF of %1…").arg(m_details.draft.srchId));
    OwnerActionService *actions = m_services.actions;
    const qint64 id = m_renderDraftId;
    m_render->setFuture(QtConcurrent::run([actions, id]() -> Result<QByteArray> { return actions->renderPdf(id); }));
}

void PublishActions::onRendered()
{
    m_exportPdf->setEnabled(m_details.draft.id > 0 && m_services.actions);
    const auto r = m_render->result();
    if (!r) {
        refuse(tr("Export PDF"), tr("The PDF was not rendered: %1").arg(r.error()));
        return;
    }
    auto *dialog = new PdfPreviewDialog(*r, m_renderName, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("PDF preview — %1").arg(m_renderName));
    if (!dialog->loadError().isEmpty()) {
        emit message(tr("The PDF preview could not load: %1").arg(dialog->loadError()));
    }
    const qint64 id = m_renderDraftId;
    const QByteArray bytes = *r;
    OwnerActionService *actions = m_services.actions;
    dialog->setSaver([actions, id, bytes](const QString &path) { return actions->savePdf(id, bytes, path); });
    connect(dialog, &PdfPreviewDialog::saved, this, [this, id](const QString &path) {
        emit message(tr("PDF saved to %1 and recorded in the ledger.").arg(QDir::toNativeSeparators(path)));
        emit draftChanged(id);
    });
    dialog->open();
    emit message(tr("PDF ready: %n page(s). Save… writes it.", nullptr, dialog->pageCount()));
    emit previewOpened(dialog);
}

void PublishActions::exportManifest()
{
    if (!m_services.actions)
        return;
    if (const QString why = publicationRefusal(m_details.draft); !why.isEmpty()) {
        refuse(tr("Export manifest JSON"), why);
        return;
    }
    const qint64 id = m_details.draft.id;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QFileDialog *fd = FileDialogs::createSaveDialog(
        m_window, tr("Export manifest JSON"),
        QDir(dir).filePath(fileBase(m_details.draft) + QStringLiteral(".manifest.json")), tr("JSON files (*.json)"),
        QStringLiteral("json"));
    fd->setAttribute(Qt::WA_DeleteOnClose);
    connect(fd, &QFileDialog::fileSelected, this, [this, id](const QString &path) {
        if (auto ok = exportManifestTo(id, path); !ok)
            refuse(tr("Export manifest JSON"), tr("The manifest was not written: %1").arg(ok.error()));
    });
    fd->open();
}

Status PublishActions::exportManifestTo(qint64 draftId, const QString &path)
{
    if (!m_services.actions)
        return fail(tr("no owner actions are connected"));
    auto ok = m_services.actions->exportManifest(draftId, path);
    if (ok) {
        emit message(tr("Manifest written to %1 and recorded in the ledger.").arg(QDir::toNativeSeparators(path)));
        emit draftChanged(draftId);
    }
    return ok;
}

void PublishActions::issueCorrection()
{
    if (!m_services.actions)
        return;
    if (const QString why = publicationRefusal(m_details.draft); !why.isEmpty()) {
        refuse(tr("Issue correction"),
               m_details.draft.id > 0 && !m_details.draft.isPublished()
                   ? why + QStringLiteral(" ") + tr("Before publication, edit the claims on the Claims tab instead.")
                   : why);
        return;
    }
    auto *dialog = new CorrectionDialog(m_details, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 id = m_details.draft.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        if (auto ok = applyCorrection(id, dialog->input()); !ok)
            refuse(tr("Issue correction"), tr("The correction was not stored: %1").arg(ok.error()));
    });
    dialog->open();
    emit correctionDialogOpened(dialog);
}

Status PublishActions::applyCorrection(qint64 draftId, const CorrectionInput &input)
{
    if (!m_services.actions)
        return fail(tr("no owner actions are connected"));
    auto ok = m_services.actions->correct(draftId, input);
    if (ok) {
        emit message(tr("Correction (%1) stored and recorded in the ledger.").arg(toText(input.type)));
        emit draftChanged(draftId);
    }
    return ok;
}

} // namespace Sovereign::Ui
