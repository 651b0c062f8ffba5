// The lost-decision incident, as a person causes it: the workbench is open, the owner saves a PDF and
// types a file name in the Save dialog while it shows the folder that holds the database (its
// completer lists that folder), the command-line tool reads and writes the same file, and then the
// owner rejects a draft. The decision must be on disk, the -wal/-shm files the workbench uses must
// still exist, and the ledger must verify.
#include "app/gui/guiservices.h"
#include "models/ledger/ledger.h"
#include "models/items/queuemodel.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/run/pipelinerun.h"
#include "support/fixtures.h"
#include "support/testsupport.h"
#include "ui/ledgerindicator.h"
#include "ui/mainwindow.h"
#include "ui/pdfpreviewdialog.h"
#include "ui/publishactions.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCompleter>
#include <QDialog>
#include <QDir>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Models;

class TestSharedFileGui : public QObject
{
    Q_OBJECT

    std::unique_ptr<Test::TempDatabase> m_db;
    std::shared_ptr<Ledger> m_ledger;
    std::unique_ptr<Pipeline::OwnerActions> m_owner;
    std::unique_ptr<App::OwnerActionsAdapter> m_actions;
    std::unique_ptr<Ui::MainWindow> m_window;
    QTemporaryDir m_home;

    QProcess *startCli(const QStringList &args)
    {
        auto *p = new QProcess(this);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        p->setProcessEnvironment(env);
        p->start(QCoreApplication::applicationDirPath() + QStringLiteral("/sovereign"),
                 QStringList{QStringLiteral("--db"), m_db->path()} + args);
        return p;
    }

    static bool finishedOk(QProcess *p)
    {
        return p->state() == QProcess::NotRunning && p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0;
    }

