#pragma once

// Settings of the remote backends and the per-run backend choice. Plain values: the defaults are
// here, environment overrides (SOVEREIGN_ARXIV_URL, SOVEREIGN_EMBED_URL, SOVEREIGN_LLM_URL,
// SOVEREIGN_LLM_MODEL) are applied by applyEnvironment(), and toJson() gives what a run records in
// its configuration. The API key is *not* a setting: it lives in the keychain or the environment
// (see secrets.h) and never enters these structs' JSON.

#include "pipeline/core/settings.h"

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace Sovereign::Pipeline {

struct ArxivSettings
{
    QUrl baseUrl = QUrl(QStringLiteral("https://export.arxiv.org"));
    qint64 spacingMs = 3000;      // at least this long between one request's end and the next start
    int timeoutMs = 30000;
    int maxAttempts = 4;
    qint64 backoffBaseMs = 3000;
    qint64 maxRetryAfterMs = 120000;
    int maxResults = 25;           // per query
    qint64 cacheTtlMs = 24 * 3600 * 1000;
    int emptyPageRetries = 1;      // a valid but empty page is asked for again this many times
};

struct EmbeddingSettings
{
    QUrl baseUrl = QUrl(QStringLiteral("https://integrate.api.nvidia.com"));
    QString model = QStringLiteral("nvidia/nv-embedqa-e5-v5");
    int dimension = 1024;          // 0: accept what the server returns (but never a mix)
    int batchSize = 50;
    int timeoutMs = 60000;
    int maxAttempts = 4;
    qint64 backoffBaseMs = 1000;
    int concurrency = 2;
    int requestsPerMinute = 40;
};

struct ChatSettings
{
    QUrl baseUrl = QUrl(QStringLiteral("https://integrate.api.nvidia.com"));
    QString model = QStringLiteral("meta/llama-3.3-70b-instruct");
    double temperature = 0.2;
    int maxTokens = 1200;
    int timeoutMs = 180000;        // total, per attempt
    int idleTimeoutMs = 60000;     // no byte for this long: the attempt times out
    int maxAttempts = 3;
    qint64 backoffBaseMs = 2000;
    bool stream = true;
    bool streamUsage = true;       // stream_options.include_usage
    QString structuredOutput = QStringLiteral("json_schema"); // json_schema | json_object | none
    int concurrency = 3;
    int requestsPerMinute = 40;
};

struct RemoteSettings
{
    ArxivSettings arxiv;
    EmbeddingSettings embeddings;
    ChatSettings chat;

    void applyEnvironment(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    QJsonObject toJson() const; // base URLs, models, limits; never a key
};

// The backend choice of one run is BackendChoice in pipeline/core/settings.h (one definition for the
// whole pipeline: it is part of PipelineSettings and recorded in the run's config).


} // namespace Sovereign::Pipeline
