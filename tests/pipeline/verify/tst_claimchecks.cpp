// Question coverage by specific terms, numbers against the source, evidence that disagrees and
// evidence about another subject: each check with a case where it fires and one where it does not.
#include "pipeline/verify/claimchecks.h"
#include "pipeline/verify/questioncoverage.h"

#include "support/testsupport.h"

#include <QTest>

using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;

namespace {

// Document frequencies of a small MoE field: field words are everywhere, names are rare.
QHash<QString, qint64> fieldFrequencies()
{
    return {{u"moe"_s, 30}, {u"experts"_s, 32}, {u"expert"_s, 33}, {u"models"_s, 31}, {u"model"_s, 33},
            {u"dense"_s, 12}, {u"baselines"_s, 6}, {u"accuracy"_s, 14}, {u"token"_s, 9}, {u"tokens"_s, 15},
            {u"scheduling"_s, 1}, {u"attribute"_s, 1}, {u"binding"_s, 1}, {u"amber"_s, 1}, {u"expertflow"_s, 1},
            {u"lumen"_s, 3}, {u"average"_s, 8}, {u"improve"_s, 6}, {u"improves"_s, 9}, {u"field"_s, 31}, {u"activation"_s, 2},
            {u"budgets"_s, 0}, {u"budget"_s, 2}, {u"vision"_s, 2}, {u"language"_s, 20}};
}

QList<std::pair<int, QString>> lumenClaims()
{
    return {{1, u"We release LUMEN-MoE, an open research suite of six decoder-only models."_s},
            {2, u"Across five evaluation tasks, LUMEN-MoE improves average accuracy by up to 2.8 points over dense baselines."_s},
            {3, u"Expert specialization on distinct token types increases steadily during pretraining."_s}};
}

} // namespace

