#include "httpclient.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcRemote, "sovereign.remote", QtWarningMsg)

namespace Sovereign::Pipeline {

namespace {

std::atomic<quint64> g_requestsStarted{0};

bool retryableStatus(int status) { return status == 429 || status == 500 || status == 502 || status == 503 || status == 504; }

QString snippet(const QByteArray &body)
{
    QString s = QString::fromUtf8(body.left(300)).simplified();
    if (body.size() > 300)
        s += QStringLiteral(" …");
    return s;
}

// The system's CAs plus those of SOVEREIGN_CA_FILE, read again only when the variable changes. A
// file that cannot be read or holds no certificate adds nothing (and is logged): TLS then refuses
// the server, readably.
std::optional<QSslConfiguration> tlsConfiguration()
{
    static QMutex mutex;
    static QString cachedFile;
    static std::optional<QSslConfiguration> cached;
    const QString file = qEnvironmentVariable("SOVEREIGN_CA_FILE");
    QMutexLocker lock(&mutex);
    if (file == cachedFile)
        return cached;
    cachedFile = file;
    cached.reset();
    if (file.isEmpty() || !QSslSocket::supportsSsl())
        return cached;
    const QList<QSslCertificate> extra = QSslCertificate::fromPath(file, QSsl::Pem);
    if (extra.isEmpty()) {
        qCWarning(lcRemote).noquote() << "SOVEREIGN_CA_FILE" << file << "holds no PEM certificate; only the system's CAs are trusted";
        return cached;
    }
    QSslConfiguration c = QSslConfiguration::defaultConfiguration();
    c.addCaCertificates(extra);
    cached = c;
    return cached;
}

} // namespace

QString extraCaFileVariable() { return QStringLiteral("SOVEREIGN_CA_FILE"); }

quint64 networkRequestsStarted() { return g_requestsStarted.load(); }

QByteArray userAgent()
{
    return QByteArrayLiteral("SovereignWorkbench/" SOVEREIGN_VERSION
                             " (desktop research-synthesis workbench; Qt/") + QByteArray(qVersion())
        + QByteArrayLiteral("; one request at a time per host)");
}

QString describeRequest(const HttpRequest &request)
{
    QString line = QString::fromLatin1(request.method) + u' ' + request.url.toDisplayString(QUrl::RemoveUserInfo);
    for (const auto &h : request.headers) {
        const bool secret = h.first.compare("authorization", Qt::CaseInsensitive) == 0
            || h.first.compare("x-api-key", Qt::CaseInsensitive) == 0 || h.first.compare("api-key", Qt::CaseInsensitive) == 0;
        line += QStringLiteral(" [%1: %2]").arg(QString::fromLatin1(h.first),
                                                 secret ? QStringLiteral("<redacted>") : QString::fromLatin1(h.second));
    }
    return line;
}

struct HttpClient::Job
{
    HttpRequest request;
    Callback done;
    QString host;
    quint64 ticket = 0;
    bool hasBudget = false;
    int attempt = 0;
    QElapsedTimer total;
    QElapsedTimer attemptClock;
    QPointer<QNetworkReply> reply;
    QTimer *deadline = nullptr;
    bool timedOut = false;
    bool cancelled = false;
    bool deliveredData = false;
    bool tooLarge = false;
    QByteArray body;
    QString waitReason;
    qint64 waitSinceMs = -1;
    bool waitReported = false;
};

HttpClient::HttpClient(const QString &serviceName, QObject *parent)
    : QObject(parent)
    , m_service(serviceName)
    , m_nam(new QNetworkAccessManager(this))
{
    // Loopback and LAN servers are common here (vLLM, llama.cpp, Ollama); never route them through
    // a system proxy by surprise, and never cache responses on disk outside our own SQLite cache.
    m_nam->setAutoDeleteReplies(false);
}

HttpClient::~HttpClient()
{
    for (auto &job : std::as_const(m_jobs)) {
        job->cancelled = true;
        if (m_hostQueue && job->ticket)
            m_hostQueue->finish(job->ticket);
        if (m_budget && job->hasBudget)
            m_budget->release();
        if (job->reply) {
            job->reply->disconnect(this);
            job->reply->abort();
        }
    }
    m_jobs.clear();
}

quint64 HttpClient::send(const HttpRequest &request, Callback done)
{
    const quint64 id = m_nextId++;
    auto job = std::make_shared<Job>();
    job->request = request;
    job->done = std::move(done);
    job->host = request.url.host().toLower();
    job->total.start();
    m_jobs.insert(id, job);
    QMetaObject::invokeMethod(this, [this, id] { admit(id); }, Qt::QueuedConnection);
    return id;
}

void HttpClient::admit(quint64 id)
{
    const auto job = m_jobs.value(id);
    if (!job || job->cancelled)
        return;
    Admission a{true, 0, {}};
    if (m_budget && !job->hasBudget) {
        a = m_budget->tryAcquire();
        job->hasBudget = a.go;
    }
    if (a.go && m_hostQueue) {
        if (!job->ticket)
            job->ticket = m_hostQueue->enter(job->host);
        a = m_hostQueue->tryStart(job->ticket);
    }
    if (!a.go) {
        // Holding a budget slot while the host queue holds us back would starve nobody (the host
        // queue only waits on time or on requests already in flight), so keep it.
        if (a.reason != job->waitReason) {
            job->waitReason = a.reason;
            job->waitSinceMs = job->total.elapsed();
            job->waitReported = false;
        }
        const qint64 waited = job->total.elapsed() - job->waitSinceMs;
        if (!job->waitReported && (a.waitMs >= m_reportThresholdMs || waited >= m_reportThresholdMs)) {
            job->waitReported = true;
            Q_EMIT waiting(job->request.label, job->host, a.waitMs, a.reason);
        }
        QTimer::singleShot(std::chrono::milliseconds(a.waitMs), Qt::PreciseTimer, this, [this, id] { admit(id); });
        return;
    }
    job->waitReason.clear();
    startAttempt(id);
}

void HttpClient::startAttempt(quint64 id)
{
    const auto job = m_jobs.value(id);
    if (!job)
        return;
    ++job->attempt;
    job->timedOut = false;
    job->body.clear();
    QNetworkRequest req(job->request.url);
    req.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    for (const auto &h : std::as_const(job->request.headers))
        req.setRawHeader(h.first, h.second);
    req.setTransferTimeout(job->request.idleTimeoutMs > 0 ? job->request.idleTimeoutMs : job->request.timeoutMs);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    if (const auto tls = tlsConfiguration())
        req.setSslConfiguration(*tls);
    qCDebug(lcRemote).noquote() << m_service << "attempt" << job->attempt << describeRequest(job->request);

    ++g_requestsStarted;
    job->attemptClock.start();
    QNetworkReply *reply = job->request.method == "GET"
        ? m_nam->get(req)
        : m_nam->sendCustomRequest(req, job->request.method, job->request.body);
    job->reply = reply;
    if (job->request.onData) {
        connect(reply, &QNetworkReply::readyRead, this, [this, id, reply] {
            const auto j = m_jobs.value(id);
            if (!j || j->reply != reply)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status < 200 || status >= 300 || !reply->isOpen())
                return; // error bodies are read whole in onFinished
            const QByteArray piece = reply->readAll();
            if (piece.isEmpty())
                return;
            j->body += piece;
            j->deliveredData = true;
            j->request.onData(piece);
        });
    }
    connect(reply, &QNetworkReply::downloadProgress, this, [this, id, reply](qint64 received, qint64 total) {
        const auto j = m_jobs.value(id);
        if (!j || j->reply != reply || j->tooLarge)
            return;
        if (received > j->request.maxBodyBytes || total > j->request.maxBodyBytes) {
            j->tooLarge = true;
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { onFinished(id, reply); });
    job->deadline = new QTimer(reply);
    job->deadline->setSingleShot(true);
    connect(job->deadline, &QTimer::timeout, this, [this, id, reply] {
        if (const auto j = m_jobs.value(id); j && j->reply == reply) {
            j->timedOut = true;
            reply->abort();
        }
    });
    job->deadline->start(job->request.timeoutMs);
}

void HttpClient::onFinished(quint64 id, QNetworkReply *reply)
{
    reply->deleteLater();
    const auto job = m_jobs.value(id);
    if (!job || job->reply != reply)
        return;
    job->reply = nullptr;
    if (job->deadline)
        job->deadline->stop();
    job->deadline = nullptr;

    HttpResult r;
    r.attempts = job->attempt;
    r.latencyMs = job->attemptClock.elapsed();
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &h : reply->rawHeaderPairs())
        r.headers.insert(h.first.toLower(), h.second);
    if (reply->isOpen() && !job->tooLarge) // an aborted reply is closed; reading it would only warn
        job->body += reply->readAll();
    r.body = job->body;
    const QNetworkReply::NetworkError error = reply->error();
    const QString what = QStringLiteral("%1 request to %2").arg(m_service, job->host);

    std::optional<qint64> retryAfter;
    if (job->cancelled) {
        r.outcome = HttpResult::Outcome::Cancelled;
        r.error = QStringLiteral("%1 was cancelled").arg(what);
    } else if (job->tooLarge) {
        r.outcome = HttpResult::Outcome::TooLarge;
        r.body.clear();
        r.error = QStringLiteral("%1 was cut off: the response is larger than the %2 MB limit").arg(what).arg(job->request.maxBodyBytes / (1024.0 * 1024.0), 0, 'f', 1);
    } else if (error == QNetworkReply::InsecureRedirectError || (r.status >= 300 && r.status < 400 && r.header("location").size() > 0)) {
        r.outcome = HttpResult::Outcome::RefusedRedirect;
        r.error = QStringLiteral("%1 was redirected to another server (%2); the redirect was not followed, so the API key "
                                 "was not sent there")
                      .arg(what, QUrl(job->request.url).resolved(QUrl::fromEncoded(r.header("location"))).toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery));
    } else if (job->timedOut || error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        r.outcome = HttpResult::Outcome::Timeout;
        r.error = QStringLiteral("%1 timed out after %2 ms").arg(what).arg(r.latencyMs);
    } else if (r.status >= 400) {
        r.outcome = HttpResult::Outcome::HttpError;
        const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        r.error = QStringLiteral("%1 failed: HTTP %2 %3").arg(what).arg(r.status).arg(reason);
        if (!r.body.isEmpty())
            r.error += QStringLiteral(" — %1").arg(snippet(r.body));
        if (r.status == 429 || r.status == 503)
            retryAfter = Backoff::parseRetryAfter(r.header("retry-after"));
    } else if (error != QNetworkReply::NoError) {
        r.outcome = HttpResult::Outcome::NetworkError;
        r.error = QStringLiteral("%1 failed: %2").arg(what, reply->errorString());
    } else {
        r.outcome = HttpResult::Outcome::Ok;
    }
    retryOrFinish(id, std::move(r), retryAfter);
}

