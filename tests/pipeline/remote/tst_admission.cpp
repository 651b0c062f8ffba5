// HostQueue, RateBudget and the back-off helpers, plus HttpClient's politeness measured from the
// fake server's own request timestamps.

#include "fakes/fakehttpserver.h"
#include "pipeline/remote/admission.h"
#include "pipeline/remote/httpclient.h"
#include "support/testsupport.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <limits>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FakeHttpServer;
using Sovereign::Test::ScriptedResponse;

class TestAdmission : public QObject
{
    Q_OBJECT

private:
    // Sends n GETs through one client at once and waits for all of them.
    QList<HttpResult> sendAll(HttpClient &client, const QUrl &url, int n, int timeoutMs = 1000, int attempts = 3)
    {
        QList<HttpResult> results;
        for (int i = 0; i < n; ++i) {
            HttpRequest req;
            req.url = url;
            req.timeoutMs = timeoutMs;
            req.maxAttempts = attempts;
            req.backoffBaseMs = 50;
            req.label = QStringLiteral("query-%1").arg(i + 1);
            client.send(req, [&results](const HttpResult &r) { results.append(r); });
        }
        QDeadlineTimer deadline(30000);
        while (results.size() < n && !deadline.hasExpired())
            QTest::qWait(10);
        return results;
    }

