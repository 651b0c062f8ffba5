#include "corpusstore.h"

#include "models/types/json.h"

#include <QJsonArray>
#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <QRegularExpression>
#include <QSet>
#include <QSqlRecord>
#include <QVariant>

namespace Sovereign::Models {

namespace {

constexpr auto PaperColumns = "id, arxiv_id, latest_version, title, abstract, authors, affiliations, categories, "
                              "primary_category, published, updated, doi, journal_ref, comments, versions, origin, "
                              "is_demo";

QJsonArray toJsonArray(const QStringList &list)
{
    QJsonArray a;
    for (const QString &s : list)
        a.append(s);
    return a;
}

QStringList toStringList(const QJsonArray &a)
{
    QStringList out;
    for (const auto &v : a)
        out.append(v.toString());
    return out;
}

QString versionsJson(const QList<PaperVersion> &versions)
{
    QJsonArray a;
    for (const PaperVersion &v : versions)
        a.append(QJsonObject{{QStringLiteral("version"), v.version}, {QStringLiteral("created"), v.created}});
    return Json::compact(a);
}

Paper readPaper(const QSqlQuery &q)
{
    Paper p;
    p.id = q.value(0).toLongLong();
    p.arxivId = q.value(1).toString();
    p.latestVersion = q.value(2).toString();
    p.title = q.value(3).toString();
    p.abstract = q.value(4).toString();
    p.authors = toStringList(Json::parseArray(q.value(5).toString()));
    p.affiliations = toStringList(Json::parseArray(q.value(6).toString()));
    p.categories = q.value(7).toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    p.primaryCategory = q.value(8).toString();
    p.published = q.value(9).toString();
    p.updated = q.value(10).toString();
    p.doi = q.value(11).toString();
    p.journalRef = q.value(12).toString();
    p.comments = q.value(13).toString();
    const QJsonArray versions = Json::parseArray(q.value(14).toString());
    for (const auto &v : versions) {
        const QJsonObject o = v.toObject();
        p.versions.append({o.value(QStringLiteral("version")).toString(), o.value(QStringLiteral("created")).toString()});
    }
    p.origin = q.value(15).toString();
    p.isDemo = q.value(16).toInt() != 0;
    return p;
}

// Qt binds a null QString as SQL NULL; the corpus columns are NOT NULL with '' defaults.
QString nn(const QString &s) { return s.isNull() ? QStringLiteral("") : s; }

// The stored form of a paper, in column order after "id" (see PaperColumns).
QVariantList rowValues(const Paper &p)
{
    QVariantList v = {p.arxivId,
            p.latestVersion,
            p.title,
            p.abstract,
            Json::compact(toJsonArray(p.authors)),
            Json::compact(toJsonArray(p.affiliations)),
            p.categories.join(QLatin1Char(' ')),
            p.primaryCategory.isEmpty() && !p.categories.isEmpty() ? p.categories.first() : p.primaryCategory,
            p.published,
            p.updated,
            p.doi,
            p.journalRef,
            p.comments,
            versionsJson(p.versions),
            p.origin.isEmpty() ? QStringLiteral("import") : p.origin,
            p.isDemo ? 1 : 0};
    for (QVariant &x : v) {
        if (x.typeId() == QMetaType::QString)
            x = nn(x.toString());
    }
    return v;
}

int versionNumber(const QString &v) { return v.size() > 1 ? v.mid(1).toInt() : 0; }

QString versionlessId(const QString &id)
{
    QString s = id.trimmed();
    const qsizetype abs = s.indexOf(QStringLiteral("/abs/"));
    if (abs >= 0)
        s = s.mid(abs + 5);
    if (s.startsWith(QStringLiteral("arXiv:"), Qt::CaseInsensitive))
        s = s.mid(6);
    static const QRegularExpression versioned(QStringLiteral("v[0-9]+$"));
    return s.remove(versioned);
}

const QSet<QString> &stopWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char *w : {"a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "has",
                              "have", "how", "in", "into", "is", "it", "its", "of", "on", "or", "our", "that", "the",
                              "their", "this", "to", "under", "was", "we", "what", "when", "which", "while", "who",
                              "why", "with", "without", "not", "no", "than", "then", "there", "these", "those"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

} // namespace

CorpusStore::CorpusStore(std::shared_ptr<Database> db) : m_db(std::move(db)) {}

namespace {

// The phrases of free user text, each a space-joined list of lower-case word tokens, stop words and
// repeats removed (see ftsQuery()).
QStringList ftsPhrases(const QString &userText)
{
    static const QRegularExpression word(QStringLiteral("\\w+"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList phrases; // each a list of word tokens joined by spaces
    auto addChunk = [&phrases](const QString &chunk) {
        QStringList words;
        for (auto it = word.globalMatch(chunk); it.hasNext();)
            words.append(it.next().captured(0).toLower());
        if (!words.isEmpty())
            phrases.append(words.join(QLatin1Char(' ')));
    };
    // Split on double quotes: odd segments are phrases the user quoted (a stray quote just ends
    // the text as one more phrase); even segments are split on whitespace, and a hyphenated or
    // dotted token ("Switch-MoE", "gpt-4.1") becomes a phrase of its word parts, as FTS5 indexes it.
    const QStringList segments = userText.split(QLatin1Char('"'));
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (i % 2 == 1) {
            addChunk(segments.at(i));
        } else {
            static const QRegularExpression space(QStringLiteral("\\s+"));
            for (const QString &chunk : segments.at(i).split(space, Qt::SkipEmptyParts))
                addChunk(chunk);
        }
    }
    QStringList kept;
    QSet<QString> seen;
    for (const QString &p : std::as_const(phrases)) {
        if (!seen.contains(p) && !stopWords().contains(p)) {
            seen.insert(p);
            kept.append(p);
        }
    }
    if (kept.isEmpty()) { // a question made only of stop words still searches for them
        for (const QString &p : std::as_const(phrases)) {
            if (!seen.contains(p)) {
                seen.insert(p);
                kept.append(p);
            }
        }
    }
    return kept;
}

QString quotedPhrase(const QString &p) { return QLatin1Char('"') + p + QLatin1Char('"'); }

QString joined(const QStringList &phrases, const QString &op)
{
    QStringList quoted;
    for (const QString &p : phrases)
        quoted.append(quotedPhrase(p));
    return quoted.size() == 1 ? quoted.constFirst() : QLatin1Char('(') + quoted.join(op) + QLatin1Char(')');
}

// Document frequencies of single words from the FTS5 vocabulary. Reading one costs about as much as
// scanning the word's doclist, so they are cached per database file and corpus generation: the
// planner looks the same words up just before the search.
class DfCache
{
public:
    static DfCache &instance()
    {
        static DfCache c;
        return c;
    }
    Result<QHash<QString, qint64>> lookup(const QSqlDatabase &db, const QStringList &words)
    {
        QHash<QString, qint64> out;
        const QString file = db.databaseName();
        const bool cacheable = !file.isEmpty() && !file.startsWith(QLatin1Char(':')) && !file.contains(QStringLiteral("mode=memory"));
        qint64 generation = -1;
        if (cacheable) {
            auto g = prepare(db, QStringLiteral("SELECT value FROM meta WHERE key = 'corpus_generation'"));
            if (g && execPrepared(*g, QStringLiteral("corpus generation")) && g->next())
                generation = g->value(0).toLongLong();
        }
        QStringList missing;
        {
            std::lock_guard lock(m_mutex);
            Entry &e = m_files[file];
            if (e.generation != generation || e.df.size() > 200000) {
                e.generation = generation;
                e.df.clear();
            }
            for (const QString &w : words) {
                const QString term = w.toLower();
                if (out.contains(term))
                    continue;
                const auto it = generation >= 0 ? e.df.constFind(term) : e.df.constEnd();
                if (it != e.df.constEnd())
                    out.insert(term, it.value());
                else if (!missing.contains(term))
                    missing.append(term);
            }
        }
        if (missing.isEmpty())
            return out;
        // A per-connection vocabulary view of the FTS index; temp objects need no schema change.
        if (auto ok = execStatement(db, QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS temp.papers_vocab "
                                                       "USING fts5vocab(main, papers_fts, row)"));
            !ok)
            return fail(ok.error());
        auto q = prepare(db, QStringLiteral("SELECT doc FROM temp.papers_vocab WHERE term = ?"));
        if (!q)
            return fail(q.error());
        QHash<QString, qint64> found;
        for (const QString &term : std::as_const(missing)) {
            q->bindValue(0, term);
            if (auto ok = execPrepared(*q, QStringLiteral("term frequency")); !ok)
                return fail(ok.error());
            found.insert(term, q->next() ? q->value(0).toLongLong() : 0);
            q->finish();
        }
        out.insert(found);
        if (generation >= 0) {
            std::lock_guard lock(m_mutex);
            Entry &e = m_files[file];
            if (e.generation == generation)
                e.df.insert(found);
        }
        return out;
    }

private:
    struct Entry
    {
        qint64 generation = -1;
        QHash<QString, qint64> df;
    };
    std::mutex m_mutex;
    QHash<QString, Entry> m_files;
};

} // namespace

QString CorpusStore::ftsQuery(const QString &userText)
{
    QStringList quoted;
    for (const QString &p : ftsPhrases(userText))
        quoted.append(quotedPhrase(p));
    return quoted.join(QStringLiteral(" OR "));
}

namespace {

constexpr auto InsertColumns = "arxiv_id, latest_version, title, abstract, authors, affiliations, categories, "
                               "primary_category, published, updated, doi, journal_ref, comments, versions, origin, is_demo";

// New papers of a batch, skipping stored ones. The rows are staged in a temporary table and moved
// into papers by ONE statement: SQLite opens a statement savepoint for every statement that writes
// through a trigger to a virtual table, and FTS5 writes its pending terms to disk at each savepoint,
// so one INSERT per paper left one tiny index segment (and the merging that follows) per paper.
Result<UpsertCounts> insertNew(const QSqlDatabase &db, const QList<Paper> &papers)
{
    UpsertCounts counts;
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("corpus upsert: %1").arg(tx.error()));
    if (auto ok = execStatement(db, QStringLiteral("CREATE TEMP TABLE IF NOT EXISTS corpus_staging (n INTEGER PRIMARY KEY, %1)")
                                        .arg(QLatin1StringView(InsertColumns)));
        !ok)
        return fail(QStringLiteral("corpus upsert: %1").arg(ok.error()));
    if (auto ok = execStatement(db, QStringLiteral("DELETE FROM temp.corpus_staging")); !ok)
        return fail(QStringLiteral("corpus upsert: %1").arg(ok.error()));
    auto stage = prepare(db, QStringLiteral("INSERT INTO temp.corpus_staging (n, %1) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                                 .arg(QLatin1StringView(InsertColumns)));
    if (!stage)
        return fail(QStringLiteral("corpus upsert: %1").arg(stage.error()));
    for (qsizetype i = 0; i < papers.size(); ++i) {
        Paper p = papers.at(i);
        p.arxivId = versionlessId(p.arxivId);
        const QVariantList values = rowValues(p);
        stage->bindValue(0, qint64(i));
        for (int c = 0; c < values.size(); ++c)
            stage->bindValue(c + 1, values.at(c));
        if (auto ok = execPrepared(*stage, QStringLiteral("corpus insert %1").arg(p.arxivId)); !ok)
            return fail(ok.error());
    }
    // Staging order is input order, so the first of two rows with one id wins, as one by one.
    auto move = prepare(db, QStringLiteral("INSERT INTO papers (%1) SELECT %1 FROM temp.corpus_staging WHERE true ORDER BY n "
                                           "ON CONFLICT(arxiv_id) DO NOTHING")
                                .arg(QLatin1StringView(InsertColumns)));
    if (!move)
        return fail(QStringLiteral("corpus upsert: %1").arg(move.error()));
    if (auto ok = execPrepared(*move, QStringLiteral("corpus insert")); !ok)
        return fail(ok.error());
    counts.inserted = move->numRowsAffected();
    counts.skipped = int(papers.size()) - counts.inserted;
    auto ids = prepare(db, QStringLiteral("SELECT p.id FROM temp.corpus_staging s JOIN papers p ON p.arxiv_id = s.arxiv_id ORDER BY s.n"));
    if (!ids)
        return fail(QStringLiteral("corpus upsert: %1").arg(ids.error()));
    ids->setForwardOnly(true);
    if (auto ok = execPrepared(*ids, QStringLiteral("corpus ids")); !ok)
        return fail(ok.error());
    counts.ids.reserve(papers.size());
    while (ids->next())
        counts.ids.append(ids->value(0).toLongLong());
    if (auto ok = execStatement(db, QStringLiteral("DELETE FROM temp.corpus_staging")); !ok)
        return fail(QStringLiteral("corpus upsert: %1").arg(ok.error()));
    if (auto ok = tx.commit(); !ok)
        return fail(QStringLiteral("corpus upsert: %1").arg(ok.error()));
    return counts;
}

} // namespace

Result<UpsertCounts> CorpusStore::upsert(const QList<Paper> &papers, UpsertMode mode)
{
    UpsertCounts counts;
    if (papers.isEmpty())
        return counts;
    for (const Paper &p : papers) {
        if (p.arxivId.trimmed().isEmpty())
            return fail(QStringLiteral("paper \"%1\" has no arXiv id").arg(p.title.left(60)));
        if (p.title.trimmed().isEmpty())
            return fail(QStringLiteral("paper %1 has no title").arg(p.arxivId));
    }
    const QSqlDatabase db = m_db->connection();
    if (mode == UpsertMode::SkipExisting)
        return insertNew(db, papers);
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("corpus upsert: %1").arg(tx.error()));
    // Skipping needs only the id; refreshing compares the stored row.
    auto find = prepare(db, QStringLiteral("SELECT %1 FROM papers WHERE arxiv_id = ?")
                                .arg(mode == UpsertMode::SkipExisting ? QStringLiteral("id") : QLatin1StringView(PaperColumns)));
    auto insert = prepare(db, QStringLiteral("INSERT INTO papers (arxiv_id, latest_version, title, abstract, authors, "
                                             "affiliations, categories, primary_category, published, updated, doi, "
                                             "journal_ref, comments, versions, origin, is_demo) "
                                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    auto update = prepare(db, QStringLiteral("UPDATE papers SET latest_version=?, title=?, abstract=?, authors=?, "
                                             "affiliations=?, categories=?, primary_category=?, published=?, updated=?, "
                                             "doi=?, journal_ref=?, comments=?, versions=?, origin=?, is_demo=? "
                                             "WHERE id=?"));
    for (auto *q : {&find, &insert, &update}) {
        if (!*q)
            return fail(QStringLiteral("corpus upsert: %1").arg(q->error()));
    }
    counts.ids.reserve(papers.size());
    for (const Paper &input : papers) {
        Paper p = input;
        p.arxivId = versionlessId(p.arxivId);
        find->bindValue(0, p.arxivId);
        if (auto ok = execPrepared(*find, QStringLiteral("corpus lookup")); !ok)
            return fail(ok.error());
        if (find->next()) {
            const qint64 id = find->value(0).toLongLong();
            if (mode == UpsertMode::SkipExisting) {
                find->finish();
                counts.ids.append(id);
                ++counts.skipped;
                continue;
            }
            QVariantList values = rowValues(p);
            // Keep the version history: a feed often carries only the latest version.
            if (mode == UpsertMode::Refresh) {
                const Paper stored = readPaper(*find);
                QList<PaperVersion> merged = stored.versions;
                for (const PaperVersion &v : std::as_const(p.versions)) {
                    auto same = [&v](const PaperVersion &o) { return o.version == v.version; };
                    if (std::find_if(merged.cbegin(), merged.cend(), same) == merged.cend())
                        merged.append(v);
                }
                std::stable_sort(merged.begin(), merged.end(), [](const PaperVersion &a, const PaperVersion &b) {
                    return versionNumber(a.version) < versionNumber(b.version);
                });
                p.versions = merged;
                values = rowValues(p);
            }
            bool differs = false;
            for (int c = 1; c < values.size() && !differs; ++c)
                differs = find->value(c + 1).toString() != values.at(c).toString();
            const bool older = versionNumber(p.latestVersion) < versionNumber(find->value(2).toString());
            find->finish();
            counts.ids.append(id);
            if (!differs || older) {
                ++counts.skipped;
                continue;
            }
            for (int c = 1; c < values.size(); ++c)
                update->bindValue(c - 1, values.at(c));
            update->bindValue(values.size() - 1, id);
            if (auto ok = execPrepared(*update, QStringLiteral("corpus update %1").arg(p.arxivId)); !ok)
                return fail(ok.error());
            ++counts.updated;
            continue;
        }
        find->finish();
        const QVariantList values = rowValues(p);
        for (int c = 0; c < values.size(); ++c)
            insert->bindValue(c, values.at(c));
        if (auto ok = execPrepared(*insert, QStringLiteral("corpus insert %1").arg(p.arxivId)); !ok)
            return fail(ok.error());
        counts.ids.append(insert->lastInsertId().toLongLong());
        ++counts.inserted;
    }
    if (auto ok = tx.commit(); !ok)
        return fail(QStringLiteral("corpus upsert: %1").arg(ok.error()));
    return counts;
}

Status CorpusStore::beginBulkLoad()
{
    const QSqlDatabase db = m_db->connection();
    for (const char *setting : {"'hashsize', 67108864", "'automerge', 0", "'crisismerge', 64"}) {
        if (auto ok = execStatement(db, QStringLiteral("INSERT INTO papers_fts(papers_fts, rank) VALUES (%1)").arg(QLatin1StringView(setting))); !ok)
            return fail(QStringLiteral("bulk load: %1").arg(ok.error()));
    }
    return {};
}

Status CorpusStore::finishBulkLoad(bool optimize)
{
    const QSqlDatabase db = m_db->connection();
    // FTS5's defaults (1 MB hash, automerge 4, crisismerge 16).
    for (const char *setting : {"'hashsize', 1048576", "'automerge', 4", "'crisismerge', 16"}) {
        if (auto ok = execStatement(db, QStringLiteral("INSERT INTO papers_fts(papers_fts, rank) VALUES (%1)").arg(QLatin1StringView(setting))); !ok)
            return fail(QStringLiteral("bulk load: %1").arg(ok.error()));
    }
    if (optimize) {
        if (auto ok = execStatement(db, QStringLiteral("INSERT INTO papers_fts(papers_fts) VALUES ('optimize')")); !ok)
            return fail(QStringLiteral("optimising the search index: %1").arg(ok.error()));
    }
    return {};
}

Result<Paper> CorpusStore::paper(qint64 id) const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT %1 FROM papers WHERE id = ?").arg(QLatin1StringView(PaperColumns)));
    if (!q)
        return fail(q.error());
    q->addBindValue(id);
    if (auto ok = execPrepared(*q, QStringLiteral("load paper")); !ok)
        return fail(ok.error());
    if (!q->next())
        return fail(QStringLiteral("no paper with id %1").arg(id));
    return readPaper(*q);
}

Result<std::optional<Paper>> CorpusStore::paperByArxivId(const QString &arxivId) const
{
    auto q = prepare(m_db->connection(),
                     QStringLiteral("SELECT %1 FROM papers WHERE arxiv_id = ?").arg(QLatin1StringView(PaperColumns)));
    if (!q)
        return fail(q.error());
    q->addBindValue(versionlessId(arxivId));
    if (auto ok = execPrepared(*q, QStringLiteral("load paper")); !ok)
        return fail(ok.error());
    if (!q->next())
        return std::optional<Paper>();
    return std::optional<Paper>(readPaper(*q));
}

Result<QList<Paper>> CorpusStore::papers(const QList<qint64> &ids) const
{
    QList<Paper> out;
    if (ids.isEmpty())
        return out;
    const QSqlDatabase db = m_db->connection();
    QHash<qint64, Paper> byId;
    // SQLite allows at most 32766 bound parameters; chunk well below that.
    constexpr qsizetype Chunk = 500;
    for (qsizetype start = 0; start < ids.size(); start += Chunk) {
        const QList<qint64> part = ids.mid(start, Chunk);
        QStringList marks(part.size(), QStringLiteral("?"));
        auto q = prepare(db, QStringLiteral("SELECT %1 FROM papers WHERE id IN (%2)")
                                 .arg(QLatin1StringView(PaperColumns), marks.join(QLatin1Char(','))));
        if (!q)
            return fail(q.error());
        for (qint64 id : part)
            q->addBindValue(id);
        if (auto ok = execPrepared(*q, QStringLiteral("load papers")); !ok)
            return fail(ok.error());
        while (q->next()) {
            Paper p = readPaper(*q);
            byId.insert(p.id, p);
        }
    }
    for (qint64 id : ids) {
        if (byId.contains(id))
            out.append(byId.value(id));
    }
    return out;
}

Result<QList<CorpusHit>> CorpusStore::search(const QString &text, int limit) const
{
    return search(m_db->connection(), text, limit);
}

namespace {

struct Scored
{
    qint64 id = 0;
    double s = 0; // bm25: smaller is better
};

// Top `limit` rows of one MATCH expression by bm25 (then rowid), on the FTS index alone.
Result<QList<Scored>> rankFts(const QSqlDatabase &conn, const QString &match, int limit)
{
    QList<Scored> out;
    auto q = prepare(conn, QStringLiteral("SELECT rowid, bm25(papers_fts, %1, %2) AS s FROM papers_fts "
                                          "WHERE papers_fts MATCH ? ORDER BY s, rowid LIMIT ?")
                               .arg(CorpusStore::TitleWeight, 0, 'f', 1)
                               .arg(CorpusStore::AbstractWeight, 0, 'f', 1));
    if (!q)
        return fail(q.error());
    q->setForwardOnly(true);
    q->addBindValue(match);
    q->addBindValue(limit);
    if (auto ok = execPrepared(*q, QStringLiteral("corpus search")); !ok)
        return fail(ok.error());
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toDouble()});
    return out;
}

FtsPlan plan(const QSqlDatabase &conn, const QStringList &phrases, const FtsShape &shape)
{
    FtsPlan t;
    if (phrases.size() < 2 || shape.plainPostings <= 0)
        return t;
    QStringList words;
    for (const QString &p : phrases)
        words += p.split(QLatin1Char(' '));
    auto df = DfCache::instance().lookup(conn, words);
    if (!df)
        return t; // no vocabulary: search plainly
    struct Cost
    {
        QString phrase;
        qint64 postings = 0; // read to match / to count its documents: the sum over its words
        qint64 matches = 0;  // documents it can match at most: its rarest word's
    };
    QList<Cost> costs;
    qint64 total = 0;
    for (const QString &p : phrases) {
        Cost c{p, 0, std::numeric_limits<qint64>::max()};
        for (const QString &w : p.split(QLatin1Char(' '))) {
            c.postings += df->value(w, 0);
            c.matches = std::min(c.matches, df->value(w, 0));
        }
        total += c.postings;
        costs.append(c);
    }
    if (total <= shape.plainPostings)
        return t;
    std::stable_sort(costs.begin(), costs.end(), [](const Cost &a, const Cost &b) { return a.matches < b.matches; });
    qint64 n = 1;
    if (auto q = prepare(conn, QStringLiteral("SELECT max(rowid) FROM papers")); q && execPrepared(*q, QString()) && q->next())
        n = std::max<qint64>(1, q->value(0).toLongLong());
    qsizetype next = 0;
    if (costs.first().matches <= shape.requiredMatches) {
        // Any of the rarest phrases, as many as fit.
        qint64 sum = 0;
        while (next < costs.size() && (next == 0 || sum + costs.at(next).matches <= shape.requiredMatches)) {
            sum += costs.at(next).matches;
            t.required.append(costs.at(next++).phrase);
        }
    } else {
        // Every phrase is common: all of the rarest ones, until (if they were independent) few
        // papers have them all.
        t.requireAll = true;
        double expected = double(n);
        while (next < costs.size() && next < shape.maxRequiredAll && (next < 2 || expected > double(shape.requiredMatches))) {
            expected *= double(costs.at(next).matches) / double(n);
            t.required.append(costs.at(next++).phrase);
        }
        if (next < 2 && next < costs.size()) // a single phrase: nothing to intersect with
            t.required.append(costs.at(next++).phrase);
    }
    qint64 rankingPostings = 0;
    for (; next < costs.size(); ++next) {
        if (rankingPostings + costs.at(next).postings > shape.rankingPostings)
            continue; // too common to be worth counting (bm25 reads its whole doclist for the idf)
        rankingPostings += costs.at(next).postings;
        t.ranking.append(costs.at(next).phrase);
    }
    return t;
}

} // namespace

QString FtsPlan::requiredMatch() const
{
    return joined(required, requireAll ? QStringLiteral(" AND ") : QStringLiteral(" OR "));
}

FtsPlan CorpusStore::searchPlan(const QSqlDatabase &conn, const QString &text, const FtsShape &shape)
{
    return plan(conn, ftsPhrases(text), shape);
}

Result<QList<CorpusHit>> CorpusStore::search(const QSqlDatabase &conn, const QString &text, int limit)
{
    return search(conn, text, limit, FtsShape());
}

Result<QList<CorpusHit>> CorpusStore::search(const QSqlDatabase &conn, const QString &text, int limit, const FtsShape &shape)
{
    QList<CorpusHit> hits;
    const QStringList phrases = ftsPhrases(text);
    if (phrases.isEmpty() || limit <= 0)
        return hits;
    // bm25() is smaller for better matches; rowid breaks ties so equal scores rank stably. The
    // ranking runs on the FTS index alone and only the winners are looked up in papers: joining
    // first would read every matching paper's row (titles and abstracts) just to sort.
    QList<Scored> top;
    const FtsPlan two = plan(conn, phrases, shape);
    if (two.required.isEmpty()) {
        auto r = rankFts(conn, joined(phrases, QStringLiteral(" OR ")), limit);
        if (!r)
            return fail(r.error());
        top = *r;
    } else {
        // FTS5 scores every row a query matches (about 2 us each), so only papers with the
        // required (rare) phrases are scored. A paper's bm25 is a sum over the query's phrases
        // with corpus-wide idf, so "required AND ranking" scores exactly as the OR of all phrases
        // would; papers without any ranking phrase score by the required ones alone. The better
        // of the two scores per paper is its score under the OR of all kept phrases.
        const QString required = two.requiredMatch();
        auto alone = rankFts(conn, required, limit);
        if (!alone)
            return fail(alone.error());
        QHash<qint64, double> best;
        for (const Scored &x : std::as_const(*alone))
            best.insert(x.id, x.s);
        if (!two.ranking.isEmpty()) {
            auto with = rankFts(conn, required + QStringLiteral(" AND ") + joined(two.ranking, QStringLiteral(" OR ")), limit);
            if (!with)
                return fail(with.error());
            for (const Scored &x : std::as_const(*with)) {
                auto it = best.find(x.id);
                if (it == best.end())
                    best.insert(x.id, x.s);
                else
                    it.value() = std::min(it.value(), x.s);
            }
        }
        for (auto it = best.cbegin(); it != best.cend(); ++it)
            top.append({it.key(), it.value()});
        std::sort(top.begin(), top.end(), [](const Scored &a, const Scored &b) { return a.s != b.s ? a.s < b.s : a.id < b.id; });
        if (top.size() > limit)
            top.resize(limit);
    }
    if (top.isEmpty())
        return hits;
    QStringList marks(top.size(), QStringLiteral("?"));
    auto q = prepare(conn, QStringLiteral("SELECT id, arxiv_id, title FROM papers WHERE id IN (%1)").arg(marks.join(QLatin1Char(','))));
    if (!q)
        return fail(q.error());
    for (const Scored &x : std::as_const(top))
        q->addBindValue(x.id);
    if (auto ok = execPrepared(*q, QStringLiteral("corpus search")); !ok)
        return fail(ok.error());
    QHash<qint64, QPair<QString, QString>> rows;
    while (q->next())
        rows.insert(q->value(0).toLongLong(), {q->value(1).toString(), q->value(2).toString()});
    for (const Scored &x : std::as_const(top)) {
        const auto it = rows.constFind(x.id);
        if (it != rows.cend())
            hits.append({x.id, it->first, it->second, -x.s});
    }
    return hits;
}

Result<qint64> CorpusStore::count() const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT count(*) FROM papers"));
    if (!q)
        return fail(q.error());
    if (auto ok = execPrepared(*q, QStringLiteral("count papers")); !ok)
        return fail(ok.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<qint64> CorpusStore::corpusGeneration() const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT value FROM meta WHERE key = 'corpus_generation'"));
    if (!q)
        return fail(q.error());
    if (auto ok = execPrepared(*q, QStringLiteral("corpus generation")); !ok)
        return fail(ok.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<CorpusStats> CorpusStore::stats() const
{
    CorpusStats s;
    const QSqlDatabase db = m_db->connection();
    auto q = prepare(db, QStringLiteral("SELECT count(*), coalesce(sum(is_demo),0), min(nullif(published,'')), "
                                        "max(nullif(published,'')) FROM papers"));
    if (!q)
        return fail(q.error());
    if (auto ok = execPrepared(*q, QStringLiteral("corpus stats")); !ok)
        return fail(ok.error());
    if (q->next()) {
        s.papers = q->value(0).toLongLong();
        s.demoPapers = q->value(1).toLongLong();
        s.earliestPublished = q->value(2).toString();
        s.latestPublished = q->value(3).toString();
    }
    auto c = prepare(db, QStringLiteral("SELECT primary_category, count(*) AS n FROM papers WHERE primary_category <> '' "
                                        "GROUP BY primary_category ORDER BY n DESC, primary_category LIMIT 10"));
    if (!c)
        return fail(c.error());
    if (auto ok = execPrepared(*c, QStringLiteral("corpus categories")); !ok)
        return fail(ok.error());
    while (c->next())
        s.topCategories.append({c->value(0).toString(), c->value(1).toLongLong()});
    auto o = prepare(db, QStringLiteral("SELECT origin, count(*) FROM papers GROUP BY origin"));
    if (!o)
        return fail(o.error());
    if (auto ok = execPrepared(*o, QStringLiteral("corpus origins")); !ok)
        return fail(ok.error());
    while (o->next())
        s.byOrigin.insert(o->value(0).toString(), o->value(1).toLongLong());
    auto g = corpusGeneration();
    if (!g)
        return fail(g.error());
    s.generation = *g;
    return s;
}

Result<QHash<QString, qint64>> CorpusStore::documentFrequencies(const QStringList &terms) const
{
    return DfCache::instance().lookup(m_db->connection(), terms);
}

Result<QList<PaperText>> CorpusStore::allTexts() const
{
    QList<PaperText> out;
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT id, arxiv_id, title, abstract FROM papers ORDER BY id"));
    if (!q)
        return fail(q.error());
    q->setForwardOnly(true);
    if (auto ok = execPrepared(*q, QStringLiteral("load corpus texts")); !ok)
        return fail(ok.error());
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString(), q->value(3).toString()});
    return out;
}

namespace {

Result<QList<PaperText>> readTexts(QSqlQuery &q, const QString &what)
{
    QList<PaperText> out;
    q.setForwardOnly(true);
    if (auto ok = execPrepared(q, what); !ok)
        return fail(ok.error());
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    return out;
}

} // namespace

Result<QList<PaperText>> CorpusStore::textsAfter(qint64 afterId, int limit) const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT id, arxiv_id, title, abstract FROM papers WHERE id > ? ORDER BY id LIMIT ?"));
    if (!q)
        return fail(q.error());
    q->addBindValue(afterId);
    q->addBindValue(limit);
    return readTexts(*q, QStringLiteral("load corpus texts"));
}

