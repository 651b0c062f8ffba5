// Sentence segmentation (claim extraction): any text gives sentences that are non-empty, trimmed
// pieces of it, never a crash or a hang.
#include "pipeline/verify/claims.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QStringList sentences = Sovereign::Pipeline::segmentSentences(text);
    qsizetype total = 0;
    for (const QString &s : sentences) {
        if (s.isEmpty())
            std::abort();
        total += s.size();
    }
    if (total > text.size())
        std::abort();
    (void)Sovereign::Pipeline::extractClaims(text, 5, 0.0);
    return 0;
}
