#pragma once

// Getting structured answers out of language models: find the JSON in a reply (bare, in a ```json
// fence, or wrapped in prose; a <think> block is skipped), and check it against the expected shape
// with a small JSON Schema subset (type, properties, required, items, enum, minimum, maximum,
// minItems, maxItems, additionalProperties: false). Errors are sentences a user can act on.

#include "models/storage/database.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace Sovereign::Pipeline {

Models::Result<QJsonValue> extractJson(const QString &reply);

// Empty list: the value matches. Paths look like "issues[2].severity".
QStringList validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema, const QString &path = QStringLiteral("$"));

} // namespace Sovereign::Pipeline
