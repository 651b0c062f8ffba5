#pragma once

// Helpers shared by the test suites: a fresh database in a temporary folder, fixture paths, and
// turning Qt warnings into test failures.

#include "models/storage/database.h"

#include <QTemporaryDir>
#include <QTest>

#include <initializer_list>
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

// A test function that needs command-line tools (pdftotext, qpdf, sqlite3, ...) starts with
// SOVEREIGN_NEED_TOOLS("pdftotext", "qpdf"). When one is not on the PATH the function is skipped with
// a message naming it, or FAILS when SOVEREIGN_REQUIRE_TOOLS is set in the environment (CTest sets it
// when the CMake option SOVEREIGN_REQUIRE_TOOLS is ON, as in every ./dev build: the build root has
// every tool, so a missing one there is a broken setup, not a reason to pass quietly).
#define SOVEREIGN_NEED_TOOLS(...)                                                                        \
    do {                                                                                                 \
        const QString sovMissing_ = Sovereign::Test::missingTools({__VA_ARGS__});                        \
        if (!sovMissing_.isEmpty()) {                                                                    \
            if (Sovereign::Test::toolsRequired())                                                        \
                QFAIL(qPrintable(sovMissing_ + QStringLiteral(" (SOVEREIGN_REQUIRE_TOOLS is on, so this " \
                                                              "fails instead of skipping)")));           \
            QSKIP(qPrintable(sovMissing_));                                                              \
        }                                                                                                \
    } while (false)

namespace Sovereign::Test {

// "not on the PATH: pdftotext, qpdf" for the named programs that are missing; empty when all are there.
QString missingTools(std::initializer_list<const char *> programs);
// True when SOVEREIGN_REQUIRE_TOOLS is set to a non-empty value other than 0/OFF.
bool toolsRequired();
// A positive whole number from the environment (a test's size or time limit), else fallback.
int envInt(const char *name, int fallback);
// The full path of a program on the PATH (empty when missing). Call SOVEREIGN_NEED_TOOLS first.
QString tool(const char *program);

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
