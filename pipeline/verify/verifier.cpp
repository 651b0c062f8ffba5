#include "verifier.h"

#include <QSet>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <thread>

namespace Sovereign::Pipeline {

namespace {

constexpr char16_t CapitalSigma = u'\u03A3';

char32_t codePointAt(const QString &s, qsizetype i, int *units)
{
    const char16_t c = s.at(i).unicode();
    if (QChar::isHighSurrogate(c) && i + 1 < s.size() && QChar::isLowSurrogate(s.at(i + 1).unicode())) {
        *units = 2;
        return QChar::surrogateToUcs4(c, s.at(i + 1).unicode());
    }
    *units = 1;
    return c;
}

// Python's \w for str patterns: str.isalnum() or '_', i.e. letters (L*) and numbers (N*).
bool isWordCodePoint(char32_t cp)
{
    if (cp < 128)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
        return true;
    default:
        return false;
    }
}

bool isCased(char32_t cp)
{
    return QChar::isUpper(cp) || QChar::isLower(cp) || QChar::isTitleCase(cp);
}

// Unicode Case_Ignorable, close enough for the Final_Sigma context rule.
bool isCaseIgnorable(char32_t cp)
{
    switch (QChar::category(cp)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_Enclosing:
    case QChar::Other_Format:
    case QChar::Letter_Modifier:
    case QChar::Symbol_Modifier:
        return true;
    default:
        break;
    }
    return cp == U'\'' || cp == U'.' || cp == U':' || cp == U'^' || cp == U'`' || cp == U'\u00B7' ||
           cp == U'\u2018' || cp == U'\u2019' || cp == U'\u2024' || cp == U'\u2027';
}

// Python lower-cases a capital sigma to final sigma when a cased letter precedes it and none
// follows (skipping case-ignorable characters either way).
bool isFinalSigma(const QString &s, qsizetype i)
{
    bool before = false;
    for (qsizetype j = i - 1; j >= 0; --j) {
        char32_t cp = s.at(j).unicode();
        if (QChar::isLowSurrogate(cp) && j > 0 && QChar::isHighSurrogate(s.at(j - 1).unicode())) {
            cp = QChar::surrogateToUcs4(s.at(j - 1).unicode(), s.at(j).unicode());
            --j;
        }
        if (isCaseIgnorable(cp))
            continue;
        before = isCased(cp);
        break;
    }
    if (!before)
        return false;
    for (qsizetype j = i + 1; j < s.size();) {
        int units = 1;
        const char32_t cp = codePointAt(s, j, &units);
        j += units;
        if (isCaseIgnorable(cp))
            continue;
        return !isCased(cp);
    }
    return true;
}

// Calls f(start, length) for each token of lower-cased text (maximal word runs of >= 2 code points).
template<typename F>
void forEachToken(const QString &lowered, F &&f)
{
    const qsizetype n = lowered.size();
    qsizetype i = 0;
    while (i < n) {
        int units = 1;
        char32_t cp = codePointAt(lowered, i, &units);
        if (!isWordCodePoint(cp)) {
            i += units;
            continue;
        }
        const qsizetype start = i;
        int codePoints = 0;
        while (i < n) {
            cp = codePointAt(lowered, i, &units);
            if (!isWordCodePoint(cp))
                break;
            i += units;
            ++codePoints;
        }
        if (codePoints >= 2)
            f(start, i - start);
    }
}

std::u16string_view viewOf(const QString &s, qsizetype start, qsizetype length)
{
    return std::u16string_view(reinterpret_cast<const char16_t *>(s.utf16()) + start, size_t(length));
}

quint64 pairKey(int a, int b) { return (quint64(quint32(a)) << 32) | quint32(b); }

double dot(const TfidfModel::SparseVector &a, const TfidfModel::SparseVector &b)
{
    double sum = 0;
    auto i = a.cbegin();
    auto j = b.cbegin();
    while (i != a.cend() && j != b.cend()) {
        if (i->feature < j->feature)
            ++i;
        else if (j->feature < i->feature)
            ++j;
        else {
            sum += i->weight * j->weight;
            ++i;
            ++j;
        }
    }
    return sum;
}

bool isAbbreviationBefore(const QString &text, qsizetype dot)
{
    qsizetype s = dot;
    while (s > 0 && text.at(s - 1).isLetter())
        --s;
    const QString word = text.mid(s, dot - s).toLower();
    static const QSet<QString> abbreviations = {
        QStringLiteral("e.g"), QStringLiteral("g"), QStringLiteral("i.e"), QStringLiteral("e"), QStringLiteral("al"),
        QStringLiteral("fig"), QStringLiteral("figs"), QStringLiteral("eq"), QStringLiteral("eqs"), QStringLiteral("sec"),
        QStringLiteral("vs"), QStringLiteral("cf"), QStringLiteral("dr"), QStringLiteral("mr"), QStringLiteral("ms"),
        QStringLiteral("no"), QStringLiteral("tab"), QStringLiteral("ref"), QStringLiteral("approx"), QStringLiteral("resp")};
    if (abbreviations.contains(word))
        return true;
    // An initial such as "J. Smith".
    return word.size() == 1 && text.at(dot - 1).isUpper();
}

} // namespace

