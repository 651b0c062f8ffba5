#include "cli.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QJsonDocument>

#include <cstdio>

namespace Sovereign::App {

// Command entry points, one per commands_*.cpp file.
int cmdDbInfo(CliContext &ctx, const QStringList &args);
int cmdDemo(CliContext &ctx, const QStringList &args);
int cmdRun(CliContext &ctx, const QStringList &args);
int cmdDrafts(CliContext &ctx, const QStringList &args);
int cmdCorpus(CliContext &ctx, const QStringList &args);
int cmdVerify(CliContext &ctx, const QStringList &args);
int cmdDecide(CliContext &ctx, const QStringList &args);
int cmdCorrect(CliContext &ctx, const QStringList &args);
int cmdLedger(CliContext &ctx, const QStringList &args);
int cmdExport(CliContext &ctx, const QStringList &args);
int cmdSecrets(CliContext &ctx, const QStringList &args);
int cmdDoctor(CliContext &ctx, const QStringList &args);

namespace {

const Command Commands[] = {
    {"db", "Show the database file, its schema version and row counts", cmdDbInfo},
    {"demo", "Headless demo: load the demo corpus, run the pipeline once, say where the draft went", cmdDemo},
    {"run", "Run the pipeline: --source ID|FILE --question TEXT (live stage log, outcome)", cmdRun},
    {"drafts", "List drafts by queue, or show one (draft id or SRCH id)", cmdDrafts},
    {"corpus", "Local paper corpus: import FILE..., stats, search QUERY", cmdCorpus},
    {"verify", "Score claims against passages (TF-IDF cosine, JSON-lines in and out)", cmdVerify},
    {"decide", "Approve, reject, escalate or request revision of a draft", cmdDecide},
    {"correct", "Add a correction record to a published draft", cmdCorrect},
    {"ledger", "Verify or show the tamper-evident ledger", cmdLedger},
    {"export", "Export a published draft as PDF, manifest JSON or a bundle", cmdExport},
    {"secrets", "Store, remove or check the API key of the hosted services (keychain)", cmdSecrets},
    {"doctor", "Check the database, ledger, disk space, keychain and configured backends", cmdDoctor},
};

void printHelp(QTextStream &out)
{
    out << "Usage: sovereign [--db PATH] [--json] COMMAND [ARGS...]\n\n"
           "Drives the SOVEREIGN Research Kernel and the workbench's store from the command line.\n\n"
           "Global options (accepted anywhere):\n"
           "  --db PATH   database file (default: $SOVEREIGN_DB, else the user's data directory)\n"
           "  --json      machine-readable output on stdout\n"
           "  --help      this text;  COMMAND --help for a command's own options\n"
           "  --version   the version\n\n"
           "Commands:\n";
    for (const Command &c : Commands)
        out << "  " << QString::fromLatin1(c.name).leftJustified(12) << QString::fromLatin1(c.summary) << '\n';
    out << "\nEnvironment:\n"
           "  SOVEREIGN_DB               database file when --db is not given\n"
           "  XDG_DATA_HOME              parent of the default database directory (~/.local/share)\n"
           "  SOVEREIGN_API_KEY          API key of the hosted services (before NVIDIA_API_KEY)\n"
           "  NVIDIA_API_KEY             API key of NVIDIA NIM; without either key, the keychain\n"
           "  SOVEREIGN_NO_KEYCHAIN      1: never ask the desktop keychain for the API key\n"
           "  SOVEREIGN_ARXIV_URL        arXiv API address (run --search arxiv)\n"
           "  SOVEREIGN_EMBED_URL        OpenAI-compatible embeddings server (run --embed nim)\n"
           "  SOVEREIGN_EMBED_MODEL      embedding model\n"
           "  SOVEREIGN_LLM_URL          OpenAI-compatible chat server (the llm choices of run)\n"
           "  SOVEREIGN_LLM_MODEL        chat model\n"
           "  SOVEREIGN_CA_FILE          PEM file of extra CAs trusted for TLS (a self-hosted server's)\n"
           "  SOVEREIGN_LEDGER_KEY       the ledger's HMAC key (else keychain, else a 0600 key file)\n"
           "  SOVEREIGN_LEDGER_KEYSTORE  file: keep the ledger key in the key file\n"
           "  USER, LOGNAME              the actor of decisions when neither --actor nor the owner name is set\n"
           "  QT_QPA_PLATFORM            Qt platform plugin (export uses offscreen unless set)\n"
           "\nExit codes: 0 ok, 1 failed, 2 usage, 3 database, 4 not found, 5 refused, 130 cancelled.\n"
           "The manual page sovereign(1) describes every command.\n";
}

} // namespace

CliContext::CliContext() : out(stdout), err(stderr) {}

std::shared_ptr<Models::Database> CliContext::database()
{
    if (m_db)
        return m_db;
    auto db = Models::Database::open(dbPath);
    if (!db) {
        err << "sovereign: " << db.error() << '\n';
        err.flush();
        return nullptr;
    }
    m_db = *db;
    return m_db;
}

void CliContext::printJson(const QJsonObject &o)
{
    out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    out.flush();
}

int CliContext::usageError(const QString &message)
{
    err << "sovereign: " << message << "\n";
    err.flush();
    return ExitUsage;
}

int CliContext::failure(const QString &message, int code)
{
    err << "sovereign: " << message << "\n";
    err.flush();
    return code;
}

std::optional<QString> takeOption(QStringList &args, const QString &name, QString *error)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == name) {
            if (i + 1 >= args.size()) {
                *error = QStringLiteral("%1 needs a value").arg(name);
                return std::nullopt;
            }
            QString v = args.at(i + 1);
            args.remove(i, 2);
            return v;
        }
        if (a.startsWith(name + u'=')) {
            QString v = a.mid(name.size() + 1);
            args.removeAt(i);
            return v;
        }
    }
    return std::nullopt;
}

