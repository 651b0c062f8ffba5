#include "claimchecks.h"

#include "claims.h"
#include "questioncoverage.h"
#include "verifier.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace Sovereign::Pipeline {

namespace {

const QString UnitPercent = QStringLiteral("%");
const QString UnitTimes = QStringLiteral("x");
const QString UnitPoints = QStringLiteral("points");
const QString UnitCount = QStringLiteral("count"); // B / M / K scaled

bool isSymbolic(const QString &unit)
{
    return unit == UnitPercent || unit == UnitTimes || unit == UnitPoints || unit == UnitCount;
}

// Units agree when they are equal, or when one side names none or only a noun ("48 experts" and
// "48 routed experts" are the same quantity; "31%" and "31 points" are not).
bool compatibleUnits(const QString &a, const QString &b)
{
    if (a == b || a.isEmpty() || b.isEmpty())
        return true;
    return !isSymbolic(a) && !isSymbolic(b);
}

bool sameValue(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)}); }

QList<Quantity> quantitiesOfSentence(const QString &s)
{
    static const QRegularExpression number(
        QStringLiteral("(?<![\\p{L}\\p{N}.,])(\\d+(?:\\.\\d+)?)(?:\\s*(%|\u00d7|x(?![\\p{L}\\p{N}])|-?fold(?![\\p{L}])|points?(?![\\p{L}])|pp(?![\\p{L}])|percent(?![\\p{L}])|[BMK](?![\\p{L}\\p{N}])))?"),
        QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression nounAfter(QStringLiteral("^[\\s-]*(\\p{L}{3,})"), QRegularExpression::UseUnicodePropertiesOption);
    QList<Quantity> out;
    for (auto it = number.globalMatch(s); it.hasNext();) {
        const auto m = it.next();
        const qsizetype end = m.capturedEnd();
        // "8x7B", "3D", "H100": a number glued to letters is part of a name, not a quantity.
        if (m.captured(2).isEmpty() && end < s.size() && (s.at(end).isLetter() || s.at(end).isDigit()))
            continue;
        Quantity q;
        q.text = m.captured(0).trimmed();
        q.value = m.captured(1).toDouble();
        const QString u = m.captured(2);
        if (u == QStringLiteral("%") || u == QStringLiteral("percent"))
            q.unit = UnitPercent;
        else if (u == QStringLiteral("x") || u == QStringLiteral("\u00d7") || u.endsWith(QStringLiteral("fold")))
            q.unit = UnitTimes;
        else if (u.startsWith(QStringLiteral("point")) || u == QStringLiteral("pp"))
            q.unit = UnitPoints;
        else if (u == QStringLiteral("B") || u == QStringLiteral("M") || u == QStringLiteral("K")) {
            q.unit = UnitCount;
            q.value *= u == QStringLiteral("B") ? 1e9 : u == QStringLiteral("M") ? 1e6 : 1e3;
        } else if (const auto n = nounAfter.match(s.mid(end)); n.hasMatch()) {
            const QString noun = contentTerms(n.captured(1)).value(0);
            if (!noun.isEmpty()) {
                q.unit = noun;
                q.text += u' ' + n.captured(1);
            }
        }
        q.context = contentTerms(s.left(m.capturedStart())).mid(0);
        if (q.context.size() > 5)
            q.context = q.context.mid(q.context.size() - 5);
        out.append(q);
    }
    return out;
}

QList<QList<Quantity>> quantitiesBySentence(const QString &text)
{
    QList<QList<Quantity>> out;
    for (const QString &s : splitEvidenceSentences(text))
        out.append(quantitiesOfSentence(s));
    return out;
}

int sharedCount(const QStringList &a, const QStringList &b)
{
    const QSet<QString> sb(b.cbegin(), b.cend());
    int n = 0;
    for (const QString &x : a)
        n += sb.contains(x) ? 1 : 0;
    return n;
}

// ---- direction ----------------------------------------------------------------------------------

const QSet<QString> &upWords()
{
    static const QSet<QString> s = [] {
        QSet<QString> w;
        for (const char *x : {"increase", "increases", "increased", "increasing", "raise", "raises", "raised", "improve",
                              "improves", "improved", "improving", "boost", "boosts", "boosted", "higher", "faster",
                              "outperform", "outperforms", "outperformed", "rise", "rises", "rose", "grow", "grows", "grew",
                              "gain", "gains", "gained", "accelerate", "accelerates", "accelerated", "strengthens",
                              "stabilizes", "stabilize", "helps", "help"})
            w.insert(QString::fromLatin1(x));
        return w;
    }();
    return s;
}

const QSet<QString> &downWords()
{
    static const QSet<QString> s = [] {
        QSet<QString> w;
        for (const char *x : {"decrease", "decreases", "decreased", "decreasing", "reduce", "reduces", "reduced",
                              "lower", "lowers", "lowered", "cut", "cuts", "degrade", "degrades", "degraded", "hurt",
                              "hurts", "worsen", "worsens", "worsened", "slower", "underperform", "underperforms",
                              "underperformed", "fall", "falls", "fell", "drop", "drops", "dropped", "shrink", "shrinks",
                              "shrank", "decline", "declines", "declined", "diminish", "diminishes", "weakens",
                              "destabilizes", "destabilize", "harms", "harm"})
            w.insert(QString::fromLatin1(x));
        return w;
    }();
    return s;
}

const QSet<QString> &negations()
{
    static const QSet<QString> s = [] {
        QSet<QString> w;
        for (const char *x : {"not", "no", "never", "cannot", "fails", "fail", "failed", "neither", "nor", "doesn",
                              "didn", "don", "isn", "aren", "won", "without"})
            w.insert(QString::fromLatin1(x));
        return w;
    }();
    return s;
}

// Evaluative words (better/worse) and quantitative ones (more/less) are compared only within their
// kind: "improves perplexity" and "lowers perplexity" say the same thing.
const QSet<QString> &evaluativeWords()
{
    static const QSet<QString> s = [] {
        QSet<QString> w;
        for (const char *x : {"improve", "improves", "improved", "improving", "outperform", "outperforms", "outperformed",
                              "degrade", "degrades", "degraded", "hurt", "hurts", "worsen", "worsens", "worsened",
                              "underperform", "underperforms", "underperformed", "harms", "harm", "helps", "help",
                              "strengthens", "weakens"})
            w.insert(QString::fromLatin1(x));
        return w;
    }();
    return s;
}

// Direction words that are also nouns ("the gains", "a drop"): after a determiner they are not a
// statement.
const QSet<QString> &determiners()
{
    static const QSet<QString> s = [] {
        QSet<QString> w;
        for (const char *x : {"the", "its", "their", "our", "a", "an", "these", "this", "those", "his", "her", "any", "no"})
            w.insert(QString::fromLatin1(x));
        return w;
    }();
    return s;
}

struct Statement
{
    bool evaluative = false;
    int polarity = 0;   // +1 up, -1 down (after negation)
    bool negated = false;
    QStringList object; // content stems of the words after the direction word
    QString phrase;     // the words as written
};

QList<Statement> statements(const QString &sentence)
{
    static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList tokens;
    for (auto it = word.globalMatch(sentence); it.hasNext();)
        tokens.append(it.next().captured(0));
    QList<Statement> out;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const QString lower = tokens.at(i).toLower();
        const int base = upWords().contains(lower) ? 1 : downWords().contains(lower) ? -1 : 0;
        if (base == 0)
            continue;
        // "gains shrink": a direction word followed by another is the subject, not the statement.
        if (i + 1 < tokens.size()) {
            const QString next = tokens.at(i + 1).toLower();
            if (upWords().contains(next) || downWords().contains(next))
                continue;
        }
        if (i > 0 && determiners().contains(tokens.at(i - 1).toLower()))
            continue;
        Statement st;
        st.evaluative = evaluativeWords().contains(lower);
        for (qsizetype j = std::max<qsizetype>(0, i - 3); j < i; ++j) {
            QString t = tokens.at(j).toLower();
            t.remove(QStringLiteral("n't"));
            st.negated = st.negated || negations().contains(t) || tokens.at(j).toLower().endsWith(QStringLiteral("n't"));
        }
        st.polarity = st.negated ? -base : base;
        const QStringList after = tokens.mid(i + 1, 4);
        st.object = contentTerms(after.join(u' '));
        st.phrase = (QStringList{tokens.mid(std::max<qsizetype>(0, i - (st.negated ? 2 : 0)), (st.negated ? 2 : 0) + 1)} + after.mid(0, 3)).join(u' ');
        if (!st.object.isEmpty())
            out.append(st);
    }
    return out;
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

QList<Quantity> extractQuantities(const QString &text)
{
    QList<Quantity> out;
    for (const QList<Quantity> &s : quantitiesBySentence(text))
        out += s;
    return out;
}

QStringList numbersNotInSource(const QString &claim, const QString &sourceText)
{
    const QList<Quantity> source = extractQuantities(sourceText);
    QStringList missing;
    for (const Quantity &q : extractQuantities(claim)) {
        const bool found = std::any_of(source.cbegin(), source.cend(), [&](const Quantity &s) {
            return sameValue(s.value, q.value) && compatibleUnits(s.unit, q.unit);
        });
        if (!found && !missing.contains(q.text))
            missing.append(q.text);
    }
    return missing;
}

std::optional<Disagreement> findDisagreement(const QString &claim, const QString &passage)
{
    if (claim.trimmed().isEmpty() || passage.trimmed().isEmpty())
        return std::nullopt;
    // Numbers: a different value for the same quantity, and the claim's value nowhere.
    const QList<Quantity> passageQuantities = extractQuantities(passage);
    for (const Quantity &q : extractQuantities(claim)) {
        if (q.unit.isEmpty())
            continue;
        const bool agrees = std::any_of(passageQuantities.cbegin(), passageQuantities.cend(), [&](const Quantity &p) {
            return sameValue(p.value, q.value) && compatibleUnits(p.unit, q.unit);
        });
        if (agrees)
            continue;
        const QList<Quantity> claimQuantities = extractQuantities(claim);
        for (const Quantity &p : passageQuantities) {
            const bool claimStatesIt = std::any_of(claimQuantities.cbegin(), claimQuantities.cend(),
                                                   [&](const Quantity &c) { return sameValue(c.value, p.value); });
            if (p.unit == q.unit && !claimStatesIt && sharedCount(q.context, p.context) >= 2) {
                QStringList shared;
                for (const QString &c : q.context)
                    if (p.context.contains(c))
                        shared.append(c);
                return Disagreement{QStringLiteral("number"),
                                    QStringLiteral("the claim says %1, the passage says %2 for the same quantity (%3)")
                                        .arg(q.text, p.text, shared.join(u' '))};
            }
        }
    }
    // Direction and negation: opposite statements about the same thing.
    const QList<Statement> claimStatements = statements(claim);
    if (claimStatements.isEmpty())
        return std::nullopt;
    const QStringList claimTerms = contentTerms(claim);
    for (const QString &sentence : splitEvidenceSentences(passage)) {
        const QStringList sentenceTerms = contentTerms(sentence);
        const int overlap = sharedCount(claimTerms, sentenceTerms);
        for (const Statement &p : statements(sentence)) {
            for (const Statement &c : claimStatements) {
                if (c.polarity == p.polarity || c.evaluative != p.evaluative)
                    continue;
                const int objects = sharedCount(c.object, p.object);
                if (objects >= 2 || (objects >= 1 && overlap >= 3)) {
                    const bool negation = c.negated != p.negated;
                    return Disagreement{negation ? QStringLiteral("negation") : QStringLiteral("direction"),
                                        QStringLiteral("the claim says \u201c%1\u201d, the passage says \u201c%2\u201d")
                                            .arg(c.phrase, p.phrase)};
                }
            }
        }
    }
    return std::nullopt;
}

QString SubjectMismatch::text() const
{
    return QStringLiteral("similar wording, different subject (%1, not %2)")
        .arg(passageSubjects.join(QStringLiteral(", ")), claimSubject);
}

std::optional<SubjectMismatch> findSubjectMismatch(const QString &claim, const QString &passage,
                                                   const std::function<bool(const QString &)> &isGeneric)
{
    if (passage.trimmed().isEmpty())
        return std::nullopt;
    QString subject;
    for (const QString &n : namedTerms(claim)) {
        if (!isGeneric || !isGeneric(n)) {
            subject = n;
            break;
        }
    }
    if (subject.isEmpty() || mentionsName(passage, subject))
        return std::nullopt;
    QStringList others;
    for (const QString &n : namedTerms(passage)) {
        if ((isGeneric && isGeneric(n)) || mentionsName(claim, n))
            continue;
        others.append(n);
        if (others.size() == 2)
            break;
    }
    if (others.isEmpty())
        return std::nullopt;
    return SubjectMismatch{subject, others};
}

// ---- stored form --------------------------------------------------------------------------------

QJsonObject ClaimChecks::toJson() const
{
    QJsonObject o{{QStringLiteral("question_terms"), toArray(questionTerms)},
                  {QStringLiteral("addresses_question"), addressesQuestion},
                  {QStringLiteral("has_numbers"), hasNumbers},
                  {QStringLiteral("numbers_not_in_source"), toArray(numbersNotInSource)}};
    if (disagreement)
        o.insert(QStringLiteral("disagreement"), QJsonObject{{QStringLiteral("kind"), disagreement->kind},
                                                             {QStringLiteral("detail"), disagreement->detail}});
    if (differentSubject)
        o.insert(QStringLiteral("different_subject"),
                 QJsonObject{{QStringLiteral("claim_subject"), differentSubject->claimSubject},
                             {QStringLiteral("passage_subjects"), toArray(differentSubject->passageSubjects)},
                             {QStringLiteral("text"), differentSubject->text()}});
    return o;
}

ClaimChecks ClaimChecks::fromJson(const QJsonObject &o)
{
    ClaimChecks c;
    c.questionTerms = toList(o.value(QStringLiteral("question_terms")));
    c.addressesQuestion = o.value(QStringLiteral("addresses_question")).toBool();
    c.hasNumbers = o.value(QStringLiteral("has_numbers")).toBool();
    c.numbersNotInSource = toList(o.value(QStringLiteral("numbers_not_in_source")));
    if (const QJsonObject d = o.value(QStringLiteral("disagreement")).toObject(); !d.isEmpty())
        c.disagreement = Disagreement{d.value(QStringLiteral("kind")).toString(), d.value(QStringLiteral("detail")).toString()};
    if (const QJsonObject s = o.value(QStringLiteral("different_subject")).toObject(); !s.isEmpty())
        c.differentSubject = SubjectMismatch{s.value(QStringLiteral("claim_subject")).toString(),
                                             toList(s.value(QStringLiteral("passage_subjects")))};
    return c;
}

QStringList ClaimChecks::flags() const
{
    QStringList f;
    if (disagreement)
        f.append(QStringLiteral("evidence disagrees: ") + disagreement->detail);
    if (differentSubject)
        f.append(differentSubject->text());
    if (!numbersNotInSource.isEmpty())
        f.append(QStringLiteral("not in the source: ") + numbersNotInSource.join(QStringLiteral(", ")));
    return f;
}

} // namespace Sovereign::Pipeline
