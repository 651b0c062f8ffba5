#include "store.h"
#include "storerows.h"

#include "models/types/json.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QVariant>

namespace Sovereign::Models {

using namespace StoreRows;

Store::Store(std::shared_ptr<Database> db) : m_db(std::move(db)) {}

QString Store::makeSrchId(const QByteArray &seed)
{
    const QByteArray digest = QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
    return QStringLiteral("SRCH:") + QString::fromLatin1(digest.left(4).toHex().toUpper());
}

// ---- runs ------------------------------------------------------------------------------------

Result<qint64> Store::createRun(Run &r)
{
    const QSqlDatabase db = connection();
    if (!r.createdAt.isValid())
        r.createdAt = QDateTime::currentDateTimeUtc();
    // A clash of the 32-bit SRCH id with an older run is possible; salt and retry.
    for (int attempt = 0; attempt < 8; ++attempt) {
        const bool generated = r.srchId.isEmpty();
        if (generated)
            r.srchId = makeSrchId(r.question.toUtf8() + '\n' + r.sourceRef.toUtf8() + '\n' +
                                  toIso(r.createdAt).toUtf8() + '\n' + QByteArray::number(attempt));
        auto q = bindExec(db,
                     QStringLiteral("INSERT INTO runs (srch_id, question, source_ref, source_paper_id, source_title, "
                                    "source_text, config, status, error, created_at, started_at, finished_at) "
                                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"),
                     QStringLiteral("create run"), r.srchId, r.question, r.sourceRef, nullableId(r.sourcePaperId),
                     r.sourceTitle, r.sourceText, Json::compact(r.config), toText(r.status), r.error,
                     toIso(r.createdAt), nullable(toIso(r.startedAt)), nullable(toIso(r.finishedAt)));
        if (q) {
            r.id = q->lastInsertId().toLongLong();
            return r.id;
        }
        if (!generated || !q.error().contains(QStringLiteral("UNIQUE")))
            return fail(q.error());
        r.srchId.clear();
    }
    return fail(QStringLiteral("create run: could not allocate a unique SRCH id"));
}

Status Store::updateRun(const Run &r)
{
    auto q = bindExec(connection(),
                 QStringLiteral("UPDATE runs SET source_paper_id=?, source_title=?, source_text=?, config=?, "
                                "status=?, error=?, started_at=?, finished_at=? WHERE id=?"),
                 QStringLiteral("update run"), nullableId(r.sourcePaperId), r.sourceTitle, r.sourceText,
                 Json::compact(r.config), toText(r.status), r.error, nullable(toIso(r.startedAt)),
                 nullable(toIso(r.finishedAt)), r.id);
    if (!q)
        return fail(q.error());
    return {};
}

Result<Run> Store::run(qint64 id) const
{
    auto q = bindExec(connection(),
                         QStringLiteral("SELECT %1 FROM runs WHERE id=?").arg(QLatin1StringView(RunColumns)),
                         QStringLiteral("load run"), id);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no run with id %1").arg(id));
    return readRun(*q);
}

Result<QList<Run>> Store::runs(std::optional<RunStatus> status) const
{
    // Qt's SQLite driver does not support numbered parameters (?1), so repeated values are bound twice.
    const QVariant statusValue = status ? QVariant(toText(*status)) : QVariant();
    auto q = bindExec(connection(),
                         QStringLiteral("SELECT %1 FROM runs WHERE (? IS NULL OR status = ?) ORDER BY id")
                             .arg(QLatin1StringView(RunColumns)),
                         QStringLiteral("list runs"), statusValue, statusValue);
    if (!q)
        return fail(q.error());
    QList<Run> out;
    while (q->next())
        out.append(readRun(*q));
    return out;
}

Status Store::appendEvents(const QList<RunEvent> &events)
{
    if (events.isEmpty())
        return {};
    const QSqlDatabase db = connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store events: %1").arg(tx.error()));
    auto q = prepare(db, QStringLiteral("INSERT INTO run_events (run_id, seq, at_ms, elapsed_ms, stage, lane, kind, "
                                        "message, data) VALUES (?,?,?,?,?,?,?,?,?)"));
    if (!q)
        return fail(q.error());
    for (const RunEvent &e : events) {
        q->bindValue(0, e.runId);
        q->bindValue(1, e.seq);
        q->bindValue(2, e.atMs);
        q->bindValue(3, e.elapsedMs);
        q->bindValue(4, bindable(e.stage));
        q->bindValue(5, bindable(e.lane));
        q->bindValue(6, toText(e.kind));
        q->bindValue(7, bindable(e.message));
        q->bindValue(8, Json::compact(e.data));
        if (auto ok = execPrepared(*q, QStringLiteral("store event")); !ok)
            return ok;
    }
    return tx.commit();
}

Result<QList<RunEvent>> Store::events(qint64 runId) const
{
    auto q = bindExec(connection(),
                         QStringLiteral("SELECT run_id, seq, at_ms, elapsed_ms, stage, lane, kind, message, data "
                                        "FROM run_events WHERE run_id=? ORDER BY seq"),
                         QStringLiteral("load events"), runId);
    if (!q)
        return fail(q.error());
    QList<RunEvent> out;
    while (q->next()) {
        RunEvent e;
        e.runId = q->value(0).toLongLong();
        e.seq = q->value(1).toInt();
        e.atMs = q->value(2).toLongLong();
        e.elapsedMs = q->value(3).toLongLong();
        e.stage = q->value(4).toString();
        e.lane = q->value(5).toString();
        e.kind = eventKindFromString(q->value(6).toString()).value_or(EventKind::Log);
        e.message = q->value(7).toString();
        e.data = Json::parseObject(q->value(8).toString());
        out.append(e);
    }
    return out;
}

Status Store::saveSearch(qint64 runId, const QList<SearchQuery> &queries, const QList<SearchHit> &hits,
                         const QList<RunPaper> &merged)
{
    const QSqlDatabase db = connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store search: %1").arg(tx.error()));
    for (const QString &sql : {QStringLiteral("DELETE FROM search_queries WHERE run_id=?"),
                               QStringLiteral("DELETE FROM run_papers WHERE run_id=?")}) {
        if (auto q = bindExec(db, sql, QStringLiteral("clear search"), runId); !q)
            return fail(q.error());
    }
    QHash<int, qint64> queryIds;
    for (const SearchQuery &sq : queries) {
        auto q = bindExec(db,
                     QStringLiteral("INSERT INTO search_queries (run_id, ordinal, strategy, text, backend, elapsed_ms) "
                                    "VALUES (?,?,?,?,?,?)"),
                     QStringLiteral("store query"), runId, sq.ordinal, sq.strategy, sq.text, sq.backend, sq.elapsedMs);
        if (!q)
            return fail(q.error());
        queryIds.insert(sq.ordinal, q->lastInsertId().toLongLong());
    }
    auto hq = prepare(db, QStringLiteral("INSERT INTO search_hits (query_id, rank, paper_id, score) VALUES (?,?,?,?)"));
    if (!hq)
        return fail(hq.error());
    for (const SearchHit &h : hits) {
        if (!queryIds.contains(h.queryOrdinal))
            return fail(QStringLiteral("store hit: unknown query %1").arg(h.queryOrdinal));
        hq->bindValue(0, queryIds.value(h.queryOrdinal));
        hq->bindValue(1, h.rank);
        hq->bindValue(2, h.paperId);
        hq->bindValue(3, h.score);
        if (auto ok = execPrepared(*hq, QStringLiteral("store hit")); !ok)
            return ok;
    }
    auto mq = prepare(db, QStringLiteral("INSERT INTO run_papers (run_id, paper_id, fused_rank, rrf_score, "
                                         "semantic_score, final_rank) VALUES (?,?,?,?,?,?)"));
    if (!mq)
        return fail(mq.error());
    for (const RunPaper &p : merged) {
        mq->bindValue(0, runId);
        mq->bindValue(1, p.paperId);
        mq->bindValue(2, p.fusedRank);
        mq->bindValue(3, p.rrfScore);
        mq->bindValue(4, nullableOpt(p.semanticScore));
        mq->bindValue(5, p.finalRank);
        if (auto ok = execPrepared(*mq, QStringLiteral("store merged paper")); !ok)
            return ok;
    }
    return tx.commit();
}

Result<QList<SearchQuery>> Store::searchQueries(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, ordinal, strategy, text, backend, elapsed_ms FROM search_queries "
                                "WHERE run_id=? ORDER BY ordinal"),
                 QStringLiteral("load queries"), runId);
    if (!q)
        return fail(q.error());
    QList<SearchQuery> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toInt(), q->value(2).toString(), q->value(3).toString(),
                    q->value(4).toString(), q->value(5).toLongLong()});
    return out;
}