Result<QList<PaperText>> CorpusStore::sampleTexts(int count) const
{
    const QSqlDatabase db = m_db->connection();
    auto span = prepare(db, QStringLiteral("SELECT min(id), max(id) FROM papers"));
    if (!span)
        return fail(span.error());
    if (auto ok = execPrepared(*span, QStringLiteral("corpus id range")); !ok)
        return fail(ok.error());
    if (!span->next() || span->value(0).isNull() || count <= 0)
        return QList<PaperText>();
    const qint64 lo = span->value(0).toLongLong(), hi = span->value(1).toLongLong();
    const qint64 width = hi - lo + 1;
    if (width <= count)
        return textsAfter(lo - 1, int(width));
    QList<PaperText> out;
    constexpr int Chunk = 500;
    for (int start = 0; start < count; start += Chunk) {
        const int n = std::min(Chunk, count - start);
        QStringList marks(n, QStringLiteral("?"));
        auto q = prepare(db, QStringLiteral("SELECT id, arxiv_id, title, abstract FROM papers WHERE id IN (%1) ORDER BY id")
                                 .arg(marks.join(QLatin1Char(','))));
        if (!q)
            return fail(q.error());
        for (int k = start; k < start + n; ++k)
            q->addBindValue(lo + qint64(double(k) * double(width) / double(count)));
        auto part = readTexts(*q, QStringLiteral("sample corpus texts"));
        if (!part)
            return fail(part.error());
        out.append(*part);
    }
    return out;
}

