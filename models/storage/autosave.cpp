#include "autosave.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTimeZone>

#include <algorithm>

namespace Sovereign::Models {

namespace {

const QString Suffix = QStringLiteral(".txt");

bool validKey(const QString &key)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,120}$"));
    return re.match(key).hasMatch();
}

} // namespace

TextAutosave::TextAutosave(QString dir) : m_dir(std::move(dir)) {}

QString TextAutosave::folderFor(const QString &databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + QStringLiteral("-autosave");
}

QString TextAutosave::fileFor(const QString &key) const { return QDir(m_dir).filePath(key + Suffix); }

Status TextAutosave::save(const QString &key, const QString &text) const
{
    if (!validKey(key))
        return fail(QStringLiteral("invalid autosave key '%1'").arg(key.left(40)));
    if (!QDir().mkpath(m_dir))
        return fail(QStringLiteral("cannot create the autosave folder %1").arg(m_dir));
    QSaveFile file(fileFor(key));
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("cannot autosave to %1: %2").arg(file.fileName(), file.errorString()));
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QByteArray bytes = text.toUtf8();
    if (file.write(bytes) != bytes.size())
        return fail(QStringLiteral("cannot autosave to %1: %2").arg(file.fileName(), file.errorString()));
    if (!file.commit())
        return fail(QStringLiteral("cannot autosave to %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

std::optional<AutosavedText> TextAutosave::load(const QString &key) const
{
    if (!validKey(key))
        return std::nullopt;
    QFile file(fileFor(key));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return AutosavedText{key, QString::fromUtf8(file.readAll()), QFileInfo(file).lastModified(QTimeZone::UTC)};
}

void TextAutosave::discard(const QString &key) const
{
    if (validKey(key))
        QFile::remove(fileFor(key));
}

QList<AutosavedText> TextAutosave::pending() const
{
    QList<AutosavedText> out;
    const QDir dir(m_dir);
    for (const QFileInfo &info : dir.entryInfoList({QStringLiteral("*") + Suffix}, QDir::Files, QDir::Time | QDir::Reversed)) {
        if (auto t = load(info.completeBaseName()))
            out.append(*t);
    }
    std::stable_sort(out.begin(), out.end(), [](const AutosavedText &a, const AutosavedText &b) { return a.savedAt < b.savedAt; });
    return out;
}

} // namespace Sovereign::Models
