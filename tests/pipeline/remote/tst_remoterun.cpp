// Whole runs of the `sovereign` CLI against fake servers on loopback:
//  - `sovereign run --search arxiv --embed nim --tribunal llm` produces a draft whose transcripts
//    show the LLM reviewers, with the arXiv queue's waits in the stored event stream, the source
//    fetched by id_list, and the remote choice recorded in the run's configuration;
//  - the API key reaches the servers but never the database file, its WAL, stdout or stderr
//    (request logging switched on);
//  - with the local backends a run opens no connection to any server named in the environment,
//    nor to a proxy set in the environment (the offline guarantee).

#include "fakes/fakearxiv.h"
#include "fakes/fakehttpserver.h"
#include "fakes/fakeopenai.h"
#include "support/testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign;
using Sovereign::Test::FakeHttpServer;
using Sovereign::Test::FakeOpenAiServer;
using Sovereign::Test::RecordedRequest;
using Sovereign::Test::ScriptedResponse;

namespace {

const QString Key = QStringLiteral("nvapi-LEAKCHECK-7f3c9a1e55d24b0c");
const QString SourceId = QStringLiteral("2611.77777");

QByteArray entry(const QString &id, const QString &title, const QString &abstract)
{
    return QStringLiteral("<entry><id>http://arxiv.org/abs/%1v1</id><updated>2026-11-01T00:00:00Z</updated>"
                          "<published>2026-11-01T00:00:00Z</published><title>%2</title><summary>%3</summary>"
                          "<author><name>Fixture Author</name></author>"
                          "<link href=\"http://arxiv.org/abs/%1v1\" rel=\"alternate\" type=\"text/html\"/>"
                          "<arxiv:primary_category xmlns:arxiv=\"http://arxiv.org/schemas/atom\" term=\"cs.LG\"/>"
                          "<category term=\"cs.LG\"/></entry>")
        .arg(id, title, abstract)
        .toUtf8();
}

QByteArray feed(const QList<QByteArray> &entries)
{
    QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                     "xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\"><id>fixture</id><title>q</title>"
                     "<updated>2026-11-20T00:00:00Z</updated><opensearch:totalResults>"
        + QByteArray::number(entries.size()) + "</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex>"
        "<opensearch:itemsPerPage>" + QByteArray::number(entries.size()) + "</opensearch:itemsPerPage>";
    for (const QByteArray &e : entries)
        xml += e;
    return xml + "</feed>";
}

ScriptedResponse arxivAnswer(const RecordedRequest &r)
{
    ScriptedResponse resp;
    resp.contentType = "application/atom+xml";
    if (r.query.hasQueryItem(QStringLiteral("id_list"))) {
        resp.body = feed({entry(SourceId, QStringLiteral("FlowRoute: Balanced Expert Routing for Sparse Inference"),
                                QStringLiteral("We show that FlowRoute reduces expert load imbalance by 38% with eight experts. "
                                               "FlowRoute improves inference throughput by 1.6x on a single GPU compared with top-2 gating. "
                                               "Token dropping falls below one percent at a capacity factor of 1.25. We release the code."))});
        return resp;
    }
    resp.body = feed({
        entry(QStringLiteral("2611.70001"), QStringLiteral("Load Imbalance in Expert Routing"),
              QStringLiteral("Expert load imbalance grows with the number of experts. Balanced routing reduces expert load imbalance with eight experts.")),
        entry(QStringLiteral("2611.70002"), QStringLiteral("Throughput of Sparse Inference on One GPU"),
              QStringLiteral("Sparse inference throughput on a single GPU improves when routing avoids hot experts, compared with top-2 gating.")),
        entry(QStringLiteral("2611.70003"), QStringLiteral("Capacity Factors and Token Dropping"),
              QStringLiteral("Token dropping depends on the capacity factor; at 1.25 few tokens are dropped.")),
    });
    return resp;
}

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the CLI while this thread keeps serving the fake servers.
CliRun runCli(const QStringList &args, const QProcessEnvironment &env, int timeoutMs = 240000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sovereign")), args);
    if (!p.waitForStarted(10000))
        return {};
    QDeadlineTimer deadline(timeoutMs);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

// SOVEREIGN_KEEP_TEST_DB=DIR keeps a copy of a run's database there (to look at it in the GUI).
void keepForInspection(const QString &db)
{
    const QString dir = qEnvironmentVariable("SOVEREIGN_KEEP_TEST_DB");
    if (dir.isEmpty())
        return;
    auto opened = Models::Database::open(db);
    if (!opened)
        return;
    QSqlQuery q((*opened)->connection());
    const QString target = QDir(dir).filePath(QFileInfo(db).fileName());
    QFile::remove(target);
    q.exec(QStringLiteral("VACUUM INTO '%1'").arg(target));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestRemoteRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    void wholeRemoteRun()
    {
        FakeHttpServer arxiv;
        QVERIFY(arxiv.start());
        arxiv.setHandler(&arxivAnswer);
        FakeOpenAiServer llm;
        QVERIFY(llm.start());
        FakeOpenAiServer embed;
        QVERIFY(embed.start());
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("remote.sqlite"));

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_ARXIV_URL"), arxiv.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_LLM_URL"), llm.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_EMBED_URL"), embed.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_LLM_MODEL"), QStringLiteral("fake/tribunal-8b"));
        env.insert(QStringLiteral("SOVEREIGN_API_KEY"), Key);
        env.insert(QStringLiteral("SOVEREIGN_NO_KEYCHAIN"), QStringLiteral("1"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("sovereign.remote.debug=true"));
        // Settings, the ledger key file, caches: all inside dir, so the sweep below sees them.
        env.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("home/config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("home/data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("home/cache")));
        env.insert(QStringLiteral("SOVEREIGN_LEDGER_KEYSTORE"), QStringLiteral("file"));
        const CliRun run = runCli({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--source"), SourceId,
                                   QStringLiteral("--question"), QStringLiteral("Does balanced expert routing raise sparse inference throughput?"),
                                   QStringLiteral("--search"), QStringLiteral("arxiv"), QStringLiteral("--embed"), QStringLiteral("nim"),
                                   QStringLiteral("--tribunal"), QStringLiteral("llm"), QStringLiteral("--composer"), QStringLiteral("llm")},
                                  env);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object();
        QVERIFY2(summary.value(QStringLiteral("draft_id")).toInteger() > 0, run.out.constData());

        // The servers were really used, with the key.
        QVERIFY(arxiv.requestCount() >= 2); // the source by id_list, then the searches
        QVERIFY(arxiv.requests().first().query.hasQueryItem(QStringLiteral("id_list")));
        for (qsizetype i = 1; i < arxiv.requests().size(); ++i)
            QVERIFY2(arxiv.requests().at(i).atMs - arxiv.requests().at(i - 1).atMs >= 3000, "arXiv requests closer than 3 s");
        const int rounds = summary.value(QStringLiteral("revision_round")).toInt();
        int stanceCalls = 0;
        for (const auto &r : llm.http.requests())
            stanceCalls += r.body.contains("You judge whether an evidence passage") ? 1 : 0;
        QVERIFY2(stanceCalls >= 1, "no stance check was asked for");
        QCOMPARE(llm.chatRequests(), 3 * (1 + rounds) + rounds + (1 + rounds) + stanceCalls); // reviewers, reviser, synthesizer, stances
        QVERIFY(summary.value(QStringLiteral("failed_stage")).isNull()); // nothing failed
        QVERIFY(embed.embeddingRequests() >= 2); // passages, then the question
        QCOMPARE(llm.http.requests().first().header("authorization"), QByteArray("Bearer ") + Key.toUtf8());

        {
            auto opened = Models::Database::open(db);
            QVERIFY_OK(opened);
            const QSqlDatabase conn = (*opened)->connection();
            QSqlQuery q(conn);
            QVERIFY(q.exec(QStringLiteral("SELECT role, backend, model, prompt, raw_response, parsed, latency_ms, completion_tokens FROM reviews WHERE round = 0 ORDER BY role")));
            int reviews = 0;
            while (q.next()) {
                ++reviews;
                QCOMPARE(q.value(1).toString(), QStringLiteral("llm"));
                QCOMPARE(q.value(2).toString(), QStringLiteral("fake/tribunal-8b"));
                QVERIFY(q.value(3).toString().contains(QStringLiteral("You are the ") + q.value(0).toString()));
                QVERIFY(q.value(4).toString().contains(QStringLiteral("\"score\"")));
                QVERIFY(q.value(5).toString().contains(QStringLiteral("rationale")));
                QVERIFY(q.value(6).toLongLong() > 0);
                QVERIFY(q.value(7).toInt() > 0);
            }
            QCOMPARE(reviews, 3);
            QVERIFY(q.exec(QStringLiteral("SELECT config FROM runs")));
            QVERIFY(q.next());
            const QJsonObject backends = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object().value(QStringLiteral("backends")).toObject();
            QCOMPARE(backends.value(QStringLiteral("search")).toString(), QStringLiteral("arxiv"));
            QCOMPARE(backends.value(QStringLiteral("embed")).toString(), QStringLiteral("nim"));
            QCOMPARE(backends.value(QStringLiteral("tribunal")).toString(), QStringLiteral("llm"));
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM run_events WHERE kind = 'wait' AND stage = 'search'")));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toInt() >= 1, "the arXiv queue's waits are not in the event stream");
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM run_events WHERE kind = 'token' AND lane = 'SKEPTIC'")));
            QVERIFY(q.next());
            QVERIFY(q.value(0).toInt() >= 1);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM papers WHERE arxiv_id = '%1' AND origin = 'arxiv'").arg(SourceId)));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 1);
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM embeddings WHERE embedder = 'nvidia/nv-embedqa-e5-v5' AND dim = 1024")));
            QVERIFY(q.next());
            QVERIFY(q.value(0).toInt() >= 1);
            // The stance labels are stored per claim and round, with the quote found in the passage.
            QVERIFY(q.exec(QStringLiteral("SELECT label, quote, passage, status, grounded FROM claim_stances WHERE round = 0")));
            int stances = 0;
            while (q.next()) {
                ++stances;
                QCOMPARE(q.value(0).toString(), QStringLiteral("SUPPORTS"));
                QVERIFY(!q.value(1).toString().isEmpty());
                QVERIFY(q.value(2).toString().contains(q.value(1).toString()));
                QCOMPARE(q.value(3).toString(), QStringLiteral("ok"));
                QCOMPARE(q.value(4).toInt(), 1);
            }
            QVERIFY(stances >= 1);
            QVERIFY(q.exec(QStringLiteral("SELECT body FROM draft_revisions ORDER BY round LIMIT 1")));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toString().contains(QStringLiteral("arxiv")) || q.value(0).toString().contains(QStringLiteral("arXiv")),
                     "the Methodology does not name the remote search backend");
            QVERIFY2(q.value(0).toString().contains(QStringLiteral("1 Introduction\n\nThe fake synthesizer introduces the question")),
                     "the LLM synthesizer's introduction is not in the draft");
        }

        // The key never leaks: not in the database file (nor its WAL / journal), not in the output.
        const QByteArray key = Key.toUtf8();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-journal"), QStringLiteral("-shm")})
            QVERIFY2(!readAll(db + suffix).contains(key), qPrintable(QStringLiteral("the key is in %1%2").arg(db, suffix)));
        QVERIFY(!run.out.contains(key));
        QVERIFY(!run.err.contains(key));
        QVERIFY2(run.err.contains("Authorization: <redacted>"), "request logging was not on: the log check proves nothing");

        // The rest of a session with the key set: decisions, exports, the ledger, the summaries.
        // Then every file the session left (database and companions, backups, settings, the ledger
        // key file, anchors, exports) and every line it printed is searched for the key, as text
        // and in the encodings a careless write would use.
        const QString draftId = QString::number(summary.value(QStringLiteral("draft_id")).toInteger());
        QList<CliRun> session = {run};
        const QString exports = dir.filePath(QStringLiteral("exports"));
        QDir().mkpath(exports);
        QList<QStringList> steps;
        if (summary.value(QStringLiteral("state")).toString() != QStringLiteral("auto_approved"))
            steps.append({QStringLiteral("decide"), draftId, QStringLiteral("approve"), QStringLiteral("--note"), QStringLiteral("Sound enough to publish.")});
        steps += QList<QStringList>{
            {QStringLiteral("correct"), draftId, QStringLiteral("--type"), QStringLiteral("METADATA"), QStringLiteral("--note"),
             QStringLiteral("The source's title was shortened.")},
            {QStringLiteral("export"), draftId, QStringLiteral("--pdf"), exports + QStringLiteral("/paper.pdf"), QStringLiteral("--manifest"),
             exports + QStringLiteral("/manifest.json"), QStringLiteral("--bundle"), exports + QStringLiteral("/bundle")},
            {QStringLiteral("drafts"), QStringLiteral("show"), draftId},
            {QStringLiteral("ledger"), QStringLiteral("verify")},
            {QStringLiteral("db")},
        };
        for (const QStringList &step : steps) {
            CliRun r = runCli(QStringList{QStringLiteral("--db"), db, QStringLiteral("--json")} + step, env);
            QVERIFY2(r.exitCode == 0, qPrintable(step.join(u' ') + QStringLiteral(": ") + QString::fromUtf8(r.err)));
            session.append(r);
        }
        QVERIFY2(QFile::exists(exports + QStringLiteral("/paper.pdf")) && QDir(exports + QStringLiteral("/bundle")).count() > 3,
                 "the exports were not written: the sweep would prove nothing");
        const QList<QByteArray> forms = {key, key.toBase64(), key.toHex(), QByteArray::fromRawData(reinterpret_cast<const char *>(Key.utf16()), Key.size() * 2),
                                         key.toPercentEncoding(), key.mid(6)};
        int files = 0;
        qint64 bytes = 0;
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            const QByteArray content = readAll(file);
            ++files;
            bytes += content.size();
            for (const QByteArray &form : forms)
                QVERIFY2(!content.contains(form), qPrintable(QStringLiteral("the key (%1) is in %2").arg(QString::fromLatin1(form.left(12)), file)));
        }
        for (const CliRun &r : std::as_const(session)) {
            for (const QByteArray &form : forms)
                QVERIFY2(!r.out.contains(form) && !r.err.contains(form), "the key is in the output of a command");
        }
        QVERIFY2(files >= 10, "the session left fewer files than expected: the sweep looked at the wrong place");
        qInfo("secrets sweep: %d files (%lld bytes) and %d command outputs, %d forms of the key: none found", files, bytes,
              int(session.size()), int(forms.size()));
    }

    // A reviewer that answers garbage every time (and its repair too), and an LLM planner that
    // fails: the run still succeeds; the draft is escalated with the gate reviewer_failed, the
    // failed review keeps its transcript, and Methodology says the local planner stood in.
    void failingStagesDegrade()
    {
        FakeHttpServer arxiv;
        QVERIFY(arxiv.start());
        arxiv.setHandler(&arxivAnswer);
        FakeOpenAiServer llm;
        QVERIFY(llm.start());
        llm.replyFor = [](const QJsonObject &req) {
            const QString system = FakeOpenAiServer::systemPrompt(req);
            if (system.contains(QStringLiteral("You are the SKEPTIC")))
                return QStringLiteral("Sorry, I can only answer questions about cooking.");
            if (system.contains(QStringLiteral("plan literature searches")))
                return QStringLiteral("{\"plan\": \"search for everything\"}");
            // The stance check: the passage about capacity factors is quoted against the claim; the
            // passage about throughput gets an invented quote (discarded as ungrounded).
            const QString user = FakeOpenAiServer::lastUserMessage(req);
            if (system.contains(QStringLiteral("You judge whether an evidence passage")) && user.contains(QStringLiteral("Token dropping depends")))
                return QStringLiteral("{\"label\": \"REFUTES\", \"quote\": \"Token dropping depends on the capacity factor; at 1.25 few tokens are dropped.\", "
                                      "\"rationale\": \"The passage says tokens are dropped, not that dropping falls below one percent.\"}");
            if (system.contains(QStringLiteral("You judge whether an evidence passage")) && user.contains(QStringLiteral("Sparse inference throughput")))
                return QStringLiteral("{\"label\": \"SUPPORTS\", \"quote\": \"Throughput doubles on a single GPU with FlowRoute.\", \"rationale\": \"r\"}");
            return FakeOpenAiServer::defaultReply(req);
        };
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("degrade.sqlite"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_ARXIV_URL"), arxiv.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_LLM_URL"), llm.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_NO_KEYCHAIN"), QStringLiteral("1"));
        const CliRun run = runCli({QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--source"), SourceId,
                                   QStringLiteral("--question"), QStringLiteral("Does balanced expert routing raise sparse inference throughput?"),
                                   QStringLiteral("--search"), QStringLiteral("arxiv"), QStringLiteral("--tribunal"), QStringLiteral("llm"),
                                   QStringLiteral("--planner"), QStringLiteral("llm")},
                                  env);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(summary.value(QStringLiteral("run_status")).toString(), QStringLiteral("succeeded"));
        QVERIFY(summary.value(QStringLiteral("failed_stage")).isNull());
        QCOMPARE(summary.value(QStringLiteral("state")).toString(), QStringLiteral("escalated"));
        const QString reason = summary.value(QStringLiteral("policy_reason")).toString();
        QVERIFY2(reason.contains(QStringLiteral("gate reviewer_failed (SKEPTIC: ")), qPrintable(reason));

        auto opened = Models::Database::open(db);
        QVERIFY_OK(opened);
        QSqlQuery q((*opened)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT failure, raw_response, prompt FROM reviews WHERE role = 'SKEPTIC' AND round = 0")));
        QVERIFY(q.next());
        QVERIFY2(q.value(0).toString().contains(QStringLiteral("even after a repair request")), qPrintable(q.value(0).toString()));
        QVERIFY(q.value(1).toString().contains(QStringLiteral("only answer questions about cooking")));
        QVERIFY(q.value(2).toString().contains(QStringLiteral("You are the SKEPTIC")));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM reviews WHERE round = 0 AND failure = ''")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QVERIFY(q.exec(QStringLiteral("SELECT body FROM draft_revisions ORDER BY round DESC LIMIT 1")));
        QVERIFY(q.next());
        const QString body = q.value(0).toString();
        QVERIFY2(body.contains(QStringLiteral("The LLM planner failed (")) && body.contains(QStringLiteral("the local planner was used instead")),
                 qPrintable(body.left(1500)));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM run_events WHERE stage = 'plan' AND lane = 'fallback'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // The invented quote was discarded and recorded so; the grounded REFUTES escalates too.
        QVERIFY(q.exec(QStringLiteral("SELECT label, status, note FROM claim_stances WHERE quote LIKE 'Throughput doubles%'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toString(), QStringLiteral("ungrounded"));
        QVERIFY(q.value(2).toString().contains(QStringLiteral("not in the passage")));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM claim_stances WHERE label = 'REFUTES' AND status = 'ok'")));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toInt() >= 1);
        QVERIFY2(reason.contains(QStringLiteral("gate claim_refuted (claim ")), qPrintable(reason));
        keepForInspection(db);
    }

    // Two CLI runs started together on one database keep arXiv's 3 s between requests at the
    // server, which refuses anything closer with 429.
    void twoProcessesShareTheArxivSpacing()
    {
        Test::FakeArxivServer arxiv;
        QVERIFY(arxiv.loadRecords(Test::dataPath(QStringLiteral("remote/recall/records.jsonl"))));
        arxiv.enforceSpacingMs = 3000;
        QVERIFY(arxiv.start());
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("shared.sqlite"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_ARXIV_URL"), arxiv.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_NO_KEYCHAIN"), QStringLiteral("1"));
        QVERIFY(runCli({QStringLiteral("--db"), db, QStringLiteral("db")}, env).exitCode == 0); // the file exists before both start
        const QList<QStringList> args = {
            {QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--source"), QStringLiteral("2603.10111"),
             QStringLiteral("--question"), QStringLiteral("Does token scheduling raise the throughput of mixture-of-experts inference?"),
             QStringLiteral("--search"), QStringLiteral("arxiv")},
            {QStringLiteral("--db"), db, QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--source"), QStringLiteral("2605.02233"),
             QStringLiteral("--question"), QStringLiteral("How much does retrieval of repository context improve code completion?"),
             QStringLiteral("--search"), QStringLiteral("arxiv")}};
        QList<QProcess *> procs;
        for (const QStringList &a : args) {
            auto *p = new QProcess(this);
            p->setProcessEnvironment(env);
            p->start(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sovereign")), a);
            procs.append(p);
        }
        QDeadlineTimer deadline(400000);
        const auto running = [&] {
            for (QProcess *p : procs)
                if (p->state() != QProcess::NotRunning)
                    return true;
            return false;
        };
        while (running() && !deadline.hasExpired())
            QTest::qWait(20);
        for (QProcess *p : procs) {
            if (p->state() != QProcess::NotRunning) {
                p->kill();
                p->waitForFinished();
            }
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, p->readAllStandardError().constData());
            const QJsonObject summary = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
            QCOMPARE(summary.value(QStringLiteral("run_status")).toString(), QStringLiteral("succeeded"));
            QVERIFY(summary.value(QStringLiteral("papers_retrieved")).toInt() > 0);
        }
        const auto &reqs = arxiv.http.requests();
        QVERIFY(reqs.size() >= 6); // two sources by id_list, then each run's searches
        qint64 closest = std::numeric_limits<qint64>::max();
        for (qsizetype i = 1; i < reqs.size(); ++i)
            closest = std::min(closest, reqs.at(i).atMs - reqs.at(i - 1).atMs);
        qInfo("%d arXiv requests from two processes, closest gap %lld ms, %d refused", int(reqs.size()), closest, arxiv.refused);
        QCOMPARE(arxiv.refused, 0);
        QVERIFY2(closest >= 3000, qPrintable(QString::number(closest)));
    }

    void localRunOpensNoConnection()
    {
        FakeHttpServer arxiv;
        QVERIFY(arxiv.start());
        arxiv.setHandler(&arxivAnswer);
        FakeOpenAiServer llm;
        QVERIFY(llm.start());
        FakeHttpServer proxy; // any proxied connection would land here
        QVERIFY(proxy.start());
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_ARXIV_URL"), arxiv.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_LLM_URL"), llm.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_EMBED_URL"), llm.baseUrl().toString());
        env.insert(QStringLiteral("SOVEREIGN_API_KEY"), Key);
        for (const auto name : {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"})
            env.insert(QString::fromLatin1(name), proxy.baseUrl().toString());
        env.insert(QStringLiteral("no_proxy"), QString());
        const CliRun run = runCli({QStringLiteral("--db"), dir.filePath(QStringLiteral("local.sqlite")), QStringLiteral("--json"), QStringLiteral("run"),
                                   QStringLiteral("--source"), QStringLiteral("2311.90243"), QStringLiteral("--question"),
                                   QStringLiteral("How is benchmark contamination detected?")},
                                  env);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("draft_id")).toInteger() > 0);
        QCOMPARE(arxiv.connectionCount(), 0);
        QCOMPARE(llm.http.connectionCount(), 0);
        QCOMPARE(proxy.connectionCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRemoteRun)
#include "tst_remoterun.moc"
