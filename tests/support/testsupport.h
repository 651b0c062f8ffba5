#pragma once

// Helpers shared by the test suites: a fresh database in a temporary folder, fixture paths, and
// turning Qt warnings into test failures.

#include "models/storage/database.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Checks a Result/Status and fails with its error message. Use this instead of
// QVERIFY2(r, qPrintable(r.error())): QVERIFY2 evaluates its message even on success, and calling
// error() on a std::expected that holds a value is undefined behaviour.
#define QVERIFY_OK(expr)                                                                                     \
    do {                                                                                                     \
        const auto &sovResult_ = (expr);                                                                     \
        if (!sovResult_)                                                                                     \
            QFAIL(qPrintable(QStringLiteral("%1: %2").arg(QLatin1StringView(#expr), sovResult_.error())));   \
    } while (false)

namespace Sovereign::Test {

// Makes any qWarning() during the current test function fail it. Call from init().
void failOnAnyWarning();

// Path below tests/data (SOVEREIGN_TEST_DATA, set by CTest).
QString dataPath(const QString &relative);

// A migrated database file in its own temporary folder; both live as long as the object.
class TempDatabase
{
public:
    TempDatabase();
    bool isValid() const { return m_db != nullptr; }
    QString error() const { return m_error; }
    QString path() const;
    const std::shared_ptr<Models::Database> &db() const { return m_db; }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Models::Database> m_db;
    QString m_error;
};

} // namespace Sovereign::Test
