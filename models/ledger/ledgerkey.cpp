#include "ledgerkey.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QStandardPaths>

#ifdef SOVEREIGN_HAVE_QTKEYCHAIN
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>
#endif

namespace Sovereign::Models {

namespace {

constexpr auto KeychainService = "sovereign-workbench";
constexpr auto KeychainEntry = "ledger-hmac-key";

QByteArray randomKey()
{
    QByteArray key(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(key.data()),
                                         reinterpret_cast<quint32 *>(key.data() + key.size()));
    return key;
}

QByteArray keyFromText(const QByteArray &text)
{
    const QByteArray trimmed = text.trimmed();
    static const QByteArray hexDigits = QByteArrayLiteral("0123456789abcdefABCDEF");
    const bool isHex = trimmed.size() == 64 &&
                       std::all_of(trimmed.cbegin(), trimmed.cend(), [](char c) { return hexDigits.contains(c); });
    if (isHex)
        return QByteArray::fromHex(trimmed);
    return QCryptographicHash::hash(trimmed, QCryptographicHash::Sha256);
}

Result<LedgerKey> fromKeyFile(const QString &path, bool allowCreate)
{
    QFile f(path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read the ledger key file %1: %2").arg(path, f.errorString()));
        const QByteArray text = f.readAll();
        const QByteArray key = QByteArray::fromHex(text.trimmed());
        if (key.size() != 32)
            return fail(QStringLiteral("the ledger key file %1 is damaged (expected 64 hex digits)").arg(path));
        // Tighten permissions that someone loosened; the key stays valid either way.
        if (f.permissions() != (QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return LedgerKey{key, QStringLiteral("key file %1").arg(path)};
    }
    if (!allowCreate)
        return fail(QStringLiteral("no ledger key file at %1").arg(path));
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(QStringLiteral("cannot create the folder for the ledger key file %1").arg(path));
    const QByteArray key = randomKey();
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot write the ledger key file %1: %2").arg(path, out.errorString()));
    // Restrict before any byte of the key is written.
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(key.toHex() + '\n');
    if (!out.commit())
        return fail(QStringLiteral("cannot write the ledger key file %1: %2").arg(path, out.errorString()));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return LedgerKey{key, QStringLiteral("key file %1").arg(path)};
}

#ifdef SOVEREIGN_HAVE_QTKEYCHAIN
bool keychainUsable()
{
    const auto env = QProcessEnvironment::systemEnvironment();
    if (env.value(QStringLiteral("SOVEREIGN_LEDGER_KEYSTORE")) == QStringLiteral("file"))
        return false;
    // Without a session bus there is no Secret Service; asking would only wait for a timeout.
    if (env.value(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")).isEmpty())
        return false;
    if (!QCoreApplication::instance())
        return false;
    return QKeychain::isAvailable();
}

// QtKeychain jobs are asynchronous; the key is needed once per process, so wait for it here.
template<typename Job>
bool runJob(Job &job)
{
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    timeout.start(10000);
    loop.exec();
    return timeout.isActive();
}

std::optional<Result<LedgerKey>> fromKeychain(bool allowCreate)
{
    const QString service = QString::fromLatin1(KeychainService);
    const QString entry = QString::fromLatin1(KeychainEntry);
    QKeychain::ReadPasswordJob read(service);
    read.setKey(entry);
    if (!runJob(read))
        return std::nullopt; // keychain did not answer: fall back to the key file
    if (read.error() == QKeychain::NoError) {
        const QByteArray key = QByteArray::fromHex(read.binaryData().trimmed());
        if (key.size() != 32)
            return fail(QStringLiteral("the ledger key in the keychain is damaged"));
        return LedgerKey{key, QStringLiteral("keychain")};
    }
    if (read.error() != QKeychain::EntryNotFound)
        return std::nullopt;
    if (!allowCreate)
        return fail(QStringLiteral("no ledger key in the keychain"));
    const QByteArray key = randomKey();
    QKeychain::WritePasswordJob write(service);
    write.setKey(entry);
    write.setBinaryData(key.toHex());
    if (!runJob(write) || write.error() != QKeychain::NoError)
        return std::nullopt;
    return LedgerKey{key, QStringLiteral("keychain")};
}
#endif

} // namespace

QString LedgerKey::id() const
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray(QByteArrayLiteral("sovereign-ledger-key-id:") + bytes), QCryptographicHash::Sha256)
            .toHex()
            .left(16));
}

QString LedgerKeyStore::defaultKeyFilePath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("ledger.key"));
}

QString LedgerKeyStore::policySummary()
{
    return QStringLiteral("SOVEREIGN_LEDGER_KEY if set; else the desktop keychain (Secret Service) when "
                          "available; else the 0600 key file %1")
        .arg(defaultKeyFilePath());
}

Result<LedgerKey> LedgerKeyStore::obtain(const Options &options)
{
    const auto env = QProcessEnvironment::systemEnvironment();
    const QString fromEnv = env.value(QStringLiteral("SOVEREIGN_LEDGER_KEY"));
    if (!fromEnv.isEmpty())
        return LedgerKey{keyFromText(fromEnv.toUtf8()), QStringLiteral("environment")};

    const QString path = options.keyFilePath.isEmpty() ? defaultKeyFilePath() : options.keyFilePath;
#ifdef SOVEREIGN_HAVE_QTKEYCHAIN
    // An existing key file wins over the keychain: the ledger was started headless and must keep
    // the key it began with.
    if (options.allowKeychain && !QFileInfo::exists(path) && keychainUsable()) {
        if (auto k = fromKeychain(options.allowCreate))
            return *k;
    }
#endif
    return fromKeyFile(path, options.allowCreate);
}

} // namespace Sovereign::Models
