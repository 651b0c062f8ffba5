// Golden cases over tests/data/judgment: a corpus of 33 invented abstracts on sparse
// mixture-of-experts models and (source, question, expected policy) cases, run through the real
// local pipeline (FTS5 search, TF-IDF verifier, rule reviewers, policy, public record). Off-topic
// questions in the same field must escalate with the uncovered terms named; on-topic ones must
// still auto-approve; evidence that disagrees or is about another subject must be flagged.
#include "models/storage/corpusstore.h"
#include "models/storage/store.h"
#include "pipeline/retrieval/corpusimport.h"
#include "pipeline/run/localbackends.h"
#include "pipeline/run/runcontroller.h"
#include "pipeline/verify/claimchecks.h"
#include "support/testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Models;
using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;

namespace {

QString dataDir() { return qEnvironmentVariable("SOVEREIGN_TEST_DATA") + u"/judgment"_s; }

struct Case
{
    QString name, source, question, expectedPolicy;
    QStringList notCovered, claimFlags;
};

QList<Case> loadCases()
{
    QList<Case> out;
    QFile f(dataDir() + u"/cases.jsonl"_s);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const auto toList = [](const QJsonValue &v) {
        QStringList l;
        for (const QJsonValue &x : v.toArray())
            l.append(x.toString());
        return l;
    };
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QString source = o.value(u"source"_s).toString();
        if (source.contains(u'/'))
            source = dataDir() + u'/' + source;
        out.append({o.value(u"name"_s).toString(), source, o.value(u"question"_s).toString(),
                    o.value(u"expected_policy"_s).toString(), toList(o.value(u"expected_not_covered"_s)),
                    toList(o.value(u"expected_claim_flags"_s))});
    }
    return out;
}

struct Outcome
{
    Draft draft;
    QList<Claim> claims;
};

} // namespace

class TestJudgmentGolden : public QObject
{
    Q_OBJECT

