#include "claims.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace Sovereign::Pipeline {

namespace {

// Words after which a period does not end a sentence (compared lower-cased, without the dot).
const QSet<QString> &abbreviations()
{
    static const QSet<QString> set = {
        QStringLiteral("e.g"), QStringLiteral("i.e"), QStringLiteral("al"),  QStringLiteral("vs"),
        QStringLiteral("cf"),  QStringLiteral("fig"), QStringLiteral("figs"), QStringLiteral("eq"),
        QStringLiteral("eqs"), QStringLiteral("sec"), QStringLiteral("secs"), QStringLiteral("approx"),
        QStringLiteral("resp"), QStringLiteral("no"), QStringLiteral("nos"), QStringLiteral("dr"),
        QStringLiteral("mr"),  QStringLiteral("ms"),  QStringLiteral("prof"), QStringLiteral("ref"),
        QStringLiteral("refs"), QStringLiteral("tab"), QStringLiteral("vol"), QStringLiteral("pp"),
        QStringLiteral("ca"),  QStringLiteral("viz"), QStringLiteral("incl"), QStringLiteral("esp"),
        QStringLiteral("st"),  QStringLiteral("jr"),  QStringLiteral("sr"),   QStringLiteral("inc"),
        QStringLiteral("ltd"), QStringLiteral("co"),  QStringLiteral("corp"), QStringLiteral("dept"),
        QStringLiteral("univ"), QStringLiteral("et"),
    };
    return set;
}

bool isOpen(QChar c) { return c == u'(' || c == u'[' || c == u'{'; }
bool isClose(QChar c) { return c == u')' || c == u']' || c == u'}'; }
bool isQuote(QChar c) { return c == u'"' || c == u'\'' || c == u'\u201d' || c == u'\u2019'; }

// The word that ends at position `dot` (exclusive), e.g. "e.g" for "... e.g." at the second dot.
QString wordBefore(const QString &text, qsizetype dot)
{
    qsizetype start = dot;
    while (start > 0 && !text.at(start - 1).isSpace() && !isOpen(text.at(start - 1)))
        --start;
    return text.mid(start, dot - start);
}

bool isAbbreviation(const QString &word)
{
    if (word.isEmpty())
        return false;
    const QString w = word.toLower();
    if (abbreviations().contains(w))
        return true;
    // Initials ("J."), and dotted acronyms ("U.S", "e.g" in odd spellings).
    if (word.size() == 1 && word.at(0).isUpper())
        return true;
    static const QRegularExpression dotted(QStringLiteral("^(?:\\w\\.)+\\w$"));
    return dotted.match(word).hasMatch();
}

void pushSentence(QStringList &out, QString s)
{
    s = s.simplified();
    if (!s.isEmpty())
        out.append(s);
}

// One line-level block (a paragraph, a heading or a bullet) into sentences.
void splitBlock(const QString &block, QStringList &out)
{
    int depth = 0;
    qsizetype start = 0;
    const qsizetype n = block.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = block.at(i);
        if (isOpen(c)) {
            ++depth;
            continue;
        }
        if (isClose(c)) {
            depth = std::max(0, depth - 1);
            continue;
        }
        if (depth > 0 || (c != u'.' && c != u'!' && c != u'?'))
            continue;
        // Extend over runs of terminators and closing quotes: "ends here?!" or 'here."'.
        qsizetype end = i + 1;
        while (end < n && (block.at(end) == u'.' || block.at(end) == u'!' || block.at(end) == u'?' ||
                           isQuote(block.at(end))))
            ++end;
        if (end < n && !block.at(end).isSpace())
            continue; // "3.4", "e.g", "arxiv.org"
        if (c == u'.' && end == i + 1 && isAbbreviation(wordBefore(block, i)))
            continue;
        // A period followed by a lower-case word is rarely a boundary ("approx. three", "et al. show").
        if (c == u'.') {
            qsizetype k = end;
            while (k < n && block.at(k).isSpace())
                ++k;
            if (k < n && block.at(k).isLower())
                continue;
        }
        pushSentence(out, block.mid(start, end - start));
        start = end;
        i = end - 1;
    }
    pushSentence(out, block.mid(start));
}

} // namespace

QStringList segmentSentences(const QString &text)
{
    QStringList out;
    QString normalised = text;
    normalised.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    // Blocks: blank-line paragraphs; headings and bullets stand alone; soft line breaks join.
    static const QRegularExpression heading(QStringLiteral("^\\s*(#{1,6}\\s+|[-*+]\\s+|\\d+[.)]\\s+)"));
    QString block;
    const auto flush = [&] {
        if (!block.trimmed().isEmpty())
            splitBlock(block, out);
        block.clear();
    };
    const QStringList lines = normalised.split(u'\n');
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty()) {
            flush();
            continue;
        }
        const auto m = heading.match(line);
        if (m.hasMatch()) {
            flush();
            QString rest = line.mid(m.capturedEnd());
            if (m.captured(1).trimmed().startsWith(u'#')) {
                pushSentence(out, rest);
                continue;
            }
            block = rest;
            continue;
        }
        if (!block.isEmpty())
            block += u' ';
        block += line;
    }
    flush();
    return out;
}

