// Issue 7 from the GUI: approve an escalated draft, render its PDF off the GUI thread, preview and
// save it through OwnerActions::savePdf, issue a correction through the correction dialog, and see
// the record turn CORRECTED with its count at 1; the status-bar ledger indicator verifies clean and
// turns BROKEN after a decision row is altered behind the application's back.
#include "app/gui/guiservices.h"
#include "models/items/draftlistmodel.h"
#include "models/items/historymodel.h"
#include "models/ledger/ledger.h"
#include "models/items/queuemodel.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/run/pipelinerun.h"
#include "pipeline/run/runcontroller.h"
#include "pipeline/core/settings.h"
#include "pipeline/publish/pdfexport.h"
#include "pipeline/publish/recordstore.h"
#include "support/fixtures.h"
#include "support/testsupport.h"
#include "models/storage/corpusstore.h"
#include "ui/claimstab.h"
#include "ui/correctiondialog.h"
#include "ui/historytab.h"
#include "ui/ledgerindicator.h"
#include "ui/mainwindow.h"
#include "ui/pdfpreviewdialog.h"
#include "ui/publishactions.h"
#include "ui/recordtab.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QJsonObject>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Models;

class TestPublishGui : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void approveExportCorrect();
    void unpublishedDraftIsRefused();
    void ledgerIndicatorSeesTampering();
    void liveReverificationMatchesSaved();
    void runSettingsFollowTheOwnersSettings();
    void runThresholdReachesClaimsTabPdfAndRecord();
    void remoteRunIsPreparedOffTheGuiThread();

private:
    void openWindow(qint64 draftId);
    void closeMessageBoxes();
    std::unique_ptr<Test::TempDatabase> m_db;
    std::shared_ptr<Ledger> m_ledger;
    std::unique_ptr<Pipeline::OwnerActions> m_owner;
    std::unique_ptr<App::OwnerActionsAdapter> m_actions;
    std::unique_ptr<Ui::MainWindow> m_window;
    Test::FixtureSummary m_fixture;
};

void TestPublishGui::initTestCase()
{
    QApplication::setOrganizationName(QStringLiteral("SovereignTest"));
    QApplication::setApplicationName(QStringLiteral("tst_publishgui"));
    qputenv("SOVEREIGN_NO_KEYCHAIN", "1");
}

void TestPublishGui::init()
{
    QSettings().clear();
    QSettings().setValue(QStringLiteral("owner/name"), QStringLiteral("Test Owner"));
    m_db = std::make_unique<Test::TempDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    Store store(m_db->db());
    Test::FixtureOptions o;
    o.drafts = 8;
    auto f = Test::generateFixtures(store, o);
    QVERIFY_OK(f);
    m_fixture = *f;
    // The fixtures write their decisions, edit and correction straight through Store, so none has
    // a ledger entry; start from a history the ledger agrees with: nothing decided or published yet.
    {
        QSqlQuery q(m_db->db()->connection());
        for (const char *sql : {"DELETE FROM corrections", "DELETE FROM claim_edits", "DELETE FROM decisions",
                                "UPDATE drafts SET state = 'escalated', published_at = NULL WHERE published_at IS NOT NULL"})
            QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
    }
    auto ledger = Ledger::open(m_db->db());
    QVERIFY_OK(ledger);
    m_ledger = *ledger;
    m_owner = std::make_unique<Pipeline::OwnerActions>(m_db->db(), m_ledger);
    auto db = m_db->db();
    m_owner->setRecordRebuilder([db](qint64 id) { return Pipeline::rebuildPublicRecord(db, id); });
    m_actions = std::make_unique<App::OwnerActionsAdapter>(m_owner.get());
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
}

void TestPublishGui::cleanup()
{
    closeMessageBoxes();
    m_window.reset();
    QThreadPool::globalInstance()->waitForDone();
    m_actions.reset();
    m_owner.reset();
    m_ledger.reset();
    m_db.reset();
}

void TestPublishGui::closeMessageBoxes()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *box = qobject_cast<QMessageBox *>(w))
            box->close();
}

void TestPublishGui::openWindow(qint64 draftId)
{
    Ui::Services s;
    s.drafts = std::make_shared<App::DraftReaderAdapter>(m_db->db());
    s.actions = m_actions.get();
    s.ledger = std::make_shared<App::LedgerCheckAdapter>(m_ledger);
    s.scorer = std::make_shared<App::ClaimScorerAdapter>(m_db->db());
    m_window = std::make_unique<Ui::MainWindow>(s);
    m_window->setQueue(QueueModel::All);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->selectDraft(draftId);
    QTRY_COMPARE(m_window->currentDraftId(), draftId);
    // The actions follow the list's selection: wait for the draft's row to be the current one.
    QTRY_COMPARE(m_window->draftView()->currentIndex().data(DraftListModel::DraftIdRole).toLongLong(), draftId);
    QTRY_VERIFY(m_window->publishActions()->exportPdfAction()->isEnabled());
    m_window->activateWindow();
    m_window->draftView()->setFocus();
}

