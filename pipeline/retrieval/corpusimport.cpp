#include "corpusimport.h"

#include "atom.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QRegularExpression>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

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
    qint64 bytesBefore = 0; // of the files before this one
    qint64 allBytesTotal = 0;
    const QElapsedTimer *clock = nullptr;

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
        if (options.progress) {
            ImportProgress p;
            p.file = file.file;
            p.bytesRead = bytesRead;
            p.bytesTotal = bytesTotal;
            p.records = file.records;
            p.inserted = file.inserted;
            p.broken = file.broken;
            p.allBytesRead = bytesBefore + bytesRead;
            p.allBytesTotal = allBytesTotal;
            p.elapsedMs = clock ? clock->elapsed() : 0;
            options.progress(p);
        }
    }
};

// One batch of parsed lines, handed from the parsing thread to the writing one.
struct ParsedChunk
{
    QList<Models::Paper> papers;
    QList<QPair<qint64, QString>> problems; // line, message
    qint64 bytesRead = 0;                   // after this chunk
};

// A bounded hand-over queue: the parser stays at most two batches ahead of the writer.
class ChunkQueue
{
public:
    void push(ParsedChunk chunk)
    {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [this] { return m_chunks.size() < 2 || m_closed; });
        if (m_closed)
            return;
        m_chunks.push_back(std::move(chunk));
        m_ready.notify_one();
    }
    // False when the producer finished and everything was taken.
    bool pop(ParsedChunk &chunk)
    {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [this] { return !m_chunks.empty() || m_done; });
        if (m_chunks.empty())
            return false;
        chunk = std::move(m_chunks.front());
        m_chunks.pop_front();
        m_space.notify_one();
        return true;
    }
    void finish()
    {
        std::lock_guard lock(m_mutex);
        m_done = true;
        m_ready.notify_all();
    }
    // The consumer gives up (cancel, storage error): the producer stops at its next push.
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_space.notify_all();
    }
    bool closed()
    {
        std::lock_guard lock(m_mutex);
        return m_closed;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready, m_space;
    std::deque<ParsedChunk> m_chunks;
    bool m_done = false;
    bool m_closed = false;
};

void parseLines(QIODevice *device, const QString &origin, int batchSize, ChunkQueue &queue)
{
    qint64 lineNo = 0, bytes = 0;
    ParsedChunk chunk;
    while (!device->atEnd() && !queue.closed()) {
        const QByteArray raw = device->readLine();
        ++lineNo;
        bytes += raw.size();
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        if (err.error != QJsonParseError::NoError) {
            chunk.problems.append({lineNo, QStringLiteral("invalid JSON: %1 at offset %2").arg(err.errorString()).arg(err.offset)});
            continue;
        }
        if (!doc.isObject()) {
            chunk.problems.append({lineNo, QStringLiteral("expected a JSON object")});
            continue;
        }
        auto paper = paperFromOaiJson(doc.object(), origin);
        if (!paper) {
            chunk.problems.append({lineNo, paper.error()});
            continue;
        }
        chunk.papers.append(std::move(*paper));
        if (chunk.papers.size() >= batchSize) {
            chunk.bytesRead = bytes;
            queue.push(std::move(chunk));
            chunk = ParsedChunk();
        }
    }
    chunk.bytesRead = bytes;
    queue.push(std::move(chunk));
    queue.finish();
}

