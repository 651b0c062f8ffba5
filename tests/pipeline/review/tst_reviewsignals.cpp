// Every rule-reviewer signal can move: for each one, a request where it fires (deducts) and one
// where it does not, built from a clean draft about a fictional router by changing one thing.
// Also: the three roles share no measure, and a critical issue caps its role below APPROVE.
#include "pipeline/review/rulereviewers.h"
#include "pipeline/verify/judgment.h"

#include "support/testsupport.h"

#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;
using Models::Claim;
using Models::Role;

namespace {

const QString OnTopic = u"Does GateFlow token scheduling raise throughput and keep accuracy?"_s;
const QString OffTopic = u"Does ExpertFlow improve attribute binding on AMBER?"_s;

QHash<QString, qint64> frequencies()
{
    return {{u"gateflow"_s, 2}, {u"token"_s, 6}, {u"scheduling"_s, 2}, {u"throughput"_s, 4}, {u"accuracy"_s, 8},
            {u"raise"_s, 3}, {u"keep"_s, 5}, {u"expertflow"_s, 1}, {u"attribute"_s, 1}, {u"binding"_s, 1},
            {u"amber"_s, 1}, {u"improve"_s, 9}, {u"recalltree"_s, 1}};
}

struct Spec
{
    QString question = OnTopic;
    QList<Claim> claims;
    QString source;
    QString uncertainties; // empty: composed from the run
};

Claim claim(int ordinal, const QString &text, const QString &passage, qint64 paper, double confidence = 0.3)
{
    Claim c;
    c.ordinal = ordinal;
    c.text = c.originalText = text;
    c.confidence = confidence;
    c.verified = confidence >= 0.15;
    c.evidencePaperId = paper;
    c.evidencePassage = passage;
    return c;
}

Spec clean()
{
    Spec s;
    s.claims = {claim(1, u"GateFlow reduces expert load imbalance by 41% at 8 experts."_s,
                      u"In our reproduction, GateFlow reduces expert load imbalance by 41% at 8 experts."_s, 11),
                claim(2, u"Token scheduling in GateFlow raises throughput by 1.8x on a single GPU."_s,
                      u"We confirm that token scheduling in GateFlow raises throughput by 1.8x on a single GPU."_s, 12),
                claim(3, u"GateFlow keeps accuracy within 0.3 points of the dense baseline."_s,
                      u"GateFlow keeps accuracy within 0.3 points of the dense baseline in our runs."_s, 13)};
    for (const Claim &c : std::as_const(s.claims))
        s.source += c.text + u' ';
    return s;
}

ReviewRequest request(Spec s)
{
    const JudgmentContext ctx = judgmentContext(s.question, s.source, frequencies(), 40);
    const CoverageReport coverage = judgeClaims(s.claims, ctx);
    DraftInput in;
    in.question = s.question;
    in.sourceTitle = u"GateFlow: Scheduling Tokens Across Experts"_s;
    in.sourceRef = u"2402.99001"_s;
    in.sourceAbstract = s.source;
    in.claims = s.claims;
    in.coverage = coverage;
    in.papersRetrieved = 12;
    in.corpusSize = 40;
    const ComposedDraft d = composeDraft(in);
    ReviewRequest r;
    r.question = s.question;
    r.draftTitle = d.title;
    r.draftBody = d.body;
    r.sections = d.sections;
    if (!s.uncertainties.isEmpty())
        r.sections.insert(u"uncertainties"_s, s.uncertainties);
    r.claims = s.claims;
    r.coverage = coverage;
    r.sourceText = s.source;
    return r;
}

double deduction(const Models::Review &r, const QString &signal)
{
    for (const Models::ReviewSignal &s : r.scoredSignals)
        if (s.name == signal)
            return s.deduction;
    return -1; // not computed at all
}

using Mutation = std::function<void(Spec &)>;

} // namespace

