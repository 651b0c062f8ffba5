#pragma once

// A scripted HTTP/1.1 server on 127.0.0.1 for network tests. Each request is recorded (method,
// path, query, lower-cased headers, body, arrival time) and answered from a per-path queue of
// scripted responses or from a handler. Responses can be delayed, streamed in chunks with pauses,
// truncated (the connection closes before Content-Length is reached) or never sent (for timeouts).
// Every connection is closed after its response, so each request is one TCP connection.

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QTcpSocket;

namespace Sovereign::Test {

struct RecordedRequest
{
    QByteArray method;
    QByteArray path;  // without the query
    QUrlQuery query;  // decoded query items
    QByteArray rawTarget; // the request target exactly as sent
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    qint64 atMs = 0; // since the server started (monotonic), when the whole request had arrived

    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

struct ScriptedResponse
{
    struct Chunk
    {
        QByteArray data;
        int delayMs = 0; // pause before this chunk
    };

    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int delayMs = 0;        // pause before the status line
    QList<Chunk> chunks;    // non-empty: chunked transfer encoding, one HTTP chunk per entry
    bool truncate = false;  // announce the full length, send half the body, close
    bool hang = false;      // accept the request and never answer
    bool chunkedNoEnd = false; // streamed: after the chunks, keep the connection open without the final chunk

    static ScriptedResponse json(const QByteArray &body, int status = 200);
    static ScriptedResponse text(const QByteArray &body, int status, const QByteArray &contentType = "text/plain");
};

class FakeHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeHttpServer)

public:
    using Handler = std::function<ScriptedResponse(const RecordedRequest &)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;

    bool start(); // listens on 127.0.0.1, any free port
    QUrl baseUrl() const; // http://127.0.0.1:PORT
    quint16 port() const;

    // Responses for requests whose path starts with pathPrefix, served in order; afterwards the
    // handler (if any) answers, else 404.
    void enqueue(const QByteArray &pathPrefix, const ScriptedResponse &response);
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    const QList<RecordedRequest> &requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    int connectionCount() const { return m_connections; }
    void clear() { m_requests.clear(); }

    // Waits (spinning the event loop) until at least n requests have arrived.
    bool waitForRequests(int n, int timeoutMs = 5000);

Q_SIGNALS:
    void requestReceived(int index);

private:
    struct Connection;
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const ScriptedResponse &response);
    void sendChunks(QPointer<QTcpSocket> socket, QList<ScriptedResponse::Chunk> chunks, bool end);

    QTcpServer m_server;
    QElapsedTimer m_clock;
    QList<RecordedRequest> m_requests;
    QList<QPair<QByteArray, QList<ScriptedResponse>>> m_queues;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    Handler m_handler;
    int m_connections = 0;
};

} // namespace Sovereign::Test