void TestPublishGui::approveExportCorrect()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    Ui::LedgerIndicator *indicator = m_window->ledgerIndicator();
    QVERIFY(indicator);
    QTRY_VERIFY2(indicator->text().contains(QStringLiteral("verified")), qPrintable(indicator->text() + indicator->state().report));
    const qint64 entriesBefore = indicator->state().entries;

    // Approve from the keyboard (A, note, Ctrl+Return).
    QTest::keyClick(m_window->draftView(), Qt::Key_A);
    QDialog *decision = nullptr;
    QTRY_VERIFY((decision = qobject_cast<QDialog *>(QApplication::activeModalWidget())));
    auto *note = decision->findChild<QPlainTextEdit *>();
    QVERIFY(note);
    note->setPlainText(QStringLiteral("Evidence checked claim by claim."));
    // The first publication asks for the publisher (none is set in this test's settings).
    for (auto *e : decision->findChildren<QLineEdit *>())
        if (e->accessibleName() == QStringLiteral("Publisher"))
            e->setText(QStringLiteral("Harbour Lane Lab"));
    QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(m_window->currentDetails().draft.isPublished());
    Store store(m_db->db());
    QCOMPARE(store.draft(id).value().state, DraftState::Approved);

    // Export PDF…: rendered on a worker thread, previewed, saved through the saver (savePdf).
    Ui::PublishActions *publish = m_window->publishActions();
    QSignalSpy previews(publish, &Ui::PublishActions::previewOpened);
    publish->exportPdfAction()->trigger();
    QVERIFY(publish->isRendering() || previews.size() == 1); // the GUI thread did not render it
    QTRY_COMPARE_WITH_TIMEOUT(previews.size(), 1, 20000);
    auto *preview = previews.first().first().value<Ui::PdfPreviewDialog *>();
    QVERIFY(preview);
    QVERIFY2(preview->loadError().isEmpty(), qPrintable(preview->loadError()));
    QVERIFY(preview->pageCount() >= 1);
    QTemporaryDir dir;
    const QString pdfPath = dir.filePath(QStringLiteral("paper.pdf"));
    auto saved = preview->saveTo(pdfPath);
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error()));
    QFile pdf(pdfPath);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == "%PDF-");
    const auto exports = m_ledger->entries(id).value();
    QVERIFY(std::any_of(exports.cbegin(), exports.cend(), [](const LedgerEntry &e) { return e.kind == LedgerKind::Export; }));
    preview->close();

    // Export manifest JSON (the file dialog's continuation).
    const QString manifestPath = dir.filePath(QStringLiteral("paper.manifest.json"));
    auto manifest = publish->exportManifestTo(id, manifestPath);
    QVERIFY2(manifest, manifest ? "" : qPrintable(manifest.error()));
    QVERIFY(QFile::exists(manifestPath));

    // Issue correction…: a CLAIM correction of claim 1 through the dialog.
    QSignalSpy dialogs(publish, &Ui::PublishActions::correctionDialogOpened);
    publish->correctAction()->trigger();
    QTRY_COMPARE(dialogs.size(), 1);
    auto *dialog = dialogs.first().first().value<Ui::CorrectionDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->typeBox()->count(), 6);
    QVERIFY(!dialog->issueButton()->isEnabled());
    dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findText(QStringLiteral("CLAIM")));
    QVERIFY(dialog->claimBox()->isEnabled());
    dialog->claimBox()->setCurrentIndex(1);
    QVERIFY(!dialog->textEdit()->toPlainText().isEmpty()); // the published text, to edit
    const QString corrected = QStringLiteral("The gain holds on two of the three benchmarks, not all three.");
    dialog->textEdit()->setPlainText(corrected);
    dialog->noteEdit()->setPlainText(QStringLiteral("Claim 1 overstated the benchmark coverage."));
    QVERIFY(!dialog->issueButton()->isEnabled()); // not confirmed yet
    dialog->confirmBox()->setChecked(true);
    QVERIFY(dialog->issueButton()->isEnabled());
    QTest::mouseClick(dialog->issueButton(), Qt::LeftButton);

    QTRY_COMPARE(store.corrections(id).value().size(), 1);
    const Correction c = store.corrections(id).value().constFirst();
    QCOMPARE(c.type, CorrectionType::Claim);
    QCOMPARE(c.newText, corrected);
    QCOMPARE(c.actor, QStringLiteral("Test Owner"));
    const QJsonObject cr = store.publicRecord(id).value().value(QStringLiteral("correction_record")).toObject();
    QCOMPARE(cr.value(QStringLiteral("correction_state")).toString(), QStringLiteral("CORRECTED"));
    QCOMPARE(cr.value(QStringLiteral("correction_count")).toInt(), 1);

    // The Record tab and History follow.
    QTRY_VERIFY(m_window->recordTab()->pageText().contains(QStringLiteral("CORRECTED")));
    QVERIFY(m_window->recordTab()->pageText().contains(QStringLiteral("Claim 1 overstated the benchmark coverage.")));
    // The state's interpretation is the corrected one, not CURRENT's.
    QVERIFY(m_window->recordTab()->pageText().contains(QStringLiteral("CORRECTED means corrections have been issued")));
    QVERIFY(!m_window->recordTab()->pageText().contains(QStringLiteral("CURRENT means")));
    // The tab shows what the record holds: the provenance fields (stored as "source_provenance"),
    // the gate verdict, and the abstract once under its heading.
    {
        const QJsonObject rec = store.publicRecord(id).value();
        const QJsonObject pv = rec.value(QStringLiteral("source_provenance")).toObject();
        const QString page = m_window->recordTab()->pageText();
        QVERIFY(!pv.isEmpty());
        QVERIFY(page.contains(QStringLiteral("Gate Verdict")));
        QVERIFY(page.contains(rec.value(QStringLiteral("gate_verdict")).toObject().value(QStringLiteral("reason")).toString()));
        QVERIFY(page.contains(pv.value(QStringLiteral("claim_lineage")).toObject().value(QStringLiteral("text")).toString()));
        QVERIFY(page.contains(pv.value(QStringLiteral("review_method")).toString()));
        QVERIFY(page.contains(pv.value(QStringLiteral("external_record")).toString()));
        QVERIFY(!page.contains(QStringLiteral("Abstract: ")));
    }
    // The Claims tab shows the correction on the claim: the new text marked, the original struck
    // through with the note and the date under the evidence.
    {
        Ui::ClaimsTab *claims = m_window->claimsTab();
        QAbstractItemModel *model = claims->table()->model();
        QModelIndex corrected;
        QTRY_VERIFY([&] {
            for (int r = 0; r < model->rowCount(); ++r) {
                const QModelIndex i = model->index(r, ClaimTableModel::TextColumn);
                if (i.data(ClaimTableModel::ClaimIdRole).toLongLong() == c.claimId && i.data().toString().contains(c.newText))
                    corrected = i;
            }
            return corrected.isValid();
        }());
        QVERIFY(corrected.data().toString().startsWith(QStringLiteral("✎")));
        claims->table()->setCurrentIndex(corrected);
        QTRY_VERIFY(claims->correctionNote().contains(QStringLiteral("Claim 1 overstated the benchmark coverage.")));
        QVERIFY(claims->correctionNote().contains(c.oldText));
        QVERIFY(claims->correctionNote().contains(c.newText));
    }
    HistoryModel *history = m_window->historyTab()->model();
    bool seen = false;
    for (int r = 0; r < history->rowCount(); ++r)
        for (int col = 0; col < history->columnCount(); ++col)
            seen = seen || history->index(r, col).data().toString().contains(QStringLiteral("CLAIM"));
    QVERIFY2(seen, "History does not show the correction");

    // The ledger indicator followed each action and still verifies: decision, export x2, correction.
    QTRY_COMPARE(indicator->state().entries, entriesBefore + 4);
    QVERIFY(indicator->state().ok);
    QVERIFY(indicator->text().contains(QStringLiteral("verified")));
}

