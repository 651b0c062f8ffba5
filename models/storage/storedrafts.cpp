// Store: drafts, their revisions, claims, reviews and public records.
#include "storerows.h"

namespace Sovereign::Models {

using namespace StoreRows;

// ---- drafts ----------------------------------------------------------------------------------

Result<qint64> Store::createDraft(Draft &d)
{
    const QString now = nowIso();
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT INTO drafts (run_id, title, question, state, current_round, score, verdict, "
                                "policy, policy_reason, claims_extracted, claims_verified, papers_retrieved, "
                                "quality_tier, published_at, created_at, updated_at) "
                                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
                 QStringLiteral("create draft"), d.runId, d.title, d.question, toText(d.state), d.currentRound,
                 nullableOpt(d.score), d.verdict ? QVariant(toText(*d.verdict)) : QVariant(),
                 d.policy ? QVariant(toText(*d.policy)) : QVariant(), d.policyReason, d.claimsExtracted,
                 d.claimsVerified, d.papersRetrieved, d.qualityTier, nullable(toIso(d.publishedAt)),
                 d.createdAt.isValid() ? toIso(d.createdAt) : now, now);
    if (!q)
        return fail(q.error());
    d.id = q->lastInsertId().toLongLong();
    return d.id;
}

Status Store::updateDraft(const Draft &d)
{
    auto q = bindExec(connection(),
                 QStringLiteral("UPDATE drafts SET title=?, state=?, current_round=?, score=?, verdict=?, policy=?, "
                                "policy_reason=?, claims_extracted=?, claims_verified=?, papers_retrieved=?, "
                                "quality_tier=?, published_at=?, updated_at=? WHERE id=?"),
                 QStringLiteral("update draft"), d.title, toText(d.state), d.currentRound, nullableOpt(d.score),
                 d.verdict ? QVariant(toText(*d.verdict)) : QVariant(),
                 d.policy ? QVariant(toText(*d.policy)) : QVariant(), d.policyReason, d.claimsExtracted,
                 d.claimsVerified, d.papersRetrieved, d.qualityTier, nullable(toIso(d.publishedAt)), nowIso(), d.id);
    if (!q)
        return fail(q.error());
    if (q->numRowsAffected() != 1)
        return fail(QStringLiteral("update draft: no draft with id %1").arg(d.id));
    return {};
}

Result<Draft> Store::draft(qint64 id) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id WHERE d.id=?")
                     .arg(QLatin1StringView(DraftColumns)),
                 QStringLiteral("load draft"), id);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no draft with id %1").arg(id));
    return readDraft(*q);
}

Result<Draft> Store::draftByRun(qint64 runId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id WHERE d.run_id=?")
                     .arg(QLatin1StringView(DraftColumns)),
                 QStringLiteral("load draft"), runId);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("run %1 has no draft").arg(runId));
    return readDraft(*q);
}

Result<Draft> Store::findDraft(const QString &idOrSrch) const
{
    const QString key = idOrSrch.trimmed();
    bool isNumber = false;
    const qint64 id = key.toLongLong(&isNumber);
    if (isNumber)
        return draft(id);
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id WHERE r.srch_id=?")
                     .arg(QLatin1StringView(DraftColumns)),
                 QStringLiteral("find draft"), key.toUpper());
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no draft with id or SRCH id '%1'").arg(key));
    return readDraft(*q);
}

