#pragma once

// PDF export of a published draft (QtGui only: QPdfWriter + a QTextDocument built with
// QTextCursor). Draft text is untrusted: it only ever enters the document through insertText, so no
// HTML or Markdown is interpreted and nothing (no local image, no javascript: link) is loaded; links
// are made only for http(s) references. Confidence bars are vector drawings of our own
// (a QTextObjectInterface), so the PDF holds no raster image at all. Fonts are embedded by QPdfWriter;
// the fallback chain (Noto, DejaVu) covers Latin, Greek, Cyrillic, Arabic and Hebrew. The ledger head
// goes into the XMP metadata.
//
// loadPaperExport gathers the values (refusing drafts that are not published, with the reason);
// renderPaperPdf is a pure function of those values. Needs a QGuiApplication (fonts).

#include "pipeline/core/settings.h"

#include "models/ledger/ledger.h"
#include "models/storage/store.h"
#include "models/types/types.h"

#include <QByteArray>
#include <QJsonObject>
#include <QUrl>

namespace Sovereign::Pipeline {

struct PdfOptions
{
    enum class Paper { A4, Letter };
    Paper paper = Paper::A4;

    // "export/paper" = "A4" (default) or "Letter".
    static PdfOptions fromSettings();
    static std::optional<Paper> paperFromString(const QString &s);
};

struct ExportSection
{
    enum class Kind { Text, Claims, References };
    QString heading;
    QString text;
    Kind kind = Kind::Text;
};

struct ExportReference
{
    QString label;   // what the draft said (URL text or id)
    QString title;   // from the corpus, when known
    QString arxivId; // versioned, when the link is an arXiv abs link
    QUrl url;        // http(s) only; empty when the draft gave something else
};

struct PaperExport
{
    Models::Draft draft;
    Models::Run run;
    QList<ExportSection> sections;
    QList<Models::Claim> claims;
    QList<Models::Correction> corrections;
    QList<Models::Decision> decisions;
    QList<ExportReference> references;
    QJsonObject publicRecord; // empty when none was computed
    Models::LedgerAnchor anchor;
    double verifyThreshold = DefaultVerifyThreshold; // the run's, from PipelineSettings::fromJson(run.config)
};

// Why a draft cannot be exported, or an empty string when it can.
QString exportRefusal(const Models::Draft &draft);

Models::Result<PaperExport> loadPaperExport(const Models::Store &store, qint64 draftId,
                                            const Models::LedgerAnchor &anchor);
Models::Result<QByteArray> renderPaperPdf(const PaperExport &paper, const PdfOptions &options);

// ---- helpers shared with the manifest export and the tests ----
// Untrusted text made safe to lay out: control characters (except newline and tab) and object
// replacement characters removed, CR/LF normalised.
QString plainText(const QString &untrusted);
// http/https URLs with a host only.
std::optional<QUrl> safeLink(const QString &text);
// Sections from the revision's JSON (section -> text) in paper order, else parsed from the body.
QList<ExportSection> orderedSections(const QJsonObject &sections, const QString &body);
// A contract object inside the record, found by its schema URL suffix (e.g. "quality-tiers-v1").
QJsonObject findContract(const QJsonObject &record, const QString &name);
// Display label of a quality tier enum value ("DOI grade" ...).
QString tierLabel(const QString &tier);
// The date as written on the paper ("May 28, 2026").
QString paperDate(const QDateTime &t);

} // namespace Sovereign::Pipeline
