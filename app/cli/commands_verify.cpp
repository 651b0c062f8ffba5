// sovereign verify: the claim verifier on its own, over JSON-lines files.
#include "cli.h"

#include "pipeline/verify/verifier.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Sovereign::App {

namespace {

struct Line
{
    QJsonValue id;
    QString text;
};

// Reads {"id": ..., "text": ...} lines; blank lines are skipped. Any other bad line is an error
// naming file and line: dropping a claim silently would make the output incomplete.
Models::Result<QList<Line>> readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Models::fail(QStringLiteral("%1: %2").arg(path, f.errorString()));
    QList<Line> out;
    qint64 lineNo = 0;
    while (!f.atEnd()) {
        const QByteArray raw = f.readLine().trimmed();
        ++lineNo;
        if (raw.isEmpty())
            continue;
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(raw, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject())
            return Models::fail(QStringLiteral("%1:%2: not a JSON object (%3)")
                                    .arg(path)
                                    .arg(lineNo)
                                    .arg(err.error != QJsonParseError::NoError ? err.errorString() : QStringLiteral("wrong type")));
        const QJsonObject o = doc.object();
        const QJsonValue id = o.value(QStringLiteral("id"));
        const QJsonValue text = o.value(QStringLiteral("text"));
        if (!(id.isString() || id.isDouble()))
            return Models::fail(QStringLiteral("%1:%2: \"id\" must be a string or a number").arg(path).arg(lineNo));
        if (!text.isString())
            return Models::fail(QStringLiteral("%1:%2: \"text\" must be a string").arg(path).arg(lineNo));
        out.append({id, text.toString()});
    }
    return out;
}

void printHelp(QTextStream &out)
{
    out << "Usage: sovereign verify --passages P.jsonl --claims C.jsonl [--threshold T] --out R.jsonl\n\n"
           "Scores every claim against every passage with TF-IDF cosine (word unigrams + bigrams, the same\n"
           "numbers as scikit-learn's TfidfVectorizer(ngram_range=(1,2)) fitted on the passages). Input lines\n"
           "are {\"id\": ..., \"text\": ...}. Each output line is {\"claim_id\", \"passage_id\", \"score\",\n"
           "\"verified\"}: the best passage (null when the claim shares no word pair or word with any\n"
           "passage), its cosine, and whether that is >= the threshold (default 0.15).\n";
}

} // namespace

int cmdVerify(CliContext &ctx, const QStringList &args)
{
    QString passagesPath, claimsPath, outPath;
    double threshold = Pipeline::DefaultVerifyThreshold;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QStringLiteral("--help") || a == QStringLiteral("-h")) {
            printHelp(ctx.out);
            return ExitOk;
        }
        const bool hasValue = i + 1 < args.size();
        if (a == QStringLiteral("--passages") && hasValue) {
            passagesPath = args.at(++i);
        } else if (a == QStringLiteral("--claims") && hasValue) {
            claimsPath = args.at(++i);
        } else if (a == QStringLiteral("--out") && hasValue) {
            outPath = args.at(++i);
        } else if (a == QStringLiteral("--threshold") && hasValue) {
            bool ok = false;
            threshold = args.at(++i).toDouble(&ok);
            if (!ok || threshold < 0 || threshold > 1)
                return ctx.usageError(QStringLiteral("--threshold must be a number between 0 and 1"));
        } else {
            return ctx.usageError(QStringLiteral("verify: unexpected argument '%1' (see sovereign verify --help)").arg(a));
        }
    }
    if (passagesPath.isEmpty() || claimsPath.isEmpty() || outPath.isEmpty())
        return ctx.usageError(QStringLiteral("verify needs --passages, --claims and --out"));
    for (const QString &p : {passagesPath, claimsPath}) {
        if (!QFile::exists(p))
            return ctx.failure(QStringLiteral("no such file: %1").arg(p), ExitNotFound);
    }
    QElapsedTimer timer;
    timer.start();
    auto passages = readLines(passagesPath);
    if (!passages)
        return ctx.failure(passages.error(), ExitUsage);
    auto claims = readLines(claimsPath);
    if (!claims)
        return ctx.failure(claims.error(), ExitUsage);
    const qint64 readMs = timer.restart();

    QList<Pipeline::EvidencePassage> evidence;
    evidence.reserve(passages->size());
    for (qsizetype i = 0; i < passages->size(); ++i)
        evidence.append({QString::number(i), 0, passages->at(i).text});
    QStringList claimTexts;
    claimTexts.reserve(claims->size());
    for (const Line &c : std::as_const(*claims))
        claimTexts.append(c.text);
    const auto verifier = Pipeline::ClaimVerifier::fit(evidence);
    const QList<Pipeline::ClaimVerdict> verdicts = verifier->verifyAll(claimTexts, threshold, 0, false);
    const qint64 scoreMs = timer.restart();

    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return ctx.failure(QStringLiteral("cannot write %1: %2").arg(outPath, out.errorString()));
    int verified = 0;
    for (const Pipeline::ClaimVerdict &v : verdicts) {
        verified += v.verified ? 1 : 0;
        QJsonObject o{{QStringLiteral("claim_id"), claims->at(v.claimIndex).id},
                      {QStringLiteral("passage_id"), v.passageIndex >= 0 ? passages->at(v.passageIndex).id : QJsonValue()},
                      {QStringLiteral("score"), v.confidence},
                      {QStringLiteral("verified"), v.verified}};
        out.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
        out.write("\n");
    }
    if (!out.commit())
        return ctx.failure(QStringLiteral("cannot write %1: %2").arg(outPath, out.errorString()));
    const qint64 writeMs = timer.elapsed();

    if (ctx.json) {
        ctx.printJson({{QStringLiteral("passages"), passages->size()},
                       {QStringLiteral("claims"), claims->size()},
                       {QStringLiteral("verified"), verified},
                       {QStringLiteral("threshold"), threshold},
                       {QStringLiteral("vocabulary"), verifier->model().vocabularySize()},
                       {QStringLiteral("out"), outPath},
                       {QStringLiteral("read_ms"), readMs},
                       {QStringLiteral("score_ms"), scoreMs},
                       {QStringLiteral("write_ms"), writeMs}});
    } else {
        ctx.out << claims->size() << " claims against " << passages->size() << " passages: " << verified
                << " verified (threshold " << threshold << ", vocabulary " << verifier->model().vocabularySize()
                << " features, " << scoreMs << " ms) -> " << outPath << '\n';
    }
    return ExitOk;
}

} // namespace Sovereign::App
