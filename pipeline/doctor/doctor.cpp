#include "doctor.h"

#include "models/ledger/ledger.h"
#include "models/storage/database.h"
#include "models/storage/schema.h"
#include "pipeline/remote/endpoint.h"
#include "pipeline/remote/httpclient.h"
#include "pipeline/remote/remotesettings.h"
#include "pipeline/remote/secrets.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QMap>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <optional>

namespace Sovereign::Pipeline {

using Status = DoctorCheck::Status;

namespace {

constexpr qint64 MiB = 1024 * 1024;

QString size(qint64 bytes) { return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat); }

// A read-only SQLite connection of its own, for the file checks: nothing is written, migrated or
// created, and (like every other path in the program) the file is opened only through SQLite.
class ReadOnlyConnection final
{
public:
    explicit ReadOnlyConnection(const QString &path)
        : m_name(QStringLiteral("sovereign-doctor-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=10000"));
        m_db.open();
    }
    ~ReadOnlyConnection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    ReadOnlyConnection(const ReadOnlyConnection &) = delete;
    ReadOnlyConnection &operator=(const ReadOnlyConnection &) = delete;

    bool isOpen() const { return m_db.isOpen(); }
    QString openError() const { return m_db.lastError().text(); }

    // Every row's first column, or the error.
    Models::Result<QStringList> column(const QString &sql) const
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(sql))
            return Models::fail(Models::queryError(q));
        QStringList out;
        while (q.next())
            out.append(q.value(0).toString());
        if (q.lastError().isValid())
            return Models::fail(Models::queryError(q));
        return out;
    }
    Models::Result<qint64> scalar(const QString &sql) const
    {
        auto c = column(sql);
        if (!c)
            return Models::fail(c.error());
        if (c->isEmpty())
            return Models::fail(QStringLiteral("no result"));
        return c->first().toLongLong();
    }
    const QSqlDatabase &db() const { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

DoctorCheck check(const QString &id, const QString &name, Status status, const QString &message,
                  const QString &advice = {})
{
    return DoctorCheck{id, name, status, message, advice};
}

const QString RestoreAdvice = QStringLiteral(
    "stop writing to the file; restore the newest backup (a copy you keep, or a *.bak beside the file made "
    "before an upgrade), or rescue what SQLite can read with `sqlite3 FILE .recover`");

// The ledger key's origin in words, never the key.
QString keySourceText(const QString &source)
{
    if (source == QStringLiteral("environment"))
        return QStringLiteral("SOVEREIGN_LEDGER_KEY");
    if (source.startsWith(QStringLiteral("key file ")))
        return QStringLiteral("the key file %1 (readable only by you)").arg(source.mid(9));
    return QStringLiteral("the %1").arg(source);
}

struct FileFacts
{
    bool isSovereign = false;
    int version = -1;
    qint64 ledgerEntries = -1;
};

FileFacts checkFile(const DoctorOptions &o, ReadOnlyConnection *conn, QList<DoctorCheck> &out)
{
    FileFacts facts;
    const QFileInfo fi(o.databasePath);
    if (!fi.exists()) {
        out << check(QStringLiteral("database"), QStringLiteral("database"), Status::Problem,
                     QStringLiteral("there is no database file at %1").arg(fi.absoluteFilePath()),
                     QStringLiteral("check --db or SOVEREIGN_DB; the workbench and `sovereign` create the file the "
                                    "first time they open it"));
        return facts;
    }
    if (fi.isDir()) {
        out << check(QStringLiteral("database"), QStringLiteral("database"), Status::Problem,
                     QStringLiteral("%1 is a folder, not a database file").arg(fi.absoluteFilePath()),
                     QStringLiteral("name the database file itself with --db"));
        return facts;
    }
    if (!conn->isOpen()) {
        out << check(QStringLiteral("database"), QStringLiteral("database"), Status::Problem,
                     QStringLiteral("SQLite cannot open the file: %1").arg(conn->openError()),
                     QStringLiteral("check the file's permissions"));
        return facts;
    }
    const auto appId = conn->scalar(QStringLiteral("PRAGMA application_id"));
    const auto objects = conn->scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    const auto version = conn->scalar(QStringLiteral("PRAGMA user_version"));
    if (!appId || !objects || !version) {
        const QString error = !appId ? appId.error() : !objects ? objects.error() : version.error();
        const bool notDb = error.contains(QStringLiteral("not a database"));
        out << check(QStringLiteral("database"), QStringLiteral("database"), Status::Problem,
                     notDb ? QStringLiteral("the file is not a SQLite database (another kind of file, or its "
                                            "first page is destroyed)")
                           : QStringLiteral("SQLite cannot read the file: %1").arg(error),
                     notDb ? QStringLiteral("check --db names the right file; if it is the right one, %1").arg(RestoreAdvice)
                           : RestoreAdvice);
        return facts;
    }
    if (*appId != Models::Database::ApplicationId && (*appId != 0 || *objects > 0)) {
        out << check(QStringLiteral("database"), QStringLiteral("database"), Status::Problem,
                     QStringLiteral("a SQLite database of another application, not of Sovereign Workbench"),
                     QStringLiteral("check --db names the right file"));
        return facts;
    }
    facts.isSovereign = true;
    facts.version = int(*version);
    QString sizes = size(fi.size());
    if (const QFileInfo wal(o.databasePath + QStringLiteral("-wal")); wal.exists() && wal.size() > 0)
        sizes += QStringLiteral(", write-ahead log %1").arg(size(wal.size()));
    out << check(QStringLiteral("database"), QStringLiteral("database"), Status::Ok,
                 QStringLiteral("a Sovereign database, %1").arg(sizes));
    if (auto n = conn->scalar(QStringLiteral("SELECT count(*) FROM ledger")))
        facts.ledgerEntries = *n;
    return facts;
}

void checkSchema(const FileFacts &f, QList<DoctorCheck> &out)
{
    const int latest = Models::Schema::latestVersion();
    if (f.version > latest)
        out << check(QStringLiteral("schema"), QStringLiteral("schema"), Status::Problem,
                     QStringLiteral("version %1, newer than this program (it knows up to %2); it refuses to open the file")
                         .arg(f.version)
                         .arg(latest),
                     QStringLiteral("update Sovereign Workbench to the version that wrote the file"));
    else if (f.version < latest)
        out << check(QStringLiteral("schema"), QStringLiteral("schema"), Status::Warning,
                     f.version == 0 ? QStringLiteral("empty, not set up yet (this program's schema is version %1)").arg(latest)
                                    : QStringLiteral("version %1, older than this program's %2").arg(f.version).arg(latest),
                     QStringLiteral("the next time the workbench or a `sovereign` command opens the file it is "
                                    "upgraded, after a backup copy is made beside it"));
    else
        out << check(QStringLiteral("schema"), QStringLiteral("schema"), Status::Ok,
                     QStringLiteral("version %1, the newest this program knows").arg(f.version));
}

void checkIntegrity(const DoctorOptions &o, const ReadOnlyConnection &conn, QList<DoctorCheck> &out)
{
    const QString pragma = o.quick ? QStringLiteral("quick_check") : QStringLiteral("integrity_check");
    const auto rows = conn.column(QStringLiteral("PRAGMA ") + pragma);
    if (!rows) {
        const bool damaged = rows.error().contains(QStringLiteral("malformed")) || rows.error().contains(QStringLiteral("corrupt"));
        out << check(QStringLiteral("integrity"), QStringLiteral("integrity"), Status::Problem,
                     damaged ? QStringLiteral("%1 stopped on damage: %2").arg(pragma, rows.error())
                             : QStringLiteral("%1 could not run: %2").arg(pragma, rows.error()),
                     RestoreAdvice);
    } else if (rows->size() != 1 || rows->first() != QStringLiteral("ok")) {
        QStringList shown = rows->mid(0, 3);
        for (QString &s : shown)
            s = s.simplified();
        out << check(QStringLiteral("integrity"), QStringLiteral("integrity"), Status::Problem,
                     QStringLiteral("%1 found damage (%2 %3): %4")
                         .arg(pragma)
                         .arg(rows->size())
                         .arg(rows->size() == 1 ? QStringLiteral("finding") : QStringLiteral("findings"),
                              shown.join(QStringLiteral("; "))),
                     RestoreAdvice);
    } else {
        out << check(QStringLiteral("integrity"), QStringLiteral("integrity"), Status::Ok,
                     QStringLiteral("%1: no damage").arg(pragma));
    }

    QSqlQuery q(conn.db());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("PRAGMA foreign_key_check"))) {
        out << check(QStringLiteral("foreign_keys"), QStringLiteral("foreign keys"), Status::Problem,
                     QStringLiteral("foreign_key_check could not run: %1").arg(Models::queryError(q)), RestoreAdvice);
        return;
    }
    QMap<QString, int> perTable;
    int total = 0;
    while (q.next()) {
        ++perTable[q.value(0).toString() + QStringLiteral(" → ") + q.value(2).toString()];
        ++total;
    }
    if (total == 0) {
        out << check(QStringLiteral("foreign_keys"), QStringLiteral("foreign keys"), Status::Ok,
                     QStringLiteral("every reference between rows resolves"));
        return;
    }
    QStringList where;
    for (auto it = perTable.cbegin(); it != perTable.cend(); ++it)
        where << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
    out << check(QStringLiteral("foreign_keys"), QStringLiteral("foreign keys"), Status::Problem,
                 QStringLiteral("%1 rows refer to rows that do not exist (%2)").arg(total).arg(where.join(QStringLiteral(", "))),
                 RestoreAdvice);
}

