// arXiv Atom parser: fields, namespaces, whitespace, the API's HTTP-200 error entry, broken XML.
#include "pipeline/golden.h"
#include "pipeline/paperjson.h"
#include "pipeline/retrieval/atom.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;

namespace {

QJsonObject feedJson(const AtomFeed &feed)
{
    QJsonArray entries;
    for (const AtomEntry &e : feed.entries) {
        QJsonArray authors;
        for (const AtomAuthor &a : e.authors)
            authors.append(QJsonObject{{QStringLiteral("name"), a.name},
                                       {QStringLiteral("affiliations"), QJsonArray::fromStringList(a.affiliations)}});
        QJsonArray links;
        for (const AtomLink &l : e.links)
            links.append(QJsonObject{{QStringLiteral("href"), l.href}, {QStringLiteral("rel"), l.rel},
                                     {QStringLiteral("type"), l.type}, {QStringLiteral("title"), l.title}});
        entries.append(QJsonObject{{QStringLiteral("versioned_id"), e.versionedId},
                                   {QStringLiteral("arxiv_id"), e.arxivId},
                                   {QStringLiteral("version"), e.version},
                                   {QStringLiteral("published"), e.published},
                                   {QStringLiteral("updated"), e.updated},
                                   {QStringLiteral("title"), e.title},
                                   {QStringLiteral("summary"), e.summary},
                                   {QStringLiteral("authors"), authors},
                                   {QStringLiteral("categories"), QJsonArray::fromStringList(e.categories)},
                                   {QStringLiteral("primary_category"), e.primaryCategory},
                                   {QStringLiteral("abs_url"), e.absUrl},
                                   {QStringLiteral("pdf_url"), e.pdfUrl},
                                   {QStringLiteral("doi_url"), e.doiUrl},
                                   {QStringLiteral("links"), links},
                                   {QStringLiteral("comment"), e.comment},
                                   {QStringLiteral("journal_ref"), e.journalRef},
                                   {QStringLiteral("doi"), e.doi}});
    }
    QJsonArray papers;
    for (const auto &p : feed.papers)
        papers.append(Test::paperJson(p));
    return {{QStringLiteral("total_results"), feed.totalResults},
            {QStringLiteral("start_index"), feed.startIndex},
            {QStringLiteral("items_per_page"), feed.itemsPerPage},
            {QStringLiteral("error"), feed.error},
            {QStringLiteral("entries"), entries},
            {QStringLiteral("papers"), papers}};
}

} // namespace

