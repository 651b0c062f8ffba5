#pragma once

// A stand-in for the arXiv API on loopback that really searches: GET /api/query evaluates
// search_query (prefixes ti: abs: all:, quoted phrases, AND / OR / ANDNOT, parentheses; words are
// matched case-insensitively with a light plural stemming, like the real index does) over a set of
// records and answers an Atom feed ranked by how many query terms matched; id_list returns those
// records. Optionally it enforces arXiv's rule itself: a request that arrives less than
// `enforceSpacingMs` after the previous one finished is refused with 429 and Retry-After.

#include "fakehttpserver.h"

#include <QMutex>

namespace Sovereign::Test {

struct ArxivRecord
{
    QString id;
    QString title;
    QString abstract;
};

class FakeArxivServer final
{
public:
    FakeArxivServer();
    bool start() { return http.start(); }
    QUrl baseUrl() const { return http.baseUrl(); }

    // One JSON object per line: {"id", "title", "abstract"}.
    bool loadRecords(const QString &jsonlPath);
    // The ids matching a search_query, best first (what the feed would list).
    QStringList search(const QString &searchQuery, int maxResults) const;
    static QByteArray atomFeed(const QList<ArxivRecord> &records, qint64 total);

    FakeHttpServer http;
    QList<ArxivRecord> records;
    qint64 enforceSpacingMs = 0;
    int responseDelayMs = 0;
    int refused = 0;                 // requests answered 429
    QStringList searchQueries;       // every search_query received, in order

private:
    ScriptedResponse respond(const RecordedRequest &request);
    qint64 m_lastFinishMs = -1;
};

} // namespace Sovereign::Test
