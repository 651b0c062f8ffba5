// Retry-After (delta-seconds or an HTTP date): any header value gives a wait that is not negative,
// or none.
#include "pipeline/remote/admission.h"

#include <QTimeZone>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QDateTime now(QDate(2026, 5, 28), QTime(12, 0), QTimeZone::UTC);
    const QByteArray value(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto wait = Sovereign::Pipeline::Backoff::parseRetryAfter(value, now);
    if (wait && *wait < 0)
        std::abort();
    return 0;
}
