// Network faults on loopback, through HttpClient (the one HTTP path of every remote backend):
//  - a TLS server whose certificate comes from a CA the user has not added is refused; once
//    SOVEREIGN_CA_FILE names that CA, the same server is accepted;
//  - a redirect to another origin is not followed, so the API key never reaches the other server;
//    a redirect within the origin still works;
//  - a response over the size cap is cut off with an error, announced (Content-Length) or not
//    (chunked);
//  - a body that stalls part-way times out on the idle timer, long before the total deadline;
//  - HTTP 503 five times in a row gives up after the fifth attempt with a readable sentence.
#include "pipeline/remote/httpclient.h"
#include "fakes/fakehttpserver.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FakeHttpServer;
using Sovereign::Test::ScriptedResponse;

namespace {

const QByteArray Key = "nvapi-REDIRECTCHECK-0b7d51e2";

// A minimal HTTPS server: answers every request with 200 and records the request heads.
class TlsServer final : public QObject
{
public:
    QSslServer server;
    QList<QByteArray> heads;
    int handshakeFailures = 0;

    bool start()
    {
        QFile cert(Test::dataPath(QStringLiteral("tls/server.pem")));
        QFile key(Test::dataPath(QStringLiteral("tls/server.key")));
        if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
            return false;
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(QSslCertificate(cert.readAll(), QSsl::Pem));
        config.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa, QSsl::Pem));
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        server.setSslConfiguration(config);
        server.setHandshakeTimeout(5000);
        connect(&server, &QSslServer::errorOccurred, this, [this](QSslSocket *, QAbstractSocket::SocketError) { ++handshakeFailures; });
        connect(&server, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    if (!buffer->contains("\r\n\r\n"))
                        return;
                    heads.append(buffer->left(buffer->indexOf("\r\n\r\n")));
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}");
                    s->disconnectFromHost();
                });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        return server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("https://127.0.0.1:%1/v1/models").arg(server.serverPort())); }
};

HttpResult fetch(HttpClient &client, HttpRequest request, int waitMs = 20000)
{
    std::optional<HttpResult> result;
    client.send(request, [&result](const HttpResult &r) { result = r; });
    QElapsedTimer t;
    t.start();
    while (!result && t.elapsed() < waitMs)
        QTest::qWait(10);
    if (!result) {
        HttpResult none;
        none.error = QStringLiteral("the test's wait ran out");
        return none;
    }
    return *result;
}

HttpRequest get(const QUrl &url)
{
    HttpRequest r;
    r.url = url;
    r.maxAttempts = 1;
    r.timeoutMs = 10000;
    r.headers.append({"Authorization", "Bearer " + Key});
    return r;
}

} // namespace

