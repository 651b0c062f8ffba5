// JSON exports: every field the recovered contract schemas require (with their enums and consts),
// for an auto-approved, an escalated-then-approved and a corrected draft; the manifest, the
// bundle's SHA256SUMS, and refusals (unpublished, stale record).
#include "models/ledger/ledger.h"
#include "pipeline/publish/manifestexport.h"
#include "pipeline/publish/owneractions.h"
#include "publishfixtures.h"
#include "support/testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Sovereign::Models;
using namespace Sovereign::Pipeline;
using Sovereign::Test::FixtureDraft;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool hasType(const QJsonValue &v, const QString &type)
{
    if (type == QStringLiteral("string"))
        return v.isString();
    if (type == QStringLiteral("number"))
        return v.isDouble();
    if (type == QStringLiteral("integer"))
        return v.isDouble() && v.toDouble() == std::floor(v.toDouble());
    if (type == QStringLiteral("object"))
        return v.isObject();
    if (type == QStringLiteral("array"))
        return v.isArray();
    if (type == QStringLiteral("boolean"))
        return v.isBool();
    if (type == QStringLiteral("null"))
        return v.isNull();
    return false;
}

// The subset of JSON Schema the recovered contracts use: required, properties, items, type, enum,
// const, minimum, maximum. Returns the problems found, each with its path.
void validate(const QJsonValue &v, const QJsonObject &schema, const QString &path, QStringList &problems)
{
    if (schema.contains(QStringLiteral("const")) && v != schema.value(QStringLiteral("const")))
        problems.append(path + QStringLiteral(": must be ") + schema.value(QStringLiteral("const")).toString());
    if (schema.contains(QStringLiteral("enum")) && !schema.value(QStringLiteral("enum")).toArray().contains(v))
        problems.append(path + QStringLiteral(": not in the enum: ") + QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)));
    if (schema.contains(QStringLiteral("type"))) {
        const QJsonValue t = schema.value(QStringLiteral("type"));
        QStringList types;
        if (t.isArray())
            for (const QJsonValue &x : t.toArray())
                types.append(x.toString());
        else
            types.append(t.toString());
        if (std::none_of(types.cbegin(), types.cend(), [&](const QString &ty) { return hasType(v, ty); }))
            problems.append(path + QStringLiteral(": wrong type, expected ") + types.join(u'|'));
    }
    if (v.isDouble()) {
        if (schema.contains(QStringLiteral("minimum")) && v.toDouble() < schema.value(QStringLiteral("minimum")).toDouble())
            problems.append(path + QStringLiteral(": below the minimum"));
        if (schema.contains(QStringLiteral("maximum")) && v.toDouble() > schema.value(QStringLiteral("maximum")).toDouble())
            problems.append(path + QStringLiteral(": above the maximum"));
    }
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (const QJsonValue &r : schema.value(QStringLiteral("required")).toArray())
            if (!o.contains(r.toString()))
                problems.append(path + u'.' + r.toString() + QStringLiteral(": required but missing"));
        const QJsonObject props = schema.value(QStringLiteral("properties")).toObject();
        for (auto it = props.constBegin(); it != props.constEnd(); ++it)
            if (o.contains(it.key()))
                validate(o.value(it.key()), it.value().toObject(), path + u'.' + it.key(), problems);
    }
    if (v.isArray() && schema.contains(QStringLiteral("items"))) {
        const QJsonArray a = v.toArray();
        for (int i = 0; i < a.size(); ++i)
            validate(a.at(i), schema.value(QStringLiteral("items")).toObject(), path + QStringLiteral("[%1]").arg(i), problems);
    }
}

QStringList validateContract(const QJsonObject &o, const QString &name)
{
    const QJsonObject schema = readJson(Sovereign::Test::dataPath(QStringLiteral("publish/contracts/") + name + QStringLiteral(".json")));
    QStringList problems;
    if (schema.isEmpty())
        return {QStringLiteral("schema %1 not found").arg(name)};
    validate(o, schema, name, problems);
    return problems;
}

} // namespace

class TestManifestExport : public QObject
{
    Q_OBJECT

    std::unique_ptr<Sovereign::Test::TempDatabase> m_tmp;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Ledger> m_ledger;
    std::unique_ptr<OwnerActions> m_actions;

