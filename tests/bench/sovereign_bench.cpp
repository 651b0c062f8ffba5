// sovereign-bench: throughput and peak memory of the retrieval engine on generated data, with the
// Python references (scikit-learn, numpy + OpenBLAS, sqlite3) measured in the same run.
//
//   sovereign-bench [--quick] [--no-python] [--only verifier|topk|corpus|claims] [--markdown FILE]
//   sovereign-bench --scale [N] [--no-python] [--markdown FILE]   (the offline arXiv at N papers)
//       [--reuse] keeps an existing database of that size; --only import|fts|embed|semantic|run
//   sovereign-bench --generate N FILE [--seed S]                  (the OAI JSON-lines stand-in)
//
// Sections: claim verifier (TF-IDF uni+bigram cosine) at three sizes, vector top-k (batched and
// single query), local embedder fit, FTS5 search and corpus import, bulk claim inserts and keyset
// paging. Peak memory per section is the process's resident high-water mark (VmHWM, reset before
// each section through /proc/self/clear_refs); the final getrusage() maximum is printed too.
#include "models/storage/corpusstore.h"
#include "models/storage/database.h"
#include "models/storage/store.h"
#include "pipeline/retrieval/embedder.h"
#include "pipeline/retrieval/queryplanner.h"
#include "pipeline/retrieval/semanticindex.h"
#include "pipeline/retrieval/vectorindex.h"
#include "pipeline/verify/verifier.h"

#include "oaigenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDriver>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QLocale>
#include <QSet>

#include <sqlite3.h>

#include <functional>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace Sovereign;

namespace {

QTextStream out(stdout);
QStringList table; // markdown rows

void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

double peakMb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
        }
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

QString num(double v, int decimals = 0) { return QLocale(QLocale::English).toString(v, 'f', decimals); }

void row(const QStringList &cells)
{
    table.append(QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |"));
    out << "  " << cells.join(QStringLiteral("  |  ")) << '\n';
    out.flush();
}

// ---- generated text ------------------------------------------------------------------------------

class TextGen
{
public:
    explicit TextGen(quint32 seed, int vocabulary = 30000) : m_rng(seed)
    {
        static const char *syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu", "ber", "con",
                                          "dal", "fen", "gor", "hul", "jin", "kir", "lam", "mon", "nor", "pel",
                                          "quo", "ris", "sen", "tor", "ul", "ven", "wis", "yan"};
        std::uniform_int_distribution<int> syl(0, 29), len(1, 3);
        QSet<QString> seen;
        while (m_words.size() < vocabulary) {
            QString w;
            const int n = len(m_rng) + (m_words.size() > 2000 ? 1 : 0);
            for (int i = 0; i < n; ++i)
                w += QLatin1StringView(syllables[syl(m_rng)]);
            if (!seen.contains(w)) {
                seen.insert(w);
                m_words.append(w);
            }
        }
        // Zipf(1.05) cumulative weights: a few very common words, a long tail.
        double sum = 0;
        for (int r = 1; r <= vocabulary; ++r) {
            sum += 1.0 / std::pow(double(r), 1.05);
            m_cdf.push_back(sum);
        }
        for (double &c : m_cdf)
            c /= sum;
    }
    QString word()
    {
        const double u = m_uniform(m_rng);
        const auto it = std::lower_bound(m_cdf.begin(), m_cdf.end(), u);
        return m_words.at(std::min<qsizetype>(it - m_cdf.begin(), m_words.size() - 1));
    }
    QStringList words(int n)
    {
        QStringList w;
        for (int i = 0; i < n; ++i)
            w.append(word());
        return w;
    }
    QString sentence(int lo, int hi)
    {
        std::uniform_int_distribution<int> len(lo, hi);
        QStringList w = words(len(m_rng));
        w.first()[0] = w.first().at(0).toUpper();
        return w.join(QLatin1Char(' ')) + QLatin1Char('.');
    }
    std::mt19937 &rng() { return m_rng; }

private:
    std::mt19937 m_rng;
    QStringList m_words;
    std::vector<double> m_cdf;
    std::uniform_real_distribution<double> m_uniform{0.0, 1.0};
};

struct VerifyData
{
    QStringList passages;
    QStringList claims;
};

// Passages of 2-3 sentences; half the claims paraphrase part of a passage (some words replaced),
// half are unrelated, so both verdicts occur.
VerifyData makeVerifyData(int passages, int claims, quint32 seed)
{
    TextGen gen(seed);
    VerifyData d;
    for (int i = 0; i < passages; ++i)
        d.passages.append(gen.sentence(12, 22) + QLatin1Char(' ') + gen.sentence(12, 22) + (i % 2 ? QLatin1Char(' ') + gen.sentence(8, 16) : QString()));
    std::uniform_int_distribution<int> pick(0, passages - 1), coin(0, 1), replace(0, 3);
    for (int i = 0; i < claims; ++i) {
        if (coin(gen.rng())) {
            QStringList w = d.passages.at(pick(gen.rng())).split(QLatin1Char(' '));
            const int start = std::uniform_int_distribution<int>(0, std::max(0, int(w.size()) - 14))(gen.rng());
            QStringList part = w.mid(start, 14);
            for (QString &x : part) {
                if (replace(gen.rng()) == 0)
                    x = gen.word();
            }
            d.claims.append(part.join(QLatin1Char(' ')));
        } else {
            d.claims.append(gen.sentence(10, 18));
        }
    }
    return d;
}

