#include "arxivclient.h"

#include "pipeline/retrieval/atom.h"

#include "models/storage/corpusstore.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QVariant>

namespace Sovereign::Pipeline {

namespace {

QByteArray encode(const QString &value)
{
    // Everything but unreserved characters and ':' is percent-encoded (spaces as %20, quotes as
    // %22, parentheses as %28/%29), so no server-side '+' ambiguity remains.
    return QUrl::toPercentEncoding(value, QByteArrayLiteral(":"));
}

const QStringList &stopWords()
{
    static const QStringList words = {
        QStringLiteral("a"), QStringLiteral("an"), QStringLiteral("the"), QStringLiteral("of"), QStringLiteral("for"),
        QStringLiteral("and"), QStringLiteral("or"), QStringLiteral("in"), QStringLiteral("on"), QStringLiteral("to"),
        QStringLiteral("with"), QStringLiteral("by"), QStringLiteral("is"), QStringLiteral("are"), QStringLiteral("how"),
        QStringLiteral("what"), QStringLiteral("which"), QStringLiteral("does"), QStringLiteral("do"), QStringLiteral("can"),
        QStringLiteral("vs"), QStringLiteral("from"), QStringLiteral("at"), QStringLiteral("as"), QStringLiteral("be")};
    return words;
}

} // namespace

QString ArxivQuery::encodedQuery() const
{
    QStringList parts;
    if (!searchQuery.trimmed().isEmpty())
        parts << QStringLiteral("search_query=") + QString::fromLatin1(encode(searchQuery.simplified()));
    if (!idList.isEmpty())
        parts << QStringLiteral("id_list=") + QString::fromLatin1(encode(idList.join(u',')));
    parts << QStringLiteral("start=%1").arg(start) << QStringLiteral("max_results=%1").arg(maxResults);
    if (!searchQuery.trimmed().isEmpty()) {
        parts << QStringLiteral("sortBy=") + QString::fromLatin1(encode(sortBy))
              << QStringLiteral("sortOrder=") + QString::fromLatin1(encode(sortOrder));
    }
    return parts.join(u'&');
}

QString ArxivQuery::cacheKey(const QUrl &base) const
{
    QUrl b = base.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveUserInfo);
    return QStringLiteral("arxiv|%1|q=%2|ids=%3|start=%4|max=%5|sort=%6/%7")
        .arg(b.toString(), searchQuery.simplified(), idList.join(u','))
        .arg(start)
        .arg(maxResults)
        .arg(sortBy, sortOrder);
}

namespace ArxivSearchQuery {

QString field(const QString &prefix, const QString &text)
{
    QString t = text.simplified();
    t.remove(u'"');
    if (t.contains(u' '))
        t = u'"' + t + u'"';
    return prefix + u':' + t;
}

QString join(const QStringList &parts, const QString &op)
{
    QStringList kept;
    for (const QString &p : parts) {
        if (!p.trimmed().isEmpty())
            kept << (p.contains(u' ') && !p.startsWith(u'(') && !QRegularExpression(QStringLiteral("^\\w+:\"[^\"]*\"$")).match(p).hasMatch()
                         ? u'(' + p + u')'
                         : p);
    }
    return kept.join(u' ' + op + u' ');
}

QString fromPlannerText(const QString &textIn, int maxTerms)
{
    const QString text = textIn.simplified();
    static const QRegularExpression structured(QStringLiteral("\\b(ti|abs|au|cat|all|co|jr|rn|id):|\\b(AND|OR|ANDNOT)\\b"));
    if (structured.match(text).hasMatch())
        return text;
    QStringList parts;
    static const QRegularExpression phrase(QStringLiteral("\"([^\"]+)\""));
    QString rest = text;
    for (auto it = phrase.globalMatch(text); it.hasNext();) {
        const QString p = it.next().captured(1).simplified();
        if (!p.isEmpty())
            parts << field(QStringLiteral("all"), p);
    }
    rest.remove(phrase);
    static const QRegularExpression nonWord(QStringLiteral("[^\\w\\-\\.]+"));
    for (const QString &w : rest.split(nonWord, Qt::SkipEmptyParts)) {
        QString word = w;
        while (word.endsWith(u'.') || word.endsWith(u'-'))
            word.chop(1);
        if (word.size() < 2 || stopWords().contains(word.toLower()))
            continue;
        const QString f = field(QStringLiteral("all"), word);
        if (!parts.contains(f))
            parts << f;
    }
    if (parts.size() > maxTerms)
        parts = parts.mid(0, maxTerms);
    return parts.join(QStringLiteral(" AND "));
}

} // namespace ArxivSearchQuery