namespace {

QByteArray packFloats(const QList<float> &v)
{
    QByteArray out(v.size() * qsizetype(sizeof(float)), Qt::Uninitialized);
    char *p = out.data();
    for (float f : v) {
        quint32 bits;
        std::memcpy(&bits, &f, sizeof bits);
        qToLittleEndian(bits, p);
        p += sizeof bits;
    }
    return out;
}

QList<float> unpackFloats(const QByteArray &b)
{
    QList<float> out(b.size() / qsizetype(sizeof(float)));
    const char *p = b.constData();
    for (float &f : out) {
        const quint32 bits = qFromLittleEndian<quint32>(p);
        std::memcpy(&f, &bits, sizeof f);
        p += sizeof bits;
    }
    return out;
}

Status insertVectors(const QSqlDatabase &db, const QString &name, int dim, const QHash<qint64, QList<float>> &vectors)
{
    auto q = prepare(db, QStringLiteral("INSERT OR REPLACE INTO embeddings (embedder, paper_id, dim, vector) VALUES (?,?,?,?)"));
    if (!q)
        return fail(q.error());
    for (auto it = vectors.cbegin(); it != vectors.cend(); ++it) {
        if (it.value().size() != dim)
            return fail(QStringLiteral("vector for paper %1 has %2 dimensions, embedder %3 has %4")
                            .arg(it.key())
                            .arg(it.value().size())
                            .arg(name)
                            .arg(dim));
        q->bindValue(0, name);
        q->bindValue(1, it.key());
        q->bindValue(2, dim);
        q->bindValue(3, packFloats(it.value()));
        if (auto ok = execPrepared(*q, QStringLiteral("store embedding")); !ok)
            return ok;
    }
    return {};
}

} // namespace

