// Claim verifier: parity with scikit-learn's TfidfVectorizer(ngram_range=(1,2)) to 1e-6 on a varied
// text set (committed reference, and a live scikit-learn run when python3 has it), the verdict
// rule, evidence passage and sentence, single-claim re-scoring, text helpers.
#include "pipeline/golden.h"
#include "pipeline/verify/verifier.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;

namespace {

struct ParityInput
{
    QList<EvidencePassage> passages;
    QStringList claims;
};

ParityInput loadInput()
{
    ParityInput in;
    const QJsonObject o = QJsonDocument::fromJson(Test::readData(QStringLiteral("verifier/input.json"))).object();
    for (const auto &v : o.value(QStringLiteral("passages")).toArray())
        in.passages.append({v[QStringLiteral("id")].toString(), 0, v[QStringLiteral("text")].toString()});
    for (const auto &v : o.value(QStringLiteral("claims")).toArray())
        in.claims.append(v[QStringLiteral("text")].toString());
    return in;
}

// Compares the verifier with one scikit-learn output; returns "" or the first difference.
QString compareWithReference(const QJsonObject &expected)
{
    const ParityInput in = loadInput();
    if (in.passages.isEmpty() || in.claims.isEmpty())
        return QStringLiteral("input.json missing or empty");
    const auto verifier = ClaimVerifier::fit(in.passages);
    const QJsonArray vocabulary = expected.value(QStringLiteral("vocabulary")).toArray();
    const QJsonArray idf = expected.value(QStringLiteral("idf")).toArray();
    if (verifier->model().vocabularySize() != vocabulary.size())
        return QStringLiteral("vocabulary size %1, scikit-learn %2").arg(verifier->model().vocabularySize()).arg(vocabulary.size());
    for (qsizetype i = 0; i < vocabulary.size(); ++i) {
        const QString term = vocabulary.at(i).toString();
        const int f = verifier->model().featureIndex(term);
        if (f < 0)
            return QStringLiteral("term \"%1\" missing from the vocabulary").arg(term);
        if (std::abs(verifier->model().idf(f) - idf.at(i).toDouble()) > 1e-9)
            return QStringLiteral("idf of \"%1\": %2 vs %3").arg(term).arg(verifier->model().idf(f)).arg(idf.at(i).toDouble());
    }
    const QJsonArray scores = expected.value(QStringLiteral("scores")).toArray();
    if (scores.size() != in.claims.size())
        return QStringLiteral("reference has %1 claims").arg(scores.size());
    for (qsizetype c = 0; c < in.claims.size(); ++c) {
        const std::vector<double> mine = verifier->scores(in.claims.at(c));
        const QJsonArray theirs = scores.at(c).toArray();
        for (qsizetype p = 0; p < theirs.size(); ++p) {
            if (std::abs(mine[size_t(p)] - theirs.at(p).toDouble()) > 1e-6)
                return QStringLiteral("claim %1 passage %2: %3 vs scikit-learn %4")
                    .arg(c)
                    .arg(p)
                    .arg(mine[size_t(p)], 0, 'g', 17)
                    .arg(theirs.at(p).toDouble(), 0, 'g', 17);
        }
        const QJsonObject best = expected.value(QStringLiteral("best")).toArray().at(c).toObject();
        const ClaimVerdict v = verifier->verify(in.claims.at(c));
        if (std::abs(v.confidence - best.value(QStringLiteral("score")).toDouble()) > 1e-6)
            return QStringLiteral("claim %1 best score %2 vs %3").arg(c).arg(v.confidence).arg(best.value(QStringLiteral("score")).toDouble());
        if (v.confidence > 0 && v.passageId != best.value(QStringLiteral("passage_id")).toString())
            return QStringLiteral("claim %1 best passage %2 vs %3").arg(c).arg(v.passageId, best.value(QStringLiteral("passage_id")).toString());
    }
    return {};
}

} // namespace

