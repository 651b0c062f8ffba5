#pragma once

// Everything the workbench shows about one draft, as one value: the draft, its run, every round's
// revision, claims and reviews, the public record, the run's events and the owner's history. Read
// by the loaders in models/storage/loaders.h.

#include "types.h"

#include <QHash>
#include <QJsonObject>

namespace Sovereign::Models {

struct PaperRef
{
    qint64 id = 0;
    QString arxivId;
    QString title;
};

struct DraftDetails
{
    Draft draft;
    Run run;
    QList<DraftRevision> revisions;
    QList<Claim> claims; // every round, ordered by (round, ordinal)
    QList<Review> reviews;
    QJsonObject record; // empty until the pipeline has built the public record
    QList<RunEvent> events;
    QList<Decision> decisions;
    QList<ClaimEdit> claimEdits;
    QList<Correction> corrections;
    QHash<qint64, PaperRef> papers; // evidence and retrieved papers by id

    QList<Claim> claimsOfRound(int round) const;
    QList<Review> reviewsOfRound(int round) const;
    int lastRound() const; // highest round with a revision, claims or reviews
};

} // namespace Sovereign::Models