void checkLedger(const DoctorOptions &o, const FileFacts &f, QList<DoctorCheck> &out)
{
    const QString id = QStringLiteral("ledger");
    const QString empty = QStringLiteral("empty: no decision, edit or export recorded yet");
    if (f.version != Models::Schema::latestVersion()) {
        out << check(id, id, Status::Skipped,
                     QStringLiteral("not checked: the file's schema is not this program's (see schema)"));
        return;
    }
    auto db = Models::Database::open(o.databasePath, Models::Database::Options{false, nullptr});
    if (!db) {
        out << check(id, id, Status::Problem, QStringLiteral("the database cannot be opened: %1").arg(db.error()),
                     RestoreAdvice);
        return;
    }
    Models::LedgerKeyStore::Options keyOptions;
    keyOptions.allowCreate = false; // a check never makes a key
    auto ledger = Models::Ledger::open(*db, keyOptions, {});
    if (!ledger) {
        if (f.ledgerEntries == 0)
            out << check(id, id, Status::Ok, empty);
        else
            out << check(id, id, Status::Problem,
                         QStringLiteral("%1 entries, but their key is not available: %2").arg(f.ledgerEntries).arg(ledger.error()),
                         QStringLiteral("put back the ledger key (%1)").arg(Models::LedgerKeyStore::policySummary()));
        (*db)->releaseThreadConnection();
        return;
    }
    // The same verification as `sovereign ledger verify` (settings anchor included).
    const Models::LedgerReport report = (*ledger)->verify();
    ledger->reset();
    (*db)->releaseThreadConnection();
    if (report.ok() && report.entries == 0) {
        out << check(id, id, Status::Ok, empty);
        return;
    }
    if (report.ok()) {
        QString message = QStringLiteral("%1 entries verified: hash chain, MACs, agreement with the decisions, edits "
                                         "and corrections, and the newest anchor")
                              .arg(report.entries);
        if (report.gaps > 0)
            message += QStringLiteral("; %1 recorded loss(es) of %2 entries").arg(report.gaps).arg(report.missingEntries);
        out << check(id, id, Status::Ok, message);
        return;
    }
    const Models::LedgerProblem &first = report.problems.first();
    QString message = QStringLiteral("%1 entries; %2: %3").arg(report.entries).arg(first.subject, first.message);
    if (report.problems.size() > 1)
        message += QStringLiteral(" (and %1 more)").arg(report.problems.size() - 1);
    out << check(id, id, Status::Problem, message,
                 report.lostTail
                     ? QStringLiteral("restore a newer backup if there is one; otherwise record the loss with "
                                      "`sovereign ledger repair --accept-loss`")
                     : QStringLiteral("`sovereign ledger verify` lists every problem; the file was changed outside "
                                      "Sovereign Workbench or damaged: restore the newest backup"));
}

