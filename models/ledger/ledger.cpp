#include "ledger.h"

#include "models/types/json.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRegularExpression>
#include <QSettings>
#include <QVariant>

#include <algorithm>
#include <limits>

namespace Sovereign::Models {

namespace {

QJsonValue optionalBool(const std::optional<bool> &b) { return b ? QJsonValue(*b) : QJsonValue(QJsonValue::Null); }

QString describe(const LedgerEntry &e) { return QStringLiteral("entry %1 (%2)").arg(e.seq).arg(e.kind); }

// The newest entry's sequence number, hash and MAC; for an empty ledger seq 0 and the genesis value.
struct Head
{
    qint64 seq = 0;
    QString hash = QString::fromLatin1(Ledger::GenesisHash);
    QString mac = QString::fromLatin1(Ledger::GenesisHash);
};

Result<Head> readHead(const QSqlDatabase &conn)
{
    auto last = prepare(conn, QStringLiteral("SELECT seq, hash, mac FROM ledger ORDER BY seq DESC LIMIT 1"));
    if (!last)
        return fail(last.error());
    if (auto ok = execPrepared(*last, QStringLiteral("read ledger head")); !ok)
        return fail(ok.error());
    Head h;
    if (last->next()) {
        h.seq = last->value(0).toLongLong();
        h.hash = last->value(1).toString();
        h.mac = last->value(2).toString();
    }
    return h;
}

} // namespace

// ---- anchors and reports --------------------------------------------------------------------

QJsonObject LedgerAnchor::toJson() const
{
    return {{QStringLiteral("seq"), seq}, {QStringLiteral("hash"), hash}, {QStringLiteral("at"), toIso(at)}};
}

LedgerAnchor LedgerAnchor::fromJson(const QJsonObject &o, const QString &origin)
{
    return {o.value(QStringLiteral("seq")).toInteger(), o.value(QStringLiteral("hash")).toString(),
            fromIso(o.value(QStringLiteral("at")).toString()), origin};
}

QString LedgerReport::summary() const
{
    if (!ok())
        return QStringLiteral("FAILED at %1: %2").arg(problems.first().subject, problems.first().message);
    QString text = QStringLiteral("ok: %1 entries, head %2 %3, MACs %4")
                       .arg(entries)
                       .arg(head.seq)
                       .arg(head.hash.left(16), macsChecked ? QStringLiteral("checked") : QStringLiteral("not checked"));
    if (gaps > 0)
        text += QStringLiteral("; %1 recorded gap(s): %2 entries lost to damage and accepted by the owner")
                    .arg(gaps)
                    .arg(missingEntries);
    return text;
}

QJsonObject LedgerReport::toJson() const
{
    QJsonArray probs;
    for (const LedgerProblem &p : problems)
        probs.append(QJsonObject{{QStringLiteral("seq"), p.seq},
                                 {QStringLiteral("subject"), p.subject},
                                 {QStringLiteral("message"), p.message}});
    QJsonArray anchors;
    for (const LedgerAnchor &a : anchorsChecked) {
        QJsonObject o = a.toJson();
        o.insert(QStringLiteral("origin"), a.origin);
        anchors.append(o);
    }
    return {{QStringLiteral("ok"), ok()},
            {QStringLiteral("entries"), entries},
            {QStringLiteral("head"), head.toJson()},
            {QStringLiteral("macs_checked"), macsChecked},
            {QStringLiteral("key_source"), keySource},
            {QStringLiteral("anchors_checked"), anchors},
            {QStringLiteral("problems"), probs},
            {QStringLiteral("lost_tail"), lostTail},
            {QStringLiteral("recorded_gaps"), gaps},
            {QStringLiteral("entries_lost"), missingEntries},
            {QStringLiteral("first_problem"), ok() ? QJsonValue() : QJsonValue(summary())}};
}

// ---- content ----------------------------------------------------------------------------------

QJsonObject Ledger::decisionContent(const Decision &d)
{
    return {{QStringLiteral("decision_id"), d.id},       {QStringLiteral("draft_id"), d.draftId},
            {QStringLiteral("action"), toText(d.action)}, {QStringLiteral("actor"), d.actor},
            {QStringLiteral("note"), d.note},            {QStringLiteral("decided_at"), toIso(d.decidedAt)}};
}

QJsonObject Ledger::publicationContent(const Draft &draft, const QList<Claim> &claims)
{
    QJsonArray list;
    for (const Claim &c : claims)
        list.append(QJsonObject{{QStringLiteral("claim_id"), c.id},
                                {QStringLiteral("ordinal"), c.ordinal},
                                {QStringLiteral("round"), c.round},
                                {QStringLiteral("text"), c.text},
                                {QStringLiteral("verified"), c.verified},
                                {QStringLiteral("verified_override"), optionalBool(c.verifiedOverride)},
                                {QStringLiteral("confidence"), c.confidence}});
    return {{QStringLiteral("draft_id"), draft.id},
            {QStringLiteral("srch_id"), draft.srchId},
            {QStringLiteral("title"), draft.title},
            {QStringLiteral("published_at"), toIso(draft.publishedAt)},
            {QStringLiteral("claims"), list}};
}

QJsonObject Ledger::claimEditContent(const ClaimEdit &e, qint64 draftId)
{
    return {{QStringLiteral("edit_id"), e.id},       {QStringLiteral("claim_id"), e.claimId},
            {QStringLiteral("draft_id"), draftId},   {QStringLiteral("field"), e.field},
            {QStringLiteral("old_value"), e.oldValue}, {QStringLiteral("new_value"), e.newValue},
            {QStringLiteral("reason"), e.reason},    {QStringLiteral("actor"), e.actor},
            {QStringLiteral("edited_at"), toIso(e.editedAt)}};
}

QJsonObject Ledger::correctionContent(const Correction &c)
{
    return {{QStringLiteral("correction_id"), c.id},
            {QStringLiteral("event_id"), c.eventId},
            {QStringLiteral("draft_id"), c.draftId},
            {QStringLiteral("correction_type"), toText(c.type)},
            {QStringLiteral("public_note"), c.publicNote},
            {QStringLiteral("affected_fields"), QJsonArray::fromStringList(c.affectedFields)},
            {QStringLiteral("claim_id"), c.claimId},
            {QStringLiteral("old_text"), c.oldText},
            {QStringLiteral("new_text"), c.newText},
            {QStringLiteral("actor"), c.actor},
            {QStringLiteral("corrected_at"), toIso(c.correctedAt)}};
}

// ---- chain ------------------------------------------------------------------------------------

Ledger::Ledger(std::shared_ptr<Database> db, LedgerKey key, Options options)
    : m_db(std::move(db)), m_key(std::move(key)), m_options(std::move(options))
{
}

Result<std::shared_ptr<Ledger>> Ledger::open(std::shared_ptr<Database> db, const LedgerKeyStore::Options &keyOptions,
                                             const Options &options)
{
    auto key = LedgerKeyStore::obtain(keyOptions);
    if (!key)
        return fail(key.error());
    return std::make_shared<Ledger>(std::move(db), std::move(*key), options);
}

QString Ledger::computeHash(const QString &prevHash, const QByteArray &payload)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash.toLatin1());
    h.addData(payload);
    return QString::fromLatin1(h.result().toHex());
}

