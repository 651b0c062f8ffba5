// The LLM tribunal backend against a fake OpenAI-compatible server: three roles concurrently within
// the concurrency limit, streamed tokens per lane, full transcripts, fenced / prose-wrapped /
// invalid JSON with one repair request, cancellation mid-stream, and the LLM reviser.

#include "fakes/fakeopenai.h"
#include "pipeline/fixtures.h"
#include "models/types/quote.h"
#include "pipeline/remote/llmreviewers.h"
#include "pipeline/remote/stance.h"
#include "pipeline/review/policy.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QtConcurrentRun>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;
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
        QTest::newRow("no score, repaired") << QStringLiteral("{\"verdict\": \"REJECT\", \"rationale\": \"Weak.\"}") << true << 2;
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
        QVERIFY_OK(result); // a reviewer that fails still gives a review: its transcript and the failure
        QCOMPARE(!result->failed(), ok);
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
            QVERIFY2(result->failure.contains(QStringLiteral("even after a repair request")), qPrintable(result->failure));
            QVERIFY(result->failure.contains(QStringLiteral("I'd rather not.")));
            QVERIFY(result->rawResponse.contains(QStringLiteral("reply to the repair request")));
            QVERIFY(result->prompt.contains(QStringLiteral("You are the VALIDATOR")));
            QCOMPARE(result->backend, QStringLiteral("llm"));
        }
    }

    // Answers as OpenAI-compatible servers that do not enforce the schema really send them. Each
    // is read by meaning in ONE call (no repair request): the score, the claim the first issue is
    // about, and its severity.
    void readsReviewerAnswerShapes_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<double>("score");
        QTest::addColumn<int>("claim");
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("severity");
        // 1. the shape the prompt asks for
        QTest::newRow("1 canonical claim/section/severity/text")
            << QStringLiteral(R"({"score": 6.2, "verdict": "REVISE", "rationale": "Mixed.", "issues": [{"claim": 2, "section": "", "severity": "major", "text": "Overstated."}]})")
            << 6.2 << 2 << QString() << QStringLiteral("major");
        // 2. the shape that failed a real run: id/target/message
        QTest::newRow("2 id/target/message issues")
            << QStringLiteral(R"({"score": 5.9, "verdict": "REVISE", "rationale": "r", "issues": [{"id": "ISSUE-1", "severity": "major", "target": "claim 3", "message": "No passage supports the 38% figure."}]})")
            << 5.9 << 3 << QString() << QStringLiteral("major");
        // 3. string score "5.9/10" inside a ```json fence with prose around it
        QTest::newRow("3 fenced, string score 5.9/10")
            << fenced(QStringLiteral(R"({"score": "5.9/10", "verdict": "Revise", "rationale": "r", "issues": [{"claim": 1, "section": "", "severity": "minor", "text": "t"}]})"))
            << 5.9 << 1 << QString() << QStringLiteral("minor");
        // 4. description/location with "[3]" and a High severity
        QTest::newRow("4 description/location [3], severity High")
            << QStringLiteral(R"({"score": 7, "verdict": "APPROVE", "rationale": "r", "issues": [{"location": "[3]", "description": "Hedge this.", "severity": "High"}]})")
            << 7.0 << 3 << QString() << QStringLiteral("major");
        // 5. a claim named "claim C2"
        QTest::newRow("5 claim \"claim C2\"")
            << QStringLiteral(R"({"score": 6.0, "verdict": "REVISE", "rationale": "r", "issues": [{"claim": "claim C2", "severity": "critical", "text": "t"}]})")
            << 6.0 << 2 << QString() << QStringLiteral("critical");
        // 6. wrapped in {"review": ...}, "rating": "7/10"
        QTest::newRow("6 wrapped review, rating 7/10")
            << QStringLiteral(R"({"review": {"rating": "7/10", "verdict": "approve", "summary": "Fine.", "issues": [{"claim": 4, "text": "Minor wording."}]}})")
            << 7.0 << 4 << QString() << QStringLiteral("minor");
        // 7. other member names: overall_score on 0-100, decision, reasoning, concerns as strings
        QTest::newRow("7 overall_score 68, concerns as strings")
            << QStringLiteral(R"({"overall_score": 68, "decision": "accept with changes", "reasoning": "r", "concerns": ["Claim 4 overstates the gain."]})")
            << 6.8 << 4 << QString() << QStringLiteral("minor");
        // 8. reasoning model: <think> block with braces, then prose, then JSON; claim "[2]", "comment"
        QTest::newRow("8 think block, claim [2], comment")
            << QStringLiteral("<think>The draft {claims} look weak.</think>\nMy review:\n"
                              R"({"score": 4.5, "verdict": "REJECT", "rationale": "r", "issues": [{"claim": "[2]", "severity": "blocker", "comment": "c"}]})")
            << 4.5 << 2 << QString() << QStringLiteral("critical");
        // 9. a section, not a claim, as the location; score as an object
        QTest::newRow("9 location Uncertainties, score object")
            << QStringLiteral(R"({"score": {"value": 6.5, "max": 10}, "verdict": "APPROVE", "rationale": "r", "issues": [{"location": "Uncertainties", "description": "Name the unverified claims.", "severity": "medium"}]})")
            << 6.5 << 0 << QStringLiteral("Uncertainties") << QStringLiteral("major");
        // 10. the answer as a bare array of one object, score "8", issue numbers as a plain 2
        QTest::newRow("10 bare array, score \"8\"")
            << QStringLiteral(R"([{"score": "8", "verdict": "APPROVE", "rationale": "r", "issues": [{"claim_id": 2, "problem": "p", "priority": "low"}]}])")
            << 8.0 << 2 << QString() << QStringLiteral("minor");
        // 11. issues as one string of bullet lines, score "85%"
        QTest::newRow("11 issues as bullet text, 85%")
            << QStringLiteral(R"({"score": "85%", "verdict": "APPROVE", "rationale": "r", "issues": "- Claim 1 lacks a source.\n- References are thin."})")
            << 8.5 << 1 << QString() << QStringLiteral("minor");
    }
    void readsReviewerAnswerShapes()
    {
        QFETCH(QString, reply);
        QFETCH(double, score);
        QFETCH(int, claim);
        QFETCH(QString, section);
        QFETCH(QString, severity);
        FakeOpenAiServer server;
        QVERIFY(server.start());
        server.replyFor = [reply](const QJsonObject &) { return reply; };
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QString(), io);
        LlmReviewer reviewer(Models::Role::Skeptic, engine);
        const auto request = Test::fixtureRequest(Test::mixedClaims());
        const auto result = runAway([&] {
            auto f = reviewer.review(request, nullptr);
            f.waitForFinished();
            return f.result();
        });
        QVERIFY_OK(result);
        QVERIFY2(!result->failed(), qPrintable(result->failure));
        QCOMPARE(server.chatRequests(), 1); // read as it came: no repair request
        QCOMPARE(result->score, score);
        QVERIFY(!result->issues.isEmpty());
        QCOMPARE(result->issues.first().claimOrdinal, claim);
        QCOMPARE(result->issues.first().section, section);
        QCOMPARE(result->issues.first().severity, severity);
        QVERIFY(!result->issues.first().text.isEmpty());
    }

    // Transport quirks: SSE cut every 7 bytes (mid-line, mid-UTF-8) with CRLF and keep-alive
    // comments, after two 429 answers with Retry-After.
    void survivesServerQuirks()
    {
        FakeOpenAiServer server;
        server.sseSplitBytes = 7;
        server.sseCrLf = true;
        server.rateLimitFirst = 2;
        server.replyFor = [](const QJsonObject &) {
            return QStringLiteral("{\"score\": \"6.5/10\", \"verdict\": \"APPROVE\", \"rationale\": \"Prüfung bestanden – gut.\", \"issues\": []}");
        };
        QVERIFY(server.start());
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QString(), io);
        LlmReviewer reviewer(Models::Role::Synthesizer, engine);
        const auto result = runAway([&] {
            auto f = reviewer.review(Test::fixtureRequest(Test::mixedClaims()), nullptr);
            f.waitForFinished();
            return f.result();
        });
        QVERIFY_OK(result);
        QVERIFY2(!result->failed(), qPrintable(result->failure));
        QCOMPARE(server.chatRequests(), 3);
        QCOMPARE(result->score, 6.5);
        QCOMPARE(result->rationale, QStringLiteral("Prüfung bestanden – gut."));
    }

    // A reviewer that answers garbage every time: the tribunal goes on with the other two, marks
    // the outcome partial and keeps the failed review with its transcript.
    void failedReviewerDegradesTheTribunal()
    {
        FakeOpenAiServer server;
        QVERIFY(server.start());
        server.replyFor = [](const QJsonObject &req) {
            if (FakeOpenAiServer::systemPrompt(req).contains(QStringLiteral("You are the SKEPTIC")))
                return QStringLiteral("<html><body>502 Bad Gateway</body></html>");
            return FakeOpenAiServer::defaultReply(req);
        };
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QString(), io);
        const auto outcome = runAway([&] { return runTribunal(llmReviewerFactory(engine), Test::fixtureRequest(Test::mixedClaims()), nullptr); });
        QVERIFY_OK(outcome);
        QCOMPARE(outcome->reviews.size(), qsizetype(3));
        QVERIFY(outcome->partial);
        QCOMPARE(outcome->failures.size(), qsizetype(1));
        QVERIFY(outcome->failures.first().startsWith(QStringLiteral("SKEPTIC: ")));
        QCOMPARE(outcome->score, 7.25); // (7 + 7.5) / 2: the failed lane does not count
        const Models::Review &skeptic = outcome->reviews.first();
        QVERIFY(skeptic.failed());
        QVERIFY(skeptic.rawResponse.contains(QStringLiteral("502 Bad Gateway")));
        QVERIFY(skeptic.prompt.contains(QStringLiteral("You are the SKEPTIC")));
        PolicyDecision d = decidePolicy(outcome->verdict, outcome->score, Test::mixedClaims(), request().settings);
        applyReviewerFailedGate(d, outcome->failures);
        QCOMPARE(d.policy, Models::Policy::EscalateToOwner);
        QVERIFY2(d.reason.contains(QStringLiteral("gate reviewer_failed (SKEPTIC: ")), qPrintable(d.reason));
    }

    static ReviewRequest request() { return Test::fixtureRequest(Test::mixedClaims()); }

    // The other stages' answers are read by meaning too; what is required and missing is named.
    void readsOtherStagesLeniently()
    {
        using namespace AnswerReader;
        const auto parse = [](const char *json) { return QJsonDocument::fromJson(json).isArray() ? QJsonValue(QJsonDocument::fromJson(json).array())
                                                                                                 : QJsonValue(QJsonDocument::fromJson(json).object()); };
        // Planner: a bare list of strings; {"search_queries": [{"query": ...}]}.
        Reading r = readPlanner(parse(R"(["ti:mixture", "token scheduling"])"));
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(r.answer.value(u"queries"_s).toArray().size(), 2);
        r = readPlanner(parse(R"({"search_queries": [{"query": "expert routing", "type": "methods"}]})"));
        QCOMPARE(r.answer.value(u"queries"_s).toArray().first().toObject().value(u"text"_s).toString(), u"expert routing"_s);
        QCOMPARE(r.answer.value(u"queries"_s).toArray().first().toObject().value(u"strategy"_s).toString(), u"methods"_s);
        r = readPlanner(parse(R"({"plan": "search everything"})"));
        QVERIFY(!r.problems.isEmpty() && r.problems.first().contains(u"queries"_s));
        // Extractor: claims as strings, score "8/10", "claim" instead of "text".
        r = readExtractor(parse(R"({"claims": ["GateFlow cuts imbalance by 41%.", {"claim": "It is 1.8x faster.", "score": "8/10"}]})"));
        QVERIFY(r.problems.isEmpty());
        QCOMPARE(r.answer.value(u"claims"_s).toArray().size(), 2);
        QCOMPARE(r.answer.value(u"claims"_s).toArray().at(1).toObject().value(u"score"_s).toDouble(), 8.0);
        QCOMPARE(r.answer.value(u"claims"_s).toArray().at(1).toObject().value(u"sentence"_s).toString(), u"It is 1.8x faster."_s);
        // Reviser: "id": "C2", action "remove" / "rewrite", notes as one string.
        r = readReviser(parse(R"({"revisions": [{"id": "C2", "action": "remove"}, {"claim": 3, "action": "rewrite", "revised_text": "Maybe."}], "notes": "Dropped 2."})"));
        QVERIFY(r.problems.isEmpty());
        const QJsonArray claims = r.answer.value(u"claims"_s).toArray();
        QCOMPARE(claims.at(0).toObject().value(u"ordinal"_s).toInt(), 2);
        QCOMPARE(claims.at(0).toObject().value(u"action"_s).toString(), u"drop"_s);
        QCOMPARE(claims.at(1).toObject().value(u"action"_s).toString(), u"soften"_s);
        QCOMPARE(claims.at(1).toObject().value(u"text"_s).toString(), u"Maybe."_s);
        QCOMPARE(r.answer.value(u"notes"_s).toArray().first().toString(), u"Dropped 2."_s);
        QVERIFY(!readReviser(parse(R"({"summary": "fine"})")).problems.isEmpty());
        // Synthesizer: "intro" wrapped in {"result": ...}; an empty one is missing.
        r = readSynthesizer(parse(R"({"result": {"intro": "This draft asks ..."}})"));
        QCOMPARE(r.answer.value(u"introduction"_s).toString(), u"This draft asks ..."_s);
        QVERIFY(!readSynthesizer(parse(R"({"introduction": ""})")).problems.isEmpty());
        // Scores and claim references on their own.
        QCOMPARE(readScore(QJsonValue(u"5.9/10"_s)).value_or(-1), 5.9);
        QCOMPARE(readScore(QJsonValue(u"8 out of 10"_s)).value_or(-1), 8.0);
        QCOMPARE(readScore(QJsonValue(u"59/100"_s)).value_or(-1), 5.9);
        QVERIFY(!readScore(QJsonValue(u"good"_s)));
        QCOMPARE(readClaimRef(QJsonValue(u"Claim #4"_s)).value_or(-1), 4);
        QVERIFY(!readClaimRef(QJsonValue(u"Uncertainties"_s)));
    }

    // The stance check keeps a label only when its quote is in the passage verbatim (whitespace
    // normalised); an invented quote is discarded as ungrounded and recorded so.
    void stanceQuotesMustBeInThePassage_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("status");
        const QString passage = QStringLiteral("Balanced routing reduces expert load imbalance with eight experts.\n  Throughput on one GPU "
                                               "improves by 1.4x compared with top-2 gating.");
        Q_UNUSED(passage);
        QTest::newRow("verbatim quote") << QStringLiteral(R"({"label": "SUPPORTS", "quote": "Balanced routing reduces expert load imbalance with eight experts.", "rationale": "r"})")
                                        << QStringLiteral("SUPPORTS") << QStringLiteral("ok");
        QTest::newRow("quote across a line break, other spacing")
            << QStringLiteral(R"({"label": "REFUTES", "quote": "Throughput on one GPU improves by   1.4x compared with top-2 gating.", "rationale": "r"})")
            << QStringLiteral("REFUTES") << QStringLiteral("ok");
        QTest::newRow("invented quote") << QStringLiteral(R"({"label": "REFUTES", "quote": "Balanced routing doubles throughput on every GPU.", "rationale": "r"})")
                                        << QStringLiteral("REFUTES") << QStringLiteral("ungrounded");
        QTest::newRow("paraphrased quote") << QStringLiteral(R"({"label": "SUPPORTS", "quote": "balanced routing reduces expert load imbalance with 8 experts", "rationale": "r"})")
                                           << QStringLiteral("SUPPORTS") << QStringLiteral("ungrounded");
        QTest::newRow("NEI without a quote") << QStringLiteral(R"({"stance": "not enough info", "quote": "", "reason": "off topic"})")
                                             << QStringLiteral("NOT_ENOUGH_INFO") << QStringLiteral("ok");
        QTest::newRow("SUPPORTS without a quote") << QStringLiteral(R"({"label": "Supports"})") << QStringLiteral("SUPPORTS")
                                                  << QStringLiteral("ungrounded");
    }
    void stanceQuotesMustBeInThePassage()
    {
        QFETCH(QString, reply);
        QFETCH(QString, label);
        QFETCH(QString, status);
        FakeOpenAiServer server;
        QVERIFY(server.start());
        server.replyFor = [reply](const QJsonObject &) { return reply; };
        auto io = std::make_shared<RemoteIo>();
        auto engine = std::make_shared<LlmEngine>(chatSettings(server), QString(), io);
        LlmStanceChecker checker(engine);
        const QString passage = QStringLiteral("Balanced routing reduces expert load imbalance with eight experts.\n  Throughput on one GPU "
                                               "improves by 1.4x compared with top-2 gating.");
        const auto result = runAway([&] {
            auto f = checker.check(QStringLiteral("Does routing help?"), QStringLiteral("Routing reduces imbalance."), passage, nullptr);
            f.waitForFinished();
            return f.result();
        });
        QVERIFY_OK(result);
        QCOMPARE(server.chatRequests(), 1);
        QCOMPARE(result->label, label);
        QCOMPARE(result->status, status);
        QCOMPARE(result->passage, passage);
        QCOMPARE(result->effectiveLabel(), status == QStringLiteral("ok") ? label : QString());
        if (status == QStringLiteral("ungrounded"))
            QVERIFY(!result->note.isEmpty());
        if (status == QStringLiteral("ok") && !result->quote.isEmpty()) {
            const auto [start, length] = Models::locateQuote(passage, result->quote);
            QVERIFY(start >= 0 && length > 0);
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
