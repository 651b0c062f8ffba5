#include "questioncoverage.h"

#include "claims.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace Sovereign::Pipeline {

namespace {

// Words that frame a question without naming what it is about (contentTerms() already drops the
// usual stop words).
const QSet<QString> &scaffolding()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char *w : {"approaches", "compare", "comparison", "affect", "affects", "effect", "effects", "extent",
                              "generalize", "generalise", "generalizes", "generalises", "impact", "respect", "trade",
                              "tradeoff", "works", "new", "novel", "papers", "propose", "proposed", "what", "why",
                              "whom", "who", "does", "did", "doing", "against", "off", "much", "above", "again", "because",
                              "further", "once", "own", "same", "too", "until", "upon", "yet", "your", "you",
                              "carry", "give", "gives", "given", "robust", "robustness", "different", "differ", "much",
                              "many", "still", "help", "helps", "keep", "keeps", "rest", "make", "makes", "long",
                              "large", "small", "good", "better", "worse", "way", "ways", "kind", "kinds", "aspect",
                              "aspects", "happen", "happens", "change", "changes", "factor", "factors", "role",
                              "range", "vary", "varying", "various", "across", "certain", "specific", "overall",
                              "typical", "typically", "hold", "holds", "need", "needs", "lose", "loses", "when"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

// Acronyms and units too common to name a method.
const QSet<QString> &genericAcronyms()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char *w : {"AI", "ML", "NLP", "LLM", "LLMs", "QA", "GPU", "GPUs", "CPU", "CPUs", "API", "APIs",
                              "SOTA", "TPU", "TPUs", "CV", "IR", "I", "II", "III", "IV", "DNN", "DNNs", "NN", "GB", "MB",
                              "TB", "KB", "We", "Our", "The", "This", "These", "In", "On", "For", "A", "An"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

// Lower-case trailing parts that qualify a name rather than belong to it ("Lynx-style").
const QSet<QString> &nameSuffixes()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char *w : {"style", "based", "like", "aware", "specific", "level", "only", "type", "driven",
                              "guided", "inspired", "family", "series", "variant", "variants"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

struct Word
{
    QString text;
    qsizetype start = 0;
    qsizetype end = 0;
    bool sentenceStart = false;
};

QList<Word> words(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("[\\p{L}\\p{N}]+(?:[-.][\\p{L}\\p{N}]+)*"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression sentenceEnd(QStringLiteral("[.!?:]\\s|\\n"));
    QList<Word> out;
    qsizetype last = 0;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString between = text.mid(last, m.capturedStart() - last);
        bool start = out.isEmpty();
        if (!start && sentenceEnd.match(between).hasMatch()) {
            // "e.g. Mixtral", "et al. show": an abbreviation's period ends no sentence.
            const QString &prev = out.constLast().text;
            start = !(prev.contains(u'.') || prev == QStringLiteral("al") || prev == QStringLiteral("vs") ||
                      (prev.size() == 1 && prev.at(0).isLower()));
        }
        out.append({m.captured(0), m.capturedStart(), m.capturedEnd(), start});
        last = m.capturedEnd();
    }
    return out;
}

// A word the claims module treats as a stop word, or question scaffolding.
bool isStopWord(const QString &lower)
{
    return scaffolding().contains(lower) || (lower.size() >= 3 && contentTerms(lower).isEmpty()) ||
           (lower.size() < 3 && lower.size() > 0 && lower.at(0).isLetter() && lower != QStringLiteral("ai"));
}

bool hasInnerUpper(const QString &w)
{
    for (qsizetype i = 1; i < w.size(); ++i)
        if (w.at(i).isUpper() && w.at(i - 1).isLetter())
            return true;
    return false;
}

bool hasDigit(const QString &w) { return std::any_of(w.cbegin(), w.cend(), [](QChar c) { return c.isDigit(); }); }
bool hasLetter(const QString &w) { return std::any_of(w.cbegin(), w.cend(), [](QChar c) { return c.isLetter(); }); }
bool hasUpper(const QString &w) { return std::any_of(w.cbegin(), w.cend(), [](QChar c) { return c.isUpper(); }); }

// The name a word stands for, or an empty string. `titleCase`: capitals say nothing in this text.
QString nameOf(const Word &w, bool titleCase)
{
    QString t = w.text;
    while (t.endsWith(u'.'))
        t.chop(1);
    QStringList parts = t.split(u'-', Qt::SkipEmptyParts);
    while (parts.size() > 1 && nameSuffixes().contains(parts.constLast()))
        parts.removeLast();
    t = parts.join(u'-');
    // "52M", "2.3B", "1.8x", "128K": quantities, not names ("8x7B" stays a name).
    static const QRegularExpression quantity(QStringLiteral("^\\d+(?:\\.\\d+)?[BMKkx]?$"));
    if (t.size() < 2 || genericAcronyms().contains(t) || !hasLetter(t) || quantity.match(t).hasMatch() ||
        quantity.match(parts.constFirst()).hasMatch()) // "1.1B-parameter", "16-expert"
        return {};
    const bool camel = hasInnerUpper(t) && t.at(0).isLetter();
    const bool digitName = hasDigit(t) && hasUpper(t);
    const bool capitalised = !titleCase && !w.sentenceStart && t.at(0).isUpper() && !isStopWord(t.toLower());
    return camel || digitName || capitalised ? t : QString();
}

bool isTitleCase(const QList<Word> &all)
{
    int n = 0, caps = 0;
    for (const Word &w : all) {
        if (w.text.size() < 2 || isStopWord(w.text.toLower()))
            continue;
        ++n;
        caps += w.text.at(0).isUpper() ? 1 : 0;
    }
    return n >= 3 && caps * 10 >= n * 6;
}

struct NameSpan
{
    QString name;
    int first = 0; // word indexes
    int last = 0;
};

QList<NameSpan> nameSpans(const QString &text, const QList<Word> &all)
{
    // Only a title (no closing punctuation) can be in Title Case; a question or a sentence with
    // several names is not.
    const QString trimmed = text.trimmed();
    const bool sentence = trimmed.endsWith(u'.') || trimmed.endsWith(u'?') || trimmed.endsWith(u'!');
    const bool titleCase = !sentence && isTitleCase(all);
    QList<NameSpan> out;
    for (int i = 0; i < all.size(); ++i) {
        const QString n = nameOf(all.at(i), titleCase);
        if (n.isEmpty())
            continue;
        // Adjacent names separated only by a space are one name ("Mixtral 8x7B").
        if (!out.isEmpty() && out.constLast().last == i - 1 &&
            text.mid(all.at(i - 1).end, all.at(i).start - all.at(i - 1).end) == QStringLiteral(" ") &&
            nameOf(all.at(i - 1), titleCase).size() == all.at(i - 1).text.size()) {
            out.last().name += u' ' + n;
            out.last().last = i;
            continue;
        }
        out.append({n, i, i});
    }
    return out;
}

QStringList lowerParts(const QString &text)
{
    static const QRegularExpression split(QStringLiteral("[^\\p{L}\\p{N}]+"), QRegularExpression::UseUnicodePropertiesOption);
    return text.toLower().split(split, Qt::SkipEmptyParts);
}

// The stem the claims module gives a word, or empty for a stop word.
QString stemOf(const QString &word)
{
    const QStringList t = contentTerms(word);
    return t.size() == 1 ? t.first() : QString();
}

bool isWordTerm(const QString &lowerPart)
{
    if (lowerPart.size() < 3 || !hasLetter(lowerPart) || scaffolding().contains(lowerPart))
        return false;
    return !stemOf(lowerPart).isEmpty();
}

QStringList lookupsFor(const QString &lowerPart)
{
    QStringList l{lowerPart};
    const QString s = stemOf(lowerPart);
    if (!s.isEmpty() && s != lowerPart)
        l.append(s);
    if (lowerPart.endsWith(u's'))
        l.append(lowerPart.chopped(1));
    else
        l.append(lowerPart + u's');
    return l;
}

double weightFor(qint64 df, qint64 n)
{
    return std::log((1.0 + double(std::max<qint64>(n, 0))) / (1.0 + double(std::clamp<qint64>(df, 0, std::max<qint64>(n, 0)))));
}

QJsonArray toArray(const QStringList &l) { return QJsonArray::fromStringList(l); }
QStringList toList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out.append(x.toString());
    return out;
}

} // namespace

// ---- rule and profile ---------------------------------------------------------------------------

double QuestionProfile::totalWeight() const
{
    double sum = 0;
    for (const QuestionTerm &t : terms)
        sum += t.weight;
    return sum;
}

QStringList QuestionProfile::requiredTerms() const
{
    QStringList out;
    for (const QuestionTerm &t : terms)
        if (t.required)
            out.append(t.text);
    return out;
}

QJsonObject QuestionProfile::toJson() const
{
    QJsonArray rows;
    for (const QuestionTerm &t : terms)
        rows.append(QJsonObject{{QStringLiteral("term"), t.text},
                                {QStringLiteral("key"), t.key},
                                {QStringLiteral("position"), t.position},
                                {QStringLiteral("df"), t.df},
                                {QStringLiteral("weight"), std::round(t.weight * 1000.0) / 1000.0},
                                {QStringLiteral("required"), t.required},
                                {QStringLiteral("name"), t.name}});
    return {{QStringLiteral("question"), question},
            {QStringLiteral("documents"), documents},
            {QStringLiteral("rule"), rule.toJson()},
            {QStringLiteral("terms"), rows}};
}

QuestionProfile QuestionProfile::fromJson(const QJsonObject &o)
{
    QuestionProfile p;
    p.question = o.value(QStringLiteral("question")).toString();
    p.documents = o.value(QStringLiteral("documents")).toInteger();
    p.rule = CoverageRule::fromJson(o.value(QStringLiteral("rule")).toObject());
    for (const QJsonValue &v : o.value(QStringLiteral("terms")).toArray()) {
        const QJsonObject t = v.toObject();
        p.terms.append({t.value(QStringLiteral("term")).toString(), t.value(QStringLiteral("key")).toString(),
                        t.value(QStringLiteral("position")).toInt(), t.value(QStringLiteral("df")).toInteger(),
                        t.value(QStringLiteral("weight")).toDouble(), t.value(QStringLiteral("required")).toBool(),
                        t.value(QStringLiteral("name")).toBool()});
    }
    return p;
}

// ---- names --------------------------------------------------------------------------------------

QStringList namedTerms(const QString &text)
{
    QStringList out;
    for (const NameSpan &s : nameSpans(text, words(text))) {
        const bool dup = std::any_of(out.cbegin(), out.cend(), [&](const QString &o) { return o.compare(s.name, Qt::CaseInsensitive) == 0; });
        if (!dup)
            out.append(s.name);
    }
    return out;
}

bool mentionsName(const QString &text, const QString &name)
{
    const QString target = lowerParts(name).join(QString());
    if (target.isEmpty())
        return false;
    const QStringList parts = lowerParts(text);
    for (qsizetype i = 0; i < parts.size(); ++i) {
        QString joined;
        for (qsizetype j = i; j < parts.size() && joined.size() < target.size(); ++j) {
            joined += parts.at(j);
            if (joined == target)
                return true;
        }
    }
    return false;
}

// ---- profile ------------------------------------------------------------------------------------

QStringList questionLookupWords(const QString &question)
{
    QStringList out;
    const QList<Word> all = words(question);
    for (const NameSpan &s : nameSpans(question, all))
        out += lowerParts(s.name);
    for (const Word &w : all)
        for (const QString &part : lowerParts(w.text))
            if (isWordTerm(part))
                out += lookupsFor(part);
    out.removeDuplicates();
    return out;
}

QuestionProfile profileQuestion(const QString &question, const QHash<QString, qint64> &df, qint64 n,
                                const CoverageRule &rule)
{
    QuestionProfile p;
    p.question = question;
    p.documents = n;
    p.rule = rule;
    const QList<Word> all = words(question);
    const QList<NameSpan> names = nameSpans(question, all);
    QSet<int> inName;
    for (const NameSpan &s : names)
        for (int i = s.first; i <= s.last; ++i)
            inName.insert(i);
    QSet<QString> seen;
    int nameIndex = 0;
    for (int i = 0; i < all.size(); ++i) {
        if (inName.contains(i)) {
            const NameSpan &s = names.at(nameIndex);
            if (s.first != i)
                continue;
            ++nameIndex;
            const QStringList parts = lowerParts(s.name);
            const QString key = parts.join(u'-');
            if (seen.contains(key))
                continue;
            seen.insert(key);
            qint64 rarest = -1;
            for (const QString &part : parts)
                rarest = rarest < 0 ? df.value(part, 0) : std::min(rarest, df.value(part, 0));
            QuestionTerm t;
            t.text = s.name;
            t.key = key;
            t.position = i;
            t.df = std::max<qint64>(rarest, 0);
            t.weight = weightFor(t.df, n);
            t.name = true;
            t.required = n <= 0 || double(t.df) <= rule.genericNameShare * double(n);
            p.terms.append(t);
            continue;
        }
        // Hyphenated words count by their parts ("vision-language" -> vision, language).
        static const QRegularExpression split(QStringLiteral("[^\\p{L}\\p{N}]+"), QRegularExpression::UseUnicodePropertiesOption);
        for (const QString &surface : all.at(i).text.split(split, Qt::SkipEmptyParts)) {
            const QString part = surface.toLower();
            if (!isWordTerm(part))
                continue;
            const QString key = stemOf(part);
            if (seen.contains(key))
                continue;
            seen.insert(key);
            qint64 d = 0;
            for (const QString &l : lookupsFor(part))
                d = std::max(d, df.value(l, 0));
            QuestionTerm t;
            t.text = surface;
            t.key = key;
            t.position = i;
            t.df = d;
            t.weight = weightFor(d, n);
            p.terms.append(t);
        }
    }
    return p;
}

// ---- coverage -----------------------------------------------------------------------------------

CoverageReport assessCoverage(const QuestionProfile &profile, const QList<std::pair<int, QString>> &claims)
{
    CoverageReport r;
    const double total = profile.totalWeight();
    QSet<int> coveredTerms; // indexes into profile.terms
    for (const auto &[ordinal, text] : claims) {
        const QStringList stems = contentTerms(text);
        const QSet<QString> stemSet(stems.cbegin(), stems.cend());
        ClaimCoverage c;
        c.ordinal = ordinal;
        double w = 0;
        bool required = false;
        for (qsizetype i = 0; i < profile.terms.size(); ++i) {
            const QuestionTerm &t = profile.terms.at(i);
            const bool hit = t.name ? mentionsName(text, t.text) : stemSet.contains(t.key);
            if (!hit)
                continue;
            c.covered.append(t.text);
            w += t.weight;
            required = required || t.required;
            coveredTerms.insert(int(i));
        }
        c.weightShare = total > 0 ? w / total : (c.covered.isEmpty() ? 0.0 : 1.0);
        c.addresses = required || (!c.covered.isEmpty() && c.weightShare >= profile.rule.claimMinShare);
        r.claims.append(c);
    }
    double covered = 0;
    // Uncovered words that stand next to each other in the question form one phrase.
    struct Phrase
    {
        QList<const QuestionTerm *> words;
        bool name = false;
        QString text() const
        {
            QStringList t;
            for (const QuestionTerm *w : words)
                t.append(w->text);
            return t.join(u' ');
        }
    };
    QList<Phrase> phrases;
    for (qsizetype i = 0; i < profile.terms.size(); ++i) {
        const QuestionTerm &t = profile.terms.at(i);
        if (coveredTerms.contains(int(i))) {
            r.covered.append(t.text);
            covered += t.weight;
            continue;
        }
        if (t.required)
            r.uncoveredRequired.append(t.text);
        const bool joins = !t.name && !phrases.isEmpty() && !phrases.constLast().name &&
                           t.position <= phrases.constLast().words.constLast()->position + 1;
        if (joins)
            phrases.last().words.append(&t);
        else
            phrases.append({{&t}, t.name});
    }
    for (const Phrase &ph : std::as_const(phrases))
        r.uncovered.append(ph.text());
    r.weightShare = total > 0 ? covered / total : 1.0;
    r.addressed = r.uncoveredRequired.isEmpty() && r.weightShare >= profile.rule.minWeightShare;

    // What a reason names: the required terms first, then the specific uncovered phrases (field
    // words trimmed from their ends; each remaining word at least half as specific as a word found
    // in no document), most specific first.
    r.notCovered = r.uncoveredRequired;
    const double half = 0.5 * weightFor(0, profile.documents);
    QList<std::pair<double, QString>> specific;
    for (Phrase ph : std::as_const(phrases)) {
        if (ph.name || half <= 0)
            continue;
        while (!ph.words.isEmpty() && ph.words.constFirst()->weight < half)
            ph.words.removeFirst();
        while (!ph.words.isEmpty() && ph.words.constLast()->weight < half)
            ph.words.removeLast();
        if (ph.words.isEmpty())
            continue;
        double w = 0;
        for (const QuestionTerm *t : std::as_const(ph.words))
            w += t->weight;
        if (w / ph.words.size() >= half)
            specific.append({w, ph.text()});
    }
    std::stable_sort(specific.begin(), specific.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    for (const auto &[w, text] : std::as_const(specific)) {
        if (r.notCovered.size() >= 6)
            break;
        r.notCovered.append(text);
    }
    return r;
}

QString CoverageReport::notCoveredText() const
{
    return notCovered.isEmpty() ? QString() : QStringLiteral("not covered: ") + notCovered.join(QStringLiteral(", "));
}

const ClaimCoverage *CoverageReport::forClaim(int ordinal) const
{
    for (const ClaimCoverage &c : claims)
        if (c.ordinal == ordinal)
            return &c;
    return nullptr;
}

QJsonObject CoverageReport::toJson() const
{
    QJsonArray rows;
    for (const ClaimCoverage &c : claims)
        rows.append(QJsonObject{{QStringLiteral("claim"), c.ordinal},
                                {QStringLiteral("covers"), toArray(c.covered)},
                                {QStringLiteral("weight_share"), std::round(c.weightShare * 1000.0) / 1000.0},
                                {QStringLiteral("addresses"), c.addresses}});
    return {{QStringLiteral("addressed"), addressed},
            {QStringLiteral("weight_share"), std::round(weightShare * 1000.0) / 1000.0},
            {QStringLiteral("covered"), toArray(covered)},
            {QStringLiteral("uncovered_required"), toArray(uncoveredRequired)},
            {QStringLiteral("uncovered"), toArray(uncovered)},
            {QStringLiteral("not_covered"), toArray(notCovered)},
            {QStringLiteral("claims"), rows}};
}

CoverageReport CoverageReport::fromJson(const QJsonObject &o)
{
    CoverageReport r;
    r.addressed = o.value(QStringLiteral("addressed")).toBool();
    r.weightShare = o.value(QStringLiteral("weight_share")).toDouble();
    r.covered = toList(o.value(QStringLiteral("covered")));
    r.uncoveredRequired = toList(o.value(QStringLiteral("uncovered_required")));
    r.uncovered = toList(o.value(QStringLiteral("uncovered")));
    r.notCovered = toList(o.value(QStringLiteral("not_covered")));
    for (const QJsonValue &v : o.value(QStringLiteral("claims")).toArray()) {
        const QJsonObject c = v.toObject();
        r.claims.append({c.value(QStringLiteral("claim")).toInt(), toList(c.value(QStringLiteral("covers"))),
                         c.value(QStringLiteral("weight_share")).toDouble(), c.value(QStringLiteral("addresses")).toBool()});
    }
    return r;
}

} // namespace Sovereign::Pipeline