struct ArxivClient::Attempt
{
    ArxivQuery query;
    QString lane;
    Callback done;
    QString key;
    QUrl url;
    int requests = 0;
    int emptyRetries = 0;
    int brokenRetries = 0;
    qint64 startedMs = 0;
};

ArxivClient::ArxivClient(const ArxivSettings &settings, std::shared_ptr<Models::Database> db,
                         std::shared_ptr<HostQueue> queue, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_db(std::move(db))
    , m_http(QStringLiteral("arXiv"), this)
{
    m_http.setHostQueue(queue ? std::move(queue) : std::make_shared<HostQueue>(settings.spacingMs));
    m_http.hostQueue()->setSpacing(settings.baseUrl.host(), settings.spacingMs);
    connect(&m_http, &HttpClient::waiting, this, &ArxivClient::waiting);
}

QUrl ArxivClient::requestUrl(const ArxivQuery &query) const
{
    QUrl url = m_settings.baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QStringLiteral("/api/query"));
    url.setQuery(query.encodedQuery(), QUrl::StrictMode);
    return url;
}

void ArxivClient::query(const ArxivQuery &q, const QString &lane, Callback done)
{
    auto attempt = std::make_shared<Attempt>();
    attempt->query = q;
    attempt->lane = lane;
    attempt->done = std::move(done);
    attempt->url = requestUrl(q);
    attempt->key = q.cacheKey(m_settings.baseUrl);
    attempt->startedMs = QDateTime::currentMSecsSinceEpoch();
    if (q.searchQuery.trimmed().isEmpty() && q.idList.isEmpty()) {
        QMetaObject::invokeMethod(this, [attempt] { attempt->done(Models::fail(QStringLiteral("an arXiv query needs search terms or ids"))); },
                                  Qt::QueuedConnection);
        return;
    }
    if (m_db && m_settings.cacheTtlMs > 0) {
        const auto cached = HttpCache::get(*m_db, attempt->key, attempt->startedMs);
        if (cached && cached->has_value()) {
            Q_EMIT notice(lane, QStringLiteral("arXiv answer taken from the cache (less than %1 h old)").arg(m_settings.cacheTtlMs / 3600000));
            auto page = finishPage(attempt, **cached, true);
            QMetaObject::invokeMethod(this, [attempt, page] { attempt->done(page); }, Qt::QueuedConnection);
            return;
        }
    }
    fetch(attempt);
}

void ArxivClient::fetch(std::shared_ptr<Attempt> attempt)
{
    HttpRequest req;
    req.url = attempt->url;
    req.headers = {{"Accept", "application/atom+xml"}};
    req.timeoutMs = m_settings.timeoutMs;
    req.maxAttempts = m_settings.maxAttempts;
    req.backoffBaseMs = m_settings.backoffBaseMs;
    req.backoffCapMs = std::max<qint64>(30000, m_settings.backoffBaseMs * 8);
    req.maxRetryAfterMs = m_settings.maxRetryAfterMs;
    req.label = attempt->lane;
    m_http.send(req, [this, attempt](const HttpResult &r) {
        attempt->requests += r.attempts;
        handle(attempt, r);
    });
}

