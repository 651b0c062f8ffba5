// Claim extraction: sentence segmentation edge cases, claim-likeness ranking, question coverage.
#include "pipeline/verify/claims.h"

#include "support/testsupport.h"

#include <QTest>

using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;

class TestClaims : public QObject
{
    Q_OBJECT

private slots:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void segmentation_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("sentences");
        QTest::newRow("plain") << u"Routers pick experts. Gates learn slowly."_s
                               << QStringList{u"Routers pick experts."_s, u"Gates learn slowly."_s};
        QTest::newRow("decimal") << u"Accuracy rises by 3.4 points. Latency falls to 1.7 ms."_s
                                 << QStringList{u"Accuracy rises by 3.4 points."_s, u"Latency falls to 1.7 ms."_s};
        QTest::newRow("e.g. and i.e.") << u"Sparse models (e.g. Mixtral) route tokens, i.e. they skip experts. That saves compute."_s
                                       << QStringList{u"Sparse models (e.g. Mixtral) route tokens, i.e. they skip experts."_s,
                                                      u"That saves compute."_s};
        QTest::newRow("e.g. capital") << u"Several suites, e.g. MMLU and ARC, were used. Results follow."_s
                                      << QStringList{u"Several suites, e.g. MMLU and ARC, were used."_s, u"Results follow."_s};
        QTest::newRow("et al.") << u"Work by Rossi et al. Proposed a router. It was slow."_s
                                << QStringList{u"Work by Rossi et al. Proposed a router."_s, u"It was slow."_s};
        QTest::newRow("vs.") << u"Top-2 vs. Top-8 routing differs. Both converge."_s
                             << QStringList{u"Top-2 vs. Top-8 routing differs."_s, u"Both converge."_s};
        QTest::newRow("parentheses") << u"The model (trained for 3 days. See Fig. 2.) is small. It runs fast."_s
                                     << QStringList{u"The model (trained for 3 days. See Fig. 2.) is small."_s, u"It runs fast."_s};
        QTest::newRow("question and exclamation") << u"Does routing help? It does! Gains hold."_s
                                                  << QStringList{u"Does routing help?"_s, u"It does!"_s, u"Gains hold."_s};
        QTest::newRow("initials") << u"Code by J. Smith is public. Use it."_s
                                  << QStringList{u"Code by J. Smith is public."_s, u"Use it."_s};
        QTest::newRow("markdown") << u"# Results\n\nWe find gains.\nThey hold\nacross seeds.\n\n- First point here.\n- Second point."_s
                                  << QStringList{u"Results"_s, u"We find gains."_s, u"They hold across seeds."_s,
                                                 u"First point here."_s, u"Second point."_s};
        QTest::newRow("url") << u"Code is at github.com/x/y.git today. Done."_s
                             << QStringList{u"Code is at github.com/x/y.git today."_s, u"Done."_s};
        QTest::newRow("empty") << QString() << QStringList{};
    }

    void segmentation()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, sentences);
        QCOMPARE(segmentSentences(text), sentences);
    }

    void rankingKeepsTopNInDocumentOrder()
    {
        const QString text = u"Mixture-of-experts models are increasingly popular. "
                             "We propose GateFlow, a router for sparse models. "
                             "GateFlow reduces latency by 31% compared with static routing. "
                             "This section describes the setup. "
                             "It outperforms dense baselines on 5 of 6 tasks."_s;
        const auto all = scoreSentences(text);
        QCOMPARE(all.size(), 5);
        QVERIFY(all.at(2).score > all.at(3).score);
        QVERIFY(all.at(0).score < all.at(1).score); // background opener
        const auto top = extractClaims(text, 3, 1.0);
        QCOMPARE(top.size(), 3);
        QCOMPARE(top.at(0).index, 1);
        QCOMPARE(top.at(1).index, 2);
        QCOMPARE(top.at(2).index, 4);
        QVERIFY(!top.at(1).reasons.isEmpty());
        QCOMPARE(extractClaims(text, 1, 1.0).size(), 1);
        QCOMPARE(extractClaims(text, 10, 100.0).size(), 0);
    }

    void discourseMarkerStripped()
    {
        const auto c = scoreSentences(u"Moreover, the router improves accuracy by 2 points."_s);
        QCOMPARE(c.size(), 1);
        QCOMPARE(c.at(0).text, u"The router improves accuracy by 2 points."_s);
    }

    void questionCoverage()
    {
        const QStringList q = contentTerms(u"Does token scheduling improve MoE inference throughput?"_s);
        QVERIFY(q.contains(u"token"_s));
        QVERIFY(q.contains(u"schedul"_s));
        QVERIFY(!q.contains(u"does"_s));
        // The same terms as words, for texts people read: one per stem, in the question's order.
        const QStringList words = contentTermWords(u"Does token scheduling improve MoE inference throughput? Scheduled tokens?"_s);
        QCOMPARE(words, (QStringList{u"token"_s, u"scheduling"_s, u"improve"_s, u"moe"_s, u"inference"_s, u"throughput"_s}));
        QCOMPARE(words.size(), contentTerms(u"Does token scheduling improve MoE inference throughput? Scheduled tokens?"_s).size());
        QVERIFY(addressesQuestion(u"Scheduling tokens raises throughput by 2x."_s, q));
        QVERIFY(addressesQuestion(u"FLAME-MoE inference is cheap."_s, q)); // "moe" + "inference"
        QVERIFY(!addressesQuestion(u"The dataset has 40k images."_s, q));
        QVERIFY(!addressesQuestion(u"Tokens are counted."_s, q)); // one shared term is not enough
        QVERIFY(!addressesQuestion(u"anything"_s, {}));
    }
};

QTEST_GUILESS_MAIN(TestClaims)
#include "tst_claims.moc"
