#include "secrets.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QTimer>

namespace Sovereign::Pipeline {

namespace {

// Runs a keychain job to completion (or the timeout) and returns its error text, empty if none.
template<typename Job>
QString runJob(Job &job, int timeoutMs)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!finished)
        loop.exec();
    if (!finished)
        return QStringLiteral("the keychain did not answer within %1 s").arg(timeoutMs / 1000);
    if (job.error() == QKeychain::NoError)
        return {};
    if (job.error() == QKeychain::EntryNotFound)
        return QStringLiteral("no key is stored in the keychain");
    return QStringLiteral("the keychain is not available (%1)").arg(job.errorString());
}

} // namespace

ApiKey Secrets::lookup(const QProcessEnvironment &env, int timeoutMs)
{
    for (const auto &name : {QStringLiteral("SOVEREIGN_API_KEY"), QStringLiteral("NVIDIA_API_KEY")}) {
        const QString v = env.value(name).trimmed();
        if (!v.isEmpty())
            return {v, name, {}};
    }
    if (env.value(QStringLiteral("SOVEREIGN_NO_KEYCHAIN")) == QStringLiteral("1"))
        return {{}, {}, QStringLiteral("the keychain is switched off (SOVEREIGN_NO_KEYCHAIN=1)")};
    QKeychain::ReadPasswordJob job(QString::fromLatin1(Service));
    job.setAutoDelete(false);
    job.setKey(QString::fromLatin1(KeyName));
    const QString error = runJob(job, timeoutMs);
    if (!error.isEmpty())
        return {{}, {}, error};
    const QString v = job.textData().trimmed();
    if (v.isEmpty())
        return {{}, {}, QStringLiteral("the keychain entry is empty")};
    return {v, QStringLiteral("keychain"), {}};
}

KeychainState Secrets::keychainState(const QProcessEnvironment &env, int timeoutMs)
{
    if (env.value(QStringLiteral("SOVEREIGN_NO_KEYCHAIN")) == QStringLiteral("1"))
        return {false, false, QStringLiteral("switched off by SOVEREIGN_NO_KEYCHAIN=1")};
    QKeychain::ReadPasswordJob job(QString::fromLatin1(Service));
    job.setAutoDelete(false);
    job.setKey(QString::fromLatin1(KeyName));
    const QString error = runJob(job, timeoutMs);
    if (error.isEmpty())
        return {true, !job.textData().trimmed().isEmpty(), {}};
    if (job.error() == QKeychain::EntryNotFound)
        return {true, false, {}};
    if (job.error() == QKeychain::NoError) // it did not answer in time
        return {false, false, error};
    return {false, false, QStringLiteral("no Secret Service or KWallet answered: %1").arg(job.errorString())};
}

Models::Status Secrets::store(const QString &key, int timeoutMs)
{
    if (key.trimmed().isEmpty())
        return Models::fail(QStringLiteral("refusing to store an empty API key"));
    QKeychain::WritePasswordJob job(QString::fromLatin1(Service));
    job.setAutoDelete(false);
    job.setKey(QString::fromLatin1(KeyName));
    job.setTextData(key.trimmed());
    const QString error = runJob(job, timeoutMs);
    if (!error.isEmpty())
        return Models::fail(QStringLiteral("could not store the API key: %1").arg(error));
    return {};
}

Models::Status Secrets::remove(int timeoutMs)
{
    QKeychain::DeletePasswordJob job(QString::fromLatin1(Service));
    job.setAutoDelete(false);
    job.setKey(QString::fromLatin1(KeyName));
    const QString error = runJob(job, timeoutMs);
    if (!error.isEmpty())
        return Models::fail(QStringLiteral("could not remove the API key: %1").arg(error));
    return {};
}

bool Secrets::hostNeedsKey(const QUrl &url)
{
    const QString host = url.host().toLower();
    return host.endsWith(QStringLiteral("nvidia.com")) || host.endsWith(QStringLiteral("openai.com"));
}

QString Secrets::missingKeyMessage(const QUrl &url, const QString &note)
{
    QString m = QStringLiteral("%1 needs an API key, and none was found: set SOVEREIGN_API_KEY (or NVIDIA_API_KEY), "
                               "or store one in the keychain with `sovereign secrets set-key`")
                    .arg(url.host());
    if (!note.isEmpty())
        m += QStringLiteral(" (%1)").arg(note);
    return m;
}

void Redactor::add(QString secret)
{
    secret = secret.trimmed();
    if (secret.size() >= 4 && !m_secrets.contains(secret))
        m_secrets.append(secret);
}

QString Redactor::apply(QString text) const
{
    for (const QString &s : m_secrets)
        text.replace(s, QStringLiteral("<redacted>"));
    return text;
}

QByteArray Redactor::apply(QByteArray bytes) const
{
    for (const QString &s : m_secrets)
        bytes.replace(s.toUtf8(), QByteArrayLiteral("<redacted>"));
    return bytes;
}

} // namespace Sovereign::Pipeline
