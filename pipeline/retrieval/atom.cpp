#include "atom.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace Sovereign::Pipeline {

namespace {

const QString AtomNs = QStringLiteral("http://www.w3.org/2005/Atom");
const QString OpenSearchNs = QStringLiteral("http://a9.com/-/spec/opensearch/1.1/");
const QString ArxivNs = QStringLiteral("http://arxiv.org/schemas/atom");

bool is(const QXmlStreamReader &xml, const QString &ns, QLatin1StringView name)
{
    return xml.namespaceUri() == ns && xml.name() == name;
}

QString readText(QXmlStreamReader &xml)
{
    return xml.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
}

AtomAuthor readAuthor(QXmlStreamReader &xml)
{
    AtomAuthor a;
    while (xml.readNextStartElement()) {
        if (is(xml, AtomNs, QLatin1StringView("name")))
            a.name = readText(xml);
        else if (is(xml, ArxivNs, QLatin1StringView("affiliation"))) {
            const QString aff = readText(xml);
            if (!aff.isEmpty())
                a.affiliations.append(aff);
        } else
            xml.skipCurrentElement();
    }
    return a;
}

AtomEntry readEntry(QXmlStreamReader &xml)
{
    AtomEntry e;
    QString rawId;
    while (xml.readNextStartElement()) {
        if (is(xml, AtomNs, QLatin1StringView("id"))) {
            rawId = readText(xml);
        } else if (is(xml, AtomNs, QLatin1StringView("published"))) {
            e.published = readText(xml);
        } else if (is(xml, AtomNs, QLatin1StringView("updated"))) {
            e.updated = readText(xml);
        } else if (is(xml, AtomNs, QLatin1StringView("title"))) {
            e.title = readText(xml);
        } else if (is(xml, AtomNs, QLatin1StringView("summary"))) {
            e.summary = readText(xml);
        } else if (is(xml, AtomNs, QLatin1StringView("author"))) {
            e.authors.append(readAuthor(xml));
        } else if (is(xml, AtomNs, QLatin1StringView("category"))) {
            const QString term = xml.attributes().value(QStringLiteral("term")).toString().trimmed();
            if (!term.isEmpty() && !e.categories.contains(term))
                e.categories.append(term);
            xml.skipCurrentElement();
        } else if (is(xml, ArxivNs, QLatin1StringView("primary_category"))) {
            e.primaryCategory = xml.attributes().value(QStringLiteral("term")).toString().trimmed();
            xml.skipCurrentElement();
        } else if (is(xml, AtomNs, QLatin1StringView("link"))) {
            const auto at = xml.attributes();
            AtomLink l{at.value(QStringLiteral("href")).toString(), at.value(QStringLiteral("rel")).toString(),
                       at.value(QStringLiteral("type")).toString(), at.value(QStringLiteral("title")).toString()};
            if (l.title == QStringLiteral("pdf") || l.type == QStringLiteral("application/pdf"))
                e.pdfUrl = l.href;
            else if (l.title == QStringLiteral("doi"))
                e.doiUrl = l.href;
            else if (l.rel == QStringLiteral("alternate") || (l.rel.isEmpty() && e.absUrl.isEmpty()))
                e.absUrl = l.href;
            e.links.append(l);
            xml.skipCurrentElement();
        } else if (is(xml, ArxivNs, QLatin1StringView("comment"))) {
            e.comment = readText(xml);
        } else if (is(xml, ArxivNs, QLatin1StringView("journal_ref"))) {
            e.journalRef = readText(xml);
        } else if (is(xml, ArxivNs, QLatin1StringView("doi"))) {
            e.doi = readText(xml);
        } else {
            xml.skipCurrentElement();
        }
    }
    e.versionedId = rawId;
    const qsizetype abs = rawId.indexOf(QStringLiteral("/abs/"));
    if (abs >= 0)
        e.versionedId = rawId.mid(abs + 5);
    const ArxivIdParts parts = splitArxivId(e.versionedId);
    e.arxivId = parts.id;
    e.version = parts.version;
    // The primary category leads the list, as in the corpus schema.
    if (!e.primaryCategory.isEmpty()) {
        e.categories.removeAll(e.primaryCategory);
        e.categories.prepend(e.primaryCategory);
    } else if (!e.categories.isEmpty()) {
        e.primaryCategory = e.categories.first();
    }
    return e;
}

// arXiv answers a bad query with HTTP 200 and one entry whose id is http://arxiv.org/api/errors#...
bool isErrorEntry(const AtomEntry &e)
{
    return e.versionedId.contains(QStringLiteral("api/errors")) || e.arxivId.contains(QStringLiteral("api/errors"));
}

} // namespace

ArxivIdParts splitArxivId(const QString &idOrUrl)
{
    QString s = idOrUrl.trimmed();
    const qsizetype abs = s.indexOf(QStringLiteral("/abs/"));
    if (abs >= 0)
        s = s.mid(abs + 5);
    if (s.startsWith(QStringLiteral("arXiv:"), Qt::CaseInsensitive))
        s = s.mid(6);
    static const QRegularExpression versioned(QStringLiteral("^(.+?)(v[0-9]+)$"));
    const auto m = versioned.match(s);
    if (m.hasMatch())
        return {m.captured(1), m.captured(2)};
    return {s, {}};
}

