// The offline arXiv at small scale: the OAI snapshot generator (deterministic, snapshot-shaped,
// importable), the bulk import path against the per-batch trigger path (same search results on a
// 10,000-paper sample), resuming an interrupted bulk import, and the int8 semantic index against
// brute-force float search with the same model (same top-10).
#include "models/storage/corpusstore.h"
#include "oaigenerator.h"
#include "pipeline/golden.h"
#include "pipeline/retrieval/corpusimport.h"
#include "pipeline/retrieval/embedder.h"
#include "pipeline/retrieval/queryplanner.h"
#include "pipeline/retrieval/semanticindex.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Sovereign;
using namespace Sovereign::Pipeline;

namespace {

QString writeSnapshot(const QTemporaryDir &dir, qint64 records, quint64 seed = 20261203)
{
    Bench::OaiGeneratorOptions o;
    o.records = records;
    o.seed = seed;
    const QString path = dir.filePath(QStringLiteral("oai-%1-%2.jsonl").arg(records).arg(seed));
    std::string error;
    if (!Bench::OaiGenerator(o).writeFile(path.toStdString(), &error))
        qFatal("cannot write the snapshot: %s", error.c_str());
    return path;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Questions made from sampled papers, as the benchmark makes them.
QList<QPair<QString, QString>> questions(const Models::CorpusStore &store, int count)
{
    QList<QPair<QString, QString>> out;
    const auto sample = store.sampleTexts(count);
    for (const auto &p : *sample) {
        const QStringList w = contentWords(p.abstract);
        if (w.size() >= 8)
            out.append({QStringLiteral("How does %1 %2 affect %3?").arg(w.at(1), w.at(2), w.at(w.size() / 2)), p.title});
    }
    return out;
}

} // namespace

class TestOfflineCorpus : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void generatorIsDeterministicAndSnapshotShaped()
    {
        QTemporaryDir dir;
        const QByteArray a = readAll(writeSnapshot(dir, 3000));
        QCOMPARE(readAll(writeSnapshot(dir, 3000)), a);               // same seed, same bytes
        QVERIFY(readAll(writeSnapshot(dir, 3000, 7)) != a);          // another seed, another file
        const QList<QByteArray> lines = a.trimmed().split('\n');
        QCOMPARE(lines.size(), 3000);
        QSet<QString> ids, primaries;
        std::vector<int> abstractWords, titleWords, authors;
        int oldStyle = 0, multiVersion = 0, crossListed = 0;
        for (const QByteArray &line : lines) {
            QJsonParseError err{};
            const QJsonObject o = QJsonDocument::fromJson(line, &err).object();
            QVERIFY2(err.error == QJsonParseError::NoError, line.left(200).constData());
            for (const char *key : {"id", "submitter", "authors", "title", "comments", "journal-ref", "doi", "report-no",
                                    "categories", "license", "abstract", "versions", "update_date", "authors_parsed"})
                QVERIFY2(o.contains(QLatin1StringView(key)), key);
            const QString id = o.value(u"id").toString();
            QVERIFY2(!ids.contains(id), qPrintable(id));
            ids.insert(id);
            oldStyle += id.contains(QLatin1Char('/')) ? 1 : 0;
            const QStringList cats = o.value(u"categories").toString().split(QLatin1Char(' '));
            primaries.insert(cats.first());
            crossListed += cats.size() > 1 ? 1 : 0;
            multiVersion += o.value(u"versions").toArray().size() > 1 ? 1 : 0;
            abstractWords.push_back(int(o.value(u"abstract").toString().simplified().count(QLatin1Char(' ')) + 1));
            titleWords.push_back(int(o.value(u"title").toString().simplified().count(QLatin1Char(' ')) + 1));
            authors.push_back(int(o.value(u"authors_parsed").toArray().size()));
        }
        auto median = [](std::vector<int> v) {
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        // arXiv: abstracts of about 150 words, titles of about 10, a few authors, 40 % revised.
        QVERIFY2(median(abstractWords) >= 120 && median(abstractWords) <= 180, qPrintable(QString::number(median(abstractWords))));
        QVERIFY(median(titleWords) >= 7 && median(titleWords) <= 13);
        QVERIFY(median(authors) >= 2 && median(authors) <= 4);
        QVERIFY(*std::max_element(authors.begin(), authors.end()) >= 30); // some collaborations
        QVERIFY(primaries.size() >= 30);
        QVERIFY(oldStyle > 100 && oldStyle < 1500);       // pre-2007 ids
        QVERIFY(multiVersion > 600 && multiVersion < 1800);
        QVERIFY(crossListed > 900 && crossListed < 2000);
        // A snapshot record's size: about 1.7 kB on average.
        QVERIFY(a.size() / 3000 > 1000 && a.size() / 3000 < 2600);
    }

