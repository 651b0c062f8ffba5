#include "chatclient.h"

#include "endpoint.h"
#include "secrets.h"
#include "sse.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

namespace Sovereign::Pipeline {

struct ChatClient::Pending
{
    ChatRequest request;
    Callback done;
    quint64 httpId = 0;
    bool stream = true;
    SseParser sse;
    QString content;
    QByteArray raw;
    ChatResponse response;
    QString streamError;
    bool sawDone = false;
    QElapsedTimer clock;
};

ChatClient::ChatClient(const ChatSettings &settings, QString apiKey, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_apiKey(std::move(apiKey))
    , m_http(QStringLiteral("chat"), this)
{
    m_http.setRateBudget(std::make_shared<RateBudget>(settings.concurrency, settings.requestsPerMinute));
}

QByteArray ChatClient::requestBody(const ChatSettings &settings, const ChatRequest &request, bool stream, bool withFormat)
{
    QJsonArray messages;
    for (const ChatMessage &m : request.messages)
        messages.append(QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
    QJsonObject body{
        {QStringLiteral("model"), settings.model},
        {QStringLiteral("messages"), messages},
        {QStringLiteral("temperature"), settings.temperature},
        {QStringLiteral("max_tokens"), settings.maxTokens},
        {QStringLiteral("stream"), stream},
    };
    if (stream && settings.streamUsage)
        body.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
    if (withFormat && !request.jsonSchema.isEmpty()) {
        if (settings.structuredOutput == QStringLiteral("json_schema")) {
            body.insert(QStringLiteral("response_format"),
                        QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                                    {QStringLiteral("json_schema"),
                                     QJsonObject{{QStringLiteral("name"), request.schemaName},
                                                 {QStringLiteral("schema"), request.jsonSchema}}}});
        } else if (settings.structuredOutput == QStringLiteral("json_object")) {
            body.insert(QStringLiteral("response_format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}});
        }
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

quint64 ChatClient::complete(const ChatRequest &request, Callback done)
{
    const quint64 id = m_nextId++;
    auto p = std::make_shared<Pending>();
    p->request = request;
    p->done = std::move(done);
    p->stream = request.stream.value_or(m_settings.stream);
    p->clock.start();
    m_pending.insert(id, p);
    if (m_apiKey.isEmpty() && Secrets::hostNeedsKey(m_settings.baseUrl)) {
        const QString msg = Secrets::missingKeyMessage(m_settings.baseUrl, {});
        QMetaObject::invokeMethod(this, [this, id, msg] {
            if (const auto pending = m_pending.take(id))
                pending->done(Models::fail(msg));
        }, Qt::QueuedConnection);
        return id;
    }
    sendAttempt(id, !m_formatRejected && m_settings.structuredOutput != QStringLiteral("none"));
    return id;
}

void ChatClient::sendAttempt(quint64 id, bool withFormat)
{
    const auto p = m_pending.value(id);
    if (!p)
        return;
    p->content.clear();
    p->raw.clear();
    p->sse = SseParser();
    p->sawDone = false;
    p->streamError.clear();
    p->response = ChatResponse();
    p->response.streamed = p->stream;
    p->response.structuredOutput = withFormat && !p->request.jsonSchema.isEmpty();

    HttpRequest req;
    req.url = openAiEndpoint(m_settings.baseUrl, QStringLiteral("chat/completions"));
    req.method = "POST";
    req.body = requestBody(m_settings, p->request, p->stream, withFormat);
    req.headers = {{"Content-Type", "application/json"},
                   {"Accept", p->stream ? QByteArray("text/event-stream") : QByteArray("application/json")}};
    if (!m_apiKey.isEmpty())
        req.headers.append({"Authorization", "Bearer " + m_apiKey.toUtf8()});
    req.timeoutMs = m_settings.timeoutMs;
    req.idleTimeoutMs = m_settings.idleTimeoutMs;
    req.maxAttempts = m_settings.maxAttempts;
    req.backoffBaseMs = m_settings.backoffBaseMs;
    req.label = p->request.lane;
    if (p->stream) {
        req.onData = [this, id](const QByteArray &piece) {
            const auto pending = m_pending.value(id);
            if (!pending)
                return;
            pending->raw += piece;
            for (const QByteArray &data : pending->sse.feed(piece)) {
                if (data.trimmed() == "[DONE]") {
                    pending->sawDone = true;
                    continue;
                }
                QJsonParseError pe;
                const QJsonObject chunk = QJsonDocument::fromJson(data, &pe).object();
                if (pe.error != QJsonParseError::NoError) {
                    pending->streamError = QStringLiteral("an unreadable stream chunk: %1").arg(QString::fromUtf8(data.left(120)));
                    continue;
                }
                if (chunk.contains(QStringLiteral("error"))) {
                    const QJsonValue e = chunk.value(QStringLiteral("error"));
                    pending->streamError = e.isObject() ? e.toObject().value(QStringLiteral("message")).toString() : e.toString();
                    continue;
                }
                if (const QString model = chunk.value(QStringLiteral("model")).toString(); !model.isEmpty())
                    pending->response.model = model;
                const QJsonObject usage = chunk.value(QStringLiteral("usage")).toObject();
                if (!usage.isEmpty()) {
                    pending->response.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInt();
                    pending->response.completionTokens = usage.value(QStringLiteral("completion_tokens")).toInt();
                    pending->response.usageReported = true;
                }
                const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
                if (choices.isEmpty())
                    continue;
                const QJsonObject choice = choices.first().toObject();
                const QString delta = choice.value(QStringLiteral("delta")).toObject().value(QStringLiteral("content")).toString();
                if (const QString fr = choice.value(QStringLiteral("finish_reason")).toString(); !fr.isEmpty())
                    pending->response.finishReason = fr;
                if (!delta.isEmpty()) {
                    if (pending->response.firstTokenMs < 0)
                        pending->response.firstTokenMs = pending->clock.elapsed();
                    pending->content += delta;
                    if (pending->request.onToken)
                        pending->request.onToken(delta);
                }
            }
        };
    }
    p->httpId = m_http.send(req, [this, id, withFormat](const HttpResult &r) {
        const auto pending = m_pending.value(id);
        if (!pending)
            return;
        if (!r.ok() && r.status == 400 && withFormat) {
            const QString body = QString::fromUtf8(r.body).toLower();
            if (body.contains(QStringLiteral("response_format")) || body.contains(QStringLiteral("json_schema"))) {
                m_formatRejected = true; // this server does not do structured output: stop asking
                sendAttempt(id, false);
                return;
            }
        }
        m_pending.remove(id);
        ChatResponse &resp = pending->response;
        resp.latencyMs = pending->clock.elapsed();
        resp.attempts = r.attempts;
        if (!r.ok()) {
            pending->done(Models::fail(r.error));
            return;
        }
        if (pending->stream) {
            for (const QByteArray &data : pending->sse.finish()) {
                if (data.trimmed() == "[DONE]")
                    pending->sawDone = true;
            }
            resp.raw = QString::fromUtf8(pending->raw);
            resp.content = pending->content;
            if (!pending->streamError.isEmpty()) {
                pending->done(Models::fail(QStringLiteral("the chat stream reported an error: %1").arg(pending->streamError)));
                return;
            }
            if (!pending->sawDone && resp.finishReason.isEmpty()) {
                pending->done(Models::fail(QStringLiteral("the chat stream ended early (no [DONE] and no finish reason) after %1 characters")
                                               .arg(resp.content.size())));
                return;
            }
        } else {
            resp.raw = QString::fromUtf8(r.body);
            QJsonParseError pe;
            const QJsonObject o = QJsonDocument::fromJson(r.body, &pe).object();
            if (pe.error != QJsonParseError::NoError) {
                pending->done(Models::fail(QStringLiteral("the chat response is not JSON (%1)").arg(pe.errorString())));
                return;
            }
            const QJsonObject choice = o.value(QStringLiteral("choices")).toArray().first().toObject();
            if (choice.isEmpty()) {
                pending->done(Models::fail(QStringLiteral("the chat response has no choices")));
                return;
            }
            resp.content = choice.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
            resp.finishReason = choice.value(QStringLiteral("finish_reason")).toString();
            resp.model = o.value(QStringLiteral("model")).toString();
            const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
            resp.usageReported = !usage.isEmpty();
            resp.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInt();
            resp.completionTokens = usage.value(QStringLiteral("completion_tokens")).toInt();
            if (!resp.content.isEmpty() && pending->request.onToken)
                pending->request.onToken(resp.content);
        }
        if (resp.model.isEmpty())
            resp.model = m_settings.model;
        pending->done(resp);
    });
}

void ChatClient::cancel(quint64 id)
{
    if (const auto p = m_pending.value(id))
        m_http.cancel(p->httpId);
}

void ChatClient::cancelAll()
{
    const auto ids = m_pending.keys();
    for (quint64 id : ids)
        cancel(id);
}

Models::Result<ChatResponse> ChatClient::completeBlocking(const ChatRequest &request)
{
    QEventLoop loop;
    std::optional<Models::Result<ChatResponse>> result;
    complete(request, [&](const Models::Result<ChatResponse> &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

} // namespace Sovereign::Pipeline
