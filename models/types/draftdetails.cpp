#include "draftdetails.h"

#include <algorithm>

namespace Sovereign::Models {

QList<Claim> DraftDetails::claimsOfRound(int round) const
{
    QList<Claim> out;
    for (const Claim &c : claims)
        if (c.round == round)
            out.append(c);
    return out;
}

QList<Review> DraftDetails::reviewsOfRound(int round) const
{
    QList<Review> out;
    for (const Review &r : reviews)
        if (r.round == round)
            out.append(r);
    return out;
}

int DraftDetails::lastRound() const
{
    int last = draft.currentRound;
    for (const DraftRevision &r : revisions)
        last = std::max(last, r.round);
    for (const Review &r : reviews)
        last = std::max(last, r.round);
    for (const Claim &c : claims)
        last = std::max(last, c.round);
    return last;
}

} // namespace Sovereign::Models
