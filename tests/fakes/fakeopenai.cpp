#include "fakeopenai.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace Sovereign::Test {

FakeOpenAiServer::FakeOpenAiServer()
{
    replyFor = &FakeOpenAiServer::defaultReply;
    http.setHandler([this](const RecordedRequest &r) { return respond(r); });
}

bool FakeOpenAiServer::start() { return http.start(); }

int FakeOpenAiServer::chatRequests() const
{
    int n = 0;
    for (const auto &r : http.requests())
        n += r.path.endsWith("/chat/completions") ? 1 : 0;
    return n;
}

int FakeOpenAiServer::embeddingRequests() const
{
    int n = 0;
    for (const auto &r : http.requests())
        n += r.path.endsWith("/embeddings") ? 1 : 0;
    return n;
}

QString FakeOpenAiServer::systemPrompt(const QJsonObject &request)
{
    for (const QJsonValue &m : request.value(QStringLiteral("messages")).toArray()) {
        if (m.toObject().value(QStringLiteral("role")).toString() == QStringLiteral("system"))
            return m.toObject().value(QStringLiteral("content")).toString();
    }
    return {};
}

QString FakeOpenAiServer::lastUserMessage(const QJsonObject &request)
{
    QString last;
    for (const QJsonValue &m : request.value(QStringLiteral("messages")).toArray()) {
        if (m.toObject().value(QStringLiteral("role")).toString() == QStringLiteral("user"))
            last = m.toObject().value(QStringLiteral("content")).toString();
    }
    return last;
}

QList<double> FakeOpenAiServer::vectorFor(const QString &text, int dim)
{
    QList<double> v(dim);
    QByteArray seed = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
    double norm = 0;
    for (int i = 0; i < dim; ++i) {
        const int b = static_cast<unsigned char>(seed.at(i % seed.size())) ^ (i * 31 & 0xff);
        v[i] = (b - 127.5) / 127.5;
        norm += v[i] * v[i];
    }
    for (double &x : v)
        x /= std::sqrt(norm);
    return v;
}

QString FakeOpenAiServer::defaultReply(const QJsonObject &request)
{
    const QString system = systemPrompt(request);
    const QString user = lastUserMessage(request);
    auto json = [](const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); };
    // The first claim number shown in the prompt, so issues point at a real claim.
    static const QRegularExpression claimNo(QStringLiteral("\\[(\\d+)\\]"));
    const QString all = user;
    const int firstClaim = claimNo.match(all).hasMatch() ? claimNo.match(all).captured(1).toInt() : 0;
    for (const auto &[role, score] : {std::pair{QStringLiteral("SKEPTIC"), 6.0}, std::pair{QStringLiteral("VALIDATOR"), 7.0},
                                      std::pair{QStringLiteral("SYNTHESIZER"), 7.5}}) {
        if (!system.contains(QStringLiteral("You are the ") + role))
            continue;
        return json({{QStringLiteral("score"), score},
                     {QStringLiteral("verdict"), score >= 6.5 ? QStringLiteral("APPROVE") : QStringLiteral("REVISE")},
                     {QStringLiteral("rationale"), QStringLiteral("The %1 (fake model) read the draft and weighed its claims.").arg(role.toLower())},
                     {QStringLiteral("issues"),
                      QJsonArray{QJsonObject{{QStringLiteral("claim"), firstClaim},
                                             {QStringLiteral("section"), QString()},
                                             {QStringLiteral("severity"), QStringLiteral("minor")},
                                             {QStringLiteral("text"), QStringLiteral("%1 wants claim %2 stated more carefully.").arg(role).arg(firstClaim)}}}}});
    }
    if (system.contains(QStringLiteral("revise the claims")))
        return json({{QStringLiteral("claims"), QJsonArray{}}, {QStringLiteral("notes"), QJsonArray{QStringLiteral("The fake reviser kept every claim.")}},
                     {QStringLiteral("reason"), QStringLiteral("fake revision")}});
    if (system.contains(QStringLiteral("plan literature searches"))) {
        static const QRegularExpression count(QStringLiteral("write (\\d+) different"));
        const int n = count.match(system).hasMatch() ? count.match(system).captured(1).toInt() : 4;
        QJsonArray qs;
        const QStringList texts{QStringLiteral("all:routing AND all:experts"), QStringLiteral("ti:\"mixture of experts\""),
                                QStringLiteral("abs:\"load balancing\" AND cat:cs.LG"), QStringLiteral("all:sparse AND all:inference")};
        for (int i = 0; i < n; ++i)
            qs.append(QJsonObject{{QStringLiteral("strategy"), QStringLiteral("fake-%1").arg(i + 1)}, {QStringLiteral("text"), texts.value(i % 4)}});
        return json({{QStringLiteral("queries"), qs}});
    }
    if (system.contains(QStringLiteral("extract checkable claims"))) {
        const QString text = user.section(QStringLiteral("Text:\n"), 1);
        QJsonArray claims;
        for (const QString &s : text.split(QRegularExpression(QStringLiteral("(?<=\\.)\\s+")), Qt::SkipEmptyParts).mid(0, 3))
            claims.append(QJsonObject{{QStringLiteral("text"), s.trimmed()}, {QStringLiteral("sentence"), s.trimmed()},
                                      {QStringLiteral("score"), 7}, {QStringLiteral("reason"), QStringLiteral("fake")}});
        return json({{QStringLiteral("claims"), claims}});
    }
    if (system.contains(QStringLiteral("You judge whether an evidence passage"))) {
        // Quotes the passage's first sentence, exactly as written.
        const QString passage = user.section(QStringLiteral("Passage:\n"), 1).trimmed();
        static const QRegularExpression sentenceEnd(QStringLiteral("(?<=[.!?])\\s"));
        const qsizetype cut = passage.indexOf(sentenceEnd);
        return json({{QStringLiteral("label"), QStringLiteral("SUPPORTS")},
                     {QStringLiteral("quote"), cut > 0 ? passage.left(cut) : passage},
                     {QStringLiteral("rationale"), QStringLiteral("The fake model found the claim in the passage.")}});
    }
    if (system.contains(QStringLiteral("You write the Introduction")))
        return json({{QStringLiteral("introduction"), QStringLiteral("The fake synthesizer introduces the question and cites [1].")}});
    if (user.contains(QStringLiteral("could not be used")))
        return QStringLiteral("{}");
    return QStringLiteral("I am a fake model and did not recognise this prompt.");
}