    Test::TempDatabase m_tmp;
    QHash<QString, Outcome> m_outcomes;
    QList<Case> m_cases;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_tmp.isValid(), qPrintable(m_tmp.error()));
        m_cases = loadCases();
        QVERIFY(m_cases.size() >= 10);
        CorpusStore corpus(m_tmp.db());
        const ImportReport report = importCorpusFiles(corpus, {dataDir() + u"/corpus.jsonl"_s});
        QCOMPARE(report.inserted(), 33);

        auto db = m_tmp.db();
        RunController controller(db, [db](const PipelineSettings &) { return localBackends(db); });
        QSignalSpy idle(&controller, &RunController::idle);
        QHash<qint64, QString> runs;
        for (const Case &c : std::as_const(m_cases)) {
            auto id = controller.submit({c.source, c.question, {}});
            QVERIFY2(id, qPrintable(c.name + u": "_s + (id ? QString() : id.error())));
            runs.insert(*id, c.name);
        }
        QVERIFY(idle.wait(240000));
        Store store(db);
        for (auto it = runs.cbegin(); it != runs.cend(); ++it) {
            auto draft = store.draftByRun(it.key());
            QVERIFY2(draft, qPrintable(it.value()));
            auto claims = store.claims(draft->id);
            QVERIFY(claims);
            m_outcomes.insert(it.value(), {*draft, *claims});
        }
    }

    void init() { Test::failOnAnyWarning(); }

    void golden_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < m_cases.size(); ++i)
            QTest::newRow(qPrintable(m_cases.at(i).name)) << i;
    }

    void golden()
    {
        QFETCH(int, index);
        const Case &c = m_cases.at(index);
        QVERIFY(m_outcomes.contains(c.name));
        const Outcome &o = m_outcomes.value(c.name);
        QStringList flags;
        for (const Claim &claim : o.claims)
            if (claim.status != ClaimStatus::Dropped)
                for (const QString &f : ClaimChecks::fromJson(claim.checks).flags())
                    flags.append(QString::number(claim.ordinal) + u": "_s + f);
        const QString what = u"%1 -> %2 (%3) score %4; flags: %5"_s.arg(c.name, o.draft.policy ? toText(*o.draft.policy) : u"-"_s,
                                                                          o.draft.policyReason, QString::number(o.draft.score.value_or(0)),
                                                                          flags.join(u" | "_s));
        qInfo("%s", qPrintable(what));
        QVERIFY2(o.draft.policy, qPrintable(what));
        QCOMPARE(toText(*o.draft.policy), c.expectedPolicy);
        if (!c.notCovered.isEmpty()) {
            QVERIFY2(o.draft.policyReason.contains(u"gate question_not_addressed (not covered: "_s), qPrintable(what));
            for (const QString &term : c.notCovered)
                QVERIFY2(o.draft.policyReason.contains(term), qPrintable(term + u" not named in: "_s + what));
        }
        for (const QString &flag : c.claimFlags) {
            const QString needle = flag == u"disagreement"_s ? u"evidence disagrees"_s : u"different subject"_s;
            QVERIFY2(flags.join(u'\n').contains(needle), qPrintable(flag + u" expected in: "_s + what));
        }
    }

    // The owner's "drop claim N" on an unverified claim moves the round's verified share and score.
    void ownerDropMovesTheScore()
    {
        auto db = m_tmp.db();
        RunController controller(db, [db](const PipelineSettings &) { return localBackends(db); });
        QSignalSpy idle(&controller, &RunController::idle);
        auto run = controller.submit({dataDir() + u"/sources/harness-notes.md"_s,
                                      u"How much do TokenRelay and HydraRoute improve expert-parallel serving?"_s, {}});
        QVERIFY_OK(run);
        QVERIFY(idle.wait(120000));
        Store store(db);
        auto draft = store.draftByRun(*run);
        QVERIFY_OK(draft);
        QCOMPARE(draft->state, DraftState::Escalated);
        const int round = draft->currentRound;
        auto before = store.claims(draft->id, round);
        QVERIFY_OK(before);
        int shown = 0, verified = 0, unverifiedOrdinal = 0;
        for (const Claim &c : *before) {
            if (c.status == ClaimStatus::Dropped)
                continue;
            ++shown;
            verified += c.effectiveVerified() ? 1 : 0;
            if (!c.effectiveVerified() && unverifiedOrdinal == 0)
                unverifiedOrdinal = c.ordinal;
        }
        QVERIFY2(unverifiedOrdinal > 0, "the notes have unverified claims");
        const double scoreBefore = draft->score.value_or(0);

        QVERIFY_OK(controller.requestRevision(draft->id, u"drop claim %1\nThe harness claims are ours, not the literature's."_s
                                                            .arg(unverifiedOrdinal)));
        QVERIFY(idle.wait(120000));
        auto after = store.draft(draft->id);
        QVERIFY_OK(after);
        QCOMPARE(after->currentRound, round + 1);
        auto next = store.claims(draft->id, round + 1);
        QVERIFY_OK(next);
        int shownAfter = 0, verifiedAfter = 0;
        for (const Claim &c : *next) {
            if (c.status == ClaimStatus::Dropped) {
                QCOMPARE(c.originalText, before->at(unverifiedOrdinal - 1).originalText);
                continue;
            }
            ++shownAfter;
            verifiedAfter += c.effectiveVerified() ? 1 : 0;
        }
        QCOMPARE(shownAfter, shown - 1);
        QCOMPARE(verifiedAfter, verified);
        QVERIFY(double(verifiedAfter) / shownAfter > double(verified) / shown);
        qInfo("owner drop: verified %d/%d -> %d/%d, score %.2f -> %.2f", verified, shown, verifiedAfter, shownAfter, scoreBefore,
              after->score.value_or(0));
        QVERIFY2(after->score.value_or(0) > scoreBefore, qPrintable(after->policyReason));
        QVERIFY(after->policyReason.contains(u"the owner requested this revision"_s));
    }
};

QTEST_GUILESS_MAIN(TestJudgmentGolden)
#include "tst_judgmentgolden.moc"