void checkDisk(const DoctorOptions &o, QList<DoctorCheck> &out)
{
    const QString id = QStringLiteral("disk");
    QDir dir = QFileInfo(o.databasePath).absoluteDir();
    while (!dir.exists() && !dir.isRoot())
        dir.setPath(QFileInfo(dir.absolutePath()).absolutePath());
    const QStorageInfo storage(dir.absolutePath());
    if (!storage.isValid() || !storage.isReady()) {
        out << check(id, id, Status::Warning, QStringLiteral("the free space of %1 cannot be read").arg(dir.absolutePath()));
        return;
    }
    const qint64 free = storage.bytesAvailable();
    const qint64 dbSize = QFileInfo(o.databasePath).size();
    const QString where = QStringLiteral("%1 free on %2").arg(size(free), storage.rootPath());
    // A schema upgrade first copies the whole file (VACUUM INTO), and the write-ahead log grows.
    const qint64 needed = dbSize + 64 * MiB;
    if (free < needed)
        out << check(id, id, Status::Problem,
                     QStringLiteral("%1: not enough for a backup copy of the %2 database plus its write-ahead log")
                         .arg(where, size(dbSize)),
                     QStringLiteral("free at least %1 on %2 before the next run or upgrade").arg(size(needed - free), storage.rootPath()));
    else if (free < o.minFreeBytes)
        out << check(id, id, Status::Warning,
                     QStringLiteral("%1, below the %2 this check asks for").arg(where, size(o.minFreeBytes)),
                     QStringLiteral("free some space on %1").arg(storage.rootPath()));
    else
        out << check(id, id, Status::Ok, where);
}

