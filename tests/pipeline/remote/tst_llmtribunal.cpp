// The LLM tribunal backend against a fake OpenAI-compatible server: three roles concurrently within
// the concurrency limit, streamed tokens per lane, full transcripts, fenced / prose-wrapped /
// invalid JSON with one repair request, cancellation mid-stream, and the LLM reviser.

#include "fakes/fakeopenai.h"
#include "pipeline/fixtures.h"
#include "pipeline/remote/llmreviewers.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QtConcurrentRun>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FakeOpenAiServer;

namespace {

ChatSettings chatSettings(const FakeOpenAiServer &server, int concurrency = 3)
{
    ChatSettings s;
    s.baseUrl = server.baseUrl();
    s.model = QStringLiteral("fake/reviewer-70b");
    s.concurrency = concurrency;
    s.timeoutMs = 10000;
    s.idleTimeoutMs = 5000;
    s.backoffBaseMs = 20;
    return s;
}

// The server lives in this (test) thread; the tribunal blocks the calling thread, so run it in
// another one and keep this thread's event loop turning.
template<typename F>
auto runAway(F f)
{
    auto future = QtConcurrent::run(f);
    while (!future.isFinished())
        QTest::qWait(5);
    return future.result();
}

QString fenced(const QString &json) { return QStringLiteral("Here is my review.\n```json\n%1\n```\nThanks.").arg(json); }

} // namespace

