// OwnerActions: PDF, manifest and bundle exports. Each export writes its files through QSaveFile
// and appends one "export" ledger entry (file names, sizes, SHA-256) in the same transaction: if a
// file cannot be committed the entry is rolled back, and a failed export never leaves a broken file.
#include "manifestexport.h"
#include "owneractions.h"
#include "pdfexport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QScopeGuard>

namespace Sovereign::Pipeline {

using namespace Models;

namespace {

QByteArray sha256Hex(const QByteArray &bytes) { return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(); }

Status writeAtomically(const Database &db, const QString &path, const QByteArray &bytes)
{
    // Replacing the live database (or its -wal/-shm) with an export would destroy every record.
    if (db.isOwnFile(path))
        return fail(QStringLiteral("%1 is the workbench's database file; choose another name").arg(path));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    if (f.write(bytes) != bytes.size()) {
        f.cancelWriting();
        return fail(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    }
    if (!f.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

QByteArray prettyJson(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Indented); }

} // namespace

Result<QByteArray> OwnerActions::renderPdf(qint64 draftId, const PdfOptions &options) const
{
    auto anchor = m_ledger->head();
    if (!anchor)
        return fail(anchor.error());
    auto paper = loadPaperExport(m_store, draftId, *anchor);
    if (!paper)
        return fail(paper.error());
    return renderPaperPdf(*paper, options);
}

Status OwnerActions::recordExport(qint64 draftId, const QString &format, const QString &path, const QByteArray &bytes,
                                  const std::function<Status()> &writeFile)
{
    const QSqlDatabase conn = m_db->connection();
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot start a transaction: %1").arg(tx.error()));
    auto draft = m_store.draft(draftId);
    if (!draft)
        return fail(draft.error());
    if (const QString why = exportRefusal(*draft); !why.isEmpty())
        return fail(why);
    const QJsonObject content{{QStringLiteral("draft_id"), draftId},
                              {QStringLiteral("srch_id"), draft->srchId},
                              {QStringLiteral("format"), format},
                              {QStringLiteral("file_name"), QFileInfo(path).fileName()},
                              {QStringLiteral("bytes"), bytes.size()},
                              {QStringLiteral("sha256"), QString::fromLatin1(sha256Hex(bytes))},
                              {QStringLiteral("exported_at"), toIso(QDateTime::currentDateTimeUtc())}};
    if (auto e = m_ledger->append(conn, LedgerKind::Export, draftId, 0, content); !e)
        return fail(e.error());
    if (auto ok = writeFile(); !ok)
        return ok; // the transaction rolls back: no entry for a file that was not written
    if (auto ok = tx.commit(); !ok)
        return fail(QStringLiteral("%1 was written, but its ledger entry could not be committed: %2")
                        .arg(path, ok.error()));
    afterCommit(draftId);
    return {};
}

Status OwnerActions::savePdf(qint64 draftId, const QByteArray &pdf, const QString &path)
{
    if (!pdf.startsWith("%PDF-"))
        return fail(QStringLiteral("refusing to save: the bytes are not a PDF"));
    return recordExport(draftId, QStringLiteral("pdf"), path, pdf, [&] { return writeAtomically(*m_db, path, pdf); });
}

Status OwnerActions::exportPdf(qint64 draftId, const QString &path, const PdfOptions &options)
{
    auto pdf = renderPdf(draftId, options);
    if (!pdf)
        return fail(pdf.error());
    return savePdf(draftId, *pdf, path);
}

Status OwnerActions::exportManifest(qint64 draftId, const QString &path)
{
    auto anchor = m_ledger->head();
    if (!anchor)
        return fail(anchor.error());
    auto paper = loadPaperExport(m_store, draftId, *anchor);
    if (!paper)
        return fail(paper.error());
    auto manifest = paperManifest(*paper, {});
    if (!manifest)
        return fail(manifest.error());
    const QByteArray bytes = prettyJson(*manifest);
    return recordExport(draftId, QStringLiteral("manifest"), path, bytes, [&] { return writeAtomically(*m_db, path, bytes); });
}

Result<QStringList> OwnerActions::exportBundle(qint64 draftId, const QString &dirPath, const PdfOptions &options)
{
    const QFileInfo target(dirPath);
    if (target.exists() && !target.isDir())
        return fail(QStringLiteral("%1 exists and is not a folder; choose a new folder for the bundle").arg(dirPath));
    if (target.isDir() && !QDir(dirPath).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System))
        return fail(QStringLiteral("the folder %1 is not empty; a bundle goes into a new or empty folder").arg(dirPath));
    const QString parent = target.absolutePath();
    if (!QDir().mkpath(parent))
        return fail(QStringLiteral("cannot create the folder %1").arg(parent));
    const QDir dir(target.absoluteFilePath());
    auto anchor = m_ledger->head();
    if (!anchor)
        return fail(anchor.error());
    auto paper = loadPaperExport(m_store, draftId, *anchor);
    if (!paper)
        return fail(paper.error());
    auto pdf = renderPaperPdf(*paper, options);
    if (!pdf)
        return fail(pdf.error());
    auto contracts = contractFiles(*paper);
    if (!contracts)
        return fail(contracts.error());

    const QString stem = fileStem(paper->draft);
    QList<std::pair<QString, QByteArray>> files;
    files.append({stem + QStringLiteral(".pdf"), *pdf});
    const ExportedArtifact report{QStringLiteral("report"), files.first().first, QStringLiteral("application/pdf"),
                                  sha256Hex(*pdf), pdf->size()};
    auto manifest = paperManifest(*paper, {report});
    if (!manifest)
        return fail(manifest.error());
    files.append({QStringLiteral("paper-manifest-v1.json"), prettyJson(*manifest)});
    for (const ContractFile &c : *contracts)
        files.append({c.fileName, prettyJson(c.json)});
    QByteArray sums;
    for (const auto &[name, bytes] : std::as_const(files))
        sums += sha256Hex(bytes) + "  " + name.toUtf8() + '\n';
    files.append({QStringLiteral("SHA256SUMS"), sums});

    for (const auto &[name, bytes] : std::as_const(files))
        if (m_db->isOwnFile(dir.filePath(name)))
            return fail(QStringLiteral("%1 is the workbench's database file; choose another folder").arg(dir.filePath(name)));

    QStringList written;
    auto writeAll = [&]() -> Status {
        // Staged in a hidden sibling folder (same file system, so the final rename is atomic) that
        // is removed again unless it became the bundle.
        const QString staging = QDir(parent).filePath(
            QStringLiteral(".%1.partial-%2").arg(target.fileName(), QString::number(QRandomGenerator::global()->generate(), 16)));
        if (!QDir().mkdir(staging))
            return fail(QStringLiteral("cannot write in the folder %1").arg(parent));
        bool placed = false;
        const auto cleanup = qScopeGuard([&] {
            if (!placed)
                QDir(staging).removeRecursively();
        });
        for (const auto &[name, bytes] : std::as_const(files)) {
            if (m_exportFault)
                if (auto ok = m_exportFault(name); !ok)
                    return fail(QStringLiteral("cannot write %1: %2").arg(dir.filePath(name), ok.error()));
            if (auto ok = writeAtomically(*m_db, QDir(staging).filePath(name), bytes); !ok)
                return fail(QString(ok.error()).replace(staging, dir.absolutePath()));
        }
        // An empty folder that was already there (made in a folder dialog) gives way to the bundle.
        if (QFileInfo(dir.absolutePath()).isDir() && !QDir().rmdir(dir.absolutePath()))
            return fail(QStringLiteral("cannot replace the empty folder %1").arg(dir.absolutePath()));
        if (!QDir().rename(staging, dir.absolutePath()))
            return fail(QStringLiteral("cannot move the bundle into place at %1").arg(dir.absolutePath()));
        placed = true;
        for (const auto &f : std::as_const(files))
            written.append(dir.filePath(f.first));
        return {};
    };
    if (auto ok = recordExport(draftId, QStringLiteral("bundle"), dir.filePath(QStringLiteral("SHA256SUMS")), sums, writeAll);
        !ok)
        return fail(ok.error());
    return written;
}

} // namespace Sovereign::Pipeline
