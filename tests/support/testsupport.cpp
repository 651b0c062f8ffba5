#include "testsupport.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

namespace Sovereign::Test {

void failOnAnyWarning() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

QString dataPath(const QString &relative)
{
    const QString base = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOVEREIGN_TEST_DATA"));
    return QDir(base).filePath(relative);
}

QString tool(const char *program) { return QStandardPaths::findExecutable(QString::fromLatin1(program)); }

QString missingTools(std::initializer_list<const char *> programs)
{
    QStringList missing;
    for (const char *p : programs)
        if (tool(p).isEmpty())
            missing.append(QString::fromLatin1(p));
    if (missing.isEmpty())
        return {};
    return QStringLiteral("not on the PATH: %1").arg(missing.join(QStringLiteral(", ")));
}

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

bool toolsRequired()
{
    const QString v = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOVEREIGN_REQUIRE_TOOLS")).trimmed();
    return !v.isEmpty() && v != u'0' && v.compare(QStringLiteral("off"), Qt::CaseInsensitive) != 0 &&
           v.compare(QStringLiteral("false"), Qt::CaseInsensitive) != 0;
}

TempDatabase::TempDatabase()
{
    auto db = Models::Database::open(path());
    if (db)
        m_db = *db;
    else
        m_error = db.error();
}

QString TempDatabase::path() const { return m_dir.filePath(QStringLiteral("test.sqlite")); }

} // namespace Sovereign::Test
