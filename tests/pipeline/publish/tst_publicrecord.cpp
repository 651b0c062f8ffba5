// Public record: quality-tier band order (table-driven), contract field names against the
// recovered schemas, verification ladder, dimensions, correction state from corrections.
#include "pipeline/contractcheck.h"
#include "pipeline/fixtures.h"
#include "pipeline/goldentext.h"

#include "pipeline/publish/publicrecord.h"

#include <QTest>

using namespace Sovereign;
using namespace Sovereign::Pipeline;
using namespace Qt::StringLiterals;

namespace {

QJsonObject schema(const QString &name)
{
    return QJsonDocument::fromJson(Test::readText(Test::dataPath(u"contracts/"_s + name + u".json"_s)).toUtf8()).object();
}

RecordInput fixtureInput(const QList<Models::Claim> &claims, double score)
{
    const Pipeline::ComposedDraft d = Pipeline::composeDraft(Test::fixtureDraftInput(claims));
    RecordInput in;
    in.srchId = u"SRCH:0A1B2C3D"_s;
    in.title = d.title;
    in.question = u"Does token scheduling help?"_s;
    in.abstract = u"An abstract."_s;
    in.submittedAt = QDateTime(QDate(2026, 5, 28), QTime(9, 0), QTimeZone::UTC);
    in.generatedAt = in.submittedAt.addSecs(5);
    in.reviewScore = score;
    in.verdict = verdictFor(score, PipelineSettings{});
    in.claims = claims;
    in.referenceCount = 4;
    in.sections = d.sections;
    return in;
}

Models::Correction correction(const char *eventId, int day, Models::CorrectionType type)
{
    Models::Correction c;
    c.eventId = QString::fromLatin1(eventId);
    c.type = type;
    c.publicNote = u"Fixed a figure."_s;
    c.affectedFields = {u"claims[2].text"_s};
    c.correctedAt = QDateTime(QDate(2026, 6, day), QTime(12, 0), QTimeZone::UTC);
    return c;
}

} // namespace

class TestPublicRecord : public QObject
{
    Q_OBJECT

private slots:
    void init() { Test::failOnAnyWarning(); }

    void tablesLoad() { QVERIFY2(ContractTables::builtin().error.isEmpty(), qPrintable(ContractTables::builtin().error)); }

    // The band order of contracts/README.md, including every published page it was inferred from.
    void tierBands_data()
    {
        QTest::addColumn<double>("score");
        QTest::addColumn<int>("verified");
        QTest::addColumn<QString>("repro");
        QTest::addColumn<QString>("tier");
        QTest::addColumn<QString>("label");
        QTest::newRow("page: 7.50, 6 claims") << 7.50 << 6 << u"MEDIUM"_s << u"DOI_GRADE"_s << u"DOI grade"_s;
        QTest::newRow("page: 7.00, 2 claims") << 7.00 << 2 << u"MEDIUM"_s << u"WATCHLIST"_s << u"Watchlist"_s;
        QTest::newRow("page: 5.00") << 5.00 << 0 << u"MEDIUM"_s << u"WATCHLIST"_s << u"Watchlist"_s;
        QTest::newRow("page: 4.50") << 4.50 << 3 << u"MEDIUM"_s << u"QUARANTINE_CANDIDATE"_s << u"Quarantine candidate"_s;
        QTest::newRow("flagship") << 8.60 << 5 << u"HIGH"_s << u"FLAGSHIP_CANDIDATE"_s << u"Flagship candidate"_s;
        QTest::newRow("flagship needs HIGH") << 8.60 << 5 << u"MEDIUM"_s << u"DOI_GRADE"_s << u"DOI grade"_s;
        QTest::newRow("flagship needs 5 claims") << 9.90 << 4 << u"HIGH"_s << u"DOI_GRADE"_s << u"DOI grade"_s;
        QTest::newRow("DOI needs a verified claim") << 7.60 << 0 << u"HIGH"_s << u"PUBLIC_RECORD"_s << u"Public record"_s;
        QTest::newRow("just under 5") << 4.99 << 9 << u"HIGH"_s << u"QUARANTINE_CANDIDATE"_s << u"Quarantine candidate"_s;
        QTest::newRow("7.49") << 7.49 << 3 << u"HIGH"_s << u"WATCHLIST"_s << u"Watchlist"_s;
        QTest::newRow("zero") << 0.0 << 0 << u"LOW"_s << u"QUARANTINE_CANDIDATE"_s << u"Quarantine candidate"_s;
    }
    void tierBands()
    {
        QFETCH(double, score);
        QFETCH(int, verified);
        QFETCH(QString, repro);
        QFETCH(QString, tier);
        QFETCH(QString, label);
        const TierChoice c = chooseQualityTier(score, verified, repro);
        QCOMPARE(c.tier, tier);
        QCOMPARE(c.label, label);
        QVERIFY(!c.basis.isEmpty());
        QVERIFY(!c.basis.contains(u'{'));
    }

