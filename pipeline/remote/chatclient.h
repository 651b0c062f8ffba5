#pragma once

// ChatClient: POST {base}/v1/chat/completions on NIM, vLLM, llama.cpp server, Ollama or any other
// OpenAI-compatible server, streamed (server-sent events, "data: [DONE]") or not. Streamed deltas
// reach onToken as they arrive; the complete text, the raw response as received, the model, the
// finish reason, latency and token usage come back in ChatResponse. A JSON schema, when given, is
// sent as response_format (json_schema or json_object, per setting); a server that rejects
// response_format with HTTP 400 is asked again without it, and not asked with it again.
// cancel() aborts the request mid-stream; the callback then reports the cancellation.

#include "httpclient.h"
#include "remotesettings.h"

#include "models/storage/database.h"

#include <QJsonObject>
#include <QObject>

namespace Sovereign::Pipeline {

struct ChatMessage
{
    QString role; // system | user | assistant
    QString content;
};

struct ChatRequest
{
    QList<ChatMessage> messages;
    QJsonObject jsonSchema;          // empty: free text
    QString schemaName = QStringLiteral("answer");
    std::optional<bool> stream;      // default: the setting
    QString lane;                    // e.g. SKEPTIC, for wait reports
    std::function<void(const QString &delta)> onToken;
};

struct ChatResponse
{
    QString content;
    QString raw;          // the body as received (the SSE text when streamed)
    QString model;
    QString finishReason;
    int promptTokens = 0;
    int completionTokens = 0;
    bool usageReported = false;
    bool streamed = false;
    bool structuredOutput = false; // response_format was sent and accepted
    qint64 latencyMs = 0;
    qint64 firstTokenMs = -1;
    int attempts = 0;
};

class ChatClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatClient)

public:
    using Callback = std::function<void(const Models::Result<ChatResponse> &)>;

    ChatClient(const ChatSettings &settings, QString apiKey, QObject *parent = nullptr);

    const ChatSettings &settings() const { return m_settings; }
    HttpClient *http() { return &m_http; }
    // Shares one concurrency/RPM budget between clients (e.g. the three reviewers).
    void setRateBudget(std::shared_ptr<RateBudget> budget) { m_http.setRateBudget(std::move(budget)); }

    quint64 complete(const ChatRequest &request, Callback done);
    void cancel(quint64 id);
    void cancelAll();

    // Blocking convenience for worker threads and the CLI (runs a local event loop).
    Models::Result<ChatResponse> completeBlocking(const ChatRequest &request);

    static QByteArray requestBody(const ChatSettings &settings, const ChatRequest &request, bool stream, bool withFormat);

private:
    void sendAttempt(quint64 id, bool withFormat);

    struct Pending;
    ChatSettings m_settings;
    QString m_apiKey;
    HttpClient m_http;
    QHash<quint64, std::shared_ptr<Pending>> m_pending;
    quint64 m_nextId = 1;
    bool m_formatRejected = false;
};

} // namespace Sovereign::Pipeline
