#include "jsonextract.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Sovereign::Pipeline {

namespace {

std::optional<QJsonValue> parseWhole(const QString &text)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(text.trimmed().toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError)
        return std::nullopt;
    if (doc.isObject())
        return QJsonValue(doc.object());
    if (doc.isArray())
        return QJsonValue(doc.array());
    return std::nullopt;
}

// Where each bracket of a reply closes. A scan starting at an opening bracket also learns the answer
// for every opening bracket it passes outside a string: a scan started there would see the same
// characters with the same stack above it, so it would close at the same place or fail the same way.
// That keeps the search linear; without it, text full of unclosed brackets costs one scan per bracket.
// Brackets and quotes are ASCII, so the scan runs on the UTF-8 bytes.
class BracketMatcher
{
public:
    explicit BracketMatcher(const QByteArray &text) : m_text(text), m_known(text.size(), Unknown) {}

    // The end of the balanced {...} or [...] starting at `start`, honouring strings and escapes; -1 if open.
    qsizetype closingOf(qsizetype start)
    {
        if (m_known.at(start) == Unknown && m_budget > 0)
            scanFrom(start);
        return m_known.at(start) == Unknown ? -1 : m_known.at(start);
    }

    // A scan that starts inside what an earlier scan read as a string reads the text again; in
    // practice that happens a few times per reply, and this budget keeps crafted text from doing
    // it once per quote.
    bool exhausted() const { return m_budget <= 0; }

private:
    static constexpr qsizetype Unknown = -2;

    void scanFrom(qsizetype start)
    {
        QList<qsizetype> open; // positions of the brackets not closed yet
        bool inString = false;
        bool escaped = false;
        for (qsizetype i = start; i < m_text.size(); ++i) {
            if (--m_budget <= 0)
                break;
            const char c = m_text.at(i);
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                open.append(i);
            } else if (c == '}' || c == ']') {
                if (open.isEmpty())
                    break;
                const qsizetype o = open.takeLast();
                if ((m_text.at(o) == '{') != (c == '}')) {
                    open.append(o); // mismatched: this and every enclosing bracket stay open
                    break;
                }
                m_known[o] = i;
                if (open.isEmpty())
                    return;
            }
        }
        if (m_budget <= 0)
            return; // unfinished: what is still open stays unknown
        for (qsizetype o : std::as_const(open))
            m_known[o] = -1;
    }

    const QByteArray &m_text;
    QList<qsizetype> m_known;
    qsizetype m_budget = 8 * m_text.size() + 1024 * 1024;
};

QString typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

bool matchesType(const QJsonValue &v, const QString &type)
{
    if (type == QStringLiteral("integer"))
        return v.isDouble() && v.toDouble() == double(qint64(v.toDouble()));
    if (type == QStringLiteral("number"))
        return v.isDouble();
    return typeOf(v) == type;
}

} // namespace

Models::Result<QJsonValue> extractJson(const QString &replyIn)
{
    QString reply = replyIn;
    // Reasoning models put their thinking first; it may contain braces of its own.
    static const QRegularExpression think(QStringLiteral("<think>.*?</think>"), QRegularExpression::DotMatchesEverythingOption);
    reply.remove(think);
    if (reply.trimmed().isEmpty())
        return Models::fail(QStringLiteral("the model's reply is empty"));
    if (auto whole = parseWhole(reply))
        return *whole;
    static const QRegularExpression fence(QStringLiteral("```[A-Za-z0-9_-]*[ \\t]*\\r?\\n(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    for (auto it = fence.globalMatch(reply); it.hasNext();) {
        if (auto inFence = parseWhole(it.next().captured(1)))
            return *inFence;
    }
    // Prose around the JSON: try each balanced object or array, leftmost first. Parse attempts are
    // bounded so that a reply of nothing but brackets cannot keep the parser busy for minutes.
    const QByteArray utf8 = reply.toUtf8();
    BracketMatcher brackets(utf8);
    QString lastError;
    int attempts = 0;
    constexpr int MaxAttempts = 200;
    for (qsizetype i = 0; i < utf8.size() && attempts < MaxAttempts; ++i) {
        if (utf8.at(i) != '{' && utf8.at(i) != '[')
            continue;
        const qsizetype end = brackets.closingOf(i);
        if (end < 0)
            continue;
        ++attempts;
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(utf8.constData() + i, end - i + 1), &pe);
        if (pe.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray()))
            return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
        lastError = pe.errorString();
    }
    if (!lastError.isEmpty())
        return Models::fail(QStringLiteral("the model's reply contains JSON-like text that does not parse (%1)").arg(lastError));
    if (attempts >= MaxAttempts || brackets.exhausted())
        return Models::fail(QStringLiteral("the model's reply is too tangled to find its JSON in (%1 characters)").arg(reply.size()));
    return Models::fail(QStringLiteral("the model's reply contains no JSON object"));
}

