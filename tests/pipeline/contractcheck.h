#pragma once

// A small JSON Schema checker for the recovered contracts (tests/data/contracts, copied from
// ../shared/contracts): required members, const, enum and basic types, recursively through
// "properties" and "items". Enough to prove our JSON uses the contracts' exact field names.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace Sovereign::Test {

inline bool jsonTypeMatches(const QJsonValue &v, const QString &type)
{
    if (type == QStringLiteral("string")) return v.isString();
    if (type == QStringLiteral("number")) return v.isDouble();
    if (type == QStringLiteral("integer")) return v.isDouble() && v.toDouble() == double(qint64(v.toDouble()));
    if (type == QStringLiteral("boolean")) return v.isBool();
    if (type == QStringLiteral("object")) return v.isObject();
    if (type == QStringLiteral("array")) return v.isArray();
    if (type == QStringLiteral("null")) return v.isNull();
    return true;
}

inline void checkAgainstSchema(const QJsonValue &value, const QJsonObject &schema, const QString &path, QStringList &errors)
{
    if (schema.contains(QStringLiteral("const")) && value != schema.value(QStringLiteral("const")))
        errors.append(path + QStringLiteral(": not the constant"));
    if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).toArray().contains(value))
        errors.append(path + QStringLiteral(": '%1' not in enum").arg(value.toVariant().toString()));
    if (schema.contains(QStringLiteral("type"))) {
        const QJsonValue t = schema.value(QStringLiteral("type"));
        const QJsonArray types = t.isArray() ? t.toArray() : QJsonArray{t};
        bool ok = false;
        for (const QJsonValue &ty : types)
            ok = ok || jsonTypeMatches(value, ty.toString());
        if (!ok)
            errors.append(path + QStringLiteral(": wrong type"));
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (const QJsonValue &r : schema.value(QStringLiteral("required")).toArray())
            if (!o.contains(r.toString()))
                errors.append(path + QStringLiteral(": missing '%1'").arg(r.toString()));
        const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
        for (auto it = props.constBegin(); it != props.constEnd(); ++it)
            if (o.contains(it.key()))
                checkAgainstSchema(o.value(it.key()), it.value().toObject(), path + u'.' + it.key(), errors);
    }
    if (value.isArray() && schema.contains(QStringLiteral("items")))
        for (const QJsonValue &item : value.toArray())
            checkAgainstSchema(item, schema.value(QStringLiteral("items")).toObject(), path + QStringLiteral("[]"), errors);
}

inline QStringList contractErrors(const QJsonObject &value, const QJsonObject &schema)
{
    QStringList errors;
    checkAgainstSchema(value, schema, QStringLiteral("$"), errors);
    const QString id = schema.value(QStringLiteral("$id")).toString();
    if (value.value(QStringLiteral("schema")).toString() != id)
        errors.append(QStringLiteral("$.schema is not %1").arg(id));
    return errors;
}

} // namespace Sovereign::Test