Result<QList<Draft>> Store::drafts(const DraftFilter &f) const
{
    const QVariant state = f.state ? QVariant(toText(*f.state)) : QVariant();
    const QVariant pattern = f.text.isEmpty() ? QVariant() : QVariant(QString(QLatin1Char('%') + f.text + QLatin1Char('%')));
    const QVariant after = nullable(f.afterCreatedAt);
    auto q = bindExec(connection(),
                      QStringLiteral("SELECT %1 FROM drafts d JOIN runs r ON r.id = d.run_id "
                                     "WHERE (? IS NULL OR d.state = ?) "
                                     "AND (? IS NULL OR d.title LIKE ? OR d.question LIKE ? OR r.srch_id LIKE ? OR d.policy_reason LIKE ?) "
                                     "AND (? IS NULL OR d.created_at < ? OR (d.created_at = ? AND d.id < ?)) "
                                     "ORDER BY d.created_at DESC, d.id DESC LIMIT ?")
                          .arg(QLatin1StringView(DraftColumns)),
                      QStringLiteral("list drafts"), state, state, pattern, pattern, pattern, pattern, pattern, after, after,
                      after, f.afterId, qMax(1, f.limit));
    if (!q)
        return fail(q.error());
    QList<Draft> out;
    while (q->next())
        out.append(readDraft(*q));
    return out;
}

Result<QHash<DraftState, int>> Store::queueCounts() const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT state, count(*) FROM drafts GROUP BY state"),
                 QStringLiteral("count drafts"));
    if (!q)
        return fail(q.error());
    QHash<DraftState, int> out;
    while (q->next())
        if (auto s = draftStateFromString(q->value(0).toString()))
            out.insert(*s, q->value(1).toInt());
    return out;
}

Result<int> Store::draftCount() const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT count(*) FROM drafts"), QStringLiteral("count drafts"));
    if (!q || !q->next())
        return fail(q ? QStringLiteral("count drafts: no row") : q.error());
    return q->value(0).toInt();
}

Status Store::saveRevision(DraftRevision &rev)
{
    if (!rev.createdAt.isValid())
        rev.createdAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT INTO draft_revisions (draft_id, round, body, sections, score, verdict, reason, "
                                "created_at) VALUES (?,?,?,?,?,?,?,?) "
                                "ON CONFLICT(draft_id, round) DO UPDATE SET body=excluded.body, "
                                "sections=excluded.sections, score=excluded.score, verdict=excluded.verdict, "
                                "reason=excluded.reason"),
                 QStringLiteral("store revision"), rev.draftId, rev.round, rev.body, Json::compact(rev.sections),
                 nullableOpt(rev.score), rev.verdict ? QVariant(toText(*rev.verdict)) : QVariant(), rev.reason,
                 toIso(rev.createdAt));
    if (!q)
        return fail(q.error());
    auto id = bindExec(connection(), QStringLiteral("SELECT id FROM draft_revisions WHERE draft_id=? AND round=?"),
                  QStringLiteral("store revision"), rev.draftId, rev.round);
    if (id && id->next())
        rev.id = id->value(0).toLongLong();
    return {};
}

Result<QList<DraftRevision>> Store::revisions(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, round, body, sections, score, verdict, reason, created_at "
                                "FROM draft_revisions WHERE draft_id=? ORDER BY round"),
                 QStringLiteral("load revisions"), draftId);
    if (!q)
        return fail(q.error());
    QList<DraftRevision> out;
    while (q->next()) {
        DraftRevision r;
        r.id = q->value(0).toLongLong();
        r.draftId = q->value(1).toLongLong();
        r.round = q->value(2).toInt();
        r.body = q->value(3).toString();
        r.sections = Json::parseObject(q->value(4).toString());
        if (!q->value(5).isNull())
            r.score = q->value(5).toDouble();
        r.verdict = verdictFromString(q->value(6).toString());
        r.reason = q->value(7).toString();
        r.createdAt = fromIso(q->value(8).toString());
        out.append(r);
    }
    return out;
}