QString Ledger::computeMac(const QString &prevMac, const QString &hash) const
{
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(QByteArray(prevMac.toLatin1() + hash.toLatin1()), m_key.bytes, QCryptographicHash::Sha256)
            .toHex());
}

Result<LedgerEntry> Ledger::append(const QSqlDatabase &conn, const QString &kind, qint64 draftId, qint64 entityId,
                                   const QJsonObject &content)
{
    if (m_key.bytes.size() != 32)
        return fail(QStringLiteral("the ledger has no HMAC key"));
    // The key the ledger started with is recorded by fingerprint; writing with another key would
    // break every MAC after this point.
    auto keyId = prepare(conn, QStringLiteral("SELECT value FROM meta WHERE key='ledger_key_id'"));
    if (!keyId)
        return fail(keyId.error());
    if (auto ok = execPrepared(*keyId, QStringLiteral("read ledger key id")); !ok)
        return fail(ok.error());
    if (keyId->next()) {
        if (keyId->value(0).toString() != m_key.id())
            return fail(QStringLiteral("the ledger was written with another HMAC key (id %1); the key available "
                                       "here (%2, id %3) cannot extend it")
                            .arg(keyId->value(0).toString(), m_key.source, m_key.id()));
    } else {
        auto ins = prepare(conn, QStringLiteral("INSERT INTO meta(key, value) VALUES ('ledger_key_id', ?)"));
        if (!ins)
            return fail(ins.error());
        ins->addBindValue(m_key.id());
        if (auto ok = execPrepared(*ins, QStringLiteral("record ledger key id")); !ok)
            return fail(ok.error());
    }

    auto head = readHead(conn);
    if (!head)
        return fail(head.error());
    LedgerEntry e;
    e.seq = head->seq + 1;
    e.prevHash = head->hash;
    e.kind = kind;
    e.draftId = draftId;
    e.entityId = entityId;
    return insertEntry(conn, e, head->mac, content);
}