    // Builds the draft for one scenario and returns its id.
    qint64 scenario(const QString &name)
    {
        FixtureDraft f;
        f.autoApproved = name == QStringLiteral("auto-approved");
        auto id = Sovereign::Test::makeFixtureDraft(m_actions->store(), f);
        if (!id)
            return 0;
        if (name == QStringLiteral("auto-approved")) {
            if (!m_actions->recordAutoApproval(*id, QStringLiteral("APPROVE at 7.8 and no gate failed")))
                return 0;
        } else {
            if (!m_actions->decide(*id, OwnerDecision::Escalate, QStringLiteral("Dana"), QStringLiteral("check claim 3")))
                return 0;
            if (!m_actions->decide(*id, OwnerDecision::Approve, QStringLiteral("Dana"), QString()))
                return 0;
        }
        if (name == QStringLiteral("corrected")) {
            CorrectionRequest r;
            r.type = CorrectionType::Claim;
            r.note = QStringLiteral("Claim 3 misread the annotation study.");
            r.claimOrdinal = 3;
            r.newText = QStringLiteral("Annotators rated fluency slightly lower with ordering.");
            if (!m_actions->correct(*id, r))
                return 0;
            CorrectionRequest m;
            m.type = CorrectionType::Metadata;
            m.note = QStringLiteral("The source paper's version is v2.");
            if (!m_actions->correct(*id, m))
                return 0;
        }
        return *id;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("SOVEREIGN_LEDGER_KEY", QByteArrayLiteral("manifest-test-key"));
    }

    void init()
    {
        Sovereign::Test::failOnAnyWarning();
        m_tmp = std::make_unique<Sovereign::Test::TempDatabase>();
        QVERIFY2(m_tmp->isValid(), qPrintable(m_tmp->error()));
        m_dir = std::make_unique<QTemporaryDir>();
        auto key = LedgerKeyStore::obtain();
        QVERIFY_OK(key);
        m_ledger = std::make_shared<Ledger>(m_tmp->db(), *key, Ledger::Options{m_dir->filePath(QStringLiteral("a.ini"))});
        m_actions = std::make_unique<OwnerActions>(m_tmp->db(), m_ledger);
        Sovereign::Test::connectFixtureRebuilder(*m_actions);
    }

    void cleanup()
    {
        m_actions.reset();
        m_ledger.reset();
        m_tmp.reset();
    }