namespace {

struct Cue
{
    QRegularExpression re;
    double weight;
    QString label;
};

QRegularExpression ci(const QString &pattern)
{
    return QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption |
                                           QRegularExpression::UseUnicodePropertiesOption);
}

const QList<Cue> &cues()
{
    static const QList<Cue> list = {
        {ci(QStringLiteral("\\bwe (?:show|release|propose|find|found|introduce|present|demonstrate|observe|report|"
                           "establish|prove|achieve|obtain|develop|design|open-source)\\b")),
         1.5, QStringLiteral("research act")},
        {ci(QStringLiteral("\\b(?:outperform|outperforms|outperformed|surpass(?:es|ed)?|exceed(?:s|ed)?|beats?|"
                           "improve[sd]?|improvements?|achieve[sd]?|reduce[sd]?|reduction|increase[sd]?|"
                           "match(?:es|ed)?|yield(?:s|ed)?|reach(?:es|ed)?|enables?|attains?|lowers?|cuts?|raise[sd]?|rises?|boosts?|doubles?|halves?|"
                           "speeds? up|accelerates?|stabili[sz]es?|emerges?|lags?)\\b")),
         1.5, QStringLiteral("result verb")},
        {ci(QStringLiteral("\\b(?:shows?|demonstrates?|reveals?|indicates?|confirms?|suggests?) that\\b")), 1.0,
         QStringLiteral("finding")},
        {ci(QStringLiteral("\\b(?:than|compared (?:to|with)|relative to|versus|vs\\.|over (?:the )?(?:dense |strong )?"
                           "baselines?|better|worse|faster|slower|higher|lower|fewer|state-of-the-art|"
                           "consistently|significantly)\\b")),
         1.0, QStringLiteral("comparison")},
        {ci(QStringLiteral("\\d+(?:[.,]\\d+)*")), 1.0, QStringLiteral("number")},
        {ci(QStringLiteral("\\d+(?:\\.\\d+)?\\s*(?:%|x\\b|\\x{00d7}|points?\\b|pp\\b)")), 0.5,
         QStringLiteral("quantity")},
        {QRegularExpression(QStringLiteral("\\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+\\b|\\b[A-Z]{2,}[a-z]*\\b")), 0.5,
         QStringLiteral("named method")},
        {ci(QStringLiteral("\\b(?:may|might|could|possibly|we hope|we believe|potentially)\\b")), -0.5,
         QStringLiteral("hedge")},
        {ci(QStringLiteral("^(?:recent|in recent years|increasingly|however|yet|despite|while|although)\\b|"
                           "\\b(?:remains? (?:unclear|open|challenging)|still lack|has been|have been widely)\\b")),
         -0.75, QStringLiteral("background")},
    };
    return list;
}

QString stripDiscourseMarker(const QString &s)
{
    static const QRegularExpression marker(
        ci(QStringLiteral("^(?:in addition|moreover|furthermore|additionally|finally|overall|notably|importantly|"
                          "in particular|specifically|concretely|to this end|as a result),\\s+")));
    const auto m = marker.match(s);
    if (!m.hasMatch())
        return s;
    QString rest = s.mid(m.capturedEnd());
    if (!rest.isEmpty())
        rest[0] = rest.at(0).toUpper();
    return rest;
}

QString formatWeight(double w)
{
    return (w >= 0 ? QStringLiteral("+") : QString()) + QString::number(w, 'f', 2);
}

} // namespace

QList<ClaimCandidate> scoreSentences(const QString &text)
{
    QList<ClaimCandidate> out;
    const QStringList sentences = segmentSentences(text);
    for (qsizetype i = 0; i < sentences.size(); ++i) {
        ClaimCandidate c;
        c.sentence = sentences.at(i);
        c.text = stripDiscourseMarker(c.sentence);
        c.index = int(i);
        for (const Cue &cue : cues()) {
            const auto m = cue.re.match(c.sentence);
            if (!m.hasMatch())
                continue;
            c.score += cue.weight;
            c.reasons.append(QStringLiteral("%1 %2 '%3'").arg(formatWeight(cue.weight), cue.label, m.captured(0)));
        }
        const qsizetype words = c.sentence.split(u' ', Qt::SkipEmptyParts).size();
        if (words < 6) {
            c.score -= 2.0;
            c.reasons.append(QStringLiteral("-2.00 fewer than 6 words"));
        } else if (words > 60) {
            c.score -= 1.0;
            c.reasons.append(QStringLiteral("-1.00 more than 60 words"));
        }
        if (c.sentence.endsWith(u'?')) {
            c.score -= 3.0;
            c.reasons.append(QStringLiteral("-3.00 a question"));
        }
        if (!c.sentence.back().isPunct()) {
            c.score -= 1.0;
            c.reasons.append(QStringLiteral("-1.00 no closing punctuation (heading or fragment)"));
        }
        out.append(c);
    }
    return out;
}