bool writeJsonl(const QString &path, const QStringList &texts)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("id"), i}, {QStringLiteral("text"), texts.at(i)}}).toJson(QJsonDocument::Compact));
        f.write("\n");
    }
    return true;
}

QString g_python;
QString g_script;

QJsonObject runPython(const QStringList &args, const QString &outFile, double *wallSeconds)
{
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(g_python, QStringList{g_script} + args + QStringList{outFile});
    p.waitForFinished(-1);
    *wallSeconds = double(t.elapsed()) / 1000.0;
    if (p.exitCode() != 0) {
        out << "  python failed: " << QString::fromUtf8(p.readAllStandardError()).left(400) << '\n';
        return {};
    }
    QFile f(outFile);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// ---- whole processes -----------------------------------------------------------------------------

struct Proc
{
    int exitCode = -1;
    double seconds = 0;
    double peakMb = 0; // the child's own maximum resident set (wait4)
    QByteArray out;
    QByteArray err;
};

// Runs program with args, stdout and stderr into files under dir; times it and reads its peak RSS.
Proc runProcess(const QString &program, const QStringList &args, const QString &dir)
{
    Proc r;
    const QByteArray outPath = QFile::encodeName(dir + QStringLiteral("/proc.out"));
    const QByteArray errPath = QFile::encodeName(dir + QStringLiteral("/proc.err"));
    std::vector<QByteArray> argv8{QFile::encodeName(program)};
    for (const QString &a : args)
        argv8.push_back(a.toUtf8());
    std::vector<char *> argv;
    for (QByteArray &a : argv8)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    QElapsedTimer t;
    t.start();
    const pid_t pid = fork();
    if (pid == 0) {
        const int o = ::open(outPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1);
        dup2(e, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    r.seconds = double(t.nsecsElapsed()) / 1e9;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.peakMb = double(usage.ru_maxrss) / 1024.0;
    QFile fo(QString::fromLocal8Bit(outPath)), fe(QString::fromLocal8Bit(errPath));
    if (fo.open(QIODevice::ReadOnly))
        r.out = fo.readAll();
    if (fe.open(QIODevice::ReadOnly))
        r.err = fe.readAll();
    return r;
}

struct Percentiles
{
    double p50 = 0, p95 = 0, max = 0;
};

Percentiles percentiles(std::vector<double> v)
{
    Percentiles p;
    if (v.empty())
        return p;
    std::sort(v.begin(), v.end());
    p.p50 = v[v.size() / 2];
    p.p95 = v[std::min(v.size() - 1, v.size() * 95 / 100)];
    p.max = v.back();
    return p;
}

QString dash() { return QStringLiteral("-"); }

// ---- sections ------------------------------------------------------------------------------------

void benchVerifier(int passages, int claims, bool python, const QString &tmp)
{
    const VerifyData d = makeVerifyData(passages, claims, quint32(passages));
    QList<Pipeline::EvidencePassage> evidence;
    for (qsizetype i = 0; i < d.passages.size(); ++i)
        evidence.append({QString::number(i), 0, d.passages.at(i)});
    resetPeak();
    QElapsedTimer t;
    t.start();
    const auto verifier = Pipeline::ClaimVerifier::fit(evidence);
    const double fitS = double(t.nsecsElapsed()) / 1e9;
    const auto verdicts = verifier->verifyAll(d.claims, 0.15, 0, false);
    const double totalS = double(t.nsecsElapsed()) / 1e9;
    const double ourPeak = peakMb();
    QList<int> ourVerified;
    for (const auto &v : verdicts) {
        if (v.verified)
            ourVerified.append(v.claimIndex);
    }
    const QString size = QStringLiteral("%1 passages x %2 claims").arg(num(passages), num(claims));
    QString skS = QStringLiteral("-"), skPeak = QStringLiteral("-"), speed = QStringLiteral("-"), same = QStringLiteral("-");
    double skWall = 0; // scikit-learn's whole process: interpreter start, imports, read, score, write
    const QString pp = tmp + QStringLiteral("/passages.jsonl"), cp = tmp + QStringLiteral("/claims.jsonl");
    writeJsonl(pp, d.passages);
    writeJsonl(cp, d.claims);
    // The same work as a user runs it: `sovereign verify`, whole process (start, read, score, write).
    const Proc cli = runProcess(QCoreApplication::applicationDirPath() + QStringLiteral("/sovereign"),
                                {QStringLiteral("verify"), QStringLiteral("--passages"), pp, QStringLiteral("--claims"), cp,
                                 QStringLiteral("--out"), tmp + QStringLiteral("/verdicts.jsonl")},
                                tmp);
    if (python) {
        const QJsonObject r = runPython({QStringLiteral("verify"), pp, cp, QStringLiteral("0.15")}, tmp + QStringLiteral("/verify.json"), &skWall);
        if (!r.isEmpty()) {
            const double s = r.value(QStringLiteral("seconds")).toDouble();
            skS = num(s, 2) + QStringLiteral(" s");
            skPeak = num(r.value(QStringLiteral("peak_rss_kb")).toDouble() / 1024.0) + QStringLiteral(" MB");
            speed = num(s / totalS, 1) + QStringLiteral("x");
            QList<int> theirs;
            for (const auto &v : r.value(QStringLiteral("verified")).toArray())
                theirs.append(v.toInt());
            double maxDiff = 0;
            const QJsonArray best = r.value(QStringLiteral("best")).toArray();
            for (qsizetype i = 0; i < best.size() && i < verdicts.size(); ++i)
                maxDiff = std::max(maxDiff, std::abs(best.at(i).toDouble() - verdicts.at(i).confidence));
            same = (theirs == ourVerified ? QStringLiteral("yes (%1 verified").arg(ourVerified.size())
                                          : QStringLiteral("NO (%1 vs %2").arg(ourVerified.size()).arg(theirs.size())) +
                   QStringLiteral(", max abs diff %1)").arg(maxDiff, 0, 'g', 2);
        }
    }
    row({QStringLiteral("claim verifier (fit + transform + similarity)"), size,
         num(totalS, 3) + QStringLiteral(" s (fit ") + num(fitS, 3) + QStringLiteral(" s)"), num(ourPeak) + QStringLiteral(" MB"),
         QStringLiteral("scikit-learn ") + skS + QStringLiteral(", ") + skPeak, speed, same});
    row({QStringLiteral("`sovereign verify`, whole process (start, read JSON-lines, score, write JSON-lines)"), size,
         cli.exitCode == 0 ? QStringLiteral("%1 s (%2x the engine)").arg(num(cli.seconds, 3), num(cli.seconds / totalS, 1))
                           : QStringLiteral("failed: ") + QString::fromUtf8(cli.err.left(200)),
         QStringLiteral("%1 MB (%2x)").arg(num(cli.peakMb), num(cli.peakMb / std::max(1.0, ourPeak), 1)),
         skWall > 0 ? QStringLiteral("goal: <= 1.5x the engine; scikit-learn whole process %1 s").arg(num(skWall, 2)) : QStringLiteral("goal: <= 1.5x the engine"),
         skWall > 0 && cli.exitCode == 0 ? num(skWall / cli.seconds, 1) + QStringLiteral("x") : dash(), dash()});
}

void benchTopK(int n, int dim, int queries, bool python, const QString &tmp)
{
    std::mt19937 rng(42);
    std::normal_distribution<float> g;
    std::vector<float> q(size_t(queries) * size_t(dim));
    for (float &x : q)
        x = g(rng);
    double ourQps = 0, singleMs = 0, peak = 0;
    {
        resetPeak();
        Pipeline::VectorIndex index(dim);
        index.reserve(n);
        std::vector<float> v(static_cast<size_t>(dim));
        for (int i = 0; i < n; ++i) {
            for (float &x : v)
                x = g(rng);
            index.add(v.data());
        }
        index.search(q.data(), std::min(queries, 50), 10); // warm up
        QElapsedTimer t;
        t.start();
        const auto r = index.search(q.data(), queries, 10);
        ourQps = double(queries) / (double(t.nsecsElapsed()) / 1e9);
        std::vector<double> times;
        for (int i = 0; i < 21; ++i) {
            t.restart();
            index.search(q.data() + size_t(i) * size_t(dim), 1, 10);
            times.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        std::sort(times.begin(), times.end());
        singleMs = times[times.size() / 2];
        peak = peakMb();
        Q_UNUSED(r)
    }
    QString np = QStringLiteral("-"), speed = QStringLiteral("-");
    if (python) {
        double wall = 0;
        const QJsonObject r = runPython({QStringLiteral("topk"), QString::number(n), QString::number(dim), QString::number(queries), QStringLiteral("10")},
                                        tmp + QStringLiteral("/topk.json"), &wall);
        if (!r.isEmpty()) {
            const double qps = r.value(QStringLiteral("qps")).toDouble();
            np = QStringLiteral("numpy %1 queries/s, single %2 ms").arg(num(qps), num(r.value(QStringLiteral("single_ms")).toDouble(), 1));
            speed = num(ourQps / qps, 1) + QStringLiteral("x");
        }
    }
    row({QStringLiteral("cosine top-10, batched (%1 kernel)").arg(Pipeline::VectorIndex::kernelName()),
         QStringLiteral("%1 queries over %2 x %3").arg(num(queries), num(n), num(dim)),
         QStringLiteral("%1 queries/s; single query %2 ms").arg(num(ourQps), num(singleMs, 1)), num(peak) + QStringLiteral(" MB"), np, speed,
         QStringLiteral("-")});
}

QList<Models::Paper> makePapers(int n, quint32 seed)
{
    TextGen gen(seed, 20000);
    QList<Models::Paper> papers;
    for (int i = 0; i < n; ++i) {
        Models::Paper p;
        p.arxivId = QStringLiteral("bench/%1").arg(i, 7, 10, QLatin1Char('0'));
        p.title = gen.sentence(5, 10);
        p.abstract = gen.sentence(15, 25) + QLatin1Char(' ') + gen.sentence(15, 25) + QLatin1Char(' ') + gen.sentence(10, 20);
        p.categories = {QStringLiteral("cs.LG")};
        papers.append(p);
    }
    return papers;
}

void benchCorpus(int n, const QString &tmp, bool embed)
{
    const QString path = tmp + QStringLiteral("/corpus-%1.sqlite").arg(n);
    auto db = Models::Database::open(path);
    if (!db) {
        out << "  cannot open " << path << ": " << db.error() << '\n';
        return;
    }
    Models::CorpusStore store(*db);
    const QList<Models::Paper> papers = makePapers(n, quint32(n));
    resetPeak();
    QElapsedTimer t;
    t.start();
    for (qsizetype i = 0; i < papers.size(); i += 1000)
        store.upsert(papers.mid(i, 1000));
    const double importS = double(t.nsecsElapsed()) / 1e9;
    row({QStringLiteral("corpus import (batches of 1,000, FTS5 triggers)"), QStringLiteral("%1 papers").arg(num(n)),
         QStringLiteral("%1 papers/s").arg(num(n / importS)), num(peakMb()) + QStringLiteral(" MB"), QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("-")});
    TextGen gen(7, 20000);
    QStringList queries;
    for (int i = 0; i < 200; ++i)
        queries.append(gen.words(4).join(QLatin1Char(' ')));
    std::vector<double> times;
    for (const QString &q : std::as_const(queries)) {
        t.restart();
        store.search(q, 25);
        times.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    row({QStringLiteral("FTS5 bm25 search, 4-word OR query, top 25"), QStringLiteral("%1 papers").arg(num(n)),
         QStringLiteral("median %1 ms, p95 %2 ms").arg(num(times[times.size() / 2], 2), num(times[times.size() * 95 / 100], 2)),
         QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("-")});
    if (embed) {
        resetPeak();
        t.restart();
        Pipeline::EmbedderOptions options;
        auto fitted = Pipeline::ensureLocalEmbedder(store, options);
        const double s = double(t.nsecsElapsed()) / 1e9;
        row({QStringLiteral("local embedder fit + store (TF-IDF -> randomized SVD, 256 dims)"), QStringLiteral("%1 papers").arg(num(n)),
             fitted ? QStringLiteral("%1 s (rank %2, %3 features)").arg(num(s, 2)).arg(fitted->embedder->rank()).arg(fitted->embedder->featureCount())
                    : fitted.error(),
             num(peakMb()) + QStringLiteral(" MB"), QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("-")});
    }
}

void benchClaims(int rows, bool python, const QString &tmp)
{
    auto db = Models::Database::open(tmp + QStringLiteral("/claims.sqlite"));
    if (!db)
        return;
    Models::Store store(*db);
    Models::Run run;
    run.question = QStringLiteral("bench");
    run.sourceRef = QStringLiteral("bench");
    store.createRun(run);
    Models::Draft draft;
    draft.runId = run.id;
    draft.title = QStringLiteral("bench");
    draft.question = QStringLiteral("bench");
    store.createDraft(draft);
    QList<Models::Claim> claims;
    for (int i = 0; i < rows; ++i) {
        Models::Claim c;
        c.ordinal = i + 1;
        c.text = QStringLiteral("Claim number %1 states a measurable result.").arg(i);
        c.verified = i % 2;
        c.confidence = (i % 100) / 100.0;
        claims.append(c);
    }
    resetPeak();
    QElapsedTimer t;
    t.start();
    auto ok = store.saveClaims(draft.id, 0, claims);
    const double storeS = double(t.nsecsElapsed()) / 1e9;

    // The same rows straight through SQLite's C API on the driver's connection (one prepared
    // statement, one transaction): what a bulk path costs without QVariant binding.
    QSqlDatabase conn = (*db)->connection();
    sqlite3 *h = *static_cast<sqlite3 *const *>(conn.driver()->handle().data());
    sqlite3_stmt *stmt = nullptr;
    t.restart();
    sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(h, "INSERT INTO claims (draft_id, round, ordinal, text, original_text, verified, confidence) VALUES (?,1,?,?,?,?,?)", -1, &stmt, nullptr);
    for (int i = 0; i < rows; ++i) {
        const QByteArray text = claims.at(i).text.toUtf8();
        sqlite3_bind_int64(stmt, 1, draft.id);
        sqlite3_bind_int(stmt, 2, i + 1);
        sqlite3_bind_text(stmt, 3, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(stmt, 4, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int(stmt, 5, i % 2);
        sqlite3_bind_double(stmt, 6, (i % 100) / 100.0);
        sqlite3_step(stmt);
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    sqlite3_exec(h, "COMMIT", nullptr, nullptr, nullptr);
    const double rawS = double(t.nsecsElapsed()) / 1e9;

    QString py = QStringLiteral("-");
    if (python) {
        double wall = 0;
        // A fresh database with the real schema for Python, so both sides insert into the same table.
        const QString pyDb = tmp + QStringLiteral("/claims-python.sqlite");
        {
            auto fresh = Models::Database::open(pyDb);
            if (!fresh)
                out << "  cannot create " << pyDb << '\n';
        }
        const QJsonObject r = runPython({QStringLiteral("sqlite"), QString::number(rows), pyDb}, tmp + QStringLiteral("/sqlite.json"), &wall);
        if (!r.isEmpty())
            py = QStringLiteral("Python sqlite3 executemany: %1 rows/s same schema, %2 rows/s minimal 6-column table")
                     .arg(num(r.value(QStringLiteral("same_schema_rows_per_s")).toDouble()), num(r.value(QStringLiteral("rows_per_s")).toDouble()));
    }
    row({QStringLiteral("bulk claim insert, one transaction"), QStringLiteral("%1 rows").arg(num(rows)),
         QStringLiteral("Store::saveClaims %1 rows/s%2; sqlite3 C API %3 rows/s")
             .arg(num(rows / storeS), ok ? QString() : QStringLiteral(" (failed: %1)").arg(ok.error()), num(rows / rawS)),
         num(peakMb()) + QStringLiteral(" MB"), py, QStringLiteral("-"), QStringLiteral("-")});

    // Keyset paging: 100 rows after a given id, at pages spread over the table.
    auto page = Models::prepare(conn, QStringLiteral("SELECT id, ordinal, text, verified, confidence FROM claims WHERE draft_id = ? AND round = 0 "
                                                     "AND ordinal > ? ORDER BY ordinal LIMIT 100"));
    std::vector<double> times;
    for (int i = 0; i < 200 && page; ++i) {
        const int after = (i * 9973) % rows;
        t.restart();
        page->bindValue(0, draft.id);
        page->bindValue(1, after);
        page->exec();
        int n = 0;
        while (page->next())
            ++n;
        times.push_back(double(t.nsecsElapsed()) / 1e6);
        Q_UNUSED(n)
    }
    std::sort(times.begin(), times.end());
    if (!times.empty())
        row({QStringLiteral("claim table keyset page (100 rows, (draft, round, ordinal) index)"), QStringLiteral("%1 rows").arg(num(rows)),
             QStringLiteral("median %1 ms, p95 %2 ms, max %3 ms")
                 .arg(num(times[times.size() / 2], 3), num(times[times.size() * 95 / 100], 3), num(times.back(), 3)),
             QStringLiteral("-"),
             QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("-")});
}

bool generate(const Bench::OaiGeneratorOptions &o, const QString &file)
{
    QElapsedTimer t;
    t.start();
    const Bench::OaiGenerator gen(o);
    std::string error;
    qint64 lastReport = 0;
    const bool ok = gen.writeFile(file.toStdString(), &error, [&](std::int64_t done) {
        if (t.elapsed() - lastReport > 5000) {
            lastReport = t.elapsed();
            out << "  generated " << num(double(done)) << " of " << num(double(o.records)) << " records\n";
            out.flush();
        }
    });
    if (!ok) {
        out << "generate: " << QString::fromStdString(error) << '\n';
        return false;
    }
    out << "generated " << num(double(o.records)) << " records (seed " << o.seed << ") into " << file << ": "
        << num(double(QFileInfo(file).size()) / 1e6) << " MB in " << num(double(t.elapsed()) / 1000.0, 1) << " s\n";
    return true;
}


// The named section for the goals of "the whole arXiv offline": the generated OAI snapshot of
// `records` papers is imported by the `sovereign` CLI (whole process), searched with the planner's
// query shapes, embedded (`sovereign corpus index`), searched semantically (single and batched, with
// numpy on the same vectors) and run end to end (`sovereign run`). Data lives in dir.
// With reuse, an existing database of that size is kept (no import rows); want picks sections
// (import, fts, embed, semantic, run).
void benchScale(qint64 records, const QString &dir, bool python, const QString &tmp, bool reuse,
                const std::function<bool(const char *)> &want)
{
    QDir().mkpath(dir);
    const QString sovereign = QCoreApplication::applicationDirPath() + QStringLiteral("/sovereign");
    const QString file = dir + QStringLiteral("/oai-%1.jsonl").arg(records);
    Bench::OaiGeneratorOptions go;
    go.records = records;
    if (!QFileInfo::exists(file) && !generate(go, file))
        return;
    const QString dbPath = dir + QStringLiteral("/scale-%1.sqlite").arg(records);
    const QString size = QStringLiteral("%1 papers").arg(num(double(records)));
    const double fileMb = double(QFileInfo(file).size()) / 1e6;
    if (!reuse || !QFileInfo::exists(dbPath)) {
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(dbPath + suffix);

    // 1. Import, whole process, from the JSON-lines file; then again (everything skipped).
    const Proc imp = runProcess(sovereign, {QStringLiteral("--db"), dbPath, QStringLiteral("corpus"), QStringLiteral("import"), file}, tmp);
    if (imp.exitCode != 0) {
        out << "  import failed (" << imp.exitCode << "): " << QString::fromUtf8(imp.err.right(600)) << '\n';
        return;
    }
    qint64 dbBytes = 0;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")})
        dbBytes += QFileInfo(dbPath + suffix).size();
    row({QStringLiteral("import, whole process (`sovereign corpus import`, %1 MB OAI JSON-lines, bulk FTS5)").arg(num(fileMb)), size,
         QStringLiteral("%1 s, %2 papers/s; database %3 MB").arg(num(imp.seconds, 1), num(double(records) / imp.seconds), num(double(dbBytes) / 1e6)),
         num(imp.peakMb) + QStringLiteral(" MB"), QStringLiteral("goal: 2.7 M in <= 600 s, <= 1 GB"), dash(), dash()});
    const Proc again = runProcess(sovereign, {QStringLiteral("--db"), dbPath, QStringLiteral("corpus"), QStringLiteral("import"), file}, tmp);
    row({QStringLiteral("re-import of the same file (resume: every paper already present, skipped)"), size,
         QStringLiteral("%1 s").arg(num(again.seconds, 1)), num(again.peakMb) + QStringLiteral(" MB"), dash(), dash(),
         again.out.contains(QByteArrayLiteral(" 0 added")) ? QStringLiteral("0 added") : QStringLiteral("NOT all skipped")});
    }

    auto db = Models::Database::open(dbPath);
    if (!db) {
        out << "  cannot open " << dbPath << ": " << db.error() << '\n';
        return;
    }
    Models::CorpusStore store(*db);

    // 2. FTS by query shape: the planner's four queries for 200 questions made from sampled papers,
    //    and the old shape (4 words OR-ed) for comparison.
    auto sample = store.sampleTexts(200);
    QHash<QString, std::vector<double>> byShape;
    QStringList shapes;
    QElapsedTimer t;
    auto timeQuery = [&](const QString &shape, const QString &text) {
        if (!shapes.contains(shape))
            shapes.append(shape);
        t.restart();
        auto hits = store.search(text, 25);
        byShape[shape].push_back(double(t.nsecsElapsed()) / 1e6);
        Q_UNUSED(hits)
    };
    QList<QPair<QString, QString>> questions; // question, source title
    if (sample) {
        for (const auto &p : std::as_const(*sample)) {
            const QStringList words = Pipeline::contentWords(p.abstract);
            if (words.size() < 8)
                continue;
            const QString question = QStringLiteral("How does %1 %2 affect %3 in %4 %5?")
                                         .arg(words.at(1), words.at(2), words.at(words.size() / 2), words.at(words.size() - 2), words.last());
            questions.append({question, p.title});
            if (!want("fts"))
                continue;
            timeQuery(QStringLiteral("4 words OR-ed (old shape)"), QStringList{words.at(0), words.at(3), words.at(5), words.at(7)}.join(QLatin1Char(' ')));
            auto planned = Pipeline::planQueries(store, question, p.title);
            if (!planned)
                continue;
            for (const auto &q : std::as_const(*planned))
                timeQuery(QStringLiteral("planner: ") + q.strategy.section(QLatin1Char(' '), 0, 0), q.text);
        }
    }
    for (const QString &shape : std::as_const(shapes)) {
        const Percentiles p = percentiles(byShape.value(shape));
        row({QStringLiteral("FTS5 top 25, ") + shape, size,
             QStringLiteral("p50 %1 ms, p95 %2 ms, max %3 ms (%4 queries)").arg(num(p.p50, 1), num(p.p95, 1), num(p.max, 1)).arg(byShape.value(shape).size()),
             dash(), QStringLiteral("goal: p95 <= 50 ms"), dash(), dash()});
    }

    // 3. Embed the whole corpus, whole process.
    if (want("embed")) {
    const Proc idx = runProcess(sovereign, {QStringLiteral("--db"), dbPath, QStringLiteral("--json"), QStringLiteral("corpus"), QStringLiteral("index")}, tmp);
    const QJsonObject ir = QJsonDocument::fromJson(idx.out).object();
    row({QStringLiteral("embed the whole corpus, whole process (`sovereign corpus index`: fit on a 12,000-paper sample, "
                        "hashed uni+bigrams -> 256-d LSA, int8 vectors)"),
         size,
         idx.exitCode == 0 ? QStringLiteral("%1 s, %2 papers/s (fit %3 s)")
                                 .arg(num(idx.seconds, 1), num(double(records) / idx.seconds), num(ir.value(QStringLiteral("fit_seconds")).toDouble(), 1))
                           : QStringLiteral("failed: ") + QString::fromUtf8(idx.err.right(300)),
         num(idx.peakMb) + QStringLiteral(" MB"), QStringLiteral("goal: >= 5,000 papers/s, <= 2 GB"), dash(), dash()});
    }

    // 4. Semantic top-10 over the whole corpus: int8 scan + float re-rank of 50 candidates.
    auto fitted = want("semantic") ? Pipeline::ensureLocalEmbedder(store) : Models::Result<Pipeline::FittedEmbedder>(Models::fail(QStringLiteral("skipped")));
    if (fitted) {
        resetPeak();
        t.restart();
        auto index = Pipeline::loadSemanticIndex(store, *fitted->embedder);
        const double loadS = double(t.nsecsElapsed()) / 1e9;
        if (index) {
            const int dim = fitted->embedder->dim();
            auto qs = store.sampleTexts(1000);
            std::vector<float> queries;
            for (const auto &p : std::as_const(*qs)) {
                const QList<float> v = fitted->embedder->embed(p.title);
                queries.insert(queries.end(), v.begin(), v.end());
            }
            const int nq = int(queries.size()) / dim;
            std::vector<double> single;
            for (int i = 0; i < std::min(nq, 30); ++i) {
                t.restart();
                auto r = Pipeline::semanticSearch(store, *fitted->embedder, *index, queries.data() + size_t(i) * size_t(dim), 1, 10);
                single.push_back(double(t.nsecsElapsed()) / 1e6);
            }
            t.restart();
            auto batched = Pipeline::semanticSearch(store, *fitted->embedder, *index, queries.data(), nq, 10);
            const double batchS = double(t.nsecsElapsed()) / 1e9;
            const double ourQps = double(nq) / batchS;
            const double peak = peakMb();
            const Percentiles sp = percentiles(single);
            QString np = dash(), speed = dash(), check = dash();
            if (python) {
                // numpy gets the same (dequantized) vectors and the same queries.
                const QString vf = dir + QStringLiteral("/vectors-%1.f32").arg(records), qf = tmp + QStringLiteral("/queries.f32");
                QFile v(vf), q(qf);
                if (v.open(QIODevice::WriteOnly) && q.open(QIODevice::WriteOnly)) {
                    std::vector<float> buf(static_cast<size_t>(dim));
                    for (int i = 0; i < index->size(); ++i) {
                        index->vectorAt(i, buf.data());
                        v.write(reinterpret_cast<const char *>(buf.data()), qint64(buf.size() * sizeof(float)));
                    }
                    q.write(reinterpret_cast<const char *>(queries.data()), qint64(queries.size() * sizeof(float)));
                    v.close();
                    q.close();
                    double wall = 0;
                    const QJsonObject r = runPython({QStringLiteral("topkfile"), vf, qf, QString::number(dim), QStringLiteral("10")},
                                                    tmp + QStringLiteral("/topkfile.json"), &wall);
                    QFile::remove(vf);
                    if (!r.isEmpty()) {
                        const double qps = r.value(QStringLiteral("qps")).toDouble();
                        np = QStringLiteral("numpy + OpenBLAS, same vectors: %1 queries/s, single %2 ms, %3 MB")
                                 .arg(num(qps), num(r.value(QStringLiteral("single_ms")).toDouble(), 1),
                                      num(r.value(QStringLiteral("peak_rss_kb")).toDouble() / 1024.0));
                        speed = num(ourQps / qps, 1) + QStringLiteral("x");
                        // Top-10 agreement with numpy's exact answer over the dequantized vectors.
                        int same = 0, total = 0;
                        const QJsonArray tops = r.value(QStringLiteral("top")).toArray();
                        for (qsizetype i = 0; batched && i < tops.size() && i < batched->size(); ++i) {
                            QSet<qint64> theirs;
                            for (const auto &x : tops.at(i).toArray())
                                theirs.insert(index->idAt(x.toInt()));
                            for (const auto &h : batched->at(i)) {
                                same += theirs.contains(h.paperId) ? 1 : 0;
                                ++total;
                            }
                        }
                        check = QStringLiteral("%1 of %2 top-10 ids as numpy's").arg(same).arg(total);
                    }
                }
            }
            row({QStringLiteral("semantic top-10 over the whole corpus (int8 scan, float re-rank of 50; index loaded in %1 s, %2 MB)")
                     .arg(num(loadS, 1), num(double(index->bytes()) / 1e6)),
                 size,
                 QStringLiteral("single query p50 %1 ms (p95 %2); batched %3 queries/s").arg(num(sp.p50, 1), num(sp.p95, 1), num(ourQps)),
                 num(peak) + QStringLiteral(" MB"), np, speed, check});
        }
    }

    // 5. The whole offline run, as a user starts it, three times (the first may fit nothing: the index is current).
    if (!questions.isEmpty() && want("run")) {
        // Sources with new-style ids (old-style ones look like relative file paths to `--source`).
        QStringList sources;
        for (const auto &p : std::as_const(*sample)) {
            if (!p.arxivId.contains(QLatin1Char('/')))
                sources.append(p.arxivId);
        }
        std::vector<double> runs;
        QString stages;
        for (int i = 0; i < 3 && i < sources.size(); ++i) {
            const auto &q = questions.at(i % questions.size());
            const Proc run = runProcess(sovereign, {QStringLiteral("--db"), dbPath, QStringLiteral("run"), QStringLiteral("--source"),
                                                    sources.at(i), QStringLiteral("--question"), q.first},
                                        tmp);
            runs.push_back(run.seconds);
            if (i == 0) {
                // The stage log: "[ms] stage kind"; keep the finish line of each stage.
                QStringList lines;
                for (const QByteArray &l : run.out.split('\n')) {
                    if (l.contains("finished") || l.contains("failed"))
                        lines.append(QString::fromUtf8(l.simplified()));
                }
                stages = lines.join(QStringLiteral("; "));
                if (run.exitCode != 0 && run.exitCode != 1)
                    stages += QStringLiteral(" [exit %1: %2]").arg(run.exitCode).arg(QString::fromUtf8(run.err.right(300)));
            }
        }
        const Percentiles p = percentiles(runs);
        row({QStringLiteral("whole offline run, whole process (`sovereign run`, 3 questions)"), size,
             QStringLiteral("median %1 s, max %2 s").arg(num(p.p50, 2), num(p.max, 2)), dash(), QStringLiteral("goal: <= 3 s"), dash(), stages.left(900)});
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool quick = args.contains(QStringLiteral("--quick"));
    bool python = !args.contains(QStringLiteral("--no-python"));
    const qsizetype mdAt = args.indexOf(QStringLiteral("--markdown"));
    const QString markdown = mdAt > 0 && mdAt + 1 < args.size() ? args.at(mdAt + 1) : QString();
    const qsizetype onlyAt = args.indexOf(QStringLiteral("--only"));
    const QString only = onlyAt > 0 && onlyAt + 1 < args.size() ? args.at(onlyAt + 1) : QString();
    auto want = [&only](const char *section) { return only.isEmpty() || only == QLatin1StringView(section); };

    const qsizetype genAt = args.indexOf(QStringLiteral("--generate"));
    if (genAt > 0) {
        // --generate N FILE [--seed S]: the OAI JSON-lines stand-in (see oaigenerator.h).
        const qsizetype seedAt = args.indexOf(QStringLiteral("--seed"));
        Bench::OaiGeneratorOptions o;
        o.records = args.value(genAt + 1).toLongLong();
        if (seedAt > 0)
            o.seed = args.value(seedAt + 1).toULongLong();
        const QString file = args.value(genAt + 2);
        if (o.records <= 0 || file.isEmpty()) {
            out << "usage: sovereign-bench --generate N FILE [--seed S]\n";
            return 2;
        }
        return generate(o, file) ? 0 : 1;
    }

    g_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    g_script = QStringLiteral(SOVEREIGN_BENCH_PYTHON);
    if (python && (g_python.isEmpty() || !QFile::exists(g_script))) {
        out << "python3 or " << g_script << " not found: running without the Python references\n";
        python = false;
    }
    QTemporaryDir tmp;
    out << "sovereign-bench: " << QThread::idealThreadCount() << " threads, vector kernel " << Pipeline::VectorIndex::kernelName()
        << (quick ? ", quick sizes" : "") << "\n";
    table.append(QStringLiteral("| what | size | Sovereign (C++) | peak RSS | reference (same run) | speed-up | check |"));
    table.append(QStringLiteral("|---|---|---|---|---|---|---|"));

    const qsizetype scaleAt = args.indexOf(QStringLiteral("--scale"));
    if (scaleAt > 0) {
        // --scale [N]: the offline-arXiv section only (default 2,700,000 papers), data in
        // $SOVEREIGN_BENCH_DIR or /var/tmp/sovereign-bench.
        const qint64 n = scaleAt + 1 < args.size() && !args.at(scaleAt + 1).startsWith(QStringLiteral("--")) ? args.at(scaleAt + 1).toLongLong() : 2700000;
        const QString dir = qEnvironmentVariable("SOVEREIGN_BENCH_DIR", QStringLiteral("/var/tmp/sovereign-bench"));
        benchScale(n, dir, python, tmp.path(), args.contains(QStringLiteral("--reuse")), want);
    } else if (quick) {
        if (want("verifier"))
            benchVerifier(2000, 500, python, tmp.path());
        if (want("topk"))
            benchTopK(10000, 256, 200, python, tmp.path());
        if (want("corpus"))
            benchCorpus(2000, tmp.path(), true);
        if (want("claims"))
            benchClaims(50000, python, tmp.path());
    } else {
        if (want("verifier")) {
            benchVerifier(1000, 250, python, tmp.path());
            benchVerifier(5000, 1250, python, tmp.path());
            benchVerifier(20000, 5000, python, tmp.path());
        }
        if (want("topk")) {
            benchTopK(10000, 256, 1000, python, tmp.path());
            benchTopK(100000, 1024, 1000, python, tmp.path());
        }
        if (want("corpus")) {
            benchCorpus(10000, tmp.path(), true);
            benchCorpus(100000, tmp.path(), false);
        }
        if (want("claims"))
            benchClaims(200000, python, tmp.path());
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    out << "peak RSS of the whole run (getrusage): " << num(double(u.ru_maxrss) / 1024.0) << " MB\n\n";
    out << table.join(QLatin1Char('\n')) << '\n';
    if (!markdown.isEmpty()) {
        QFile f(markdown);
        if (f.open(QIODevice::WriteOnly))
            f.write(table.join(QLatin1Char('\n')).toUtf8() + '\n');
    }
    return 0;
}
