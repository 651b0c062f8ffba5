#include "fakearxiv.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace Sovereign::Test {

namespace {

QString stem(const QString &w)
{
    if (w.size() > 4 && w.endsWith(QStringLiteral("ies")))
        return w.left(w.size() - 3) + u'y';
    if (w.size() > 3 && w.endsWith(u's') && !w.endsWith(QStringLiteral("ss")))
        return w.left(w.size() - 1);
    return w;
}

QStringList words(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("[\\p{L}\\p{N}]+"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList out;
    for (auto it = re.globalMatch(text.toLower()); it.hasNext();)
        out << stem(it.next().captured(0));
    return out;
}

// Occurrences of the phrase (a word sequence) in the text's words.
int occurrences(const QStringList &text, const QStringList &phrase)
{
    if (phrase.isEmpty())
        return 0;
    int n = 0;
    for (qsizetype i = 0; i + phrase.size() <= text.size(); ++i) {
        bool all = true;
        for (qsizetype k = 0; k < phrase.size() && all; ++k)
            all = text.at(i + k) == phrase.at(k);
        n += all ? 1 : 0;
    }
    return n;
}

struct Doc
{
    QStringList ti, abs;
};

// Recursive descent over the search_query: or := and (OR and)*; and := unary ((AND|ANDNOT) unary)*;
// unary := '(' or ')' | term. A term's value is its match count (0: no match).
class Parser
{
public:
    Parser(const QString &q, const Doc &d) : m_doc(d)
    {
        static const QRegularExpression tok(QStringLiteral("\\(|\\)|\\w+:\"[^\"]*\"|\"[^\"]*\"|[^\\s()]+"));
        for (auto it = tok.globalMatch(q); it.hasNext();)
            m_tokens << it.next().captured(0);
    }
    int evaluate() { return orExpr(); }

private:
    QString peek() const { return m_pos < m_tokens.size() ? m_tokens.at(m_pos) : QString(); }
    int orExpr()
    {
        int v = andExpr();
        while (peek() == QStringLiteral("OR")) {
            ++m_pos;
            const int r = andExpr();
            v = v + r;
        }
        return v;
    }
    int andExpr()
    {
        int v = unary();
        while (peek() == QStringLiteral("AND") || peek() == QStringLiteral("ANDNOT")) {
            const bool negate = m_tokens.at(m_pos++) == QStringLiteral("ANDNOT");
            const int r = unary();
            v = negate ? (r > 0 ? 0 : v) : (v > 0 && r > 0 ? v + r : 0);
        }
        return v;
    }
    int unary()
    {
        const QString t = peek();
        if (t.isEmpty())
            return 0;
        ++m_pos;
        if (t == QStringLiteral("(")) {
            const int v = orExpr();
            if (peek() == QStringLiteral(")"))
                ++m_pos;
            return v;
        }
        QString field = QStringLiteral("all");
        QString value = t;
        const qsizetype colon = t.indexOf(u':');
        if (colon > 0 && !t.startsWith(u'"')) {
            field = t.left(colon);
            value = t.mid(colon + 1);
        }
        value.remove(u'"');
        const QStringList phrase = words(value);
        int n = 0;
        if (field == QStringLiteral("ti") || field == QStringLiteral("all"))
            n += 2 * occurrences(m_doc.ti, phrase); // a title match ranks higher
        if (field == QStringLiteral("abs") || field == QStringLiteral("all"))
            n += occurrences(m_doc.abs, phrase);
        return n;
    }

    const Doc &m_doc;
    QStringList m_tokens;
    qsizetype m_pos = 0;
};

QString xmlEscape(const QString &s) { return s.toHtmlEscaped(); }

} // namespace

FakeArxivServer::FakeArxivServer()
{
    http.setHandler([this](const RecordedRequest &r) { return respond(r); });
}

bool FakeArxivServer::loadRecords(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.isEmpty())
            records.append(ArxivRecord{o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("title")).toString(),
                            o.value(QStringLiteral("abstract")).toString()});
    }
    return !records.isEmpty();
}

