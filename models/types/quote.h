#pragma once

// Finding a quoted sentence in a passage "verbatim after whitespace normalisation": runs of
// whitespace count as one space and both ends are trimmed; every other character must match.
// Used by the stance check (a quote that is not found makes its label ungrounded) and by the
// Claims tab (which highlights the quote in the passage).

#include <QString>

#include <utility>

namespace Sovereign::Models {

// {start, length} of the quote in the passage's own characters, or {-1, 0}.
std::pair<qsizetype, qsizetype> locateQuote(const QString &passage, const QString &quote);

} // namespace Sovereign::Models