    // The bulk path (big FTS5 segments, one merge at the end) finds exactly what the per-batch
    // trigger path finds, for the planner's queries on a 10,000-paper sample.
    void bulkImportSearchesLikeTheSmallPath()
    {
        QTemporaryDir dir;
        const QString file = writeSnapshot(dir, 10000);
        Test::TempDatabase bulkDb, smallDb;
        Models::CorpusStore bulk(bulkDb.db()), small(smallDb.db());
        ImportOptions b;
        b.bulk = BulkMode::On;
        int merges = 0;
        b.progress = [&merges](const ImportProgress &p) { merges += p.phase == ImportProgress::Phase::Optimizing ? 1 : 0; };
        const ImportReport br = importCorpusFiles(bulk, {file}, b);
        QCOMPARE(br.inserted(), 10000);
        QCOMPARE(br.broken(), 0);
        QCOMPARE(merges, 1);
        ImportOptions s;
        s.bulk = BulkMode::Off;
        s.batchSize = 500;
        QCOMPARE(importCorpusFiles(small, {file}, s).inserted(), 10000);
        QVERIFY(Models::execStatement(bulkDb.db()->connection(), QStringLiteral("INSERT INTO papers_fts(papers_fts) VALUES ('integrity-check')")));

        const auto qs = questions(bulk, 60);
        QVERIFY(qs.size() >= 40);
        int compared = 0;
        for (const auto &[question, title] : qs) {
            auto planned = planQueries(bulk, question, title);
            QVERIFY(planned);
            QCOMPARE(*planned, *planQueries(small, question, title)); // same document frequencies
            for (const PlannedQuery &q : *planned) {
                auto x = bulk.search(q.text, 25);
                auto y = small.search(q.text, 25);
                QVERIFY(x && y);
                QCOMPARE(x->size(), y->size());
                for (qsizetype i = 0; i < x->size(); ++i) {
                    QCOMPARE(x->at(i).arxivId, y->at(i).arxivId);
                    QCOMPARE(x->at(i).score, y->at(i).score);
                }
                compared += x->isEmpty() ? 0 : 1;
            }
        }
        QVERIFY(compared > 100);
    }