Result<LedgerEntry> Ledger::insertEntry(const QSqlDatabase &conn, LedgerEntry e, const QString &prevMac,
                                        const QJsonObject &content)
{
    e.createdAt = QDateTime::currentDateTimeUtc();
    e.payload = Json::canonical({{QStringLiteral("seq"), e.seq},
                                 {QStringLiteral("kind"), e.kind},
                                 {QStringLiteral("draft_id"), e.draftId},
                                 {QStringLiteral("entity_id"), e.entityId},
                                 {QStringLiteral("created_at"), toIso(e.createdAt)},
                                 {QStringLiteral("content"), content}});
    e.hash = computeHash(e.prevHash, e.payload);
    e.mac = computeMac(prevMac, e.hash);
    auto ins = prepare(conn, QStringLiteral("INSERT INTO ledger (seq, kind, draft_id, entity_id, payload, prev_hash, "
                                            "hash, mac, created_at) VALUES (?,?,?,?,?,?,?,?,?)"));
    if (!ins)
        return fail(ins.error());
    for (const QVariant &v : {QVariant(e.seq), QVariant(e.kind), e.draftId > 0 ? QVariant(e.draftId) : QVariant(),
                              e.entityId > 0 ? QVariant(e.entityId) : QVariant(), QVariant(QString::fromUtf8(e.payload)),
                              QVariant(e.prevHash), QVariant(e.hash), QVariant(e.mac), QVariant(toIso(e.createdAt))})
        ins->addBindValue(v);
    if (auto ok = execPrepared(*ins, QStringLiteral("append ledger entry")); !ok)
        return fail(ok.error());
    return e;
}

std::optional<Ledger::Gap> Ledger::gapOf(const LedgerEntry &e)
{
    if (e.kind != LedgerKind::Gap)
        return std::nullopt;
    const QJsonObject c = QJsonDocument::fromJson(e.payload).object().value(QStringLiteral("content")).toObject();
    Gap g{c.value(QStringLiteral("missing_from")).toInteger(), c.value(QStringLiteral("missing_to")).toInteger(),
          c.value(QStringLiteral("anchored_hash")).toString(), c.value(QStringLiteral("last_surviving_hash")).toString()};
    if (g.from < 1 || g.to < g.from || g.anchoredHash.size() != 64)
        return std::nullopt;
    return g;
}

Result<LedgerEntry> Ledger::repairLostTail(const QString &actor, const QString &reason,
                                           const QList<LedgerAnchor> &extraAnchors)
{
    if (m_key.bytes.size() != 32)
        return fail(QStringLiteral("the ledger has no HMAC key"));
    QList<LedgerAnchor> anchors = extraAnchors;
    if (auto s = settingsAnchor())
        anchors.prepend(*s);
    const QSqlDatabase conn = m_db->connection();
    Transaction tx(conn);
    if (!tx.isActive())
        return fail(QStringLiteral("cannot start the repair: %1").arg(tx.error()));
    auto head = readHead(conn);
    if (!head)
        return fail(head.error());
    const qint64 lastSeq = head->seq;
    const QString lastHash = head->hash;
    const QString lastMac = head->mac;
    std::optional<LedgerAnchor> furthest;
    for (const LedgerAnchor &a : std::as_const(anchors)) {
        if (!a.isValid() || a.seq <= lastSeq)
            continue;
        if (furthest && furthest->seq == a.seq && furthest->hash != a.hash)
            return fail(QStringLiteral("the anchors in %1 and %2 name different hashes for entry %3; nothing was "
                                       "recorded")
                            .arg(furthest->origin, a.origin)
                            .arg(a.seq));
        if (!furthest || a.seq > furthest->seq)
            furthest = a;
    }
    if (!furthest)
        return fail(QStringLiteral("no anchor names an entry past the end of the ledger (entry %1): nothing is "
                                   "missing from its tail, so there is no loss to record")
                        .arg(lastSeq));
    LedgerEntry e;
    e.seq = furthest->seq + 1;
    e.kind = LedgerKind::Gap;
    e.prevHash = furthest->hash; // the chain goes on from the hash the anchor proves existed
    const QJsonObject content{{QStringLiteral("missing_from"), lastSeq + 1},
                              {QStringLiteral("missing_to"), furthest->seq},
                              {QStringLiteral("anchored_hash"), furthest->hash},
                              {QStringLiteral("anchor_origin"), furthest->origin},
                              {QStringLiteral("anchored_at"), toIso(furthest->at)},
                              {QStringLiteral("last_surviving_seq"), lastSeq},
                              {QStringLiteral("last_surviving_hash"), lastHash},
                              {QStringLiteral("actor"), actor},
                              {QStringLiteral("reason"), reason}};
    auto entry = insertEntry(conn, e, lastMac, content);
    if (!entry)
        return fail(entry.error());
    if (auto ok = tx.commit(); !ok)
        return fail(ok.error());
    anchorHead();
    return entry;
}