    void recordMatchesContracts()
    {
        const QJsonObject r = buildPublicRecord(fixtureInput(Test::mixedClaims(), 6.2));
        const struct { const char *member; const char *contract; } parts[] = {
            {"verification_level", "verification-levels-v1"},
            {"quality_tier", "quality-tiers-v1"},
            {"quality_dimensions", "quality-dimensions-v1"},
            {"correction_record", "correction-record-v1"},
            {"gate_verdict", "gate-verdict-v1"},
        };
        for (const auto &p : parts) {
            const QJsonObject part = r.value(QLatin1StringView(p.member)).toObject();
            const QStringList errors = Test::contractErrors(part, schema(QLatin1StringView(p.contract)));
            QVERIFY2(errors.isEmpty(), qPrintable(QLatin1StringView(p.member) + u": "_s + errors.join(u"; "_s)));
            QVERIFY(part.value(u"schema_version"_s).isString());
            QVERIFY(part.value(u"contract_version"_s).isString());
        }
        QCOMPARE(r.value(u"srch_id"_s).toString(), u"SRCH:0A1B2C3D"_s);
        QCOMPARE(r.value(u"verified_claims"_s).toInt(), 3);
        const QJsonObject prov = r.value(u"source_provenance"_s).toObject();
        QCOMPARE(prov.value(u"x_project_extension"_s).toBool(), true);
        QCOMPARE(prov.value(u"public_provenance_level"_s).toInt(), 3);
        QCOMPARE(prov.value(u"external_record"_s).toString(), u"Not registered"_s);
        QCOMPARE(prov.value(u"claim_lineage"_s).toObject().value(u"text"_s).toString(), u"10 aggregate source-grounded claims"_s);
    }

    void verificationLadder()
    {
        const QJsonObject vl = buildPublicRecord(fixtureInput(Test::mixedClaims(), 6.2)).value(u"verification_level"_s).toObject();
        QCOMPARE(vl.value(u"paper_level"_s).toInt(), 2);
        QCOMPARE(vl.value(u"paper_level_label"_s).toString(), u"Source-grounded claims"_s);
        // Counting note: source-grounded claims = claims extracted, not the verified count.
        QCOMPARE(vl.value(u"claim_summary"_s).toObject().value(u"source_grounded_claims"_s).toInt(), 10);
        const QJsonArray up = vl.value(u"unsupported_upper_levels"_s).toArray();
        QCOMPARE(up.size(), 5);
        QCOMPARE(up.first().toObject().value(u"level"_s).toInt(), 3);
        QVERIFY(up.first().toObject().value(u"label"_s).isNull()); // [?]: never invented

        const QJsonObject empty = buildPublicRecord(fixtureInput({}, 2.0));
        QCOMPARE(empty.value(u"verification_level"_s).toObject().value(u"paper_level"_s).toInt(), 1);
        QCOMPARE(empty.value(u"verification_level"_s).toObject().value(u"paper_level_label"_s).toString(), u"Literature synthesis"_s);
        const QJsonObject dims = empty.value(u"quality_dimensions"_s).toObject().value(u"dimensions"_s).toObject();
        QCOMPARE(dims.value(u"citation_grounding"_s).toObject().value(u"level"_s).toString(), u"UNASSESSED"_s);
        QVERIFY(dims.value(u"citation_grounding"_s).toObject().value(u"score"_s).isNull());
    }

    void dimensions()
    {
        const QJsonObject dims = buildPublicRecord(fixtureInput(Test::mixedClaims(), 6.2))
                                     .value(u"quality_dimensions"_s).toObject().value(u"dimensions"_s).toObject();
        QCOMPARE(dims.size(), 8);
        QCOMPARE(dims.value(u"evidence_strength"_s).toObject().value(u"definition"_s).toString(),
                 u"How directly and sufficiently the cited sources support the main claims."_s);
        QVERIFY(dims.value(u"novelty"_s).toObject().value(u"definition"_s).isNull());
        QCOMPARE(dims.value(u"novelty"_s).toObject().value(u"level"_s).toString(), u"UNASSESSED"_s);
        QCOMPARE(dims.value(u"reproducibility_status"_s).toObject().value(u"level"_s).toString(), u"HIGH"_s);
        QCOMPARE(dims.value(u"uncertainty_disclosure"_s).toObject().value(u"level"_s).toString(), u"HIGH"_s);
        // 3 of 10 verified, mean cosine 0.111: 10 x (0.6 x 0.3 + 0.4 x 0.111/0.3) = 3.28 -> LOW.
        QCOMPARE(dims.value(u"evidence_strength"_s).toObject().value(u"score"_s).toDouble(), 3.28);
        QCOMPARE(dims.value(u"evidence_strength"_s).toObject().value(u"level"_s).toString(), u"LOW"_s);
    }

