// Writes the migration fixtures in tests/data/migrations/: one database file per schema version the
// project has released (schema-v1.sqlite ... schema-vN.sqlite), each holding what that version
// stores: papers, an embedder and its vectors, runs with events and search results, drafts with
// revisions, claims, reviews and public records, owner decisions (escalate, approve, reject),
// claim edits, a correction, their ledger entries (key: SOVEREIGN_LEDGER_KEY), and a cached HTTP
// response; from schema 2 on also a failed review and a claim stance; from schema 4 on compact
// (int8) vectors of the embedder.
//
// The content is written at the newest schema through the real Store and OwnerActions; a file for
// an older version then has the later steps taken off again (their tables dropped, their added
// columns removed with ALTER TABLE DROP COLUMN, user_version set back), which leaves exactly the
// tables that version's own CREATE statements made. Regenerate only when a new version is released,
// and keep the old files: they are the record of what earlier releases wrote.
//
//   SOVEREIGN_LEDGER_KEY=migration-fixture-key migrationfixtures OUTDIR
#include "models/ledger/ledger.h"
#include "models/storage/schema.h"
#include "models/storage/store.h"
#include "pipeline/publish/owneractions.h"
#include "pipeline/publish/publishfixtures.h"
#include "support/fixtures.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>

using namespace Sovereign;
using namespace Sovereign::Models;