// ---- text analysis ----------------------------------------------------------------------------------

QString pythonLower(const QString &text)
{
    if (!text.contains(QChar(CapitalSigma)))
        return text.toLower();
    QString out;
    out.reserve(text.size());
    qsizetype from = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).unicode() != CapitalSigma)
            continue;
        out += text.mid(from, i - from).toLower();
        out += QChar(isFinalSigma(text, i) ? u'\u03C2' : u'\u03C3');
        from = i + 1;
    }
    out += text.mid(from).toLower();
    return out;
}

QStringList sklearnTokens(const QString &text)
{
    QStringList out;
    forEachToken(text, [&](qsizetype start, qsizetype length) { out.append(text.mid(start, length)); });
    return out;
}

QStringList splitEvidenceSentences(const QString &text)
{
    QStringList out;
    const QString t = text.simplified();
    qsizetype start = 0;
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        if (c != QLatin1Char('.') && c != QLatin1Char('!') && c != QLatin1Char('?'))
            continue;
        qsizetype end = i + 1;
        while (end < t.size() && (t.at(end) == QLatin1Char('"') || t.at(end) == QLatin1Char(')') ||
                                  t.at(end) == QChar(u'\u201D') || t.at(end) == QLatin1Char('\'')))
            ++end;
        if (end >= t.size() || t.at(end) != QLatin1Char(' ') || end + 1 >= t.size())
            continue;
        const QChar next = t.at(end + 1);
        if (!(next.isUpper() || next.isDigit() || next == QLatin1Char('"') || next == QLatin1Char('(') ||
              next == QLatin1Char('[') || next == QChar(u'\u201C')))
            continue;
        if (c == QLatin1Char('.') && isAbbreviationBefore(t, i))
            continue;
        const QString sentence = t.mid(start, end - start).trimmed();
        if (!sentence.isEmpty())
            out.append(sentence);
        start = end + 1;
    }
    const QString rest = t.mid(start).trimmed();
    if (!rest.isEmpty())
        out.append(rest);
    return out;
}

QList<EvidencePassage> passagesFromPapers(const QList<Models::Paper> &papers, int sentencesPerPassage)
{
    QList<EvidencePassage> out;
    const int per = std::max(1, sentencesPerPassage);
    for (const Models::Paper &p : papers) {
        const QStringList sentences = splitEvidenceSentences(p.abstract.isEmpty() ? p.title : p.abstract);
        int n = 0;
        for (qsizetype i = 0; i < sentences.size(); i += per) {
            const QString text = sentences.mid(i, per).join(QLatin1Char(' '));
            out.append({QStringLiteral("%1#p%2").arg(p.arxivId).arg(++n), p.id, text});
        }
    }
    return out;
}