    void correctionState()
    {
        RecordInput in = fixtureInput(Test::mixedClaims(), 7.8);
        QJsonObject cr = buildPublicRecord(in).value(u"correction_record"_s).toObject();
        QCOMPARE(cr.value(u"correction_state"_s).toString(), u"CURRENT"_s);
        QCOMPARE(cr.value(u"correction_count"_s).toInt(), 0);
        QVERIFY(cr.value(u"last_corrected_at"_s).isNull());
        QVERIFY(cr.value(u"interpretation"_s).toString().startsWith(u"CURRENT means"_s));

        in.corrections = {correction("c-2", 9, Models::CorrectionType::Claim), correction("c-1", 3, Models::CorrectionType::Metadata)};
        cr = buildPublicRecord(in).value(u"correction_record"_s).toObject();
        QCOMPARE(cr.value(u"correction_state"_s).toString(), u"CORRECTED"_s);
        QCOMPARE(cr.value(u"correction_count"_s).toInt(), 2);
        // Every text follows the state it describes: no CURRENT wording on a corrected record.
        QVERIFY(cr.value(u"interpretation"_s).toString().startsWith(u"CORRECTED means"_s));
        QVERIFY(!cr.value(u"interpretation"_s).toString().contains(u"CURRENT"_s));
        QCOMPARE(cr.value(u"last_corrected_at"_s).toString(), u"2026-06-09T12:00:00.000Z"_s);
        QCOMPARE(cr.value(u"correction_events"_s).toArray().first().toObject().value(u"event_id"_s).toString(), u"c-1"_s);
        QCOMPARE(cr.value(u"known_superseded_manifest_urls"_s).toArray().size(), 2);
        QVERIFY(Test::contractErrors(cr, schema(u"correction-record-v1"_s)).isEmpty());

        in.supersededBy = u"https://example.org/records/next"_s;
        cr = buildPublicRecord(in).value(u"correction_record"_s).toObject();
        QCOMPARE(cr.value(u"correction_state"_s).toString(), u"SUPERSEDED"_s);
        QVERIFY(cr.value(u"interpretation"_s).toString().startsWith(u"SUPERSEDED means"_s));
        QCOMPARE(cr.value(u"manifest"_s).toObject().value(u"current_manifest_url"_s).toString(), in.supersededBy);
    }

    void publisherIsTheOwners()
    {
        // No organisation is assumed: until the owner sets a publisher the record says so.
        RecordInput in = fixtureInput(Test::mixedClaims(), 7.8);
        QVERIFY(in.settings.publisher.isEmpty());
        QJsonObject r = buildPublicRecord(in);
        QVERIFY(r.value(u"source_provenance"_s).toObject().value(u"publisher"_s).isNull());
        QVERIFY(r.value(u"correction_record"_s).toObject().value(u"publisher"_s).toObject().value(u"name"_s).isNull());
        QVERIFY(renderRecordText(r).contains(u"| Publisher | not set |"_s));
        QVERIFY(!QJsonDocument(r).toJson().contains("Assignee"));

        in.settings.publisher = u"  Harbour Lane Lab "_s;
        r = buildPublicRecord(in);
        QCOMPARE(r.value(u"source_provenance"_s).toObject().value(u"publisher"_s).toString(), u"Harbour Lane Lab"_s);
        QCOMPARE(r.value(u"correction_record"_s).toObject().value(u"publisher"_s).toObject().value(u"name"_s).toString(),
                 u"Harbour Lane Lab"_s);
        QVERIFY(renderRecordText(r).contains(u"| Publisher | Harbour Lane Lab |"_s));
    }

    void pureAndGolden()
    {
        RecordInput in = fixtureInput(Test::mixedClaims(), 6.2);
        in.doi = u"10.5555/example.1"_s;
        const QJsonObject a = buildPublicRecord(in);
        QCOMPARE(buildPublicRecord(in), a);
        QCOMPARE(a.value(u"source_provenance"_s).toObject().value(u"public_provenance_level"_s).toInt(), 4);
        QCOMPARE_GOLDEN(u"record_mixed/expected/record.txt"_s, renderRecordText(a));
        QCOMPARE_GOLDEN(u"record_mixed/expected/record.json"_s, QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented)));
    }
};

QTEST_GUILESS_MAIN(TestPublicRecord)
#include "tst_publicrecord.moc"