class TestAtom : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void golden_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("feed") << QStringLiteral("atom/feed.xml") << QStringLiteral("atom/feed.expected.json");
        QTest::newRow("prefixed") << QStringLiteral("atom/prefixed.xml") << QStringLiteral("atom/prefixed.expected.json");
    }
    void golden()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QByteArray xml = Test::readData(input);
        QVERIFY(!xml.isEmpty());
        const AtomFeed feed = parseArxivAtom(xml);
        QVERIFY2(feed.ok(), qPrintable(feed.error));
        COMPARE_GOLDEN(QJsonDocument(feedJson(feed)), expected);
    }

    void fields()
    {
        const AtomFeed feed = parseArxivAtom(Test::readData(QStringLiteral("atom/feed.xml")));
        QVERIFY(feed.ok());
        QCOMPARE(feed.totalResults, 1342);
        QCOMPARE(feed.itemsPerPage, 2);
        QCOMPARE(feed.entries.size(), 2);
        const AtomEntry &e = feed.entries.first();
        QCOMPARE(e.arxivId, QStringLiteral("2501.90001"));
        QCOMPARE(e.version, QStringLiteral("v2"));
        QCOMPARE(e.title, QStringLiteral("Fixture Paper One: Routing Tokens to Experts"));
        QCOMPARE(e.authors.first().affiliations, (QStringList{QStringLiteral("Test University"), QStringLiteral("Example Lab")}));
        QCOMPARE(e.categories, (QStringList{QStringLiteral("cs.LG"), QStringLiteral("cs.CL")})); // primary first
        QCOMPARE(e.pdfUrl, QStringLiteral("http://arxiv.org/pdf/2501.90001v2"));
        QCOMPARE(e.doi, QStringLiteral("10.0000/fixture.1"));
        QCOMPARE(feed.entries.at(1).arxivId, QStringLiteral("cs/0301999"));
        const Models::Paper p = feed.papers.first();
        QCOMPARE(p.affiliations, (QStringList{QStringLiteral("Test University; Example Lab"), QString()}));
        QCOMPARE(p.versionedId(), QStringLiteral("2501.90001v2"));
    }

    void foreignNamespaceIgnored()
    {
        const AtomFeed feed = parseArxivAtom(Test::readData(QStringLiteral("atom/prefixed.xml")));
        QVERIFY(feed.ok());
        QCOMPARE(feed.entries.size(), 1);
        QCOMPARE(feed.entries.first().comment, QStringLiteral("real comment"));
        QCOMPARE(feed.entries.first().primaryCategory, QStringLiteral("cs.DC"));
    }

    void apiErrorEntry()
    {
        const AtomFeed feed = parseArxivAtom(Test::readData(QStringLiteral("atom/error.xml")));
        QVERIFY(!feed.ok());
        QVERIFY(feed.isApiError);
        QVERIFY(feed.papers.isEmpty());
        QVERIFY(feed.entries.isEmpty());
        QCOMPARE(feed.error, QStringLiteral("arXiv API error: incorrect id format for 1234.bad"));
    }

    void truncated()
    {
        const AtomFeed feed = parseArxivAtom(Test::readData(QStringLiteral("atom/truncated.xml")));
        QVERIFY(!feed.ok());
        QVERIFY(!feed.isApiError);
        QVERIFY(feed.papers.isEmpty());
        QVERIFY2(feed.error.startsWith(QStringLiteral("truncated XML")), qPrintable(feed.error));
        QVERIFY(feed.errorLine > 1);
        QVERIFY(feed.error.contains(QStringLiteral("line %1").arg(feed.errorLine)));
    }

    void invalid_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("start");
        QTest::newRow("mismatched") << QByteArray("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry></feed>")
                                    << QStringLiteral("invalid XML");
        QTest::newRow("html") << QByteArray("<html><body>503</body></html>") << QStringLiteral("not an Atom feed");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("");
        QTest::newRow("trailing junk")
            << QByteArray("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed><more/>") << QStringLiteral("invalid XML");
    }
    void invalid()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, start);
        const AtomFeed feed = parseArxivAtom(xml);
        QVERIFY(!feed.ok());
        QVERIFY2(feed.error.startsWith(start), qPrintable(feed.error));
        QVERIFY(feed.papers.isEmpty());
    }

    void ids_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("version");
        QTest::addColumn<bool>("valid");
        QTest::newRow("url") << QStringLiteral("http://arxiv.org/abs/2401.01234v12") << QStringLiteral("2401.01234") << QStringLiteral("v12") << true;
        QTest::newRow("bare") << QStringLiteral("2401.01234") << QStringLiteral("2401.01234") << QString() << true;
        QTest::newRow("prefixed") << QStringLiteral("arXiv:1706.03762v7") << QStringLiteral("1706.03762") << QStringLiteral("v7") << true;
        QTest::newRow("old") << QStringLiteral("hep-th/9901001v2") << QStringLiteral("hep-th/9901001") << QStringLiteral("v2") << true;
        QTest::newRow("old dotted") << QStringLiteral("math.AG/0309136") << QStringLiteral("math.AG/0309136") << QString() << true;
        QTest::newRow("junk") << QStringLiteral("hello world") << QStringLiteral("hello world") << QString() << false;
    }
    void ids()
    {
        QFETCH(QString, input);
        QFETCH(QString, id);
        QFETCH(QString, version);
        QFETCH(bool, valid);
        const ArxivIdParts parts = splitArxivId(input);
        QCOMPARE(parts.id, id);
        QCOMPARE(parts.version, version);
        QCOMPARE(isArxivId(input), valid);
    }
};

QTEST_GUILESS_MAIN(TestAtom)
#include "tst_atom.moc"