    // The two-step shape (only papers with the rarest phrases scored) keeps the bm25 of the whole
    // OR query: every hit scores as in the plain query over all phrases, and every paper that the
    // plain query ranks above the last hit but that is missing has none of the required phrases.
    // Tight budgets make a 5,000-paper corpus take the paths 2.7 M papers take.
    void twoStepSearchScoresLikeTheWholeQuery()
    {
        QTemporaryDir dir;
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        QCOMPARE(importCorpusFiles(store, {writeSnapshot(dir, 5000)}).inserted(), 5000);
        const QSqlDatabase conn = tmp.db()->connection();
        Models::FtsShape tight;
        tight.plainPostings = 200;
        tight.requiredMatches = 40;
        tight.rankingPostings = 10000000; // every other phrase ranks: scores comparable with the plain query
        Models::FtsShape plain;
        plain.plainPostings = 0;
        auto requiredIn = [&conn](const QString &match, qint64 id) {
            auto q = Models::prepare(conn, QStringLiteral("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ? AND rowid = ?"));
            q->addBindValue(match);
            q->addBindValue(id);
            return Models::execPrepared(*q, QString()) && q->next() && q->value(0).toInt() > 0;
        };
        int anyOf = 0, allOf = 0, missedChecked = 0;
        for (const auto &[question, title] : questions(store, 40)) {
            auto planned = planQueries(store, question, title);
            QVERIFY(planned);
            for (const PlannedQuery &q : *planned) {
                const Models::FtsPlan shape = Models::CorpusStore::searchPlan(conn, q.text, tight);
                auto ours = Models::CorpusStore::search(conn, q.text, 25, tight);
                auto whole = Models::CorpusStore::search(conn, q.text, 1000000, plain);
                QVERIFY(ours && whole);
                if (shape.required.isEmpty()) {
                    QCOMPARE(ours->size(), std::min<qsizetype>(25, whole->size()));
                    for (qsizetype i = 0; i < ours->size(); ++i)
                        QCOMPARE(ours->at(i).paperId, whole->at(i).paperId);
                    continue;
                }
                (shape.requireAll ? allOf : anyOf) += 1;
                QHash<qint64, double> wholeScore;
                for (const auto &h : std::as_const(*whole))
                    wholeScore.insert(h.paperId, h.score);
                QSet<qint64> ourIds;
                for (qsizetype i = 0; i < ours->size(); ++i) {
                    const auto &h = ours->at(i);
                    QVERIFY(requiredIn(shape.requiredMatch(), h.paperId));
                    QVERIFY2(wholeScore.contains(h.paperId), qPrintable(q.text));
                    QVERIFY2(std::abs(h.score - wholeScore.value(h.paperId)) <= 1e-9 * std::max(1.0, std::abs(h.score)), qPrintable(q.text));
                    QVERIFY(i == 0 || ours->at(i - 1).score >= h.score);
                    ourIds.insert(h.paperId);
                }
                const double last = ours->isEmpty() ? 0 : ours->last().score;
                for (const auto &h : std::as_const(*whole)) {
                    if (ourIds.contains(h.paperId) || (ours->size() == 25 && h.score <= last + 1e-9 * std::abs(last)))
                        continue;
                    QVERIFY2(!requiredIn(shape.requiredMatch(), h.paperId), qPrintable(q.text));
                    ++missedChecked;
                }
            }
        }
        QVERIFY(anyOf > 20);
        QVERIFY(allOf > 5);
        QVERIFY(missedChecked > 100);
    }

    // An interrupted bulk import keeps whole batches and a searchable index; importing the same
    // file again adds exactly the rest.
    void interruptedBulkImportResumes()
    {
        QTemporaryDir dir;
        const QString file = writeSnapshot(dir, 4000);
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        std::atomic_bool cancel{false};
        ImportOptions o;
        o.bulk = BulkMode::On;
        o.batchSize = 1000;
        o.cancel = &cancel;
        o.progress = [&cancel](const ImportProgress &p) {
            if (p.inserted >= 2000)
                cancel.store(true);
        };
        const ImportReport first = importCorpusFiles(store, {file}, o);
        QVERIFY(first.cancelled);
        QCOMPARE(first.inserted(), 2000);
        QCOMPARE(*store.count(), 2000);
        QVERIFY(!store.search(QStringLiteral("the"), 5)->isEmpty());
        cancel.store(false);
        o.progress = {};
        const ImportReport second = importCorpusFiles(store, {file}, o);
        QVERIFY(!second.cancelled);
        QCOMPARE(second.inserted(), 2000);
        QCOMPARE(second.skipped(), 2000);
        QCOMPARE(*store.count(), 4000);
        QVERIFY(Models::execStatement(tmp.db()->connection(), QStringLiteral("INSERT INTO papers_fts(papers_fts) VALUES ('integrity-check')")));
    }