QStringList validateAgainstSchema(const QJsonValue &value, const QJsonObject &schema, const QString &path)
{
    QStringList errors;
    const QJsonValue type = schema.value(QStringLiteral("type"));
    if (type.isString() && !matchesType(value, type.toString())) {
        errors << QStringLiteral("%1 should be %2 but is %3").arg(path, type.toString(), typeOf(value));
        return errors;
    }
    if (type.isArray()) {
        bool any = false;
        for (const QJsonValue &t : type.toArray())
            any = any || matchesType(value, t.toString());
        if (!any) {
            errors << QStringLiteral("%1 has the wrong type (%2)").arg(path, typeOf(value));
            return errors;
        }
    }
    if (const QJsonArray allowed = schema.value(QStringLiteral("enum")).toArray(); !allowed.isEmpty() && !allowed.contains(value)) {
        QStringList names;
        for (const QJsonValue &a : allowed)
            names << a.toVariant().toString();
        errors << QStringLiteral("%1 should be one of %2").arg(path, names.join(QStringLiteral(", ")));
    }
    if (value.isDouble()) {
        if (schema.contains(QStringLiteral("minimum")) && value.toDouble() < schema.value(QStringLiteral("minimum")).toDouble())
            errors << QStringLiteral("%1 is below %2").arg(path).arg(schema.value(QStringLiteral("minimum")).toDouble());
        if (schema.contains(QStringLiteral("maximum")) && value.toDouble() > schema.value(QStringLiteral("maximum")).toDouble())
            errors << QStringLiteral("%1 is above %2").arg(path).arg(schema.value(QStringLiteral("maximum")).toDouble());
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
        for (const QJsonValue &r : schema.value(QStringLiteral("required")).toArray()) {
            if (!o.contains(r.toString()))
                errors << QStringLiteral("%1 is missing \"%2\"").arg(path, r.toString());
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (props.contains(it.key()))
                errors << validateAgainstSchema(it.value(), props.value(it.key()).toObject(), path + u'.' + it.key());
            else if (schema.value(QStringLiteral("additionalProperties")) == QJsonValue(false))
                errors << QStringLiteral("%1 has an unexpected member \"%2\"").arg(path, it.key());
        }
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        if (schema.contains(QStringLiteral("minItems")) && a.size() < schema.value(QStringLiteral("minItems")).toInt())
            errors << QStringLiteral("%1 needs at least %2 items").arg(path).arg(schema.value(QStringLiteral("minItems")).toInt());
        if (schema.contains(QStringLiteral("maxItems")) && a.size() > schema.value(QStringLiteral("maxItems")).toInt())
            errors << QStringLiteral("%1 allows at most %2 items").arg(path).arg(schema.value(QStringLiteral("maxItems")).toInt());
        const QJsonObject items = schema.value(QStringLiteral("items")).toObject();
        if (!items.isEmpty()) {
            for (qsizetype i = 0; i < a.size(); ++i)
                errors << validateAgainstSchema(a.at(i), items, QStringLiteral("%1[%2]").arg(path).arg(i));
        }
    }
    return errors;
}

} // namespace Sovereign::Pipeline
