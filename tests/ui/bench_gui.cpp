// sovereign-gui-bench: builds a database of N drafts (default 10,000) with the fixture generator
// and measures the main window's time to first paint on it (construction, show, first paint of
// the draft list with its first page). Also makes fixture databases for screenshots:
//   sovereign-gui-bench --make-db PATH [--drafts N]
#include "app/gui/guiservices.h"
#include "models/items/draftlistmodel.h"
#include "models/ledger/ledger.h"
#include "pipeline/publish/owneractions.h"
#include "support/fixtures.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>

using namespace Sovereign;

namespace {
// Records when the draft list's viewport first paints with rows in it.
class PaintProbe final : public QObject
{
public:
    QElapsedTimer *clock = nullptr;
    QTableView *view = nullptr;
    qint64 firstPaintMs = -1;
    qint64 firstRowsMs = -1;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            if (firstPaintMs < 0)
                firstPaintMs = clock->elapsed();
            if (firstRowsMs < 0 && view->model()->rowCount() > 0)
                firstRowsMs = clock->elapsed();
        }
        return QObject::eventFilter(watched, event);
    }
};
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SovereignBench"));
    QApplication::setApplicationName(QStringLiteral("sovereign-gui-bench"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption draftsOpt(QStringLiteral("drafts"), QStringLiteral("Number of drafts."), QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption makeDb(QStringLiteral("make-db"), QStringLiteral("Only write a fixture database to PATH."), QStringLiteral("path"));
    const QCommandLineOption runs(QStringLiteral("repeat"), QStringLiteral("Measurements."), QStringLiteral("n"), QStringLiteral("3"));
    parser.addOptions({draftsOpt, makeDb, runs});
    parser.process(app);
    QTextStream out(stdout);
    const int n = parser.value(draftsOpt).toInt();

    QTemporaryDir dir;
    const QString path = parser.isSet(makeDb) ? parser.value(makeDb) : dir.filePath(QStringLiteral("bench.sqlite"));
    if (parser.isSet(makeDb))
        QFile::remove(path);
    auto db = Models::Database::open(path);
    if (!db) {
        out << "cannot open " << path << ": " << db.error() << Qt::endl;
        return 1;
    }
    QElapsedTimer build;
    build.start();
    {
        Models::Store store(*db);
        Test::FixtureOptions o;
        o.drafts = n;
        o.detailedDrafts = parser.isSet(makeDb) ? -1 : 300;
        auto f = Test::generateFixtures(store, o);
        if (!f) {
            out << "fixtures failed: " << f.error() << Qt::endl;
            return 1;
        }
    }
    out << "built " << n << " drafts in " << build.elapsed() << " ms (" << path << ")" << Qt::endl;
    if (parser.isSet(makeDb))
        return 0;

    auto ledger = Models::Ledger::open(*db);
    if (!ledger) {
        out << "ledger: " << ledger.error() << Qt::endl;
        return 1;
    }
    Pipeline::OwnerActions ownerActions(*db, *ledger);
    App::OwnerActionsAdapter actions(&ownerActions);
    Ui::Services services;
    services.drafts = std::make_shared<App::DraftReaderAdapter>(*db);
    services.actions = &actions;
    QList<qint64> samples;
    for (int i = 0; i < parser.value(runs).toInt(); ++i) {
        QElapsedTimer clock;
        clock.start();
        auto *window = new Ui::MainWindow(services);
        PaintProbe probe;
        probe.clock = &clock;
        probe.view = window->draftView();
        window->draftView()->viewport()->installEventFilter(&probe);
        window->setQueue(5); // All: 10,000 drafts
        window->show();
        while (probe.firstRowsMs < 0 && clock.elapsed() < 10000)
            QApplication::processEvents(QEventLoop::AllEvents, 5);
        out << "run " << i + 1 << ": window painted at " << probe.firstPaintMs << " ms, first page of drafts painted at "
            << probe.firstRowsMs << " ms (" << window->drafts()->rowCount() << " rows loaded)" << Qt::endl;
        samples.append(probe.firstRowsMs);
        window->draftView()->viewport()->removeEventFilter(&probe);
        delete window;
        QApplication::processEvents();
    }
    std::sort(samples.begin(), samples.end());
    out << "median time to first paint with drafts: " << samples.at(samples.size() / 2) << " ms for " << n << " drafts" << Qt::endl;
    QThreadPool::globalInstance()->waitForDone();
    return 0;
}
