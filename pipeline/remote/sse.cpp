#include "sse.h"

namespace Sovereign::Pipeline {

QList<QByteArray> SseParser::feed(const QByteArray &bytes)
{
    QList<QByteArray> out;
    for (const char c : bytes) {
        if (c == '\n' && m_lastWasCr) { // the LF of a CRLF whose CR ended the line already
            m_lastWasCr = false;
            continue;
        }
        m_lastWasCr = false;
        if (c == '\r' || c == '\n') {
            m_lastWasCr = c == '\r';
            takeLine(m_buffer, out);
            m_buffer.clear();
            continue;
        }
        m_buffer.append(c);
    }
    return out;
}

QList<QByteArray> SseParser::finish()
{
    QList<QByteArray> out;
    if (!m_buffer.isEmpty()) {
        takeLine(m_buffer, out);
        m_buffer.clear();
    }
    takeLine({}, out);
    return out;
}

void SseParser::takeLine(const QByteArray &line, QList<QByteArray> &out)
{
    if (line.isEmpty()) {
        if (m_hasData)
            out.append(m_data);
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.startsWith(':'))
        return;
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    if (field != "data")
        return;
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (m_hasData)
        m_data.append('\n');
    m_data.append(value);
    m_hasData = true;
}

} // namespace Sovereign::Pipeline
