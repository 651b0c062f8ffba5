#include "answerreader.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace Sovereign::Pipeline::AnswerReader {

namespace {

QString key(const QString &name)
{
    QString k = name.toLower();
    k.remove(u'_');
    k.remove(u'-');
    k.remove(u' ');
    return k;
}

QString text(const QJsonValue &v)
{
    if (v.isString())
        return v.toString().trimmed();
    if (v.isDouble())
        return QString::number(v.toDouble());
    return {};
}

double round2(double x) { return std::round(x * 100.0) / 100.0; }

QStringList names(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *n : list)
        out << QString::fromLatin1(n);
    return out;
}

// A list member: an array, a single object, or a string of lines.
QJsonArray listOf(const QJsonValue &v)
{
    if (v.isArray())
        return v.toArray();
    if (v.isObject())
        return QJsonArray{v};
    if (v.isString() && !v.toString().trimmed().isEmpty()) {
        QJsonArray out;
        for (const QString &line : v.toString().split(u'\n', Qt::SkipEmptyParts)) {
            QString l = line.trimmed();
            static const QRegularExpression bullet(QStringLiteral("^(?:[-*\\x{2022}]|\\d+[.)])\\s*"));
            l.remove(bullet);
            if (!l.isEmpty())
                out.append(l);
        }
        return out;
    }
    return {};
}

} // namespace

QJsonValue member(const QJsonObject &o, const QStringList &wanted)
{
    for (const QString &w : wanted) {
        if (o.contains(w))
            return o.value(w);
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString k = key(it.key());
        for (const QString &w : wanted) {
            if (k == key(w))
                return it.value();
        }
    }
    return QJsonValue(QJsonValue::Undefined);
}

std::optional<double> readScore(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double x = v.toDouble();
        if (!std::isfinite(x))
            return std::nullopt;
        return round2(std::clamp(x > 10.0 && x <= 100.0 ? x / 10.0 : x, 0.0, 10.0));
    }
    if (v.isObject())
        return readScore(member(v.toObject(), names({"value", "score", "overall"})));
    if (!v.isString())
        return std::nullopt;
    const QString s = v.toString().trimmed();
    static const QRegularExpression re(QStringLiteral("(-?\\d+(?:[.,]\\d+)?)\\s*(?:(/|out of|of)\\s*(\\d+(?:\\.\\d+)?)|(%))?"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(s);
    if (!m.hasMatch())
        return std::nullopt;
    QString num = m.captured(1);
    num.replace(u',', u'.');
    double x = num.toDouble();
    if (!m.captured(3).isEmpty()) {
        const double scale = m.captured(3).toDouble();
        if (scale <= 0)
            return std::nullopt;
        x = x * 10.0 / scale;
    } else if (!m.captured(4).isEmpty()) {
        x = x / 10.0;
    } else if (x > 10.0 && x <= 100.0) {
        x = x / 10.0;
    }
    return round2(std::clamp(x, 0.0, 10.0));
}

std::optional<int> readClaimRef(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double x = v.toDouble();
        if (x >= 0 && x == std::floor(x) && x < 100000)
            return int(x);
        return std::nullopt;
    }
    if (!v.isString())
        return std::nullopt;
    const QString s = v.toString().trimmed();
    static const QRegularExpression bare(QStringLiteral("^#?\\s*(\\d+)$"));
    static const QRegularExpression named(QStringLiteral("(?:\\bclaims?\\s*(?:no\\.?|number|#)?\\s*\\[?C?(\\d+)|\\[C?(\\d+)\\]|\\bC(\\d+)\\b)"),
                                          QRegularExpression::CaseInsensitiveOption);
    if (const auto m = bare.match(s); m.hasMatch())
        return m.captured(1).toInt();
    if (const auto m = named.match(s); m.hasMatch()) {
        for (int i = 1; i <= 3; ++i)
            if (!m.captured(i).isEmpty())
                return m.captured(i).toInt();
    }
    return std::nullopt;
}

QString readSeverity(const QJsonValue &v)
{
    const QString s = text(v).toLower();
    if (s.isEmpty())
        return QStringLiteral("minor");
    for (const char *w : {"critical", "blocker", "blocking", "fatal", "severe", "showstopper"})
        if (s.contains(QLatin1String(w)))
            return QStringLiteral("critical");
    for (const char *w : {"major", "high", "important", "significant", "serious", "medium", "moderate"})
        if (s.contains(QLatin1String(w)))
            return QStringLiteral("major");
    if (v.isDouble()) // a numeric level: 1-2 minor, 3 major, 4-5 critical
        return v.toDouble() >= 4 ? QStringLiteral("critical") : v.toDouble() >= 3 ? QStringLiteral("major") : QStringLiteral("minor");
    return QStringLiteral("minor");
}