void checkKeychain(const DoctorOptions &o, QList<DoctorCheck> &out)
{
    const QString id = QStringLiteral("keychain");
    const KeychainState state = Secrets::keychainState(o.environment, std::min(o.timeoutMs, 5000));
    Models::LedgerKeyStore::Options keyOptions;
    keyOptions.allowCreate = false;
    const auto key = Models::LedgerKeyStore::obtain(keyOptions);
    QString ledgerKey;
    Status status = Status::Ok;
    QString advice;
    if (key) {
        ledgerKey = QStringLiteral("the ledger key comes from %1").arg(keySourceText(key->source));
    } else if (key.error().startsWith(QStringLiteral("no ledger key"))) {
        ledgerKey = QStringLiteral("there is no ledger key yet (the first decision makes one)");
    } else {
        status = Status::Problem;
        ledgerKey = QStringLiteral("the ledger key cannot be read: %1").arg(key.error());
        advice = QStringLiteral("put back the ledger key (%1)").arg(Models::LedgerKeyStore::policySummary());
    }
    QString apiKey;
    for (const char *name : {"SOVEREIGN_API_KEY", "NVIDIA_API_KEY"})
        if (apiKey.isEmpty() && !o.environment.value(QLatin1StringView(name)).trimmed().isEmpty())
            apiKey = QStringLiteral("the API key comes from %1").arg(QLatin1StringView(name));
    if (apiKey.isEmpty())
        apiKey = state.hasApiKey ? QStringLiteral("the API key is in the keychain") : QStringLiteral("no API key is stored");
    const QString head = state.available ? QStringLiteral("available") : QStringLiteral("not available (%1)").arg(state.note);
    out << check(id, id, status, QStringLiteral("%1; %2; %3").arg(head, ledgerKey, apiKey), advice);
}

