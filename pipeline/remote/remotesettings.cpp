#include "remotesettings.h"

namespace Sovereign::Pipeline {

namespace {
QString urlText(const QUrl &u) { return u.toString(QUrl::RemoveUserInfo); }
} // namespace

void RemoteSettings::applyEnvironment(const QProcessEnvironment &env)
{
    const auto url = [&env](const char *name, QUrl &target) {
        const QString v = env.value(QLatin1StringView(name)).trimmed();
        if (!v.isEmpty())
            target = QUrl::fromUserInput(v);
    };
    url("SOVEREIGN_ARXIV_URL", arxiv.baseUrl);
    url("SOVEREIGN_EMBED_URL", embeddings.baseUrl);
    url("SOVEREIGN_LLM_URL", chat.baseUrl);
    const QString model = env.value(QStringLiteral("SOVEREIGN_LLM_MODEL")).trimmed();
    if (!model.isEmpty())
        chat.model = model;
    const QString embedModel = env.value(QStringLiteral("SOVEREIGN_EMBED_MODEL")).trimmed();
    if (!embedModel.isEmpty())
        embeddings.model = embedModel;
}

QJsonObject RemoteSettings::toJson() const
{
    return {
        {QStringLiteral("arxiv"),
         QJsonObject{{QStringLiteral("base_url"), urlText(arxiv.baseUrl)},
                     {QStringLiteral("spacing_ms"), arxiv.spacingMs},
                     {QStringLiteral("timeout_ms"), arxiv.timeoutMs},
                     {QStringLiteral("max_attempts"), arxiv.maxAttempts},
                     {QStringLiteral("max_results"), arxiv.maxResults},
                     {QStringLiteral("cache_ttl_ms"), arxiv.cacheTtlMs}}},
        {QStringLiteral("embeddings"),
         QJsonObject{{QStringLiteral("base_url"), urlText(embeddings.baseUrl)},
                     {QStringLiteral("model"), embeddings.model},
                     {QStringLiteral("dimension"), embeddings.dimension},
                     {QStringLiteral("batch_size"), embeddings.batchSize},
                     {QStringLiteral("timeout_ms"), embeddings.timeoutMs},
                     {QStringLiteral("concurrency"), embeddings.concurrency},
                     {QStringLiteral("requests_per_minute"), embeddings.requestsPerMinute}}},
        {QStringLiteral("chat"),
         QJsonObject{{QStringLiteral("base_url"), urlText(chat.baseUrl)},
                     {QStringLiteral("model"), chat.model},
                     {QStringLiteral("temperature"), chat.temperature},
                     {QStringLiteral("max_tokens"), chat.maxTokens},
                     {QStringLiteral("timeout_ms"), chat.timeoutMs},
                     {QStringLiteral("stream"), chat.stream},
                     {QStringLiteral("structured_output"), chat.structuredOutput},
                     {QStringLiteral("concurrency"), chat.concurrency},
                     {QStringLiteral("requests_per_minute"), chat.requestsPerMinute}}},
    };
}

} // namespace Sovereign::Pipeline
