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

namespace {

struct Parts
{
    QStringList phrases;
    QStringList names; // words that look like names of methods/models (keep their case)
    QStringList words; // other content words, in order
    QStringList inOrder; // quoted phrases first, then every word, as written (duplicates dropped)
};

bool looksLikeName(const QString &w)
{
    bool upperInside = false, digit = false;
    for (qsizetype i = 0; i < w.size(); ++i) {
        upperInside = upperInside || (i > 0 && w.at(i).isUpper());
        digit = digit || w.at(i).isDigit();
    }
    return upperInside || (w.contains(u'-') && (digit || w.at(0).isUpper())) || (digit && w.at(0).isLetter());
}

Parts splitPlannerText(const QString &text)
{
    Parts p;
    static const QRegularExpression phrase(QStringLiteral("\"([^\"]+)\""));
    QString rest = text;
    for (auto it = phrase.globalMatch(text); it.hasNext();) {
        const QString ph = it.next().captured(1).simplified();
        if (!ph.isEmpty())
            p.inOrder << ph;
        if (ph.contains(u' '))
            p.phrases << ph;
        else if (!ph.isEmpty())
            (looksLikeName(ph) ? p.names : p.words) << ph;
    }
    rest.remove(phrase);
    static const QRegularExpression nonWord(QStringLiteral("[^\\w\\-\\.]+"));
    for (const QString &w : rest.split(nonWord, Qt::SkipEmptyParts)) {
        QString word = w;
        while (word.endsWith(u'.') || word.endsWith(u'-'))
            word.chop(1);
        if (word.size() < 2 || stopWords().contains(word.toLower()))
            continue;
        QStringList &into = looksLikeName(word) ? p.names : p.words;
        if (!into.contains(word, Qt::CaseInsensitive))
            into << word;
        if (!p.inOrder.contains(word))
            p.inOrder << word;
    }
    return p;
}

// Text that already uses field prefixes or operators is the planner's own search_query.
bool isStructured(const QString &text)
{
    static const QRegularExpression structured(QStringLiteral("\\b(ti|abs|au|cat|all|co|jr|rn|id):|\\b(AND|OR|ANDNOT)\\b"));
    return structured.match(text).hasMatch();
}

} // namespace

QString fromPlannerText(const QString &textIn, int maxTerms)
{
    const QString text = textIn.simplified();
    if (isStructured(text))
        return text;
    QStringList parts;
    for (const QString &t : splitPlannerText(text).inOrder)
        parts << field(QStringLiteral("all"), t);
    parts.removeDuplicates();
    return parts.mid(0, maxTerms).join(QStringLiteral(" AND "));
}

namespace {

QString orGroup(const QStringList &terms, const QString &prefix)
{
    QStringList parts;
    for (const QString &t : terms)
        parts << field(prefix, t);
    if (parts.size() <= 1)
        return parts.join(QString());
    return u'(' + parts.join(QStringLiteral(" OR ")) + u')';
}

} // namespace

QString build(const QString &textIn, const QString &strategy)
{
    const QString text = textIn.simplified();
    if (text.isEmpty() || isStructured(text))
        return text;
    const Parts p = splitPlannerText(text);
    if (strategy.startsWith(QStringLiteral("bigrams")) || (!p.phrases.isEmpty() && p.words.isEmpty() && p.names.isEmpty())) {
        // Phrases anywhere in title or abstract; the titles' words help ranking.
        QStringList parts;
        for (const QString &ph : p.phrases.mid(0, 4))
            parts << field(QStringLiteral("abs"), ph) << field(QStringLiteral("ti"), ph);
        for (const QString &w : (p.names + p.words).mid(0, 3))
            parts << field(QStringLiteral("ti"), w);
        return parts.join(QStringLiteral(" OR "));
    }
    if (strategy.startsWith(QStringLiteral("named-methods")) || (p.words.isEmpty() && !p.names.isEmpty())) {
        QStringList parts;
        for (const QString &n : p.names.mid(0, 5))
            parts << field(QStringLiteral("ti"), n) << field(QStringLiteral("abs"), n);
        for (const QString &ph : p.phrases.mid(0, 2))
            parts << field(QStringLiteral("abs"), ph);
        if (parts.isEmpty())
            for (const QString &w : p.words.mid(0, 4))
                parts << field(QStringLiteral("ti"), w);
        return parts.join(QStringLiteral(" OR "));
    }
    QStringList terms = p.phrases + p.names + p.words;
    if (terms.isEmpty())
        return {};
    if (terms.size() == 1)
        return field(QStringLiteral("all"), terms.first());
    // The question's own words, in its order: the first must be in the abstract, any of the next
    // ones may (the relevance order ranks papers with more of them first).
    if (strategy.startsWith(QStringLiteral("question")))
        return field(QStringLiteral("abs"), terms.first()) + QStringLiteral(" AND ") + orGroup(terms.mid(1, 5), QStringLiteral("abs"));
    // The most specific terms (idf order): any of them, ranked by how many match. An anchor here
    // would be the rarest word in the local corpus, which is often absent from arXiv.
    return orGroup(terms.mid(0, 6), QStringLiteral("all")).mid(1).chopped(1);
}

QString broaden(const QString &searchQuery)
{
    QString q = searchQuery.simplified();
    if (q.isEmpty())
        return {};
    // Phrases become their words, fields become all:, every operator becomes OR.
    static const QRegularExpression phrase(QStringLiteral("(\\w+):\"([^\"]+)\""));
    QString out;
    qsizetype last = 0;
    for (auto it = phrase.globalMatch(q); it.hasNext();) {
        const auto m = it.next();
        out += q.mid(last, m.capturedStart() - last);
        QStringList words;
        for (const QString &w : m.captured(2).split(u' ', Qt::SkipEmptyParts))
            if (!stopWords().contains(w.toLower()))
                words << QStringLiteral("all:") + w;
        out += words.size() > 1 ? u'(' + words.join(QStringLiteral(" OR ")) + u')' : words.join(QString());
        last = m.capturedEnd();
    }
    out += q.mid(last);
    static const QRegularExpression fields(QStringLiteral("\\b(ti|abs|co|jr):"));
    out.replace(fields, QStringLiteral("all:"));
    static const QRegularExpression ops(QStringLiteral("\\b(AND|ANDNOT)\\b"));
    out.replace(ops, QStringLiteral("OR"));
    // OR over everything: the parentheses no longer matter.
    out.remove(u'(');
    out.remove(u')');
    // Repeated terms once.
    QStringList terms;
    for (const QString &t : out.split(QStringLiteral(" OR "), Qt::SkipEmptyParts)) {
        const QString tt = t.trimmed();
        if (!tt.isEmpty() && !terms.contains(tt, Qt::CaseInsensitive))
            terms << tt;
    }
    const QString broad = terms.join(QStringLiteral(" OR "));
    return broad.simplified() == q ? QString() : broad;
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
    // Every process on the same database keeps the spacing together (admission.h).
    if (m_db && !m_db->path().isEmpty() && m_db->path() != QStringLiteral(":memory:"))
        m_http.hostQueue()->setSharedPacing(settings.baseUrl.host(), m_db->path() + QStringLiteral(".arxiv-pacing"));
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
    if (feed.entries.isEmpty() && attempt->query.retryEmpty && attempt->emptyRetries < m_settings.emptyPageRetries) {
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
