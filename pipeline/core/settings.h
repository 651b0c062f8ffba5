#pragma once

// PipelineSettings: every threshold, cap and backend choice of one run, as a plain value. The run
// controller copies it into the run when the run is queued and stores toJson() in Run.config, so
// the Methodology section and the public record describe what actually ran. fromJson() accepts
// partial objects (missing members keep their defaults) and never fails.
//
// Extension point for other backends: `BackendChoice` names what a run uses (search local|arxiv,
// embed local|nim, tribunal rules|llm, ...). The objects that implement a choice are held in
// `Backends` (backends.h); the settings only carry the names and their knobs.

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Sovereign::Pipeline {

// The verification threshold of a run that sets none (the TF-IDF cosine of the reference kernel).
inline constexpr double DefaultVerifyThreshold = 0.15;

struct BackendChoice
{
    QString search = QStringLiteral("local");     // local | arxiv
    QString embed = QStringLiteral("local");      // local | nim
    QString extractor = QStringLiteral("rules");  // rules | llm
    QString composer = QStringLiteral("template"); // template | llm
    QString tribunal = QStringLiteral("rules");   // rules | llm
    QString reviser = QStringLiteral("rules");    // rules | llm
    QString planner = QStringLiteral("local");    // local | llm
    // Free-form details a backend wants recorded (model names, base URLs without secrets).
    QJsonObject details;

    bool anyRemote() const; // search, embed or tribunal is not the embedded default
    QJsonObject toJson() const;
    static BackendChoice fromJson(const QJsonObject &o); // missing members keep their defaults
    // Validates search (local|arxiv), embed (local|nim) and tribunal (rules|llm); the error names
    // the bad one and the allowed values.
    static std::optional<QString> validate(const BackendChoice &c);
};

// Question coverage by specific terms (pipeline/verify/questioncoverage.h): the thresholds.
struct CoverageRule
{
    double minWeightShare = 0.5;    // covered specific weight needed for "addressed"
    double claimMinShare = 0.2;     // per claim: weight share that makes it address the question
    double genericNameShare = 0.25; // a name in more than this share of documents is a field word

    QJsonObject toJson() const;
    static CoverageRule fromJson(const QJsonObject &o); // missing members keep their defaults
};

struct PipelineSettings
{
    // ---- retrieval -------------------------------------------------------------------------
    int queryCount = 4;    // query variants planned and searched in parallel
    int hitsPerQuery = 25; // results asked of each search
    int topK = 12;         // papers kept after reciprocal-rank fusion
    int rrfK = 60;         // the k of 1/(k + rank)
    bool semanticRerank = true;

    // ---- claims ----------------------------------------------------------------------------
    int maxClaims = 10;              // top-N claim-like sentences kept
    double minClaimScore = 1.0;      // sentences scoring below are never claims
    double verifyThreshold = DefaultVerifyThreshold; // verified iff best cosine >= this
    // The source paper is not evidence for its own claims (that would verify every claim).
    bool excludeSourceFromEvidence = true;

    // ---- tribunal --------------------------------------------------------------------------
    double approveAt = 6.5; // APPROVE at or above
    double reviseAt = 5.0;  // REVISE from here up to approveAt, REJECT below
    int maxRevisionRounds = 1;
    bool reviseOnReject = false; // also revise a REJECT (default: only REVISE)
    double dropBelowConfidence = 0.05; // the reviser drops unverified claims under this cosine

    // ---- policy gates (AUTO_APPROVE needs APPROVE and no gate failing) ----------------------
    bool gateQuestionAddressed = true; // fails when the claims do not address the question (coverage below)
    int gateMinVerifiedClaims = 1;     // fails when fewer verified claims remain (0 = off)
    // Fails when fewer than this share of the shown claims are verified and corroborated (not
    // disputed by their evidence, not verified by a passage about another subject); 0 = off.
    double gateMinVerifiedShare = 0.5;
    bool gateEvidenceDisagrees = true; // fails when any shown claim's evidence disagrees with it
    CoverageRule coverage;             // question coverage by specific terms (questioncoverage.h)

    // ---- public record ---------------------------------------------------------------------
    QString publisher;     // empty: the owner's publisher setting (ownerPublisher()), else "not set"
    QString recordBaseUrl; // empty: records get urn: identifiers (not published on the web)
    QString actor = QStringLiteral("pipeline"); // who the auto_approve decision is recorded as

    BackendChoice backends;

    // Which backends are deterministic and offline (used by Uncertainties and reproducibility).
    bool allLocal() const;

    QJsonObject toJson() const;
    static PipelineSettings fromJson(const QJsonObject &o);
};

// The publisher the owner set (QSettings "owner/publisher", shared by the workbench and the CLI).
// Empty until the owner sets it (asked on first publication); a record then says "not set".
QString ownerPublisher();
void setOwnerPublisher(const QString &name);

} // namespace Sovereign::Pipeline