void TestPublishGui::unpublishedDraftIsRefused()
{
    const qint64 id = m_fixture.escalatedDraftId;
    openWindow(id);
    Ui::PublishActions *publish = m_window->publishActions();
    QSignalSpy previews(publish, &Ui::PublishActions::previewOpened);
    QSignalSpy messages(publish, &Ui::PublishActions::message);
    publish->exportPdfAction()->trigger();
    QCOMPARE(messages.size(), 1);
    QVERIFY(messages.first().first().toString().contains(QStringLiteral("escalated")));
    QVERIFY(!publish->isRendering());
    publish->correctAction()->trigger();
    QCOMPARE(messages.size(), 2);
    QVERIFY(messages.last().first().toString().contains(QStringLiteral("Approve it")));
    QVERIFY(!publish->exportManifestTo(id, QDir::temp().filePath(QStringLiteral("never.json"))));
    QVERIFY(!QFile::exists(QDir::temp().filePath(QStringLiteral("never.json"))));
    QTest::qWait(50);
    QCOMPARE(previews.size(), 0);
    Store store(m_db->db());
    QCOMPARE(store.corrections(id).value().size(), 0);
}

void TestPublishGui::ledgerIndicatorSeesTampering()
{
    const qint64 id = m_fixture.escalatedDraftId;
    auto ok = m_actions->decide(id, DecisionAction::Approve, QStringLiteral("fine")).result();
    QVERIFY2(ok, ok ? "" : qPrintable(ok.error()));
    openWindow(id);
    Ui::LedgerIndicator *indicator = m_window->ledgerIndicator();
    QTRY_VERIFY(indicator->text().contains(QStringLiteral("verified")));
    QVERIFY(indicator->state().entries >= 1);

    // Alter the decision row the way someone with the sqlite3 shell would.
    QSqlQuery q(m_db->db()->connection());
    QVERIFY(q.exec(QStringLiteral("UPDATE decisions SET note = 'something else' WHERE draft_id = %1").arg(id)));
    QVERIFY(q.numRowsAffected() >= 1);
    indicator->refresh();
    QTRY_VERIFY(indicator->text().startsWith(QStringLiteral("Ledger: BROKEN")));
    QVERIFY(!indicator->state().ok);
    QVERIFY(indicator->state().report.contains(QStringLiteral("decision")));
}