QStringList FakeArxivServer::search(const QString &searchQuery, int maxResults) const
{
    QList<std::pair<int, qsizetype>> scored;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const Doc d{words(records.at(i).title), words(records.at(i).abstract)};
        const int v = Parser(searchQuery, d).evaluate();
        if (v > 0)
            scored.append({v, i});
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList out;
    for (const auto &[score, i] : std::as_const(scored)) {
        if (out.size() >= maxResults)
            break;
        out << records.at(i).id;
    }
    return out;
}

QByteArray FakeArxivServer::atomFeed(const QList<ArxivRecord> &recs, qint64 total)
{
    QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                     "xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\" xmlns:arxiv=\"http://arxiv.org/schemas/atom\">"
                     "<id>http://arxiv.org/api/stand-in</id><title>arXiv Query</title><updated>2026-12-01T00:00:00-05:00</updated>"
                     "<opensearch:totalResults>" + QByteArray::number(total) + "</opensearch:totalResults>"
                     "<opensearch:startIndex>0</opensearch:startIndex><opensearch:itemsPerPage>" + QByteArray::number(recs.size()) +
                     "</opensearch:itemsPerPage>";
    for (const ArxivRecord &r : recs) {
        xml += QStringLiteral("<entry><id>http://arxiv.org/abs/%1v1</id><updated>2026-11-02T17:00:00Z</updated>"
                              "<published>2026-11-02T17:00:00Z</published><title>%2</title><summary>%3</summary>"
                              "<author><name>A. Author</name></author><author><name>B. Author</name></author>"
                              "<link href=\"http://arxiv.org/abs/%1v1\" rel=\"alternate\" type=\"text/html\"/>"
                              "<link title=\"pdf\" href=\"http://arxiv.org/pdf/%1v1\" rel=\"related\" type=\"application/pdf\"/>"
                              "<arxiv:primary_category term=\"cs.LG\" scheme=\"http://arxiv.org/schemas/atom\"/>"
                              "<category term=\"cs.LG\" scheme=\"http://arxiv.org/schemas/atom\"/></entry>")
                   .arg(r.id, xmlEscape(r.title), xmlEscape(r.abstract))
                   .toUtf8();
    }
    return xml + "</feed>";
}

ScriptedResponse FakeArxivServer::respond(const RecordedRequest &request)
{
    const qint64 now = request.atMs;
    if (enforceSpacingMs > 0 && m_lastFinishMs >= 0 && now - m_lastFinishMs < enforceSpacingMs) {
        ++refused;
        m_lastFinishMs = now;
        ScriptedResponse r = ScriptedResponse::text("Rate exceeded.", 429);
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("3")));
        return r;
    }
    m_lastFinishMs = now + responseDelayMs;
    ScriptedResponse resp;
    resp.contentType = "application/atom+xml; charset=utf-8";
    resp.delayMs = responseDelayMs;
    if (!request.path.endsWith("/api/query")) {
        resp.status = 404;
        return resp;
    }
    QList<ArxivRecord> found;
    if (request.query.hasQueryItem(QStringLiteral("id_list"))) {
        for (const QString &id : request.query.queryItemValue(QStringLiteral("id_list")).split(u',')) {
            const QString bare = id.section(u'v', 0, 0);
            for (const ArxivRecord &r : std::as_const(records))
                if (r.id == bare)
                    found.append(r);
        }
        resp.body = atomFeed(found, found.size());
        return resp;
    }
    const QString q = request.query.queryItemValue(QStringLiteral("search_query"), QUrl::FullyDecoded);
    searchQueries << q;
    const int max = request.query.queryItemValue(QStringLiteral("max_results")).toInt();
    const QStringList ids = search(q, max > 0 ? max : 10);
    for (const QString &id : ids)
        for (const ArxivRecord &r : std::as_const(records))
            if (r.id == id)
                found.append(r);
    resp.body = atomFeed(found, found.size());
    return resp;
}

} // namespace Sovereign::Test