Result<QList<SearchHit>> Store::searchHits(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT sq.ordinal, h.rank, h.paper_id, h.score FROM search_hits h "
                                "JOIN search_queries sq ON sq.id = h.query_id WHERE sq.run_id=? "
                                "ORDER BY sq.ordinal, h.rank"),
                 QStringLiteral("load hits"), runId);
    if (!q)
        return fail(q.error());
    QList<SearchHit> out;
    while (q->next())
        out.append({q->value(0).toInt(), q->value(1).toInt(), q->value(2).toLongLong(), q->value(3).toDouble()});
    return out;
}

Result<QList<RunPaper>> Store::runPapers(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT paper_id, fused_rank, rrf_score, semantic_score, final_rank FROM run_papers "
                                "WHERE run_id=? ORDER BY final_rank"),
                 QStringLiteral("load merged papers"), runId);
    if (!q)
        return fail(q.error());
    QList<RunPaper> out;
    while (q->next()) {
        RunPaper p{q->value(0).toLongLong(), q->value(1).toInt(), q->value(2).toDouble(), std::nullopt,
                   q->value(4).toInt()};
        if (!q->value(3).isNull())
            p.semanticScore = q->value(3).toDouble();
        out.append(p);
    }
    return out;
}

} // namespace Sovereign::Models