Result<QList<LedgerEntry>> Ledger::entries(qint64 draftId) const
{
    const QString sql = QStringLiteral("SELECT seq, kind, draft_id, entity_id, payload, prev_hash, hash, mac, "
                                       "created_at FROM ledger %1 ORDER BY seq")
                            .arg(draftId > 0 ? QStringLiteral("WHERE draft_id = ?") : QString());
    auto q = prepare(m_db->connection(), sql);
    if (!q)
        return fail(q.error());
    if (draftId > 0)
        q->addBindValue(draftId);
    if (auto ok = execPrepared(*q, QStringLiteral("load ledger")); !ok)
        return fail(ok.error());
    QList<LedgerEntry> out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toLongLong(),
                    q->value(3).toLongLong(), q->value(4).toString().toUtf8(), q->value(5).toString(),
                    q->value(6).toString(), q->value(7).toString(), fromIso(q->value(8).toString())});
    return out;
}

Result<LedgerAnchor> Ledger::head() const
{
    auto q = prepare(m_db->connection(), QStringLiteral("SELECT seq, hash, created_at FROM ledger ORDER BY seq DESC LIMIT 1"));
    if (!q)
        return fail(q.error());
    if (auto ok = execPrepared(*q, QStringLiteral("read ledger head")); !ok)
        return fail(ok.error());
    if (!q->next())
        return LedgerAnchor{0, QString::fromLatin1(GenesisHash), {}, QStringLiteral("database")};
    return LedgerAnchor{q->value(0).toLongLong(), q->value(1).toString(), fromIso(q->value(2).toString()),
                        QStringLiteral("database")};
}

// ---- anchors ----------------------------------------------------------------------------------