ScriptedResponse FakeOpenAiServer::respond(const RecordedRequest &request)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    if (request.path.endsWith("/embeddings")) {
        const QJsonArray inputs = body.value(QStringLiteral("input")).toArray();
        QJsonArray data;
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            QJsonArray v;
            for (double x : vectorFor(inputs.at(i).toString(), embeddingDim))
                v.append(x);
            data.append(QJsonObject{{QStringLiteral("index"), int(i)}, {QStringLiteral("embedding"), v}});
        }
        return ScriptedResponse::json(QJsonDocument(QJsonObject{{QStringLiteral("data"), data},
                                                                {QStringLiteral("model"), body.value(QStringLiteral("model"))},
                                                                {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), 5}}}})
                                          .toJson(QJsonDocument::Compact));
    }
    if (!request.path.endsWith("/chat/completions"))
        return ScriptedResponse::text("unknown endpoint", 404);
    if (++m_chatSeen <= rateLimitFirst) {
        ScriptedResponse limited = ScriptedResponse::json(R"({"error":{"message":"Rate limit reached for requests","type":"rate_limit_error"}})", 429);
        limited.headers.append(qMakePair(QByteArray("Retry-After"), retryAfter));
        return limited;
    }
    const QString content = replyFor(body);
    const QString model = body.value(QStringLiteral("model")).toString();
    const int promptTokens = int(request.body.size() / 4);
    const int completionTokens = int(content.size() / 4) + 1;
    if (!body.value(QStringLiteral("stream")).toBool()) {
        const QJsonObject o{{QStringLiteral("model"), model},
                            {QStringLiteral("choices"),
                             QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                    {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                                                                            {QStringLiteral("content"), content}}},
                                                    {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
                            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), promptTokens},
                                                                  {QStringLiteral("completion_tokens"), completionTokens}}}};
        return ScriptedResponse::json(QJsonDocument(o).toJson(QJsonDocument::Compact));
    }
    ScriptedResponse r;
    r.contentType = "text/event-stream";
    for (qsizetype i = 0; i < content.size(); i += chunkChars) {
        const QJsonObject chunk{{QStringLiteral("model"), model},
                                {QStringLiteral("choices"),
                                 QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                        {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), content.mid(i, chunkChars)}}}}}}};
        r.chunks.append({"data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n", chunkDelayMs});
    }
    const QJsonObject last{{QStringLiteral("model"), model},
                           {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                                              {QStringLiteral("delta"), QJsonObject{}},
                                                                              {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
                           {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), promptTokens},
                                                                 {QStringLiteral("completion_tokens"), completionTokens}}}};
    r.chunks.append({"data: " + QJsonDocument(last).toJson(QJsonDocument::Compact) + "\n\ndata: [DONE]\n\n", chunkDelayMs});
    if (sseCrLf) {
        for (auto &c : r.chunks)
            c.data = ": keep-alive\r\n\r\n" + c.data.replace("\n", "\r\n");
    }
    if (sseSplitBytes > 0) { // the same bytes, cut anywhere
        QByteArray all;
        for (const auto &c : std::as_const(r.chunks))
            all += c.data;
        r.chunks.clear();
        for (qsizetype i = 0; i < all.size(); i += sseSplitBytes)
            r.chunks.append({all.mid(i, sseSplitBytes), chunkDelayMs});
    }
    return r;
}

} // namespace Sovereign::Test