Result<std::optional<EmbedderRecord>> CorpusStore::embedder(const QString &name) const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT name, dim, corpus_generation, params FROM embedders WHERE name = ?"));
    if (!q)
        return fail(q.error());
    q->addBindValue(name);
    if (auto ok = execPrepared(*q, QStringLiteral("load embedder")); !ok)
        return fail(ok.error());
    if (!q->next())
        return std::optional<EmbedderRecord>();
    return std::optional<EmbedderRecord>(
        EmbedderRecord{q->value(0).toString(), q->value(1).toInt(), q->value(2).toLongLong(), q->value(3).toByteArray()});
}

Status CorpusStore::saveEmbedder(const EmbedderRecord &record, const QHash<qint64, QList<float>> &vectors, bool replaceVectors)
{
    if (record.name.isEmpty() || record.dim <= 0)
        return fail(QStringLiteral("an embedder needs a name and a positive dimension"));
    const QSqlDatabase db = m_db->connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store embedder: %1").arg(tx.error()));
    if (replaceVectors) {
        for (const QString &table : {QStringLiteral("embeddings"), QStringLiteral("embedding_codes")}) {
            auto d = prepare(db, QStringLiteral("DELETE FROM %1 WHERE embedder = ?").arg(table));
            if (!d)
                return fail(d.error());
            d->addBindValue(record.name);
            if (auto ok = execPrepared(*d, QStringLiteral("drop old embeddings")); !ok)
                return ok;
        }
    }
    auto q = prepare(db, QStringLiteral("INSERT INTO embedders (name, dim, corpus_generation, params) VALUES (?,?,?,?) "
                                        "ON CONFLICT(name) DO UPDATE SET dim = excluded.dim, "
                                        "corpus_generation = excluded.corpus_generation, params = excluded.params"));
    if (!q)
        return fail(q.error());
    q->addBindValue(record.name);
    q->addBindValue(record.dim);
    q->addBindValue(record.corpusGeneration);
    q->addBindValue(record.params.isNull() ? QByteArray("") : record.params);
    if (auto ok = execPrepared(*q, QStringLiteral("store embedder")); !ok)
        return ok;
    if (auto ok = insertVectors(db, record.name, record.dim, vectors); !ok)
        return ok;
    return tx.commit();
}

