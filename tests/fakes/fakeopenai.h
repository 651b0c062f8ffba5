#pragma once

// A fake OpenAI-compatible server (NIM, vLLM, llama.cpp, Ollama all speak this): /v1/embeddings
// with deterministic vectors, and /v1/chat/completions, streamed (SSE, split into small chunks with
// pauses) or not, with usage. By default the chat replies recognise the project's prompts (the
// three reviewer roles, reviser, planner, extractor, synthesizer) and answer in their JSON shapes;
// replyFor can be replaced to script odd replies (fenced, prose-wrapped, invalid JSON).

#include "fakehttpserver.h"

#include <QJsonObject>

namespace Sovereign::Test {

class FakeOpenAiServer final
{
public:
    FakeOpenAiServer();
    bool start();
    QUrl baseUrl() const { return http.baseUrl(); }

    FakeHttpServer http;
    int embeddingDim = 1024;
    int chunkChars = 12;     // streamed delta size
    int chunkDelayMs = 5;    // pause between streamed chunks
    // Real servers' transport quirks:
    int sseSplitBytes = 0;   // > 0: the SSE byte stream is cut every n bytes (mid-line, mid-UTF-8)
    bool sseCrLf = false;    // lines end in CRLF, with ": keep-alive" comments between events
    int rateLimitFirst = 0;  // the first n chat requests get 429 with Retry-After
    QByteArray retryAfter = "1";
    // The assistant's text for a chat request (the parsed request body).
    std::function<QString(const QJsonObject &request)> replyFor;

    static QString defaultReply(const QJsonObject &request);
    static QString systemPrompt(const QJsonObject &request);
    static QString lastUserMessage(const QJsonObject &request);
    // Deterministic unit vector for a text (hash-seeded), dimension dim.
    static QList<double> vectorFor(const QString &text, int dim);
    int chatRequests() const;
    int embeddingRequests() const;

private:
    ScriptedResponse respond(const RecordedRequest &request);
    int m_chatSeen = 0;
};

} // namespace Sovereign::Test
