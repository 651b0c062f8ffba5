// Store: the owner's decisions, claim edits and corrections.
#include "storerows.h"

namespace Sovereign::Models {

using namespace StoreRows;

// ---- owner actions ---------------------------------------------------------------------------

Result<qint64> Store::insertDecision(const QSqlDatabase &conn, Decision &d)
{
    if (d.actor.trimmed().isEmpty())
        return fail(QStringLiteral("a decision needs the name of who made it"));
    if (!d.decidedAt.isValid())
        d.decidedAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(conn,
                 QStringLiteral("INSERT INTO decisions (draft_id, action, actor, note, decided_at) VALUES (?,?,?,?,?)"),
                 QStringLiteral("store decision"), d.draftId, toText(d.action), d.actor, d.note, toIso(d.decidedAt));
    if (!q)
        return fail(q.error());
    d.id = q->lastInsertId().toLongLong();
    return d.id;
}

Result<QList<Decision>> Store::decisions(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, action, actor, note, decided_at FROM decisions WHERE draft_id=? "
                                "ORDER BY id"),
                 QStringLiteral("load decisions"), draftId);
    if (!q)
        return fail(q.error());
    QList<Decision> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toLongLong(),
                    decisionActionFromString(q->value(2).toString()).value_or(DecisionAction::Escalate),
                    q->value(3).toString(), q->value(4).toString(), fromIso(q->value(5).toString())});
    return out;
}

Result<qint64> Store::editClaim(const QSqlDatabase &conn, const ClaimEdit &edit, const Claim &c)
{
    auto pub = bindExec(conn, QStringLiteral("SELECT published_at IS NOT NULL FROM drafts WHERE id=?"),
                   QStringLiteral("edit claim"), c.draftId);
    if (!pub)
        return fail(pub.error());
    if (!pub->next())
        return fail(QStringLiteral("edit claim: no draft with id %1").arg(c.draftId));
    if (pub->value(0).toBool())
        return fail(QStringLiteral("the draft is published: claims change only through a correction record"));
    auto q = bindExec(conn,
                 QStringLiteral("UPDATE claims SET text=?, confidence=?, verified=?, verified_override=?, "
                                "override_reason=?, evidence_paper_id=?, evidence_passage=?, evidence_sentence=?, "
                                "addresses_question=?, checks=? WHERE id=?"),
                 QStringLiteral("edit claim"), c.text, qBound(0.0, c.confidence, 1.0), c.verified ? 1 : 0,
                 c.verifiedOverride ? QVariant(*c.verifiedOverride ? 1 : 0) : QVariant(), c.overrideReason,
                 nullableId(c.evidencePaperId), c.evidencePassage, c.evidenceSentence, c.addressesQuestion ? 1 : 0,
                 Json::compact(c.checks), c.id);
    if (!q)
        return fail(q.error());
    auto e = bindExec(conn,
                 QStringLiteral("INSERT INTO claim_edits (claim_id, field, old_value, new_value, reason, actor, "
                                "edited_at) VALUES (?,?,?,?,?,?,?)"),
                 QStringLiteral("record claim edit"), c.id, edit.field, edit.oldValue, edit.newValue, edit.reason,
                 edit.actor, toIso(edit.editedAt.isValid() ? edit.editedAt : QDateTime::currentDateTimeUtc()));
    if (!e)
        return fail(e.error());
    return e->lastInsertId().toLongLong();
}

Result<QList<ClaimEdit>> Store::claimEdits(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT e.id, e.claim_id, e.field, e.old_value, e.new_value, e.reason, e.actor, "
                                "e.edited_at FROM claim_edits e JOIN claims c ON c.id = e.claim_id "
                                "WHERE c.draft_id=? ORDER BY e.id"),
                 QStringLiteral("load claim edits"), draftId);
    if (!q)
        return fail(q.error());
    QList<ClaimEdit> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toLongLong(), q->value(2).toString(),
                    q->value(3).toString(), q->value(4).toString(), q->value(5).toString(), q->value(6).toString(),
                    fromIso(q->value(7).toString())});
    return out;
}

Result<qint64> Store::insertCorrection(const QSqlDatabase &conn, Correction &c)
{
    if (!c.correctedAt.isValid())
        c.correctedAt = QDateTime::currentDateTimeUtc();
    auto q = bindExec(conn,
                 QStringLiteral("INSERT INTO corrections (draft_id, event_id, correction_type, public_note, "
                                "affected_fields, claim_id, old_text, new_text, actor, corrected_at) "
                                "VALUES (?,?,?,?,?,?,?,?,?,?)"),
                 QStringLiteral("store correction"), c.draftId, c.eventId, toText(c.type), c.publicNote,
                 Json::compact(QJsonArray::fromStringList(c.affectedFields)), nullableId(c.claimId),
                 nullable(c.oldText), nullable(c.newText), c.actor, toIso(c.correctedAt));
    if (!q)
        return fail(q.error());
    c.id = q->lastInsertId().toLongLong();
    return c.id;
}

Result<QList<Correction>> Store::corrections(qint64 draftId) const
{
    auto q = bindExec(connection(),
                 QStringLiteral("SELECT id, draft_id, event_id, correction_type, public_note, affected_fields, "
                                "claim_id, old_text, new_text, actor, corrected_at FROM corrections "
                                "WHERE draft_id=? ORDER BY id"),
                 QStringLiteral("load corrections"), draftId);
    if (!q)
        return fail(q.error());
    QList<Correction> out;
    while (q->next()) {
        Correction c;
        c.id = q->value(0).toLongLong();
        c.draftId = q->value(1).toLongLong();
        c.eventId = q->value(2).toString();
        c.type = correctionTypeFromString(q->value(3).toString()).value_or(CorrectionType::Metadata);
        c.publicNote = q->value(4).toString();
        for (const QJsonValue &v : Json::parseArray(q->value(5).toString()))
            c.affectedFields.append(v.toString());
        c.claimId = q->value(6).toLongLong();
        c.oldText = q->value(7).toString();
        c.newText = q->value(8).toString();
        c.actor = q->value(9).toString();
        c.correctedAt = fromIso(q->value(10).toString());
        out.append(c);
    }
    return out;
}

} // namespace Sovereign::Models
