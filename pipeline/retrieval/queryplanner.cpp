#include "queryplanner.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace Sovereign::Pipeline {

namespace {

// Words that carry no topic in a research question. Deliberately includes question scaffolding
// ("does", "whether", "relative") that plain English stop lists keep.
const QSet<QString> &stopWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char *w :
             {"a", "about", "above", "across", "after", "again", "against", "all", "also", "am", "among", "an", "and",
              "any", "are", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by",
              "can", "could", "did", "do", "does", "doing", "during", "each", "eg", "either", "etc", "few", "for",
              "from", "further", "had", "has", "have", "having", "how", "however", "ie", "if", "in", "into", "is",
              "it", "its", "itself", "just", "less", "like", "may", "might", "more", "most", "much", "must", "no",
              "nor", "not", "of", "off", "on", "once", "one", "only", "or", "other", "others", "our", "out", "over",
              "own", "per", "same", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
              "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon",
              "us", "versus", "very", "via", "vs", "was", "we", "were", "what", "when", "where", "whether", "which",
              "while", "who", "whom", "why", "will", "with", "within", "without", "would", "yet", "you", "your",
              // question scaffolding
              "approach", "approaches", "compare", "compared", "comparison", "affect", "affects", "effect",
              "effects", "extent", "generalize", "generalise", "generalizes", "generalises", "hold", "holds",
              "impact", "relative", "respect", "tasks", "task", "trade", "off", "tradeoff", "well", "work",
              "works", "using", "use", "used", "based", "new", "novel", "paper", "papers", "study", "show",
              "shows", "propose", "proposed", "method", "methods", "versus"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

// Acronyms too generic to identify a method.
const QSet<QString> &genericNames()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char *w : {"AI", "ML", "NLP", "LLM", "LLMs", "QA", "GPU", "GPUs", "CPU", "CPUs", "API", "APIs",
                              "SOTA", "TPU", "TPUs", "CV", "IR", "I", "II", "III", "IV", "DNN", "DNNs", "NN"})
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

struct Token
{
    QString text;
    bool sentenceStart = false;
};

// Word-like tokens keeping inner hyphens ("Switch-MoE", "mixture-of-experts") and decimal points
// between digits ("4.1"), with a flag for the first word of a sentence.
QList<Token> tokens(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+|(?<=\\p{N})\\.\\p{N}+)*"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    QList<Token> out;
    qsizetype last = 0;
    bool start = true;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QStringView between = QStringView(text).mid(last, m.capturedStart() - last);
        if (between.contains(QLatin1Char('.')) || between.contains(QLatin1Char('?')) || between.contains(QLatin1Char('!')) ||
            between.contains(QLatin1Char(':')) || between.contains(QLatin1Char('\n')))
            start = true;
        // "e.g." / "i.e." end in a period that is not a sentence end.
        const QString word = m.captured(0);
        out.append({word, start});
        start = false;
        if (word.size() <= 2 && text.mid(m.capturedEnd(), 1) == QStringLiteral(".") && word.at(0).isLower())
            last = m.capturedEnd() + 1;
        else
            last = m.capturedEnd();
    }
    return out;
}

bool hasInnerUpper(const QString &w)
{
    // An upper-case letter right after another letter: MoE, DeepSeek, FLAME; not End-to-End.
    for (qsizetype i = 1; i < w.size(); ++i) {
        if (w.at(i).isUpper() && w.at(i - 1).isLetter())
            return true;
    }
    return false;
}

bool mixesLettersAndDigits(const QString &w)
{
    bool letter = false, digit = false;
    for (const QChar c : w) {
        letter = letter || c.isLetter();
        digit = digit || c.isDigit();
    }
    return letter && digit;
}

bool isNumber(const QString &w)
{
    for (const QChar c : w) {
        if (!c.isDigit() && c != QLatin1Char('.'))
            return false;
    }
    return true;
}

QStringList wordParts(const QString &token)
{
    return token.toLower().split(QLatin1Char('-'), Qt::SkipEmptyParts);
}

struct Ranked
{
    QString term;
    double score = 0;
    bool known = false; // occurs in the corpus
    int order = 0;
};

QStringList topRanked(QList<Ranked> items, int n)
{
    std::stable_sort(items.begin(), items.end(), [](const Ranked &a, const Ranked &b) {
        if (a.known != b.known)
            return a.known;
        if (a.score != b.score)
            return a.score > b.score;
        return a.order < b.order;
    });
    QStringList out;
    for (const Ranked &r : std::as_const(items)) {
        if (out.size() >= n)
            break;
        out.append(r.term);
    }
    return out;
}