Status CorpusStore::saveEmbeddings(const QString &embedderName, int dim, const QHash<qint64, QList<float>> &vectors)
{
    const QSqlDatabase db = m_db->connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store embeddings: %1").arg(tx.error()));
    auto e = embedder(embedderName);
    if (!e)
        return fail(e.error());
    if (!e->has_value())
        return fail(QStringLiteral("no embedder named %1").arg(embedderName));
    if ((*e)->dim != dim)
        return fail(QStringLiteral("embedder %1 has %2 dimensions, not %3").arg(embedderName).arg((*e)->dim).arg(dim));
    if (auto ok = insertVectors(db, embedderName, dim, vectors); !ok)
        return ok;
    return tx.commit();
}

void CorpusStore::quantize(const float *v, int dim, float *scale, qint8 *codes)
{
    float maxAbs = 0;
    for (int i = 0; i < dim; ++i)
        maxAbs = std::max(maxAbs, std::abs(v[i]));
    *scale = maxAbs > 0 ? maxAbs / 127.0f : 0.0f;
    const float inv = maxAbs > 0 ? 127.0f / maxAbs : 0.0f;
    for (int i = 0; i < dim; ++i)
        codes[i] = qint8(std::clamp(std::lround(v[i] * inv), -127L, 127L));
}

