// `sovereign run --json`, `drafts list/show` and `demo` as a user runs them (the real executable,
// via QProcess): exit codes, nothing written on bad input, and the JSON's record against the
// recovered contract schemas.
#include "pipeline/contractcheck.h"
#include "pipeline/goldentext.h"

#include "models/storage/store.h"
#include "support/testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign;
using namespace Qt::StringLiterals;

namespace {

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class TestRunCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;

    CliResult cli(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, m_dir.path()); // the ledger key file goes here, not into the user's home
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(SOVEREIGN_CLI), QStringList{u"--db"_s, m_db} + args);
        if (!p.waitForFinished(240000)) // generous: a sanitized build runs many times slower
            return {};
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QJsonObject schema(const QString &name)
    {
        return QJsonDocument::fromJson(Test::readText(Test::dataPath(u"contracts/"_s + name + u".json"_s)).toUtf8()).object();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(u"cli.sqlite"_s);
    }
    void init() { Test::failOnAnyWarning(); }

    void badInputLeavesNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no question") << QStringList{u"run"_s, u"--source"_s, u"2404.90103"_s} << 2 << u"--question is required"_s;
        QTest::newRow("blank question") << QStringList{u"run"_s, u"--source"_s, u"2404.90103"_s, u"--question"_s, u"  "_s} << 2
                                        << u"must not be empty"_s;
        QTest::newRow("unknown id") << QStringList{u"run"_s, u"--source"_s, u"2999.00001"_s, u"--question"_s, u"Why?"_s} << 4
                                    << u"unknown source '2999.00001'"_s;
        QTest::newRow("missing file") << QStringList{u"run"_s, u"--source"_s, u"/no/such/notes.md"_s, u"--question"_s, u"Why?"_s}
                                      << 4 << u"does not exist"_s;
        QTest::newRow("bad option") << QStringList{u"run"_s, u"--source"_s, u"x"_s, u"--question"_s, u"q"_s, u"--top-k"_s, u"many"_s}
                                    << 2 << u"not a valid number"_s;
        QTest::newRow("unknown draft") << QStringList{u"drafts"_s, u"show"_s, u"SRCH:FFFFFFFF"_s} << 4 << u"no draft"_s;
        QTest::newRow("bad queue") << QStringList{u"drafts"_s, u"list"_s, u"--queue"_s, u"later"_s} << 2 << u"unknown queue"_s;
    }
    void badInputLeavesNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        const CliResult r = cli(args);
        QCOMPARE(r.exitCode, code);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        if (QFile::exists(m_db)) {
            auto db = Models::Database::open(m_db);
            QVERIFY_OK(db);
            QVERIFY(Models::Store(*db).runs()->isEmpty());
        }
    }

    void runJsonFollowsTheContracts()
    {
        const CliResult r = cli({u"run"_s, u"--json"_s, u"--source"_s, u"2404.90103"_s, u"--question"_s,
                                 u"Does token-level expert scheduling raise mixture-of-experts inference throughput?"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.err.contains("tribunal/SKEPTIC")); // the live log goes to stderr with --json
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        for (const char *key : {"srch_id", "draft_id", "claims", "reviews", "score", "verdict", "revision_round", "policy", "record"})
            QVERIFY2(o.contains(QLatin1StringView(key)), key);
        QVERIFY(QRegularExpression(u"^SRCH:[0-9A-F]{8}$"_s).match(o.value(u"srch_id"_s).toString()).hasMatch());
        QVERIFY(o.value(u"reviews"_s).toArray().size() % 3 == 0);
        QVERIFY(!o.value(u"claims"_s).toArray().isEmpty());
        // Speed is measured by the benchmark (README), not asserted here: a loaded CI machine must
        // not turn a timing into a failure.
        QVERIFY(o.value(u"elapsed_ms"_s).toInt() > 0);
        const QJsonObject record = o.value(u"record"_s).toObject();
        QCOMPARE(record.value(u"srch_id"_s), o.value(u"srch_id"_s));
        const struct { const char *member; const char *contract; } parts[] = {
            {"verification_level", "verification-levels-v1"}, {"quality_tier", "quality-tiers-v1"},
            {"quality_dimensions", "quality-dimensions-v1"},   {"correction_record", "correction-record-v1"},
            {"gate_verdict", "gate-verdict-v1"}};
        for (const auto &p : parts) {
            const QStringList errors = Test::contractErrors(record.value(QLatin1StringView(p.member)).toObject(),
                                                            schema(QLatin1StringView(p.contract)));
            QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u"; "_s)));
        }

        // The same draft by SRCH id and in the list.
        const CliResult show = cli({u"drafts"_s, u"show"_s, o.value(u"srch_id"_s).toString(), u"--json"_s});
        QCOMPARE(show.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(show.out).object().value(u"draft_id"_s), o.value(u"draft_id"_s));
        const CliResult all = cli({u"drafts"_s, u"list"_s, u"--queue"_s, u"all"_s, u"--json"_s});
        QCOMPARE(all.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(all.out).object().value(u"count"_s).toInt(), 1);
        const QString queue = o.value(u"policy"_s).toString() == u"AUTO_APPROVE"_s ? u"auto-approved"_s : u"escalated"_s;
        const CliResult inQueue = cli({u"drafts"_s, u"list"_s, u"--queue"_s, queue, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(inQueue.out).object().value(u"count"_s).toInt(), 1);
        const CliResult text = cli({u"drafts"_s, u"show"_s, QString::number(o.value(u"draft_id"_s).toInt())});
        QVERIFY(text.out.contains("5 Extracted Claims"));
        QVERIFY(text.out.contains("---- public record ----"));
    }

    void headlessDemo()
    {
        const CliResult r = cli({u"demo"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("Sovereign Workbench headless demo"));
        QVERIFY(r.out.contains("queue:"));
        const CliResult verify = cli({u"ledger"_s, u"verify"_s});
        QVERIFY2(verify.exitCode == 0, verify.out.constData());
    }
};

} // namespace

QTEST_GUILESS_MAIN(TestRunCli)
#include "tst_runcli.moc"
