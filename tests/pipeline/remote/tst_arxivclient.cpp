// ArxivClient against a fake arXiv API: query encoding, Atom edge cases (whitespace, entities,
// non-ASCII names, the HTTP-200 error entry, an empty page, truncated XML), 429 with a plain-text
// body, the 24 h cache, and papers landing in the corpus.

#include "fakes/fakehttpserver.h"
#include "pipeline/remote/arxivclient.h"
#include "support/testsupport.h"

#include "models/storage/corpusstore.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FakeHttpServer;
using Sovereign::Test::RecordedRequest;
using Sovereign::Test::ScriptedResponse;

namespace {

QByteArray fixture(const QString &name)
{
    QFile f(Sovereign::Test::dataPath(QStringLiteral("remote/arxiv/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    return f.readAll();
}

ScriptedResponse atom(const QByteArray &body)
{
    return ScriptedResponse::text(body, 200, "application/atom+xml; charset=utf-8");
}

ArxivSettings settingsFor(const FakeHttpServer &server)
{
    ArxivSettings s;
    s.baseUrl = server.baseUrl();
    s.spacingMs = 50;
    s.backoffBaseMs = 50;
    s.timeoutMs = 2000;
    return s;
}

Models::Result<ArxivPage> runQuery(ArxivClient &client, const ArxivQuery &q)
{
    std::optional<Models::Result<ArxivPage>> result;
    client.query(q, QStringLiteral("query-1"), [&](const Models::Result<ArxivPage> &r) { result = r; });
    QDeadlineTimer deadline(20000);
    while (!result && !deadline.hasExpired())
        QTest::qWait(10);
    return result.value_or(Models::fail(QStringLiteral("test timed out")));
}

ArxivQuery searchFor(const QString &text)
{
    ArxivQuery q;
    q.searchQuery = text;
    q.maxResults = 10;
    return q;
}

} // namespace

class TestArxivClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void queryBuilding()
    {
        QCOMPARE(ArxivSearchQuery::field(QStringLiteral("ti"), QStringLiteral(" mixture  of experts ")), QStringLiteral("ti:\"mixture of experts\""));
        QCOMPARE(ArxivSearchQuery::field(QStringLiteral("cat"), QStringLiteral("cs.LG")), QStringLiteral("cat:cs.LG"));
        const QString q = ArxivSearchQuery::join({ArxivSearchQuery::field(QStringLiteral("ti"), QStringLiteral("expert routing")),
                                                  ArxivSearchQuery::join({QStringLiteral("cat:cs.LG"), QStringLiteral("cat:cs.DC")}, QStringLiteral("OR"))},
                                                 QStringLiteral("AND"));
        QCOMPARE(q, QStringLiteral("ti:\"expert routing\" AND (cat:cs.LG OR cat:cs.DC)"));
        QCOMPARE(ArxivSearchQuery::join({QStringLiteral("all:moe"), QStringLiteral("au:smith")}, QStringLiteral("ANDNOT")),
                 QStringLiteral("all:moe ANDNOT au:smith"));
        QCOMPARE(ArxivSearchQuery::fromPlannerText(QStringLiteral("How does \"token dropping\" affect MoE-LLaVA throughput?")),
                 QStringLiteral("all:\"token dropping\" AND all:affect AND all:MoE-LLaVA AND all:throughput"));
        QCOMPARE(ArxivSearchQuery::fromPlannerText(QStringLiteral("ti:routing AND cat:cs.LG")), QStringLiteral("ti:routing AND cat:cs.LG"));

        ArxivQuery aq = searchFor(QStringLiteral("ti:\"expert routing\" AND (cat:cs.LG OR cat:cs.DC)"));
        aq.start = 20;
        const QString encoded = aq.encodedQuery();
        QVERIFY2(encoded.startsWith(QStringLiteral("search_query=ti:%22expert%20routing%22%20AND%20%28cat:cs.LG%20OR%20cat:cs.DC%29&")),
                 qPrintable(encoded));
        QVERIFY(encoded.contains(QStringLiteral("&start=20&max_results=10&sortBy=relevance&sortOrder=descending")));
    }

    void parsesEntriesAndSendsTheRightRequest()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.enqueue("/api/query", atom(fixture(QStringLiteral("two_entries.xml"))));
        ArxivClient client(settingsFor(server), nullptr);
        const auto page = runQuery(client, searchFor(QStringLiteral("ti:\"capacity factor\" AND cat:cs.LG")));
        QVERIFY_OK(page);
        QCOMPARE(page->papers.size(), qsizetype(2));
        QCOMPARE(page->totalResults, qint64(137));
        const Models::Paper &p = page->papers.first();
        QCOMPARE(p.arxivId, QStringLiteral("2611.04567"));
        QCOMPARE(p.latestVersion, QStringLiteral("v3"));
        QCOMPARE(p.title, QStringLiteral("Routing Tokens to Experts & Back: A Study of Capacity Factors"));
        QCOMPARE(p.abstract, QStringLiteral("We measure how the capacity factor <C> changes the drop rate of tokens in sparse layers. "
                                            "Lower factors save memory \u2014 at a price."));
        QCOMPARE(p.authors, (QStringList{QStringLiteral("Zoë Ångström-Łukasiewicz"), QStringLiteral("Kenji 佐藤")}));
        QCOMPARE(p.primaryCategory, QStringLiteral("cs.LG"));
        QCOMPARE(p.categories, (QStringList{QStringLiteral("cs.LG"), QStringLiteral("cs.DC")}));
        QCOMPARE(p.doi, QStringLiteral("10.5555/fixture.2026.001"));
        QCOMPARE(p.journalRef, QStringLiteral("Fictional Journal of Routing 3 (2026) 1-12"));
        QCOMPARE(p.comments, QStringLiteral("12 pages, 4 figures"));

        QCOMPARE(server.requestCount(), 1);
        const RecordedRequest &req = server.requests().first();
        QCOMPARE(req.path, QByteArray("/api/query"));
        QCOMPARE(req.query.queryItemValue(QStringLiteral("search_query"), QUrl::FullyDecoded),
                 QStringLiteral("ti:\"capacity factor\" AND cat:cs.LG"));
        QCOMPARE(req.query.queryItemValue(QStringLiteral("sortBy")), QStringLiteral("relevance"));
        QCOMPARE(req.query.queryItemValue(QStringLiteral("max_results")), QStringLiteral("10"));
        QVERIFY(!req.rawTarget.contains(' ') && !req.rawTarget.contains('"'));
        QVERIFY(req.header("user-agent").startsWith("SovereignWorkbench/"));
    }

    void errorEntryIsAnError()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const RecordedRequest &) { return atom(fixture(QStringLiteral("error_entry.xml"))); });
        ArxivClient client(settingsFor(server), nullptr);
        ArxivQuery q;
        q.idList = {QStringLiteral("not-an-id")};
        const auto page = runQuery(client, q);
        QVERIFY(!page.has_value());
        QVERIFY2(page.error().contains(QStringLiteral("incorrect id format")), qPrintable(page.error()));
        QCOMPARE(server.requestCount(), 1); // a definite answer is not asked again
        QCOMPARE(server.requests().first().query.queryItemValue(QStringLiteral("id_list")), QStringLiteral("not-an-id"));
    }

    void emptyPageIsAskedTwice()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.enqueue("/api/query", atom(fixture(QStringLiteral("empty.xml"))));
        server.enqueue("/api/query", atom(fixture(QStringLiteral("two_entries.xml"))));
        ArxivClient client(settingsFor(server), nullptr);
        QSignalSpy notices(&client, &ArxivClient::notice);
        const auto page = runQuery(client, searchFor(QStringLiteral("all:routing")));
        QVERIFY_OK(page);
        QCOMPARE(page->papers.size(), qsizetype(2)); // the spurious empty page was not believed
        QCOMPARE(server.requestCount(), 2);
        QCOMPARE(notices.size(), 1);

        // A page that is empty twice is believed: an empty result, not an error.
        server.enqueue("/api/query", atom(fixture(QStringLiteral("empty.xml"))));
        server.enqueue("/api/query", atom(fixture(QStringLiteral("empty.xml"))));
        const auto empty = runQuery(client, searchFor(QStringLiteral("all:nothingmatches")));
        QVERIFY_OK(empty);
        QVERIFY(empty->papers.isEmpty());
        QCOMPARE(empty->totalResults, qint64(0));
        QCOMPARE(server.requestCount(), 4);
    }

    void truncatedXml()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        const QByteArray whole = fixture(QStringLiteral("two_entries.xml"));
        const QByteArray cut = whole.left(whole.indexOf("<arxiv:comment>"));
        server.setHandler([cut](const RecordedRequest &) { return atom(cut); });
        ArxivClient client(settingsFor(server), nullptr);
        const auto page = runQuery(client, searchFor(QStringLiteral("all:routing")));
        QVERIFY(!page.has_value());
        QVERIFY2(page.error().contains(QStringLiteral("unreadable page twice")), qPrintable(page.error()));
        QCOMPARE(server.requestCount(), 2);

        // A connection closed before Content-Length is reached is a network error, retried.
        FakeHttpServer server2;
        QVERIFY(server2.start());
        ScriptedResponse half = atom(whole);
        half.truncate = true;
        server2.enqueue("/api/query", half);
        server2.enqueue("/api/query", atom(whole));
        ArxivClient client2(settingsFor(server2), nullptr);
        const auto page2 = runQuery(client2, searchFor(QStringLiteral("all:routing")));
        QVERIFY_OK(page2);
        QCOMPARE(server2.requestCount(), 2);
    }

    void plainText429ThenSuccess()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.enqueue("/api/query", ScriptedResponse::text("Rate exceeded.\n", 429));
        server.enqueue("/api/query", atom(fixture(QStringLiteral("two_entries.xml"))));
        ArxivClient client(settingsFor(server), nullptr);
        QSignalSpy waits(&client, &ArxivClient::waiting);
        const auto page = runQuery(client, searchFor(QStringLiteral("all:routing")));
        QVERIFY_OK(page);
        QCOMPARE(page->requests, 2);
        QVERIFY(!waits.isEmpty());
        QVERIFY(waits.last().at(3).toString().contains(QStringLiteral("429")));
    }

    void cacheAndCorpus()
    {
        Sovereign::Test::TempDatabase temp;
        QVERIFY2(temp.isValid(), qPrintable(temp.error()));
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const RecordedRequest &) { return atom(fixture(QStringLiteral("two_entries.xml"))); });
        ArxivClient client(settingsFor(server), temp.db());
        const auto first = runQuery(client, searchFor(QStringLiteral("all:routing  AND all:experts")));
        QVERIFY_OK(first);
        QVERIFY(!first->fromCache);
        QCOMPARE(first->paperIds.size(), qsizetype(2));
        QVERIFY(first->paperIds.at(0) > 0);
        // Same query, different whitespace: the canonical key hits the cache, no request is made.
        const auto second = runQuery(client, searchFor(QStringLiteral(" all:routing AND all:experts ")));
        QVERIFY_OK(second);
        QVERIFY(second->fromCache);
        QCOMPARE(second->paperIds, first->paperIds);
        QCOMPARE(server.requestCount(), 1);

        Models::CorpusStore corpus(temp.db());
        const auto stored = corpus.paperByArxivId(QStringLiteral("2611.04567"));
        QVERIFY(stored.has_value() && stored->has_value());
        QCOMPARE((*stored)->origin, QStringLiteral("arxiv"));
        QCOMPARE((*stored)->authors.first(), QStringLiteral("Zoë Ångström-Łukasiewicz"));

        // An expired entry is fetched again.
        QSqlQuery q(temp.db()->connection());
        QVERIFY(q.exec(QStringLiteral("UPDATE http_cache SET expires_at_ms = 1")));
        const auto third = runQuery(client, searchFor(QStringLiteral("all:routing AND all:experts")));
        QVERIFY(third.has_value());
        QVERIFY(!third->fromCache);
        QCOMPARE(server.requestCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestArxivClient)
#include "tst_arxivclient.moc"
