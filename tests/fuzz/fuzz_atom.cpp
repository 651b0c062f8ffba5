// The arXiv Atom parser (API responses and Atom corpus files): any bytes give a feed or a readable
// error, never a crash, a hang or an entry that is not also counted as a paper.
#include "pipeline/retrieval/atom.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto feed = Sovereign::Pipeline::parseArxivAtom(xml);
    if (feed.papers.size() > feed.entries.size())
        std::abort();
    return 0;
}