void checkBackends(const DoctorOptions &o, QList<DoctorCheck> &out)
{
    if (o.backends.isEmpty()) {
        out << check(QStringLiteral("backends"), QStringLiteral("backends"), Status::Skipped,
                     QStringLiteral("only the embedded backends are configured; nothing to contact"));
        return;
    }
    HttpClient client(QStringLiteral("doctor"));
    for (const DoctorBackend &b : o.backends) {
        const QString id = QStringLiteral("backend:") + b.id;
        const QString host = b.url.toString(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery);
        if (!o.network) {
            out << check(id, b.name, Status::Skipped, QStringLiteral("%1 not contacted (--offline)").arg(host));
            continue;
        }
        HttpRequest request;
        request.url = b.url;
        request.timeoutMs = o.timeoutMs;
        request.idleTimeoutMs = o.timeoutMs;
        request.maxAttempts = 1;
        request.maxBodyBytes = MiB;
        request.label = QStringLiteral("doctor");
        // No Authorization header: reachability needs no key, and no key leaves the machine here.
        HttpResult result;
        QEventLoop loop;
        client.send(request, [&](const HttpResult &r) {
            result = r;
            loop.quit();
        });
        loop.exec();
        using O = HttpResult::Outcome;
        const QString fix = QStringLiteral("check the address (settings, SOVEREIGN_%1_URL) and the network, or "
                                           "use the embedded backend for this stage")
                                .arg(b.id == QStringLiteral("chat") ? QStringLiteral("LLM") : b.id.toUpper());
        if (result.outcome == O::Ok || (result.outcome == O::HttpError && result.status > 0 && result.status < 500))
            out << check(id, b.name, Status::Ok,
                         QStringLiteral("%1 answers (HTTP %2, %3 ms)").arg(host).arg(result.status).arg(result.latencyMs));
        else if (result.outcome == O::HttpError && result.status >= 500)
            out << check(id, b.name, Status::Warning,
                         QStringLiteral("%1 answers with HTTP %2: the service has trouble").arg(host).arg(result.status),
                         QStringLiteral("try again later; runs that use it retry, and fail with a message if it stays down"));
        else if (result.outcome == O::Timeout)
            out << check(id, b.name, Status::Problem,
                         QStringLiteral("%1 did not answer within %2 ms").arg(host).arg(o.timeoutMs), fix);
        else
            out << check(id, b.name, Status::Problem, QStringLiteral("%1 cannot be reached: %2").arg(host, result.error), fix);
    }
}

} // namespace