int VerificationResult::verifiedCount() const
{
    return int(std::count_if(verdicts.cbegin(), verdicts.cend(), [](const ClaimVerdict &v) { return v.verified; }));
}

// ---- TfidfModel -------------------------------------------------------------------------------------

namespace {

quint64 hashChars(std::u16string_view s)
{
    // FNV-1a over UTF-16 units, then a final avalanche (splitmix64) for the power-of-two table.
    quint64 h = 1469598103934665603ULL;
    for (char16_t c : s) {
        h ^= quint64(c);
        h *= 1099511628211ULL;
    }
    h ^= h >> 31;
    h *= 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
}

quint64 mixKey(quint64 k)
{
    k += 0x9E3779B97F4A7C15ULL;
    k = (k ^ (k >> 30)) * 0xBF58476D1CE4E5B9ULL;
    k = (k ^ (k >> 27)) * 0x94D049BB133111EBULL;
    return k ^ (k >> 31);
}

} // namespace

int TfidfModel::findTerm(std::u16string_view token, quint64 hash) const
{
    if (m_termSlots.empty())
        return -1;
    const size_t mask = m_termSlots.size() - 1;
    for (size_t i = size_t(hash) & mask;; i = (i + 1) & mask) {
        const TermSlot &slot = m_termSlots[i];
        if (slot.id < 0)
            return -int(i) - 2; // not found: -(slot index) - 2, where it would go
        if (slot.hash == hash && slot.length == token.size() &&
            std::equal(token.begin(), token.end(), m_arena.begin() + slot.offset))
            return slot.id;
    }
}

int TfidfModel::findPair(quint64 key) const
{
    if (m_pairSlots.empty())
        return -1;
    const size_t mask = m_pairSlots.size() - 1;
    for (size_t i = size_t(mixKey(key)) & mask;; i = (i + 1) & mask) {
        const PairSlot &slot = m_pairSlots[i];
        if (slot.id < 0)
            return -int(i) - 2;
        if (slot.key == key)
            return slot.id;
    }
}

void TfidfModel::growTerms()
{
    std::vector<TermSlot> old;
    old.swap(m_termSlots);
    m_termSlots.assign(std::max<size_t>(1024, old.size() * 2), TermSlot{});
    const size_t mask = m_termSlots.size() - 1;
    for (const TermSlot &s : old) {
        if (s.id < 0)
            continue;
        size_t i = size_t(s.hash) & mask;
        while (m_termSlots[i].id >= 0)
            i = (i + 1) & mask;
        m_termSlots[i] = s;
    }
}

void TfidfModel::growPairs()
{
    std::vector<PairSlot> old;
    old.swap(m_pairSlots);
    m_pairSlots.assign(std::max<size_t>(1024, old.size() * 2), PairSlot{});
    const size_t mask = m_pairSlots.size() - 1;
    for (const PairSlot &s : old) {
        if (s.id < 0)
            continue;
        size_t i = size_t(mixKey(s.key)) & mask;
        while (m_pairSlots[i].id >= 0)
            i = (i + 1) & mask;
        m_pairSlots[i] = s;
    }
}

void tokenHashes(const QString &text, std::vector<quint64> &out)
{
    out.clear();
    const QString lowered = pythonLower(text);
    forEachToken(lowered, [&](qsizetype start, qsizetype length) { out.push_back(hashChars(viewOf(lowered, start, length))); });
}

int TfidfModel::unigram(std::u16string_view token, bool grow) const
{
    return unigram(token, hashChars(token), grow);
}

int TfidfModel::bigram(int previous, int id, bool grow) const
{
    const quint64 key = pairKey(previous, id);
    int found = findPair(key);
    if (found >= 0 || !grow)
        return found >= 0 ? found : -1;
    if (size_t(m_pairCount + 1) * 2 > m_pairSlots.size()) {
        const_cast<TfidfModel *>(this)->growPairs();
        found = findPair(key);
    }
    const int bid = m_nextFeature++;
    m_pairSlots[size_t(-found - 2)] = {key, bid};
    ++m_pairCount;
    return bid;
}

