#pragma once

// Draft composer (stage 7), the embedded template default. A pure function from what the run
// produced (DraftInput) to the draft text in the seed format and the same content as JSON
// sections. Methodology states the run's real configuration, Results its real counts, and
// Uncertainties are derived from the run (unverified claims, local backends, question coverage,
// revision actions), never boilerplate. Never fails; missing parts are stated as missing.

#include "pipeline/core/settings.h"
#include "pipeline/verify/questioncoverage.h"

#include "models/types/types.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Sovereign::Pipeline {

struct DraftReference
{
    qint64 paperId = 0;
    QString arxivId; // version-less
    QString title;
    QString url;     // https://arxiv.org/abs/<id><version>
};

struct DraftInput
{
    QString question;
    QString sourceTitle;
    QString sourceRef;      // arXiv id or file name as given
    QString sourceAbstract; // full text; display code truncates, the store never does
    // Non-empty: the Introduction written by a synthesizer backend (Backends::synthesizer), used
    // instead of the template's; every other section stays composed from the run's data.
    QString introduction;
    bool sourceIsFile = false;
    QDate date;

    PipelineSettings settings;
    // What the retrieval stages really did.
    QStringList queries;
    int papersRetrieved = 0;
    int corpusSize = 0;      // papers searchable by the local backend (0: unknown)
    int evidencePassages = 0;
    QString embedderName;    // empty: no semantic re-ranking happened
    int embedderDim = 0;

    // The claims of this round, including those the reviser dropped (status Dropped).
    QList<Models::Claim> claims;
    QStringList questionTerms;
    // Coverage of the question by this round's shown claims (questioncoverage.h); without it the
    // older "shares key terms" sentence is written.
    std::optional<CoverageReport> coverage;
    QList<DraftReference> references;

    // Sentences appended to Methodology: stages that fell back to a local implementation.
    QStringList methodologyNotes;

    int revisionRound = 0;
    QStringList revisionNotes; // what the reviser did, one sentence each
    // Tribunal history: one entry per completed round (score, verdict), oldest first.
    QList<std::pair<double, Models::Verdict>> rounds;
    std::optional<Models::Policy> policy;
    QString policyReason;
    bool policyPending = false; // this revision was superseded by a later round
};

struct ComposedDraft
{
    QString title; // "SOVEREIGN: <question>"
    QString body;  // the rendered draft
    QJsonObject sections;
};

ComposedDraft composeDraft(const DraftInput &in);

// Parts shared with the reviewers and the tribunal transcript.
QString formatScore(double score); // "6.83"
QString kernelLine();              // "SOVEREIGN Research Kernel"
QString draftNotice();             // the owner-review line

} // namespace Sovereign::Pipeline