    QList<qint64> escalatedDrafts()
    {
        QList<qint64> ids;
        QSqlQuery q(m_db->db()->connection());
        q.exec(QStringLiteral("SELECT id FROM drafts WHERE state = 'escalated' ORDER BY id"));
        while (q.next())
            ids.append(q.value(0).toLongLong());
        return ids;
    }

private slots:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("SovereignTest"));
        QApplication::setApplicationName(QStringLiteral("tst_sharedfilegui"));
        qputenv("SOVEREIGN_NO_KEYCHAIN", "1");
        // The CLI child inherits the key, so both processes extend one ledger.
        qputenv("SOVEREIGN_LEDGER_KEY", "shared-file-gui-key");
        QVERIFY(m_home.isValid());
    }

    void init()
    {
        QSettings().clear();
        QSettings().setValue(QStringLiteral("owner/name"), QStringLiteral("Test Owner"));
        m_db = std::make_unique<Test::TempDatabase>();
        QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
        Store store(m_db->db());
        Test::FixtureOptions o;
        o.drafts = 6;
        auto f = Test::generateFixtures(store, o);
        QVERIFY_OK(f);
        {
            QSqlQuery q(m_db->db()->connection());
            for (const char *sql : {"DELETE FROM corrections", "DELETE FROM claim_edits", "DELETE FROM decisions",
                                    "UPDATE drafts SET state = 'escalated', published_at = NULL"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
        }
        auto ledger = Ledger::open(m_db->db());
        QVERIFY_OK(ledger);
        m_ledger = *ledger;
        m_owner = std::make_unique<Pipeline::OwnerActions>(m_db->db(), m_ledger);
        auto db = m_db->db();
        m_owner->setRecordRebuilder([db](qint64 id) { return Pipeline::rebuildPublicRecord(db, id); });
        m_actions = std::make_unique<App::OwnerActionsAdapter>(m_owner.get());
        QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support (propagateSizeHints|raise|grabbing)).*")));
    }

    void cleanup()
    {
        for (QWidget *w : QApplication::topLevelWidgets())
            if (qobject_cast<QMessageBox *>(w) || qobject_cast<QFileDialog *>(w))
                w->close();
        m_window.reset();
        QThreadPool::globalInstance()->waitForDone();
        m_actions.reset();
        m_owner.reset();
        m_ledger.reset();
        m_db.reset();
    }

    void saveDialogOnTheDatabaseFolderWhileTheCliWrites()
    {
        const QList<qint64> escalated = escalatedDrafts();
        QVERIFY(escalated.size() >= 3);
        const qint64 published = escalated.at(0);
        const qint64 theirs = escalated.at(1);
        const qint64 mine = escalated.at(2);
        QVERIFY_OK(m_owner->decide(published, Pipeline::OwnerDecision::Approve, QStringLiteral("owner"), {}));

        Ui::Services s;
        s.drafts = std::make_shared<App::DraftReaderAdapter>(m_db->db());
        s.actions = m_actions.get();
        s.ledger = std::make_shared<App::LedgerCheckAdapter>(m_ledger);
        m_window = std::make_unique<Ui::MainWindow>(s);
        m_window->setQueue(QueueModel::All);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->selectDraft(published);
        QTRY_COMPARE(m_window->currentDraftId(), published);
        QTRY_VERIFY(m_window->publishActions()->exportPdfAction()->isEnabled());
        Ui::LedgerIndicator *indicator = m_window->ledgerIndicator();
        QTRY_VERIFY2(indicator->text().contains(QStringLiteral("verified")), qPrintable(indicator->text()));

        // Export PDF…, then Save… on the folder that holds the database.
        Ui::PublishActions *publish = m_window->publishActions();
        QSignalSpy previews(publish, &Ui::PublishActions::previewOpened);
        publish->exportPdfAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(previews.size(), 1, 20000);
        auto *preview = previews.first().first().value<Ui::PdfPreviewDialog *>();
        QVERIFY(preview);
        preview->saveInteractively();
        QFileDialog *dialog = preview->saveDialog();
        QVERIFY(dialog);
        const QString folder = QFileInfo(m_db->path()).absolutePath();
        {
            // An earlier export beside the database, so the completer has a PDF name to offer.
            QFile earlier(QDir(folder).filePath(QStringLiteral("test-earlier.pdf")));
            QVERIFY(earlier.open(QIODevice::WriteOnly));
            earlier.write("%PDF-1.4\n");
        }
        dialog->setDirectory(folder);
        QTRY_VERIFY(dialog->isVisible());
        auto *nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(nameEdit);
        nameEdit->clear();
        nameEdit->setFocus();
        // Typing the start of a name that is in the folder makes the completer list it.
        QTest::keyClicks(nameEdit, QStringLiteral("tes"));
        QCompleter *completer = nameEdit->completer();
        QVERIFY(completer);
        QTRY_VERIFY_WITH_TIMEOUT(completer->completionCount() > 0, 5000);
        QVERIFY(completer->popup()->isVisible() || completer->completionCount() > 0);

        // The CLI reads and writes the same file while the dialog is open.
        QProcess *show = startCli({QStringLiteral("drafts"), QStringLiteral("show"), QString::number(theirs)});
        QTRY_VERIFY_WITH_TIMEOUT(show->state() == QProcess::NotRunning, 60000);
        QVERIFY2(finishedOk(show), show->readAllStandardError().constData());
        QProcess *decide =
            startCli({QStringLiteral("decide"), QString::number(theirs), QStringLiteral("reject")});
        QTRY_VERIFY_WITH_TIMEOUT(decide->state() == QProcess::NotRunning, 60000);
        QVERIFY2(finishedOk(decide), decide->readAllStandardError().constData());
        QTest::keyClicks(nameEdit, QStringLiteral("t-paper"));
        dialog->reject();
        preview->close();

        // The owner rejects a draft in the workbench (R, note, Ctrl+Return).
        m_window->selectDraft(mine);
        QTRY_COMPARE(m_window->currentDraftId(), mine);
        m_window->activateWindow();
        m_window->draftView()->setFocus();
        QAction *reject = nullptr;
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->text() == QStringLiteral("Reject"))
                reject = a;
        QVERIFY(reject);
        QTRY_VERIFY(reject->isEnabled());
        reject->trigger();
        QDialog *decision = nullptr;
        QTRY_VERIFY((decision = qobject_cast<QDialog *>(QApplication::activeModalWidget())));
        auto *note = decision->findChild<QPlainTextEdit *>();
        QVERIFY(note);
        note->setPlainText(QStringLiteral("Off topic."));
        QTest::keyClick(note, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE(m_window->currentDetails().draft.state, DraftState::Rejected);
        QVERIFY2(!m_window->decisionFailureBox(), "the decision failed");

        // The files the workbench writes to are still there, and nothing it holds was deleted.
        QVERIFY(QFile::exists(m_db->path() + QStringLiteral("-wal")));
        QVERIFY(QFile::exists(m_db->path() + QStringLiteral("-shm")));
        const QStringList health = m_db->db()->checkHealth();
        QVERIFY2(health.isEmpty(), qPrintable(health.join(QStringLiteral("; "))));

        // Another process sees both decisions on disk, and the ledger verifies from both sides.
        QProcess *check = startCli({QStringLiteral("--json"), QStringLiteral("drafts"), QStringLiteral("show"),
                                    QString::number(mine)});
        QTRY_VERIFY_WITH_TIMEOUT(check->state() == QProcess::NotRunning, 60000);
        QVERIFY2(finishedOk(check), check->readAllStandardError().constData());
        const QByteArray shown = check->readAllStandardOutput();
        QVERIFY2(shown.contains("\"rejected\""), shown.constData());
        QCOMPARE(Store(m_db->db()).draft(theirs).value().state, DraftState::Rejected);
        QProcess *verify = startCli({QStringLiteral("ledger"), QStringLiteral("verify")});
        QTRY_VERIFY_WITH_TIMEOUT(verify->state() == QProcess::NotRunning, 60000);
        QVERIFY2(finishedOk(verify), verify->readAllStandardOutput().constData());
        indicator->refresh();
        QTRY_VERIFY2(!indicator->isChecking() && indicator->state().ok && indicator->state().entries == 3,
                     qPrintable(indicator->text() + QLatin1Char('\n') + indicator->state().report));
    }
};

QTEST_MAIN(TestSharedFileGui)
#include "tst_sharedfilegui.moc"
