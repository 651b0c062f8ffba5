// One database file, two processes (issue "a decision was lost"): this process holds the file the
// way the workbench does (WAL, connections on several threads), something in it reads the file or
// its folder the way a file dialog or a second open does, the CLI reads and writes and exits, and
// then this process records a decision. SQLite guards a shared file with POSIX advisory locks, and
// any close() of any descriptor on that file in the same process drops all of the process's locks;
// the other process then believes it is alone, checkpoints and deletes the -wal and -shm files this
// process still writes to. The tests confirm that cause (lockHazardIsReal) and check that nothing in
// the application reads the live file outside SQLite any more.
#include "models/storage/database.h"
#include "models/ledger/ledger.h"
#include "pipeline/publish/owneractions.h"
#include "publishfixtures.h"
#include "support/testsupport.h"
#include "ui/filedialogs.h"

#include <QAbstractFileIconProvider>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileSystemModel>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <sys/stat.h>
#include <unistd.h>

using namespace Sovereign::Models;
using namespace Sovereign::Pipeline;

namespace {

const QString LedgerKeyText = QStringLiteral("shared-file-test-key");

// How many POSIX locks this process holds on the file at path (from /proc/locks).
int locksHeld(const QString &path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    QFile f(QStringLiteral("/proc/locks"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray pid = QByteArray::number(qint64(::getpid()));
    const QByteArray inodeSuffix = ':' + QByteArray::number(qulonglong(st.st_ino));
    int n = 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        // "1: POSIX  ADVISORY  READ 1234 fd:01:5678 128 128"
        if (parts.size() >= 6 && parts.at(1) == "POSIX" && parts.at(4) == pid && parts.at(5).endsWith(inodeSuffix))
            ++n;
    }
    return n;
}

// Descriptors of this process that point at a deleted file whose name starts with prefix.
QStringList deletedDescriptors(const QString &prefix)
{
    QStringList out;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString &name : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot)) {
        const QString target = QFile::symLinkTarget(fds.filePath(name));
        if (target.startsWith(prefix) && target.endsWith(QStringLiteral(" (deleted)")))
            out.append(target);
    }
    return out;
}

struct Cli
{
    int code = -1;
    QString err;
};

// The workbench's side of the file: a database, its ledger and the owner actions.
struct Workbench
{
    std::shared_ptr<Database> db;
    std::shared_ptr<Ledger> ledger;
    std::unique_ptr<OwnerActions> actions;
};

} // namespace

class TestSharedFile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    Cli sovereign(const QString &db, const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SOVEREIGN_LEDGER_KEY"), LedgerKeyText);
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("USER"), QStringLiteral("cli-owner"));
        p.setProcessEnvironment(env);
        p.start(QCoreApplication::applicationDirPath() + QStringLiteral("/sovereign"),
                QStringList{QStringLiteral("--db"), db} + args);
        if (!p.waitForFinished(120000))
            return {-1, QStringLiteral("timed out")};
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardError())};
    }

    static Result<Workbench> openWorkbench(const QString &path, const QString &anchors)
    {
        auto db = Database::open(path);
        if (!db)
            return fail(db.error());
        LedgerKeyStore::Options keyOptions;
        keyOptions.allowKeychain = false;
        auto ledger = Ledger::open(*db, keyOptions, Ledger::Options{anchors});
        if (!ledger)
            return fail(ledger.error());
        Workbench w{*db, *ledger, nullptr};
        w.actions = std::make_unique<OwnerActions>(w.db, w.ledger);
        Sovereign::Test::connectFixtureRebuilder(*w.actions);
        return w;
    }

    // Reads a folder the way QFileDialog's model and completer do: every entry's icon and type.
    static void listFolderLikeAFileDialog(const QString &dir, QAbstractFileIconProvider *provider)
    {
        QFileSystemModel model;
        model.setIconProvider(provider);
        QSignalSpy loaded(&model, &QFileSystemModel::directoryLoaded);
        const QModelIndex root = model.setRootPath(dir);
        if (loaded.isEmpty())
            loaded.wait(5000);
        // The gatherer thread resolves icons and types lazily; ask for them and let it answer.
        for (int pass = 0; pass < 3; ++pass) {
            for (int row = 0; row < model.rowCount(root); ++row) {
                (void)model.data(model.index(row, 0, root), Qt::DecorationRole);
                (void)model.data(model.index(row, 2, root), Qt::DisplayRole);
            }
            QTest::qWait(50);
        }
    }

    enum class Disturbance { SecondOpen, FileDialogFolder, FileDialogProvider };

    void disturb(Disturbance how, const QString &path)
    {
        switch (how) {
        case Disturbance::SecondOpen: {
            // Another part of the process opens the same file (e.g. a second window, `--db` again).
            auto again = Database::open(path);
            QVERIFY_OK(again);
            break;
        }
        case Disturbance::FileDialogFolder:
            listFolderLikeAFileDialog(QFileInfo(path).absolutePath(), Sovereign::Ui::FileDialogs::iconProvider());
            break;
        case Disturbance::FileDialogProvider: {
            // The provider asked directly about the live files, as the completer's popup does.
            QAbstractFileIconProvider *provider = Sovereign::Ui::FileDialogs::iconProvider();
            for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
                const QFileInfo info(path + suffix);
                (void)provider->icon(info);
                (void)provider->type(info);
            }
            break;
        }
        }
    }

