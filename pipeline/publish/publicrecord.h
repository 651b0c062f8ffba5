#pragma once

// The public record of a draft (stage 11): verification level, gate verdict, quality tier,
// quality dimensions, correction record and source provenance, in the JSON shapes of
// ../shared/contracts (field names exact; each part carries schema / schema_version /
// contract_version). buildPublicRecord() is a pure function over its inputs, INCLUDING the
// corrections, so the publication layer calls it again after each correction and gets the new
// correction state. It never fails: values it cannot assess are UNASSESSED / null, as the
// contracts allow.
//
// Contract constants (ladder, tier bands and their evaluation order, dimension definitions,
// provenance labels) are data in resources/contracts/*.json, loaded once into ContractTables.
// Where a contract value is unknown ([?] in contracts/README.md) the data holds null and the
// record carries null; nothing is invented. resources/README.md documents every rule.

#include "pipeline/core/settings.h"

#include "models/types/types.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace Sovereign::Pipeline {

struct ContractTables
{
    QJsonObject ladder;      // verification-ladder.json
    QJsonObject tiers;       // quality-tiers.json
    QJsonObject dimensions;  // quality-dimensions.json
    QJsonObject correction;  // correction-record.json
    QJsonObject provenance;  // provenance.json
    QJsonObject gate;        // gate-verdict.json
    QString error;           // set when a table could not be read

    // The application's tables (contracts/ in the installed data directory, else the compiled-in
    // ":/sovereign/contracts/"; resources/datafiles.h), loaded once.
    static const ContractTables &builtin();
    // Tables from a folder (tests, or an owner who updates a contract constant).
    static ContractTables load(const QString &dir);
};

struct RecordInput
{
    QString srchId;
    QString title;
    QString question;
    QString abstract;
    QDateTime submittedAt;
    QDateTime publishedAt; // invalid: not published
    QDateTime generatedAt; // when the record is (re)computed; part of the input to stay pure
    double reviewScore = 0;
    std::optional<Models::Verdict> verdict;
    QList<Models::Claim> claims; // the claims of the current round; dropped ones are ignored
    int referenceCount = 0;
    QJsonObject sections;        // the draft's sections (Uncertainties is read)
    PipelineSettings settings;   // the run's configuration
    bool configRecorded = true;  // Run.config was stored
    QString doi;                 // external archival record; empty = not registered
    QString supersededBy;        // URL of a work that replaces this one; empty = none
    QList<Models::Correction> corrections;
};

// ---- the parts, each usable alone (tests, exports) ---------------------------------------

struct TierChoice
{
    QString tier;  // FLAGSHIP_CANDIDATE ...
    QString label; // "DOI grade"
    QString basis;
};
// The one place where overlapping bands are ordered (evaluation_order in quality-tiers.json).
TierChoice chooseQualityTier(double reviewScore, int verifiedClaims, const QString &reproducibilityLevel,
                             const ContractTables &tables = ContractTables::builtin());

QString levelForScore(std::optional<double> score, const ContractTables &tables = ContractTables::builtin());

QJsonObject verificationLevel(const RecordInput &in, const ContractTables &tables);
QJsonObject gateVerdict(const RecordInput &in, const ContractTables &tables);
QJsonObject qualityDimensions(const RecordInput &in, const ContractTables &tables);
QJsonObject qualityTier(const RecordInput &in, const QJsonObject &dimensions, const ContractTables &tables);
QJsonObject correctionRecord(const RecordInput &in, const ContractTables &tables);
QJsonObject sourceProvenance(const RecordInput &in, const ContractTables &tables);

// The whole record: srch_id, title, abstract, research_question, submitted, published_at,
// review_score, verdict, verified_claims, and the contract parts under verification_level,
// gate_verdict, quality_tier, quality_dimensions, correction_record, source_provenance.
QJsonObject buildPublicRecord(const RecordInput &in, const ContractTables &tables = ContractTables::builtin());

// The record as the page text of seeds 003/004 (what `drafts show` and the GUI print).
QString renderRecordText(const QJsonObject &record);

} // namespace Sovereign::Pipeline
