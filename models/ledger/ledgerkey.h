#pragma once

// The secret behind the ledger's HMAC chain. It must live outside the database file, so that someone
// who can edit the file cannot recompute the MACs. Where it comes from, in order:
//   1. SOVEREIGN_LEDGER_KEY (environment; tests and scripted CI): the key as 64 hex digits, or any
//      other text, which is then hashed to 32 bytes.
//   2. The desktop keychain (QtKeychain: Secret Service / KWallet) when the build has QtKeychain and
//      a session bus is present and SOVEREIGN_LEDGER_KEYSTORE is not "file".
//   3. A key file in the user's config directory (QStandardPaths::AppConfigLocation/ledger.key),
//      created with 0600 permissions. This is the headless fallback: it protects against someone
//      who only has the database, not against someone who has the user's whole home directory.
// A new random key is only created when none exists in the chosen place. Failure (unreadable key
// file, keychain error) is a readable message; no key is ever written to the database or to logs.

#include "models/storage/database.h"

#include <QByteArray>
#include <QString>

namespace Sovereign::Models {

struct LedgerKey
{
    QByteArray bytes;  // 32 random bytes
    QString source;    // "environment", "keychain", "key file /path"
    // Public fingerprint stored in the database so a mismatched key is named, not guessed.
    QString id() const;
};

class LedgerKeyStore final
{
public:
    struct Options
    {
        QString keyFilePath;        // empty: <AppConfigLocation>/ledger.key
        bool allowKeychain = true;  // false: never touch the keychain
        bool allowCreate = true;    // false: fail instead of creating a key
    };

    static Result<LedgerKey> obtain(const Options &options);
    static Result<LedgerKey> obtain() { return obtain(Options{}); }
    static QString defaultKeyFilePath();
    // How a key is chosen, in one line (for `sovereign ledger key` and the docs).
    static QString policySummary();
};

} // namespace Sovereign::Models
