// Tribunal v2: rule-based reviewers, the parallel tribunal, the reviser and the policy gates.
#include "pipeline/fixtures.h"

#include "pipeline/review/rulereviewers.h"
#include "pipeline/review/policy.h"
#include "pipeline/review/reviser.h"
#include "pipeline/review/tribunal.h"

#include "support/testsupport.h"

#include <QJsonArray>
#include <QMutex>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;
using Models::Role;
using Models::Verdict;

namespace {

class FailingReviewer final : public BlockingReviewer
{
public:
    Role role() const override { return Role::Validator; }
    QString backend() const override { return u"fake"_s; }

protected:
    ReviewResult reviewBlocking(const ReviewRequest &, const CancelFlag &) override
    {
        return Models::fail(u"model endpoint returned HTTP 500"_s);
    }
};

// Never finishes on its own: only cancellation ends the wait.
class StuckReviewer final : public Reviewer
{
public:
    Role role() const override { return Role::Synthesizer; }
    QString backend() const override { return u"fake"_s; }
    QFuture<ReviewResult> review(const ReviewRequest &, CancelFlag cancel) override
    {
        return QtConcurrent::run([cancel]() -> ReviewResult {
            while (!isCancelled(cancel))
                QThread::msleep(1);
            return Models::fail(u"cancelled"_s);
        });
    }
};

double sumDeductions(const Models::Review &r)
{
    double s = 0;
    for (const auto &sig : r.scoredSignals)
        s += sig.deduction;
    return s;
}

} // namespace