private slots:
    void initTestCase()
    {
        qputenv("SOVEREIGN_LEDGER_KEY", LedgerKeyText.toUtf8());
        QVERIFY(m_home.isValid());
    }
    void init() { Sovereign::Test::failOnAnyWarning(); }

    // The cause, confirmed: closing any descriptor on the database file drops every POSIX lock this
    // process holds on it, while SQLite still believes it holds them.
    void lockHazardIsReal()
    {
        Sovereign::Test::TempDatabase tmp;
        QVERIFY2(tmp.isValid(), qPrintable(tmp.error()));
        Store store(tmp.db());
        QVERIFY_OK(store.draftCount());
        QVERIFY2(locksHeld(tmp.path()) > 0, "SQLite holds a shared lock on a WAL database while it is open");
        {
            QFile raw(tmp.path());
            QVERIFY(raw.open(QIODevice::ReadOnly));
            raw.read(16);
        }
        QCOMPARE(locksHeld(tmp.path()), 0);
    }

    void decisionSurvivesAnotherProcess_data()
    {
        QTest::addColumn<int>("how");
        QTest::addColumn<QString>("fileName");
        QTest::newRow("second open, .sqlite") << int(Disturbance::SecondOpen) << QStringLiteral("sovereign.sqlite");
        QTest::newRow("file dialog lists the folder, .db") << int(Disturbance::FileDialogFolder) << QStringLiteral("w.db");
        QTest::newRow("file dialog lists the folder, .sqlite")
            << int(Disturbance::FileDialogFolder) << QStringLiteral("sovereign.sqlite");
        QTest::newRow("file dialog asks about the live files")
            << int(Disturbance::FileDialogProvider) << QStringLiteral("w.db");
    }

    void decisionSurvivesAnotherProcess()
    {
        QFETCH(int, how);
        QFETCH(QString, fileName);
        const int loops = Sovereign::Test::envInt("SOVEREIGN_SHAREDFILE_LOOPS", 3);
        for (int loop = 0; loop < loops; ++loop) {
            QTemporaryDir dir;
            const QString path = dir.filePath(fileName);
            const QString anchors = dir.filePath(QStringLiteral("anchors.ini"));
            qint64 mine = 0;
            qint64 theirs = 0;
            {
                auto wb = openWorkbench(path, anchors);
                QVERIFY_OK(wb);
                auto a = Sovereign::Test::makeFixtureDraft(wb->actions->store(), {});
                auto b = Sovereign::Test::makeFixtureDraft(wb->actions->store(), {});
                QVERIFY_OK(a);
                QVERIFY_OK(b);
                mine = *a;
                theirs = *b;
                // Connections on pool threads too, as the workbench's loaders have.
                auto reads = QtConcurrent::run(QThreadPool::globalInstance(), [db = wb->db, mine] {
                    return Store(db).draft(mine).has_value();
                });
                QVERIFY(reads.result());
                const int before = locksHeld(path);
                QVERIFY(before > 0);

                disturb(Disturbance(how), path);
                const int after = locksHeld(path); // checked last, so a failure shows its consequence first

                // The CLI reads, writes and exits while this process keeps the file open.
                Cli r = sovereign(path, {QStringLiteral("drafts"), QStringLiteral("show"), QString::number(theirs)});
                QVERIFY2(r.code == 0, qPrintable(r.err));
                r = sovereign(path, {QStringLiteral("decide"), QString::number(theirs), QStringLiteral("reject")});
                QVERIFY2(r.code == 0, qPrintable(r.err));

                auto decided = wb->actions->decide(mine, OwnerDecision::Reject, QStringLiteral("owner"), {});
                QVERIFY_OK(decided);
                QVERIFY2(QFile::exists(path + QStringLiteral("-wal")), "the -wal file this process uses is gone");
                QVERIFY2(QFile::exists(path + QStringLiteral("-shm")), "the -shm file this process uses is gone");
                const QStringList deleted = deletedDescriptors(path);
                QVERIFY2(deleted.isEmpty(), qPrintable(deleted.join(QStringLiteral(", "))));
                const LedgerReport live = wb->ledger->verify();
                QVERIFY2(live.ok(), qPrintable(live.summary()));
                QCOMPARE(after, before);
            }
            // What the owner was told was saved is on disk: a new process sees it.
            auto again = openWorkbench(path, anchors);
            QVERIFY_OK(again);
            auto draft = again->actions->store().draft(mine);
            QVERIFY_OK(draft);
            QCOMPARE(draft->state, DraftState::Rejected);
            auto other = again->actions->store().draft(theirs);
            QVERIFY_OK(other);
            QCOMPARE(other->state, DraftState::Rejected);
            const LedgerReport report = again->ledger->verify();
            QVERIFY2(report.ok(), qPrintable(report.summary()));
            QCOMPARE(report.entries, 2);
            const Cli verify = sovereign(path, {QStringLiteral("ledger"), QStringLiteral("verify")});
            QVERIFY2(verify.code == 0, qPrintable(verify.err));
        }
    }
};

QTEST_MAIN(TestSharedFile)
#include "tst_sharedfile.moc"
