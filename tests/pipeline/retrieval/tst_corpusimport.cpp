// Corpus import: JSON-lines (OAI snapshot) with broken lines, Atom files, format detection,
// re-runs that skip, refresh, batching and cancellation leaving whole batches.
#include "pipeline/golden.h"
#include "pipeline/paperjson.h"
#include "pipeline/retrieval/corpusimport.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;

namespace {

// The report with file paths reduced to their names, so the golden file does not depend on the checkout.
QJsonObject portableReport(ImportReport r)
{
    for (auto &f : r.files)
        f.file = f.file.section(QLatin1Char('/'), -1);
    for (auto &p : r.problems)
        p.file = p.file.section(QLatin1Char('/'), -1);
    return r.toJson();
}

QJsonArray storedPapers(Models::CorpusStore &store)
{
    QJsonArray out;
    const auto texts = store.allTexts();
    for (const auto &t : *texts)
        out.append(Test::paperJson(*store.paper(t.id)));
    return out;
}

} // namespace

class TestCorpusImport : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void detect_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("format");
        QTest::newRow("jsonl") << QByteArray("{\"id\":1}\n") << int(ImportFormat::JsonLines);
        QTest::newRow("bom+space jsonl") << QByteArray("\xEF\xBB\xBF  \n{") << int(ImportFormat::JsonLines);
        QTest::newRow("xml decl") << QByteArray("<?xml version=\"1.0\"?><feed/>") << int(ImportFormat::Atom);
        QTest::newRow("csv") << QByteArray("id,title\n") << int(ImportFormat::Unknown);
        QTest::newRow("empty") << QByteArray() << int(ImportFormat::Unknown);
    }
    void detect()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, format);
        QCOMPARE(int(detectImportFormat(head)), format);
    }

    void oaiDate()
    {
        QCOMPARE(normaliseOaiDate(QStringLiteral("Mon, 2 Apr 2007 19:18:42 GMT")), QStringLiteral("2007-04-02T19:18:42Z"));
        QCOMPARE(normaliseOaiDate(QStringLiteral("2024-03-13")), QStringLiteral("2024-03-13"));
    }

    void jsonLinesWithBrokenLines()
    {
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        ImportOptions options;
        options.batchSize = 2;
        int progressCalls = 0;
        options.progress = [&progressCalls](const ImportProgress &) { ++progressCalls; };
        const ImportReport report = importCorpusFiles(store, {Test::dataPath(QStringLiteral("corpusimport/broken.jsonl"))}, options);
        QVERIFY(report.anythingImported());
        QCOMPARE(report.inserted(), 3);
        QCOMPARE(report.broken(), 5);
        QVERIFY(progressCalls >= 2);
        // The line numbers a user would look up in an editor.
        QList<qint64> lines;
        for (const auto &p : report.problems)
            lines.append(p.line);
        QCOMPARE(lines, (QList<qint64>{2, 4, 5, 6, 9}));
        COMPARE_GOLDEN(QJsonDocument(portableReport(report)), QStringLiteral("corpusimport/broken.report.json"));
        COMPARE_GOLDEN(QJsonDocument(storedPapers(store)), QStringLiteral("corpusimport/broken.papers.json"));

        // A re-run skips everything already there and is still a success.
        const ImportReport rerun = importCorpusFiles(store, {Test::dataPath(QStringLiteral("corpusimport/broken.jsonl"))});
        QCOMPARE(rerun.inserted(), 0);
        QCOMPARE(rerun.skipped(), 3);
        QVERIFY(rerun.anythingImported());
    }

    void atomFileAndRefresh()
    {
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        importCorpusFiles(store, {Test::dataPath(QStringLiteral("corpusimport/broken.jsonl"))});
        ImportOptions refresh;
        refresh.mode = Models::UpsertMode::Refresh;
        const ImportReport report = importCorpusFiles(store, {Test::dataPath(QStringLiteral("corpusimport/small.atom"))}, refresh);
        QCOMPARE(int(report.files.first().format), int(ImportFormat::Atom));
        QCOMPARE(report.inserted(), 1);
        QCOMPARE(report.updated(), 1);
        auto p = store.paperByArxivId(QStringLiteral("2403.90011"));
        QCOMPARE((*p)->latestVersion, QStringLiteral("v3"));
        QCOMPARE((*p)->title, QStringLiteral("A Fixture on Sparse Experts (revised)"));
        COMPARE_GOLDEN(QJsonDocument(storedPapers(store)), QStringLiteral("corpusimport/after-atom.papers.json"));
    }

    void nothingImportable()
    {
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        const ImportReport bad = importCorpusData(store, QByteArray("{oops\n[1]\n"), QStringLiteral("bad.jsonl"));
        QVERIFY(!bad.anythingImported());
        QCOMPARE(bad.broken(), 2);
        const ImportReport truncated = importCorpusFiles(store, {Test::dataPath(QStringLiteral("atom/truncated.xml"))});
        QVERIFY(!truncated.anythingImported());
        QVERIFY(truncated.files.first().error.startsWith(QStringLiteral("truncated XML")));
        const ImportReport missing = importCorpusFiles(store, {QStringLiteral("/nonexistent/file.jsonl")});
        QVERIFY(!missing.anythingImported());
        QVERIFY(missing.files.first().error.startsWith(QStringLiteral("cannot open")));
        QCOMPARE(*store.count(), 0);
    }

    void cancelLeavesWholeBatches()
    {
        Test::TempDatabase tmp;
        Models::CorpusStore store(tmp.db());
        QByteArray data;
        for (int i = 0; i < 50; ++i)
            data += QStringLiteral("{\"id\": \"2405.%1\", \"title\": \"Paper %2\", \"abstract\": \"text\"}\n")
                        .arg(90000 + i)
                        .arg(i)
                        .toUtf8();
        std::atomic_bool cancel{false};
        ImportOptions options;
        options.batchSize = 10;
        options.cancel = &cancel;
        options.progress = [&cancel](const ImportProgress &p) {
            if (p.inserted >= 20)
                cancel.store(true);
        };
        const ImportReport report = importCorpusData(store, data, QStringLiteral("fifty.jsonl"), options);
        QVERIFY(report.cancelled);
        QCOMPARE(*store.count(), 20);
        // Re-run completes the rest.
        const ImportReport rest = importCorpusData(store, data, QStringLiteral("fifty.jsonl"));
        QCOMPARE(rest.inserted(), 30);
        QCOMPARE(rest.skipped(), 20);
        QCOMPARE(*store.count(), 50);
    }
};

QTEST_GUILESS_MAIN(TestCorpusImport)
#include "tst_corpusimport.moc"
