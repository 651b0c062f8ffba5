#pragma once
// The reviser (stage 9).
//
// The Reviser turns a round's reviews into the next round's claims: the rule-based default drops
// unverified claims with no evidence, softens (attributes to the source) the other unverified
// claims the reviewers flagged, and writes specific disclosures for Uncertainties.

#include "reviewer.h"

#include <QList>

namespace Sovereign::Pipeline {

struct RevisionRequest
{
    int round = 1;                        // the round being produced
    QList<Models::Claim> claims;          // the previous round's claims (dropped ones ignored)
    QList<Models::Review> reviews;        // the previous round's reviews
    QStringList questionTerms;
    QString ownerNote;
    PipelineSettings settings;
};

struct RevisionOutcome
{
    // The new round's claims: kept and softened first (ordinals 1..n), then dropped ones.
    QList<Models::Claim> claims;
    QList<int> changedOrdinals;  // new ordinals whose text changed: verify them again
    QStringList notes;           // disclosures for Uncertainties
    QString reason;              // why this revision exists (DraftRevision.reason)
    int dropped = 0;
    int softened = 0;
};

class Reviser
{
public:
    virtual ~Reviser() = default;
    virtual QString backend() const = 0;
    // Called on a worker thread without an event loop; see the Reviewer contract.
    virtual Models::Result<RevisionOutcome> revise(const RevisionRequest &request, const CancelFlag &cancel) = 0;
};

class RuleReviser final : public Reviser
{
public:
    QString backend() const override { return QStringLiteral("rules"); }
    Models::Result<RevisionOutcome> revise(const RevisionRequest &request, const CancelFlag &cancel) override;

    // "FLAME-MoE significantly beats X." -> "According to the source, FLAME-MoE beats X."
    static QString soften(const QString &claim);
};

} // namespace Sovereign::Pipeline
