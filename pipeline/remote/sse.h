#pragma once

// Incremental parser for server-sent events as OpenAI-compatible servers stream them. Bytes can be
// fed in pieces split anywhere (inside a line, between CR and LF, inside a UTF-8 sequence); lines
// end in LF, CRLF or CR; consecutive `data:` lines of one event are joined with "\n"; comments
// (":") and other fields are ignored. An event is complete at its blank line.

#include <QByteArray>
#include <QList>

namespace Sovereign::Pipeline {

class SseParser final
{
public:
    // Returns the data payloads of the events completed by this piece.
    QList<QByteArray> feed(const QByteArray &bytes);
    // At end of stream: an event without its final blank line still counts.
    QList<QByteArray> finish();

private:
    void takeLine(const QByteArray &line, QList<QByteArray> &out);

    QByteArray m_buffer;
    QByteArray m_data;
    bool m_hasData = false;
    bool m_lastWasCr = false;
};

} // namespace Sovereign::Pipeline