QStringList idfTerms(const QStringList &words, const QHash<QString, qint64> &df, qint64 n, int count)
{
    QList<Ranked> items;
    QSet<QString> seen;
    for (const QString &w : words) {
        if (seen.contains(w))
            continue;
        seen.insert(w);
        const qint64 d = df.value(w, 0);
        items.append({w, plannerIdf(d, n), d > 0, int(items.size())});
    }
    return topRanked(items, count);
}

QString quoted(const QString &phrase) { return QLatin1Char('"') + phrase + QLatin1Char('"'); }

// Postings FTS5 reads for a term or phrase: the document frequencies of its words (unknown words: 0).
qint64 postings(const QString &term, const QHash<QString, qint64> &df)
{
    qint64 sum = 0;
    for (const QString &w : contentWords(term))
        sum += df.value(w, 0);
    return sum;
}

// The terms that fit the budget, rarest first, in their original order; the rarest always stays.
QStringList withinBudget(const QStringList &terms, const QHash<QString, qint64> &df, qint64 budget)
{
    if (budget <= 0 || terms.size() <= 1)
        return terms;
    QList<QPair<qint64, qsizetype>> cost;
    for (qsizetype i = 0; i < terms.size(); ++i)
        cost.append({postings(terms.at(i), df), i});
    std::stable_sort(cost.begin(), cost.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<bool> keep(terms.size(), false);
    qint64 total = 0;
    for (qsizetype k = 0; k < cost.size(); ++k) {
        if (k > 0 && total + cost.at(k).first > budget)
            break;
        total += cost.at(k).first;
        keep[cost.at(k).second] = true;
    }
    QStringList out;
    for (qsizetype i = 0; i < terms.size(); ++i) {
        if (keep.at(i))
            out.append(terms.at(i));
    }
    return out;
}

} // namespace

bool isPlannerStopWord(const QString &lowerWord) { return stopWords().contains(lowerWord); }

double plannerIdf(qint64 df, qint64 corpusSize)
{
    return std::log((1.0 + double(std::max<qint64>(corpusSize, 0))) / (1.0 + double(std::max<qint64>(df, 0)))) + 1.0;
}

QStringList contentWords(const QString &text)
{
    QStringList out;
    for (const Token &t : tokens(text)) {
        for (const QString &part : wordParts(t.text)) {
            if (part.size() < 2 || isNumber(part) || isPlannerStopWord(part))
                continue;
            out.append(part);
        }
    }
    return out;
}

QStringList namedMethods(const QString &text)
{
    QStringList out;
    auto add = [&out](const QString &name) {
        for (const QString &o : std::as_const(out)) {
            if (o.compare(name, Qt::CaseInsensitive) == 0)
                return;
        }
        out.append(name);
    };
    const QList<Token> all = tokens(text);
    // In Title Case text (most titles) a capital letter says nothing; only inner capitals, digits
    // and hyphenated names count there.
    int words = 0, capitalisedWords = 0;
    for (const Token &t : all) {
        if (t.text.size() < 2 || isPlannerStopWord(t.text.toLower()))
            continue;
        ++words;
        capitalisedWords += t.text.at(0).isUpper() ? 1 : 0;
    }
    const bool titleCase = words >= 3 && capitalisedWords * 10 >= words * 6;
    for (const Token &t : all) {
        const QString &w = t.text;
        if (w.size() < 2 || isNumber(w) || genericNames().contains(w))
            continue;
        const bool hyphenNamed = w.contains(QLatin1Char('-')) && (hasInnerUpper(w) || mixesLettersAndDigits(w));
        const bool camel = hasInnerUpper(w) && w.at(0).isLetter();
        const bool alnum = mixesLettersAndDigits(w);
        const bool capitalised = !titleCase && w.at(0).isUpper() && !t.sentenceStart && !isPlannerStopWord(w.toLower());
        if (hyphenNamed || camel || alnum || capitalised)
            add(w);
    }
    return out;
}

QStringList plannerTerms(const QString &question, const QString &sourceTitle)
{
    QStringList terms = contentWords(question) + contentWords(sourceTitle);
    terms.removeDuplicates();
    return terms;
}

