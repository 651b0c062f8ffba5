// The ledger's canonical encoder: for any JSON object, the canonical bytes parse back to the same
// object, and encoding that again gives the same bytes (what the hash chain relies on).
#include "models/types/json.h"

#include <QJsonDocument>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    const QByteArray once = Sovereign::Models::Json::canonical(doc.object());
    const QJsonDocument back = QJsonDocument::fromJson(once);
    if (!back.isObject())
        std::abort();
    const QByteArray twice = Sovereign::Models::Json::canonical(back.object());
    if (once != twice)
        std::abort();
    return 0;
}