void TestPublishGui::liveReverificationMatchesSaved()
{
    // Give the escalated draft's run two evidence papers (the fixtures store none).
    const qint64 id = m_fixture.escalatedDraftId;
    Store store(m_db->db());
    const Draft draft = store.draft(id).value();
    Paper a;
    a.arxivId = QStringLiteral("2601.00001");
    a.title = QStringLiteral("Sparse retrieval for claim checking");
    a.abstract = QStringLiteral("We index abstracts with TF-IDF weights. Sparse retrieval finds the supporting passage "
                                "for most claims. Cosine similarity above a fixed threshold marks a claim as supported.");
    Paper b;
    b.arxivId = QStringLiteral("2601.00002");
    b.title = QStringLiteral("Tribunal review of drafts");
    b.abstract = QStringLiteral("Three reviewers score each draft. A synthesizer merges their verdicts into one policy.");
    auto up = CorpusStore(m_db->db()).upsert({a, b});
    QVERIFY2(up, up ? "" : qPrintable(up.error()));
    QSqlQuery q(m_db->db()->connection());
    QVERIFY2(q.exec(QStringLiteral("INSERT INTO run_papers (run_id, paper_id, fused_rank, final_rank) SELECT %1, id, id, id "
                                   "FROM papers WHERE arxiv_id IN ('2601.00001', '2601.00002')")
                        .arg(draft.runId)),
             qPrintable(q.lastError().text()));
    QCOMPARE(q.numRowsAffected(), 2);

    openWindow(id);
    Ui::ClaimsTab *claims = m_window->claimsTab();
    m_window->setCurrentTab(Ui::MainWindow::ClaimsPage);
    claims->selectClaim(draft.currentRound, 1);
    const QString text = QStringLiteral("Sparse retrieval with TF-IDF weights finds the supporting passage for claims.");
    claims->editor()->setPlainText(text);
    QTRY_VERIFY_WITH_TIMEOUT(claims->previewNote().startsWith(QStringLiteral("Re-verified: confidence")), 5000);
    const double shown = claims->previewNote().section(QLatin1Char(' '), 2, 2).remove(QLatin1Char(',')).toDouble();
    QVERIFY2(shown > 0.15, qPrintable(claims->previewNote())); // it shares most terms with paper a
    QVERIFY(claims->previewNote().contains(QStringLiteral("would be verified")));

    // Saving stores the re-verified confidence: the same function scores the saved edit.
    QTest::keyClick(claims->editor(), Qt::Key_Return, Qt::ControlModifier);
    QList<Claim> stored;
    QTRY_VERIFY((stored = store.claims(id, draft.currentRound).value(), !stored.isEmpty() && stored.first().text == text));
    QCOMPARE(QString::number(stored.first().confidence, 'f', 3), QString::number(shown, 'f', 3));
    QVERIFY(stored.first().verified);

    // A text that shares nothing with the evidence is previewed below the threshold (once the
    // window has reloaded the saved claim, which resets the editor).
    QTRY_VERIFY(m_window->currentDetails().claimsOfRound(draft.currentRound).value(0).text == text);
    QTest::qWait(50);
    claims->selectClaim(draft.currentRound, 1);
    claims->editor()->setPlainText(QStringLiteral("Quantum annealers factor large primes overnight."));
    QTRY_VERIFY_WITH_TIMEOUT(claims->previewNote().contains(QStringLiteral("below the threshold")), 5000);
}

