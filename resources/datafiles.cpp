#include "datafiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

// The resources library is static: referencing its initialiser keeps the linker from dropping it.
// Q_INIT_RESOURCE must be used outside any namespace.
static void initSovereignResources() { Q_INIT_RESOURCE(resources); }

namespace Sovereign::Resources {

QString installedDataDir()
{
    if (!QCoreApplication::instance())
        return {};
    const QFileInfo dir(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral(SOVEREIGN_DATA_FROM_BINDIR)));
    return dir.isDir() ? dir.canonicalFilePath() : QString();
}

QString locate(const QString &relative)
{
    static const bool once = (initSovereignResources(), true);
    Q_UNUSED(once);
    const QString installed = installedDataDir();
    if (!installed.isEmpty()) {
        const QString path = QDir(installed).filePath(relative);
        if (QFileInfo::exists(path))
            return path;
    }
    return QStringLiteral(":/sovereign/") + relative;
}

QString describeSource()
{
    const QString installed = installedDataDir();
    return installed.isEmpty() ? QStringLiteral("built-in") : installed;
}

} // namespace Sovereign::Resources
