#include "corpusimport.h"

#include "atom.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QRegularExpression>

namespace Sovereign::Pipeline {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1StringView(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble()) // old snapshots sometimes carry numeric-looking ids as numbers
        return QString::number(v.toDouble(), 'g', 15);
    return {};
}

// "A. Author, B. Author and C. Author" -> names. Used only when authors_parsed is absent.
QStringList splitAuthorString(const QString &text)
{
    QString s = text.simplified();
    s.replace(QRegularExpression(QStringLiteral("\\s+and\\s+")), QStringLiteral(", "));
    QStringList out;
    for (const QString &part : s.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString name = part.trimmed();
        if (!name.isEmpty())
            out.append(name);
    }
    return out;
}

struct Batcher
{
    Models::CorpusStore &store;
    const ImportOptions &options;
    ImportReport &report;
    ImportFileReport &file;
    QList<Models::Paper> pending;
    qint64 bytesRead = 0;
    qint64 bytesTotal = 0;

    bool stopped() const
    {
        return !report.storageError.isEmpty() || (options.cancel && options.cancel->load());
    }

    void problem(qint64 line, const QString &message)
    {
        ++file.broken;
        if (report.problems.size() < options.maxProblems)
            report.problems.append({file.file, line, message});
        else
            ++report.problemsDropped;
    }

    void add(Models::Paper p)
    {
        ++file.records;
        pending.append(std::move(p));
        if (pending.size() >= std::max(1, options.batchSize))
            flush();
    }

    void flush()
    {
        if (pending.isEmpty() || !report.storageError.isEmpty())
            return;
        auto counts = store.upsert(pending, options.mode);
        if (!counts) {
            report.storageError = QStringLiteral("%1: %2").arg(file.file, counts.error());
        } else {
            file.inserted += counts->inserted;
            file.updated += counts->updated;
            file.skipped += counts->skipped;
        }
        pending.clear();
        if (options.progress)
            options.progress({file.file, bytesRead, bytesTotal, file.records, file.inserted, file.broken});
    }
};

void importJsonLines(QIODevice *device, Batcher &b)
{
    qint64 lineNo = 0;
    while (!device->atEnd() && !b.stopped()) {
        const QByteArray raw = device->readLine();
        ++lineNo;
        b.bytesRead += raw.size();
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        if (err.error != QJsonParseError::NoError) {
            b.problem(lineNo, QStringLiteral("invalid JSON: %1 at offset %2").arg(err.errorString()).arg(err.offset));
            continue;
        }
        if (!doc.isObject()) {
            b.problem(lineNo, QStringLiteral("expected a JSON object"));
            continue;
        }
        auto paper = paperFromOaiJson(doc.object(), b.options.origin);
        if (!paper) {
            b.problem(lineNo, paper.error());
            continue;
        }
        b.add(std::move(*paper));
    }
    b.flush();
}

void importAtom(QIODevice *device, Batcher &b)
{
    const AtomFeed feed = parseArxivAtom(device, b.options.origin);
    b.bytesRead = b.bytesTotal;
    if (!feed.ok()) {
        b.file.error = feed.error;
        b.problem(feed.errorLine, feed.error);
        return;
    }
    for (const QString &w : feed.warnings)
        b.problem(0, w);
    for (const Models::Paper &p : feed.papers) {
        if (b.stopped())
            break;
        if (p.title.isEmpty()) {
            b.problem(0, QStringLiteral("entry %1 has no title").arg(p.arxivId));
            continue;
        }
        b.add(p);
    }
    b.flush();
}

void importDevice(Models::CorpusStore &store, QIODevice *device, const QString &name, qint64 size,
                  const ImportOptions &options, ImportReport &report)
{
    ImportFileReport file;
    file.file = name;
    file.format = detectImportFormat(device->peek(4096));
    report.files.append(file);
    ImportFileReport &ref = report.files.last();
    Batcher b{store, options, report, ref, {}, 0, size};
    switch (ref.format) {
    case ImportFormat::JsonLines:
        importJsonLines(device, b);
        break;
    case ImportFormat::Atom:
        importAtom(device, b);
        break;
    case ImportFormat::Unknown:
        ref.error = QStringLiteral("unknown format: neither JSON-lines nor an Atom feed");
        b.problem(0, ref.error);
        break;
    }
    if (options.cancel && options.cancel->load())
        report.cancelled = true;
}

} // namespace