Status CorpusStore::saveQuantizedEmbeddings(const QString &embedderName, int dim, const QList<qint64> &ids, const float *vectors)
{
    const QSqlDatabase db = m_db->connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store embeddings: %1").arg(tx.error()));
    auto q = prepare(db, QStringLiteral("INSERT OR REPLACE INTO embedding_codes (embedder, paper_id, scale, codes) VALUES (?,?,?,?)"));
    if (!q)
        return fail(q.error());
    QByteArray codes(dim, Qt::Uninitialized);
    for (qsizetype i = 0; i < ids.size(); ++i) {
        float scale = 0;
        quantize(vectors + size_t(i) * size_t(dim), dim, &scale, reinterpret_cast<qint8 *>(codes.data()));
        q->bindValue(0, embedderName);
        q->bindValue(1, ids.at(i));
        q->bindValue(2, double(scale));
        q->bindValue(3, codes);
        if (auto ok = execPrepared(*q, QStringLiteral("store embedding")); !ok)
            return ok;
    }
    return tx.commit();
}

Status CorpusStore::forEachQuantizedEmbedding(const QString &embedderName, int dim,
                                              const std::function<void(qint64, float, const qint8 *)> &f) const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT paper_id, scale, codes FROM embedding_codes WHERE embedder = ? ORDER BY paper_id"));
    if (!q)
        return fail(q.error());
    q->setForwardOnly(true);
    q->addBindValue(embedderName);
    if (auto ok = execPrepared(*q, QStringLiteral("load embeddings")); !ok)
        return ok;
    while (q->next()) {
        const QByteArray b = q->value(2).toByteArray();
        if (b.size() != qsizetype(dim))
            return fail(QStringLiteral("stored vector of paper %1 (%2) has %3 dimensions, expected %4")
                            .arg(q->value(0).toLongLong())
                            .arg(embedderName)
                            .arg(b.size())
                            .arg(dim));
        f(q->value(0).toLongLong(), float(q->value(1).toDouble()), reinterpret_cast<const qint8 *>(b.constData()));
    }
    return {};
}

