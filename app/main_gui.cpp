// sovereign-workbench: the owner's desktop application.
#include "cli/cli.h"
#include "models/database.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Sovereign"));
    QApplication::setApplicationName(QStringLiteral("sovereign-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sovereign Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(SOVEREIGN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Review, decide on and publish SOVEREIGN drafts."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database file (default: $SOVEREIGN_DB, "
                                                                           "else the user's data directory)."),
                                      QStringLiteral("path"));
    parser.addOption(dbOption);
    parser.process(app);

    const QString path = Sovereign::App::resolveDatabasePath(parser.value(dbOption));
    auto db = Sovereign::Models::Database::open(path);
    if (!db) {
        QMessageBox::critical(nullptr, QStringLiteral("Sovereign Workbench"),
                              QStringLiteral("The database could not be opened.\n\n%1").arg(db.error()));
        return 3;
    }
    Sovereign::Ui::MainWindow window(path);
    window.show();
    return app.exec();
}
