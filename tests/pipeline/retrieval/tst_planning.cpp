// Query planning, reciprocal-rank fusion and the parallel local search (golden files).
#include "pipeline/golden.h"
#include "models/storage/corpusstore.h"
#include "pipeline/retrieval/democorpus.h"
#include "pipeline/retrieval/fusion.h"
#include "pipeline/retrieval/queryplanner.h"
#include "pipeline/retrieval/search.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;

namespace {

QJsonArray queriesJson(const QList<PlannedQuery> &queries)
{
    QJsonArray a;
    for (const PlannedQuery &q : queries)
        a.append(QJsonObject{{QStringLiteral("ordinal"), q.ordinal},
                             {QStringLiteral("strategy"), q.strategy},
                             {QStringLiteral("text"), q.text},
                             {QStringLiteral("terms"), QJsonArray::fromStringList(q.terms)}});
    return a;
}

} // namespace

class TestPlanning : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void namedMethods_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("question") << QStringLiteral("Does the Lynx token scheduling approach generalize to other sparse MoE architectures (e.g., Mixtral 8x7B, DeepSeek-MoE) for QA?")
                                  << QStringList{QStringLiteral("Lynx"), QStringLiteral("MoE"), QStringLiteral("Mixtral"), QStringLiteral("8x7B"), QStringLiteral("DeepSeek-MoE")};
        QTest::newRow("title case ignores capitals") << QStringLiteral("A Transparent End-to-End Research Platform for Mixture-of-Experts Language Models")
                                                     << QStringList{};
        QTest::newRow("versions") << QStringLiteral("We compare GPT-4 and Llama-3.1 with plain baselines.")
                                  << QStringList{QStringLiteral("GPT-4"), QStringLiteral("Llama-3.1")};
    }
    void namedMethods()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(Pipeline::namedMethods(text), expected);
    }

    void planGolden()
    {
        const QString question = QStringLiteral("Does the Lynx token scheduling approach generalize to other sparse MoE architectures "
                                                "(e.g., Mixtral 8x7B, DeepSeek-MoE) for document-based QA tasks, and what is the "
                                                "accuracy-throughput trade-off relative to static expert routing methods?");
        const QString title = QStringLiteral("FLAME-MoE: A Transparent End-to-End Research Platform for Mixture-of-Experts Language Models");
        // A fixed frequency table stands in for the corpus: rare words must win.
        QHash<QString, qint64> df;
        for (const QString &w : plannerTerms(question, title))
            df.insert(w, 40);
        df[QStringLiteral("lynx")] = 0; // unknown to the corpus: ranked after known words
        df[QStringLiteral("scheduling")] = 3;
        df[QStringLiteral("token")] = 5;
        df[QStringLiteral("routing")] = 4;
        df[QStringLiteral("static")] = 2;
        df[QStringLiteral("expert")] = 6;
        df[QStringLiteral("models")] = 90;
        const QList<PlannedQuery> queries = planQueries(question, title, df, 100);
        QCOMPARE(queries.size(), 4);
        QCOMPARE(queries.at(0).strategy, StrategyIdfTerms);
        QCOMPARE(queries.at(0).terms.first(), QStringLiteral("static"));
        QVERIFY(!queries.at(0).terms.mid(0, 5).contains(QStringLiteral("lynx")));
        QCOMPARE(queries.at(2).terms.first(), QStringLiteral("FLAME-MoE"));
        COMPARE_GOLDEN(QJsonDocument(queriesJson(queries)), QStringLiteral("planning/plan.expected.json"));
    }

    void planFallbacks()
    {
        const QList<PlannedQuery> q = planQueries(QStringLiteral("what is it?"), QStringLiteral("routing"), {}, 10);
        QCOMPARE(q.size(), 4);
        for (const PlannedQuery &p : q)
            QVERIFY2(!p.text.isEmpty(), qPrintable(p.strategy));
        QVERIFY(q.at(1).strategy.contains(QStringLiteral("fallback")));
    }

    void fusionGolden()
    {
        auto list = [](std::initializer_list<const char *> keys) {
            QList<FusionInput> l;
            qint64 id = 0;
            for (const char *k : keys)
                l.append({QString::fromLatin1(k), ++id});
            return l;
        };
        // "b" is found by all lists at moderate ranks and must beat "a" (first in one list only);
        // "a" twice in list 0 counts once; "a", "d" and "y" tie (rank 1 once) and keep list order.
        const QList<QList<FusionInput>> lists = {list({"a", "b", "c", "a"}), list({"d", "b", "e"}), list({"b", "x"}), list({"y", "f", "b"})};
        const QList<FusedItem> fused = reciprocalRankFusion(lists, 60, 0);
        QCOMPARE(fused.first().key, QStringLiteral("b"));
        QCOMPARE(fused.first().ranks, (QList<int>{2, 2, 1, 3}));
        QCOMPARE(fused.first().score, 1.0 / 62 + 1.0 / 62 + 1.0 / 61 + 1.0 / 63);
        QJsonArray a;
        for (const FusedItem &f : fused) {
            QJsonArray ranks;
            for (int r : f.ranks)
                ranks.append(r);
            a.append(QJsonObject{{QStringLiteral("key"), f.key},
                                 {QStringLiteral("rank"), f.fusedRank},
                                 {QStringLiteral("score"), QString::number(f.score, 'f', 9)},
                                 {QStringLiteral("ranks"), ranks}});
        }
        COMPARE_GOLDEN(QJsonDocument(a), QStringLiteral("planning/fusion.expected.json"));
        QCOMPARE(reciprocalRankFusion(lists, 60, 3).size(), 3);
        QVERIFY(reciprocalRankFusion({}, 60, 12).isEmpty());
    }

    void searchDemoCorpus()
    {
        Test::TempDatabase tmp;
        QVERIFY(Pipeline::ensureDemoCorpus(tmp.db()));
        Models::CorpusStore corpus(tmp.db());
        auto planned = planQueries(corpus, QStringLiteral("How does Lynx-Sched token scheduling compare with static top-2 expert routing?"),
                                   QStringLiteral("TokenRelay: Capacity-Aware Dispatch for Sparse Experts"));
        QVERIFY2(planned, qPrintable(Test::errorOf(planned)));
        std::atomic_int finished{0};
        SearchOptions options;
        options.onQueryFinished = [&finished](int, int, qint64, const QString &) { ++finished; };
        auto outcome = searchLocal(tmp.db(), *planned, options);
        QVERIFY2(outcome, qPrintable(Test::errorOf(outcome)));
        QCOMPARE(finished.load(), 4);
        QCOMPARE(outcome->queries.size(), 4);
        QCOMPARE(outcome->merged.size(), 12);
        QSet<qint64> ids;
        for (const auto &p : outcome->merged) {
            QVERIFY(!ids.contains(p.paperId));
            ids.insert(p.paperId);
            QCOMPARE(p.finalRank, p.fusedRank);
        }
        for (const auto &h : outcome->hits)
            QVERIFY(h.rank >= 1 && h.queryOrdinal >= 1 && h.queryOrdinal <= 4);
        // A paper whose title names the method is among the merged results.
        auto papers = corpus.papers(QList<qint64>(ids.cbegin(), ids.cend()));
        bool named = false;
        for (const auto &p : *papers)
            named = named || p.title.contains(QStringLiteral("Lynx-Sched"));
        QVERIFY(named);
        // Same input, same output: the search is deterministic despite the threads.
        auto again = searchLocal(tmp.db(), *planned, {});
        QCOMPARE(again->merged.size(), outcome->merged.size());
        for (qsizetype i = 0; i < again->merged.size(); ++i)
            QCOMPARE(again->merged.at(i).paperId, outcome->merged.at(i).paperId);
    }

    void retrieveWithSemanticRerank()
    {
        Test::TempDatabase tmp;
        QVERIFY(Pipeline::ensureDemoCorpus(tmp.db()));
        RetrievalOptions options;
        options.embedder.dim = 32;
        auto r = retrieveLocal(tmp.db(), QStringLiteral("Does paging the key-value cache raise serving throughput?"),
                               QStringLiteral("PagedWeave: Efficient LLM Inference Serving"), options);
        QVERIFY2(r, qPrintable(Test::errorOf(r)));
        QCOMPARE(r->embedder, QStringLiteral("local-tfidf-svd-32"));
        QVERIFY(r->embedderRefitted);
        QCOMPARE(r->merged.size(), 12);
        QList<int> finalRanks;
        for (const auto &p : r->merged) {
            QVERIFY(p.semanticScore.has_value());
            finalRanks.append(p.finalRank);
        }
        QCOMPARE(finalRanks, (QList<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        auto again = retrieveLocal(tmp.db(), QStringLiteral("Does paging the key-value cache raise serving throughput?"),
                                   QStringLiteral("PagedWeave: Efficient LLM Inference Serving"), options);
        QVERIFY(again && !again->embedderRefitted);
    }
};

QTEST_GUILESS_MAIN(TestPlanning)
#include "tst_planning.moc"
