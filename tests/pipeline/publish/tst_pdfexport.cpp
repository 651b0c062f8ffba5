// PDF export: refusals, content (pdftotext), structure (qpdf --check), embedded fonts, links, the
// ledger anchor in XMP, paper sizes, atomic writes, and a hostile draft that must not pull anything
// from disk (QPdfDocument rendering + pdfimages) nor break the layout.
#include "models/ledger/ledger.h"
#include "pipeline/compose/composer.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/publish/pdfexport.h"
#include "publishfixtures.h"
#include "support/testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QPdfDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>

using namespace Sovereign::Models;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FixtureDraft;

namespace {

struct Tool
{
    int exitCode = -1;
    QString out;
};

Tool runTool(const QString &name, const QStringList &args)
{
    const QString exe = QStandardPaths::findExecutable(name);
    if (exe.isEmpty())
        return {};
    QProcess p;
    p.start(exe, args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

QString squash(const QString &s) { return QString(s).replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" ")).trimmed(); }

QString pdfText(const QString &path)
{
    return squash(runTool(QStringLiteral("pdftotext"), {QStringLiteral("-enc"), QStringLiteral("UTF-8"), path,
                                                         QStringLiteral("-")})
                      .out);
}

} // namespace

class TestPdfExport : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sovereign::Test::TempDatabase> m_tmp;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Ledger> m_ledger;
    std::unique_ptr<OwnerActions> m_actions;

    qint64 approved(const FixtureDraft &f = {})
    {
        auto id = Sovereign::Test::makeFixtureDraft(m_actions->store(), f);
        if (!id || !m_actions->decide(*id, OwnerDecision::Approve, QStringLiteral("Dana Okafor"), QString()))
            return 0;
        return *id;
    }

    QString out(const QString &name) const { return m_dir->filePath(name); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("SOVEREIGN_LEDGER_KEY", QByteArrayLiteral("pdf-export-test-key"));
    }

    void init()
    {
        Sovereign::Test::failOnAnyWarning();
        m_tmp = std::make_unique<Sovereign::Test::TempDatabase>();
        QVERIFY2(m_tmp->isValid(), qPrintable(m_tmp->error()));
        m_dir = std::make_unique<QTemporaryDir>();
        auto key = LedgerKeyStore::obtain();
        QVERIFY_OK(key);
        m_ledger = std::make_shared<Ledger>(m_tmp->db(), *key, Ledger::Options{out(QStringLiteral("anchors.ini"))});
        m_actions = std::make_unique<OwnerActions>(m_tmp->db(), m_ledger);
        Sovereign::Test::connectFixtureRebuilder(*m_actions);
    }

    void cleanup()
    {
        m_actions.reset();
        m_ledger.reset();
        m_tmp.reset();
    }

    void refusesDraftsThatAreNotPublished()
    {
        auto id = Sovereign::Test::makeFixtureDraft(m_actions->store(), {});
        QVERIFY_OK(id);
        auto escalated = m_actions->renderPdf(*id, {});
        QVERIFY(!escalated);
        QVERIFY(escalated.error().contains(QStringLiteral("escalated")));
        QVERIFY(!m_actions->exportPdf(*id, out(QStringLiteral("x.pdf")), {}));
        QVERIFY(!QFile::exists(out(QStringLiteral("x.pdf"))));
        QVERIFY_OK(m_actions->decide(*id, OwnerDecision::Reject, QStringLiteral("Dana"), QString()));
        auto rejected = m_actions->renderPdf(*id, {});
        QVERIFY(!rejected);
        QVERIFY(rejected.error().contains(QStringLiteral("rejected")));
        QCOMPARE(m_ledger->entries()->size(), 1); // the rejection only; no export entry
    }

    void paperHasEverything()
    {
        SOVEREIGN_NEED_TOOLS("pdftotext", "qpdf", "pdffonts");
        FixtureDraft f;
        const qint64 id = approved(f);
        QVERIFY(id > 0);
        CorrectionRequest r;
        r.type = CorrectionType::Claim;
        r.note = QStringLiteral("The effect size in claim 1 was misquoted.");
        r.claimOrdinal = 1;
        r.newText = QStringLiteral("Ordering passages lowers unsupported citations by roughly one tenth.");
        QVERIFY_OK(m_actions->correct(id, r));
        const auto headBefore = m_ledger->head();
        QVERIFY_OK(headBefore);
        const QString path = out(QStringLiteral("paper.pdf"));
        QVERIFY_OK(m_actions->exportPdf(id, path, {}));

        const QString text = pdfText(path);
        const auto draft = m_actions->store().draft(id);
        QVERIFY_OK(draft);
        QVERIFY2(text.contains(squash(draft->title)), qPrintable(text.left(400)));
        QVERIFY(text.contains(draft->srchId));
        for (const QString &h : {QStringLiteral("Abstract"), QStringLiteral("1 Introduction"), QStringLiteral("2 Methodology"),
                                 QStringLiteral("3 Results"), QStringLiteral("4 Uncertainties"),
                                 QStringLiteral("5 Extracted Claims"), QStringLiteral("References"),
                                 QStringLiteral("Appendix A. Public record"), QStringLiteral("Appendix B. Corrections")})
            QVERIFY2(text.contains(h), qPrintable(h));
        for (const auto &c : f.claims)
            QVERIFY2(text.contains(squash(c.text)), qPrintable(c.text + QStringLiteral("\n---\n") + text));
        QVERIFY(text.contains(squash(r.newText)));   // the correction
        QVERIFY(text.contains(QStringLiteral("CORRECTED")));
        QVERIFY(text.contains(QStringLiteral("Passage Order Effects in Long-Context Readers"))); // reference title

        QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), path}).exitCode, 0);
        const Tool fonts = runTool(QStringLiteral("pdffonts"), {path});
        QCOMPARE(fonts.exitCode, 0);
        const QStringList fontRows = fonts.out.split(u'\n', Qt::SkipEmptyParts).mid(2);
        QVERIFY(!fontRows.isEmpty());
        for (const QString &row : fontRows)
            QVERIFY2(row.contains(QStringLiteral(" yes ")), qPrintable(QStringLiteral("not embedded: ") + row));

        QFile f2(path);
        QVERIFY(f2.open(QIODevice::ReadOnly));
        const QByteArray raw = f2.readAll();
        QVERIFY(raw.contains("/URI (http://arxiv.org/abs/2409.01234v2)")); // working links
        auto anchor = Ledger::readAnchorFromFile(path);
        QVERIFY_OK(anchor);
        QCOMPARE(anchor->seq, headBefore->seq);
        QCOMPARE(anchor->hash, headBefore->hash);
        // The export itself is a ledger entry, and the whole ledger still verifies.
        auto entries = m_ledger->entries(id);
        QCOMPARE(entries->constLast().kind, LedgerKind::Export);
        QVERIFY(entries->constLast().payload.contains(QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex()));
        const LedgerReport report = m_ledger->verify({*anchor});
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        if (const QByteArray keep = qgetenv("SOVEREIGN_KEEP_PDF"); !keep.isEmpty())
            QFile::copy(path, QString::fromLocal8Bit(keep));
    }

    void composedDraftExports()
    {
        SOVEREIGN_NEED_TOOLS("pdftotext");
        // The pipeline's composer output (lower-case JSON sections, arrays for claims and references).
        auto id = Sovereign::Test::makeFixtureDraft(m_actions->store(), {});
        QVERIFY_OK(id);
        auto claims = m_actions->store().claims(*id);
        QVERIFY_OK(claims);
        DraftInput in;
        in.question = QStringLiteral("Does curriculum ordering of retrieval passages reduce hallucinated citations?");
        in.sourceTitle = QStringLiteral("Ordered Evidence: Curriculum Retrieval for Grounded Long-Form Answers");
        in.sourceRef = QStringLiteral("2409.01234");
        in.sourceAbstract = QStringLiteral("We order retrieved passages from general to specific before generation and "
                                           "measure citation faithfulness on three long-form QA sets.");
        in.date = QDate(2026, 5, 28);
        in.queries = {QStringLiteral("curriculum retrieval citations"), QStringLiteral("passage order long-form QA")};
        in.papersRetrieved = 3;
        in.evidencePassages = 6;
        in.claims = *claims;
        in.references = {{0, QStringLiteral("2311.04567"), QStringLiteral("Citation Faithfulness in RAG"),
                          QStringLiteral("https://arxiv.org/abs/2311.04567v1")},
                         {0, QStringLiteral("2402.07890"), QStringLiteral("Passage Order Effects"),
                          QStringLiteral("https://arxiv.org/abs/2402.07890v3")}};
        in.rounds = {{7.2, Verdict::Approve}};
        in.policy = Policy::EscalateToOwner;
        const ComposedDraft composed = composeDraft(in);
        DraftRevision rev;
        rev.draftId = *id;
        rev.round = 0;
        rev.body = composed.body;
        rev.sections = composed.sections;
        QVERIFY_OK(m_actions->store().saveRevision(rev));
        QVERIFY_OK(m_actions->decide(*id, OwnerDecision::Approve, QStringLiteral("Dana Okafor"), QString()));
        const QString path = out(QStringLiteral("composed.pdf"));
        QVERIFY_OK(m_actions->exportPdf(*id, path, {}));
        const QString text = pdfText(path);
        for (const QString &h : {QStringLiteral("Abstract"), QStringLiteral("1 Introduction"), QStringLiteral("2 Methodology"),
                                 QStringLiteral("3 Results"), QStringLiteral("4 Uncertainties"),
                                 QStringLiteral("5 Extracted Claims"), QStringLiteral("References")})
            QVERIFY2(text.contains(h), qPrintable(h));
        QVERIFY(text.contains(squash(composed.sections.value(QStringLiteral("methodology")).toString()).left(60)));
        QVERIFY(text.contains(QStringLiteral("https://arxiv.org/abs/2402.07890v3")));
        QVERIFY(!text.contains(QStringLiteral("Owner review required"))); // the draft notice is not a section
        // One confidence scale with the workbench, and no Markdown backticks in the ledger note.
        QVERIFY(squash(text).contains(QStringLiteral("Bars span 0 to 1")));
        QVERIFY(!text.contains(u'`'));
        QVERIFY(squash(text).contains(QStringLiteral("sovereign ledger verify --anchor")));
        for (const Claim &c : *claims)
            QVERIFY2(text.contains(squash(c.text)), qPrintable(c.text));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("/URI (https://arxiv.org/abs/2311.04567v1)"));
        if (const QByteArray keep = qgetenv("SOVEREIGN_KEEP_PDF"); !keep.isEmpty())
            QFile::copy(path, QString::fromLocal8Bit(keep) + QStringLiteral(".composed.pdf"));
    }

    void paperSizes_data()
    {
        QTest::addColumn<int>("paper");
        QTest::addColumn<QString>("size");
        QTest::newRow("A4") << int(PdfOptions::Paper::A4) << QStringLiteral("595 x 842");
        QTest::newRow("Letter") << int(PdfOptions::Paper::Letter) << QStringLiteral("612 x 792");
    }

    void paperSizes()
    {
        SOVEREIGN_NEED_TOOLS("pdfinfo");
        QFETCH(int, paper);
        QFETCH(QString, size);
        const qint64 id = approved();
        PdfOptions o;
        o.paper = PdfOptions::Paper(paper);
        const QString path = out(QStringLiteral("size.pdf"));
        QVERIFY_OK(m_actions->exportPdf(id, path, o));
        const Tool info = runTool(QStringLiteral("pdfinfo"), {path});
        QVERIFY2(info.out.contains(QStringLiteral("Page size:       ") + size) ||
                     info.out.contains(QStringLiteral("Page size: ") + size),
                 qPrintable(info.out));
    }

    void failedWriteLeavesNoFileAndNoEntry()
    {
        const qint64 id = approved();
        const qsizetype before = m_ledger->entries()->size();
        const QString path = out(QStringLiteral("missing-folder/paper.pdf"));
        auto r = m_actions->exportPdf(id, path, {});
        QVERIFY(!r);
        QVERIFY(!QFile::exists(path));
        QCOMPARE(m_ledger->entries()->size(), before);
        QVERIFY(m_ledger->verify().ok());
    }

    void hostileDraftEmbedsNothingFromDisk()
    {
        SOVEREIGN_NEED_TOOLS("pdftotext", "qpdf", "pdffonts", "pdfimages");
        // A loud local image the draft tries to pull in.
        QImage magenta(64, 64, QImage::Format_RGB32);
        magenta.fill(QColor(255, 0, 255));
        const QString img = out(QStringLiteral("local.png"));
        QVERIFY(magenta.save(img));
        const QString longClaim = QStringLiteral("lengthy ").repeated(630) + QStringLiteral("ENDOFLONGCLAIM");
        QVERIFY(longClaim.size() >= 5000);
        const QString unbroken = QStringLiteral("x").repeated(400) + QStringLiteral("UNBROKENEND");

        FixtureDraft f;
        f.title = QStringLiteral("<b>Bold</b> <img src=\"%1\"> title").arg(img);
        f.claims = {
            {QStringLiteral("<img src=\"%1\"> claims an HTML image").arg(img), 0.2},
            {QStringLiteral("![x](%1) claims a Markdown image").arg(img), 0.1},
            {QStringLiteral("[click me](javascript:alert(1)) is a script link"), 0.3},
            {QStringLiteral("Control\x01 char\x07" "acters\x1b[31m and a ") + QChar(0xFFFC) + QStringLiteral(" marker"), 0.05},
            {longClaim, 0.18},
            {unbroken, 0.02},
            {QStringLiteral("هذه الجملة العربية تختبر الكتابة من اليمين"), 0.25},
            {QStringLiteral("משפט בעברית בודק כיוון מימין לשמאל"), 0.16},
            {QStringLiteral("Ελληνικό κείμενο για δοκιμή"), 0.2},
            {QStringLiteral("Проверка кириллического текста"), 0.2},
        };
        f.extraSections.insert(QStringLiteral("6 Discussion"),
                               QStringLiteral("<img src=\"%1\"> ![inline](%1) <a href=\"javascript:alert(2)\">x</a> "
                                              "<script>alert(3)</script> file://%1")
                                   .arg(img));
        const qint64 id = approved(f);
        QVERIFY(id > 0);
        const QString path = out(QStringLiteral("hostile.pdf"));
        QVERIFY_OK(m_actions->exportPdf(id, path, {}));
        if (const QByteArray keep = qgetenv("SOVEREIGN_KEEP_PDF"); !keep.isEmpty())
            QFile::copy(path, QString::fromLocal8Bit(keep) + QStringLiteral(".hostile.pdf"));
        QCOMPARE(runTool(QStringLiteral("qpdf"), {QStringLiteral("--check"), path}).exitCode, 0);

        // No raster image at all: the bars are vector drawings.
        const Tool images = runTool(QStringLiteral("pdfimages"), {QStringLiteral("-list"), path});
        QCOMPARE(images.exitCode, 0);
        QCOMPARE(images.out.split(u'\n', Qt::SkipEmptyParts).size(), 2); // header lines only

        // Render every page with QtPdf: the magenta image must not appear anywhere.
        QPdfDocument doc;
        QCOMPARE(doc.load(path), QPdfDocument::Error::None);
        QVERIFY(doc.pageCount() >= 2);
        QVERIFY(doc.pageCount() <= 12); // the long claim wraps; nothing explodes the layout
        for (int page = 0; page < doc.pageCount(); ++page) {
            const QSizeF pts = doc.pagePointSize(page);
            const QImage r = doc.render(page, (pts * 0.7).toSize()).convertToFormat(QImage::Format_RGB32);
            QVERIFY(!r.isNull());
            int magentaPixels = 0;
            for (int y = 0; y < r.height(); ++y) {
                const QRgb *line = reinterpret_cast<const QRgb *>(r.constScanLine(y));
                for (int x = 0; x < r.width(); ++x)
                    magentaPixels += qRed(line[x]) > 220 && qGreen(line[x]) < 40 && qBlue(line[x]) > 220;
            }
            QVERIFY2(magentaPixels == 0, qPrintable(QStringLiteral("page %1 shows the local image").arg(page + 1)));
        }

        // The markup is text, shown literally; nothing is interpreted.
        const QString text = pdfText(path);
        QVERIFY(text.contains(QStringLiteral("<img src=")));
        QVERIFY(text.contains(QStringLiteral("![x](")));
        QVERIFY(text.contains(QStringLiteral("javascript:alert(1)")));
        QVERIFY(text.contains(QStringLiteral("<script>alert(3)</script>")));
        QVERIFY(text.contains(QStringLiteral("ENDOFLONGCLAIM")));
        QVERIFY(text.contains(QStringLiteral("UNBROKENEND")));
        QVERIFY(text.contains(QStringLiteral("Ελληνικό κείμενο")));
        QVERIFY(text.contains(QStringLiteral("Проверка кириллического")));
        QVERIFY(text.contains(QStringLiteral("Control char acters")) || text.contains(QStringLiteral("Control characters")));
        QVERIFY(!text.contains(QChar(0x01)) && !text.contains(QChar(0x07)) && !text.contains(QChar(0x1b)));
        auto inRange = [&](char16_t lo, char16_t hi) {
            return std::any_of(text.cbegin(), text.cend(), [&](QChar c) { return c.unicode() >= lo && c.unicode() <= hi; });
        };
        QVERIFY(inRange(0x0600, 0x06FF) || inRange(0xFB50, 0xFEFF)); // Arabic glyphs came through
        QVERIFY(inRange(0x0590, 0x05FF));                            // Hebrew too
        QFile f2(path);
        QVERIFY(f2.open(QIODevice::ReadOnly));
        const QByteArray raw = f2.readAll();
        QVERIFY(!raw.contains("/JavaScript"));
        QVERIFY(!raw.contains("/Launch"));
        QVERIFY(!raw.contains("/URI (javascript"));
        QVERIFY(!raw.contains("/URI (file"));
        QVERIFY(!raw.contains("/Subtype /Image"));
        const Tool fonts = runTool(QStringLiteral("pdffonts"), {path});
        for (const QString &row : fonts.out.split(u'\n', Qt::SkipEmptyParts).mid(2))
            QVERIFY2(row.contains(QStringLiteral(" yes ")), qPrintable(QStringLiteral("not embedded: ") + row));
    }

    // No paragraph leaves one line alone at the top or the bottom of a page, and cutting a paragraph
    // loses no word. The paragraphs are shifted a line at a time by a growing first paragraph, so
    // the page breaks fall at every line of them.
    void paragraphLinesKeptTogether()
    {
        SOVEREIGN_NEED_TOOLS("pdftotext");
        const QStringList fillerWords = {QStringLiteral("lorem"), QStringLiteral("field"), QStringLiteral("notes"),
                                         QStringLiteral("across"), QStringLiteral("several"), QStringLiteral("sites")};
        const QList<int> lengths = {64, 23, 41, 88, 35, 52, 17, 76, 45, 30, 61, 27, 95, 38, 49, 58, 33, 70};
        QRegularExpression token(QStringLiteral("\\b(p)(\\d+)w(\\d+)\\b"));
        int crossings = 0;
        for (int shift = 0; shift < 12; ++shift) {
            PaperExport paper;
            paper.draft.srchId = QStringLiteral("SRCH:0000BEEF");
            paper.draft.title = QStringLiteral("Keeping lines together");
            paper.draft.question = QStringLiteral("Do page breaks leave lines alone?");
            paper.draft.state = DraftState::Approved;
            paper.draft.publishedAt = QDateTime(QDate(2026, 11, 2), QTime(9, 0), QTimeZone::UTC);
            QStringList paragraphs;
            QStringList filler;
            for (int w = 0; w < 1 + shift * 13; ++w)
                filler.append(fillerWords.at(w % fillerWords.size()));
            paragraphs.append(filler.join(u' '));
            int expectedTokens = 0;
            for (int i = 0; i < lengths.size(); ++i) {
                QStringList words;
                for (int w = 0; w < lengths.at(i); ++w)
                    words.append(QStringLiteral("p%1w%2").arg(i).arg(w));
                paragraphs.append(words.join(u' ') + u'.');
                expectedTokens += lengths.at(i);
            }
            paper.sections.append({QStringLiteral("Findings"), paragraphs.join(u'\n'), ExportSection::Kind::Text});
            auto bytes = renderPaperPdf(paper, {});
            QVERIFY_OK(bytes);
            const QString path = out(QStringLiteral("lines-%1.pdf").arg(shift));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(*bytes);
            f.close();
            if (const QByteArray keep = qgetenv("SOVEREIGN_KEEP_PDF"); !keep.isEmpty())
                QFile::copy(path, QString::fromLocal8Bit(keep) + QStringLiteral(".lines-%1.pdf").arg(shift));
            QPdfDocument pdf;
            QCOMPARE(pdf.load(path), QPdfDocument::Error::None);
            const int pages = pdf.pageCount();
            QVERIFY(pages >= 2);
            // Per page: the lines of each paragraph, and the claims that have text on it.
            QHash<QString, QList<int>> linesPerPage; // "p3" -> lines on page 0, 1, ...
            QSet<QString> seen;
            for (int page = 0; page < pages; ++page) {
                const Tool text = runTool(QStringLiteral("pdftotext"), {QStringLiteral("-f"), QString::number(page + 1),
                                                                         QStringLiteral("-l"), QString::number(page + 1),
                                                                         QStringLiteral("-enc"), QStringLiteral("UTF-8"), path,
                                                                         QStringLiteral("-")});
                QCOMPARE(text.exitCode, 0);
                for (const QString &line : text.out.split(u'\n')) {
                    QSet<QString> onLine;
                    for (auto it = token.globalMatch(line); it.hasNext();) {
                        const auto m = it.next();
                        onLine.insert(m.captured(1) + m.captured(2));
                        seen.insert(m.captured());
                    }
                    for (const QString &unit : std::as_const(onLine)) {
                        QList<int> &counts = linesPerPage[unit];
                        counts.resize(pages);
                        ++counts[page];
                    }
                }
            }
            QCOMPARE(seen.size(), expectedTokens); // nothing lost by cutting a paragraph
            for (auto it = linesPerPage.cbegin(); it != linesPerPage.cend(); ++it) {
                const QList<int> &counts = it.value();
                const auto onPages = std::count_if(counts.cbegin(), counts.cend(), [](int n) { return n > 0; });
                if (onPages < 2)
                    continue;
                ++crossings;
                for (int page = 0; page < pages; ++page)
                    QVERIFY2(counts.at(page) == 0 || counts.at(page) >= 2,
                             qPrintable(QStringLiteral("shift %1: paragraph %2 leaves %3 line alone on page %4")
                                            .arg(shift).arg(it.key()).arg(counts.at(page)).arg(page + 1)));
            }
        }
        // The breaks did fall inside paragraphs (the check above is not vacuous).
        QVERIFY2(crossings >= 12, qPrintable(QString::number(crossings)));
    }

    void plainTextStripsControls()
    {
        QCOMPARE(plainText(QStringLiteral("a\x01" "b\r\nc") + QChar(0xFFFC) + QStringLiteral("d\te")),
                 QStringLiteral("ab\ncd\te"));
        QVERIFY(!safeLink(QStringLiteral("javascript:alert(1)")));
        QVERIFY(!safeLink(QStringLiteral("file:///etc/passwd")));
        QVERIFY(!safeLink(QStringLiteral("/local/file.png")));
        QVERIFY(safeLink(QStringLiteral("https://arxiv.org/abs/2401.00001v1")));
    }
};

QTEST_MAIN(TestPdfExport)
#include "tst_pdfexport.moc"