class TestLlmTribunal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void threeRolesConcurrentlyWithTranscripts()
    {
        FakeOpenAiServer server;
        server.chunkDelayMs = 60; // a reply of >= 10 chunks streams for >= 600 ms
        QVERIFY(server.start());
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QStringLiteral("nvapi-never-shown"), io);
        QMutex mutex;
        QHash<QString, QString> tokens;
        const auto request = Test::fixtureRequest(Test::mixedClaims());
        const auto outcome = runAway([&] {
            return runTribunal(llmReviewerFactory(engine), request, nullptr,
                               [&](Models::EventKind kind, const QString &lane, const QString &message, const QJsonObject &) {
                                   if (kind == Models::EventKind::Token) {
                                       QMutexLocker lock(&mutex);
                                       tokens[lane] += message;
                                   }
                               });
        });
        QVERIFY_OK(outcome);
        QCOMPARE(outcome->reviews.size(), qsizetype(3));
        QCOMPARE(outcome->score, 6.83); // (6 + 7 + 7.5) / 3
        QCOMPARE(outcome->verdict, Models::Verdict::Approve);
        for (const Models::Review &r : outcome->reviews) {
            const QString role = Models::toText(r.role);
            QCOMPARE(r.backend, QStringLiteral("llm"));
            QCOMPARE(r.model, QStringLiteral("fake/reviewer-70b"));
            QVERIFY(r.prompt.contains(QStringLiteral("You are the ") + role));
            QVERIFY(r.prompt.contains(request.question));
            QVERIFY(r.rawResponse.contains(QStringLiteral("\"score\"")));
            QCOMPARE(tokens.value(role), r.rawResponse); // every streamed token reached its lane
            QVERIFY(r.parsed.contains(QStringLiteral("issues")));
            QCOMPARE(r.issues.size(), qsizetype(1));
            QCOMPARE(r.issues.first().claimOrdinal, 1);
            QVERIFY(r.latencyMs > 0);
            QVERIFY(r.promptTokens > 0 && r.completionTokens > 0);
            QVERIFY(!r.prompt.contains(QStringLiteral("nvapi-never-shown")) && !r.rawResponse.contains(QStringLiteral("nvapi")));
        }
        // Concurrent: the three requests arrived before any reply could have finished streaming.
        QCOMPARE(server.chatRequests(), 3);
        const auto &reqs = server.http.requests();
        // Serially, the third request would wait for two whole streamed replies (>= 1,200 ms).
        QVERIFY2(reqs.at(2).atMs - reqs.at(0).atMs < 1000, qPrintable(QString::number(reqs.at(2).atMs - reqs.at(0).atMs)));
        for (const auto &r : reqs)
            QCOMPARE(r.header("authorization"), QByteArray("Bearer nvapi-never-shown"));
    }

    void concurrencyLimitOfOneSerialises()
    {
        FakeOpenAiServer server;
        server.chunkDelayMs = 20;
        QVERIFY(server.start());
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server, 1), QString(), io);
        const auto outcome = runAway([&] { return runTribunal(llmReviewerFactory(engine), Test::fixtureRequest(Test::mixedClaims()), nullptr); });
        QVERIFY_OK(outcome);
        const auto &reqs = server.http.requests();
        QCOMPARE(reqs.size(), qsizetype(3));
        // Each reply streams for well over 100 ms; with one slot the next request waits for it.
        QVERIFY(reqs.at(1).atMs - reqs.at(0).atMs >= 100);
        QVERIFY(reqs.at(2).atMs - reqs.at(1).atMs >= 100);
    }

    void oddRepliesAndRepair_data()
    {
        QTest::addColumn<QString>("first");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("calls");
        const QString good = QStringLiteral("{\"score\": 4.5, \"verdict\": \"REJECT\", \"rationale\": \"Weak.\", \"issues\": []}");
        QTest::newRow("fenced") << fenced(good) << true << 1;
        QTest::newRow("prose-wrapped") << QStringLiteral("After reading it: %1 That is all.").arg(good) << true << 1;
        QTest::newRow("invalid json, repaired") << QStringLiteral("{\"score\": 4.5, \"verdict\": REJECT}") << true << 2;
        QTest::newRow("wrong shape, repaired") << QStringLiteral("{\"score\": 14, \"verdict\": \"MAYBE\"}") << true << 2;
        QTest::newRow("no json twice") << QStringLiteral("I'd rather not.") << false << 2;
    }
    void oddRepliesAndRepair()
    {
        QFETCH(QString, first);
        QFETCH(bool, ok);
        QFETCH(int, calls);
        FakeOpenAiServer server;
        QVERIFY(server.start());
        server.replyFor = [first, ok](const QJsonObject &req) {
            const bool repair = FakeOpenAiServer::lastUserMessage(req).contains(QStringLiteral("could not be used"));
            if (repair && ok)
                return QStringLiteral("{\"score\": 4.5, \"verdict\": \"REJECT\", \"rationale\": \"Weak.\", \"issues\": []}");
            return first;
        };
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QString(), io);
        LlmReviewer reviewer(Models::Role::Validator, engine);
        const auto request = Test::fixtureRequest(Test::mixedClaims());
        const auto result = runAway([&] {
            auto f = reviewer.review(request, nullptr);
            f.waitForFinished();
            return f.result();
        });
        QCOMPARE(server.chatRequests(), calls);
        QCOMPARE(result.has_value(), ok);
        if (ok) {
            QCOMPARE(result->score, 4.5);
            QCOMPARE(result->verdict, Models::Verdict::Reject);
            QVERIFY(result->rawResponse.startsWith(first));
            if (calls == 2) {
                QVERIFY(result->rawResponse.contains(QStringLiteral("reply to the repair request")));
                QVERIFY(result->prompt.contains(QStringLiteral("repair request")));
                // The repair request showed the model its reply and what was wrong with it.
                const QJsonObject second = QJsonDocument::fromJson(server.http.requests().at(1).body).object();
                const QJsonArray msgs = second.value(QStringLiteral("messages")).toArray();
                QCOMPARE(msgs.at(msgs.size() - 2).toObject().value(QStringLiteral("content")).toString(), first);
            }
        } else {
            QVERIFY2(result.error().contains(QStringLiteral("even after a repair request")), qPrintable(result.error()));
            QVERIFY(result.error().contains(QStringLiteral("I'd rather not.")));
        }
    }

    void cancellationMidStream()
    {
        FakeOpenAiServer server;
        server.chunkChars = 2;
        server.chunkDelayMs = 50; // a long, slow stream
        QVERIFY(server.start());
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QString(), io);
        auto cancel = std::make_shared<std::atomic_bool>(false);
        std::atomic_int tokens{0};
        ReviewRequest request = Test::fixtureRequest(Test::mixedClaims());
        request.onToken = [&](const QString &) {
            if (++tokens == 5)
                cancel->store(true);
        };
        QElapsedTimer t;
        t.start();
        const auto outcome = runAway([&] { return runTribunal(llmReviewerFactory(engine), request, cancel); });
        QVERIFY(!outcome.has_value());
        QVERIFY2(outcome.error().contains(QStringLiteral("cancel")), qPrintable(outcome.error()));
        QVERIFY(t.elapsed() < 3000); // a full reply would stream for ~5 s
        QVERIFY(tokens.load() < 40);
    }

    void reviserActsOnIssues()
    {
        FakeOpenAiServer server;
        QVERIFY(server.start());
        server.replyFor = [](const QJsonObject &) {
            return QStringLiteral(
                "{\"claims\":[{\"ordinal\":1,\"action\":\"drop\",\"text\":\"\"},"
                "{\"ordinal\":2,\"action\":\"drop\",\"text\":\"\"},"
                "{\"ordinal\":4,\"action\":\"soften\",\"text\":\"According to the source, the router adds about 3 ms per batch.\"}],"
                "\"notes\":[\"Claim 1 was dropped: no passage supports it.\"],\"reason\":\"Reviewers flagged overreach.\"}");
        };
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QString(), io);
        LlmReviser reviser(engine);
        RevisionRequest req;
        req.round = 1;
        req.claims = Test::mixedClaims();
        req.questionTerms = {QStringLiteral("gateflow")};
        const auto out = runAway([&] { return reviser.revise(req, nullptr); });
        QVERIFY_OK(out);
        QCOMPARE(out->dropped, 1);  // claim 1; claim 2 is verified and is kept
        QCOMPARE(out->softened, 1);
        QCOMPARE(out->claims.size(), qsizetype(10));
        QCOMPARE(out->claims.last().status, Models::ClaimStatus::Dropped);
        QCOMPARE(out->claims.at(0).text, Test::mixedClaims().at(1).text); // old #2 is now #1
        QCOMPARE(out->claims.at(2).status, Models::ClaimStatus::Softened);  // old #4 is now #3
        QCOMPARE(out->changedOrdinals, QList<int>{3});
        QVERIFY(out->notes.join(u' ').contains(QStringLiteral("verified claims 2")));
        QCOMPARE(out->reason, QStringLiteral("Reviewers flagged overreach."));
        QCOMPARE(reviser.lastTranscript().promptId, QStringLiteral("reviser.v1"));
    }
};

QTEST_GUILESS_MAIN(TestLlmTribunal)
#include "tst_llmtribunal.moc"