int TfidfModel::unigram(std::u16string_view token, quint64 hash, bool grow) const
{
    int found = findTerm(token, hash);
    if (found >= 0 || !grow)
        return found >= 0 ? found : -1;
    if (size_t(m_termCount + 1) * 2 > m_termSlots.size()) {
        const_cast<TfidfModel *>(this)->growTerms();
        found = findTerm(token, hash);
    }
    const size_t slot = size_t(-found - 2);
    const int id = m_nextFeature++;
    m_termSlots[slot] = {hash, quint32(m_arena.size()), quint32(token.size()), id};
    m_arena.insert(m_arena.end(), token.begin(), token.end());
    ++m_termCount;
    return id;
}

void TfidfModel::analyse(const QString &text, bool grow, std::vector<int> &features) const
{
    features.clear();
    const QString lowered = pythonLower(text);
    int previous = -1;
    bool first = true;
    forEachToken(lowered, [&](qsizetype start, qsizetype length) {
        const int id = unigram(viewOf(lowered, start, length), grow);
        if (id >= 0)
            features.push_back(id);
        if (!first && previous >= 0 && id >= 0) {
            const int b = bigram(previous, id, grow);
            if (b >= 0)
                features.push_back(b);
        }
        previous = id;
        first = false;
    });
}

TfidfModel::SparseVector TfidfModel::weigh(std::vector<int> &features) const
{
    SparseVector v;
    if (features.empty())
        return v;
    std::sort(features.begin(), features.end());
    for (size_t i = 0; i < features.size();) {
        size_t j = i;
        while (j < features.size() && features[j] == features[i])
            ++j;
        v.push_back({features[i], double(j - i) * m_idf[size_t(features[i])]});
        i = j;
    }
    double norm = 0;
    for (const Entry &e : v)
        norm += e.weight * e.weight;
    norm = std::sqrt(norm);
    if (norm > 0) {
        for (Entry &e : v)
            e.weight /= norm;
    }
    return v;
}

std::vector<TfidfModel::SparseVector> TfidfModel::fit(const QStringList &documents)
{
    m_arena.clear();
    m_termSlots.clear();
    m_pairSlots.clear();
    m_termCount = 0;
    m_pairCount = 0;
    m_nextFeature = 0;
    m_documents = documents.size();
    const size_t docs = size_t(documents.size());
    const int workers = docs >= 512 ? std::max(1, std::min(QThread::idealThreadCount(), 8)) : 1;
    auto parallel = [workers, docs](auto &&fn) {
        if (workers == 1) {
            fn(size_t(0), size_t(1));
            return;
        }
        std::vector<std::thread> pool;
        for (int w = 1; w < workers; ++w)
            pool.emplace_back(fn, size_t(w), size_t(workers));
        fn(size_t(0), size_t(workers));
        for (auto &t : pool)
            t.join();
    };
    // 1. In parallel: lower-case, tokenize and hash every document (no shared state).
    struct TokenRef
    {
        quint32 start;
        quint32 length;
        quint64 hash;
    };
    std::vector<QString> lowered(docs);
    std::vector<std::vector<TokenRef>> tokens(docs);
    parallel([&](size_t first, size_t step) {
        for (size_t d = first; d < docs; d += step) {
            lowered[d] = pythonLower(documents.at(qsizetype(d)));
            const QString &l = lowered[d];
            forEachToken(l, [&](qsizetype start, qsizetype length) {
                tokens[d].push_back({quint32(start), quint32(length), hashChars(viewOf(l, start, length))});
            });
        }
    });
    // 2. In order: the vocabulary (feature ids follow first appearance, as a sequential fit would).
    std::vector<std::vector<int>> raw(docs);
    for (size_t d = 0; d < docs; ++d) {
        std::vector<int> &features = raw[d];
        features.reserve(tokens[d].size() * 2);
        int previous = -1;
        for (const TokenRef &t : tokens[d]) {
            const int id = unigram(viewOf(lowered[d], t.start, t.length), t.hash, true);
            features.push_back(id);
            if (previous >= 0)
                features.push_back(bigram(previous, id, true));
            previous = id;
        }
        std::vector<TokenRef>().swap(tokens[d]);
        QString().swap(lowered[d]);
    }
    std::vector<qint64> df(size_t(m_nextFeature), 0);
    std::vector<int> lastDoc(size_t(m_nextFeature), -1);
    for (size_t d = 0; d < raw.size(); ++d) {
        for (int f : raw[d]) {
            if (lastDoc[size_t(f)] != int(d)) {
                lastDoc[size_t(f)] = int(d);
                ++df[size_t(f)];
            }
        }
    }
    m_idf.assign(size_t(m_nextFeature), 0);
    const double n = double(m_documents) + 1.0;
    for (size_t f = 0; f < df.size(); ++f)
        m_idf[f] = std::log(n / (double(df[f]) + 1.0)) + 1.0;
    // 4. In parallel: tf-idf rows.
    std::vector<SparseVector> out(docs);
    parallel([&](size_t first, size_t step) {
        for (size_t d = first; d < docs; d += step)
            out[d] = weigh(raw[d]);
    });
    return out;
}

