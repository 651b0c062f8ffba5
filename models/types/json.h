#pragma once

// Small JSON helpers shared by the store and the exporters. Parsing never fails loudly: a column
// that holds broken JSON reads as an empty object/array (the store only ever writes valid JSON).

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace Sovereign::Models::Json {

QString compact(const QJsonObject &o);
QString compact(const QJsonArray &a);
QJsonObject parseObject(const QString &text);
QJsonArray parseArray(const QString &text);

// Canonical serialisation for hashing: keys sorted (as QJsonObject does), no whitespace, UTF-8.
QByteArray canonical(const QJsonObject &o);

} // namespace Sovereign::Models::Json