class TestTribunal : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void verdictThresholds_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<int>("verdict");
        QTest::newRow("10") << 10.0 << int(Verdict::Approve);
        QTest::newRow("6.5") << 6.5 << int(Verdict::Approve);
        QTest::newRow("6.49") << 6.49 << int(Verdict::Revise);
        QTest::newRow("5.0") << 5.0 << int(Verdict::Revise);
        QTest::newRow("4.99") << 4.99 << int(Verdict::Reject);
        QTest::newRow("0") << 0.0 << int(Verdict::Reject);
    }
    void verdictThresholds()
    {
        QFETCH(double, score);
        QFETCH(int, verdict);
        QCOMPARE(int(verdictFor(score, PipelineSettings{})), verdict);
        PipelineSettings strict;
        strict.approveAt = 8.0;
        strict.reviseAt = 7.0;
        QCOMPARE(verdictFor(7.5, strict), Verdict::Revise);
        QCOMPARE(verdictFor(6.9, strict), Verdict::Reject);
    }

    void ruleReviewersExplainEveryPoint()
    {
        const ReviewRequest req = Test::fixtureRequest(Test::mixedClaims());
        for (Role role : Models::AllRoles) {
            const Models::Review r = RuleReviewer::evaluate(role, req);
            QCOMPARE(r.role, role);
            QCOMPARE(r.backend, u"rules"_s);
            QVERIFY2(r.scoredSignals.size() >= 4, qPrintable(Models::toText(role)));
            QCOMPARE(r.score, std::round(std::clamp(10.0 - sumDeductions(r), 0.0, 10.0) * 100) / 100);
            QCOMPARE(r.verdict, verdictFor(r.score, req.settings));
            QVERIFY(!r.rationale.isEmpty());
            QVERIFY(r.prompt.contains(u"[2] GateFlow reduces expert load imbalance"_s));
            // The question's terms as the words the owner wrote, not their stems.
            QVERIFY2(r.prompt.contains(u"scheduling"_s) && !r.prompt.contains(u"schedul,"_s), qPrintable(r.prompt));
            QCOMPARE(r.parsed.value(u"score"_s).toDouble(), r.score);
            QCOMPARE(r.parsed.value(u"signals"_s).toArray().size(), r.scoredSignals.size());
            QVERIFY(r.rawResponse.contains(u"\"verdict\""_s));
        }
        const Models::Review skeptic = RuleReviewer::evaluate(Role::Skeptic, req);
        QList<int> flagged;
        for (const auto &i : skeptic.issues)
            flagged.append(i.claimOrdinal);
        QVERIFY(flagged.contains(1)); // "significantly outperforms", no evidence
        QVERIFY(flagged.contains(5)); // "the first", no evidence
        QVERIFY(!flagged.contains(2)); // verified
    }

    void strongDraftIsApproved()
    {
        const auto claims = Test::makeClaims({{"Token scheduling raises GateFlow throughput by 1.8x.", true, 0.31, 11, true},
                                              {"GateFlow inference uses 20% fewer expert calls.", true, 0.25, 12, true},
                                              {"Scheduling keeps accuracy within 0.2 points.", true, 0.2, 13, true}});
        const auto out = runTribunal(ruleReviewerFactory(), Test::fixtureRequest(claims), nullptr);
        QVERIFY_OK(out);
        QCOMPARE(out->verdict, Verdict::Approve);
        QVERIFY(out->score >= 9.0);
    }

    void rejectPath()
    {
        const auto claims = Test::makeClaims({{"GateFlow is the only scheduler that always wins.", false, 0.01, 0, false},
                                              {"The dataset is large.", false, 0.03, 0, false},
                                              {"Results are significantly better than all baselines.", false, 0.02, 0, false}});
        const auto out = runTribunal(ruleReviewerFactory(), Test::fixtureRequest(claims), nullptr);
        QVERIFY_OK(out);
        QVERIFY(out->verdict != Verdict::Approve);
        QVERIFY(out->score < 6.5);
        // SYNTHESIZER raised a critical issue (the question is not addressed) and is capped below APPROVE.
        QVERIFY(out->reviews.at(2).score < 6.5);
        const PolicyDecision p = decidePolicy(out->verdict, out->score, claims, PipelineSettings{});
        QCOMPARE(p.policy, Models::Policy::EscalateToOwner);
        QVERIFY(p.reason.contains(u"verdict "_s + Models::toText(out->verdict)));
        QVERIFY(p.reason.contains(u"question_not_addressed"_s));
    }

    void tribunalRunsThreeLanesAndAverages()
    {
        QMutex m;
        QStringList events;
        const auto out = runTribunal(ruleReviewerFactory(), Test::fixtureRequest(Test::mixedClaims()), nullptr,
                                     [&](Models::EventKind k, const QString &lane, const QString &, const QJsonObject &) {
                                         QMutexLocker lock(&m);
                                         events.append(Models::toText(k) + u':' + lane);
                                     });
        QVERIFY_OK(out);
        QCOMPARE(out->reviews.size(), 3);
        QCOMPARE(out->reviews.at(0).role, Role::Skeptic);
        QCOMPARE(out->reviews.at(2).role, Role::Synthesizer);
        const double mean = (out->reviews.at(0).score + out->reviews.at(1).score + out->reviews.at(2).score) / 3.0;
        QCOMPARE(out->score, std::round(mean * 100) / 100);
        QCOMPARE(out->verdict, verdictFor(out->score, PipelineSettings{}));
        for (const char *lane : {"SKEPTIC", "VALIDATOR", "SYNTHESIZER"}) {
            QVERIFY(events.contains(u"started:"_s + QLatin1StringView(lane)));
            QVERIFY(events.contains(u"finished:"_s + QLatin1StringView(lane)));
        }
    }

    void failingReviewerDegradesTheTribunal()
    {
        const ReviewerFactory factory = [](Role role) -> std::shared_ptr<Reviewer> {
            if (role == Role::Validator)
                return std::make_shared<FailingReviewer>();
            return std::make_shared<RuleReviewer>(role);
        };
        const auto request = Test::fixtureRequest(Test::mixedClaims());
        const auto out = runTribunal(factory, request, nullptr);
        QVERIFY_OK(out);
        QVERIFY(out->partial);
        QCOMPARE(out->failures, QStringList{u"VALIDATOR: model endpoint returned HTTP 500"_s});
        QCOMPARE(out->reviews.size(), qsizetype(3));
        const Models::Review &validator = out->reviews.at(1);
        QCOMPARE(validator.role, Role::Validator);
        QVERIFY(validator.failed());
        QCOMPARE(validator.score, 0.0);
        // The score is the mean of the two that answered.
        const double mean = std::round((out->reviews.at(0).score + out->reviews.at(2).score) / 2.0 * 100.0) / 100.0;
        QCOMPARE(out->score, mean);
        PolicyDecision d = decidePolicy(Verdict::Approve, 9.0, Test::mixedClaims(), request.settings);
        applyReviewerFailedGate(d, out->failures);
        QCOMPARE(d.policy, Models::Policy::EscalateToOwner);
        QVERIFY2(d.reason.contains(u"gate reviewer_failed (VALIDATOR: model endpoint returned HTTP 500)"_s), qPrintable(d.reason));
    }

    void refutedClaimEscalates()
    {
        QList<Models::Claim> claims = Test::mixedClaims();
        const auto settings = Test::fixtureRequest(claims).settings;
        Models::ClaimStance refutes;
        refutes.label = u"REFUTES"_s;
        refutes.quote = u"The router adds no latency."_s;
        refutes.status = u"ungrounded"_s; // discarded: does not count
        claims[1].stance = refutes;
        PolicyDecision d = decidePolicy(Verdict::Approve, 9.0, claims, settings);
        const Models::Policy before = d.policy;
        applyStanceGate(d, claims);
        QCOMPARE(d.policy, before);
        QVERIFY(!d.reason.contains(u"claim_refuted"_s));
        refutes.status = u"ok"_s;
        claims[1].stance = refutes;
        applyStanceGate(d, claims);
        QCOMPARE(d.policy, Models::Policy::EscalateToOwner);
        QVERIFY2(d.reason.contains(u"gate claim_refuted (claim 2: \u201cThe router adds no latency.\u201d)"_s), qPrintable(d.reason));
    }

    void cancellationEndsTheWait()
    {
        auto flag = std::make_shared<std::atomic_bool>(false);
        const ReviewerFactory factory = [](Role role) -> std::shared_ptr<Reviewer> {
            if (role == Role::Synthesizer)
                return std::make_shared<StuckReviewer>();
            return std::make_shared<RuleReviewer>(role);
        };
        auto future = QtConcurrent::run([&] { return runTribunal(factory, Test::fixtureRequest(Test::mixedClaims()), flag); });
        QTest::qWait(30);
        QVERIFY(!future.isFinished());
        flag->store(true);
        future.waitForFinished();
        QVERIFY(!future.result());
        QCOMPARE(future.result().error(), u"cancelled"_s);
    }

    void revisionDropsAndSoftens()
    {
        const auto claims = Test::mixedClaims();
        const auto round0 = runTribunal(ruleReviewerFactory(), Test::fixtureRequest(claims), nullptr);
        QVERIFY_OK(round0);
        RevisionRequest req;
        req.round = 1;
        req.claims = claims;
        req.reviews = round0->reviews;
        RuleReviser reviser;
        const auto rev = reviser.revise(req, nullptr);
        QVERIFY_OK(rev);
        // Claims 1, 5 and 9 had no evidence at all: dropped. Unverified ones with some evidence: softened.
        QCOMPARE(rev->dropped, 3);
        QCOMPARE(rev->claims.size(), 10);
        QCOMPARE(rev->claims.last().status, Models::ClaimStatus::Dropped);
        QCOMPARE(rev->claims.at(0).text, claims.at(1).text); // verified claim 2 is now claim 1, untouched
        QCOMPARE(rev->claims.at(0).ordinal, 1);
        QCOMPARE(rev->claims.at(1).ordinal, 2);
        QVERIFY(rev->softened >= 3);
        for (int o : rev->changedOrdinals)
            QVERIFY(rev->claims.at(o - 1).text.startsWith(u"According to the source, "_s));
        QVERIFY(rev->notes.join(u' ').contains(u"dropped claims 1, 5, 9 of round 0"_s));
        for (const auto &c : rev->claims)
            QCOMPARE(c.round, 1);

        const auto round1 = runTribunal(ruleReviewerFactory(), Test::fixtureRequest(rev->claims, 1), nullptr);
        QVERIFY_OK(round1);
        QVERIFY2(round1->score > round0->score, qPrintable(u"%1 -> %2"_s.arg(round0->score).arg(round1->score)));
        QCOMPARE(round1->reviews.at(0).round, 1);
    }

    void softening_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("intensifier") << u"The router significantly cuts latency."_s << u"According to the source, the router cuts latency."_s;
        QTest::newRow("acronym") << u"MoE layers consistently help."_s << u"According to the source, MoE layers help."_s;
        QTest::newRow("we") << u"We find large gains."_s << u"According to the source, the authors find large gains."_s;
        QTest::newRow("idempotent") << u"According to the source, x holds."_s << u"According to the source, x holds."_s;
    }
    void softening()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(RuleReviser::soften(in), out);
    }

    void policyGates_data()
    {
        QTest::addColumn<int>("verdict");
        QTest::addColumn<bool>("addresses");
        QTest::addColumn<bool>("verified");
        QTest::addColumn<int>("policy");
        QTest::addColumn<QString>("reason");
        QTest::newRow("approve") << int(Verdict::Approve) << true << true << int(Models::Policy::AutoApprove) << u"no gate failing"_s;
        QTest::newRow("off-question") << int(Verdict::Approve) << false << true << int(Models::Policy::EscalateToOwner)
                                      << u"gate question_not_addressed"_s;
        QTest::newRow("no verified") << int(Verdict::Approve) << true << false << int(Models::Policy::EscalateToOwner)
                                     << u"gate verified_claims_below_minimum (0 verified, minimum 1)"_s;
        QTest::newRow("revise") << int(Verdict::Revise) << true << true << int(Models::Policy::EscalateToOwner)
                                << u"verdict REVISE"_s;
    }
    void policyGates()
    {
        QFETCH(int, verdict);
        QFETCH(bool, addresses);
        QFETCH(bool, verified);
        QFETCH(int, policy);
        QFETCH(QString, reason);
        auto claims = Test::makeClaims({{"Claim.", verified, 0.3, 11, addresses}});
        const PolicyDecision d = decidePolicy(Verdict(verdict), 7.0, claims, PipelineSettings{});
        QCOMPARE(int(d.policy), policy);
        QVERIFY2(d.reason.contains(reason), qPrintable(d.reason));
        // Gates are settings: switched off, they no longer fire.
        PipelineSettings lax;
        lax.gateQuestionAddressed = false;
        lax.gateMinVerifiedClaims = 0;
        lax.gateMinVerifiedShare = 0;
        lax.gateEvidenceDisagrees = false;
        QCOMPARE(decidePolicy(Verdict(verdict), 7.0, claims, lax).policy,
                 verdict == int(Verdict::Approve) ? Models::Policy::AutoApprove : Models::Policy::EscalateToOwner);
    }

    void coverageGateNamesWhatIsNotCovered()
    {
        auto claims = Test::makeClaims({{"GateFlow reduces expert load imbalance by 41% at 8 experts.", true, 0.3, 11, false},
                                        {"Token scheduling raises throughput by 1.8x on a single GPU.", true, 0.3, 12, false}});
        const CoverageReport coverage =
            Test::judgeFixture(claims, u"Does ExpertFlow improve attribute binding on AMBER over GateFlow?"_s);
        QVERIFY(!coverage.addressed);
        const PolicyDecision d = decidePolicy(Verdict::Approve, 8.0, claims, PipelineSettings{}, coverage);
        QCOMPARE(d.policy, Models::Policy::EscalateToOwner);
        QVERIFY2(d.reason.contains(u"gate question_not_addressed (not covered: ExpertFlow, AMBER, attribute binding"_s),
                 qPrintable(d.reason));
        // The same claims answer a question about them.
        const CoverageReport onTopic = Test::judgeFixture(claims, u"Does GateFlow token scheduling raise throughput?"_s);
        QVERIFY(onTopic.addressed);
        QCOMPARE(decidePolicy(Verdict::Approve, 8.0, claims, PipelineSettings{}, onTopic).policy, Models::Policy::AutoApprove);
    }

    void verifiedShareGateCountsOnlyCorroboratedClaims()
    {
        auto claims = Test::makeClaims({{"GateFlow cuts latency by 31%.", true, 0.4, 11, true},
                                        {"GateFlow keeps accuracy.", true, 0.3, 12, true},
                                        {"GateFlow needs no tuning.", false, 0.1, 13, true}});
        // 2 of 3 verified: the gate passes.
        QCOMPARE(decidePolicy(Verdict::Approve, 8.0, claims, PipelineSettings{}).policy, Models::Policy::AutoApprove);
        // Claim 1's passage is about another method: 1 of 3 corroborated, below half.
        ClaimChecks other;
        other.differentSubject = SubjectMismatch{u"GateFlow"_s, {u"TokenRelay"_s}};
        claims[0].checks = other.toJson();
        PolicyDecision d = decidePolicy(Verdict::Approve, 8.0, claims, PipelineSettings{});
        QCOMPARE(d.policy, Models::Policy::EscalateToOwner);
        QVERIFY2(d.reason.contains(u"gate verified_share_below_minimum (1 of 3 shown claims verified and corroborated, 50% needed; "
                                   "not counted: 1 verified by a passage about a different subject)"_s),
                 qPrintable(d.reason));
        // A claim its evidence disputes fires its own gate.
        ClaimChecks disputed;
        disputed.disagreement = Disagreement{u"number"_s, u"the claim says 31%, the passage says 7%"_s};
        claims[0].checks = disputed.toJson();
        d = decidePolicy(Verdict::Approve, 8.0, claims, PipelineSettings{});
        QVERIFY2(d.reason.contains(u"gate evidence_disagrees (the evidence disagrees with claim 1)"_s), qPrintable(d.reason));
    }

    void ownerRequestLines()
    {
        const OwnerRequest r = parseOwnerRequest(u"drop claim 3\nSoften claim 1\nreplace claim 2: GateFlow cuts latency.\n"
                                                  "The harness claim is ours.\nreplace claim 4:"_s);
        QCOMPARE(r.actions.size(), 3);
        QCOMPARE(r.actions.at(0).kind, OwnerClaimAction::Kind::Drop);
        QCOMPARE(r.actions.at(0).ordinal, 3);
        QCOMPARE(r.actions.at(1).kind, OwnerClaimAction::Kind::Soften);
        QCOMPARE(r.actions.at(2).text, u"GateFlow cuts latency."_s);
        QCOMPARE(r.note, u"The harness claim is ours.\nreplace claim 4:"_s); // a replace without text is note
        QCOMPARE(describe(r.actions), u"drop claim 3; soften claim 1; replace claim 2 with \u201cGateFlow cuts latency.\u201d"_s);
    }

    void ownerActionsAreAppliedAndNothingElse()
    {
        const auto claims = Test::mixedClaims();
        const auto round0 = runTribunal(ruleReviewerFactory(), Test::fixtureRequest(claims), nullptr);
        QVERIFY_OK(round0);
        RevisionRequest req;
        req.round = 1;
        req.claims = claims;
        req.reviews = round0->reviews;
        req.ownerNote = u"drop claim 4\nreplace claim 7: Training converges faster than with top-2 gating."_s;
        req.ownerActions = parseOwnerRequest(req.ownerNote).actions;
        const auto rev = RuleReviser().revise(req, nullptr);
        QVERIFY_OK(rev);
        QCOMPARE(rev->actions.size(), 2);
        QCOMPARE(rev->dropped, 1);
        QCOMPARE(rev->replaced, 1);
        QCOMPARE(rev->actions.at(0).by, u"owner"_s);
        QCOMPARE(rev->claims.size(), 10);
        QCOMPARE(rev->claims.at(5).text, u"Training converges faster than with top-2 gating."_s); // claim 7 is now 6
        QCOMPARE(rev->changedOrdinals, QList<int>{6});
        QVERIFY(rev->notes.join(u' ').contains(u"At the owner's request, revision round 1 dropped claims 4 of round 0."_s));
    }

    void aRoundThatChangesNothingSaysSo()
    {
        const auto claims = Test::makeClaims({{"GateFlow reduces expert load imbalance by 41%.", true, 0.3, 11, true}});
        RevisionRequest req;
        req.round = 1;
        req.claims = claims;
        const auto rev = RuleReviser().revise(req, nullptr);
        QVERIFY_OK(rev);
        QVERIFY(rev->actions.isEmpty());
        QVERIFY(rev->reason.contains(u"changed nothing"_s));
        QVERIFY(rev->notes.join(u' ').contains(u"Revision round 1 changed nothing"_s));
    }
};

QTEST_GUILESS_MAIN(TestTribunal)
#include "tst_tribunal.moc"
