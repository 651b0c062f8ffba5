// The CLI end to end: decide, correct, export and `ledger verify`, which fails (exit 1, naming the
// entry) once a row is altered with the sqlite3 shell.
#include "pipeline/publish/publishfixtures.h"
#include "support/testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign::Models;

namespace {

struct Out
{
    int code = -1;
    QString out;
    QString err;
};

} // namespace

class TestPublishCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    Out sovereign(const QString &db, const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_LEDGER_KEY"), QStringLiteral("cli-test-key"));
        // Settings (anchors) and the key file go to a private home.
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("USER"), QStringLiteral("cli-owner"));
        p.setProcessEnvironment(env);
        p.start(QCoreApplication::applicationDirPath() + QStringLiteral("/sovereign"),
                QStringList{QStringLiteral("--db"), db} + args);
        // Generous: under the sanitizer preset a whole pipeline run is many times slower.
        p.waitForFinished(240000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void init() { Sovereign::Test::failOnAnyWarning(); }

    // request-revision from the command line runs the revision round to its end with the owner's note.
    void requestRevisionRunsTheRevisionRound()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("rev.sqlite"));
        Out r = sovereign(db, {QStringLiteral("--json"), QStringLiteral("run"), QStringLiteral("--source"),
                               QStringLiteral("2404.90103"), QStringLiteral("--question"),
                               QStringLiteral("Is retrieval augmentation better than fine-tuning for rare facts?")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject run = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QString draft = QString::number(run.value(QStringLiteral("draft_id")).toInteger());
        QCOMPARE(run.value(QStringLiteral("policy")).toString(), QStringLiteral("ESCALATE_TO_OWNER"));

        r = sovereign(db, {QStringLiteral("decide"), draft, QStringLiteral("request-revision")});
        QCOMPARE(r.code, 2); // the note is the reviser's input: required
        const QString note = QStringLiteral("Say plainly which benchmarks the evidence does not cover.");
        r = sovereign(db, {QStringLiteral("--json"), QStringLiteral("decide"), draft, QStringLiteral("request-revision"),
                           QStringLiteral("--note"), note});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject decided = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(decided.value(QStringLiteral("follow_up")).toString(), QStringLiteral("revision round finished"));
        QCOMPARE(decided.value(QStringLiteral("state")).toString(), QStringLiteral("escalated"));

        r = sovereign(db, {QStringLiteral("drafts"), QStringLiteral("show"), draft});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("revision_round=1")), qPrintable(r.out));
        QVERIFY2(r.out.contains(note), "the owner's note is disclosed in the revised draft");
        r = sovereign(db, {QStringLiteral("ledger"), QStringLiteral("verify")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    }

    void decideCorrectExportVerifyTamper()
    {
        Sovereign::Test::TempDatabase tmp;
        QVERIFY(tmp.isValid());
        Store store(tmp.db());
        auto id = Sovereign::Test::makeFixtureDraft(store, {});
        QVERIFY_OK(id);
        const QString db = tmp.path();
        const QString draft = QString::number(*id);
        tmp.db()->releaseThreadConnection();

        Out r = sovereign(db, {QStringLiteral("decide"), draft, QStringLiteral("escalate")});
        QCOMPARE(r.code, 2); // usage: escalate needs a note
        QVERIFY(r.err.contains(QStringLiteral("note")));
        r = sovereign(db, {QStringLiteral("export"), draft, QStringLiteral("--pdf"), m_home.filePath(QStringLiteral("early.pdf"))});
        QCOMPARE(r.code, 5);
        QVERIFY(r.err.contains(QStringLiteral("escalated")));
        r = sovereign(db, {QStringLiteral("correct"), draft, QStringLiteral("--type"), QStringLiteral("METADATA"),
                           QStringLiteral("--note"), QStringLiteral("too early")});
        QCOMPARE(r.code, 5);

        r = sovereign(db, {QStringLiteral("decide"), draft, QStringLiteral("approve"), QStringLiteral("--publisher"), QStringLiteral(" ")});
        QCOMPARE(r.code, 2); // an empty publisher is refused
        r = sovereign(db, {QStringLiteral("--json"), QStringLiteral("decide"), draft, QStringLiteral("approve"),
                           QStringLiteral("--publisher"), QStringLiteral("Harbour Lane Lab")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject decided = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(decided.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(decided.value(QStringLiteral("actor")).toString(), QStringLiteral("cli-owner"));
        // The record built at publication names the owner's publisher.
        QCOMPARE(store.publicRecord(*id).value().value(QStringLiteral("source_provenance")).toObject().value(QStringLiteral("publisher")).toString(),
                 QStringLiteral("Harbour Lane Lab"));
        tmp.db()->releaseThreadConnection();

        r = sovereign(db, {QStringLiteral("correct"), draft, QStringLiteral("--type"), QStringLiteral("CLAIM"),
                           QStringLiteral("--note"), QStringLiteral("Claim 4 ignored the index cost."),
                           QStringLiteral("--claim"), QStringLiteral("4"), QStringLiteral("--text"),
                           QStringLiteral("The method adds no parameters but needs a passage index.")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("CORRECTED, 1 correction")));

        const QString pdf = m_home.filePath(QStringLiteral("paper.pdf"));
        const QString bundle = m_home.filePath(QStringLiteral("bundle"));
        r = sovereign(db, {QStringLiteral("export"), draft, QStringLiteral("--pdf"), pdf, QStringLiteral("--paper"),
                           QStringLiteral("Letter"), QStringLiteral("--bundle"), bundle});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(pdf));
        QVERIFY(QFile::exists(QDir(bundle).filePath(QStringLiteral("SHA256SUMS"))));

        r = sovereign(db, {QStringLiteral("ledger"), QStringLiteral("verify"), QStringLiteral("--anchor"), pdf});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QStringLiteral("verified")));

        SOVEREIGN_NEED_TOOLS("sqlite3");
        const QString sqlite = Sovereign::Test::tool("sqlite3");
        QCOMPARE(QProcess::execute(sqlite, {db, QStringLiteral("UPDATE decisions SET note='backdated' WHERE action='approve'")}), 0);
        r = sovereign(db, {QStringLiteral("--json"), QStringLiteral("ledger"), QStringLiteral("verify")});
        QCOMPARE(r.code, 1);
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(report.value(QStringLiteral("problems")).toArray().first().toObject().value(QStringLiteral("seq")).toInt(), 1);
        QVERIFY(report.value(QStringLiteral("first_problem")).toString().contains(QStringLiteral("note")));
    }
};

QTEST_GUILESS_MAIN(TestPublishCli)
#include "tst_publishcli.moc"