void HttpClient::releaseSlots(Job &job, qint64 blockMs)
{
    if (m_hostQueue && job.ticket)
        m_hostQueue->finish(job.ticket, blockMs);
    job.ticket = 0;
    if (m_budget && job.hasBudget) {
        m_budget->release();
        if (blockMs > 0)
            m_budget->blockFor(blockMs);
    }
    job.hasBudget = false;
}

void HttpClient::retryOrFinish(quint64 id, HttpResult r, std::optional<qint64> retryAfter)
{
    const auto job = m_jobs.value(id);
    if (!job)
        return;
    const bool retryable = !job->deliveredData
        && (r.outcome == HttpResult::Outcome::Timeout || r.outcome == HttpResult::Outcome::NetworkError
            || (r.outcome == HttpResult::Outcome::HttpError && retryableStatus(r.status)));
    if (!retryable || job->attempt >= job->request.maxAttempts) {
        if (retryable && job->attempt > 1)
            r.error += QStringLiteral(" (gave up after %1 attempts)").arg(job->attempt);
        // A final 429/503 still tells the host to slow down for whoever comes next.
        releaseSlots(*job, retryAfter.value_or(0));
        r.totalMs = job->total.elapsed();
        complete(id, std::move(r));
        return;
    }
    if (retryAfter && *retryAfter > job->request.maxRetryAfterMs) {
        releaseSlots(*job, *retryAfter);
        r.outcome = HttpResult::Outcome::RetryAfterTooLong;
        r.error += QStringLiteral(" (the server asked to wait %1 s, longer than the %2 s we allow)")
                       .arg(*retryAfter / 1000)
                       .arg(job->request.maxRetryAfterMs / 1000);
        r.totalMs = job->total.elapsed();
        complete(id, std::move(r));
        return;
    }
    const qint64 delay = retryAfter ? *retryAfter : Backoff::jittered(job->attempt, job->request.backoffBaseMs, job->request.backoffCapMs);
    const bool hostLevel = r.status == 429 || r.status == 503;
    releaseSlots(*job, hostLevel ? delay : 0);
    Q_EMIT attemptFailed(job->request.label, job->attempt, r.error);
    const QString reason = retryAfter
        ? QStringLiteral("retrying after HTTP %1; the server's Retry-After asks for %2 s").arg(r.status).arg(double(delay) / 1000.0)
        : QStringLiteral("retrying after: %1 (back-off %2 s, attempt %3 of %4)")
              .arg(r.error)
              .arg(double(delay) / 1000.0)
              .arg(job->attempt + 1)
              .arg(job->request.maxAttempts);
    job->waitReason = reason;
    job->waitSinceMs = job->total.elapsed();
    job->waitReported = true;
    Q_EMIT waiting(job->request.label, job->host, delay, reason);
    QTimer::singleShot(std::chrono::milliseconds(delay), Qt::PreciseTimer, this, [this, id] { admit(id); });
}

void HttpClient::complete(quint64 id, HttpResult result)
{
    const auto job = m_jobs.take(id);
    if (!job)
        return;
    if (job->done)
        job->done(result);
}

void HttpClient::cancel(quint64 id)
{
    const auto job = m_jobs.value(id);
    if (!job || job->cancelled)
        return;
    job->cancelled = true;
    if (job->reply) {
        job->reply->abort(); // onFinished reports Cancelled
        return;
    }
    releaseSlots(*job, 0);
    HttpResult r;
    r.outcome = HttpResult::Outcome::Cancelled;
    r.error = QStringLiteral("%1 request to %2 was cancelled").arg(m_service, job->host);
    r.attempts = job->attempt;
    r.totalMs = job->total.elapsed();
    QMetaObject::invokeMethod(this, [this, id, r] { complete(id, r); }, Qt::QueuedConnection);
}

void HttpClient::cancelAll()
{
    const auto ids = m_jobs.keys();
    for (quint64 id : ids)
        cancel(id);
}

} // namespace Sovereign::Pipeline