QString Ledger::anchorSettingsKey() const
{
    const QString canonical = QFileInfo(m_db->path()).canonicalFilePath();
    const QByteArray id =
        QCryptographicHash::hash((canonical.isEmpty() ? m_db->path() : canonical).toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    return QStringLiteral("ledger-anchors/") + QString::fromLatin1(id);
}

void Ledger::anchorHead()
{
    auto h = head();
    if (!h || h->seq == 0)
        return;
    const auto previous = settingsAnchor();
    if (previous && previous->seq >= h->seq)
        return;
    std::unique_ptr<QSettings> s = m_options.anchorSettingsFile.isEmpty()
                                       ? std::make_unique<QSettings>()
                                       : std::make_unique<QSettings>(m_options.anchorSettingsFile, QSettings::IniFormat);
    QJsonObject o = h->toJson();
    o.insert(QStringLiteral("database"), m_db->path());
    s->setValue(anchorSettingsKey(), Json::compact(o));
    s->sync();
}

std::optional<LedgerAnchor> Ledger::settingsAnchor() const
{
    std::unique_ptr<QSettings> s = m_options.anchorSettingsFile.isEmpty()
                                       ? std::make_unique<QSettings>()
                                       : std::make_unique<QSettings>(m_options.anchorSettingsFile, QSettings::IniFormat);
    const QString text = s->value(anchorSettingsKey()).toString();
    if (text.isEmpty())
        return std::nullopt;
    LedgerAnchor a = LedgerAnchor::fromJson(Json::parseObject(text), QStringLiteral("settings"));
    if (!a.isValid())
        return std::nullopt;
    return a;
}

Result<LedgerAnchor> Ledger::readAnchorFromFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    const QByteArray bytes = f.readAll();
    const QString origin = QStringLiteral("file %1").arg(QFileInfo(path).fileName());
    if (bytes.startsWith("%PDF")) {
        // The XMP packet is written uncompressed by QPdfWriter.
        static const QRegularExpression seqRe(QStringLiteral("<sovereign:ledgerSeq>(\\d+)</sovereign:ledgerSeq>"));
        static const QRegularExpression hashRe(QStringLiteral("<sovereign:ledgerHead>([0-9a-f]{64})</sovereign:ledgerHead>"));
        const QString text = QString::fromLatin1(bytes);
        const auto s = seqRe.match(text);
        const auto h = hashRe.match(text);
        if (!s.hasMatch() || !h.hasMatch())
            return fail(QStringLiteral("%1 carries no ledger anchor").arg(path));
        return LedgerAnchor{s.captured(1).toLongLong(), h.captured(1), {}, origin};
    }
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return fail(QStringLiteral("%1 is neither a PDF nor a JSON manifest").arg(path));
    // The anchor sits in "ledger_anchor", at the top or one level down (manifest bundles).
    QJsonObject root = doc.object();
    QJsonObject anchor = root.value(QStringLiteral("ledger_anchor")).toObject();
    for (auto it = root.constBegin(); anchor.isEmpty() && it != root.constEnd(); ++it)
        anchor = it.value().toObject().value(QStringLiteral("ledger_anchor")).toObject();
    LedgerAnchor a = LedgerAnchor::fromJson(anchor, origin);
    if (!a.isValid())
        return fail(QStringLiteral("%1 carries no ledger anchor").arg(path));
    return a;
}

// ---- verification ----------------------------------------------------------------------------

