#pragma once

// Golden-file comparison for the retrieval tests: a JSON value is compared with
// tests/data/<relative>. With SOVEREIGN_UPDATE_GOLDEN=1 in the environment the file is (re)written
// instead, so a deliberate format change is one command; review the diff before committing.

#include "support/testsupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>

namespace Sovereign::Test {

// The error text of a Result, or "" when it holds a value (QVERIFY2 evaluates its message eagerly).
template<typename R>
QString errorOf(const R &r)
{
    return r ? QString() : r.error();
}

inline bool updateGolden()
{
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOVEREIGN_UPDATE_GOLDEN")) ==
           QStringLiteral("1");
}

inline QByteArray readData(const QString &relative)
{
    QFile f(dataPath(relative));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// Returns an empty string when equal, else a message with both texts.
inline QString compareGolden(const QJsonDocument &actual, const QString &relative)
{
    const QByteArray text = actual.toJson(QJsonDocument::Indented);
    if (updateGolden()) {
        QFile f(dataPath(relative));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QStringLiteral("cannot write golden file %1").arg(relative);
        f.write(text);
        return {};
    }
    const QByteArray expected = readData(relative);
    if (expected.isEmpty())
        return QStringLiteral("golden file %1 is missing").arg(relative);
    if (QJsonDocument::fromJson(expected) == actual)
        return {};
    return QStringLiteral("%1 differs.\n--- actual ---\n%2").arg(relative, QString::fromUtf8(text));
}

} // namespace Sovereign::Test

#define COMPARE_GOLDEN(doc, relative)                                                                      \
    do {                                                                                                   \
        const QString goldenMessage_ = Sovereign::Test::compareGolden((doc), (relative));                  \
        if (!goldenMessage_.isEmpty())                                                                     \
            QFAIL(qPrintable(goldenMessage_));                                                             \
    } while (false)
