// ChatClient against a fake OpenAI-compatible server (streamed and not, usage, cancellation, a
// server without structured output), the SSE parser on arbitrary chunk boundaries, and the JSON
// extraction and shape validation used on model replies.

#include "fakes/fakehttpserver.h"
#include "pipeline/remote/chatclient.h"
#include "pipeline/remote/jsonextract.h"
#include "pipeline/remote/sse.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FakeHttpServer;
using Sovereign::Test::RecordedRequest;
using Sovereign::Test::ScriptedResponse;

namespace {

QByteArray deltaChunk(const QString &text)
{
    const QJsonObject o{{QStringLiteral("model"), QStringLiteral("fake/model-1")},
                        {QStringLiteral("choices"),
                         QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), text}}}}}}};
    return "data: " + QJsonDocument(o).toJson(QJsonDocument::Compact) + "\r\n\r\n";
}

ScriptedResponse streamOf(const QStringList &pieces, int delayMs = 0, bool finish = true)
{
    ScriptedResponse r;
    r.contentType = "text/event-stream";
    r.chunks.append({": keep-alive comment\n\n", 0});
    for (const QString &p : pieces)
        r.chunks.append({deltaChunk(p), delayMs});
    if (finish) {
        r.chunks.append({QByteArray("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"), 0});
        r.chunks.append({QByteArray("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":7}}\n\n"
                                    "data: [DONE]\n\n"),
                         0});
    }
    r.chunkedNoEnd = !finish;
    return r;
}

ChatSettings settingsFor(const FakeHttpServer &server)
{
    ChatSettings s;
    s.baseUrl = server.baseUrl();
    s.model = QStringLiteral("fake/model-1");
    s.timeoutMs = 5000;
    s.idleTimeoutMs = 5000;
    s.backoffBaseMs = 20;
    return s;
}

ChatRequest simpleRequest()
{
    ChatRequest r;
    r.messages = {{QStringLiteral("system"), QStringLiteral("You are terse.")}, {QStringLiteral("user"), QStringLiteral("Say hi.")}};
    r.lane = QStringLiteral("SKEPTIC");
    return r;
}

} // namespace

class TestChatClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void sseSplitAnywhere()
    {
        const QByteArray stream = "data: {\"a\":1}\r\n\r\n: comment\r\ndata: line one\r\ndata: line two\r\n\r\n"
                                  "event: x\ndata: lf-only\n\ndata: cr-only\r\rdata: [DONE]\n\n";
        const QList<QByteArray> expected{"{\"a\":1}", "line one\nline two", "lf-only", "cr-only", "[DONE]"};
        for (qsizetype step = 1; step <= stream.size(); ++step) {
            SseParser p;
            QList<QByteArray> got;
            for (qsizetype i = 0; i < stream.size(); i += step)
                got << p.feed(stream.mid(i, step));
            got << p.finish();
            QCOMPARE(got, expected);
        }
    }

    void streamed()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.enqueue("/v1/chat/completions", streamOf({QStringLiteral("Hel"), QStringLiteral("lo, "), QStringLiteral("wörld")}, 30));
        ChatClient client(settingsFor(server), QStringLiteral("sk-local"));
        QStringList tokens;
        ChatRequest req = simpleRequest();
        req.onToken = [&tokens](const QString &t) { tokens << t; };
        const auto r = client.completeBlocking(req);
        QVERIFY_OK(r);
        QCOMPARE(r->content, QStringLiteral("Hello, wörld"));
        QCOMPARE(tokens, (QStringList{QStringLiteral("Hel"), QStringLiteral("lo, "), QStringLiteral("wörld")}));
        QVERIFY(r->streamed);
        QCOMPARE(r->finishReason, QStringLiteral("stop"));
        QCOMPARE(r->promptTokens, 42);
        QCOMPARE(r->completionTokens, 7);
        QVERIFY(r->usageReported);
        QCOMPARE(r->model, QStringLiteral("fake/model-1"));
        QVERIFY(r->raw.contains(QStringLiteral("[DONE]")));
        QVERIFY(r->latencyMs >= 60);
        const QJsonObject body = QJsonDocument::fromJson(server.requests().first().body).object();
        QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
        QCOMPARE(body.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool(), true);
        QCOMPARE(server.requests().first().header("accept"), QByteArray("text/event-stream"));
        QCOMPARE(server.requests().first().header("authorization"), QByteArray("Bearer sk-local"));
    }

    void nonStreamed()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.enqueue("/v1/chat/completions",
                       ScriptedResponse::json("{\"id\":\"x\",\"model\":\"fake/model-1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"ok\\\":true}\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3}}"));
        ChatSettings s = settingsFor(server);
        s.stream = false;
        ChatClient client(s, {});
        ChatRequest req = simpleRequest();
        req.jsonSchema = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}};
        const auto r = client.completeBlocking(req);
        QVERIFY_OK(r);
        QCOMPARE(r->content, QStringLiteral("{\"ok\":true}"));
        QVERIFY(!r->streamed);
        QCOMPARE(r->promptTokens, 11);
        QCOMPARE(r->completionTokens, 3);
        const QJsonObject body = QJsonDocument::fromJson(server.requests().first().body).object();
        QCOMPARE(body.value(QStringLiteral("stream")).toBool(), false);
        QCOMPARE(body.value(QStringLiteral("response_format")).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("json_schema"));
        QVERIFY(r->structuredOutput);
    }

    void serverWithoutStructuredOutput()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.enqueue("/v1/chat/completions",
                       ScriptedResponse::json("{\"error\":{\"message\":\"Unrecognized request argument: response_format\"}}", 400));
        server.setHandler([](const RecordedRequest &) {
            return ScriptedResponse::json("{\"choices\":[{\"message\":{\"content\":\"fine\"},\"finish_reason\":\"stop\"}]}");
        });
        ChatSettings s = settingsFor(server);
        s.stream = false;
        ChatClient client(s, {});
        ChatRequest req = simpleRequest();
        req.jsonSchema = QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}};
        const auto r = client.completeBlocking(req);
        QVERIFY_OK(r);
        QVERIFY(!r->structuredOutput);
        QCOMPARE(server.requestCount(), 2);
        QVERIFY(!QJsonDocument::fromJson(server.requests().at(1).body).object().contains(QStringLiteral("response_format")));
        QVERIFY(client.completeBlocking(req).has_value()); // not asked with response_format again
        QCOMPARE(server.requestCount(), 3);
        QVERIFY(!QJsonDocument::fromJson(server.requests().at(2).body).object().contains(QStringLiteral("response_format")));
    }

    void cancelMidStream()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        QStringList many;
        for (int i = 0; i < 50; ++i)
            many << QStringLiteral("tok%1 ").arg(i);
        server.enqueue("/v1/chat/completions", streamOf(many, 100, false));
        ChatClient client(settingsFor(server), {});
        QStringList tokens;
        std::optional<Models::Result<ChatResponse>> result;
        ChatRequest req = simpleRequest();
        quint64 id = 0;
        req.onToken = [&](const QString &t) {
            tokens << t;
            if (tokens.size() == 3)
                client.cancel(id);
        };
        QElapsedTimer t;
        t.start();
        id = client.complete(req, [&](const Models::Result<ChatResponse> &r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
        QVERIFY(!result->has_value());
        QVERIFY2(result->error().contains(QStringLiteral("cancelled")), qPrintable(result->error()));
        QCOMPARE(tokens.size(), 3);
        QVERIFY(t.elapsed() < 2000); // did not wait for the rest of the stream
        QCOMPARE(server.requestCount(), 1); // a cancelled stream is not retried
    }

    void streamEndingEarlyIsAnError()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        ScriptedResponse r = streamOf({QStringLiteral("partial")}, 0, false);
        r.chunkedNoEnd = false; // the body ends cleanly, but without finish_reason or [DONE]
        server.enqueue("/v1/chat/completions", r);
        ChatClient client(settingsFor(server), {});
        const auto res = client.completeBlocking(simpleRequest());
        QVERIFY(!res.has_value());
        QVERIFY2(res.error().contains(QStringLiteral("ended early")), qPrintable(res.error()));
    }

    void idleStreamTimesOut()
    {
        FakeHttpServer server;
        QVERIFY(server.start());
        server.setHandler([](const RecordedRequest &) { return streamOf({QStringLiteral("a")}, 0, false); });
        ChatSettings s = settingsFor(server);
        s.idleTimeoutMs = 300;
        s.maxAttempts = 1;
        ChatClient client(s, {});
        const auto res = client.completeBlocking(simpleRequest());
        QVERIFY(!res.has_value());
        QVERIFY2(res.error().contains(QStringLiteral("timed out")), qPrintable(res.error()));
    }

    void hostedServiceWithoutKeyFailsClearly()
    {
        ChatSettings s;
        s.baseUrl = QUrl(QStringLiteral("https://integrate.api.nvidia.com"));
        ChatClient client(s, {});
        const auto res = client.completeBlocking(simpleRequest());
        QVERIFY(!res.has_value());
        QVERIFY2(res.error().contains(QStringLiteral("SOVEREIGN_API_KEY")), qPrintable(res.error()));
        QCOMPARE(client.http()->pending(), 0);
    }

    void extractJson_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("expect"); // a member's value, or part of the error
        QTest::newRow("bare") << QStringLiteral("{\"score\": 7}") << true << QStringLiteral("7");
        QTest::newRow("fenced") << QStringLiteral("Here you go:\n```json\n{\"score\": 6.5}\n```\nHope it helps.") << true << QStringLiteral("6.5");
        QTest::newRow("fence no lang") << QStringLiteral("```\n{\"score\": 3}\n```") << true << QStringLiteral("3");
        QTest::newRow("prose") << QStringLiteral("My assessment is {\"score\": 8, \"note\": \"braces } in strings {\"} overall.") << true << QStringLiteral("8");
        QTest::newRow("think first") << QStringLiteral("<think>maybe {\"score\": 1}?</think>{\"score\": 9}") << true << QStringLiteral("9");
        QTest::newRow("invalid") << QStringLiteral("{\"score\": 7,}") << false << QStringLiteral("does not parse");
        QTest::newRow("none") << QStringLiteral("I cannot review this draft.") << false << QStringLiteral("no JSON");
        QTest::newRow("empty") << QStringLiteral("  ") << false << QStringLiteral("empty");
    }
    void extractJson()
    {
        QFETCH(QString, reply);
        QFETCH(bool, ok);
        QFETCH(QString, expect);
        const auto r = Pipeline::extractJson(reply);
        QCOMPARE(r.has_value(), ok);
        if (ok)
            QCOMPARE(r->toObject().value(QStringLiteral("score")).toVariant().toString(), expect);
        else
            QVERIFY2(r.error().contains(expect), qPrintable(r.error()));
    }

    void schemaValidation()
    {
        const QJsonObject schema = QJsonDocument::fromJson("{\"type\":\"object\",\"required\":[\"score\",\"verdict\",\"issues\"],\n"
"            \"properties\":{\"score\":{\"type\":\"number\",\"minimum\":0,\"maximum\":10},\n"
"                          \"verdict\":{\"type\":\"string\",\"enum\":[\"APPROVE\",\"REVISE\",\"REJECT\"]},\n"
"                          \"issues\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"text\"],\n"
"                                    \"properties\":{\"claim\":{\"type\":\"integer\"},\"text\":{\"type\":\"string\"}}}}}}")
                                       .object();
        const auto good = QJsonDocument::fromJson("{\"score\":7.5,\"verdict\":\"APPROVE\",\"issues\":[{\"claim\":2,\"text\":\"x\"}]}").object();
        QVERIFY(validateAgainstSchema(good, schema).isEmpty());
        const auto bad = QJsonDocument::fromJson("{\"score\":12,\"verdict\":\"MAYBE\",\"issues\":[{\"claim\":1.5}]}").object();
        const QStringList errors = validateAgainstSchema(bad, schema);
        QCOMPARE(errors.size(), 4);
        QVERIFY(errors.join(u'|').contains(QStringLiteral("$.score is above 10")));
        QVERIFY(errors.join(u'|').contains(QStringLiteral("$.verdict should be one of APPROVE, REVISE, REJECT")));
        QVERIFY(errors.join(u'|').contains(QStringLiteral("$.issues[0] is missing \"text\"")));
        QVERIFY(errors.join(u'|').contains(QStringLiteral("$.issues[0].claim should be integer")));
        QCOMPARE(validateAgainstSchema(QJsonArray{}, schema).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestChatClient)
#include "tst_chatclient.moc"
