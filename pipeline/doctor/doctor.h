#pragma once

// `sovereign doctor`: checks a person can run when something seems wrong, each answering "is this
// part healthy, and if not, what do I do?". The database file is only ever opened through SQLite
// (read-only for the file checks); nothing is migrated, repaired or created; no secret is printed
// (the keychain check names where keys come from, never a key).
//
// Checks, in order: the file (a Sovereign database?), its schema version, PRAGMA integrity_check
// (or quick_check), foreign_key_check, the ledger (Ledger::verify, the same code path as `sovereign
// ledger verify`), free disk space beside the file, the keychain, and each remote backend the
// settings name (a GET with a short timeout; skipped when none is configured or when offline).

#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace Sovereign::Pipeline {

struct DoctorCheck
{
    enum class Status { Ok, Warning, Problem, Skipped };

    QString id;      // stable key for --json: "database", "schema", "integrity", "foreign_keys", "ledger",
                     // "disk", "keychain", "backend:arxiv", "backend:chat", "backend:embeddings", "backends"
    QString name;    // for people: "integrity", "foreign keys", "arXiv API" ...
    Status status = Status::Ok;
    QString message; // what was found
    QString advice;  // what to do; empty when there is nothing to do

    static QString toText(Status s); // "ok", "warning", "problem", "skipped"
    QJsonObject toJson() const;
};

struct DoctorBackend
{
    QString id;   // "arxiv", "chat", "embeddings"
    QString name; // "arXiv API", "chat (LLM) server", "embeddings server"
    QUrl url;     // what is asked (GET)
};

// The remote backends the owner's settings and environment name: the workbench settings
// backends/search = arxiv, backends/tribunal other than rules, backends/embed = nim, or any of
// SOVEREIGN_ARXIV_URL, SOVEREIGN_LLM_URL, SOVEREIGN_EMBED_URL. Empty when everything is local.
QList<DoctorBackend> configuredBackends(const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());

struct DoctorOptions
{
    QString databasePath;
    bool quick = false;                        // quick_check instead of the full integrity_check
    qint64 minFreeBytes = 1024LL * 1024 * 1024; // a warning below this much free space
    bool network = true;                       // false: backends are not contacted
    int timeoutMs = 5000;                      // per backend
    QList<DoctorBackend> backends;             // usually configuredBackends()
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
};

struct DoctorReport
{
    QString databasePath;
    QList<DoctorCheck> checks;

    int count(DoctorCheck::Status s) const;
    bool hasProblem() const { return count(DoctorCheck::Status::Problem) > 0; }
    QString text() const; // one line per check, then a summary line
    QJsonObject toJson() const;
};

// Runs every check; blocks (a local event loop for the network and keychain checks). Call it from
// a thread with a QCoreApplication, not from a GUI thread.
DoctorReport runDoctor(const DoctorOptions &options);

} // namespace Sovereign::Pipeline
