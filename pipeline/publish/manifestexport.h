#pragma once

// JSON exports of a published draft: the paper manifest (our documented extension of
// paper-manifest-v1, whose schema could not be recovered) holding the contract objects of the
// public record (quality-tiers-v1, quality-dimensions-v1, verification-levels-v1,
// correction-record-v1, source-provenance-v1) plus the ledger anchor. Pure functions over
// PaperExport; they fail with a reason when the stored public record lacks a contract object or is
// older than the corrections (rebuild it first).

#include "pdfexport.h"

#include <QJsonObject>

namespace Sovereign::Pipeline {

struct ContractFile
{
    QString fileName; // e.g. "quality-tiers-v1.json"
    QJsonObject json;
};

struct ExportedArtifact
{
    QString type;      // "report"
    QString fileName;  // e.g. "SRCH-0A1B2C3D.pdf"
    QString mediaType; // "application/pdf"
    QByteArray sha256; // hex
    qint64 bytes = 0;
};

inline constexpr auto ManifestSchema = "https://assignee.net/schemas/paper-manifest-v1";
inline constexpr auto ManifestContractVersion = "1.1";

// The contract objects of the record, one file each, in a fixed order.
Models::Result<QList<ContractFile>> contractFiles(const PaperExport &paper);
// The paper manifest with every contract object under "contracts".
Models::Result<QJsonObject> paperManifest(const PaperExport &paper, const QList<ExportedArtifact> &artifacts);
// "SRCH-0A1B2C3D" (a file-name-safe SRCH id).
QString fileStem(const Models::Draft &draft);

} // namespace Sovereign::Pipeline
