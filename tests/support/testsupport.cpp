#include "testsupport.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>

namespace Sovereign::Test {

void failOnAnyWarning() { QTest::failOnWarning(QRegularExpression(QStringLiteral(".*"))); }

QString dataPath(const QString &relative)
{
    const QString base = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOVEREIGN_TEST_DATA"));
    return QDir(base).filePath(relative);
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
