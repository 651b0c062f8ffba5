// CorpusStore: upsert (skip / refresh by version-less id), lookups, bm25 search with sanitised user
// text, document frequencies, stats and the corpus generation counter; the bundled demo corpus.
#include "pipeline/golden.h"
#include "models/storage/corpusstore.h"
#include "pipeline/retrieval/democorpus.h"
#include "support/testsupport.h"

#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

Paper makePaper(const QString &id, const QString &title, const QString &abstract, const QString &version = QStringLiteral("v1"))
{
    Paper p;
    p.arxivId = id;
    p.latestVersion = version;
    p.title = title;
    p.abstract = abstract;
    p.authors = {QStringLiteral("Ann Author")};
    p.categories = {QStringLiteral("cs.LG"), QStringLiteral("cs.CL")};
    p.published = QStringLiteral("2024-01-02T00:00:00Z");
    return p;
}

} // namespace

class TestCorpusStore : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void upsertSkipAndRefresh()
    {
        Test::TempDatabase tmp;
        QVERIFY2(tmp.isValid(), qPrintable(tmp.error()));
        CorpusStore store(tmp.db());
        QCOMPARE(*store.corpusGeneration(), 0);
        auto first = store.upsert({makePaper(QStringLiteral("2401.00001v1"), QStringLiteral("Sparse experts"), QStringLiteral("About routing.")),
                                   makePaper(QStringLiteral("2401.00002"), QStringLiteral("Dense models"), QStringLiteral("About density."))});
        QVERIFY2(first, qPrintable(Test::errorOf(first)));
        QCOMPARE(first->inserted, 2);
        QCOMPARE(first->ids.size(), 2);
        const qint64 gen = *store.corpusGeneration();
        QVERIFY(gen > 0);

        // Same id with a version suffix: skipped by default.
        auto again = store.upsert({makePaper(QStringLiteral("2401.00001v2"), QStringLiteral("Sparse experts, revised"), QStringLiteral("New."), QStringLiteral("v2"))});
        QVERIFY(again);
        QCOMPARE(again->inserted, 0);
        QCOMPARE(again->skipped, 1);
        QCOMPARE(again->ids.first(), first->ids.first());
        QCOMPARE(*store.corpusGeneration(), gen);
        QCOMPARE(store.paper(first->ids.first())->title, QStringLiteral("Sparse experts"));

        // Refresh updates it (and bumps the generation); an older version never overwrites a newer one.
        auto refreshed = store.upsert({makePaper(QStringLiteral("2401.00001"), QStringLiteral("Sparse experts, revised"), QStringLiteral("New."), QStringLiteral("v2"))},
                                      UpsertMode::Refresh);
        QVERIFY(refreshed);
        QCOMPARE(refreshed->updated, 1);
        QVERIFY(*store.corpusGeneration() > gen);
        auto older = store.upsert({makePaper(QStringLiteral("2401.00001"), QStringLiteral("Sparse experts"), QStringLiteral("About routing."), QStringLiteral("v1"))},
                                  UpsertMode::Refresh);
        QVERIFY(older);
        QCOMPARE(older->skipped, 1);
        auto byId = store.paperByArxivId(QStringLiteral("http://arxiv.org/abs/2401.00001v9"));
        QVERIFY(byId && byId->has_value());
        QCOMPARE((*byId)->title, QStringLiteral("Sparse experts, revised"));
        QCOMPARE((*byId)->latestVersion, QStringLiteral("v2"));
        QCOMPARE((*byId)->categories, (QStringList{QStringLiteral("cs.LG"), QStringLiteral("cs.CL")}));
        QCOMPARE((*byId)->primaryCategory, QStringLiteral("cs.LG"));
        QCOMPARE(*store.count(), 2);
        auto missing = store.paperByArxivId(QStringLiteral("9999.99999"));
        QVERIFY(missing && !missing->has_value());
        QVERIFY(!store.paper(424242));
    }

    void invalidBatchWritesNothing()
    {
        Test::TempDatabase tmp;
        CorpusStore store(tmp.db());
        auto r = store.upsert({makePaper(QStringLiteral("2401.00003"), QStringLiteral("Fine"), QString()),
                               makePaper(QString(), QStringLiteral("No id"), QString())});
        QVERIFY(!r);
        QVERIFY(r.error().contains(QStringLiteral("no arXiv id")));
        QCOMPARE(*store.count(), 0);
    }

    void ftsQuery_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("words") << QStringLiteral("Expert routing") << QStringLiteral("\"expert\" OR \"routing\"");
        QTest::newRow("operators") << QStringLiteral("a AND b NOT c*") << QStringLiteral("\"b\" OR \"c\"");
        QTest::newRow("syntax") << QStringLiteral("title:moe (NEAR(x y)) ^z -") << QStringLiteral("\"title moe\" OR \"near x\" OR \"y\" OR \"z\"");
        QTest::newRow("phrase") << QStringLiteral("\"token scheduling\" MoE") << QStringLiteral("\"token scheduling\" OR \"moe\"");
        QTest::newRow("stray quote") << QStringLiteral("say \"hi") << QStringLiteral("\"say\" OR \"hi\"");
        QTest::newRow("hyphen") << QStringLiteral("Switch-MoE gpt-4.1") << QStringLiteral("\"switch moe\" OR \"gpt 4 1\"");
        QTest::newRow("duplicates") << QStringLiteral("moe MoE moe") << QStringLiteral("\"moe\"");
        QTest::newRow("only stop words") << QStringLiteral("what is the") << QStringLiteral("\"what\" OR \"is\" OR \"the\"");
        QTest::newRow("unicode") << QStringLiteral("Überprüfung café") << QStringLiteral("\"überprüfung\" OR \"café\"");
        QTest::newRow("nothing") << QStringLiteral("*** () \"\"") << QString();
    }
    void ftsQuery()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(CorpusStore::ftsQuery(input), expected);
    }

    void searchRanksTitleAndSurvivesHostileInput()
    {
        Test::TempDatabase tmp;
        CorpusStore store(tmp.db());
        QVERIFY(store.upsert({makePaper(QStringLiteral("2401.00010"), QStringLiteral("Gradient noise"), QStringLiteral("We discuss expert routing briefly.")),
                              makePaper(QStringLiteral("2401.00011"), QStringLiteral("Expert routing for sparse models"), QStringLiteral("A study.")),
                              makePaper(QStringLiteral("2401.00012"), QStringLiteral("Unrelated"), QStringLiteral("Nothing to see."))}));
        auto hits = store.search(QStringLiteral("expert routing"), 10);
        QVERIFY2(hits, qPrintable(Test::errorOf(hits)));
        QCOMPARE(hits->size(), 2);
        QCOMPARE(hits->first().arxivId, QStringLiteral("2401.00011")); // title match beats abstract match
        QVERIFY(hits->first().score > hits->at(1).score);
        for (const QString &hostile : {QStringLiteral("\"unbalanced"), QStringLiteral("NEAR(a b"), QStringLiteral("title:"),
                                       QStringLiteral("*"), QStringLiteral("'; DROP TABLE papers; --")}) {
            auto r = store.search(hostile, 5);
            QVERIFY2(r, qPrintable(Test::errorOf(r)));
        }
        QCOMPARE(*store.count(), 3);
        QCOMPARE(store.search(QStringLiteral("expert"), 1)->size(), 1);
    }

    void documentFrequenciesAndStats()
    {
        Test::TempDatabase tmp;
        CorpusStore store(tmp.db());
        Paper demo = makePaper(QStringLiteral("2401.00021"), QStringLiteral("Routing experts"), QStringLiteral("routing again"));
        demo.origin = QStringLiteral("demo");
        demo.isDemo = true;
        QVERIFY(store.upsert({demo, makePaper(QStringLiteral("2401.00022"), QStringLiteral("Serving"), QStringLiteral("no match"))}));
        auto df = store.documentFrequencies({QStringLiteral("routing"), QStringLiteral("Serving"), QStringLiteral("absent")});
        QVERIFY2(df, qPrintable(Test::errorOf(df)));
        QCOMPARE(df->value(QStringLiteral("routing")), 1);
        QCOMPARE(df->value(QStringLiteral("serving")), 1);
        QCOMPARE(df->value(QStringLiteral("absent")), 0);
        auto stats = store.stats();
        QVERIFY(stats);
        QCOMPARE(stats->papers, 2);
        QCOMPARE(stats->demoPapers, 1);
        QCOMPARE(stats->byOrigin.value(QStringLiteral("demo")), 1);
        QCOMPARE(stats->topCategories.first().first, QStringLiteral("cs.LG"));
        QCOMPARE(stats->topCategories.first().second, 2);
        QCOMPARE(store.allTexts()->size(), 2);
    }

    void demoCorpusLoadsOnce()
    {
        Test::TempDatabase tmp;
        auto added = Pipeline::ensureDemoCorpus(tmp.db());
        QVERIFY2(added, qPrintable(Test::errorOf(added)));
        QVERIFY(*added >= 300);
        CorpusStore store(tmp.db());
        auto stats = store.stats();
        QCOMPARE(stats->papers, *added);
        QCOMPARE(stats->demoPapers, *added);
        auto again = Pipeline::ensureDemoCorpus(*tmp.db());
        QVERIFY(again);
        QCOMPARE(*again, 0);
        auto hits = store.search(QStringLiteral("mixture-of-experts routing"), 12);
        QVERIFY(hits && hits->size() == 12);
        const auto p = store.paper(hits->first().paperId);
        QVERIFY(p->isDemo);
        QVERIFY(p->comments.startsWith(QStringLiteral("DEMO DATA")));
    }
};

QTEST_GUILESS_MAIN(TestCorpusStore)
#include "tst_corpusstore.moc"