QList<ClaimCandidate> extractClaims(const QString &text, int maxClaims, double minScore)
{
    QList<ClaimCandidate> all = scoreSentences(text);
    QList<ClaimCandidate> kept;
    for (const ClaimCandidate &c : std::as_const(all))
        if (c.score >= minScore)
            kept.append(c);
    // Highest score first; earlier sentence wins a tie, so the choice is deterministic.
    std::stable_sort(kept.begin(), kept.end(),
                     [](const ClaimCandidate &a, const ClaimCandidate &b) { return a.score > b.score; });
    if (maxClaims >= 0 && kept.size() > maxClaims)
        kept.resize(maxClaims);
    std::sort(kept.begin(), kept.end(), [](const ClaimCandidate &a, const ClaimCandidate &b) { return a.index < b.index; });
    return kept;
}

namespace {

const QSet<QString> &stopWords()
{
    static const QSet<QString> set = [] {
        QSet<QString> s;
        const char *words[] = {
            "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our",
            "out", "has", "have", "how", "its", "may", "new", "now", "old", "see", "two", "way", "who", "did",
            "does", "doe", "what", "when", "where", "which", "while", "with", "within", "without", "this", "that",
            "these", "those", "there", "their", "them", "they", "then", "than", "from", "into", "onto", "over",
            "under", "between", "across", "about", "after", "before", "other", "such", "some", "more", "most",
            "less", "much", "many", "each", "both", "also", "only", "very", "well", "whether", "would", "could",
            "should", "will", "shall", "being", "been", "were", "is", "it", "of", "on", "or", "to", "in", "as",
            "at", "by", "an", "be", "we", "us", "do", "if", "so", "no", "up", "via", "using", "use", "used",
            "based", "approach", "method", "methods", "task", "tasks", "paper", "work", "study", "result",
            "results", "show", "shows", "per", "versus", "relative", "compared", "among", "under", "like",
        };
        for (const char *w : words)
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return set;
}

QString stem(QString w)
{
    if (w.size() > 5 && w.endsWith(QStringLiteral("ing")))
        w.chop(3);
    else if (w.size() > 4 && w.endsWith(QStringLiteral("ies")))
        w = w.left(w.size() - 3) + u'y';
    else if (w.size() > 4 && w.endsWith(QStringLiteral("ed")))
        w.chop(2);
    else if (w.size() > 3 && w.endsWith(u's') && !w.endsWith(QStringLiteral("ss")))
        w.chop(1);
    return w;
}

} // namespace

namespace {
// Each content word of a text once (by its stem), in order: {stem, the word as written, lower case}.
QList<std::pair<QString, QString>> contentTermsWithWords(const QString &text)
{
    static const QRegularExpression word(QStringLiteral("[\\w][\\w-]*"),
                                         QRegularExpression::UseUnicodePropertiesOption);
    QList<std::pair<QString, QString>> out;
    QSet<QString> seen;
    auto it = word.globalMatch(text.toLower());
    while (it.hasNext()) {
        const QString token = it.next().captured(0);
        // Hyphenated names count by their parts ("flame-moe" -> "flame", "moe"), so "MoE" in a
        // question meets "FLAME-MoE" in a claim.
        const QStringList parts = token.contains(u'-') ? token.split(u'-', Qt::SkipEmptyParts) : QStringList{token};
        for (const QString &p : std::as_const(parts)) {
            if (p.size() < 3 || stopWords().contains(p))
                continue;
            const QString s = stem(p);
            if (!seen.contains(s)) {
                seen.insert(s);
                out.append({s, p});
            }
        }
    }
    return out;
}
} // namespace

QStringList contentTerms(const QString &text)
{
    QStringList out;
    for (const auto &[stemmed, word] : contentTermsWithWords(text))
        out.append(stemmed);
    return out;
}

QStringList contentTermWords(const QString &text)
{
    QStringList out;
    for (const auto &[stemmed, word] : contentTermsWithWords(text))
        out.append(word);
    return out;
}

QStringList sharedTerms(const QString &claim, const QStringList &questionTerms)
{
    const QStringList claimTerms = contentTerms(claim);
    const QSet<QString> c(claimTerms.cbegin(), claimTerms.cend());
    QStringList shared;
    for (const QString &t : questionTerms)
        if (c.contains(t))
            shared.append(t);
    return shared;
}

bool addressesQuestion(const QString &claim, const QStringList &questionTerms)
{
    if (questionTerms.isEmpty())
        return false;
    const qsizetype need = std::min<qsizetype>(2, questionTerms.size());
    return sharedTerms(claim, questionTerms).size() >= need;
}

} // namespace Sovereign::Pipeline
