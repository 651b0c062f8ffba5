#pragma once

// Small helpers shared by the OpenAI-compatible clients.

#include <QString>
#include <QUrl>

namespace Sovereign::Pipeline {

// {base}/v1/<path>: accepts a base with or without a trailing "/v1" or slash.
QUrl openAiEndpoint(const QUrl &base, const QString &path);

} // namespace Sovereign::Pipeline
