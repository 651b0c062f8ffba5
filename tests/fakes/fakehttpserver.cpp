#include "fakehttpserver.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QTimer>

namespace Sovereign::Test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

ScriptedResponse ScriptedResponse::json(const QByteArray &body, int status)
{
    ScriptedResponse r;
    r.status = status;
    r.body = body;
    return r;
}

ScriptedResponse ScriptedResponse::text(const QByteArray &body, int status, const QByteArray &contentType)
{
    ScriptedResponse r;
    r.status = status;
    r.body = body;
    r.contentType = contentType;
    return r;
}

FakeHttpServer::FakeHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeHttpServer::onNewConnection);
}

FakeHttpServer::~FakeHttpServer()
{
    // The sockets are children of m_server and outlive the other members; cut them loose first.
    const auto sockets = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        socket->disconnect(this);
        socket->abort();
    }
    m_server.close();
}

bool FakeHttpServer::start()
{
    m_clock.start();
    return m_server.listen(QHostAddress::LocalHost, 0);
}

quint16 FakeHttpServer::port() const { return m_server.serverPort(); }

QUrl FakeHttpServer::baseUrl() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(port());
    return u;
}

void FakeHttpServer::enqueue(const QByteArray &pathPrefix, const ScriptedResponse &response)
{
    for (auto &q : m_queues) {
        if (q.first == pathPrefix) {
            q.second.append(response);
            return;
        }
    }
    m_queues.append({pathPrefix, {response}});
}

bool FakeHttpServer::waitForRequests(int n, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (requestCount() < n && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return requestCount() >= n;
}

void FakeHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_connections;
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeHttpServer::onReadyRead(QTcpSocket *socket)
{
    if (!m_buffers.contains(socket))
        return;
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    RecordedRequest request;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.rawTarget = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headerEnd + 4 + length)
        return; // the body is still arriving
    request.body = buffer.mid(headerEnd + 4, length);
    buffer.clear();
    m_buffers.remove(socket); // one request per connection

    const qsizetype q = request.rawTarget.indexOf('?');
    request.path = q < 0 ? request.rawTarget : request.rawTarget.left(q);
    if (q >= 0)
        request.query = QUrlQuery(QString::fromLatin1(request.rawTarget.mid(q + 1)));
    request.atMs = m_clock.elapsed();
    m_requests.append(request);

    ScriptedResponse response;
    bool found = false;
    for (auto &queue : m_queues) {
        if (request.path.startsWith(queue.first) && !queue.second.isEmpty()) {
            response = queue.second.takeFirst();
            found = true;
            break;
        }
    }
    if (!found) {
        if (m_handler)
            response = m_handler(request);
        else
            response = ScriptedResponse::text("no scripted response for " + request.path, 404);
    }
    Q_EMIT requestReceived(int(m_requests.size() - 1));

    if (response.hang)
        return;
    QPointer<QTcpSocket> guarded(socket);
    if (response.delayMs > 0) {
        QTimer::singleShot(response.delayMs, this, [this, guarded, response] {
            if (guarded)
                respond(guarded, response);
        });
    } else {
        respond(socket, response);
    }
}

void FakeHttpServer::respond(QTcpSocket *socket, const ScriptedResponse &response)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    head += "Content-Type: " + response.contentType + "\r\n";
    head += "Connection: close\r\n";
    for (const auto &h : response.headers)
        head += h.first + ": " + h.second + "\r\n";
    if (!response.chunks.isEmpty()) {
        head += "Transfer-Encoding: chunked\r\n\r\n";
        socket->write(head);
        sendChunks(QPointer<QTcpSocket>(socket), response.chunks, !response.chunkedNoEnd);
        return;
    }
    head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n\r\n";
    socket->write(head);
    if (response.truncate) {
        socket->write(response.body.left(response.body.size() / 2));
        socket->flush();
        socket->disconnectFromHost();
        return;
    }
    socket->write(response.body);
    socket->disconnectFromHost();
}

void FakeHttpServer::sendChunks(QPointer<QTcpSocket> socket, QList<ScriptedResponse::Chunk> chunks, bool end)
{
    while (socket && !chunks.isEmpty()) {
        ScriptedResponse::Chunk chunk = chunks.first();
        if (chunk.delayMs > 0) {
            chunks.first().delayMs = 0;
            QTimer::singleShot(chunk.delayMs, this, [this, socket, chunks, end] { sendChunks(socket, chunks, end); });
            return;
        }
        chunks.removeFirst();
        if (chunk.data.isEmpty())
            continue; // an empty chunk would end the body
        socket->write(QByteArray::number(chunk.data.size(), 16) + "\r\n" + chunk.data + "\r\n");
        socket->flush();
    }
    if (socket && end) {
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
    }
}

} // namespace Sovereign::Test
