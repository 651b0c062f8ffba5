#pragma once

// Parser for arXiv API Atom feeds (export.arxiv.org/api/query) with QXmlStreamReader. It is
// namespace-aware (Atom, OpenSearch, arxiv extensions are matched by namespace URI, not prefix) and
// never throws: a broken feed, a truncated document or arXiv's HTTP-200 "Error" entry comes back as
// AtomFeed::error (with line/column for XML errors) and no papers.

#include "models/types/types.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

class QIODevice;

namespace Sovereign::Pipeline {

struct AtomAuthor
{
    QString name;
    QStringList affiliations; // arxiv:affiliation, in document order
};

struct AtomLink
{
    QString href;
    QString rel;   // alternate, related, ...
    QString type;  // text/html, application/pdf ...
    QString title; // pdf, doi ...
};

struct AtomEntry
{
    QString versionedId; // 2401.01234v2 or hep-th/9901001v1
    QString arxivId;     // version-less: 2401.01234
    QString version;     // v2 (empty if the id carried none)
    QString published;   // as given (ISO-8601)
    QString updated;
    QString title;   // whitespace collapsed
    QString summary; // whitespace collapsed
    QList<AtomAuthor> authors;
    QStringList categories; // primary first, no duplicates
    QString primaryCategory;
    QString absUrl;
    QString pdfUrl;
    QString doiUrl;
    QList<AtomLink> links;
    QString comment;    // arxiv:comment
    QString journalRef; // arxiv:journal_ref
    QString doi;        // arxiv:doi

    // The corpus row for this entry. Paper::affiliations is empty or has one entry per author
    // (that author's affiliations joined with "; ").
    Models::Paper toPaper(const QString &origin = QStringLiteral("arxiv")) const;
};

struct AtomFeed
{
    QList<AtomEntry> entries;
    QList<Models::Paper> papers; // entries converted with AtomEntry::toPaper(origin)
    // OpenSearch totals; -1 when the feed did not carry them.
    qint64 totalResults = -1;
    qint64 startIndex = -1;
    qint64 itemsPerPage = -1;
    QString feedTitle;
    QString feedUpdated;
    // Empty on success. Set for malformed or truncated XML ("... at line L, column C"), for a document
    // that is not an Atom feed, and for arXiv's error entry ("arXiv API error: <message>").
    QString error;
    qint64 errorLine = 0;
    qint64 errorColumn = 0;
    bool isApiError = false;
    QStringList warnings; // entries that were skipped (e.g. no id), the feed is still usable

    bool ok() const { return error.isEmpty(); }
};

// Parses a whole feed. origin is stored in every Paper (e.g. "arxiv" or "import").
AtomFeed parseArxivAtom(const QByteArray &xml, const QString &origin = QStringLiteral("arxiv"));
AtomFeed parseArxivAtom(QIODevice *device, const QString &origin = QStringLiteral("arxiv"));

// "http://arxiv.org/abs/2401.01234v2" or "2401.01234v2" -> {"2401.01234", "v2"}.
struct ArxivIdParts
{
    QString id;
    QString version;
};
ArxivIdParts splitArxivId(const QString &idOrUrl);

// True if the text looks like an arXiv identifier (new style 2401.01234 or old style hep-th/9901001),
// with or without a version suffix.
bool isArxivId(const QString &text);

} // namespace Sovereign::Pipeline
