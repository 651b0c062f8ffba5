#pragma once

// Golden files: compare against tests/data/<case>/expected/<file>; with SOVEREIGN_UPDATE_GOLDEN=1 the
// expected file is rewritten instead (review the diff before committing it).

#include "support/testsupport.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTest>

namespace Sovereign::Test {

inline QString readText(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(f.readAll());
}

// Returns an empty string when actual matches, else a message with the first differing line.
inline QString compareGoldenText(const QString &relative, const QString &actual)
{
    const QString path = dataPath(relative);
    if (QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOVEREIGN_UPDATE_GOLDEN")) == QStringLiteral("1")) {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QStringLiteral("cannot write ") + path;
        f.write(actual.toUtf8());
        return QString();
    }
    const QString expected = readText(path);
    if (expected == actual)
        return QString();
    const QStringList a = actual.split(u'\n'), e = expected.split(u'\n');
    for (qsizetype i = 0; i < std::max(a.size(), e.size()); ++i) {
        const QString al = a.value(i), el = e.value(i);
        if (al != el)
            return QStringLiteral("%1 line %2:\n  expected: %3\n  actual:   %4").arg(relative).arg(i + 1).arg(el, al);
    }
    return QStringLiteral("%1 differs").arg(relative);
}

} // namespace Sovereign::Test

#define QCOMPARE_GOLDEN(relative, actual)                                                                    \
    do {                                                                                                     \
        const QString golden_diff_ = Sovereign::Test::compareGoldenText(relative, actual);                       \
        QVERIFY2(golden_diff_.isEmpty(), qPrintable(golden_diff_));                                          \
    } while (false)