QString readVerdict(const QJsonValue &v)
{
    const QString s = text(v).toLower();
    if (s.isEmpty())
        return {};
    if (s.contains(QLatin1String("reject")))
        return QStringLiteral("REJECT");
    if (s.contains(QLatin1String("revis")) || s.contains(QLatin1String("revision")) || s.contains(QLatin1String("changes")))
        return QStringLiteral("REVISE");
    if (s.contains(QLatin1String("approv")) || s.contains(QLatin1String("accept")) || s == QLatin1String("pass"))
        return QStringLiteral("APPROVE");
    return {};
}

QJsonObject unwrap(const QJsonValue &v, const QStringList &expected)
{
    const auto hasExpected = [&expected](const QJsonObject &o) {
        for (const QString &e : expected)
            if (member(o, {e}).type() != QJsonValue::Undefined)
                return true;
        return false;
    };
    if (v.isArray()) {
        for (const QJsonValue &item : v.toArray())
            if (item.isObject() && hasExpected(item.toObject()))
                return item.toObject();
        return {};
    }
    const QJsonObject o = v.toObject();
    if (hasExpected(o))
        return o;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isObject() && hasExpected(it.value().toObject()))
            return it.value().toObject();
    }
    return o;
}

// ---- reviewer -------------------------------------------------------------------------------

namespace {

QJsonObject readIssue(const QJsonValue &v)
{
    QJsonObject out{{QStringLiteral("claim"), 0}, {QStringLiteral("section"), QString()},
                    {QStringLiteral("severity"), QStringLiteral("minor")}, {QStringLiteral("text"), QString()}};
    if (v.isString()) {
        const QString s = v.toString().trimmed();
        out.insert(QStringLiteral("text"), s);
        if (const auto c = readClaimRef(s))
            out.insert(QStringLiteral("claim"), *c);
        return out;
    }
    const QJsonObject o = v.toObject();
    // Where: an explicit claim member first, then the target/location members (a claim reference
    // or a section name).
    std::optional<int> claim;
    for (const QString &n : names({"claim", "claim_id", "claim_number", "claim_index", "claim_ref", "ordinal", "claim_no"})) {
        const QJsonValue c = member(o, {n});
        if (c.type() != QJsonValue::Undefined && (claim = readClaimRef(c)))
            break;
    }
    QString section = text(member(o, names({"section", "part"})));
    for (const QString &n : names({"target", "location", "where", "ref", "reference", "about", "anchor"})) {
        const QJsonValue t = member(o, {n});
        if (t.type() == QJsonValue::Undefined)
            continue;
        if (!claim)
            claim = readClaimRef(t);
        if (!readClaimRef(t) && section.isEmpty())
            section = text(t);
    }
    // An "id" counts as a claim only when it says so ("claim 3", "C3"), not an issue number.
    if (!claim) {
        const QJsonValue id = member(o, names({"id"}));
        if (id.isString() && QRegularExpression(QStringLiteral("^(claim|C\\d)"), QRegularExpression::CaseInsensitiveOption).match(id.toString()).hasMatch())
            claim = readClaimRef(id);
    }
    QString body = text(member(o, names({"text", "message", "description", "issue", "comment", "detail", "details", "problem",
                                        "explanation", "note", "summary", "title"})));
    const QString fix = text(member(o, names({"suggestion", "fix", "recommendation", "suggested_fix"})));
    if (!fix.isEmpty())
        body = body.isEmpty() ? fix : body + QStringLiteral(" Suggested fix: ") + fix;
    out.insert(QStringLiteral("claim"), claim.value_or(0));
    out.insert(QStringLiteral("section"), section);
    out.insert(QStringLiteral("severity"), readSeverity(member(o, names({"severity", "level", "priority", "importance", "impact"}))));
    out.insert(QStringLiteral("text"), body);
    return out;
}

} // namespace