void importJsonLines(QIODevice *device, Batcher &b)
{
    ChunkQueue queue;
    std::thread parser(parseLines, device, b.options.origin, std::max(1, b.options.batchSize), std::ref(queue));
    ParsedChunk chunk;
    while (queue.pop(chunk)) {
        if (b.stopped()) {
            queue.close();
            continue; // drain until the parser notices
        }
        for (const auto &[line, message] : std::as_const(chunk.problems))
            b.problem(line, message);
        b.bytesRead = chunk.bytesRead;
        for (Models::Paper &p : chunk.papers)
            b.add(std::move(p));
        b.flush(); // a parsed chunk is one batch, even the short last one
    }
    parser.join();
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

struct ImportRun
{
    qint64 bytesBefore = 0;
    qint64 bytesTotal = 0;
    QElapsedTimer clock;
};

void importDevice(Models::CorpusStore &store, QIODevice *device, const QString &name, qint64 size,
                  const ImportOptions &options, ImportReport &report, ImportRun &run)
{
    ImportFileReport file;
    file.file = name;
    file.format = detectImportFormat(device->peek(4096));
    report.files.append(file);
    ImportFileReport &ref = report.files.last();
    Batcher b{store, options, report, ref, {}, 0, size, run.bytesBefore, run.bytesTotal, &run.clock};
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

namespace {

// "Mon, 2 Apr 2007 19:18:42 GMT" without QDateTime's locale parser, which consults the time zone
// database for every call (most of the import's time at millions of records). Empty when the text
// has another shape.
QString fastOaiDate(const QString &t)
{
    const QStringList parts = t.split(QLatin1Char(' '));
    if (parts.size() != 6 || parts.at(5) != QStringLiteral("GMT") || !parts.at(0).endsWith(QLatin1Char(',')))
        return {};
    static const QStringList months = {QStringLiteral("Jan"), QStringLiteral("Feb"), QStringLiteral("Mar"), QStringLiteral("Apr"),
                                       QStringLiteral("May"), QStringLiteral("Jun"), QStringLiteral("Jul"), QStringLiteral("Aug"),
                                       QStringLiteral("Sep"), QStringLiteral("Oct"), QStringLiteral("Nov"), QStringLiteral("Dec")};
    const int month = int(months.indexOf(parts.at(2))) + 1;
    bool okDay = false, okYear = false;
    const int day = parts.at(1).toInt(&okDay);
    const int year = parts.at(3).toInt(&okYear);
    const QTime time = QTime::fromString(parts.at(4), QStringLiteral("HH:mm:ss"));
    const QDate date(year, month, okDay ? day : 0);
    if (month < 1 || !okYear || !date.isValid() || !time.isValid())
        return {};
    return QStringLiteral("%1T%2Z").arg(date.toString(Qt::ISODate), time.toString(QStringLiteral("HH:mm:ss")));
}

} // namespace

QString normaliseOaiDate(const QString &text)
{
    const QString t = text.simplified();
    if (const QString fast = fastOaiDate(t); !fast.isEmpty())
        return fast;
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

namespace {

bool useBulk(const ImportOptions &options, qint64 bytes)
{
    return options.bulk == BulkMode::On || (options.bulk == BulkMode::Auto && bytes >= options.bulkBytes);
}

// Bulk settings around the import; the index is merged at the end unless the import was stopped
// (the next import merges it then).
template<typename Body>
void withBulk(Models::CorpusStore &store, const ImportOptions &options, ImportReport &report, ImportRun &run, bool bulk, Body body)
{
    if (bulk) {
        if (auto ok = store.beginBulkLoad(); !ok) {
            report.storageError = ok.error();
            return;
        }
    }
    body();
    if (!bulk)
        return;
    const bool finished = report.storageError.isEmpty() && !report.cancelled;
    if (finished && options.progress) {
        ImportProgress p;
        p.phase = ImportProgress::Phase::Optimizing;
        p.file = report.files.isEmpty() ? QString() : report.files.last().file;
        p.bytesRead = p.bytesTotal = report.files.isEmpty() ? 0 : run.bytesTotal;
        p.records = report.records();
        p.inserted = report.inserted();
        p.broken = report.broken();
        p.allBytesRead = p.allBytesTotal = run.bytesTotal;
        p.elapsedMs = run.clock.elapsed();
        options.progress(p);
    }
    if (auto ok = store.finishBulkLoad(finished); !ok && report.storageError.isEmpty())
        report.storageError = ok.error();
}

} // namespace

qint64 ImportProgress::etaSeconds() const
{
    if (allBytesRead <= 0 || allBytesTotal <= 0 || elapsedMs < 500)
        return -1;
    const double rate = double(allBytesRead) / double(elapsedMs); // bytes per ms
    return qint64(double(std::max<qint64>(0, allBytesTotal - allBytesRead)) / rate / 1000.0 + 0.5);
}

ImportReport importCorpusFiles(Models::CorpusStore &store, const QStringList &files, const ImportOptions &options)
{
    ImportReport report;
    ImportRun run;
    run.clock.start();
    for (const QString &path : files)
        run.bytesTotal += QFileInfo(path).size();
    withBulk(store, options, report, run, useBulk(options, run.bytesTotal), [&] {
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
            importDevice(store, &f, path, f.size(), options, report, run);
            run.bytesBefore += f.size();
        }
    });
    return report;
}

ImportReport importCorpusData(Models::CorpusStore &store, const QByteArray &data, const QString &name,
                              const ImportOptions &options)
{
    ImportReport report;
    ImportRun run;
    run.clock.start();
    run.bytesTotal = data.size();
    withBulk(store, options, report, run, useBulk(options, run.bytesTotal), [&] {
        QBuffer buffer;
        buffer.setData(data);
        buffer.open(QIODevice::ReadOnly);
        importDevice(store, &buffer, name, data.size(), options, report, run);
    });
    return report;
}

} // namespace Sovereign::Pipeline