class TestNetworkFaults : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        Test::failOnAnyWarning();
        qunsetenv("SOVEREIGN_CA_FILE");
    }

    void tlsNeedsTheUsersCa()
    {
        QVERIFY2(QSslSocket::supportsSsl(), "this build has no TLS backend: the TLS checks cannot run (and must not be skipped)");
        TlsServer tls;
        QVERIFY(tls.start());
        HttpClient client(QStringLiteral("llm"));

        const HttpResult refused = fetch(client, get(tls.url()));
        QCOMPARE(refused.outcome, HttpResult::Outcome::NetworkError);
        QVERIFY2(refused.error.contains(QStringLiteral("llm request to 127.0.0.1")) && refused.error.contains(QStringLiteral("SSL"), Qt::CaseInsensitive),
                 qPrintable(refused.error));
        QVERIFY2(tls.heads.isEmpty(), "a request went over a connection whose certificate was not trusted");

        // The CA file is read when a client starts a request; a new client (as after a restart with
        // the variable set) trusts the server.
        qputenv("SOVEREIGN_CA_FILE", Test::dataPath(QStringLiteral("tls/ca.pem")).toUtf8());
        HttpClient trusting(QStringLiteral("llm"));
        const HttpResult accepted = fetch(trusting, get(tls.url()));
        QVERIFY2(accepted.ok(), qPrintable(accepted.error));
        QCOMPARE(accepted.body, QByteArray("{\"ok\":true}"));
        QCOMPARE(tls.heads.size(), 1);
        QVERIFY(tls.heads.first().contains(QByteArray("Bearer " + Key)));

        // A file without certificates trusts nothing new (and says so in the log).
        qputenv("SOVEREIGN_CA_FILE", Test::dataPath(QStringLiteral("tls/README.md")).toUtf8());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("holds no PEM certificate")));
        HttpClient third(QStringLiteral("llm"));
        const HttpResult again = fetch(third, get(tls.url()));
        QCOMPARE(again.outcome, HttpResult::Outcome::NetworkError);
        QCOMPARE(tls.heads.size(), 1);
    }

    void crossOriginRedirectKeepsTheKey()
    {
        FakeHttpServer api;
        FakeHttpServer elsewhere;
        QVERIFY(api.start());
        QVERIFY(elsewhere.start());
        ScriptedResponse away = ScriptedResponse::text("moved", 302);
        away.headers.append({QByteArray("Location"), QByteArray(elsewhere.baseUrl().toEncoded() + "/collect")});
        api.enqueue("/v1/chat", away);
        HttpClient client(QStringLiteral("llm"));
        const HttpResult r = fetch(client, get(api.baseUrl().resolved(QUrl(QStringLiteral("/v1/chat")))));
        QCOMPARE(r.outcome, HttpResult::Outcome::RefusedRedirect);
        QVERIFY2(r.error.contains(QStringLiteral("redirected to another server")) && r.error.contains(QStringLiteral("not sent")),
                 qPrintable(r.error));
        QCOMPARE(api.requestCount(), 1);
        QCOMPARE(elsewhere.requestCount(), 0);

        // Within the origin the redirect is followed (the check above is about origins, not redirects).
        ScriptedResponse here = ScriptedResponse::text("moved", 307);
        here.headers.append({QByteArray("Location"), QByteArray("/v1/chat2")});
        api.enqueue("/v1/chat", here);
        api.enqueue("/v1/chat2", ScriptedResponse::json("{\"ok\":true}"));
        const HttpResult same = fetch(client, get(api.baseUrl().resolved(QUrl(QStringLiteral("/v1/chat")))));
        QVERIFY2(same.ok(), qPrintable(same.error));
        QCOMPARE(api.requests().last().path, QByteArray("/v1/chat2"));
        QCOMPARE(elsewhere.requestCount(), 0);
    }

    void oversizedResponseIsCutOff_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("Content-Length") << false;
        QTest::newRow("chunked") << true;
    }

    void oversizedResponseIsCutOff()
    {
        QFETCH(bool, chunked);
        FakeHttpServer api;
        QVERIFY(api.start());
        ScriptedResponse big;
        if (chunked) {
            for (int i = 0; i < 12; ++i)
                big.chunks.append({QByteArray(256 * 1024, 'x'), 0});
        } else {
            big.body = QByteArray(3 * 1024 * 1024, 'x');
        }
        api.enqueue("/big", big);
        HttpClient client(QStringLiteral("arxiv"));
        HttpRequest req = get(api.baseUrl().resolved(QUrl(QStringLiteral("/big"))));
        req.maxBodyBytes = 1024 * 1024;
        const HttpResult r = fetch(client, req);
        QCOMPARE(r.outcome, HttpResult::Outcome::TooLarge);
        QVERIFY2(r.error.contains(QStringLiteral("larger than the 1.0 MB limit")), qPrintable(r.error));
        QVERIFY(r.body.isEmpty());

        // Under the cap the same response is fine.
        api.enqueue("/big", big);
        req.maxBodyBytes = 8 * 1024 * 1024;
        const HttpResult fits = fetch(client, req);
        QVERIFY2(fits.ok(), qPrintable(fits.error));
        QCOMPARE(fits.body.size(), chunked ? 12 * 256 * 1024 : 3 * 1024 * 1024);
    }

    void stalledBodyTimesOut()
    {
        FakeHttpServer api;
        QVERIFY(api.start());
        ScriptedResponse stall;
        stall.chunks = {{"data: {\"choices\":[]}\n\n", 0}};
        stall.chunkedNoEnd = true; // then silence, connection open
        api.enqueue("/v1/chat/completions", stall);
        HttpClient client(QStringLiteral("llm"));
        HttpRequest req = get(api.baseUrl().resolved(QUrl(QStringLiteral("/v1/chat/completions"))));
        req.timeoutMs = 60000;
        req.idleTimeoutMs = 800;
        QByteArray streamed;
        req.onData = [&streamed](const QByteArray &piece) { streamed += piece; };
        QElapsedTimer t;
        t.start();
        const HttpResult r = fetch(client, req);
        const qint64 took = t.elapsed();
        QCOMPARE(r.outcome, HttpResult::Outcome::Timeout);
        QVERIFY2(r.error.contains(QStringLiteral("timed out")), qPrintable(r.error));
        QVERIFY(streamed.startsWith("data: "));
        QVERIFY2(took >= 700 && took < 10000, qPrintable(QString::number(took)));
        qInfo("stalled body: timed out after %lld ms (idle limit 800 ms, total 60000 ms)", took);
    }

    void fiveServiceUnavailableGiveUp()
    {
        FakeHttpServer api;
        QVERIFY(api.start());
        for (int i = 0; i < 6; ++i)
            api.enqueue("/v1/embeddings", ScriptedResponse::text("upstream overloaded", 503));
        HttpClient client(QStringLiteral("embeddings"));
        HttpRequest req = get(api.baseUrl().resolved(QUrl(QStringLiteral("/v1/embeddings"))));
        req.maxAttempts = 5;
        req.backoffBaseMs = 10;
        req.backoffCapMs = 40;
        const HttpResult r = fetch(client, req);
        QCOMPARE(r.outcome, HttpResult::Outcome::HttpError);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.attempts, 5);
        QCOMPARE(api.requestCount(), 5);
        QVERIFY2(r.error.startsWith(QStringLiteral("embeddings request to 127.0.0.1 failed: HTTP 503"))
                     && r.error.contains(QStringLiteral("upstream overloaded")) && r.error.endsWith(QStringLiteral("(gave up after 5 attempts)")),
                 qPrintable(r.error));
    }
};

QTEST_GUILESS_MAIN(TestNetworkFaults)
#include "tst_networkfaults.moc"