TfidfModel::SparseVector TfidfModel::transform(const QString &text) const
{
    std::vector<int> features;
    analyse(text, false, features);
    return weigh(features);
}

int TfidfModel::featureIndex(const QString &term) const
{
    const QStringList parts = term.split(QLatin1Char(' '));
    if (parts.size() == 1)
        return unigram(viewOf(parts.first(), 0, parts.first().size()), false);
    if (parts.size() != 2)
        return -1;
    const int a = unigram(viewOf(parts.at(0), 0, parts.at(0).size()), false);
    const int b = unigram(viewOf(parts.at(1), 0, parts.at(1).size()), false);
    if (a < 0 || b < 0)
        return -1;
    const int id = findPair(pairKey(a, b));
    return id >= 0 ? id : -1;
}

// ---- ClaimVerifier ----------------------------------------------------------------------------------

std::shared_ptr<const ClaimVerifier> ClaimVerifier::fit(const QList<EvidencePassage> &passages)
{
    std::shared_ptr<ClaimVerifier> v(new ClaimVerifier);
    v->m_passages = passages;
    QStringList texts;
    texts.reserve(passages.size());
    for (const EvidencePassage &p : passages)
        texts.append(p.text);
    const std::vector<TfidfModel::SparseVector> rows = v->m_model.fit(texts);
    const size_t features = size_t(v->m_model.vocabularySize());
    v->m_start.assign(features + 1, 0);
    for (const auto &row : rows) {
        for (const auto &e : row)
            ++v->m_start[size_t(e.feature) + 1];
    }
    for (size_t f = 0; f < features; ++f)
        v->m_start[f + 1] += v->m_start[f];
    v->m_maxWeight.assign(features, 0.0);
    v->m_rowStart.assign(rows.size() + 1, 0);
    for (size_t p = 0; p < rows.size(); ++p) {
        v->m_rowStart[p + 1] = v->m_rowStart[p] + qsizetype(rows[p].size());
        v->m_rowEntries.insert(v->m_rowEntries.end(), rows[p].begin(), rows[p].end());
        for (const auto &e : rows[p])
            v->m_maxWeight[size_t(e.feature)] = std::max(v->m_maxWeight[size_t(e.feature)], e.weight);
    }
    v->m_postingPassage.resize(size_t(v->m_start[features]));
    v->m_postingWeight.resize(size_t(v->m_start[features]));
    std::vector<qsizetype> fill(v->m_start.begin(), v->m_start.end() - 1);
    for (size_t p = 0; p < rows.size(); ++p) {
        for (const auto &e : rows[p]) {
            const qsizetype at = fill[size_t(e.feature)]++;
            v->m_postingPassage[size_t(at)] = int(p);
            v->m_postingWeight[size_t(at)] = e.weight;
        }
    }
    return v;
}

