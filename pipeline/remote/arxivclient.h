#pragma once

// ArxivClient: the arXiv API (GET {base}/api/query) over HttpClient, polite by construction.
//
// - Requests go through a HostQueue: one at a time per host, at least ArxivSettings::spacingMs
//   apart (default 3 s), jittered back-off that honours Retry-After on 429/503.
// - Responses are parsed with parseArxivAtom (atom.h). arXiv's HTTP-200 "Error" entry is an error
//   (not retried, not cached); malformed or truncated XML is asked for once more, then an error; a
//   valid page with no entries is asked for once more (arXiv sometimes returns one spuriously)
//   before it is believed.
// - Good pages are cached in the http_cache table for ArxivSettings::cacheTtlMs (24 h), keyed by the
//   canonical query, and their papers are upserted into the corpus (CorpusStore, origin "arxiv").
//
// Lives in one thread (RemoteIo's); callbacks are called in that thread.

#include "httpclient.h"
#include "remotesettings.h"

#include "models/storage/database.h"
#include "models/types/types.h"

#include <QObject>

#include <memory>

namespace Sovereign::Pipeline {

struct ArxivQuery
{
    QString searchQuery;   // field-prefixed, e.g. ti:"mixture of experts" AND cat:cs.LG
    QStringList idList;    // e.g. 2401.01234 or 2401.01234v2
    int start = 0;
    int maxResults = 25;
    QString sortBy = QStringLiteral("relevance");
    QString sortOrder = QStringLiteral("descending");
    // A valid page with no entries is asked for again (ArxivSettings::emptyPageRetries). Searchers
    // that broaden an empty query instead turn this off: a run never sends the same query twice.
    bool retryEmpty = true;

    // The query string of the request, percent-encoded ("search_query=ti%3A%22...").
    QString encodedQuery() const;
    // Canonical cache key: base URL and parameters with whitespace collapsed.
    QString cacheKey(const QUrl &base) const;
};

// Builds search_query text: a term with spaces becomes a quoted phrase, prefixes are kept.
namespace ArxivSearchQuery {
QString field(const QString &prefix, const QString &text); // ("ti", "mixture of experts") -> ti:"mixture of experts"
QString join(const QStringList &parts, const QString &op);  // op: AND | OR | ANDNOT
// Free text from a query planner to a search_query: text that already uses field prefixes
// (ti: abs: au: cat: all: ...) or operators is kept; otherwise quoted phrases stay phrases and the
// remaining words (stop words dropped, at most maxTerms) become all:word, joined with AND.
QString fromPlannerText(const QString &text, int maxTerms = 5);

// A planned query (plain text from a planner, with its strategy) as a search_query that matches on
// the real API, where an AND of five all: terms rarely does:
//  - phrases ("token scheduling") stay phrases, searched in title and abstract, OR-ed;
//  - named methods (FLAME-MoE, ExpertFlow) are OR-ed and looked for in the title and abstract;
//  - plain terms: the first (most specific) term AND an OR-group of the next ones;
//  - text that already uses fields or operators is kept as it is.
QString build(const QString &text, const QString &strategy = {});
// The broader form of a search_query for when it returned nothing: AND becomes OR, ti:/abs:
// become all:, phrases become their words. Empty when nothing can be broadened.
QString broaden(const QString &searchQuery);
} // namespace ArxivSearchQuery

struct ArxivPage
{
    QList<Models::Paper> papers;   // as parsed
    QList<qint64> paperIds;        // corpus row ids, one per paper (0 if the corpus refused it)
    qint64 totalResults = -1;
    bool fromCache = false;
    int requests = 0;              // HTTP requests made (0 from cache)
    qint64 elapsedMs = 0;
    QString url;
};

class ArxivClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ArxivClient)

public:
    using Callback = std::function<void(const Models::Result<ArxivPage> &)>;

    // db may be null: no cache, no corpus. The HostQueue may be shared with other arXiv clients.
    ArxivClient(const ArxivSettings &settings, std::shared_ptr<Models::Database> db,
                std::shared_ptr<HostQueue> queue = {}, QObject *parent = nullptr);

    const ArxivSettings &settings() const { return m_settings; }
    HttpClient *http() { return &m_http; }

    void query(const ArxivQuery &query, const QString &lane, Callback done);
    void cancelAll() { m_http.cancelAll(); }

    QUrl requestUrl(const ArxivQuery &query) const;

Q_SIGNALS:
    void waiting(const QString &lane, const QString &host, qint64 ms, const QString &reason);
    void notice(const QString &lane, const QString &message); // retries of empty or broken pages, cache hits

private:
    struct Attempt;
    void fetch(std::shared_ptr<Attempt> attempt);
    void handle(std::shared_ptr<Attempt> attempt, const HttpResult &r);
    Models::Result<ArxivPage> finishPage(const std::shared_ptr<Attempt> &attempt, const QByteArray &body, bool fromCache);

    ArxivSettings m_settings;
    std::shared_ptr<Models::Database> m_db;
    HttpClient m_http;
};

// The http_cache table: fresh bodies by key; expired rows are ignored (and replaced on put).
namespace HttpCache {
Models::Result<std::optional<QByteArray>> get(const Models::Database &db, const QString &key, qint64 nowMs);
Models::Status put(const Models::Database &db, const QString &key, const QUrl &url, int status, const QByteArray &body,
                   qint64 nowMs, qint64 ttlMs);
} // namespace HttpCache

} // namespace Sovereign::Pipeline
