#pragma once

// Internal to the Store's implementation files (store.cpp, storedrafts.cpp, storeowner.cpp): binding
// values to SQL parameters and reading rows back into value types.

#include "store.h"

#include "models/types/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QVariant>

namespace Sovereign::Models::StoreRows {

inline QVariant nullable(const QString &s) { return s.isEmpty() ? QVariant() : QVariant(s); }
inline QVariant nullableId(qint64 id) { return id > 0 ? QVariant(id) : QVariant(); }
template<typename T>
inline QVariant nullableOpt(const std::optional<T> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant();
}
inline QString nowIso() { return toIso(QDateTime::currentDateTimeUtc()); }

// Qt binds a null QString as SQL NULL; the schema's text columns are NOT NULL, so text is bound
// as an empty string unless NULL is meant (then the caller passes QVariant()).
inline QVariant bindable(const QString &s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }
inline QVariant bindable(const QVariant &v) { return v; }
template<typename T>
inline QVariant bindable(const T &v)
{
    return QVariant::fromValue(v);
}

// Binds values in order and runs the statement.
template<typename... Args>
inline Result<QSqlQuery> bindExec(const QSqlDatabase &db, const QString &sql, const QString &what, const Args &...args)
{
    auto q = prepare(db, sql);
    if (!q)
        return fail(QStringLiteral("%1: %2").arg(what, q.error()));
    (q->addBindValue(bindable(args)), ...);
    if (auto ok = execPrepared(*q, what); !ok)
        return fail(ok.error());
    return std::move(*q);
}

inline constexpr auto RunColumns = "id, srch_id, question, source_ref, source_paper_id, source_title, source_text, "
                            "config, status, error, created_at, started_at, finished_at";

inline Run readRun(const QSqlQuery &q)
{
    Run r;
    r.id = q.value(0).toLongLong();
    r.srchId = q.value(1).toString();
    r.question = q.value(2).toString();
    r.sourceRef = q.value(3).toString();
    r.sourcePaperId = q.value(4).toLongLong();
    r.sourceTitle = q.value(5).toString();
    r.sourceText = q.value(6).toString();
    r.config = Json::parseObject(q.value(7).toString());
    r.status = runStatusFromString(q.value(8).toString()).value_or(RunStatus::Failed);
    r.error = q.value(9).toString();
    r.createdAt = fromIso(q.value(10).toString());
    r.startedAt = fromIso(q.value(11).toString());
    r.finishedAt = fromIso(q.value(12).toString());
    return r;
}

inline constexpr auto DraftColumns =
    "d.id, d.run_id, r.srch_id, d.title, d.question, d.state, d.current_round, d.score, d.verdict, d.policy, "
    "d.policy_reason, d.claims_extracted, d.claims_verified, d.papers_retrieved, d.quality_tier, "
    "d.published_at, d.created_at, d.updated_at";

inline Draft readDraft(const QSqlQuery &q)
{
    Draft d;
    d.id = q.value(0).toLongLong();
    d.runId = q.value(1).toLongLong();
    d.srchId = q.value(2).toString();
    d.title = q.value(3).toString();
    d.question = q.value(4).toString();
    d.state = draftStateFromString(q.value(5).toString()).value_or(DraftState::Failed);
    d.currentRound = q.value(6).toInt();
    if (!q.value(7).isNull())
        d.score = q.value(7).toDouble();
    d.verdict = verdictFromString(q.value(8).toString());
    d.policy = policyFromString(q.value(9).toString());
    d.policyReason = q.value(10).toString();
    d.claimsExtracted = q.value(11).toInt();
    d.claimsVerified = q.value(12).toInt();
    d.papersRetrieved = q.value(13).toInt();
    d.qualityTier = q.value(14).toString();
    d.publishedAt = fromIso(q.value(15).toString());
    d.createdAt = fromIso(q.value(16).toString());
    d.updatedAt = fromIso(q.value(17).toString());
    return d;
}

inline constexpr auto ClaimColumns =
    "id, draft_id, round, ordinal, text, original_text, verified, confidence, verified_override, "
    "override_reason, evidence_paper_id, evidence_passage, evidence_sentence, addresses_question, status, checks";

inline Claim readClaim(const QSqlQuery &q)
{
    Claim c;
    c.id = q.value(0).toLongLong();
    c.draftId = q.value(1).toLongLong();
    c.round = q.value(2).toInt();
    c.ordinal = q.value(3).toInt();
    c.text = q.value(4).toString();
    c.originalText = q.value(5).toString();
    c.verified = q.value(6).toInt() != 0;
    c.confidence = q.value(7).toDouble();
    if (!q.value(8).isNull())
        c.verifiedOverride = q.value(8).toInt() != 0;
    c.overrideReason = q.value(9).toString();
    c.evidencePaperId = q.value(10).toLongLong();
    c.evidencePassage = q.value(11).toString();
    c.evidenceSentence = q.value(12).toString();
    c.addressesQuestion = q.value(13).toInt() != 0;
    c.status = claimStatusFromString(q.value(14).toString()).value_or(ClaimStatus::Kept);
    c.checks = Json::parseObject(q.value(15).toString());
    return c;
}

inline QJsonArray issuesToJson(const QList<ReviewIssue> &issues)
{
    QJsonArray a;
    for (const ReviewIssue &i : issues)
        a.append(QJsonObject{{QStringLiteral("claim"), i.claimOrdinal},
                             {QStringLiteral("section"), i.section},
                             {QStringLiteral("severity"), i.severity},
                             {QStringLiteral("text"), i.text}});
    return a;
}

inline QList<ReviewIssue> issuesFromJson(const QJsonArray &a)
{
    QList<ReviewIssue> out;
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("claim")).toInt(), o.value(QStringLiteral("section")).toString(),
                    o.value(QStringLiteral("severity")).toString(), o.value(QStringLiteral("text")).toString()});
    }
    return out;
}

inline QJsonArray signalsToJson(const QList<ReviewSignal> &list)
{
    QJsonArray a;
    for (const ReviewSignal &s : list)
        a.append(QJsonObject{{QStringLiteral("name"), s.name},
                             {QStringLiteral("value"), s.value},
                             {QStringLiteral("deduction"), s.deduction},
                             {QStringLiteral("note"), s.note}});
    return a;
}

inline QList<ReviewSignal> signalsFromJson(const QJsonArray &a)
{
    QList<ReviewSignal> out;
    for (const QJsonValue &v : a) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("value")).toString(),
                    o.value(QStringLiteral("deduction")).toDouble(), o.value(QStringLiteral("note")).toString()});
    }
    return out;
}

} // namespace Sovereign::Models::StoreRows
