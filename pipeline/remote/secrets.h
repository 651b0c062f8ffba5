#pragma once

// The API key of the hosted services. Looked up in this order: the environment (SOVEREIGN_API_KEY,
// then NVIDIA_API_KEY), then the desktop keychain through QtKeychain (Secret Service / KWallet).
// Headless machines and CI have no Secret Service, so the environment comes first, and
// SOVEREIGN_NO_KEYCHAIN=1 skips the keychain entirely. The key is only ever placed in an
// Authorization header; Redactor removes it from any text before that text is logged or stored.

#include "models/storage/database.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace Sovereign::Pipeline {

struct ApiKey
{
    QString value;
    QString source; // "SOVEREIGN_API_KEY", "NVIDIA_API_KEY", "keychain", or empty when none
    QString note;   // why the keychain gave nothing (readable), if it was asked

    bool isEmpty() const { return value.isEmpty(); }
};

// Whether the desktop keychain answers at all (`sovereign doctor`). Never carries the key.
struct KeychainState
{
    bool available = false; // the keychain answered (with the key or with "no such entry")
    bool hasApiKey = false; // it holds the API key
    QString note;           // why it is not available, readable
};

class Secrets final
{
public:
    static constexpr auto Service = "sovereign-workbench";
    static constexpr auto KeyName = "api-key";

    // Blocks (with a local event loop, up to timeoutMs) on the keychain: call it from a worker
    // thread or the CLI, not from the GUI thread.
    static ApiKey lookup(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(), int timeoutMs = 5000);
    static Models::Status store(const QString &key, int timeoutMs = 5000);
    static Models::Status remove(int timeoutMs = 5000);
    // Asks the keychain for the API key's entry, ignoring SOVEREIGN_API_KEY / NVIDIA_API_KEY, and
    // says whether it answered. SOVEREIGN_NO_KEYCHAIN=1 counts as not available. Blocks like lookup().
    static KeychainState keychainState(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                                       int timeoutMs = 5000);

    // Hosted services that refuse anonymous requests; local servers (vLLM, llama.cpp, Ollama) do not.
    static bool hostNeedsKey(const QUrl &url);
    static QString missingKeyMessage(const QUrl &url, const QString &note);
};

// Replaces every occurrence of the secrets it knows with "<redacted>".
class Redactor final
{
public:
    explicit Redactor(QString secret = {}) { add(std::move(secret)); }
    void add(QString secret);
    QString apply(QString text) const;
    QByteArray apply(QByteArray bytes) const;

private:
    QStringList m_secrets;
};

} // namespace Sovereign::Pipeline