class TestClaimChecks : public QObject
{
    Q_OBJECT

private slots:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void namedTerms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("joined and hyphenated") << u"Does Lynx-style scheduling carry over to Mixtral 8x7B and DeepSeek-MoE on QA?"_s
                                               << QStringList{u"Lynx"_s, u"Mixtral 8x7B"_s, u"DeepSeek-MoE"_s};
        QTest::newRow("possessive and acronym") << u"What effect does ExpertFlow's scheduling have on AMBER with GPUs?"_s
                                                << QStringList{u"ExpertFlow"_s, u"AMBER"_s};
        QTest::newRow("lower-case quantities are not names") << u"Does top-6 gating of 16-expert models with 4-bit weights help?"_s
                                                             << QStringList{};
        QTest::newRow("sentence start") << u"Routers pick experts. Gates learn."_s << QStringList{};
    }

    void namedTerms()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, names);
        QCOMPARE(Sovereign::Pipeline::namedTerms(text), names);
    }

    void mentionsNameIgnoresCaseHyphensAndSpaces()
    {
        QVERIFY(mentionsName(u"the DeepSeekMoE model"_s, u"DeepSeek-MoE"_s));
        QVERIFY(mentionsName(u"on mixtral-8x7b"_s, u"Mixtral 8x7B"_s));
        QVERIFY(!mentionsName(u"a sound chamber"_s, u"AMBER"_s));
    }

    void offTopicQuestionInTheSameFieldIsNotAddressed()
    {
        const QString q = u"What effect does ExpertFlow's token scheduling have on attribute binding accuracy on AMBER "
                          "compared with dense baselines at different expert activation budgets in MoE vision-language models?"_s;
        const QuestionProfile p = profileQuestion(q, fieldFrequencies(), 33);
        QCOMPARE(p.requiredTerms(), (QStringList{u"ExpertFlow"_s, u"AMBER"_s})); // MoE is a field word here
        const CoverageReport r = assessCoverage(p, lumenClaims());
        QVERIFY(!r.addressed);
        QCOMPARE(r.uncoveredRequired, (QStringList{u"ExpertFlow"_s, u"AMBER"_s}));
        QVERIFY2(r.notCovered.contains(u"attribute binding"_s), qPrintable(r.notCovered.join(u'|')));
        QVERIFY(r.notCoveredText().startsWith(u"not covered: ExpertFlow, AMBER, "_s));
        // Claim 2 shares field words (accuracy, dense, baselines) and says so, but that is not enough.
        QVERIFY(r.forClaim(2)->covered.contains(u"accuracy"_s));
        QVERIFY(r.weightShare < 0.5);
    }

    void onTopicQuestionIsAddressed()
    {
        const QString q = u"Does LUMEN-MoE improve average accuracy over dense baselines?"_s;
        const QuestionProfile p = profileQuestion(q, fieldFrequencies(), 33);
        QCOMPARE(p.requiredTerms(), QStringList{u"LUMEN-MoE"_s});
        const CoverageReport r = assessCoverage(p, lumenClaims());
        QVERIFY(r.addressed);
        QVERIFY(r.uncoveredRequired.isEmpty());
        QVERIFY(r.forClaim(2)->addresses);
        QVERIFY(!r.forClaim(3)->addresses);
        // Survives its stored form.
        const CoverageReport back = CoverageReport::fromJson(r.toJson());
        QCOMPARE(back.addressed, true);
        QCOMPARE(back.forClaim(2)->covered, r.forClaim(2)->covered);
        QCOMPARE(QuestionProfile::fromJson(p.toJson()).requiredTerms(), p.requiredTerms());
    }

    void fieldWordsWeighLittle()
    {
        const QuestionProfile p = profileQuestion(u"Do MoE experts help field models?"_s, fieldFrequencies(), 33);
        for (const QuestionTerm &t : p.terms)
            QVERIFY2(t.weight < 0.5, qPrintable(t.text));
        QVERIFY(p.requiredTerms().isEmpty());
    }

    void quantities()
    {
        const QList<Quantity> q = extractQuantities(u"Six models from 52M to 2.3B active parameters use 48 experts on Mixtral 8x7B, "
                                                    "raise accuracy by 2.8 points and throughput by 31% at 1.8x speed."_s);
        QStringList texts;
        for (const Quantity &x : q)
            texts.append(x.text);
        QCOMPARE(texts, (QStringList{u"52M"_s, u"2.3B"_s, u"48 experts"_s, u"2.8 points"_s, u"31%"_s, u"1.8x"_s}));
        QCOMPARE(q.at(1).value, 2.3e9);
    }

    void numbersAgainstTheSource()
    {
        const QString source = u"Each model uses 48 experts. Accuracy improves by up to 2.8 points."_s;
        QCOMPARE(numbersNotInSource(u"It uses 48 experts and gains 2.8 points."_s, source), QStringList{});
        QCOMPARE(numbersNotInSource(u"It uses 64 experts and gains 2.8%."_s, source),
                 (QStringList{u"64 experts"_s, u"2.8%"_s}));
    }

    void disagreement_data()
    {
        QTest::addColumn<QString>("claim");
        QTest::addColumn<QString>("passage");
        QTest::addColumn<QString>("kind");
        QTest::newRow("31% against 7%") << u"TokenRelay increases decoding throughput by 31% on eight GPUs."_s
                                        << u"We benchmark schedulers. TokenRelay increases decoding throughput by 7% on eight GPUs and cuts idle time by 35%."_s
                                        << u"number"_s;
        QTest::newRow("same number") << u"TokenRelay increases decoding throughput by 7% on eight GPUs."_s
                                     << u"TokenRelay increases decoding throughput by 7% on eight GPUs and cuts idle time by 35%."_s
                                     << QString();
        QTest::newRow("another quantity") << u"TokenRelay cuts idle time by 35%."_s
                                          << u"HierA2A shortens the training step by 23% on 64 GPUs."_s << QString();
        QTest::newRow("opposite direction") << u"Expert dropout increases routing stability in small models."_s
                                            << u"We find that expert dropout decreases routing stability in small models."_s
                                            << u"direction"_s;
        QTest::newRow("outperforms against underperforms") << u"Expert-choice routing outperforms token-choice routing on evaluation."_s
                                                           << u"Expert-choice routing underperforms token-choice routing by 0.7 points."_s
                                                           << u"direction"_s;
        QTest::newRow("negation") << u"Frozen routers improve instruction-following win rate."_s
                                  << u"Frozen routers do not improve instruction-following win rate in our tests."_s
                                  << u"negation"_s;
        QTest::newRow("agreeing direction") << u"Expert dropout increases routing stability."_s
                                            << u"Dropping experts increases routing stability late in training."_s << QString();
        QTest::newRow("different objects") << u"TokenRelay increases decoding throughput."_s
                                           << u"Batch-aware schedulers reduce latency further."_s << QString();
    }

    void disagreement()
    {
        QFETCH(QString, claim);
        QFETCH(QString, passage);
        QFETCH(QString, kind);
        const auto d = findDisagreement(claim, passage);
        QCOMPARE(d ? d->kind : QString(), kind);
        if (kind == u"number"_s)
            QVERIFY2(d->detail.contains(u"31%"_s) && d->detail.contains(u"7%"_s), qPrintable(d->detail));
    }

    void differentSubject()
    {
        const auto generic = [](const QString &n) { return n == u"MoE"_s; };
        const auto m = findSubjectMismatch(
            u"We propose Evidence-Lens, a hierarchical expert cache that keeps frequently routed experts in GPU memory."_s,
            u"We propose RecallTree, a hierarchical expert cache that keeps frequently routed experts in GPU memory."_s, generic);
        QVERIFY(m);
        QCOMPARE(m->text(), u"similar wording, different subject (RecallTree, not Evidence-Lens)"_s);
        // Same subject, or a passage that names nothing: no mismatch.
        QVERIFY(!findSubjectMismatch(u"RecallTree keeps experts in GPU memory."_s,
                                     u"We propose RecallTree, a cache for MoE experts."_s, generic));
        QVERIFY(!findSubjectMismatch(u"GateLite routes tokens with a learned threshold."_s,
                                     u"Routing with learned thresholds in MoE layers."_s, generic));
        // A claim without a named subject is not judged.
        QVERIFY(!findSubjectMismatch(u"Experts specialize during pretraining."_s, u"RecallTree caches experts."_s, generic));
    }

    void checksRoundTrip()
    {
        ClaimChecks c;
        c.questionTerms = {u"GateLite"_s};
        c.disagreement = Disagreement{u"number"_s, u"the claim says 31%, the passage says 7%"_s};
        c.differentSubject = SubjectMismatch{u"GateLite"_s, {u"TokenRelay"_s}};
        c.numbersNotInSource = {u"64 experts"_s};
        const ClaimChecks back = ClaimChecks::fromJson(c.toJson());
        QCOMPARE(back.toJson(), c.toJson());
        QVERIFY(!back.corroborates(true));
        QVERIFY(ClaimChecks().corroborates(true));
        QCOMPARE(back.flags().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestClaimChecks)
#include "tst_claimchecks.moc"