    // The int8 index with float re-ranking returns the same top-10 as brute-force float search
    // over vectors from the same model, on 10,000 papers.
    void semanticIndexMatchesFloatSearch()
    {
        QTemporaryDir dir;
        const QString file = writeSnapshot(dir, 10000);
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        QCOMPARE(importCorpusFiles(store, {file}).inserted(), 10000);
        EmbedderOptions options;
        options.dim = 64;
        options.sampleSize = 4000; // a sample smaller than the corpus, as at scale
        qint64 lastDone = 0;
        auto built = buildSemanticIndex(store, options, [&lastDone](const IndexProgress &p) { lastDone = p.done; });
        QVERIFY2(built, qPrintable(Test::errorOf(built)));
        QVERIFY(built->rebuilt);
        QCOMPARE(built->sampled, 4000);
        QCOMPARE(lastDone, 10000);
        // Current now: a second call does nothing; the run's loader takes the stored model.
        QVERIFY(!buildSemanticIndex(store, options)->rebuilt);
        auto fitted = ensureLocalEmbedder(store, options);
        QVERIFY(fitted && !fitted->refitted && !fitted->stale);

        auto index = loadSemanticIndex(store, *fitted->embedder);
        QVERIFY(index);
        QCOMPARE(index->size(), 10000);
        // The float reference: every paper embedded from its text.
        auto texts = store.allTexts();
        VectorIndex exact(64);
        QList<qint64> ids;
        double worstCode = 0;
        std::vector<float> deq(64);
        for (const auto &t : *texts) {
            const QList<float> v = fitted->embedder->embed(LocalEmbedder::paperText(t.title, t.abstract));
            exact.add(v);
            index->vectorAt(int(ids.size()), deq.data());
            float maxAbs = 0;
            for (float x : v)
                maxAbs = std::max(maxAbs, std::abs(x));
            for (int d = 0; d < 64; ++d) // quantisation: at most half a step of max|v| / 127
                worstCode = std::max(worstCode, double(std::abs(deq[size_t(d)] - v.at(d))) / (double(maxAbs) / 254.0));
            ids.append(t.id);
        }
        QVERIFY2(worstCode <= 1.0001, qPrintable(QString::number(worstCode)));
        std::vector<float> queries;
        const auto qs = questions(store, 50);
        for (const auto &q : qs) {
            const QList<float> v = fitted->embedder->embed(q.first);
            queries.insert(queries.end(), v.begin(), v.end());
        }
        const int n = int(qs.size());
        const auto ours = semanticSearch(store, *fitted->embedder, *index, queries.data(), n, 10);
        QVERIFY(ours);
        // One query at a time takes the integer scan with exact re-scoring of everything its error
        // bound lets through: the same neighbours and scores as the batch's float scan.
        const auto batch = index->search(queries.data(), n, 50);
        for (int i = 0; i < n; ++i) {
            const auto one = index->search(queries.data() + size_t(i) * 64, 1, 50).value(0);
            QCOMPARE(one.size(), batch.at(i).size());
            for (qsizetype j = 0; j < one.size(); ++j) {
                QCOMPARE(one.at(j).index, batch.at(i).at(j).index);
                QVERIFY(std::abs(one.at(j).score - batch.at(i).at(j).score) < 1e-5f);
            }
        }
        const auto reference = exact.search(queries.data(), n, 10);
        for (int i = 0; i < n; ++i) {
            QCOMPARE(ours->at(i).size(), 10);
            for (int j = 0; j < 10; ++j) {
                QCOMPARE(ours->at(i).at(j).paperId, ids.at(reference.at(i).at(j).index));
                QVERIFY(std::abs(ours->at(i).at(j).score - reference.at(i).at(j).score) < 1e-5f);
            }
        }
    }

    // A large corpus never refits inside a run: a stale model is used until the index is rebuilt.
    void largeCorpusUsesTheStaleModel()
    {
        QTemporaryDir dir;
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        QCOMPARE(importCorpusFiles(store, {writeSnapshot(dir, 600)}).inserted(), 600);
        EmbedderOptions options;
        options.dim = 32;
        options.sampleSize = 500;
        // Nothing stored: fitted on the sample, nothing written.
        auto first = ensureLocalEmbedder(store, options);
        QVERIFY(first && first->refitted && first->stale);
        QCOMPARE(*store.embeddingCount(first->embedder->name()), 0);
        QVERIFY(buildSemanticIndex(store, options)->rebuilt);
        Models::Paper p;
        p.arxivId = QStringLiteral("2612.00001");
        p.title = QStringLiteral("A paper added later");
        QVERIFY(store.upsert({p}));
        auto second = ensureLocalEmbedder(store, options);
        QVERIFY(second && second->stale && !second->refitted);
        QCOMPARE(*store.embeddingCount(second->embedder->name()), 600);
        QVERIFY(buildSemanticIndex(store, options)->rebuilt);
        QCOMPARE(*store.embeddingCount(second->embedder->name()), 601);
        QVERIFY(!ensureLocalEmbedder(store, options)->stale);
    }
};

QTEST_GUILESS_MAIN(TestOfflineCorpus)
#include "tst_offlinecorpus.moc"
