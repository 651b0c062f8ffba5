#pragma once

// The append-only ledger of owner decisions, claim edits, corrections and exports.
//
// Each entry stores a canonical JSON payload (sorted keys, no whitespace, UTF-8) holding its
// sequence number, kind, draft, entity and content. hash = SHA-256(prev_hash || payload) chains the
// entries; mac = HMAC-SHA-256(key, prev_mac || hash) chains them again with a key kept outside the
// file (LedgerKeyStore), so an editor of the file cannot recompute it. SQLite triggers refuse
// UPDATE and DELETE on the table. The head (seq + hash) is anchored outside the database: in
// QSettings after every append, and in every exported PDF and manifest, which lets verify() see a
// truncated tail.
//
// append() runs inside the caller's transaction (the same one that changes the row it records).
// verify() never throws: every disagreement is a LedgerProblem naming the entry or row.

#include "models/storage/database.h"
#include "ledgerkey.h"
#include "models/types/types.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace Sovereign::Models {

struct LedgerAnchor
{
    qint64 seq = 0;
    QString hash;
    QDateTime at;
    QString origin; // "settings", "file x.pdf" ...
    bool isValid() const { return seq > 0 && hash.size() == 64; }
    QJsonObject toJson() const;
    static LedgerAnchor fromJson(const QJsonObject &o, const QString &origin);
};

struct LedgerProblem
{
    qint64 seq = 0;    // the entry that does not match; 0 when the problem is a row without entry
    QString subject;   // "entry 5", "decision 3", "anchor"
    QString message;
};

struct LedgerReport
{
    qint64 entries = 0;
    LedgerAnchor head;
    bool macsChecked = false;
    QString keySource;
    QList<LedgerAnchor> anchorsChecked;
    QList<LedgerProblem> problems; // sorted: entry problems by seq, then rows without entries
    bool lostTail = false;         // an anchor names entries past the end (repairLostTail can record it)
    int gaps = 0;                  // recorded, signed losses (gap entries) that check out
    qint64 missingEntries = 0;     // entries those gaps declare lost

    bool ok() const { return problems.isEmpty(); }
    QString summary() const; // one line: "ok: 12 entries, head …" or the first problem
    QJsonObject toJson() const;
};

namespace LedgerKind {
inline const QString Decision = QStringLiteral("decision");
inline const QString ClaimEdit = QStringLiteral("claim_edit");
inline const QString Correction = QStringLiteral("correction");
inline const QString Export = QStringLiteral("export");
// Recorded by repairLostTail(): entries that an anchor proves existed are gone from the file.
inline const QString Gap = QStringLiteral("gap");
} // namespace LedgerKind

class Ledger final
{
public:
    struct Options
    {
        QString anchorSettingsFile; // empty: the application's QSettings
    };

    Ledger(std::shared_ptr<Database> db, LedgerKey key, Options options);
    Ledger(std::shared_ptr<Database> db, LedgerKey key) : Ledger(std::move(db), std::move(key), Options{}) {}

    // The usual way in: obtains the key (LedgerKeyStore) and builds the ledger; fails with the
    // key store's message.
    static Result<std::shared_ptr<Ledger>> open(std::shared_ptr<Database> db,
                                                const LedgerKeyStore::Options &keyOptions, const Options &options);
    static Result<std::shared_ptr<Ledger>> open(std::shared_ptr<Database> db)
    {
        return open(std::move(db), LedgerKeyStore::Options{}, Options{});
    }

    // Canonical content of the rows the ledger covers; append and verify use the same functions.
    static QJsonObject decisionContent(const Decision &d);
    // The publication snapshot: what was published, frozen in the approve/auto-approve entry.
    static QJsonObject publicationContent(const Draft &draft, const QList<Claim> &claims);
    static QJsonObject claimEditContent(const ClaimEdit &e, qint64 draftId);
    static QJsonObject correctionContent(const Correction &c);
    // The missing range a gap entry declares, from its payload; nullopt for other entries.
    struct Gap
    {
        qint64 from = 0;
        qint64 to = 0;
        QString anchoredHash;
        QString lastSurvivingHash;
    };
    static std::optional<Gap> gapOf(const LedgerEntry &e);

    // Appends in the caller's transaction on conn. Fails (and the caller rolls back) when the key
    // does not match the one the ledger was started with.
    Result<LedgerEntry> append(const QSqlDatabase &conn, const QString &kind, qint64 draftId, qint64 entityId,
                               const QJsonObject &content);

    Result<QList<LedgerEntry>> entries(qint64 draftId = 0) const; // 0: all
    Result<LedgerAnchor> head() const;

    // Call after the transaction that appended has committed: moves the settings anchor forward.
    void anchorHead();
    std::optional<LedgerAnchor> settingsAnchor() const;

    // Checks the chain, the MACs, the agreement with decisions/claim edits/corrections/published
    // claims, and each anchor (the settings anchor plus extra ones, e.g. read from a PDF).
    LedgerReport verify(const QList<LedgerAnchor> &extraAnchors = {}) const;

    // When an anchor (the settings anchor or one of extraAnchors) names entries past the end of the
    // ledger — its tail was lost, e.g. to a damaged file — and the owner accepts that loss, appends a
    // signed "gap" entry that names the missing range and continues the chain from the anchored
    // hash, so the ledger verifies again without rewriting what is left. Refuses when nothing is
    // missing or the anchors disagree. Runs in its own transaction and moves the settings anchor.
    Result<LedgerEntry> repairLostTail(const QString &actor, const QString &reason,
                                       const QList<LedgerAnchor> &extraAnchors = {});

    // Reads the anchor that exportPdf/exportManifest embedded (XMP in a PDF, JSON in a manifest).
    static Result<LedgerAnchor> readAnchorFromFile(const QString &path);

    const LedgerKey &key() const { return m_key; }
    const std::shared_ptr<Database> &database() const { return m_db; }

    static constexpr auto GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
    static QString computeHash(const QString &prevHash, const QByteArray &payload);
    QString computeMac(const QString &prevMac, const QString &hash) const;

private:
    Result<LedgerEntry> insertEntry(const QSqlDatabase &conn, LedgerEntry e, const QString &prevMac,
                                    const QJsonObject &content);
    QString anchorSettingsKey() const;
    void checkAgreement(const QList<LedgerEntry> &all, LedgerReport &report) const;

    std::shared_ptr<Database> m_db;
    LedgerKey m_key;
    Options m_options;
};

} // namespace Sovereign::Models