namespace {

constexpr const char *StanceColumns = "label, quote, status, note, rationale, passage, paper_id, backend, model, raw_response";

Status insertStance(const QSqlDatabase &db, const Claim &c)
{
    const ClaimStance &st = *c.stance;
    auto q = bindExec(db,
                      QStringLiteral("INSERT OR REPLACE INTO claim_stances (claim_id, draft_id, round, ordinal, grounded, %1) "
                                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)").arg(QLatin1StringView(StanceColumns)),
                      QStringLiteral("store claim stance"), c.id, c.draftId, c.round, c.ordinal, st.usable() ? 1 : 0,
                      st.label, st.quote, st.status, st.note, st.rationale, st.passage, nullableId(st.paperId), st.backend,
                      st.model, st.rawResponse);
    if (!q)
        return fail(q.error());
    return {};
}

// The stance rows of the claims (by id), if any.
Status attachStances(const QSqlDatabase &db, QList<Claim> &claims)
{
    for (Claim &c : claims) {
        auto q = bindExec(db, QStringLiteral("SELECT %1 FROM claim_stances WHERE claim_id=?").arg(QLatin1StringView(StanceColumns)),
                          QStringLiteral("load claim stance"), c.id);
        if (!q)
            return fail(q.error());
        if (!q->next())
            continue;
        ClaimStance st;
        st.label = q->value(0).toString();
        st.quote = q->value(1).toString();
        st.status = q->value(2).toString();
        st.note = q->value(3).toString();
        st.rationale = q->value(4).toString();
        st.passage = q->value(5).toString();
        st.paperId = q->value(6).toLongLong();
        st.backend = q->value(7).toString();
        st.model = q->value(8).toString();
        st.rawResponse = q->value(9).toString();
        c.stance = st;
    }
    return {};
}

} // namespace

Status Store::saveClaims(qint64 draftId, int round, QList<Claim> &claims)
{
    const QSqlDatabase db = connection();
    Transaction tx(db);
    if (!tx.isActive())
        return fail(QStringLiteral("store claims: %1").arg(tx.error()));
    if (auto q = bindExec(db, QStringLiteral("DELETE FROM claims WHERE draft_id=? AND round=?"),
                     QStringLiteral("clear claims"), draftId, round);
        !q)
        return fail(q.error());
    auto q = prepare(db, QStringLiteral("INSERT INTO claims (%1) VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                             .arg(QLatin1StringView(ClaimColumns)));
    if (!q)
        return fail(q.error());
    for (Claim &c : claims) {
        c.draftId = draftId;
        c.round = round;
        if (c.originalText.isEmpty())
            c.originalText = c.text;
        q->bindValue(0, draftId);
        q->bindValue(1, round);
        q->bindValue(2, c.ordinal);
        q->bindValue(3, bindable(c.text));
        q->bindValue(4, bindable(c.originalText));
        q->bindValue(5, c.verified ? 1 : 0);
        q->bindValue(6, qBound(0.0, c.confidence, 1.0));
        q->bindValue(7, c.verifiedOverride ? QVariant(*c.verifiedOverride ? 1 : 0) : QVariant());
        q->bindValue(8, bindable(c.overrideReason));
        q->bindValue(9, nullableId(c.evidencePaperId));
        q->bindValue(10, bindable(c.evidencePassage));
        q->bindValue(11, bindable(c.evidenceSentence));
        q->bindValue(12, c.addressesQuestion ? 1 : 0);
        q->bindValue(13, toText(c.status));
        q->bindValue(14, Json::compact(c.checks));
        if (auto ok = execPrepared(*q, QStringLiteral("store claim")); !ok)
            return ok;
        c.id = q->lastInsertId().toLongLong();
        if (c.stance) {
            if (auto ok = insertStance(db, c); !ok)
                return ok;
        }
    }
    return tx.commit();
}

Result<QList<Claim>> Store::claims(qint64 draftId, int round) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT %1 FROM claims WHERE draft_id=? AND round = CASE WHEN ? < 0 THEN "
                                "(SELECT current_round FROM drafts WHERE id=?) ELSE ? END ORDER BY ordinal")
                     .arg(QLatin1StringView(ClaimColumns)),
                 QStringLiteral("load claims"), draftId, round, draftId, round);
    if (!q)
        return fail(q.error());
    QList<Claim> out;
    while (q->next())
        out.append(readClaim(*q));
    if (auto ok = attachStances(connection(), out); !ok)
        return fail(ok.error());
    return out;
}