class TestVerifier : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void parityWithCommittedReference()
    {
        const QJsonObject expected = QJsonDocument::fromJson(Test::readData(QStringLiteral("verifier/expected.json"))).object();
        QVERIFY(!expected.isEmpty());
        const QString diff = compareWithReference(expected);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Runs scikit-learn now, so the committed reference cannot go stale.
    void parityWithLiveScikitLearn()
    {
        SOVEREIGN_NEED_TOOLS("python3");
        const QString python = Sovereign::Test::tool("python3");
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import sklearn")});
        probe.waitForFinished(60000);
        if (probe.exitCode() != 0) {
            const char *why = "python3 has no scikit-learn (Debian: python3-sklearn)";
            if (Test::toolsRequired())
                QFAIL(why);
            QSKIP(why);
        }
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("live.json"));
        QProcess run;
        run.start(python, {Test::dataPath(QStringLiteral("verifier/sklearn_scores.py")),
                           Test::dataPath(QStringLiteral("verifier/input.json")), out});
        QVERIFY(run.waitForFinished(120000));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString diff = compareWithReference(QJsonDocument::fromJson(f.readAll()).object());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    void tokens_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("basic") << QStringLiteral("Top-2 experts, a b; it's") << QStringList{QStringLiteral("top"), QStringLiteral("experts"), QStringLiteral("it")};
        QTest::newRow("underscore") << QStringLiteral("snake_case __x__") << QStringList{QStringLiteral("snake_case"), QStringLiteral("__x__")};
        QTest::newRow("combining mark splits") << QStringLiteral("cafe\u0301s") << QStringList{QStringLiteral("cafe")};
        QTest::newRow("final sigma") << QStringLiteral("ΟΔΥΣΣΕΥΣ Σ") << QStringList{QStringLiteral("οδυσσευς")};
        QTest::newRow("dotted I") << QStringLiteral("İstanbul") << QStringList{QStringLiteral("stanbul")};
        QTest::newRow("outside BMP") << QStringLiteral("𝐀𝐁 x") << QStringList{QStringLiteral("𝐀𝐁")};
        QTest::newRow("digits") << QStringLiteral("3.14 1,000 ٣٤") << QStringList{QStringLiteral("14"), QStringLiteral("000"), QStringLiteral("٣٤")};
        QTest::newRow("empty") << QString() << QStringList{};
    }
    void tokens()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(sklearnTokens(pythonLower(text)), expected);
    }

    void verdictEvidenceAndRescore()
    {
        const QList<EvidencePassage> passages = {
            {QStringLiteral("A#p1"), 11, QStringLiteral("Gardening needs sunlight. Tomatoes grow on vines.")},
            {QStringLiteral("B#p1"), 22, QStringLiteral("The router sends each token to two experts. Load balancing keeps experts busy.")},
        };
        const QStringList claims = {QStringLiteral("The router sends each token to two experts."),
                                    QStringLiteral("Quantum chromodynamics"), QStringLiteral("experts")};
        const VerificationResult r = verifyClaims(passages, claims, 0.15);
        QCOMPARE(r.verdicts.size(), 3);
        QVERIFY(r.verdicts.at(0).verified);
        QCOMPARE(r.verdicts.at(0).passageId, QStringLiteral("B#p1"));
        QCOMPARE(r.verdicts.at(0).evidencePaperId, 22);
        QCOMPARE(r.verdicts.at(0).sentence, QStringLiteral("The router sends each token to two experts."));
        QCOMPARE(r.verdicts.at(0).claimIndex, 0);
        QVERIFY(!r.verdicts.at(1).verified);
        QCOMPARE(r.verdicts.at(1).confidence, 0.0);
        QCOMPARE(r.verdicts.at(1).passageIndex, -1);
        QCOMPARE(r.verifiedCount(), 2);
        // The threshold is inclusive and the confidence is the best cosine.
        const auto verifier = ClaimVerifier::fit(passages);
        const ClaimVerdict one = verifier->verify(QStringLiteral("experts"), 0.0);
        const ClaimVerdict at = verifier->verify(QStringLiteral("experts"), one.confidence);
        QVERIFY(at.verified);
        QVERIFY(!verifier->verify(QStringLiteral("experts"), one.confidence + 1e-9).verified);
        // Re-scoring an edited claim against the fitted model equals a full run.
        const QString edited = QStringLiteral("Tomatoes grow on vines in sunlight.");
        const ClaimVerdict quick = verifier->verify(edited);
        const VerificationResult full = verifyClaims(passages, {edited});
        QCOMPARE(quick.confidence, full.verdicts.first().confidence);
        QCOMPARE(quick.passageId, QStringLiteral("A#p1"));
        QCOMPARE(quick.sentence, QStringLiteral("Tomatoes grow on vines."));
    }

    void multithreadedMatchesSingle()
    {
        QList<EvidencePassage> passages;
        QStringList claims;
        for (int i = 0; i < 300; ++i) {
            passages.append({QString::number(i), 0, QStringLiteral("passage %1 about topic%2 and topic%3 with shared words w%4 w%5 w%6")
                                                        .arg(i).arg(i % 17).arg(i % 5).arg(i % 3).arg((i * 7) % 101).arg((i * 13) % 211)});
            claims.append(QStringLiteral("claim on topic%1 and topic%2 w%3 w%4 shared").arg(i % 13).arg(i % 7).arg((i * 5) % 101).arg((i * 11) % 211));
        }
        const auto v = ClaimVerifier::fit(passages);
        const auto a = v->verifyAll(claims, 0.15, 1);
        const auto b = v->verifyAll(claims, 0.15, 4);
        QCOMPARE(a.size(), b.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(a.at(i).confidence, b.at(i).confidence);
            QCOMPARE(a.at(i).passageIndex, b.at(i).passageIndex);
            // The pruned best equals the maximum of the full score vector (first index on ties).
            const std::vector<double> all = v->scores(claims.at(i));
            const auto maxIt = std::max_element(all.begin(), all.end());
            QVERIFY(std::abs(*maxIt - a.at(i).confidence) < 1e-12);
            if (*maxIt > 0) {
                double bestExact = -1;
                int first = -1;
                for (size_t p = 0; p < all.size(); ++p) {
                    if (all[p] > bestExact + 1e-12) {
                        bestExact = all[p];
                        first = int(p);
                    }
                }
                QCOMPARE(a.at(i).passageIndex, first);
            }
        }
    }

    void noEvidence()
    {
        const VerificationResult r = verifyClaims({}, {QStringLiteral("anything")});
        QCOMPARE(r.verdicts.size(), 1);
        QVERIFY(!r.verdicts.first().verified);
        QVERIFY(!r.note.isEmpty());
        const VerificationResult blank = verifyClaims({{QStringLiteral("x"), 0, QStringLiteral("a . ;")}}, {QStringLiteral("a")});
        QCOMPARE(blank.vocabularySize, 0);
        QVERIFY(!blank.note.isEmpty());
    }

    void sentences_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("simple") << QStringLiteral("One. Two! Three?") << QStringList{QStringLiteral("One."), QStringLiteral("Two!"), QStringLiteral("Three?")};
        QTest::newRow("abbrev") << QStringLiteral("Models (e.g. Mixtral) help. See Fig. 2 for J. Smith et al. Results follow.")
                                << QStringList{QStringLiteral("Models (e.g. Mixtral) help."), QStringLiteral("See Fig. 2 for J. Smith et al. Results follow.")};
        QTest::newRow("decimal") << QStringLiteral("It scored 3.5 points. Then 4.") << QStringList{QStringLiteral("It scored 3.5 points."), QStringLiteral("Then 4.")};
        QTest::newRow("lowercase next") << QStringLiteral("ends with v. lowercase continues") << QStringList{QStringLiteral("ends with v. lowercase continues")};
    }
    void sentences()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(splitEvidenceSentences(text), expected);
    }

    void passagesFromAbstracts()
    {
        Models::Paper p;
        p.id = 5;
        p.arxivId = QStringLiteral("2401.00001");
        p.abstract = QStringLiteral("S1 here. S2 here. S3 here. S4 here.");
        const auto passages = passagesFromPapers({p}, 3);
        QCOMPARE(passages.size(), 2);
        QCOMPARE(passages.at(0).id, QStringLiteral("2401.00001#p1"));
        QCOMPARE(passages.at(0).text, QStringLiteral("S1 here. S2 here. S3 here."));
        QCOMPARE(passages.at(1).text, QStringLiteral("S4 here."));
        QCOMPARE(passages.at(1).paperId, 5);
    }
};

QTEST_GUILESS_MAIN(TestVerifier)
#include "tst_verifier.moc"
