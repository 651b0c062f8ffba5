#include "oaigenerator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>
#include <unordered_set>
#include <vector>

namespace Sovereign::Bench {

namespace {

std::uint64_t splitmix(std::uint64_t &s)
{
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// xoshiro256** seeded by splitmix64: small, fast, and the same sequence everywhere.
class Rng
{
public:
    explicit Rng(std::uint64_t seed)
    {
        for (auto &x : m_s)
            x = splitmix(seed);
    }
    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    int below(int n) { return int((next() >> 33) % std::uint64_t(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    bool chance(double p) { return uniform() < p; }
    double gauss()
    {
        const double u1 = std::max(uniform(), 1e-300), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    // Log-normal with the given median and shape, clamped.
    int lognormal(double median, double sigma, int lo, int hi)
    {
        return std::clamp(int(std::lround(median * std::exp(sigma * gauss()))), lo, hi);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> m_s{};
};

// Zipf(s) over n ranks through a cumulative table (binary search).
class Zipf
{
public:
    Zipf(int n, double s)
    {
        m_cdf.reserve(size_t(n));
        double sum = 0;
        for (int r = 1; r <= n; ++r) {
            sum += 1.0 / std::pow(double(r), s);
            m_cdf.push_back(sum);
        }
        for (double &c : m_cdf)
            c /= sum;
    }
    int sample(Rng &rng) const
    {
        const auto it = std::lower_bound(m_cdf.begin(), m_cdf.end(), rng.uniform());
        return int(std::min<std::ptrdiff_t>(it - m_cdf.begin(), std::ptrdiff_t(m_cdf.size()) - 1));
    }

private:
    std::vector<double> m_cdf;
};

struct Category
{
    const char *name;
    const char *archive; // the old-style id prefix
    double weight;       // share of primary categories (roughly arXiv's)
};

// Primary-category mix, loosely after arXiv's submission statistics.
constexpr Category Categories[] = {
    {"cs.LG", "cs", 9.0},           {"cs.CV", "cs", 7.0},           {"cs.CL", "cs", 4.5},
    {"cs.AI", "cs", 2.5},           {"cs.RO", "cs", 1.5},           {"cs.CR", "cs", 1.2},
    {"cs.IT", "cs", 1.5},           {"cs.DS", "cs", 1.0},           {"cs.NI", "cs", 0.8},
    {"stat.ML", "stat", 2.0},       {"stat.ME", "stat", 1.2},       {"math.AP", "math", 2.2},
    {"math.CO", "math", 2.2},       {"math.PR", "math", 2.0},       {"math.AG", "math", 1.6},
    {"math.NT", "math", 1.4},       {"math.OC", "math", 1.8},       {"math.DG", "math", 1.2},
    {"math-ph", "math-ph", 1.5},    {"hep-th", "hep-th", 4.0},      {"hep-ph", "hep-ph", 4.5},
    {"hep-ex", "hep-ex", 1.2},      {"hep-lat", "hep-lat", 0.6},    {"gr-qc", "gr-qc", 2.2},
    {"quant-ph", "quant-ph", 5.5},  {"astro-ph.GA", "astro-ph", 2.5}, {"astro-ph.CO", "astro-ph", 2.2},
    {"astro-ph.SR", "astro-ph", 2.0}, {"astro-ph.HE", "astro-ph", 1.8}, {"astro-ph.EP", "astro-ph", 0.9},
    {"cond-mat.mes-hall", "cond-mat", 2.5}, {"cond-mat.str-el", "cond-mat", 2.0}, {"cond-mat.mtrl-sci", "cond-mat", 2.6},
    {"cond-mat.stat-mech", "cond-mat", 1.8}, {"cond-mat.supr-con", "cond-mat", 1.0}, {"cond-mat.soft", "cond-mat", 1.2},
    {"nucl-th", "nucl-th", 1.2},    {"physics.optics", "physics", 1.5}, {"physics.flu-dyn", "physics", 1.0},
    {"physics.soc-ph", "physics", 0.6}, {"eess.SP", "eess", 1.2},   {"eess.SY", "eess", 1.0},
    {"q-bio.NC", "q-bio", 0.6},     {"q-bio.PE", "q-bio", 0.4},     {"econ.EM", "econ", 0.3},
    {"q-fin.ST", "q-fin", 0.3},     {"nlin.CD", "nlin", 0.4},
};
constexpr int CategoryCount = int(sizeof(Categories) / sizeof(Categories[0]));

// English function and scaffolding words of abstracts, most frequent first.
constexpr const char *FunctionWords[] = {
    "the", "of", "and", "a", "in", "to", "is", "we", "for", "that", "with", "on", "this", "by", "are", "an", "as",
    "which", "be", "from", "our", "it", "at", "can", "these", "results", "show", "model", "paper", "also", "two",
    "using", "such", "new", "its", "has", "based", "between", "approach", "method", "both", "than", "have", "been",
    "data", "not", "study", "propose", "under", "different", "first", "problem", "into", "one", "case", "present",
    "well", "large", "high", "when", "time", "where", "general", "used", "find", "obtain", "their", "other", "order",
    "all", "more", "over", "only", "there", "may", "analysis", "known", "each", "number", "terms", "however",
    "demonstrate", "performance", "systems", "framework", "structure", "function", "field", "theory", "state",
    "non", "show", "provide", "within", "through", "low", "energy", "space", "effect", "then", "while", "thus",
    "furthermore", "here", "finally", "moreover", "significant", "recent", "previous", "existing", "proposed",
    "problems", "methods", "models", "properties", "results", "small", "strong", "possible", "standard", "due",
    "respectively", "compared", "most", "several", "various", "given", "simple", "main", "novel", "key",
};
constexpr int FunctionWordCount = int(sizeof(FunctionWords) / sizeof(FunctionWords[0]));

constexpr const char *Syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "ber", "con", "dal",
                                     "fen", "gor", "hul", "jin", "kir", "lam", "mon", "nor", "pel", "quo", "ris",
                                     "sen", "tor", "ul", "ven", "wis", "yan", "tra", "pho", "ic", "al", "ion", "ent"};
constexpr int SyllableCount = int(sizeof(Syllables) / sizeof(Syllables[0]));

constexpr const char *FirstNames[] = {"A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "J.", "K.", "L.", "M.", "N.",
                                      "P.", "R.", "S.", "T.", "V.", "W.", "Y.", "Z.", "Maria", "Wei", "Jan", "Olga",
                                      "Rahul", "Sofia", "Kenji", "Ana", "Lukas", "Chen", "Amir", "Fatima", "Jean-Luc"};
constexpr const char *LastNames[] = {"Wang", "Li", "Zhang", "Smith", "M\\u00fcller", "Kumar", "Garc\\u00eda", "Rossi",
                                     "Kim", "Nguyen", "Ivanov", "Tanaka", "Silva", "Novak", "Cohen", "Dubois",
                                     "Schmidt", "Petrov", "Chen", "Liu", "Yang", "Singh", "Sato", "Lopez", "Haddad",
                                     "Andersson", "Kowalski", "O'Brien", "van der Berg", "\\u0160imek", "Okafor"};

constexpr const char *Weekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01 was a Thursday
constexpr const char *MonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

constexpr int FirstYear = 1991, FirstMonth = 8; // arXiv's first month
constexpr int Months = (2025 - FirstYear) * 12 + (12 - FirstMonth) + 1;

std::int64_t daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t(era) * 146097 + doe - 719468;
}

void civilFromDays(std::int64_t z, int &y, int &m, int &d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = int(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = int(yoe + era * 400) + (m <= 2);
}

void appendf(std::string &out, const char *fmt, auto... args)
{
    char buf[128];
    const int n = std::snprintf(buf, sizeof buf, fmt, args...);
    out.append(buf, size_t(std::clamp(n, 0, int(sizeof buf) - 1)));
}

} // namespace

struct OaiGenerator::Impl
{
    OaiGeneratorOptions options;
    std::vector<std::string> words; // the pseudo-word vocabulary
    std::vector<std::vector<int>> topics; // per category: indices into words, most frequent first
    std::vector<double> categoryCdf;
    std::vector<std::int64_t> monthStart; // first record index of each month (+ end)
    std::vector<std::string> archives;             // distinct old-style id prefixes
    std::vector<std::vector<int>> archiveMembers; // their categories
    Zipf general{60000, 1.05};
    Zipf topic{1500, 0.95};
    Zipf function{FunctionWordCount, 1.0};

    explicit Impl(const OaiGeneratorOptions &o) : options(o)
    {
        Rng rng(o.seed ^ 0x5eed);
        std::unordered_set<std::string> seen;
        words.reserve(60000);
        // Lengths grow with rank, as in real vocabularies (common words are short).
        while (words.size() < 60000) {
            std::string w;
            const size_t i = words.size();
            const int n = 1 + rng.below(2) + (i > 800 ? 1 : 0) + (i > 20000 ? 1 : 0);
            for (int k = 0; k < n; ++k)
                w += Syllables[rng.below(SyllableCount)];
            if (w.size() >= 3 && seen.insert(w).second)
                words.push_back(std::move(w));
        }
        topics.resize(CategoryCount);
        for (int c = 0; c < CategoryCount; ++c) {
            for (int j = 0; j < 1500; ++j)
                topics[size_t(c)].push_back(int(rng.next() % words.size()));
        }
        for (int c = 0; c < CategoryCount; ++c) {
            const auto it = std::find(archives.begin(), archives.end(), Categories[c].archive);
            if (it == archives.end()) {
                archives.emplace_back(Categories[c].archive);
                archiveMembers.push_back({c});
            } else {
                archiveMembers[size_t(it - archives.begin())].push_back(c);
            }
        }
        double sum = 0;
        for (const Category &c : Categories) {
            sum += c.weight;
            categoryCdf.push_back(sum);
        }
        for (double &c : categoryCdf)
            c /= sum;
        // Submissions per month grow about nine-fold from 1991 to 2025.
        std::vector<double> cum;
        double total = 0;
        for (int m = 0; m < Months; ++m) {
            total += std::exp(0.0062 * m);
            cum.push_back(total);
        }
        for (int m = 0; m < Months; ++m)
            monthStart.push_back(std::int64_t(std::floor(double(o.records) * (m == 0 ? 0.0 : cum[size_t(m - 1)] / total))));
        monthStart.push_back(o.records);
    }

    int monthOf(std::int64_t i) const
    {
        return int(std::upper_bound(monthStart.begin(), monthStart.end(), i) - monthStart.begin()) - 1;
    }

    static void yearMonth(int month, int &y, int &m)
    {
        const int k = FirstMonth - 1 + month;
        y = FirstYear + k / 12;
        m = k % 12 + 1;
    }

    // Old-style ids name the archive; for those records the primary category comes from the archive.
    int pickCategory(Rng &rng) const
    {
        const auto it = std::lower_bound(categoryCdf.begin(), categoryCdf.end(), rng.uniform());
        return int(std::min<std::ptrdiff_t>(it - categoryCdf.begin(), CategoryCount - 1));
    }

    const std::string &word(Rng &rng, int primary, int secondary) const
    {
        const double u = rng.uniform();
        if (u < 0.40)
            return staticWord(FunctionWords[function.sample(rng)]);
        if (u < 0.72) {
            const int c = (secondary >= 0 && rng.chance(0.2)) ? secondary : primary;
            return words[size_t(topics[size_t(c)][size_t(topic.sample(rng))])];
        }
        return words[size_t(general.sample(rng))];
    }

    static const std::string &staticWord(const char *w)
    {
        thread_local std::string s;
        s = w;
        return s;
    }

    // Words joined into sentences, wrapped like the snapshot (a newline about every 75 characters).
    void text(std::string &out, Rng &rng, int wordCount, int primary, int secondary, bool sentences, bool leadingSpaces) const
    {
        if (leadingSpaces)
            out += "  ";
        size_t lineStart = out.size();
        int inSentence = 0, sentenceLength = rng.between(12, 30);
        for (int w = 0; w < wordCount; ++w) {
            std::string token;
            if (rng.chance(0.004)) {
                token = "$\\\\alpha_{" + std::to_string(rng.below(9)) + "}$"; // a bit of LaTeX
            } else if (rng.chance(0.006)) {
                // a named method: CamelCase or an acronym with a version
                const std::string &a = words[size_t(topics[size_t(primary)][size_t(rng.below(200))])];
                const std::string &b = words[size_t(rng.below(2000))];
                token = rng.chance(0.5) ? std::string(1, char(a[0] - 32)) + a.substr(1) + char(b[0] - 32) + b.substr(1)
                                        : std::string(1, char(a[0] - 32)) + char(b[0] - 32) + "-" + std::to_string(rng.between(1, 9));
            } else {
                token = word(rng, primary, secondary);
            }
            if (w > 0) {
                if (out.size() - lineStart > 72) {
                    out += "\\n";
                    lineStart = out.size();
                    if (!sentences)
                        out += "  ";
                } else {
                    out += ' ';
                }
            }
            if (sentences && inSentence == 0 && token[0] >= 'a' && token[0] <= 'z')
                token[0] = char(token[0] - 32);
            out += token;
            if (sentences && ++inSentence >= sentenceLength && w + 1 < wordCount) {
                out += rng.chance(0.15) ? "," : ".";
                if (out.back() == '.') {
                    inSentence = 0;
                    sentenceLength = rng.between(12, 30);
                }
            }
        }
        if (sentences)
            out += '.';
    }

    std::string id(std::int64_t i, int *archiveCategory = nullptr) const
    {
        const int month = monthOf(i);
        int y = 0, m = 0;
        yearMonth(month, y, m);
        const std::int64_t seq = i - monthStart[size_t(month)] + 1;
        std::string out;
        if (y < 2007 || (y == 2007 && m < 4)) {
            // archive/YYMMNNN: spread over the archives so numbers stay below 1000; the primary
            // category is one of that archive's.
            const int a = int((seq - 1) % std::int64_t(archives.size()));
            if (archiveCategory) {
                const auto &members = archiveMembers[size_t(a)];
                *archiveCategory = members[size_t(((seq - 1) / std::int64_t(archives.size())) % std::int64_t(members.size()))];
            }
            out = archives[size_t(a)];
            appendf(out, "/%02d%02d%03lld", y % 100, m, static_cast<long long>((seq - 1) / std::int64_t(archives.size()) + 1));
        } else if (y < 2015 && seq < 10000) {
            appendf(out, "%02d%02d.%04lld", y % 100, m, static_cast<long long>(seq));
        } else {
            appendf(out, "%02d%02d.%05lld", y % 100, m, static_cast<long long>(seq));
        }
        return out;
    }

    void authorName(Rng &rng, std::string &first, std::string &last) const
    {
        first = FirstNames[rng.below(int(sizeof(FirstNames) / sizeof(FirstNames[0])))];
        if (rng.chance(0.3))
            first += std::string(" ") + char('A' + rng.below(26)) + ".";
        last = LastNames[rng.below(int(sizeof(LastNames) / sizeof(LastNames[0])))];
        if (rng.chance(0.5)) // more distinct surnames than the list holds
            last += "-" + words[size_t(rng.below(3000))];
    }

    void date(std::string &out, std::int64_t day, Rng &rng) const
    {
        int y = 0, m = 0, d = 0;
        civilFromDays(day, y, m, d);
        const int weekday = int(((day % 7) + 7) % 7);
        appendf(out, "%s, %d %s %d %02d:%02d:%02d GMT", Weekdays[weekday], d, MonthNames[m - 1], y, rng.below(24),
                rng.below(60), rng.below(60));
    }

    void record(std::int64_t i, std::string &out) const
    {
        std::uint64_t s = options.seed * 0x9E3779B97F4A7C15ULL ^ std::uint64_t(options.records) * 0xD1B54A32D192ED03ULL ^ std::uint64_t(i);
        Rng rng(splitmix(s));
        int archiveCategory = -1;
        const std::string recordId = id(i, &archiveCategory);
        int primary = pickCategory(rng);
        if (archiveCategory >= 0)
            primary = archiveCategory;
        std::vector<int> cats{primary};
        const int extra = rng.chance(0.45) ? rng.between(1, 3) : 0;
        for (int k = 0; k < extra; ++k) {
            // Cross-lists mostly stay in the same archive family.
            int c = pickCategory(rng);
            if (rng.chance(0.6)) {
                for (int t = 0; t < 8; ++t) {
                    const int cand = rng.below(CategoryCount);
                    if (std::strcmp(Categories[cand].archive, Categories[primary].archive) == 0) {
                        c = cand;
                        break;
                    }
                }
            }
            if (std::find(cats.begin(), cats.end(), c) == cats.end())
                cats.push_back(c);
        }
        const int secondary = cats.size() > 1 ? cats[1] : -1;

        // Authors: most papers have a few, some collaborations hundreds.
        int nAuthors = 1;
        if (rng.chance(0.01))
            nAuthors = rng.between(30, 400);
        else
            while (nAuthors < 25 && rng.chance(0.62))
                ++nAuthors;
        std::vector<std::pair<std::string, std::string>> authors(static_cast<size_t>(nAuthors));
        for (auto &[first, last] : authors)
            authorName(rng, first, last);

        const int month = monthOf(i);
        int y = 0, m = 0;
        yearMonth(month, y, m);
        std::int64_t day = daysFromCivil(y, m, 1) + rng.below(28);

        out += "{\"id\":\"";
        out += recordId;
        out += "\",\"submitter\":\"";
        out += authors[0].first + " " + authors[0].second;
        out += "\",\"authors\":\"";
        for (size_t a = 0; a < authors.size(); ++a) {
            if (a > 0)
                out += a + 1 == authors.size() ? " and " : ", ";
            out += authors[a].first + " " + authors[a].second;
        }
        out += "\",\"title\":\"";
        if (rng.chance(0.15)) { // "Name: subtitle"
            const std::string &a = words[size_t(topics[size_t(primary)][size_t(rng.below(300))])];
            out += char(a[0] - 32);
            out += a.substr(1);
            out += ": ";
        }
        {
            const size_t start = out.size();
            text(out, rng, rng.lognormal(9.0, 0.38, 2, 40), primary, secondary, false, false);
            if (out[start] >= 'a' && out[start] <= 'z')
                out[start] = char(out[start] - 32);
        }
        out += "\",\"comments\":";
        if (rng.chance(0.75)) {
            appendf(out, "\"%d pages, %d figures\"", rng.between(4, 60), rng.between(0, 20));
        } else {
            out += "null";
        }
        out += ",\"journal-ref\":";
        if (rng.chance(0.35))
            appendf(out, "\"J. %s %d (%d) %d\"", words[size_t(rng.below(500))].c_str(), rng.between(1, 120), y + rng.below(2), rng.between(1, 9999));
        else
            out += "null";
        out += ",\"doi\":";
        if (rng.chance(0.4))
            appendf(out, "\"10.%d/%s.%d.%d\"", rng.between(1000, 9999), words[size_t(rng.below(500))].c_str(), y, rng.between(100, 99999));
        else
            out += "null";
        out += ",\"report-no\":";
        if (rng.chance(0.08))
            appendf(out, "\"REP-%d-%03d\"", y, rng.below(1000));
        else
            out += "null";
        out += ",\"categories\":\"";
        for (size_t c = 0; c < cats.size(); ++c) {
            if (c > 0)
                out += ' ';
            out += Categories[cats[c]].name;
        }
        out += "\",\"license\":";
        out += y < 2009 || rng.chance(0.4) ? "null" : "\"http://arxiv.org/licenses/nonexclusive-distrib/1.0/\"";
        out += ",\"abstract\":\"";
        // arXiv abstracts: median about 150 words, at most 1,920 characters.
        text(out, rng, rng.lognormal(150.0, 0.42, 15, 300), primary, secondary, true, true);
        out += "\\n\",\"versions\":[";
        const int versions = 1 + (rng.chance(0.4) ? 1 + (rng.chance(0.35) ? 1 + (rng.chance(0.3) ? rng.below(4) : 0) : 0) : 0);
        for (int v = 1; v <= versions; ++v) {
            if (v > 1) {
                out += ',';
                day += rng.between(2, 200);
            }
            appendf(out, "{\"version\":\"v%d\",\"created\":\"", v);
            date(out, day, rng);
            out += "\"}";
        }
        {
            int uy = 0, um = 0, ud = 0;
            civilFromDays(day + rng.below(400), uy, um, ud);
            appendf(out, "],\"update_date\":\"%04d-%02d-%02d\",\"authors_parsed\":[", uy, um, ud);
        }
        for (size_t a = 0; a < authors.size(); ++a) {
            if (a > 0)
                out += ',';
            out += "[\"" + authors[a].second + "\",\"" + authors[a].first + "\",\"\"]";
        }
        out += "]}\n";
    }
};

OaiGenerator::OaiGenerator(const OaiGeneratorOptions &options) : d(new Impl(options)) {}
OaiGenerator::~OaiGenerator() { delete d; }

std::int64_t OaiGenerator::records() const { return d->options.records; }

void OaiGenerator::appendRecord(std::int64_t i, std::string &out) const { d->record(i, out); }

std::string OaiGenerator::id(std::int64_t i) const { return d->id(i); }

bool OaiGenerator::writeFile(const std::string &path, std::string *error, const std::function<void(std::int64_t)> &progress) const
{
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) {
        if (error)
            *error = "cannot create " + path;
        return false;
    }
    constexpr std::int64_t Chunk = 8192;
    const std::int64_t n = records();
    // Two buffers filled by two threads, written in record order.
    std::string buffers[2];
    for (std::int64_t start = 0; start < n; start += 2 * Chunk) {
        std::thread second([&] {
            buffers[1].clear();
            for (std::int64_t i = start + Chunk; i < std::min(n, start + 2 * Chunk); ++i)
                d->record(i, buffers[1]);
        });
        buffers[0].clear();
        for (std::int64_t i = start; i < std::min(n, start + Chunk); ++i)
            d->record(i, buffers[0]);
        second.join();
        file.write(buffers[0].data(), std::streamsize(buffers[0].size()));
        file.write(buffers[1].data(), std::streamsize(buffers[1].size()));
        if (!file) {
            if (error)
                *error = "write failed: " + path;
            return false;
        }
        if (progress)
            progress(std::min(n, start + 2 * Chunk));
    }
    file.close();
    if (!file) {
        if (error)
            *error = "write failed: " + path;
        return false;
    }
    return true;
}

} // namespace Sovereign::Bench