Reading readReview(const QJsonValue &v)
{
    Reading r;
    const QJsonObject o = unwrap(v, names({"score", "rating", "verdict", "issues"}));
    const QJsonValue scoreValue = member(o, names({"score", "rating", "overall_score", "overall", "grade", "total_score", "final_score", "mark"}));
    const auto score = readScore(scoreValue);
    if (!score) {
        r.problems << (scoreValue.type() == QJsonValue::Undefined
                           ? QStringLiteral("the answer has no \"score\" (a number from 0 to 10)")
                           : QStringLiteral("the \"score\" is not a number from 0 to 10"));
        return r;
    }
    if (!scoreValue.isDouble())
        r.notes << QStringLiteral("score read from %1").arg(scoreValue.isString() ? QStringLiteral("\"%1\"").arg(scoreValue.toString()) : QStringLiteral("an object"));
    QString verdict = readVerdict(member(o, names({"verdict", "decision", "recommendation", "outcome"})));
    if (verdict.isEmpty()) {
        verdict = *score >= 6.5 ? QStringLiteral("APPROVE") : *score >= 5.0 ? QStringLiteral("REVISE") : QStringLiteral("REJECT");
        r.notes << QStringLiteral("no verdict given; taken from the score");
    }
    QString rationale = text(member(o, names({"rationale", "reasoning", "reason", "summary", "explanation", "justification", "comments", "comment", "assessment"})));
    QJsonArray issues;
    for (const QJsonValue &i : listOf(member(o, names({"issues", "problems", "concerns", "findings", "comments_list", "weaknesses", "flags"})))) {
        const QJsonObject issue = readIssue(i);
        if (!issue.value(QStringLiteral("text")).toString().isEmpty() && issues.size() < 12)
            issues.append(issue);
    }
    r.answer = {{QStringLiteral("score"), *score},
                {QStringLiteral("verdict"), verdict},
                {QStringLiteral("rationale"), rationale},
                {QStringLiteral("issues"), issues}};
    return r;
}

// ---- planner, extractor, reviser, synthesizer, stance -----------------------------------------

Reading readPlanner(const QJsonValue &v)
{
    Reading r;
    QJsonArray list = v.isArray() ? v.toArray() : QJsonArray();
    const QStringList listNames = names({"queries", "search_queries", "searches", "query_variants", "variants"});
    if (v.isObject())
        list = listOf(member(unwrap(v, listNames), listNames));
    QJsonArray queries;
    for (const QJsonValue &q : list) {
        QString strategy, textValue;
        if (q.isString()) {
            textValue = q.toString().simplified();
        } else {
            const QJsonObject o = q.toObject();
            textValue = text(member(o, names({"text", "query", "q", "search", "search_query", "terms"}))).simplified();
            strategy = text(member(o, names({"strategy", "name", "type", "kind", "label", "rationale"}))).simplified();
        }
        if (textValue.isEmpty())
            continue;
        queries.append(QJsonObject{{QStringLiteral("strategy"), strategy.isEmpty() ? QStringLiteral("query %1").arg(queries.size() + 1) : strategy.left(40)},
                                   {QStringLiteral("text"), textValue}});
    }
    if (queries.isEmpty())
        r.problems << QStringLiteral("the answer has no \"queries\" list with at least one query text");
    r.answer = {{QStringLiteral("queries"), queries}};
    return r;
}

Reading readExtractor(const QJsonValue &v)
{
    Reading r;
    QJsonArray list = v.isArray() ? v.toArray() : QJsonArray();
    const QStringList listNames = names({"claims", "findings", "statements", "results"});
    if (v.isObject())
        list = listOf(member(unwrap(v, listNames), listNames));
    if (v.isObject() && member(unwrap(v, listNames), listNames).type() == QJsonValue::Undefined) {
        r.problems << QStringLiteral("the answer has no \"claims\" list");
        return r;
    }
    QJsonArray claims;
    for (const QJsonValue &c : list) {
        QString claimText, sentence, reason;
        double score = 5.0;
        if (c.isString()) {
            claimText = c.toString().simplified();
        } else {
            const QJsonObject o = c.toObject();
            claimText = text(member(o, names({"text", "claim", "statement", "content"}))).simplified();
            sentence = text(member(o, names({"sentence", "source_sentence", "quote", "evidence", "span"}))).simplified();
            reason = text(member(o, names({"reason", "why", "rationale", "justification"})));
            score = readScore(member(o, names({"score", "importance", "salience", "confidence", "rating"}))).value_or(5.0);
        }
        if (claimText.isEmpty())
            continue;
        claims.append(QJsonObject{{QStringLiteral("text"), claimText},
                                  {QStringLiteral("sentence"), sentence.isEmpty() ? claimText : sentence},
                                  {QStringLiteral("score"), score},
                                  {QStringLiteral("reason"), reason}});
    }
    r.answer = {{QStringLiteral("claims"), claims}};
    return r;
}