class TestReviewSignals : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void cleanDraftCostsNothing()
    {
        const ReviewRequest r = request(clean());
        QVERIFY(r.coverage->addressed);
        for (Role role : Models::AllRoles) {
            const Models::Review review = RuleReviewer::evaluate(role, r);
            QVERIFY2(review.score == 10.0, qPrintable(Models::toText(role) + u" "_s + review.rationale));
        }
    }

    void signalMoves_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<QString>("signal");
        QTest::addColumn<Mutation>("fires");
        const auto row = [](Role role, const char *signal, Mutation m) {
            QTest::newRow(signal) << int(role) << QString::fromLatin1(signal) << m;
        };
        row(Role::Skeptic, "overreach_wording", [](Spec &s) {
            s.claims[0].text = u"GateFlow significantly reduces expert load imbalance by 41% at 8 experts."_s;
            s.claims[0].verified = false;
            s.claims[0].confidence = 0.1;
        });
        row(Role::Skeptic, "unsupported_assertions", [](Spec &s) {
            s.claims[1].verified = false;
            s.claims[1].confidence = 0.12;
        });
        row(Role::Skeptic, "numbers_not_in_source", [](Spec &s) { s.claims[0].text.replace(u"41%"_s, u"61%"_s); });
        row(Role::Skeptic, "evidence_disagrees",
            [](Spec &s) { s.claims[1].evidencePassage.replace(u"1.8x"_s, u"1.2x"_s); });
        row(Role::Skeptic, "beyond_source", [](Spec &s) {
            s.claims[2].text = u"Quantum annealing accelerates protein folding simulations on photonic hardware."_s;
        });
        row(Role::Validator, "verified_ratio", [](Spec &s) {
            s.claims[2].verified = false;
            s.claims[2].confidence = 0.12;
        });
        row(Role::Validator, "mean_confidence", [](Spec &s) {
            for (Claim &c : s.claims) {
                c.confidence = 0.06;
                c.verified = false;
            }
        });
        row(Role::Validator, "different_subject",
            [](Spec &s) { s.claims[0].evidencePassage = u"RecallTree reduces expert load imbalance by 41% at 8 experts."_s; });
        row(Role::Validator, "claims_without_evidence", [](Spec &s) {
            s.claims[2].evidencePaperId = 0;
            s.claims[2].evidencePassage.clear();
            s.claims[2].confidence = 0;
            s.claims[2].verified = false;
        });
        row(Role::Validator, "evidence_papers", [](Spec &s) {
            for (Claim &c : s.claims)
                c.evidencePaperId = 11;
        });
        row(Role::Synthesizer, "question_coverage", [](Spec &s) { s.question = OffTopic; });
        row(Role::Synthesizer, "question_named_terms", [](Spec &s) { s.question = OffTopic; });
        row(Role::Synthesizer, "claim_count", [](Spec &s) { s.claims.removeLast(); });
        row(Role::Synthesizer, "uncertainty_disclosure",
            [](Spec &s) { s.uncertainties = u"Everything went well; nothing to disclose."_s; });
    }

    void signalMoves()
    {
        QFETCH(int, role);
        QFETCH(QString, signal);
        QFETCH(Mutation, fires);
        const Models::Review quiet = RuleReviewer::evaluate(Role(role), request(clean()));
        QCOMPARE(deduction(quiet, signal), 0.0);
        Spec s = clean();
        fires(s);
        const Models::Review loud = RuleReviewer::evaluate(Role(role), request(s));
        QVERIFY2(deduction(loud, signal) > 0, qPrintable(signal + u": "_s + loud.rationale));
        QVERIFY(loud.score < quiet.score);
    }

    void rolesShareNoMeasure()
    {
        const ReviewRequest r = request(clean());
        QSet<QString> seen;
        for (Role role : Models::AllRoles) {
            for (const Models::ReviewSignal &s : RuleReviewer::evaluate(role, r).scoredSignals) {
                QVERIFY2(!seen.contains(s.name), qPrintable(s.name + u" is deducted by two roles"_s));
                seen.insert(s.name);
            }
        }
        QCOMPARE(seen.size(), 14);
    }

    void criticalIssueCapsBelowApprove()
    {
        Spec s = clean();
        s.question = OffTopic;
        const Models::Review synth = RuleReviewer::evaluate(Role::Synthesizer, request(s));
        bool critical = false;
        for (const auto &i : synth.issues)
            critical = critical || i.severity == u"critical"_s;
        QVERIFY(critical);
        QVERIFY(synth.verdict != Models::Verdict::Approve);
        QVERIFY(synth.score < 6.5);
    }

    void disputedClaimsAreCriticalWhenTheyAreMost()
    {
        Spec s = clean();
        s.claims[0].evidencePassage.replace(u"41%"_s, u"12%"_s);
        s.claims[1].evidencePassage.replace(u"1.8x"_s, u"1.2x"_s);
        const Models::Review skeptic = RuleReviewer::evaluate(Role::Skeptic, request(s));
        QVERIFY(skeptic.verdict != Models::Verdict::Approve);
    }
};

QTEST_GUILESS_MAIN(TestReviewSignals)
#include "tst_reviewsignals.moc"
