#pragma once

// HttpClient: the one way the remote backends talk HTTP. Each service owns one client, and each
// client owns one QNetworkAccessManager in the thread that created it. Requests are asynchronous;
// every request has explicit timeouts (idle transfer timeout and a total deadline) and explicit
// retries (429, 5xx, timeouts and connection errors, with jittered exponential back-off that
// honours Retry-After). Requests can pass through a shared HostQueue (per-host politeness) and a
// RateBudget (concurrency + requests per minute); every wait longer than a moment is reported
// through waiting(), which the run turns into a `wait` event.
//
// Failures come back as values (HttpResult::outcome + a readable error), never as exceptions.
// Logged request lines go through redactHeaders(): an Authorization header never reaches a log.

#include "admission.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QObject>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QTimer;

Q_DECLARE_LOGGING_CATEGORY(lcRemote)

namespace Sovereign::Pipeline {

struct HttpRequest
{
    QUrl url;
    QByteArray method = "GET";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    int timeoutMs = 30000;     // total deadline of one attempt
    int idleTimeoutMs = 0;     // QNetworkRequest::setTransferTimeout; 0: same as timeoutMs
    int maxAttempts = 3;       // including the first
    qint64 backoffBaseMs = 1000;
    qint64 backoffCapMs = 30000;
    qint64 maxRetryAfterMs = 120000; // a server asking for a longer pause fails the request instead
    // A body larger than this (announced or received) is cut off with TooLarge: a hostile or broken
    // server cannot fill memory. Search feeds and chat answers are far below it.
    qint64 maxBodyBytes = 32 * 1024 * 1024;
    QString label;             // who is asking (lane), for wait reports
    // Streamed bodies: called with each piece as it arrives (2xx only). A request that has
    // delivered data is never retried.
    std::function<void(const QByteArray &)> onData;
};

struct HttpResult
{
    enum class Outcome { Ok, HttpError, Timeout, NetworkError, Cancelled, RetryAfterTooLong, TooLarge, RefusedRedirect };
    Outcome outcome = Outcome::NetworkError;
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-cased names
    QString error;      // readable, empty when ok
    int attempts = 0;
    qint64 latencyMs = 0; // of the last attempt
    qint64 totalMs = 0;   // including waits and retries

    bool ok() const { return outcome == Outcome::Ok; }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
};

// Counts every QNetworkReply created by any HttpClient in the process (the offline guarantee test
// checks that a local run leaves it at zero).
quint64 networkRequestsStarted();

QString describeRequest(const HttpRequest &request); // method, URL and headers, Authorization redacted

// TLS: servers are checked against the system's CAs, plus the certificates in the PEM file named by
// SOVEREIGN_CA_FILE (a private CA for a self-hosted model server). A self-signed certificate is
// refused unless its CA is added that way; there is no switch that ignores TLS errors. Redirects
// are followed only within the same origin (scheme, host, port): the Authorization header is never
// sent to another host, and a cross-origin redirect fails with RefusedRedirect.
QString extraCaFileVariable();
QByteArray userAgent();

class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    using Callback = std::function<void(const HttpResult &)>;

    explicit HttpClient(const QString &serviceName, QObject *parent = nullptr);
    ~HttpClient() override;

    QString serviceName() const { return m_service; }
    void setHostQueue(std::shared_ptr<HostQueue> queue) { m_hostQueue = std::move(queue); }
    void setRateBudget(std::shared_ptr<RateBudget> budget) { m_budget = std::move(budget); }
    const std::shared_ptr<HostQueue> &hostQueue() const { return m_hostQueue; }
    // Waits shorter than this are not reported.
    void setReportWaitsLongerThan(qint64 ms) { m_reportThresholdMs = ms; }

    // Starts the request; `done` is called exactly once, later (never from inside send()).
    quint64 send(const HttpRequest &request, Callback done);
    void cancel(quint64 id);   // aborts a queued or running request; done() gets Outcome::Cancelled
    void cancelAll();
    int pending() const { return int(m_jobs.size()); }

Q_SIGNALS:
    void waiting(const QString &label, const QString &host, qint64 ms, const QString &reason);
    void attemptFailed(const QString &label, int attempt, const QString &error);

private:
    struct Job;
    void admit(quint64 id);
    void startAttempt(quint64 id);
    void onFinished(quint64 id, QNetworkReply *reply);
    void retryOrFinish(quint64 id, HttpResult result, std::optional<qint64> retryAfterMs);
    void complete(quint64 id, HttpResult result);
    void releaseSlots(Job &job, qint64 blockMs);

    QString m_service;
    QNetworkAccessManager *m_nam = nullptr;
    std::shared_ptr<HostQueue> m_hostQueue;
    std::shared_ptr<RateBudget> m_budget;
    QHash<quint64, std::shared_ptr<Job>> m_jobs;
    quint64 m_nextId = 1;
    qint64 m_reportThresholdMs = 200;
};

} // namespace Sovereign::Pipeline
