// EmbeddingClient against a fake OpenAI-compatible server: request shape, batching of at most 50,
// reordering by index, dimension checks, 429 back-off, and storage tagged by model.

#include "fakes/fakehttpserver.h"
#include "pipeline/remote/embeddingclient.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FakeHttpServer;
using Sovereign::Test::RecordedRequest;
using Sovereign::Test::ScriptedResponse;

namespace {

// The fake embedding of text "t-<n>": value n in slot 0, then n/1000 in slot 1.
QByteArray fakeEmbeddings(const RecordedRequest &req, int dim, bool reverse)
{
    const QJsonObject in = QJsonDocument::fromJson(req.body).object();
    const QJsonArray inputs = in.value(QStringLiteral("input")).toArray();
    QJsonArray data;
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        const double n = inputs.at(i).toString().mid(2).toDouble();
        QJsonArray v;
        for (int k = 0; k < dim; ++k)
            v.append(k == 0 ? n : (k == 1 ? n / 1000.0 : 0.001 * k));
        data.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                {QStringLiteral("index"), int(i)},
                                {QStringLiteral("embedding"), v}});
    }
    if (reverse) { // servers may answer out of order: the client must sort by index
        QJsonArray r;
        for (qsizetype i = data.size() - 1; i >= 0; --i)
            r.append(data.at(i));
        data = r;
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                     {QStringLiteral("data"), data},
                                     {QStringLiteral("model"), in.value(QStringLiteral("model"))}})
        .toJson(QJsonDocument::Compact);
}

EmbeddingSettings settingsFor(const FakeHttpServer &server)
{
    EmbeddingSettings s;
    s.baseUrl = server.baseUrl();
    s.backoffBaseMs = 20;
    s.timeoutMs = 3000;
    return s;
}

QStringList inputs(int n)
{
    QStringList t;
    for (int i = 0; i < n; ++i)
        t << QStringLiteral("t-%1").arg(i);
    return t;
}

} // namespace

class TestEmbeddingClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void batchesAndOrder()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const RecordedRequest &r) { return ScriptedResponse::json(fakeEmbeddings(r, 1024, true)); });
        EmbeddingClient client(settingsFor(server), QStringLiteral("nvapi-test-key"));
        const auto result = client.embedBlocking(inputs(123), EmbeddingClient::InputType::Passage);
        QVERIFY_OK(result);
        QCOMPARE(result->size(), qsizetype(123));
        for (int i = 0; i < 123; ++i) {
            QCOMPARE(result->at(i).size(), qsizetype(1024));
            QCOMPARE(result->at(i).at(0), float(i));
        }
        QCOMPARE(server.requestCount(), 3); // 50 + 50 + 23
        QList<int> sizes;
        for (const auto &r : server.requests()) {
            QCOMPARE(r.method, QByteArray("POST"));
            QCOMPARE(r.path, QByteArray("/v1/embeddings"));
            QCOMPARE(r.header("authorization"), QByteArray("Bearer nvapi-test-key"));
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("nvidia/nv-embedqa-e5-v5"));
            QCOMPARE(body.value(QStringLiteral("input_type")).toString(), QStringLiteral("passage"));
            QCOMPARE(body.value(QStringLiteral("truncate")).toString(), QStringLiteral("END"));
            QCOMPARE(body.value(QStringLiteral("encoding_format")).toString(), QStringLiteral("float"));
            sizes << int(body.value(QStringLiteral("input")).toArray().size());
        }
        std::sort(sizes.begin(), sizes.end());
        QCOMPARE(sizes, (QList<int>{23, 50, 50}));
    }

    void queryInputType()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const RecordedRequest &r) { return ScriptedResponse::json(fakeEmbeddings(r, 1024, false)); });
        EmbeddingClient client(settingsFor(server), {});
        QVERIFY(client.embedBlocking(inputs(1), EmbeddingClient::InputType::Query).has_value());
        const QJsonObject body = QJsonDocument::fromJson(server.requests().first().body).object();
        QCOMPARE(body.value(QStringLiteral("input_type")).toString(), QStringLiteral("query"));
        QVERIFY(server.requests().first().header("authorization").isEmpty()); // no key: no header
    }

    void wrongDimensionIsAnError()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const RecordedRequest &r) { return ScriptedResponse::json(fakeEmbeddings(r, 768, false)); });
        EmbeddingClient client(settingsFor(server), {});
        const auto result = client.embedBlocking(inputs(3), EmbeddingClient::InputType::Passage);
        QVERIFY(!result.has_value());
        QVERIFY2(result.error().contains(QStringLiteral("768")) && result.error().contains(QStringLiteral("1024")),
                 qPrintable(result.error()));
    }

    void badResponses_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("<html>") << QStringLiteral("not a JSON object");
        QTest::newRow("too few") << QByteArray("{\"data\":[{\"index\":0,\"embedding\":[1,2]}]}") << QStringLiteral("1 vectors for 2 inputs");
        QTest::newRow("repeated index") << QByteArray("{\"data\":[{\"index\":0,\"embedding\":[1,2]},{\"index\":0,\"embedding\":[1,2]}]}")
                                        << QStringLiteral("repeated index");
        QTest::newRow("base64") << QByteArray("{\"data\":[{\"index\":0,\"embedding\":\"AAAA\"},{\"index\":1,\"embedding\":\"AAAA\"}]}")
                                << QStringLiteral("encoding_format");
    }
    void badResponses()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        const auto r = EmbeddingClient::parseResponse(body, 2, 2);
        QVERIFY(!r.has_value());
        QVERIFY2(r.error().contains(expected), qPrintable(r.error()));
    }

    void backsOffOn429()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        ScriptedResponse busy = ScriptedResponse::json("{\"error\":\"rate limited\"}", 429);
        busy.headers = {{"Retry-After", "1"}};
        server.enqueue("/v1/embeddings", busy);
        server.setHandler([](const RecordedRequest &r) { return ScriptedResponse::json(fakeEmbeddings(r, 1024, false)); });
        EmbeddingClient client(settingsFor(server), {});
        const auto result = client.embedBlocking(inputs(5), EmbeddingClient::InputType::Passage);
        QVERIFY_OK(result);
        QCOMPARE(server.requestCount(), 2);
        QVERIFY(server.requests().at(1).atMs - server.requests().at(0).atMs >= 1000);
    }

    void storageIsTaggedByModel()
    {
        Sovereign::Test::TempDatabase temp;
        QVERIFY2(temp.isValid(), qPrintable(temp.error()));
        const QSqlDatabase conn = temp.db()->connection();
        QSqlQuery q(conn);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO papers(id, arxiv_id, title) VALUES (1, '2401.00001', 'A'), (2, '2401.00002', 'B')")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO embedders(name, dim) VALUES ('local-hash-4', 4)")));
        const QList<Vector> vectors{Vector{1, 2, 3}, Vector{4, 5, 6}};
        QVERIFY(storeEmbeddings(*temp.db(), QStringLiteral("nvidia/nv-embedqa-e5-v5"), 3, {1, 2}, vectors).has_value());
        // The same model with another dimension is refused instead of mixing.
        QVERIFY(!storeEmbeddings(*temp.db(), QStringLiteral("nvidia/nv-embedqa-e5-v5"), 4, {1}, {Vector{1, 2, 3, 4}}).has_value());
        const auto loaded = loadEmbeddings(*temp.db(), QStringLiteral("nvidia/nv-embedqa-e5-v5"), {1, 2});
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->value(2), (Vector{4, 5, 6}));
        const auto local = loadEmbeddings(*temp.db(), QStringLiteral("local-hash-4"), {1, 2});
        QVERIFY(local.has_value());
        QVERIFY(local->isEmpty()); // the remote vectors are not visible under the local embedder
    }
};

QTEST_GUILESS_MAIN(TestEmbeddingClient)
#include "tst_embeddingclient.moc"
