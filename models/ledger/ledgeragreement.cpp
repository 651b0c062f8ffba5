// Ledger::checkAgreement: does the current state of decisions, claim edits, corrections, published
// drafts and their claims still say what the ledger recorded? Each row the ledger covers must have
// exactly one entry with the same content, and a published claim must still read as published
// (after publication a claim changes only through a correction, which never touches the row).
#include "ledger.h"

#include "models/types/json.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

namespace Sovereign::Models {

namespace {

struct Recorded
{
    qint64 seq = 0;
    QJsonObject content;
};

QString differing(const QJsonObject &recorded, const QJsonObject &current)
{
    QStringList keys = recorded.keys();
    for (const QString &k : current.keys())
        if (!keys.contains(k))
            keys.append(k);
    QStringList out;
    for (const QString &k : std::as_const(keys))
        if (recorded.value(k) != current.value(k))
            out.append(k);
    return out.join(QStringLiteral(", "));
}

template<typename Fn>
bool forEachRow(const QSqlDatabase &db, const QString &sql, LedgerReport &report, Fn &&fn)
{
    auto q = prepare(db, sql);
    if (!q || !execPrepared(*q, QStringLiteral("ledger agreement"))) {
        report.problems.append({0, QStringLiteral("database"),
                                QStringLiteral("cannot read the state to compare: %1")
                                    .arg(q ? queryError(*q) : q.error())});
        return false;
    }
    while (q->next())
        fn(*q);
    return true;
}

// The claims a publication entry recorded against the claims stored now: a published claim changes
// only through a correction, which never edits the row.
void checkPublishedClaims(const QSqlDatabase &db, const Recorded &p, qint64 draftId, const QString &subject,
                          LedgerReport &report)
{
    for (const QJsonValue &v : p.content.value(QStringLiteral("claims")).toArray()) {
        const QJsonObject pc = v.toObject();
        const qint64 claimId = pc.value(QStringLiteral("claim_id")).toInteger();
        auto q = prepare(db, QStringLiteral("SELECT text, verified, verified_override, confidence, draft_id "
                                            "FROM claims WHERE id=?"));
        if (!q)
            continue;
        q->addBindValue(claimId);
        if (!execPrepared(*q, QStringLiteral("load claim")))
            continue;
        if (!q->next()) {
            report.problems.append({p.seq, subject,
                                    QStringLiteral("published claim %1 (ordinal %2) was deleted")
                                        .arg(claimId)
                                        .arg(pc.value(QStringLiteral("ordinal")).toInt())});
            continue;
        }
        QJsonObject now = pc;
        now.insert(QStringLiteral("text"), q->value(0).toString());
        now.insert(QStringLiteral("verified"), q->value(1).toInt() != 0);
        now.insert(QStringLiteral("verified_override"),
                   q->value(2).isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(q->value(2).toInt() != 0));
        now.insert(QStringLiteral("confidence"), q->value(3).toDouble());
        if (now != pc || q->value(4).toLongLong() != draftId)
            report.problems.append(
                {p.seq, subject,
                 QStringLiteral("published claim %1 (ordinal %2 of draft %3) was changed in place (%4) with no "
                                "correction behind it; corrections are additive and never edit the claim")
                     .arg(claimId)
                     .arg(pc.value(QStringLiteral("ordinal")).toInt())
                     .arg(draftId)
                     .arg(differing(pc, now))});
    }
}

} // namespace

void Ledger::checkAgreement(const QList<LedgerEntry> &all, LedgerReport &report) const
{
    const QSqlDatabase db = m_db->connection();
    QHash<QString, QHash<qint64, Recorded>> byKind; // kind -> entity id -> entry
    QList<Recorded> publications;
    for (const LedgerEntry &e : all) {
        const QJsonObject content = QJsonDocument::fromJson(e.payload).object().value(QStringLiteral("content")).toObject();
        if (e.kind == LedgerKind::Export || e.kind == LedgerKind::Gap)
            continue;
        auto &map = byKind[e.kind];
        if (map.contains(e.entityId))
            report.problems.append({e.seq, QStringLiteral("entry %1 (%2)").arg(e.seq).arg(e.kind),
                                    QStringLiteral("records %1 %2 a second time (first in entry %3)")
                                        .arg(e.kind)
                                        .arg(e.entityId)
                                        .arg(map.value(e.entityId).seq)});
        else
            map.insert(e.entityId, {e.seq, content});
        if (content.contains(QStringLiteral("publication")))
            publications.append({e.seq, content.value(QStringLiteral("publication")).toObject()});
    }

    // Compares one table's rows with their entries, then reports entries whose row is gone.
    auto compareRows = [&](const QString &kind, const QString &label, const QHash<qint64, QJsonObject> &rows) {
        QHash<qint64, Recorded> entries = byKind.value(kind);
        for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
            const auto found = entries.constFind(it.key());
            if (found == entries.cend()) {
                report.problems.append({0, QStringLiteral("%1 %2").arg(label).arg(it.key()),
                                        QStringLiteral("%1 %2 of draft %3 has no ledger entry (inserted behind the "
                                                       "ledger's back, or its entry was cut off)")
                                            .arg(label)
                                            .arg(it.key())
                                            .arg(it.value().value(QStringLiteral("draft_id")).toInteger())});
                continue;
            }
            QJsonObject recorded = found->content;
            recorded.remove(QStringLiteral("publication"));
            if (recorded != it.value())
                report.problems.append({found->seq, QStringLiteral("entry %1 (%2)").arg(found->seq).arg(kind),
                                        QStringLiteral("%1 %2 in the database differs from what the entry recorded: %3")
                                            .arg(label)
                                            .arg(it.key())
                                            .arg(differing(recorded, it.value()))});
            entries.remove(it.key());
        }
        for (auto it = entries.cbegin(); it != entries.cend(); ++it)
            report.problems.append({it->seq, QStringLiteral("entry %1 (%2)").arg(it->seq).arg(kind),
                                    QStringLiteral("%1 %2 recorded here no longer exists in the database (deleted row)")
                                        .arg(label)
                                        .arg(it.key())});
    };

