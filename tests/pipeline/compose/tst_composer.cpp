// Draft composer and claim extraction against golden files (tests/data/<case>/{input,expected}).
#include "pipeline/fixtures.h"
#include "pipeline/goldentext.h"

#include "pipeline/verify/claims.h"
#include "pipeline/compose/composer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;

class TestComposer : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    // Claim extraction on a fixed abstract: every sentence's score and reasons are pinned.
    void extractionGolden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("gateflow") << u"extract_gateflow"_s;
        QTest::newRow("markdown") << u"extract_markdown"_s;
    }
    void extractionGolden()
    {
        QFETCH(QString, name);
        const QString text = Test::readText(Test::dataPath(name + u"/input/source.txt"_s));
        QVERIFY(!text.isEmpty());
        QString out;
        for (const ClaimCandidate &c : scoreSentences(text))
            out += u"[%1] %2 | %3\n    %4\n"_s.arg(c.index).arg(c.score, 0, 'f', 2).arg(c.text, c.reasons.join(u"; "_s));
        out += u"-- top 5 --\n"_s;
        for (const ClaimCandidate &c : extractClaims(text, 5, 1.0))
            out += c.text + u'\n';
        QCOMPARE_GOLDEN(name + u"/expected/claims.txt"_s, out);
    }

    void draftGolden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("round");
        QTest::newRow("round 0, pending") << u"compose_pending"_s << -1;
        QTest::newRow("round 0, escalated") << u"compose_escalated"_s << 0;
        QTest::newRow("round 1, revised") << u"compose_revised"_s << 1;
    }
    void draftGolden()
    {
        QFETCH(QString, name);
        QFETCH(int, round);
        DraftInput in = Test::fixtureDraftInput(Test::mixedClaims());
        if (round >= 0) {
            in.rounds.append({5.81, Models::Verdict::Revise});
            in.policy = Models::Policy::EscalateToOwner;
            in.policyReason = u"verdict REVISE (5.81 < 6.5)"_s;
        }
        if (round == 1) {
            in.revisionRound = 1;
            in.claims[0].status = Models::ClaimStatus::Dropped;
            in.claims[3].status = Models::ClaimStatus::Softened;
            in.claims[3].text = u"According to the source, the router adds 3 ms of latency per batch."_s;
            in.rounds.append({6.72, Models::Verdict::Approve});
            in.policy = Models::Policy::AutoApprove;
            in.policyReason = u"APPROVE at 6.72 with no gate failing"_s;
            in.revisionNotes = {u"Revision round 1 dropped claims 1 of round 0: no retrieved passage reached cosine 0.05."_s};
        }
        const ComposedDraft d = composeDraft(in);
        QCOMPARE(d.title, u"SOVEREIGN: "_s + in.question);
        QCOMPARE_GOLDEN(name + u"/expected/draft.txt"_s, d.body);
        QCOMPARE_GOLDEN(name + u"/expected/sections.json"_s,
                        QString::fromUtf8(QJsonDocument(d.sections).toJson(QJsonDocument::Indented)));
    }

    void sectionsFollowTheRun()
    {
        DraftInput in = Test::fixtureDraftInput(Test::mixedClaims());
        in.settings.verifyThreshold = 0.2;
        in.settings.topK = 20;
        in.settings.backends.search = u"arxiv"_s;
        const ComposedDraft d = composeDraft(in);
        const QString m = d.sections.value(u"methodology"_s).toString();
        QVERIFY(m.contains(u"threshold=0.2"_s));
        QVERIFY(m.contains(u"top 20 kept"_s));
        QVERIFY(m.contains(u"arxiv backend"_s));
        const QString u = d.sections.value(u"uncertainties"_s).toString();
        QVERIFY(u.contains(u"7 of 10 claims are unverified"_s));
        QVERIFY(u.contains(u"claims 1, 4, 5, 7, 8, 9, 10"_s));
        QVERIFY(u.contains(u"arxiv search ranks by relevance"_s));
        QVERIFY(u.contains(u"Only 12 of the 20 papers"_s));
        QVERIFY(u.contains(u"2 of 10 claims share key terms with the question (claims 2, 3)"_s));
        const QJsonArray claims = d.sections.value(u"claims"_s).toArray();
        QCOMPARE(claims.size(), 10);
        QCOMPARE(claims.at(1).toObject().value(u"confidence"_s).toDouble(), 0.22);
        QVERIFY(d.body.contains(u"GateFlow reduces expert load imbalance by 41% at 8 experts.\t\u2713\t0.22"_s));
        QVERIFY(d.body.contains(u"- <https://arxiv.org/abs/2401.00012v2>"_s));
    }

    void anUnansweredQuestionIsSaidInTheDraft()
    {
        DraftInput in = Test::fixtureDraftInput(Test::mixedClaims());
        in.question = u"What effect does ExpertFlow's token scheduling have on attribute binding on AMBER?"_s;
        in.coverage = Test::judgeFixture(in.claims, in.question);
        QVERIFY(!in.coverage->addressed);
        const ComposedDraft d = composeDraft(in);
        const QString intro = d.sections.value(u"introduction"_s).toString();
        QVERIFY2(intro.contains(u"The source does not address ExpertFlow, AMBER, attribute binding"_s), qPrintable(intro));
        const QString u = d.sections.value(u"uncertainties"_s).toString();
        QVERIFY2(u.contains(u"The source does not address ExpertFlow, AMBER"_s), qPrintable(u));
        QVERIFY(u.contains(u"does not answer the research question"_s));
        QVERIFY(d.sections.value(u"question_coverage"_s).toObject().value(u"uncovered_required"_s).toArray().size() == 2);
        // Each claim row says which question terms it covers.
        QVERIFY(d.sections.value(u"claims"_s).toArray().at(2).toObject().value(u"covers"_s).toArray().contains(u"token"_s));
        // Answered: no such sentence.
        in.question = u"Does GateFlow token scheduling raise throughput?"_s;
        in.coverage = Test::judgeFixture(in.claims, in.question);
        QVERIFY(in.coverage->addressed);
        QVERIFY(!composeDraft(in).sections.value(u"introduction"_s).toString().contains(u"does not address"_s));
    }

    void noClaimsIsStatedNotHidden()
    {
        DraftInput in = Test::fixtureDraftInput({});
        in.sourceAbstract.clear();
        const ComposedDraft d = composeDraft(in);
        QVERIFY(d.body.contains(u"(the source has no abstract)"_s));
        QVERIFY(d.sections.value(u"uncertainties"_s).toString().contains(u"No claim-like sentence"_s));
        QVERIFY(d.sections.value(u"results"_s).toString().contains(u"0 claims extracted, 0 verified"_s));
    }
};

QTEST_GUILESS_MAIN(TestComposer)
#include "tst_composer.moc"