    static QList<qint64> gaps(const FakeHttpServer &server)
    {
        QList<qint64> g;
        for (qsizetype i = 1; i < server.requests().size(); ++i)
            g << server.requests().at(i).atMs - server.requests().at(i - 1).atMs;
        return g;
    }

private Q_SLOTS:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void retryAfterParsing_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected"); // -1: unreadable
        QTest::newRow("seconds") << QByteArray("7") << qint64(7000);
        QTest::newRow("zero") << QByteArray(" 0 ") << qint64(0);
        QTest::newRow("imf-fixdate") << QByteArray("Sun, 22 Nov 2026 12:00:30 GMT") << qint64(30000);
        QTest::newRow("rfc850") << QByteArray("Sunday, 22-Nov-26 12:01:00 GMT") << qint64(60000);
        QTest::newRow("asctime") << QByteArray("Sun Nov 22 12:00:05 2026") << qint64(5000);
        QTest::newRow("past date") << QByteArray("Sun, 22 Nov 2026 11:00:00 GMT") << qint64(0);
        QTest::newRow("negative") << QByteArray("-3") << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
        QTest::newRow("empty") << QByteArray("") << qint64(-1);
        // Found by fuzz_retryafter: 16 digits overflowed seconds * 1000 (undefined behaviour).
        QTest::newRow("16 digits saturate") << QByteArray("9999999999999999") << qint64(std::numeric_limits<qint64>::max() / 1000 * 1000);
    }
    void retryAfterParsing()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        const QDateTime now(QDate(2026, 11, 22), QTime(12, 0, 0), QTimeZone::UTC);
        const auto got = Backoff::parseRetryAfter(value, now);
        QCOMPARE(got.value_or(-1), expected);
    }

    void backoffGrowsAndIsJittered()
    {
        QSet<qint64> distinct;
        for (int retry = 1; retry <= 4; ++retry) {
            const qint64 raw = qint64(1000) << (retry - 1);
            for (int k = 0; k < 50; ++k) {
                const qint64 d = Backoff::jittered(retry, 1000, 60000);
                QVERIFY2(d >= raw / 2 && d <= raw, qPrintable(QString::number(d)));
                distinct.insert(d);
            }
        }
        QVERIFY(distinct.size() > 20); // jitter, not a fixed schedule
        QVERIFY(Backoff::jittered(30, 1000, 5000) <= 5000); // capped
    }

    void hostQueueOneAtATimeInOrder()
    {
        HostQueue q(0);
        const quint64 a = q.enter(QStringLiteral("h"));
        const quint64 b = q.enter(QStringLiteral("h"));
        const quint64 other = q.enter(QStringLiteral("elsewhere"));
        QVERIFY(!q.tryStart(b).go); // b is behind a
        QVERIFY(q.tryStart(a).go);
        QVERIFY(q.tryStart(other).go); // other hosts are independent
        const Admission blocked = q.tryStart(b);
        QVERIFY(!blocked.go);
        QVERIFY(blocked.reason.contains(QStringLiteral("queued")));
        q.finish(a, 0);
        QVERIFY(q.tryStart(b).go);
        q.finish(b, 500); // back-off blocks the host
        const quint64 c = q.enter(QStringLiteral("H")); // host names are case-insensitive
        const Admission backoff = q.tryStart(c);
        QVERIFY(!backoff.go);
        QVERIFY(backoff.waitMs > 400 && backoff.waitMs <= 500);
    }

    void rateBudgetConcurrencyAndRpm()
    {
        RateBudget budget(2, 3);
        QVERIFY(budget.tryAcquire().go);
        QVERIFY(budget.tryAcquire().go);
        const Admission full = budget.tryAcquire();
        QVERIFY(!full.go);
        QVERIFY(full.reason.contains(QStringLiteral("concurrency")));
        budget.release();
        QVERIFY(budget.tryAcquire().go); // third start within the minute
        budget.release();
        budget.release();
        const Admission rpm = budget.tryAcquire(); // fourth start: the per-minute budget is used up
        QVERIFY(!rpm.go);
        QVERIFY(rpm.reason.contains(QStringLiteral("per minute")));
        QVERIFY(rpm.waitMs > 55000 && rpm.waitMs <= 60000);
    }

    void spacingFromServerTimestamps()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const Test::RecordedRequest &) { return ScriptedResponse::text("ok", 200); });
        HttpClient client(QStringLiteral("arxiv"));
        client.setHostQueue(std::make_shared<HostQueue>(300));
        QSignalSpy waits(&client, &HttpClient::waiting);
        QUrl url = server.baseUrl();
        url.setPath(QStringLiteral("/api/query"));
        const auto results = sendAll(client, url, 4);
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.size(), qsizetype(4));
        for (const auto &r : results)
            QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(server.requestCount(), 4);
        for (qint64 g : gaps(server))
            QVERIFY2(g >= 300, qPrintable(QStringLiteral("gap %1 ms").arg(g)));
        QVERIFY(waits.size() >= 3); // each of the later requests reported its wait
        QVERIFY(waits.first().at(3).toString().contains(QStringLiteral("spacing")));
    }

    void defaultThreeSecondSpacing()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const Test::RecordedRequest &) { return ScriptedResponse::text("ok", 200); });
        HttpClient client(QStringLiteral("arxiv"));
        client.setHostQueue(std::make_shared<HostQueue>(3000)); // ArxivSettings' default
        QElapsedTimer t;
        t.start();
        QCOMPARE(sendAll(client, server.baseUrl(), 3).size(), qsizetype(3));
        const QList<qint64> g = gaps(server);
        QCOMPARE(g.size(), qsizetype(2));
        for (qint64 gap : g)
            QVERIFY2(gap >= 3000 && gap < 6000, qPrintable(QStringLiteral("gap %1 ms").arg(gap)));
        QVERIFY(server.requests().first().header("user-agent").startsWith("SovereignWorkbench/"));
    }

    void retryAfterOn429And503()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        ScriptedResponse tooMany = ScriptedResponse::text("Rate exceeded.", 429);
        tooMany.headers = {{"Retry-After", "1"}};
        ScriptedResponse unavailable = ScriptedResponse::text("<html>busy</html>", 503, "text/html");
        unavailable.headers = {{"Retry-After", "1"}};
        server.enqueue("/", tooMany);
        server.enqueue("/", unavailable);
        server.enqueue("/", ScriptedResponse::text("finally", 200));
        HttpClient client(QStringLiteral("arxiv"));
        client.setHostQueue(std::make_shared<HostQueue>(0));
        QSignalSpy waits(&client, &HttpClient::waiting);
        const auto results = sendAll(client, server.baseUrl(), 1, 2000, 4);
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.size(), qsizetype(1));
        QVERIFY2(results.first().ok(), qPrintable(results.first().error));
        QCOMPARE(results.first().body, QByteArray("finally"));
        QCOMPARE(results.first().attempts, 3);
        QCOMPARE(server.requestCount(), 3);
        const QList<qint64> g = gaps(server);
        QVERIFY2(g.at(0) >= 1000 && g.at(1) >= 1000, "Retry-After was not honoured");
        bool mentioned = false;
        for (const auto &w : waits)
            mentioned = mentioned || w.at(3).toString().contains(QStringLiteral("Retry-After"));
        QVERIFY(mentioned);
    }

    void plainText429GivesUpReadably()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const Test::RecordedRequest &) { return ScriptedResponse::text("Rate exceeded.", 429); });
        HttpClient client(QStringLiteral("arxiv"));
        const auto results = sendAll(client, server.baseUrl(), 1, 2000, 2);
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.size(), qsizetype(1));
        const HttpResult &r = results.first();
        QCOMPARE(r.outcome, HttpResult::Outcome::HttpError);
        QCOMPARE(r.status, 429);
        QCOMPARE(server.requestCount(), 2);
        QVERIFY2(r.error.contains(QStringLiteral("429")) && r.error.contains(QStringLiteral("Rate exceeded.")), qPrintable(r.error));
        QVERIFY(r.error.contains(QStringLiteral("gave up after 2 attempts")));
    }

    void retryAfterTooLongFailsFast()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        ScriptedResponse r503 = ScriptedResponse::text("maintenance", 503);
        r503.headers = {{"Retry-After", "3600"}};
        server.setHandler([r503](const Test::RecordedRequest &) { return r503; });
        HttpClient client(QStringLiteral("arxiv"));
        QElapsedTimer t;
        t.start();
        const auto results = sendAll(client, server.baseUrl(), 1, 2000, 4);
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.size(), qsizetype(1));
        QCOMPARE(results.first().outcome, HttpResult::Outcome::RetryAfterTooLong);
        QVERIFY(results.first().error.contains(QStringLiteral("3600 s")));
        QVERIFY(t.elapsed() < 5000);
    }

    void timeoutThenSuccess()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        ScriptedResponse hang;
        hang.hang = true;
        server.enqueue("/", hang);
        server.enqueue("/", ScriptedResponse::text("late but fine", 200));
        HttpClient client(QStringLiteral("arxiv"));
        QSignalSpy failures(&client, &HttpClient::attemptFailed);
        const auto results = sendAll(client, server.baseUrl(), 1, 400, 3);
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.size(), qsizetype(1));
        QVERIFY2(results.first().ok(), qPrintable(results.first().error));
        QCOMPARE(results.first().attempts, 2);
        QCOMPARE(failures.size(), 1);
        QVERIFY(failures.first().at(2).toString().contains(QStringLiteral("timed out")));
    }

    void timeoutGivesUp()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        ScriptedResponse slow = ScriptedResponse::text("too slow", 200);
        slow.delayMs = 2000;
        server.setHandler([slow](const Test::RecordedRequest &) { return slow; });
        HttpClient client(QStringLiteral("arxiv"));
        const auto results = sendAll(client, server.baseUrl(), 1, 300, 2);
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.size(), qsizetype(1));
        QCOMPARE(results.first().outcome, HttpResult::Outcome::Timeout);
        QVERIFY(results.first().error.contains(QStringLiteral("timed out")));
        QCOMPARE(server.requestCount(), 2);
    }

    void cancelWhileQueued()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const Test::RecordedRequest &) { return ScriptedResponse::text("ok", 200); });
        HttpClient client(QStringLiteral("arxiv"));
        client.setHostQueue(std::make_shared<HostQueue>(5000));
        QList<HttpResult> results;
        HttpRequest req;
        req.url = server.baseUrl();
        client.send(req, [&](const HttpResult &r) { results.append(r); });
        const quint64 second = client.send(req, [&](const HttpResult &r) { results.append(r); });
        QTRY_COMPARE(results.size(), qsizetype(1));
        client.cancel(second);
        QTRY_COMPARE(results.size(), qsizetype(2));
        QCOMPARE(results.at(1).outcome, HttpResult::Outcome::Cancelled);
        QCOMPARE(server.requestCount(), 1);
    }

    void authorizationIsRedactedInDescriptions()
    {
        HttpRequest req;
        req.url = QUrl(QStringLiteral("https://integrate.api.nvidia.com/v1/embeddings"));
        req.headers = {{"Authorization", "Bearer nvapi-SECRET-123"}, {"Content-Type", "application/json"}};
        const QString line = describeRequest(req);
        QVERIFY(!line.contains(QStringLiteral("SECRET")));
        QVERIFY(line.contains(QStringLiteral("<redacted>")));
        QVERIFY(line.contains(QStringLiteral("application/json")));
    }
};

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"