LedgerReport Ledger::verify(const QList<LedgerAnchor> &extraAnchors) const
{
    LedgerReport report;
    report.keySource = m_key.source;
    auto all = entries();
    if (!all) {
        report.problems.append({0, QStringLiteral("ledger"), all.error()});
        return report;
    }
    report.entries = all->size();
    if (auto h = head())
        report.head = *h;

    // Which key wrote this ledger?
    bool macsUsable = m_key.bytes.size() == 32;
    {
        auto q = prepare(m_db->connection(), QStringLiteral("SELECT value FROM meta WHERE key='ledger_key_id'"));
        if (q && execPrepared(*q, QStringLiteral("read ledger key id")) && q->next() &&
            q->value(0).toString() != m_key.id()) {
            macsUsable = false;
            report.problems.append(
                {0, QStringLiteral("key"),
                 QStringLiteral("the ledger was written with HMAC key id %1, but the key available here (%2) has "
                                "id %3: the MACs cannot be checked")
                     .arg(q->value(0).toString(), m_key.source, m_key.id())});
        }
    }
    report.macsChecked = macsUsable;

    QString prevHash = QString::fromLatin1(GenesisHash);
    QString prevMac = QString::fromLatin1(GenesisHash);
    qint64 expectedSeq = 1;
    QList<Gap> gaps;
    for (const LedgerEntry &e : std::as_const(*all)) {
        auto problem = [&](const QString &msg) { report.problems.append({e.seq, describe(e), msg}); };
        const std::optional<Gap> gap = gapOf(e);
        if (gap) {
            // A recorded loss: consistent only when it names exactly the entries that are missing
            // and continues from the hash that was anchored for the last of them.
            if (gap->from != expectedSeq || gap->to != e.seq - 1 || gap->lastSurvivingHash != prevHash)
                problem(QStringLiteral("the recorded gap (entries %1 to %2) does not match the entries around it")
                            .arg(gap->from)
                            .arg(gap->to));
            else if (e.prevHash != gap->anchoredHash)
                problem(QStringLiteral("the recorded gap does not continue from the hash it names"));
            else {
                ++report.gaps;
                report.missingEntries += gap->to - gap->from + 1;
                gaps.append(*gap);
            }
            prevHash = e.prevHash;
        } else if (e.seq != expectedSeq) {
            problem(QStringLiteral("entries %1 to %2 are missing (deleted)").arg(expectedSeq).arg(e.seq - 1));
        }
        expectedSeq = e.seq + 1;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(e.payload, &err);
        const QJsonObject p = doc.object();
        if (err.error != QJsonParseError::NoError || !doc.isObject()) {
            problem(QStringLiteral("the payload is not valid JSON"));
        } else if (Json::canonical(p) != e.payload) {
            problem(QStringLiteral("the payload is not in canonical form (edited by hand?)"));
        } else if (p.value(QStringLiteral("seq")).toInteger() != e.seq ||
                   p.value(QStringLiteral("kind")).toString() != e.kind ||
                   p.value(QStringLiteral("draft_id")).toInteger() != e.draftId ||
                   p.value(QStringLiteral("entity_id")).toInteger() != e.entityId ||
                   p.value(QStringLiteral("created_at")).toString() != toIso(e.createdAt)) {
            problem(QStringLiteral("the row's columns (seq, kind, draft, entity or time) disagree with its payload "
                                   "(moved or reordered entry)"));
        }
        if (e.prevHash != prevHash)
            problem(QStringLiteral("prev_hash does not match the hash of the entry before it (reordered, inserted "
                                   "or deleted entry)"));
        if (computeHash(e.prevHash, e.payload) != e.hash)
            problem(QStringLiteral("the hash does not match the payload (edited entry)"));
        if (macsUsable && computeMac(prevMac, e.hash) != e.mac)
            problem(QStringLiteral("the HMAC does not match (entry forged or chain recomputed without the key)"));
        prevHash = e.hash;
        prevMac = e.mac;
    }

    QList<LedgerAnchor> anchors = extraAnchors;
    if (auto s = settingsAnchor())
        anchors.prepend(*s);
    for (const LedgerAnchor &a : std::as_const(anchors)) {
        report.anchorsChecked.append(a);
        const qint64 lastSeq = all->isEmpty() ? 0 : all->constLast().seq;
        if (a.seq > lastSeq) {
            const QString missing = a.seq == lastSeq + 1 ? QStringLiteral("entry %1 is").arg(a.seq)
                                                          : QStringLiteral("entries %1 to %2 are").arg(lastSeq + 1).arg(a.seq);
            report.problems.append(
                {a.seq, QStringLiteral("entry %1").arg(a.seq),
                 QStringLiteral("%1 missing: the ledger ends at entry %2, but the anchor in %3 (written %4) names "
                                "entry %5 (hash %6), so its tail was cut off. Restore the file from a backup if "
                                "you have one; otherwise `sovereign ledger repair --accept-loss` records the loss "
                                "as a signed gap entry")
                     .arg(missing)
                     .arg(lastSeq)
                     .arg(a.origin, a.at.isValid() ? toIso(a.at) : QStringLiteral("at an unknown time"))
                     .arg(a.seq)
                     .arg(a.hash.left(16))});
            report.lostTail = true;
            continue;
        }
        for (const Gap &g : std::as_const(gaps))
            if (a.seq == g.to && a.hash != g.anchoredHash)
                report.problems.append({a.seq, QStringLiteral("anchor"),
                                        QStringLiteral("the anchor in %1 names hash %2 for entry %3, but the recorded "
                                                       "gap continues from %4")
                                            .arg(a.origin, a.hash.left(16))
                                            .arg(a.seq)
                                            .arg(g.anchoredHash.left(16))});
        const auto it = std::find_if(all->cbegin(), all->cend(), [&](const LedgerEntry &e) { return e.seq == a.seq; });
        if (it != all->cend() && it->hash != a.hash)
            report.problems.append({a.seq, describe(*it),
                                    QStringLiteral("its hash %1 differs from the one anchored in %2 (%3)")
                                        .arg(it->hash.left(16), a.origin, a.hash.left(16))});
    }

    checkAgreement(*all, report);
    std::stable_sort(report.problems.begin(), report.problems.end(), [](const LedgerProblem &a, const LedgerProblem &b) {
        const qint64 ka = a.seq > 0 ? a.seq : std::numeric_limits<qint64>::max();
        const qint64 kb = b.seq > 0 ? b.seq : std::numeric_limits<qint64>::max();
        return ka < kb;
    });
    return report;
}

} // namespace Sovereign::Models
