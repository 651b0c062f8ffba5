// PdfPreviewDialog: loads exported bytes into QPdfView, saves them through the saver or QSaveFile.
#include "support/testsupport.h"
#include "ui/pdfpreviewdialog.h"

#include <QBuffer>
#include <QFile>
#include <QPainter>
#include <QPdfView>
#include <QPdfWriter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using Sovereign::Ui::PdfPreviewDialog;

namespace {

QByteArray twoPagePdf()
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    QPainter p(&writer);
    p.drawText(QPointF(100, 100), QStringLiteral("first page"));
    writer.newPage();
    p.drawText(QPointF(100, 100), QStringLiteral("second page"));
    p.end();
    return bytes;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestPdfPreviewDialog : public QObject
{
    Q_OBJECT

private slots:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void showsTheExportedBytes()
    {
        PdfPreviewDialog dialog(twoPagePdf(), QStringLiteral("SRCH-0000ABCD.pdf"));
        QVERIFY2(dialog.loadError().isEmpty(), qPrintable(dialog.loadError()));
        QCOMPARE(dialog.pageCount(), 2);
        QVERIFY(dialog.view()->document() != nullptr);
        dialog.resize(600, 800);
        const QImage shot = dialog.view()->grab().toImage();
        QVERIFY(!shot.isNull());
    }

    void savesThroughQSaveFileByDefault()
    {
        QTemporaryDir dir;
        const QByteArray pdf = twoPagePdf();
        PdfPreviewDialog dialog(pdf, QStringLiteral("x.pdf"));
        QSignalSpy saved(&dialog, &PdfPreviewDialog::saved);
        const QString path = dir.filePath(QStringLiteral("out.pdf"));
        QVERIFY_OK(dialog.saveTo(path));
        QCOMPARE(readAll(path), pdf);
        QCOMPARE(saved.size(), 1);
        // A path that cannot be written fails with a message and leaves nothing behind.
        const QString bad = dir.filePath(QStringLiteral("no/such/folder/out.pdf"));
        auto r = dialog.saveTo(bad);
        QVERIFY(!r);
        QVERIFY(!QFile::exists(bad));
        QCOMPARE(saved.size(), 1);
    }

    void usesTheSaverWhenGiven()
    {
        PdfPreviewDialog dialog(twoPagePdf(), QStringLiteral("x.pdf"));
        QString seen;
        dialog.setSaver([&](const QString &path) -> Sovereign::Models::Status {
            seen = path;
            return Sovereign::Models::fail(QStringLiteral("refused by the ledger"));
        });
        auto r = dialog.saveTo(QStringLiteral("/tmp/whatever.pdf"));
        QVERIFY(!r);
        QCOMPARE(r.error(), QStringLiteral("refused by the ledger"));
        QCOMPARE(seen, QStringLiteral("/tmp/whatever.pdf"));
    }

    void brokenBytesAreReported()
    {
        PdfPreviewDialog dialog(QByteArrayLiteral("not a pdf"), QStringLiteral("x.pdf"));
        QVERIFY(!dialog.loadError().isEmpty());
        QCOMPARE(dialog.pageCount(), 0);
    }
};

QTEST_MAIN(TestPdfPreviewDialog)
#include "tst_pdfpreviewdialog.moc"
