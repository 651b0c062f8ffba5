// Publication through the real pipeline (RunController, composer, tribunal, policy, public-record
// builder; scripted planner/verifier from the pipeline's test backends): AUTO_APPROVE goes through
// OwnerActions::recordAutoApproval into the ledger; an escalated draft is approved, corrected,
// exported and verified; a silent claim edit is caught.
#include "pipeline/fakebackends.h"

#include "models/ledger/ledger.h"
#include "models/storage/store.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/publish/pdfexport.h"
#include "pipeline/run/runcontroller.h"
#include "support/testsupport.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Models;
using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;

namespace {

const QString Question = u"Does token scheduling raise mixture-of-experts inference throughput over static routing?"_s;

struct Harness
{
    Test::TempDatabase tmp;
    QTemporaryDir dir;
    std::shared_ptr<Ledger> ledger;
    std::unique_ptr<OwnerActions> actions;
    std::unique_ptr<RunController> controller;

    explicit Harness(std::function<double(const QString &)> score)
    {
        auto db = tmp.db();
        auto key = LedgerKeyStore::obtain();
        ledger = std::make_shared<Ledger>(db, key ? *key : LedgerKey{}, Ledger::Options{dir.filePath(u"a.ini"_s)});
        actions = std::make_unique<OwnerActions>(db, ledger);
        OwnerActions *owner = actions.get();
        controller = std::make_unique<RunController>(db, [db, score, owner](const PipelineSettings &) {
            Backends b = Test::testBackends(db, score);
            b.autoApprove = [owner](qint64 draftId, const QString &reason) -> Status {
                auto r = owner->recordAutoApproval(draftId, reason);
                if (!r)
                    return fail(r.error());
                return {};
            };
            return b;
        });
    }

    // Runs one question on the source and returns its draft id (0 on failure).
    qint64 run(const QString &source)
    {
        QSignalSpy idle(controller.get(), &RunController::idle);
        auto id = controller->submit({source, Question, {}});
        if (!id || !idle.wait(20000))
            return 0;
        auto d = Store(tmp.db()).draftByRun(*id);
        return d ? d->id : 0;
    }
};

double allVerified(const QString &) { return 0.3; }
double noneVerified(const QString &) { return 0.01; }

} // namespace

class TestPublishPipeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("SOVEREIGN_LEDGER_KEY", QByteArrayLiteral("pipeline-publish-key"));
    }

    void init() { Test::failOnAnyWarning(); }

    void autoApprovalIsALedgerEntry()
    {
        SOVEREIGN_NEED_TOOLS("pdftotext");
        Harness h(allVerified);
        QVERIFY(h.tmp.isValid());
        QVERIFY_OK(Test::writeCorpus(h.tmp.db()));
        const qint64 id = h.run(u"2402.99001"_s);
        QVERIFY(id > 0);
        Store store(h.tmp.db());
        auto draft = store.draft(id);
        QVERIFY_OK(draft);
        QCOMPARE(draft->state, DraftState::AutoApproved);
        auto decisions = store.decisions(id);
        QVERIFY_OK(decisions);
        QCOMPARE(decisions->size(), 1);
        QCOMPARE(decisions->first().action, DecisionAction::AutoApprove);
        QCOMPARE(decisions->first().actor, u"pipeline"_s);
        auto entries = h.ledger->entries(id);
        QVERIFY_OK(entries);
        QCOMPARE(entries->size(), 1);
        LedgerReport report = h.ledger->verify();
        QVERIFY2(report.ok(), qPrintable(report.summary()));

        // Correct, then the pipeline's record builder reports CORRECTED.
        CorrectionRequest c;
        c.type = CorrectionType::Claim;
        c.note = u"Claim 1 overstated the throughput gain."_s;
        c.claimOrdinal = 1;
        c.newText = u"Token scheduling raised throughput modestly on one benchmark."_s;
        QVERIFY_OK(h.actions->correct(id, c));
        auto record = store.publicRecord(id);
        QVERIFY_OK(record);
        const QJsonObject cr = findContract(*record, u"correction-record-v1"_s);
        QCOMPARE(cr.value(u"correction_state"_s).toString(), u"CORRECTED"_s);
        QCOMPARE(cr.value(u"correction_count"_s).toInt(), 1);

        auto files = h.actions->exportBundle(id, h.dir.filePath(u"bundle"_s), {});
        QVERIFY_OK(files);
        const QString pdf = h.dir.filePath(u"bundle/"_s) + QString(draft->srchId).replace(u':', u'-') + u".pdf"_s;
        QVERIFY(QFile::exists(pdf));
        auto anchor = Ledger::readAnchorFromFile(pdf);
        QVERIFY_OK(anchor);
        report = h.ledger->verify({*anchor});
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        {
            QProcess p;
            p.start(Test::tool("pdftotext"), {u"-enc"_s, u"UTF-8"_s, pdf, u"-"_s});
            QVERIFY(p.waitForFinished(30000));
            const QString text = QString::fromUtf8(p.readAllStandardOutput()).simplified();
            QVERIFY(text.contains(draft->srchId));
            QVERIFY(text.contains(u"2 Methodology"_s));
            QVERIFY(text.contains(c.newText));
            const auto claims = store.claims(id);
            QVERIFY_OK(claims);
            for (const Claim &cl : *claims)
                QVERIFY2(text.contains(cl.text.simplified()), qPrintable(cl.text));
        }
    }

    void escalatedDraftApprovedThenTamperedIsCaught()
    {
        Harness h(noneVerified);
        QVERIFY_OK(Test::writeCorpus(h.tmp.db()));
        const qint64 id = h.run(u"2402.99001"_s);
        QVERIFY(id > 0);
        Store store(h.tmp.db());
        QCOMPARE(store.draft(id)->state, DraftState::Escalated);
        QVERIFY(!h.actions->renderPdf(id, {}));
        QVERIFY_OK(h.actions->decide(id, OwnerDecision::Escalate, u"Dana"_s, u"no claim verified; second look"_s));
        QVERIFY_OK(h.actions->decide(id, OwnerDecision::Approve, u"Dana"_s, u"verified by hand"_s));
        QVERIFY_OK(h.actions->exportPdf(id, h.dir.filePath(u"p.pdf"_s), {}));
        QVERIFY(h.ledger->verify().ok());
        QSqlQuery q(h.tmp.db()->connection());
        QVERIFY(q.exec(u"UPDATE claims SET text = text || ' (quietly)' WHERE draft_id = %1 AND ordinal = 1"_s.arg(id)));
        const LedgerReport report = h.ledger->verify();
        QVERIFY(!report.ok());
        QVERIFY(report.problems.first().message.contains(u"no correction behind it"_s));
    }
};

QTEST_MAIN(TestPublishPipeline)
#include "tst_publishpipeline.moc"