void TestPublishGui::runSettingsFollowTheOwnersSettings()
{
    Ui::NewRunRequest r;
    r.verifyThreshold = 0.22;
    r.approveAt = 7.5;
    r.reviseAt = 4.0;
    r.topK = 7;
    r.maxRevisionRounds = 2;
    const Pipeline::PipelineSettings s = App::RunControllerAdapter::runSettings(r);
    QCOMPARE(s.verifyThreshold, 0.22);
    QCOMPARE(s.approveAt, 7.5);
    QCOMPARE(s.reviseAt, 4.0);
    QCOMPARE(s.topK, 7);
    QCOMPARE(s.maxRevisionRounds, 2);
    QCOMPARE(s.backends.search, QStringLiteral("local"));
    // A revise threshold above the approve threshold is capped, not stored inverted.
    r.reviseAt = 9;
    QCOMPARE(App::RunControllerAdapter::runSettings(r).reviseAt, 7.5);
}

void TestPublishGui::remoteRunIsPreparedOffTheGuiThread()
{
    // LLM reviewers without an API key: prepareRemote refuses (before any network I/O), on a worker
    // thread; the refusal arrives as startFailed and no run is submitted.
    qunsetenv("SOVEREIGN_API_KEY");
    qunsetenv("NVIDIA_API_KEY");
    Pipeline::RunController controller(m_db->db());
    App::RunControllerAdapter runs(&controller, m_db->db());
    QSignalSpy failed(&runs, &Ui::RunService::startFailed);
    QSignalSpy started(&runs, &Ui::RunService::runStarted);
    Ui::NewRunRequest r;
    r.sourceRef = QStringLiteral("2601.00001");
    r.question = QStringLiteral("Does sparse retrieval find the supporting passage?");
    r.tribunalBackend = QStringLiteral("openai-compatible");
    auto id = runs.start(r);
    QVERIFY(id);
    QCOMPARE(*id, qint64(0)); // being prepared
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("API key")), qPrintable(failed.first().first().toString()));
    QCOMPARE(started.size(), 0);
    QVERIFY(!runs.remoteServices());
    QVERIFY(runs.activeRuns().isEmpty());
}

// A run made at threshold 0.3 (its stored configuration is PipelineSettings::toJson()): the Claims
// tab, the PDF export and the public record all read 0.3 through the one settings parser.
void TestPublishGui::runThresholdReachesClaimsTabPdfAndRecord()
{
    const qint64 id = m_fixture.escalatedDraftId;
    QVERIFY_OK(m_actions->decide(id, DecisionAction::Approve, QStringLiteral("Published to be exported.")).result());
    Store store(m_db->db());
    auto draft = store.draft(id);
    QVERIFY_OK(draft);
    auto run = store.run(draft->runId);
    QVERIFY_OK(run);
    Pipeline::PipelineSettings settings;
    settings.verifyThreshold = 0.3;
    run->config = settings.toJson();
    QVERIFY_OK(store.updateRun(*run));

    QVERIFY_OK(Pipeline::rebuildPublicRecord(m_db->db(), id));
    auto record = store.publicRecord(id);
    QVERIFY_OK(record);
    const QString recordText = QString::fromUtf8(QJsonDocument(*record).toJson(QJsonDocument::Compact));
    QVERIFY2(recordText.contains(QStringLiteral("mean cosine / 0.6)")), qPrintable(recordText.left(600)));

    auto paper = Pipeline::loadPaperExport(store, id, {});
    QVERIFY_OK(paper);
    QCOMPARE(paper->verifyThreshold, 0.3);

    openWindow(id);
    Ui::ClaimsTab *claims = m_window->claimsTab();
    QVERIFY(claims);
    QTRY_COMPARE(claims->model()->threshold(), 0.3);
    QCOMPARE(claims->table()->model()->index(0, 0).data(ClaimTableModel::ThresholdRole).toDouble(), 0.3);
}

QTEST_MAIN(TestPublishGui)
#include "tst_publishgui.moc"