void ArxivClient::handle(std::shared_ptr<Attempt> attempt, const HttpResult &r)
{
    if (!r.ok()) {
        attempt->done(Models::fail(r.error));
        return;
    }
    const AtomFeed feed = parseArxivAtom(r.body, QStringLiteral("arxiv"));
    if (!feed.ok()) {
        if (feed.isApiError) { // a definite answer about the query: asking again will not help
            attempt->done(Models::fail(feed.error));
            return;
        }
        if (attempt->brokenRetries < 1) {
            ++attempt->brokenRetries;
            Q_EMIT notice(attempt->lane, QStringLiteral("arXiv sent an unreadable page (%1); asking once more").arg(feed.error));
            fetch(attempt);
            return;
        }
        attempt->done(Models::fail(QStringLiteral("arXiv sent an unreadable page twice: %1").arg(feed.error)));
        return;
    }
    if (feed.entries.isEmpty() && attempt->emptyRetries < m_settings.emptyPageRetries) {
        ++attempt->emptyRetries;
        Q_EMIT notice(attempt->lane, QStringLiteral("arXiv returned an empty page; asking once more before believing it"));
        fetch(attempt);
        return;
    }
    if (m_db && m_settings.cacheTtlMs > 0 && !feed.entries.isEmpty()) {
        if (auto ok = HttpCache::put(*m_db, attempt->key, attempt->url, r.status, r.body, QDateTime::currentMSecsSinceEpoch(),
                                     m_settings.cacheTtlMs);
            !ok) {
            Q_EMIT notice(attempt->lane, QStringLiteral("could not cache the arXiv answer: %1").arg(ok.error()));
        }
    }
    attempt->done(finishPage(attempt, r.body, false));
}

Models::Result<ArxivPage> ArxivClient::finishPage(const std::shared_ptr<Attempt> &attempt, const QByteArray &body, bool fromCache)
{
    const AtomFeed feed = parseArxivAtom(body, QStringLiteral("arxiv"));
    if (!feed.ok())
        return Models::fail(feed.error);
    ArxivPage page;
    page.papers = feed.papers;
    page.totalResults = feed.totalResults;
    page.fromCache = fromCache;
    page.requests = fromCache ? 0 : attempt->requests;
    page.url = attempt->url.toString();
    page.elapsedMs = QDateTime::currentMSecsSinceEpoch() - attempt->startedMs;
    page.paperIds = QList<qint64>(page.papers.size(), 0);
    if (m_db && !page.papers.isEmpty()) {
        Models::CorpusStore corpus(m_db);
        // Refresh: a paper seen again on arXiv may carry a newer version than the stored one.
        const auto counts = corpus.upsert(page.papers, Models::UpsertMode::Refresh);
        if (!counts)
            return Models::fail(QStringLiteral("could not add the arXiv papers to the corpus: %1").arg(counts.error()));
        page.paperIds = counts->ids;
    }
    return page;
}

namespace HttpCache {

Models::Result<std::optional<QByteArray>> get(const Models::Database &db, const QString &key, qint64 nowMs)
{
    auto q = Models::prepare(db.connection(), QStringLiteral("SELECT body FROM http_cache WHERE key = ? AND expires_at_ms > ?"));
    if (!q)
        return Models::fail(q.error());
    q->addBindValue(key);
    q->addBindValue(nowMs);
    if (auto ok = Models::execPrepared(*q, QStringLiteral("reading the HTTP cache")); !ok)
        return Models::fail(ok.error());
    if (!q->next())
        return std::optional<QByteArray>();
    return std::optional<QByteArray>(q->value(0).toByteArray());
}

Models::Status put(const Models::Database &db, const QString &key, const QUrl &url, int status, const QByteArray &body,
                   qint64 nowMs, qint64 ttlMs)
{
    auto q = Models::prepare(db.connection(),
                             QStringLiteral("INSERT OR REPLACE INTO http_cache(key, url, status, body, fetched_at_ms, expires_at_ms) "
                                            "VALUES (?, ?, ?, ?, ?, ?)"));
    if (!q)
        return Models::fail(q.error());
    q->addBindValue(key);
    q->addBindValue(url.toString(QUrl::RemoveUserInfo));
    q->addBindValue(status);
    q->addBindValue(body);
    q->addBindValue(nowMs);
    q->addBindValue(nowMs + ttlMs);
    return Models::execPrepared(*q, QStringLiteral("writing the HTTP cache"));
}

} // namespace HttpCache

} // namespace Sovereign::Pipeline