bool extractGlobalOptions(QStringList &args, CliContext &ctx, QString *error)
{
    QString db;
    for (qsizetype i = 0; i < args.size();) {
        const QString &a = args.at(i);
        if (a == QStringLiteral("--json")) {
            ctx.json = true;
            args.removeAt(i);
        } else if (a == QStringLiteral("--db")) {
            if (i + 1 >= args.size()) {
                *error = QStringLiteral("--db needs a file path");
                return false;
            }
            db = args.at(i + 1);
            args.remove(i, 2);
        } else if (a.startsWith(QStringLiteral("--db="))) {
            db = a.mid(5);
            args.removeAt(i);
        } else {
            ++i;
        }
    }
    if (db.isEmpty() && args.contains(QStringLiteral("--db="))) {
        *error = QStringLiteral("--db needs a file path");
        return false;
    }
    ctx.dbPath = resolveDatabasePath(db);
    return true;
}

int runCli(int argc, char **argv)
{
    // Laying out a PDF needs fonts, and fonts need a QGuiApplication; export never needs a display,
    // so it uses the offscreen platform unless one was chosen.
    bool needsGui = false;
    for (int i = 1; i < argc; ++i)
        needsGui = needsGui || qstrcmp(argv[i], "export") == 0;
    if (needsGui && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> appHolder = needsGui ? std::make_unique<QGuiApplication>(argc, argv)
                                                           : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Sovereign"));
    QCoreApplication::setApplicationName(QStringLiteral("sovereign-workbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOVEREIGN_VERSION));

    CliContext ctx;
    QStringList args = QCoreApplication::arguments().mid(1);
    QString error;
    if (!extractGlobalOptions(args, ctx, &error))
        return ctx.usageError(error);
    if (args.isEmpty() || args.first() == QStringLiteral("--help") || args.first() == QStringLiteral("-h") ||
        args.first() == QStringLiteral("help")) {
        printHelp(ctx.out);
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    if (args.first() == QStringLiteral("--version")) {
        ctx.out << "sovereign " << QCoreApplication::applicationVersion() << '\n';
        return ExitOk;
    }
    const QString name = args.takeFirst();
    for (const Command &c : Commands) {
        if (name == QLatin1StringView(c.name))
            return c.run(ctx, args);
    }
    return ctx.usageError(QStringLiteral("unknown command '%1' (see sovereign --help)").arg(name));
}

} // namespace Sovereign::App