QString DoctorCheck::toText(Status s)
{
    switch (s) {
    case Status::Ok:
        return QStringLiteral("ok");
    case Status::Warning:
        return QStringLiteral("warning");
    case Status::Problem:
        return QStringLiteral("problem");
    case Status::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QJsonObject DoctorCheck::toJson() const
{
    QJsonObject o{{QStringLiteral("check"), id},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("status"), toText(status)},
                  {QStringLiteral("message"), message}};
    if (!advice.isEmpty())
        o.insert(QStringLiteral("advice"), advice);
    return o;
}

QList<DoctorBackend> configuredBackends(const QProcessEnvironment &env)
{
    const QSettings settings;
    RemoteSettings rs;
    rs.applyEnvironment(env);
    const auto configured = [&](const char *key, const QString &local) {
        const QString v = settings.value(QLatin1StringView(key)).toString().trimmed();
        return !v.isEmpty() && v != local;
    };
    const auto set = [&](const char *name) { return !env.value(QLatin1StringView(name)).trimmed().isEmpty(); };
    QList<DoctorBackend> out;
    if (configured("backends/search", QStringLiteral("local")) || set("SOVEREIGN_ARXIV_URL")) {
        QUrl url = rs.arxiv.baseUrl;
        QString path = url.path();
        while (path.endsWith(u'/'))
            path.chop(1);
        url.setPath(path + QStringLiteral("/api/query"));
        url.setQuery(QStringLiteral("search_query=all:retrieval&max_results=1"));
        out.append({QStringLiteral("arxiv"), QStringLiteral("arXiv API"), url});
    }
    if (configured("backends/tribunal", QStringLiteral("rules")) || set("SOVEREIGN_LLM_URL"))
        out.append({QStringLiteral("chat"), QStringLiteral("chat (LLM) server"), openAiEndpoint(rs.chat.baseUrl, QStringLiteral("models"))});
    if (configured("backends/embed", QStringLiteral("local")) || set("SOVEREIGN_EMBED_URL"))
        out.append({QStringLiteral("embeddings"), QStringLiteral("embeddings server"),
                    openAiEndpoint(rs.embeddings.baseUrl, QStringLiteral("models"))});
    return out;
}

int DoctorReport::count(DoctorCheck::Status s) const
{
    return int(std::count_if(checks.cbegin(), checks.cend(), [s](const DoctorCheck &c) { return c.status == s; }));
}

QString DoctorReport::text() const
{
    QString out = QStringLiteral("database: %1\n").arg(databasePath);
    qsizetype width = 0;
    for (const DoctorCheck &c : checks)
        width = std::max(width, c.name.size());
    for (const DoctorCheck &c : checks) {
        out += DoctorCheck::toText(c.status).leftJustified(9) + c.name.leftJustified(width + 2) + c.message;
        if (!c.advice.isEmpty())
            out += QStringLiteral(" → ") + c.advice;
        out += u'\n';
    }
    const int problems = count(Status::Problem), warnings = count(Status::Warning);
    if (problems == 0 && warnings == 0)
        out += QStringLiteral("All checks passed.\n");
    else
        out += QStringLiteral("%1 problem%2, %3 warning%4.\n")
                   .arg(problems)
                   .arg(problems == 1 ? QString() : QStringLiteral("s"))
                   .arg(warnings)
                   .arg(warnings == 1 ? QString() : QStringLiteral("s"));
    return out;
}

QJsonObject DoctorReport::toJson() const
{
    QJsonArray list;
    for (const DoctorCheck &c : checks)
        list.append(c.toJson());
    return {{QStringLiteral("database"), databasePath},
            {QStringLiteral("ok"), !hasProblem()},
            {QStringLiteral("problems"), count(Status::Problem)},
            {QStringLiteral("warnings"), count(Status::Warning)},
            {QStringLiteral("checks"), list}};
}

DoctorReport runDoctor(const DoctorOptions &o)
{
    DoctorReport report;
    report.databasePath = QFileInfo(o.databasePath).absoluteFilePath();
    {
        const QFileInfo fi(o.databasePath);
        std::optional<ReadOnlyConnection> conn;
        if (fi.exists() && !fi.isDir())
            conn.emplace(o.databasePath);
        ReadOnlyConnection *c = conn ? &*conn : nullptr;
        const FileFacts facts = checkFile(o, c, report.checks); // only uses c for an existing file
        if (facts.isSovereign) {
            checkSchema(facts, report.checks);
            checkIntegrity(o, *c, report.checks);
        } else {
            for (const char *name : {"schema", "integrity"})
                report.checks << check(QLatin1StringView(name), QLatin1StringView(name), Status::Skipped,
                                       QStringLiteral("not checked (see database)"));
            report.checks << check(QStringLiteral("foreign_keys"), QStringLiteral("foreign keys"), Status::Skipped,
                                   QStringLiteral("not checked (see database)"));
        }
        conn.reset();
        if (facts.isSovereign)
            checkLedger(o, facts, report.checks);
        else
            report.checks << check(QStringLiteral("ledger"), QStringLiteral("ledger"), Status::Skipped,
                                   QStringLiteral("not checked (see database)"));
    }
    checkDisk(o, report.checks);
    checkKeychain(o, report.checks);
    checkBackends(o, report.checks);
    return report;
}

} // namespace Sovereign::Pipeline