    void bundleMeetsTheContracts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("state");
        QTest::addColumn<int>("corrections");
        QTest::newRow("auto-approved") << QStringLiteral("auto-approved") << QStringLiteral("CURRENT") << 0;
        QTest::newRow("escalated-then-approved") << QStringLiteral("escalated") << QStringLiteral("CURRENT") << 0;
        QTest::newRow("corrected") << QStringLiteral("corrected") << QStringLiteral("CORRECTED") << 2;
    }

    void bundleMeetsTheContracts()
    {
        QFETCH(QString, name);
        QFETCH(QString, state);
        QFETCH(int, corrections);
        const qint64 id = scenario(name);
        QVERIFY(id > 0);
        const QString dir = m_dir->filePath(QStringLiteral("bundle"));
        auto files = m_actions->exportBundle(id, dir, {});
        QVERIFY_OK(files);

        const std::pair<const char *, const char *> contracts[] = {
            {"quality-tiers-v1", "quality-tiers-v1.json"},
            {"quality-dimensions-v1", "quality-dimensions-v1.json"},
            {"verification-levels-v1", "verification-levels-v1.json"},
            {"correction-record-v1", "correction-record-v1.json"},
        };
        for (const auto &[schema, file] : contracts) {
            const QJsonObject o = readJson(QDir(dir).filePath(QLatin1StringView(file)));
            QVERIFY2(!o.isEmpty(), file);
            const QStringList problems = validateContract(o, QLatin1StringView(schema));
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
            QCOMPARE(o.value(QStringLiteral("schema")).toString(),
                     QStringLiteral("https://assignee.net/schemas/") + QLatin1StringView(schema));
            QVERIFY(o.value(QStringLiteral("schema_version")).isString());
            QVERIFY(o.value(QStringLiteral("contract_version")).isString());
        }
        // quality-dimensions: all eight keys, each with score/level/basis/definition.
        const QJsonObject dims =
            readJson(QDir(dir).filePath(QStringLiteral("quality-dimensions-v1.json"))).value(QStringLiteral("dimensions")).toObject();
        for (const char *k : {"evidence_strength", "citation_grounding", "numerical_consistency", "benchmark_validity",
                              "novelty", "uncertainty_disclosure", "reproducibility_status", "safety_impact"}) {
            const QJsonObject d = dims.value(QLatin1StringView(k)).toObject();
            QVERIFY2(!d.isEmpty(), k);
            for (const char *m : {"score", "level", "basis", "definition"})
                QVERIFY2(d.contains(QLatin1StringView(m)), qPrintable(QLatin1StringView(k) + u'.' + QLatin1StringView(m)));
            QVERIFY(QStringList({u"UNASSESSED"_s, u"LOW"_s, u"MEDIUM"_s, u"HIGH"_s}).contains(d.value(u"level"_s).toString()));
        }
        // verification-levels: the ten claim_summary counters.
        const QJsonObject cs = readJson(QDir(dir).filePath(QStringLiteral("verification-levels-v1.json")))
                                   .value(QStringLiteral("claim_summary")).toObject();
        QCOMPARE(cs.size() >= 10, true);

        const QJsonObject cr = readJson(QDir(dir).filePath(QStringLiteral("correction-record-v1.json")));
        QCOMPARE(cr.value(QStringLiteral("correction_state")).toString(), state);
        QCOMPARE(cr.value(QStringLiteral("correction_count")).toInt(), corrections);
        QCOMPARE(cr.value(QStringLiteral("correction_events")).toArray().size(), corrections);
        QCOMPARE(cr.value(QStringLiteral("last_corrected_at")).isNull(), corrections == 0);
        const QJsonObject policy = cr.value(QStringLiteral("policy")).toObject();
        QCOMPARE(policy.value(QStringLiteral("corrections_are_additive")).toBool(), true);

        const QJsonObject prov = readJson(QDir(dir).filePath(QStringLiteral("source-provenance-v1.json")));
        QCOMPARE(prov.value(QStringLiteral("schema")).toString(), QStringLiteral("https://assignee.net/schemas/source-provenance-v1"));

        // The manifest: our documented extension, with every contract inside and the ledger anchor.
        const QJsonObject manifest = readJson(QDir(dir).filePath(QStringLiteral("paper-manifest-v1.json")));
        QCOMPARE(manifest.value(QStringLiteral("schema")).toString(), QStringLiteral("https://assignee.net/schemas/paper-manifest-v1"));
        QCOMPARE(manifest.value(QStringLiteral("contract_version")).toString(), QStringLiteral("1.1"));
        QVERIFY(manifest.value(QStringLiteral("x_project_extension")).isObject());
        const QJsonObject inside = manifest.value(QStringLiteral("contracts")).toObject();
        for (const char *k : {"quality_tiers", "quality_dimensions", "verification_levels", "correction_record", "source_provenance"})
            QVERIFY2(inside.value(QLatin1StringView(k)).isObject(), k);
        QCOMPARE(manifest.value(QStringLiteral("correction_count")).toInt(), corrections);
        const QJsonObject work = manifest.value(QStringLiteral("work")).toObject();
        QCOMPARE(work.value(QStringLiteral("approval")).toObject().value(QStringLiteral("action")).toString(),
                 name == QStringLiteral("auto-approved") ? QStringLiteral("auto_approve") : QStringLiteral("approve"));
        const QJsonArray claims = manifest.value(QStringLiteral("claims")).toArray();
        QCOMPARE(claims.size(), 4);
        QCOMPARE(claims.at(2).toObject().value(QStringLiteral("corrected")).toBool(), name == QStringLiteral("corrected"));
        const QJsonArray artifacts = manifest.value(QStringLiteral("artifacts")).toArray();
        QCOMPARE(artifacts.size(), 1);
        QFile pdf(QDir(dir).filePath(artifacts.first().toObject().value(QStringLiteral("file")).toString()));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QCOMPARE(artifacts.first().toObject().value(QStringLiteral("sha256")).toString().toLatin1(),
                 QCryptographicHash::hash(pdf.readAll(), QCryptographicHash::Sha256).toHex());

        // SHA256SUMS lists every other file with its real hash.
        QFile sums(QDir(dir).filePath(QStringLiteral("SHA256SUMS")));
        QVERIFY(sums.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = sums.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), files->size() - 1);
        for (const QByteArray &line : lines) {
            const QByteArray hash = line.left(64);
            QFile f(QDir(dir).filePath(QString::fromUtf8(line.mid(66))));
            QVERIFY2(f.open(QIODevice::ReadOnly), line.constData());
            QCOMPARE(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex(), hash);
        }
        const LedgerReport report = m_ledger->verify();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
    }

    // A bundle that fails part-way (the fourth of its files cannot be written) leaves no folder, no
    // hidden staging folder and no ledger entry; the next attempt writes the whole bundle. A folder
    // that already holds files is refused and left as it was; an empty one is filled.
    void bundleFailingPartwayLeavesNoFolder()
    {
        const qint64 id = scenario(QStringLiteral("escalated"));
        QVERIFY(id > 0);
        const QString parent = m_dir->filePath(QStringLiteral("exports"));
        const QString dir = QDir(parent).filePath(QStringLiteral("bundle"));
        const auto entriesBefore = m_ledger->entries();
        QVERIFY_OK(entriesBefore);
        QStringList attempted;
        m_actions->setExportFaultForTesting([&](const QString &name) -> Sovereign::Models::Status {
            attempted.append(name);
            if (attempted.size() == 4)
                return fail(QStringLiteral("No space left on device"));
            return {};
        });
        auto failed = m_actions->exportBundle(id, dir, {});
        QVERIFY(!failed);
        QVERIFY2(failed.error().contains(QStringLiteral("No space left on device")), qPrintable(failed.error()));
        QVERIFY2(failed.error().contains(dir), qPrintable(failed.error())); // names the folder asked for, not the staging one
        QCOMPARE(attempted.size(), 4); // three files were written before the failure
        QVERIFY(!QFileInfo::exists(dir));
        QCOMPARE(QDir(parent).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
        QCOMPARE(m_ledger->entries()->size(), entriesBefore->size()); // no export entry

        m_actions->setExportFaultForTesting({});
        auto files = m_actions->exportBundle(id, dir, {});
        QVERIFY_OK(files);
        QVERIFY(files->size() > attempted.size()); // the failure did come part-way
        for (const QString &f : std::as_const(*files))
            QVERIFY2(QFileInfo(f).isFile() && QFileInfo(f).absolutePath() == QFileInfo(dir).absoluteFilePath(), qPrintable(f));
        QCOMPARE(QDir(parent).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList{QStringLiteral("bundle")});
        QCOMPARE(m_ledger->entries()->size(), entriesBefore->size() + 1);

        // Into the same folder again: refused, nothing in it touched.
        const QByteArray sums = readFile(QDir(dir).filePath(QStringLiteral("SHA256SUMS")));
        QCOMPARE(sums.count('\n'), files->size() - 1); // every other file is listed
        auto again = m_actions->exportBundle(id, dir, {});
        QVERIFY(!again);
        QVERIFY(again.error().contains(QStringLiteral("not empty")));
        QCOMPARE(readFile(QDir(dir).filePath(QStringLiteral("SHA256SUMS"))), sums);
        // An empty folder (as a folder dialog makes) is filled.
        const QString empty = QDir(parent).filePath(QStringLiteral("chosen"));
        QVERIFY(QDir().mkpath(empty));
        QVERIFY_OK(m_actions->exportBundle(id, empty, {}));
        QVERIFY(QFileInfo::exists(QDir(empty).filePath(QStringLiteral("SHA256SUMS"))));
        QCOMPARE(QDir(parent).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size(), 2);
        const LedgerReport report = m_ledger->verify();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
    }

    void manifestFileCarriesTheAnchor()
    {
        const qint64 id = scenario(QStringLiteral("escalated"));
        const QString path = m_dir->filePath(QStringLiteral("m.json"));
        const auto head = m_ledger->head();
        QVERIFY_OK(m_actions->exportManifest(id, path));
        auto a = Ledger::readAnchorFromFile(path);
        QVERIFY_OK(a);
        QCOMPARE(a->seq, head->seq);
        QCOMPARE(a->hash, head->hash);
    }

    void refusesUnpublishedAndStaleRecords()
    {
        auto id = Sovereign::Test::makeFixtureDraft(m_actions->store(), {});
        QVERIFY_OK(id);
        auto r = m_actions->exportManifest(*id, m_dir->filePath(QStringLiteral("no.json")));
        QVERIFY(!r);
        QVERIFY(r.error().contains(QStringLiteral("escalated")));
        QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("no.json"))));
        QVERIFY_OK(m_actions->decide(*id, OwnerDecision::Approve, QStringLiteral("Dana"), QString()));
        // A correction while no record builder is connected leaves the stored record behind.
        m_actions->setRecordRebuilder({});
        CorrectionRequest c;
        c.type = CorrectionType::Provenance;
        c.note = QStringLiteral("Publisher name fixed.");
        QVERIFY_OK(m_actions->correct(*id, c));
        auto stale = m_actions->exportManifest(*id, m_dir->filePath(QStringLiteral("stale.json")));
        QVERIFY(!stale);
        QVERIFY(stale.error().contains(QStringLiteral("older than its corrections")));
    }
};

QTEST_MAIN(TestManifestExport)
#include "tst_manifestexport.moc"
