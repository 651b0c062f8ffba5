// Local embedder (TF-IDF + randomized truncated SVD): fit, persistence round-trip, reuse until the
// corpus changes, nearest neighbours on a fixed corpus (golden), semantic re-ranking; vector index
// top-k against a naive reference.
#include "pipeline/golden.h"
#include "models/storage/corpusstore.h"
#include "pipeline/retrieval/democorpus.h"
#include "pipeline/retrieval/embedder.h"
#include "pipeline/retrieval/vectorindex.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <random>

using namespace Sovereign;
using namespace Sovereign::Pipeline;

class TestEmbedder : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void roundTripAndReuse()
    {
        Test::TempDatabase tmp;
        QVERIFY(ensureDemoCorpus(tmp.db()));
        Models::CorpusStore corpus(tmp.db());
        EmbedderOptions options;
        options.dim = 64;
        auto first = ensureLocalEmbedder(corpus, options);
        QVERIFY2(first, qPrintable(Test::errorOf(first)));
        QVERIFY(first->refitted);
        QCOMPARE(first->embedder->dim(), 64);
        QCOMPARE(first->embedder->name(), QStringLiteral("local-tfidf-svd-64"));
        QCOMPARE(first->vectors, int(*corpus.count()));
        QVERIFY(first->embedder->rank() > 10);

        // Serialised parameters give the same vectors.
        const QString text = QStringLiteral("expert routing with token scheduling for sparse models");
        auto restored = LocalEmbedder::deserialize(first->embedder->serialize());
        QVERIFY2(restored, qPrintable(Test::errorOf(restored)));
        QCOMPARE(restored->embed(text), first->embedder->embed(text));
        const QList<float> v = first->embedder->embed(text);
        double norm = 0;
        for (float x : v)
            norm += double(x) * x;
        QVERIFY(std::abs(norm - 1.0) < 1e-5);
        QVERIFY(!LocalEmbedder::deserialize(QByteArray("garbage")));

        // Reused while the corpus is unchanged...
        auto second = ensureLocalEmbedder(corpus, options);
        QVERIFY(second && !second->refitted);
        QCOMPARE(second->embedder->embed(text), v);
        // ...and refitted once it changes.
        Models::Paper p;
        p.arxivId = QStringLiteral("2601.99999");
        p.title = QStringLiteral("A new paper on expert routing");
        p.abstract = QStringLiteral("Routing tokens to experts, again.");
        QVERIFY(corpus.upsert({p}));
        auto third = ensureLocalEmbedder(corpus, options);
        QVERIFY(third && third->refitted);
        QCOMPARE(third->vectors, int(*corpus.count()));
        // Stored vectors are tagged with name and dimension: asking with another one fails.
        QVERIFY(!corpus.embeddings(QStringLiteral("local-tfidf-svd-64"), 32));
        auto stored = corpus.embeddings(QStringLiteral("local-tfidf-svd-64"), 64);
        QVERIFY(stored && stored->size() == third->vectors);
    }

    void neighboursGolden()
    {
        Test::TempDatabase tmp;
        QVERIFY(ensureDemoCorpus(tmp.db()));
        Models::CorpusStore corpus(tmp.db());
        EmbedderOptions options;
        options.dim = 64;
        auto fitted = ensureLocalEmbedder(corpus, options);
        QVERIFY(fitted);
        auto texts = corpus.allTexts();
        VectorIndex index(64);
        QList<QString> ids;
        auto stored = corpus.embeddings(fitted->embedder->name(), 64);
        for (const auto &t : *texts) {
            index.add(stored->value(t.id));
            ids.append(t.arxivId);
        }
        const QStringList queries = {QStringLiteral("load balancing of experts and dropped tokens"),
                                     QStringLiteral("key-value cache paging for LLM serving"),
                                     QStringLiteral("citation precision of retrieval-augmented answers"),
                                     QStringLiteral("visual token compression for document images")};
        QJsonArray golden;
        for (const QString &q : queries) {
            const QList<Neighbor> hits = index.search(fitted->embedder->embed(q), 5);
            QJsonArray top;
            for (const Neighbor &n : hits)
                top.append(ids.at(n.index));
            golden.append(QJsonObject{{QStringLiteral("query"), q}, {QStringLiteral("top5"), top}});
            // The topic is right even if the exact order were to change: the best hit shares words.
            const auto paper = corpus.paper(texts->at(hits.first().index).id);
            QVERIFY(hits.first().score > 0.2);
            Q_UNUSED(paper)
        }
        COMPARE_GOLDEN(QJsonDocument(golden), QStringLiteral("embedder/neighbours.expected.json"));
    }

    void rerank()
    {
        QList<Models::RunPaper> papers = {{1, 1, 0.05, std::nullopt, 1}, {2, 2, 0.04, std::nullopt, 2}, {3, 3, 0.03, std::nullopt, 3}};
        applySemanticRerank(papers, {{1, 0.0}, {2, 0.1}, {3, 0.9}}, 0.5);
        QCOMPARE(papers.at(0).paperId, 3); // 0.45 + 0.3  beats 1: 0 + 0.5
        QCOMPARE(papers.at(0).finalRank, 1);
        QCOMPARE(papers.at(0).fusedRank, 3);
        QCOMPARE(papers.at(0).semanticScore.value(), 0.9);
        QList<Models::RunPaper> keep = {{1, 1, 0.05, std::nullopt, 1}, {2, 2, 0.04, std::nullopt, 2}};
        applySemanticRerank(keep, {{2, 1.0}}, 0.0);
        QCOMPARE(keep.at(0).paperId, 1);
        QVERIFY(!keep.at(0).semanticScore.has_value());
    }

    void topKAgainstNaive_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("queries");
        QTest::addColumn<int>("k");
        QTest::newRow("small") << 50 << 8 << 3 << 5;
        QTest::newRow("k > n") << 7 << 16 << 2 << 10;
        QTest::newRow("several blocks") << 9000 << 64 << 17 << 10;
        QTest::newRow("one query") << 5000 << 128 << 1 << 3;
    }
    void topKAgainstNaive()
    {
        QFETCH(int, n);
        QFETCH(int, dim);
        QFETCH(int, queries);
        QFETCH(int, k);
        std::mt19937 rng(7);
        std::normal_distribution<float> g;
        VectorIndex index(dim);
        std::vector<float> v(static_cast<size_t>(dim));
        for (int i = 0; i < n; ++i) {
            for (float &x : v)
                x = g(rng);
            index.add(v.data());
        }
        std::vector<float> q(size_t(dim) * size_t(queries));
        for (float &x : q)
            x = g(rng);
        const auto fast = index.search(q.data(), queries, k, 2);
        const auto slow = naiveTopK(index, q.data(), queries, k);
        QCOMPARE(fast.size(), slow.size());
        for (int i = 0; i < queries; ++i) {
            QCOMPARE(fast.at(i).size(), std::min(k, n));
            for (int j = 0; j < fast.at(i).size(); ++j) {
                QVERIFY(std::abs(fast.at(i).at(j).score - slow.at(i).at(j).score) < 1e-4f);
                QCOMPARE(fast.at(i).at(j).index, slow.at(i).at(j).index);
            }
        }
        // A single query through the list overload agrees with the batch.
        const auto single = index.search(QList<float>(q.begin(), q.begin() + dim), k);
        QCOMPARE(single.first().index, fast.first().first().index);
        QVERIFY(index.search(QList<float>(dim + 1, 1.0f), k).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEmbedder)
#include "tst_embedder.moc"