QList<PlannedQuery> planQueries(const QString &question, const QString &sourceTitle,
                                const QHash<QString, qint64> &df, qint64 n, const PlannerOptions &options)
{
    const QStringList questionWords = contentWords(question);
    const QStringList titleWords = contentWords(sourceTitle);
    const QStringList allWords = questionWords + titleWords;
    const QStringList titleFallback = idfTerms(titleWords.isEmpty() ? questionWords : titleWords, df, n, options.idfTerms);

    QList<PlannedQuery> queries;
    // Each query keeps the terms within the posting budget; its text is rebuilt from them.
    auto push = [&queries, &df, &options](const QString &strategy, const QStringList &allTerms, const QString &allText) {
        const QStringList terms = withinBudget(allTerms, df, options.postingBudget);
        QString text = allText;
        if (terms.size() != allTerms.size()) {
            QStringList parts;
            for (const QString &t : terms)
                parts.append(allText.contains(quoted(t)) ? quoted(t) : t);
            text = parts.join(QLatin1Char(' '));
        }
        queries.append({int(queries.size()) + 1, strategy, text, terms});
    };

    // 1. idf terms
    const QStringList idf = idfTerms(allWords, df, n, options.idfTerms);
    push(StrategyIdfTerms, idf, idf.join(QLatin1Char(' ')));

    // 2. bigrams of adjacent content words, per text (never across question and title)
    QList<Ranked> pairs;
    QSet<QString> seenPairs;
    for (const QString &text : {question, sourceTitle}) {
        QStringList run; // consecutive content words; a stop word breaks the run
        auto flush = [&]() {
            for (qsizetype i = 0; i + 1 < run.size(); ++i) {
                const QString pair = run.at(i) + QLatin1Char(' ') + run.at(i + 1);
                if (run.at(i) == run.at(i + 1) || seenPairs.contains(pair))
                    continue;
                seenPairs.insert(pair);
                const qint64 d1 = df.value(run.at(i), 0), d2 = df.value(run.at(i + 1), 0);
                pairs.append({pair, plannerIdf(d1, n) + plannerIdf(d2, n), d1 > 0 && d2 > 0, int(pairs.size())});
            }
            run.clear();
        };
        for (const Token &t : tokens(text)) {
            if (t.sentenceStart)
                flush();
            for (const QString &part : wordParts(t.text)) {
                if (part.size() < 2 || isNumber(part) || isPlannerStopWord(part))
                    flush();
                else
                    run.append(part);
            }
        }
        flush();
    }
    const QStringList bigrams = topRanked(pairs, options.bigrams);
    if (!bigrams.isEmpty()) {
        QStringList texts;
        for (const QString &b : bigrams)
            texts.append(quoted(b));
        push(StrategyBigrams, bigrams, texts.join(QLatin1Char(' ')));
    } else {
        push(StrategyBigrams + QStringLiteral(" (fallback: title terms)"), titleFallback, titleFallback.join(QLatin1Char(' ')));
    }

    // 3. named methods and models
    QStringList names;
    const qsizetype colon = sourceTitle.indexOf(QLatin1Char(':'));
    if (colon > 0) {
        const QString head = sourceTitle.left(colon).simplified();
        if (!head.isEmpty() && head.count(QLatin1Char(' ')) < 4)
            names.append(head);
    }
    for (const QString &name : namedMethods(question) + namedMethods(sourceTitle)) {
        bool dup = false;
        for (const QString &o : std::as_const(names))
            dup = dup || o.compare(name, Qt::CaseInsensitive) == 0 || (o.contains(QLatin1Char(' ')) && o.contains(name));
        if (!dup)
            names.append(name);
    }
    names = names.mid(0, options.names);
    if (!names.isEmpty()) {
        QStringList texts;
        for (const QString &name : std::as_const(names))
            texts.append(name.contains(QLatin1Char(' ')) ? quoted(name) : name);
        push(StrategyNamedMethods, names, texts.join(QLatin1Char(' ')));
    } else {
        push(StrategyNamedMethods + QStringLiteral(" (fallback: title terms)"), titleFallback, titleFallback.join(QLatin1Char(' ')));
    }

    // 4. the question's own content words
    QStringList keywords;
    for (const QString &w : questionWords) {
        if (!keywords.contains(w))
            keywords.append(w);
    }
    keywords = keywords.mid(0, options.questionWords);
    if (!keywords.isEmpty())
        push(StrategyQuestionKeywords, keywords, keywords.join(QLatin1Char(' ')));
    else
        push(StrategyQuestionKeywords + QStringLiteral(" (fallback: title terms)"), titleFallback, titleFallback.join(QLatin1Char(' ')));
    return queries;
}

Models::Result<QList<PlannedQuery>> planQueries(const Models::CorpusStore &corpus, const QString &question,
                                                const QString &sourceTitle, const PlannerOptions &options)
{
    auto n = corpus.count();
    if (!n)
        return Models::fail(n.error());
    auto df = corpus.documentFrequencies(plannerTerms(question, sourceTitle));
    if (!df)
        return Models::fail(df.error());
    return planQueries(question, sourceTitle, *df, *n, options);
}

} // namespace Sovereign::Pipeline