Reading readReviser(const QJsonValue &v)
{
    Reading r;
    const QJsonObject o = v.isArray() ? QJsonObject{{QStringLiteral("claims"), v}} : unwrap(v, names({"claims", "notes"}));
    const QJsonValue claimsValue = member(o, names({"claims", "revisions", "decisions", "changes", "actions"}));
    if (claimsValue.type() == QJsonValue::Undefined) {
        r.problems << QStringLiteral("the answer has no \"claims\" list (one {ordinal, action, text} per claim)");
        return r;
    }
    QJsonArray claims;
    for (const QJsonValue &c : listOf(claimsValue)) {
        const QJsonObject co = c.toObject();
        const auto ordinal = readClaimRef(member(co, names({"ordinal", "claim", "id", "claim_id", "number", "index"})));
        if (!ordinal || *ordinal < 1)
            continue;
        const QString a = text(member(co, names({"action", "decision", "op", "operation", "change"}))).toLower();
        QString action = QStringLiteral("keep");
        if (a.contains(QLatin1String("drop")) || a.contains(QLatin1String("remove")) || a.contains(QLatin1String("delete")))
            action = QStringLiteral("drop");
        else if (a.contains(QLatin1String("soft")) || a.contains(QLatin1String("revis")) || a.contains(QLatin1String("rewrite"))
                 || a.contains(QLatin1String("edit")) || a.contains(QLatin1String("hedge")) || a.contains(QLatin1String("modif")))
            action = QStringLiteral("soften");
        claims.append(QJsonObject{{QStringLiteral("ordinal"), *ordinal},
                                  {QStringLiteral("action"), action},
                                  {QStringLiteral("text"), text(member(co, names({"text", "revised_text", "new_text", "revised", "claim_text", "rewrite"})))}});
    }
    QJsonArray notes;
    for (const QJsonValue &n : listOf(member(o, names({"notes", "disclosures", "uncertainties", "caveats"}))))
        if (!text(n).isEmpty())
            notes.append(text(n));
    r.answer = {{QStringLiteral("claims"), claims},
                {QStringLiteral("notes"), notes},
                {QStringLiteral("reason"), text(member(o, names({"reason", "summary", "rationale", "explanation"})))}};
    return r;
}

Reading readSynthesizer(const QJsonValue &v)
{
    Reading r;
    const QStringList introNames = names({"introduction", "intro", "text", "content", "paragraph", "body"});
    const QString intro = text(member(unwrap(v, introNames), introNames));
    if (intro.isEmpty())
        r.problems << QStringLiteral("the answer has no \"introduction\" text");
    r.answer = {{QStringLiteral("introduction"), intro}};
    return r;
}

Reading readStance(const QJsonValue &v)
{
    Reading r;
    const QJsonObject o = unwrap(v, names({"label", "stance"}));
    const QString raw = text(member(o, names({"label", "stance", "verdict", "judgement", "judgment", "relation"}))).toUpper();
    QString label;
    if (raw.contains(QLatin1String("REFUT")) || raw.contains(QLatin1String("CONTRADICT")))
        label = QStringLiteral("REFUTES");
    else if (raw.contains(QLatin1String("NOT_ENOUGH")) || raw.contains(QLatin1String("NOT ENOUGH")) || raw.contains(QLatin1String("NEI"))
             || raw.contains(QLatin1String("INSUFFICIENT")) || raw.contains(QLatin1String("NEUTRAL")) || raw.contains(QLatin1String("UNRELATED")))
        label = QStringLiteral("NOT_ENOUGH_INFO");
    else if (raw.contains(QLatin1String("SUPPORT")) || raw.contains(QLatin1String("ENTAIL")))
        label = QStringLiteral("SUPPORTS");
    if (label.isEmpty()) {
        r.problems << QStringLiteral("the answer has no \"label\" (SUPPORTS, REFUTES or NOT_ENOUGH_INFO)");
        return r;
    }
    r.answer = {{QStringLiteral("label"), label},
                {QStringLiteral("quote"), text(member(o, names({"quote", "evidence", "sentence", "evidence_sentence", "span", "citation"})))},
                {QStringLiteral("rationale"), text(member(o, names({"rationale", "reason", "explanation", "reasoning"})))}};
    return r;
}

} // namespace Sovereign::Pipeline::AnswerReader