Result<qint64> CorpusStore::embeddingCount(const QString &embedderName) const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT (SELECT count(*) FROM embeddings WHERE embedder = ?) + "
                                                        "(SELECT count(*) FROM embedding_codes WHERE embedder = ?)"));
    if (!q)
        return fail(q.error());
    q->addBindValue(embedderName);
    q->addBindValue(embedderName);
    if (auto ok = execPrepared(*q, QStringLiteral("count embeddings")); !ok)
        return fail(ok.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QHash<qint64, QList<float>>> CorpusStore::embeddings(const QString &embedderName, int dim, const QList<qint64> &ids) const
{
    QHash<qint64, QList<float>> out;
    const QSqlDatabase db = m_db->connection();
    // Float vectors and compact ones (dequantized) alike; a compact vector's dimension is its length.
    // Bound twice: once per table (name, then the ids).
    auto query = [&db](const QString &papers) {
        return prepare(db, QStringLiteral("SELECT paper_id, dim, vector, NULL FROM embeddings WHERE embedder = ?%1 UNION ALL "
                                          "SELECT paper_id, length(codes), codes, scale FROM embedding_codes WHERE embedder = ?%1")
                               .arg(papers));
    };
    auto read = [&](QSqlQuery &q) -> Status {
        if (auto ok = execPrepared(q, QStringLiteral("load embeddings")); !ok)
            return ok;
        while (q.next()) {
            if (q.value(1).toInt() != dim)
                return fail(QStringLiteral("stored vectors of %1 have %2 dimensions, expected %3").arg(embedderName).arg(q.value(1).toInt()).arg(dim));
            const QByteArray blob = q.value(2).toByteArray();
            if (q.value(3).isNull()) {
                out.insert(q.value(0).toLongLong(), unpackFloats(blob));
                continue;
            }
            const float scale = float(q.value(3).toDouble());
            QList<float> v(dim);
            for (int i = 0; i < dim; ++i)
                v[i] = scale * float(qint8(blob.at(i)));
            out.insert(q.value(0).toLongLong(), v);
        }
        return {};
    };
    if (ids.isEmpty()) {
        auto q = query(QString());
        if (!q)
            return fail(q.error());
        q->setForwardOnly(true);
        q->addBindValue(embedderName);
        q->addBindValue(embedderName);
        if (auto ok = read(*q); !ok)
            return fail(ok.error());
        return out;
    }
    constexpr qsizetype Chunk = 500;
    for (qsizetype start = 0; start < ids.size(); start += Chunk) {
        const QList<qint64> part = ids.mid(start, Chunk);
        QStringList marks(part.size(), QStringLiteral("?"));
        auto q = query(QStringLiteral(" AND paper_id IN (%1)").arg(marks.join(QLatin1Char(','))));
        if (!q)
            return fail(q.error());
        for (int table = 0; table < 2; ++table) {
            q->addBindValue(embedderName);
            for (qint64 id : part)
                q->addBindValue(id);
        }
        if (auto ok = read(*q); !ok)
            return fail(ok.error());
    }
    return out;
}

} // namespace Sovereign::Models
