// LLM answer JSON extraction (fences, prose around the object, truncated answers): any text gives
// a value or a readable error; a value it returns is an object or an array.
#include "pipeline/remote/jsonextract.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString reply = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto value = Sovereign::Pipeline::extractJson(reply);
    if (value && !value->isObject() && !value->isArray())
        std::abort();
    if (!value && value.error().isEmpty())
        std::abort();
    return 0;
}
