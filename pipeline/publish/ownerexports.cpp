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
#include <QSaveFile>

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
    QDir dir(dirPath);
    if (!dir.exists() && !QDir().mkpath(dirPath))
        return fail(QStringLiteral("cannot create the folder %1").arg(dirPath));
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

    QStringList written;
    auto writeAll = [&]() -> Status {
        for (const auto &[name, bytes] : std::as_const(files)) {
            if (auto ok = writeAtomically(*m_db, dir.filePath(name), bytes); !ok)
                return ok;
            written.append(dir.filePath(name));
        }
        return {};
    };
    if (auto ok = recordExport(draftId, QStringLiteral("bundle"), dir.filePath(QStringLiteral("SHA256SUMS")), sums, writeAll);
        !ok)
        return fail(ok.error());
    return written;
}

} // namespace Sovereign::Pipeline