QString toString(ImportFormat f)
{
    switch (f) {
    case ImportFormat::JsonLines:
        return QStringLiteral("jsonl");
    case ImportFormat::Atom:
        return QStringLiteral("atom");
    case ImportFormat::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

ImportFormat detectImportFormat(const QByteArray &head)
{
    qsizetype i = head.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < head.size() && (head.at(i) == ' ' || head.at(i) == '\n' || head.at(i) == '\r' || head.at(i) == '\t'))
        ++i;
    if (i >= head.size())
        return ImportFormat::Unknown;
    if (head.at(i) == '<')
        return ImportFormat::Atom;
    if (head.at(i) == '{')
        return ImportFormat::JsonLines;
    return ImportFormat::Unknown;
}

QString normaliseOaiDate(const QString &text)
{
    const QString t = text.simplified();
    QDateTime dt = QLocale::c().toDateTime(t, QStringLiteral("ddd, d MMM yyyy HH:mm:ss 'GMT'"));
    if (!dt.isValid())
        return t;
    dt.setTimeZone(QTimeZone::UTC);
    return dt.toString(Qt::ISODate);
}

Models::Result<Models::Paper> paperFromOaiJson(const QJsonObject &o, const QString &origin)
{
    Models::Paper p;
    const QString rawId = str(o, "id").trimmed();
    if (rawId.isEmpty())
        return Models::fail(QStringLiteral("record has no \"id\""));
    const ArxivIdParts parts = splitArxivId(rawId);
    p.arxivId = parts.id;
    p.title = str(o, "title").simplified();
    if (p.title.isEmpty())
        return Models::fail(QStringLiteral("record %1 has no \"title\"").arg(rawId));
    p.abstract = str(o, "abstract").simplified();

    const QJsonArray parsed = o.value(QStringLiteral("authors_parsed")).toArray();
    for (const QJsonValue &a : parsed) {
        // [last, first, suffix]
        const QJsonArray n = a.toArray();
        QStringList bits;
        for (int i : {1, 0, 2}) {
            const QString s = n.at(i).toString().simplified();
            if (!s.isEmpty())
                bits.append(s);
        }
        if (!bits.isEmpty())
            p.authors.append(bits.join(QLatin1Char(' ')));
    }
    if (p.authors.isEmpty())
        p.authors = splitAuthorString(str(o, "authors"));

    p.categories = str(o, "categories").split(QLatin1Char(' '), Qt::SkipEmptyParts);
    p.categories.removeDuplicates();
    p.primaryCategory = p.categories.value(0);
    p.doi = str(o, "doi").trimmed();
    p.journalRef = str(o, "journal-ref").simplified();
    p.comments = str(o, "comments").simplified();
    p.updated = str(o, "update_date").trimmed();

    for (const QJsonValue &v : o.value(QStringLiteral("versions")).toArray()) {
        const QJsonObject vo = v.toObject();
        const QString version = vo.value(QStringLiteral("version")).toString().trimmed();
        if (!version.isEmpty())
            p.versions.append({version, vo.value(QStringLiteral("created")).toString().trimmed()});
    }
    if (!p.versions.isEmpty()) {
        p.published = normaliseOaiDate(p.versions.first().created);
        p.latestVersion = p.versions.last().version;
    }
    if (!parts.version.isEmpty())
        p.latestVersion = parts.version;
    if (p.published.isEmpty())
        p.published = p.updated;

    p.origin = origin;
    if (str(o, "origin") == QStringLiteral("demo")) {
        p.origin = QStringLiteral("demo");
        p.isDemo = true;
    }
    return p;
}

qint64 ImportReport::records() const
{
    qint64 n = 0;
    for (const auto &f : files)
        n += f.records;
    return n;
}
qint64 ImportReport::inserted() const
{
    qint64 n = 0;
    for (const auto &f : files)
        n += f.inserted;
    return n;
}
qint64 ImportReport::updated() const
{
    qint64 n = 0;
    for (const auto &f : files)
        n += f.updated;
    return n;
}
qint64 ImportReport::skipped() const
{
    qint64 n = 0;
    for (const auto &f : files)
        n += f.skipped;
    return n;
}
qint64 ImportReport::broken() const
{
    qint64 n = 0;
    for (const auto &f : files)
        n += f.broken;
    return n;
}

QJsonObject ImportReport::toJson() const
{
    QJsonArray fileArray;
    for (const auto &f : files) {
        QJsonObject o{{QStringLiteral("file"), f.file},         {QStringLiteral("format"), toString(f.format)},
                      {QStringLiteral("records"), f.records},   {QStringLiteral("broken"), f.broken},
                      {QStringLiteral("inserted"), f.inserted}, {QStringLiteral("updated"), f.updated},
                      {QStringLiteral("skipped"), f.skipped}};
        if (!f.error.isEmpty())
            o.insert(QStringLiteral("error"), f.error);
        fileArray.append(o);
    }
    QJsonArray problemArray;
    for (const auto &p : problems)
        problemArray.append(QJsonObject{{QStringLiteral("file"), p.file},
                                        {QStringLiteral("line"), p.line},
                                        {QStringLiteral("message"), p.message}});
    QJsonObject o{{QStringLiteral("files"), fileArray},
                  {QStringLiteral("records"), records()},
                  {QStringLiteral("inserted"), inserted()},
                  {QStringLiteral("updated"), updated()},
                  {QStringLiteral("skipped"), skipped()},
                  {QStringLiteral("broken"), broken()},
                  {QStringLiteral("problems"), problemArray},
                  {QStringLiteral("problems_not_listed"), problemsDropped},
                  {QStringLiteral("cancelled"), cancelled},
                  {QStringLiteral("ok"), anythingImported()}};
    if (!storageError.isEmpty())
        o.insert(QStringLiteral("storage_error"), storageError);
    return o;
}

ImportReport importCorpusFiles(Models::CorpusStore &store, const QStringList &files, const ImportOptions &options)
{
    ImportReport report;
    for (const QString &path : files) {
        if (!report.storageError.isEmpty() || (options.cancel && options.cancel->load()))
            break;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            ImportFileReport fr;
            fr.file = path;
            fr.error = QStringLiteral("cannot open: %1").arg(f.errorString());
            report.files.append(fr);
            report.problems.append({path, 0, fr.error});
            continue;
        }
        importDevice(store, &f, path, f.size(), options, report);
    }
    return report;
}

ImportReport importCorpusData(Models::CorpusStore &store, const QByteArray &data, const QString &name,
                              const ImportOptions &options)
{
    ImportReport report;
    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    importDevice(store, &buffer, name, data.size(), options, report);
    return report;
}

} // namespace Sovereign::Pipeline