QString ClaimVerifier::bestSentence(const TfidfModel::SparseVector &q, const QString &passage) const
{
    const QStringList sentences = splitEvidenceSentences(passage);
    if (sentences.size() <= 1)
        return sentences.isEmpty() ? passage : sentences.first();
    double best = -1;
    QString bestText;
    for (const QString &s : sentences) {
        const double score = dot(q, m_model.transform(s));
        if (score > best) {
            best = score;
            bestText = s;
        }
    }
    return bestText;
}

// Exact best passage with "max-score" pruning: features are scattered in order of their largest
// possible contribution (claim weight x largest posting weight), rare and decisive ones first. Once
// the contributions still to come cannot lift any passage above the best partial score seen, the
// remaining (long, low-idf) posting lists are skipped and only the passages that could still win get
// their exact dot product from their own vectors. The result equals the full computation.
ClaimVerdict ClaimVerifier::score(const TfidfModel::SparseVector &q, Scratch &scratch, double threshold, bool withText) const
{
    ClaimVerdict verdict;
    if (scratch.acc.size() != size_t(m_passages.size()))
        scratch.acc.assign(size_t(m_passages.size()), 0.0);
    scratch.touched.clear();
    scratch.order.assign(q.begin(), q.end());
    std::sort(scratch.order.begin(), scratch.order.end(), [this](const auto &a, const auto &b) {
        return a.weight * m_maxWeight[size_t(a.feature)] > b.weight * m_maxWeight[size_t(b.feature)];
    });
    const size_t m = scratch.order.size();
    scratch.bound.assign(m + 1, 0.0);
    for (size_t i = m; i-- > 0;)
        scratch.bound[i] = scratch.bound[i + 1] + scratch.order[i].weight * m_maxWeight[size_t(scratch.order[i].feature)];

    double bestPartial = 0;
    size_t processed = 0;
    for (; processed < m; ++processed) {
        // Everything not yet touched scores at most bound[processed]; stop when that cannot win.
        if (processed > 0 && scratch.bound[processed] * (1.0 + 1e-12) < bestPartial)
            break;
        const auto &e = scratch.order[processed];
        for (qsizetype k = m_start[size_t(e.feature)]; k < m_start[size_t(e.feature) + 1]; ++k) {
            const int p = m_postingPassage[size_t(k)];
            double &a = scratch.acc[size_t(p)];
            if (a == 0.0) // every weight is > 0, so 0 means untouched
                scratch.touched.push_back(p);
            a += e.weight * m_postingWeight[size_t(k)];
            bestPartial = std::max(bestPartial, a);
        }
    }
    // Phase 2 (only when the scatter stopped early): finish the passages that can still win, one
    // remaining feature at a time, dropping those that fall out of reach as the bound shrinks.
    auto &cand = scratch.candidates;
    cand.clear();
    if (scratch.isCandidate.size() != size_t(m_passages.size()))
        scratch.isCandidate.assign(size_t(m_passages.size()), 0);
    const double slack = 1.0 + 1e-12;
    for (int p : scratch.touched) {
        if (processed == m || (scratch.acc[size_t(p)] + scratch.bound[processed]) * slack >= bestPartial) {
            cand.push_back(p);
            scratch.isCandidate[size_t(p)] = 1;
        } else {
            scratch.acc[size_t(p)] = 0.0;
        }
    }
    for (size_t i = processed; i < m && !cand.empty(); ++i) {
        const auto &e = scratch.order[i];
        const qsizetype from = m_start[size_t(e.feature)], to = m_start[size_t(e.feature) + 1];
        if (qsizetype(cand.size()) * 8 < to - from) {
            for (int p : cand) {
                const auto *b = m_rowEntries.data() + m_rowStart[size_t(p)];
                const auto *end = m_rowEntries.data() + m_rowStart[size_t(p) + 1];
                const auto *it = std::lower_bound(b, end, e.feature, [](const TfidfModel::Entry &x, int f) { return x.feature < f; });
                if (it != end && it->feature == e.feature)
                    scratch.acc[size_t(p)] += e.weight * it->weight;
            }
        } else {
            for (qsizetype k = from; k < to; ++k) {
                const int p = m_postingPassage[size_t(k)];
                if (scratch.isCandidate[size_t(p)])
                    scratch.acc[size_t(p)] += e.weight * m_postingWeight[size_t(k)];
            }
        }
        for (int p : cand)
            bestPartial = std::max(bestPartial, scratch.acc[size_t(p)]);
        const double rest = scratch.bound[i + 1];
        size_t kept = 0;
        for (int p : cand) {
            if ((scratch.acc[size_t(p)] + rest) * slack >= bestPartial) {
                cand[kept++] = p;
            } else {
                scratch.acc[size_t(p)] = 0.0;
                scratch.isCandidate[size_t(p)] = 0;
            }
        }
        cand.resize(kept);
    }
    int best = -1;
    double bestScore = 0;
    for (int p : cand) {
        const double s = scratch.acc[size_t(p)];
        scratch.acc[size_t(p)] = 0.0;
        scratch.isCandidate[size_t(p)] = 0;
        if (s > bestScore || (s == bestScore && best >= 0 && p < best)) {
            bestScore = s;
            best = p;
        }
    }
    verdict.confidence = bestScore;
    verdict.verified = best >= 0 && bestScore >= threshold;
    verdict.passageIndex = best;
    if (best >= 0) {
        const EvidencePassage &ep = m_passages.at(best);
        verdict.passageId = ep.id;
        verdict.evidencePaperId = ep.paperId;
        if (withText) {
            verdict.passage = ep.text;
            verdict.sentence = bestSentence(q, ep.text);
        }
    }
    return verdict;
}