namespace {

int die(const QString &message)
{
    std::fprintf(stderr, "migrationfixtures: %s\n", qPrintable(message));
    return 1;
}

// The statements that take a file at the newest schema back to `version`.
QStringList downgradeTo(int version)
{
    QStringList sql;
    if (version < 4)
        sql << QStringLiteral("DROP TABLE embedding_codes");
    if (version < 3)
        sql << QStringLiteral("ALTER TABLE claims DROP COLUMN checks");
    if (version < 2)
        sql << QStringLiteral("DROP TABLE claim_stances") << QStringLiteral("ALTER TABLE reviews DROP COLUMN failure");
    sql << QStringLiteral("PRAGMA user_version = %1").arg(version);
    return sql;
}

Status exec(const QSqlDatabase &db, const QString &sql) { return execStatement(db, sql); }

Status populate(const std::shared_ptr<Database> &db, const QString &anchors)
{
    LedgerKeyStore::Options keyOptions;
    keyOptions.allowKeychain = false;
    auto ledger = Ledger::open(db, keyOptions, Ledger::Options{anchors});
    if (!ledger)
        return fail(ledger.error());
    Pipeline::OwnerActions actions(db, *ledger);
    Test::connectFixtureRebuilder(actions);
    Store &store = actions.store();
    const QString owner = QStringLiteral("Fixture Owner");

    QList<qint64> drafts;
    for (int i = 0; i < 4; ++i) {
        Test::FixtureDraft f;
        f.question = QStringLiteral("Does the order of evidence passages change citation errors? (fixture %1)").arg(i + 1);
        f.score = 6.5 + i * 0.5;
        auto id = Test::makeFixtureDraft(store, f);
        if (!id)
            return fail(id.error());
        drafts.append(*id);
        auto d = store.draft(*id);
        if (!d)
            return fail(d.error());
        if (auto ok = store.appendEvents(Test::fixtureEvents(d->runId, i == 0, i == 1)); !ok)
            return ok;
    }
    auto claims = store.claims(drafts.at(0));
    if (!claims || claims->size() < 2)
        return fail(QStringLiteral("fixture draft without claims"));
    if (auto r = actions.editClaimText(claims->at(0).id, QStringLiteral("Ordering passages lowers unsupported citations a little."),
                                       owner, QStringLiteral("less certain wording"));
        !r)
        return fail(r.error());
    if (auto r = actions.overrideVerified(claims->at(1).id, false, owner, QStringLiteral("the evidence is about another task")); !r)
        return fail(r.error());
    if (auto r = actions.decide(drafts.at(0), Pipeline::OwnerDecision::Escalate, owner,
                                QStringLiteral("A second reader should look at the ablation before this goes out."));
        !r)
        return fail(r.error());
    if (auto r = actions.decide(drafts.at(1), Pipeline::OwnerDecision::Approve, owner, QStringLiteral("Sound.")); !r)
        return fail(r.error());
    if (auto r = actions.decide(drafts.at(2), Pipeline::OwnerDecision::Reject, owner, QStringLiteral("Off the question.")); !r)
        return fail(r.error());
    Pipeline::CorrectionRequest correction;
    correction.type = CorrectionType::Claim;
    correction.claimOrdinal = 1;
    correction.newText = QStringLiteral("Ordering passages lowers unsupported citations on one of the two test sets.");
    correction.note = QStringLiteral("The effect held on one test set, not both.");
    correction.actor = owner;
    if (auto r = actions.correct(drafts.at(1), correction); !r)
        return fail(r.error());

    const QSqlDatabase conn = db->connection();
    // An embedder with a vector per paper, and a cached response.
    for (const QString &sql : {
             QStringLiteral("INSERT INTO embedders (name, dim, corpus_generation) VALUES ('fixture-embedder-2', 2, 1)"),
             QStringLiteral("INSERT INTO embeddings (embedder, paper_id, dim, vector) SELECT 'fixture-embedder-2', id, 2, "
                            "x'0000803f00000040' FROM papers"),
             // Schema 4: the same vectors in compact form (scale * codes: about 1 and 2); older files drop them.
             QStringLiteral("INSERT INTO embedding_codes (embedder, paper_id, scale, codes) SELECT 'fixture-embedder-2', id, "
                            "0.015748031, x'407f' FROM papers"),
             QStringLiteral("INSERT INTO http_cache (key, url, status, body, fetched_at_ms, expires_at_ms) VALUES "
                            "('GET https://export.arxiv.org/api/query?id_list=2401.00001', "
                            "'https://export.arxiv.org/api/query?id_list=2401.00001', 200, x'3c666565642f3e', 1767225600000, 1767312000000)"),
             // Schema 2: a reviewer that failed and a stance on a claim.
             QStringLiteral("UPDATE reviews SET failure = 'the model answered without a score', score = 0, verdict = 'REJECT' "
                            "WHERE id = (SELECT max(id) FROM reviews)"),
             QStringLiteral("INSERT INTO claim_stances (claim_id, draft_id, round, ordinal, paper_id, passage, label, quote, grounded) "
                            "SELECT id, draft_id, round, ordinal, evidence_paper_id, 'A passage.', 'SUPPORTS', 'A passage.', 1 "
                            "FROM claims WHERE id = (SELECT min(id) FROM claims)"),
         }) {
        if (auto ok = exec(conn, sql); !ok)
            return ok;
    }
    return {};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2)
        return die(QStringLiteral("usage: migrationfixtures OUTDIR"));
    if (qEnvironmentVariableIsEmpty("SOVEREIGN_LEDGER_KEY"))
        return die(QStringLiteral("set SOVEREIGN_LEDGER_KEY (the tests use migration-fixture-key)"));
    const QDir out(QString::fromLocal8Bit(argv[1]));
    QTemporaryDir work;
    for (int version = 1; version <= Schema::latestVersion(); ++version) {
        const QString path = work.filePath(QStringLiteral("v%1.sqlite").arg(version));
        {
            auto db = Database::open(path);
            if (!db)
                return die(db.error());
            if (auto ok = populate(*db, work.filePath(QStringLiteral("anchors-v%1.ini").arg(version))); !ok)
                return die(ok.error());
            const QSqlDatabase conn = (*db)->connection();
            for (const QString &sql : downgradeTo(version)) {
                if (auto ok = exec(conn, sql); !ok)
                    return die(ok.error());
            }
            const QString target = out.filePath(QStringLiteral("schema-v%1.sqlite").arg(version));
            QFile::remove(target);
            QSqlQuery q(conn);
            q.prepare(QStringLiteral("VACUUM INTO ?"));
            q.addBindValue(target);
            if (!q.exec())
                return die(queryError(q));
        }
        std::printf("wrote schema-v%d.sqlite\n", version);
    }
    return 0;
}
