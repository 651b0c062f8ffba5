// The SSE splitter: the same bytes give the same events however the stream is cut into pieces. The
// first input byte chooses the cut points; the rest is the stream.
#include "pipeline/remote/sse.h"

#include <cstdlib>

using Sovereign::Pipeline::SseParser;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int step = 1 + data[0] % 17;
    const QByteArray stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    SseParser whole;
    QList<QByteArray> expected = whole.feed(stream);
    expected += whole.finish();

    SseParser pieces;
    QList<QByteArray> got;
    for (qsizetype at = 0; at < stream.size(); at += step)
        got += pieces.feed(stream.mid(at, step));
    got += pieces.finish();
    if (got != expected)
        std::abort();
    return 0;
}