ClaimVerdict ClaimVerifier::verify(const QString &claim, double threshold) const
{
    Scratch scratch;
    return score(m_model.transform(claim), scratch, threshold, true);
}

QList<ClaimVerdict> ClaimVerifier::verifyAll(const QStringList &claims, double threshold, int threads, bool withText) const
{
    QList<ClaimVerdict> out(claims.size());
    const int n = int(claims.size());
    int workers = threads > 0 ? threads : std::max(1, QThread::idealThreadCount());
    workers = std::max(1, std::min(workers, n / 64 + 1)); // small jobs are not worth a thread
    auto work = [&](int first, int step) {
        Scratch scratch;
        for (int i = first; i < n; i += step) {
            ClaimVerdict v = score(m_model.transform(claims.at(i)), scratch, threshold, withText);
            v.claimIndex = i;
            out[i] = std::move(v);
        }
    };
    if (workers == 1) {
        work(0, 1);
        return out;
    }
    std::vector<std::thread> pool;
    for (int w = 1; w < workers; ++w)
        pool.emplace_back(work, w, workers);
    work(0, workers);
    for (auto &t : pool)
        t.join();
    return out;
}

std::vector<double> ClaimVerifier::scores(const QString &claim) const
{
    std::vector<double> out(size_t(m_passages.size()), 0.0);
    for (const auto &e : m_model.transform(claim)) {
        for (qsizetype k = m_start[size_t(e.feature)]; k < m_start[size_t(e.feature) + 1]; ++k)
            out[size_t(m_postingPassage[size_t(k)])] += e.weight * m_postingWeight[size_t(k)];
    }
    return out;
}

VerificationResult verifyClaims(const QList<EvidencePassage> &passages, const QStringList &claims, double threshold)
{
    VerificationResult result;
    result.threshold = threshold;
    result.passageCount = passages.size();
    const auto verifier = ClaimVerifier::fit(passages);
    result.vocabularySize = verifier->model().vocabularySize();
    if (passages.isEmpty())
        result.note = QStringLiteral("no evidence passages: every claim is unverified");
    else if (result.vocabularySize == 0)
        result.note = QStringLiteral("the evidence passages contain no words: every claim is unverified");
    result.verdicts = verifier->verifyAll(claims, threshold);
    return result;
}

} // namespace Sovereign::Pipeline
