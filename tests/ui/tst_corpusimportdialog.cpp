// The corpus import dialog: progress while the worker runs, cancel reaching the importer between
// batches (and the window staying until it has stopped), and the real adapter importing a
// generated OAI snapshot and refreshing the semantic index.
#include "gui/corpusimporter.h"
#include "models/storage/corpusstore.h"
#include "oaigenerator.h"
#include "support/testsupport.h"
#include "ui/corpusimportdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace Sovereign;

namespace {

// Reports one "batch" every 20 ms until cancelled or 500 batches are done.
class SlowImporter final : public Ui::CorpusImporter
{
public:
    std::atomic_bool sawCancel{false};
    std::atomic_bool indexed{false};

    Ui::CorpusImportOutcome importFiles(const QStringList &, const Progress &progress, const std::atomic_bool *cancel) override
    {
        Ui::CorpusImportOutcome out;
        for (int batch = 1; batch <= 500; ++batch) {
            if (cancel->load()) {
                sawCancel = true;
                out.cancelled = true;
                return out;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            out.records = out.inserted = batch * 100;
            Ui::CorpusImportProgress p;
            p.done = batch;
            p.total = 500;
            p.records = p.inserted = out.records;
            p.elapsedMs = batch * 20;
            progress(p);
        }
        return out;
    }
    QString buildIndex(const Progress &, const std::atomic_bool *) override
    {
        indexed = true;
        return {};
    }
};

QString label(const QWidget &w, const char *name) { return w.findChild<QLabel *>(QLatin1StringView(name))->text(); }

} // namespace

class TestCorpusImportDialog : public QObject
{
    Q_OBJECT

private slots:
    // Every warning fails, except the offscreen platform's note on size hints.
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!This plugin does not support propagateSizeHints).*"))); }

    void cancelKeepsTheWindowUntilTheWorkerStops()
    {
        auto importer = std::make_shared<SlowImporter>();
        Ui::CorpusImportDialog dialog(importer);
        QSignalSpy finished(&dialog, &Ui::CorpusImportDialog::finished);
        dialog.show();
        dialog.start({QStringLiteral("/nonexistent/oai.jsonl")});
        QVERIFY(dialog.isWorking());
        // Progress arrives while the worker runs.
        QTRY_VERIFY(label(dialog, "importCounts").contains(QStringLiteral(" added")));
        auto *bar = dialog.findChild<QProgressBar *>(QStringLiteral("importProgress"));
        QTRY_VERIFY(bar->value() > 0);
        QVERIFY(label(dialog, "importRate").contains(QStringLiteral("papers/s")));
        // Cancel (the button, as a user would): the window stays while the batch ends.
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        buttons->button(QDialogButtonBox::Cancel)->click();
        QVERIFY(dialog.isVisible());
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(importer->sawCancel.load());
        QVERIFY(!importer->indexed.load()); // a cancelled import does not refresh the index
        const auto outcome = finished.first().first().value<Ui::CorpusImportOutcome>();
        QVERIFY(outcome.cancelled);
        QVERIFY(outcome.inserted < 50000);
        QVERIFY(label(dialog, "importPhase").contains(QStringLiteral("Cancelled")));
        QVERIFY(buttons->button(QDialogButtonBox::Close));
        buttons->button(QDialogButtonBox::Close)->click();
        QVERIFY(!dialog.isVisible());
    }

    void importsASnapshotAndIndexesIt()
    {
        QTemporaryDir dir;
        Bench::OaiGeneratorOptions o;
        o.records = 3000;
        const QString file = dir.filePath(QStringLiteral("oai.jsonl"));
        std::string error;
        QVERIFY(Bench::OaiGenerator(o).writeFile(file.toStdString(), &error));
        Test::TempDatabase tmp;
        auto importer = std::make_shared<App::CorpusImporterAdapter>(tmp.db());
        Ui::CorpusImportDialog dialog(importer);
        QSignalSpy finished(&dialog, &Ui::CorpusImportDialog::finished);
        dialog.show();
        dialog.start({file});
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        const auto outcome = finished.first().first().value<Ui::CorpusImportOutcome>();
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(outcome.inserted, 3000);
        QCOMPARE(label(dialog, "importPhase"), QStringLiteral("Done."));
        QVERIFY(label(dialog, "importCounts").contains(QLocale().toString(qint64(3000)) + QStringLiteral(" added")));
        Models::CorpusStore store(tmp.db());
        QCOMPARE(*store.count(), 3000);
        QCOMPARE(*store.embeddingCount(QStringLiteral("local-tfidf-svd-256")), 3000);
    }
};

QTEST_MAIN(TestCorpusImportDialog)
#include "tst_corpusimportdialog.moc"
