// The data files (demo corpus, prompts, contract tables) come from the installed data directory
// when there is one and from the compiled-in resources otherwise (resources/datafiles.h). The
// installed case is checked on a real install: `cmake --install` of this build into a temporary
// prefix, whose `sovereign` must read <prefix>/share/sovereign-workbench.

#include "resources/datafiles.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestDataFiles : public QObject
{
    Q_OBJECT

    struct Ran
    {
        int code = -1;
        QString output;
    };

    static Ran run(const QString &program, const QStringList &args, int timeoutMs = 120000)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAll())};
    }

private slots:
    // A program of the build tree has no share/sovereign-workbench beside it: it reads its own copies.
    void buildTreeReadsCompiledInCopies()
    {
        QCOMPARE(Sovereign::Resources::installedDataDir(), QString());
        QCOMPARE(Sovereign::Resources::describeSource(), u"built-in"_s);
        for (const QString &rel : {u"corpus/demo.jsonl"_s, u"prompts/planner.v1.md"_s, u"contracts/quality-tiers.json"_s}) {
            const QString path = Sovereign::Resources::locate(rel);
            QCOMPARE(path, u":/sovereign/"_s + rel);
            QFile f(path);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
            QVERIFY(f.size() > 0);
        }
    }

    void installedProgramReadsTheInstalledFiles()
    {
        QTemporaryDir prefix;
        QVERIFY(prefix.isValid());
        const Ran install = run(QStringLiteral(SOVEREIGN_CMAKE),
                                {u"--install"_s, QStringLiteral(SOVEREIGN_BUILD_DIR), u"--prefix"_s, prefix.path(), u"--strip"_s});
        QVERIFY2(install.code == 0, qPrintable(install.output));

        const QDir data(prefix.filePath(u"share/sovereign-workbench"_s));
        for (const QString &rel : {u"corpus/demo.jsonl"_s, u"prompts/planner.v1.md"_s, u"prompts/review.schema.json"_s,
                                   u"contracts/quality-tiers.json"_s})
            QVERIFY2(QFile::exists(data.filePath(rel)), qPrintable(rel));
        for (const QString &rel : {u"bin/sovereign"_s, u"bin/sovereign-workbench"_s, u"share/man/man1/sovereign.1.gz"_s,
                                   u"share/applications/org.sovereign.Workbench.desktop"_s,
                                   u"share/metainfo/org.sovereign.Workbench.metainfo.xml"_s,
                                   u"share/icons/hicolor/scalable/apps/org.sovereign.Workbench.svg"_s})
            QVERIFY2(QFile::exists(prefix.filePath(rel)), qPrintable(rel));

        const QString cli = prefix.filePath(u"bin/sovereign"_s);
        const QString db = prefix.filePath(u"check.sqlite"_s);
        const Ran info = run(cli, {u"--db"_s, db, u"db"_s});
        QVERIFY2(info.code == 0, qPrintable(info.output));
        QVERIFY2(info.output.contains(u"data:     "_s + data.canonicalPath() + u'\n'), qPrintable(info.output));

        // Cut the installed demo corpus down to three papers: a run loads that copy, not the 300-odd
        // compiled-in ones, into its empty corpus.
        QFile corpus(data.filePath(u"corpus/demo.jsonl"_s));
        QVERIFY(corpus.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = corpus.readAll().split('\n');
        corpus.close();
        QVERIFY(lines.size() > 10);
        QVERIFY(corpus.open(QIODevice::WriteOnly | QIODevice::Truncate));
        corpus.write(lines.mid(0, 3).join('\n') + '\n');
        corpus.close();
        const Ran runOnMissing = run(cli, {u"--db"_s, db, u"run"_s, u"--source"_s, u"0000.00000"_s, u"--question"_s,
                                           u"Is this paper in the corpus?"_s, u"--quiet"_s});
        QVERIFY2(runOnMissing.code == 4, qPrintable(runOnMissing.output)); // unknown source, after loading the corpus
        const Ran stats = run(cli, {u"--db"_s, db, u"corpus"_s, u"stats"_s});
        QVERIFY2(stats.code == 0, qPrintable(stats.output));
        QVERIFY2(stats.output.contains(u"papers:      3 (3 demo)"_s), qPrintable(stats.output));
    }
};

QTEST_GUILESS_MAIN(TestDataFiles)
#include "tst_datafiles.moc"