Result<Claim> Store::claim(qint64 claimId) const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT %1 FROM claims WHERE id=?").arg(QLatin1StringView(ClaimColumns)),
                 QStringLiteral("load claim"), claimId);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("no claim with id %1").arg(claimId));
    QList<Claim> one{readClaim(*q)};
    if (auto ok = attachStances(connection(), one); !ok)
        return fail(ok.error());
    return one.first();
}

Status Store::saveReview(Review &r)
{
    if (!r.createdAt.isValid())
        r.createdAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT OR REPLACE INTO reviews (draft_id, round, role, score, verdict, rationale, "
                                "issues, signals, backend, model, prompt, raw_response, parsed, latency_ms, "
                                "prompt_tokens, completion_tokens, created_at, failure) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
                 QStringLiteral("store review"), r.draftId, r.round, toText(r.role), qBound(0.0, r.score, 10.0),
                 toText(r.verdict), r.rationale, Json::compact(issuesToJson(r.issues)),
                 Json::compact(signalsToJson(r.scoredSignals)), r.backend, r.model, r.prompt, r.rawResponse,
                 Json::compact(r.parsed), r.latencyMs, r.promptTokens, r.completionTokens, toIso(r.createdAt), r.failure);
    if (!q)
        return fail(q.error());
    r.id = q->lastInsertId().toLongLong();
    return {};
}

Result<QList<Review>> Store::reviews(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, round, role, score, verdict, rationale, issues, signals, backend, "
                                "model, prompt, raw_response, parsed, latency_ms, prompt_tokens, completion_tokens, "
                                "created_at, failure FROM reviews WHERE draft_id=? ORDER BY round, "
                                "CASE role WHEN 'SKEPTIC' THEN 0 WHEN 'VALIDATOR' THEN 1 ELSE 2 END"),
                 QStringLiteral("load reviews"), draftId);
    if (!q)
        return fail(q.error());
    QList<Review> out;
    while (q->next()) {
        Review r;
        r.id = q->value(0).toLongLong();
        r.draftId = q->value(1).toLongLong();
        r.round = q->value(2).toInt();
        r.role = roleFromString(q->value(3).toString()).value_or(Role::Skeptic);
        r.score = q->value(4).toDouble();
        r.verdict = verdictFromString(q->value(5).toString()).value_or(Verdict::Reject);
        r.rationale = q->value(6).toString();
        r.issues = issuesFromJson(Json::parseArray(q->value(7).toString()));
        r.scoredSignals = signalsFromJson(Json::parseArray(q->value(8).toString()));
        r.backend = q->value(9).toString();
        r.model = q->value(10).toString();
        r.prompt = q->value(11).toString();
        r.rawResponse = q->value(12).toString();
        r.parsed = Json::parseObject(q->value(13).toString());
        r.latencyMs = q->value(14).toLongLong();
        r.promptTokens = q->value(15).toInt();
        r.completionTokens = q->value(16).toInt();
        r.createdAt = fromIso(q->value(17).toString());
        r.failure = q->value(18).toString();
        out.append(r);
    }
    return out;
}

Status Store::savePublicRecord(qint64 draftId, const QString &srchId, const QJsonObject &record)
{
    auto q = bindExec(connection(),
                 QStringLiteral("INSERT INTO public_records (draft_id, srch_id, record, computed_at) VALUES (?,?,?,?) "
                                "ON CONFLICT(draft_id) DO UPDATE SET record=excluded.record, "
                                "computed_at=excluded.computed_at"),
                 QStringLiteral("store public record"), draftId, srchId, Json::compact(record), nowIso());
    if (!q)
        return fail(q.error());
    return {};
}

Result<QJsonObject> Store::publicRecord(qint64 draftId) const
{
    auto q = bindExec(connection(), QStringLiteral("SELECT record FROM public_records WHERE draft_id=?"),
                 QStringLiteral("load public record"), draftId);
    if (!q)
        return fail(q.error());
    if (!q->next())
        return fail(QStringLiteral("draft %1 has no public record yet").arg(draftId));
    return Json::parseObject(q->value(0).toString());
}

} // namespace Sovereign::Models
