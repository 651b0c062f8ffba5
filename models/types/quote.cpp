#include "quote.h"

#include <QList>

namespace Sovereign::Models {

namespace {

// The text with whitespace runs collapsed to one space and trimmed, and for each of its
// characters the index of the original character it came from.
QString normalised(const QString &text, QList<qsizetype> *origin)
{
    QString out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            pendingSpace = !out.isEmpty();
            continue;
        }
        if (pendingSpace) {
            out.append(u' ');
            if (origin)
                origin->append(i - 1);
            pendingSpace = false;
        }
        out.append(c);
        if (origin)
            origin->append(i);
    }
    return out;
}

} // namespace

std::pair<qsizetype, qsizetype> locateQuote(const QString &passage, const QString &quote)
{
    const QString q = normalised(quote, nullptr);
    if (q.isEmpty())
        return {-1, 0};
    QList<qsizetype> origin;
    const QString p = normalised(passage, &origin);
    const qsizetype at = p.indexOf(q);
    if (at < 0)
        return {-1, 0};
    const qsizetype start = origin.at(at);
    const qsizetype end = origin.at(at + q.size() - 1) + 1;
    return {start, end - start};
}

} // namespace Sovereign::Models