    QHash<qint64, QJsonObject> decisions;
    forEachRow(db, QStringLiteral("SELECT id, draft_id, action, actor, note, decided_at FROM decisions"), report,
               [&](const QSqlQuery &q) {
                   Decision d{q.value(0).toLongLong(), q.value(1).toLongLong(),
                              decisionActionFromString(q.value(2).toString()).value_or(DecisionAction::Escalate),
                              q.value(3).toString(), q.value(4).toString(), fromIso(q.value(5).toString())};
                   QJsonObject c = decisionContent(d);
                   // An unknown action must not compare equal to "escalate".
                   c.insert(QStringLiteral("action"), q.value(2).toString());
                   decisions.insert(d.id, c);
               });
    compareRows(LedgerKind::Decision, QStringLiteral("decision"), decisions);

    QHash<qint64, QJsonObject> edits;
    forEachRow(db,
               QStringLiteral("SELECT e.id, e.claim_id, e.field, e.old_value, e.new_value, e.reason, e.actor, "
                              "e.edited_at, c.draft_id FROM claim_edits e LEFT JOIN claims c ON c.id = e.claim_id"),
               report, [&](const QSqlQuery &q) {
                   ClaimEdit e{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                               q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                               q.value(6).toString(), fromIso(q.value(7).toString())};
                   edits.insert(e.id, claimEditContent(e, q.value(8).toLongLong()));
               });
    compareRows(LedgerKind::ClaimEdit, QStringLiteral("claim edit"), edits);

    QHash<qint64, QJsonObject> corrections;
    forEachRow(db,
               QStringLiteral("SELECT id, draft_id, event_id, correction_type, public_note, affected_fields, claim_id, "
                              "old_text, new_text, actor, corrected_at FROM corrections"),
               report, [&](const QSqlQuery &q) {
                   Correction c;
                   c.id = q.value(0).toLongLong();
                   c.draftId = q.value(1).toLongLong();
                   c.eventId = q.value(2).toString();
                   for (const QJsonValue &v : Json::parseArray(q.value(5).toString()))
                       c.affectedFields.append(v.toString());
                   c.publicNote = q.value(4).toString();
                   c.claimId = q.value(6).toLongLong();
                   c.oldText = q.value(7).toString();
                   c.newText = q.value(8).toString();
                   c.actor = q.value(9).toString();
                   c.correctedAt = fromIso(q.value(10).toString());
                   QJsonObject content = correctionContent(c);
                   content.insert(QStringLiteral("correction_type"), q.value(3).toString());
                   corrections.insert(c.id, content);
               });
    compareRows(LedgerKind::Correction, QStringLiteral("correction"), corrections);

    // Published drafts and their claims.
    struct DraftRow
    {
        QString title;
        QString publishedAt;
    };
    QHash<qint64, DraftRow> drafts;
    forEachRow(db, QStringLiteral("SELECT id, title, published_at FROM drafts"), report, [&](const QSqlQuery &q) {
        drafts.insert(q.value(0).toLongLong(), {q.value(1).toString(), q.value(2).toString()});
    });
    QHash<qint64, qint64> publishedBy; // draft -> entry seq
    for (const Recorded &p : std::as_const(publications)) {
        const qint64 draftId = p.content.value(QStringLiteral("draft_id")).toInteger();
        const QString subject = QStringLiteral("entry %1 (decision)").arg(p.seq);
        publishedBy.insert(draftId, p.seq);
        const auto d = drafts.constFind(draftId);
        if (d == drafts.cend()) {
            report.problems.append({p.seq, subject, QStringLiteral("published draft %1 no longer exists").arg(draftId)});
            continue;
        }
        if (d->publishedAt != p.content.value(QStringLiteral("published_at")).toString())
            report.problems.append({p.seq, subject,
                                    QStringLiteral("draft %1's publication time was changed (%2, recorded %3)")
                                        .arg(draftId)
                                        .arg(d->publishedAt, p.content.value(QStringLiteral("published_at")).toString())});
        if (d->title != p.content.value(QStringLiteral("title")).toString())
            report.problems.append({p.seq, subject,
                                    QStringLiteral("draft %1's published title was changed in place; a change after "
                                                   "publication must be a METADATA correction")
                                        .arg(draftId)});
        checkPublishedClaims(db, p, draftId, subject, report);
    }
    for (auto it = drafts.cbegin(); it != drafts.cend(); ++it)
        if (!it->publishedAt.isEmpty() && !publishedBy.contains(it.key()))
            report.problems.append({0, QStringLiteral("draft %1").arg(it.key()),
                                    QStringLiteral("draft %1 is marked published (%2) but no ledger entry publishes it")
                                        .arg(it.key())
                                        .arg(it->publishedAt)});
}

} // namespace Sovereign::Models