bool isArxivId(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^(?:[0-9]{4}\\.[0-9]{4,5}|[a-z][a-z.-]*[a-z](?:\\.[A-Z]{2})?/[0-9]{7})$"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(splitArxivId(text).id).hasMatch();
}

Models::Paper AtomEntry::toPaper(const QString &origin) const
{
    Models::Paper p;
    p.arxivId = arxivId;
    p.latestVersion = version;
    p.title = title;
    p.abstract = summary;
    bool anyAffiliation = false;
    for (const AtomAuthor &a : authors) {
        p.authors.append(a.name);
        anyAffiliation = anyAffiliation || !a.affiliations.isEmpty();
    }
    if (anyAffiliation) {
        for (const AtomAuthor &a : authors)
            p.affiliations.append(a.affiliations.join(QStringLiteral("; ")));
    }
    p.categories = categories;
    p.primaryCategory = primaryCategory;
    p.published = published;
    p.updated = updated;
    p.doi = doi;
    p.journalRef = journalRef;
    p.comments = comment;
    // The feed dates the first version (published) and the latest one (updated) only.
    if (version == QStringLiteral("v1") || (!version.isEmpty() && published.isEmpty())) {
        p.versions.append({version, published.isEmpty() ? updated : published});
    } else if (!version.isEmpty()) {
        p.versions.append({QStringLiteral("v1"), published});
        p.versions.append({version, updated.isEmpty() ? published : updated});
    }
    p.origin = origin;
    return p;
}

AtomFeed parseArxivAtom(QIODevice *device, const QString &origin)
{
    AtomFeed feed;
    QXmlStreamReader xml(device);
    bool sawFeed = false;
    auto setXmlError = [&feed, &xml](const QString &what) {
        feed.error = QStringLiteral("%1 at line %2, column %3").arg(what).arg(xml.lineNumber()).arg(xml.columnNumber());
        feed.errorLine = xml.lineNumber();
        feed.errorColumn = xml.columnNumber();
    };

    if (xml.readNextStartElement()) {
        if (!is(xml, AtomNs, QLatin1StringView("feed"))) {
            setXmlError(QStringLiteral("not an Atom feed (root element <%1>)").arg(xml.qualifiedName().toString()));
            return feed;
        }
        sawFeed = true;
        while (xml.readNextStartElement()) {
            if (is(xml, AtomNs, QLatin1StringView("entry"))) {
                AtomEntry e = readEntry(xml);
                if (xml.hasError())
                    break;
                if (isErrorEntry(e) || (e.title == QStringLiteral("Error") && e.arxivId.isEmpty())) {
                    feed.isApiError = true;
                    feed.error = QStringLiteral("arXiv API error: %1")
                                     .arg(e.summary.isEmpty() ? e.versionedId : e.summary);
                    continue;
                }
                if (e.arxivId.isEmpty()) {
                    feed.warnings.append(QStringLiteral("entry without an id skipped (line %1)").arg(xml.lineNumber()));
                    continue;
                }
                feed.entries.append(e);
            } else if (is(xml, OpenSearchNs, QLatin1StringView("totalResults"))) {
                feed.totalResults = readText(xml).toLongLong();
            } else if (is(xml, OpenSearchNs, QLatin1StringView("startIndex"))) {
                feed.startIndex = readText(xml).toLongLong();
            } else if (is(xml, OpenSearchNs, QLatin1StringView("itemsPerPage"))) {
                feed.itemsPerPage = readText(xml).toLongLong();
            } else if (is(xml, AtomNs, QLatin1StringView("title"))) {
                feed.feedTitle = readText(xml);
            } else if (is(xml, AtomNs, QLatin1StringView("updated"))) {
                feed.feedUpdated = readText(xml);
            } else {
                xml.skipCurrentElement();
            }
        }
        // Anything after </feed> (other than whitespace or comments) is an error too.
        while (!xml.atEnd() && !xml.hasError())
            xml.readNext();
    }
    if (xml.hasError()) {
        const QString what = xml.error() == QXmlStreamReader::PrematureEndOfDocumentError
                                 ? QStringLiteral("truncated XML (%1)").arg(xml.errorString())
                                 : QStringLiteral("invalid XML (%1)").arg(xml.errorString());
        setXmlError(what);
        feed.isApiError = false;
        feed.entries.clear();
        return feed;
    }
    if (!sawFeed) {
        feed.error = QStringLiteral("empty document: no Atom feed");
        return feed;
    }
    if (feed.isApiError) {
        feed.entries.clear();
        return feed;
    }
    for (const AtomEntry &e : std::as_const(feed.entries))
        feed.papers.append(e.toPaper(origin));
    return feed;
}

AtomFeed parseArxivAtom(const QByteArray &xml, const QString &origin)
{
    QBuffer buffer;
    buffer.setData(xml);
    buffer.open(QIODevice::ReadOnly);
    return parseArxivAtom(&buffer, origin);
}

} // namespace Sovereign::Pipeline
