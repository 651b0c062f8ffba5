// sovereign-workbench: the owner's desktop application. Parses the command line, opens the
// database, constructs the services and hands them to the main window.
#include "common/databasepath.h"
#include "gui/corpusimporter.h"
#include "gui/guiservices.h"
#include "gui/noteautosave.h"
#include "models/storage/database.h"
#include "models/storage/sessionlock.h"
#include "models/storage/worker.h"
#include "models/ledger/ledger.h"
#include "pipeline/retrieval/democorpus.h"
#include "pipeline/run/localbackends.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/publish/publicrecord.h"
#include "pipeline/remote/remotebackends.h"
#include "pipeline/run/runcontroller.h"
#include "ui/dialogs.h"
#include "ui/mainwindow.h"
#include "ui/theme.h"
#include "ui/publishactions.h"
#include "translations/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

using namespace Sovereign;

int main(int argc, char **argv)
{
    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Sovereign"));
    QApplication::setApplicationName(QStringLiteral("sovereign-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sovereign Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(SOVEREIGN_VERSION));
    // The desktop entry's id (packaging/); the icon comes from the icon theme, else the compiled-in SVG.
    QApplication::setDesktopFileName(QStringLiteral("org.sovereign.Workbench"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("org.sovereign.Workbench"),
                                                 QIcon(QStringLiteral(":/sovereign/icons/org.sovereign.Workbench.svg"))));
    // The user interface follows the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); English without a translation.
    Translations::install();
    Ui::Theme::applyAppearance(Ui::WorkbenchSettings::load().appearance); // Settings → Appearance

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Review, decide on and publish SOVEREIGN drafts."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QCoreApplication::translate("main", "Database file (default: $SOVEREIGN_DB, "
                                                                                "else the user's data directory)."),
                                      QStringLiteral("path"));
    const QCommandLineOption selectOption(QStringLiteral("select-draft"),
                                         QCoreApplication::translate("main", "Open with this draft selected (draft id or SRCH id)."),
                                         QStringLiteral("id"));
    const QCommandLineOption tabOption(QStringLiteral("tab"),
                                      QCoreApplication::translate("main", "Open on this tab: draft, claims, tribunal, record, pipeline, history."),
                                      QStringLiteral("name"));
    const QCommandLineOption queueOption(QStringLiteral("queue"), QCoreApplication::translate("main", "Open on this queue (0 Escalated … 5 All)."),
                                        QStringLiteral("n"));
    const QCommandLineOption pdfOption(QStringLiteral("export-pdf"),
                                      QCoreApplication::translate("main", "Open the PDF preview of the selected draft (with --select-draft)."));
    const QCommandLineOption importOption(QStringLiteral("import"),
                                          QCoreApplication::translate("main", "Import this file of paper metadata (arXiv OAI JSON-lines or Atom) into the corpus, with progress."),
                                          QStringLiteral("file"));
    parser.addOptions({dbOption, selectOption, tabOption, queueOption, pdfOption, importOption});
    parser.process(app);

    const QString path = App::resolveDatabasePath(parser.value(dbOption));
    auto db = Models::Database::open(path);
    if (!db) {
        QMessageBox::critical(nullptr, QStringLiteral("Sovereign Workbench"),
                              QCoreApplication::translate("main", "The database could not be opened.\n\n%1").arg(db.error()));
        return 3;
    }
    // A lock file beside the database tells a crash from a clean exit; after a crash, SQLite's
    // quick_check runs now and the owner is told what was found (see the window's start below).
    auto session = Models::SessionLock::acquire(*db);
    if (!session)
        qWarning("%s", qPrintable(session.error()));
    // Notes typed into decision and correction dialogs are kept on disk until they are used.
    App::NoteAutosave noteAutosave(Models::TextAutosave(Models::TextAutosave::folderFor((*db)->path())));
    app.installEventFilter(&noteAutosave);
    auto ledger = Models::Ledger::open(*db);
    if (!ledger) {
        QMessageBox::critical(nullptr, QStringLiteral("Sovereign Workbench"),
                              QCoreApplication::translate("main", "The decision ledger could not be opened.\n\n%1").arg(ledger.error()));
        return 3;
    }
    // An empty corpus gets the bundled demo papers, off the GUI thread.
    auto sharedDb = *db;
    (void)Models::runOnWorker(sharedDb, [sharedDb] {
        // Search still works on what the corpus holds; the import's failure goes to the log.
        if (auto imported = Pipeline::ensureDemoCorpus(sharedDb); !imported)
            qWarning("demo corpus not imported: %s", qUtf8Printable(imported.error()));
    });

    Pipeline::OwnerActions ownerActions(*db, *ledger);
    ownerActions.setRecordRebuilder([sharedDb](qint64 id) { return Pipeline::rebuildPublicRecord(sharedDb, id); });
    App::OwnerActionsAdapter actions(&ownerActions);
    App::RunControllerAdapter *runsAdapter = nullptr; // set below; the factory runs only after submit
    Pipeline::RunController controller(sharedDb, [sharedDb, &ownerActions, &runsAdapter](const Pipeline::PipelineSettings &settings) {
        Pipeline::Backends b = Pipeline::localBackends(sharedDb);
        // Remote choices of the New-run dialog, prepared off the GUI thread (as `sovereign run` does).
        if (Pipeline::usesRemote(settings.backends) && runsAdapter) {
            if (auto services = runsAdapter->remoteServices()) {
                if (auto r = Pipeline::applyRemoteBackends(b, settings, services, sharedDb))
                    b = *r;
            }
        }
        // AUTO_APPROVE goes through the publication layer so it gets its ledger entry.
        b.autoApprove = [&ownerActions](qint64 draftId, const QString &reason) -> Models::Status {
            auto r = ownerActions.recordAutoApproval(draftId, reason);
            if (!r)
                return Models::fail(r.error());
            return {};
        };
        return b;
    });
    // Decisions are written on the actions adapter's writer thread; the controller lives on this one.
    ownerActions.setRevisionHandler([&controller](qint64 draftId, const QString &note) {
        Models::Status queued;
        QMetaObject::invokeMethod(&controller, [&] { queued = controller.requestRevision(draftId, note); },
                                  QThread::currentThread() == controller.thread() ? Qt::DirectConnection
                                                                                  : Qt::BlockingQueuedConnection);
        return queued;
    });
    App::RunControllerAdapter runs(&controller, sharedDb);
    runsAdapter = &runs;
    App::KeychainSecretStore secrets;
    Ui::Services services;
    services.drafts = std::make_shared<App::DraftReaderAdapter>(*db);
    services.actions = &actions;
    services.runs = &runs;
    services.corpus = std::make_shared<App::CorpusSearchAdapter>(*db);
    services.scorer = std::make_shared<App::ClaimScorerAdapter>(*db);
    services.secrets = &secrets;
    services.ledger = std::make_shared<App::LedgerCheckAdapter>(*ledger);

    Ui::MainWindow window(services);
    if (parser.isSet(queueOption))
        window.setQueue(parser.value(queueOption).toInt());
    if (parser.isSet(tabOption)) {
        if (auto tab = Ui::MainWindow::tabFromName(parser.value(tabOption)))
            window.setCurrentTab(*tab);
    }
    if (parser.isSet(selectOption)) {
        Models::Store store(*db);
        if (auto d = store.findDraft(parser.value(selectOption)))
            window.selectDraft(d->id);
    } else {
        window.restoreLastSelection();
    }
    if (parser.isSet(pdfOption)) {
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = QObject::connect(&window, &Ui::MainWindow::detailsLoaded, &window, [&window, once] {
            QObject::disconnect(*once);
            window.publishActions()->exportPdf();
        });
    }
    auto importer = std::make_shared<App::CorpusImporterAdapter>(*db);
    window.setCorpusImporter(importer);
    window.show();
    if (session && (*session)->uncleanExit()) {
        const auto &unclean = *(*session)->uncleanExit();
        const int kept = int(noteAutosave.store().pending().size());
        QString text = (*session)->recoveryText();
        if (kept > 0)
            text += QCoreApplication::translate("main", "\n\n%n unsent note(s) were kept; each comes back when you open the same "
                                                        "decision or correction again.", nullptr, kept);
        auto *box = new QMessageBox(unclean.quickCheck.isEmpty() ? QMessageBox::Information : QMessageBox::Warning,
                                    QCoreApplication::translate("main", "Recovered after an unclean exit"), text, QMessageBox::Ok, &window);
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    if (parser.isSet(importOption)) {
        auto *dialog = new Ui::CorpusImportDialog(importer, &window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        dialog->start(parser.values(importOption));
    }
    const int rc = app.exec();
    QThreadPool::globalInstance()->waitForDone();
    return rc;
}
