#pragma once

// The policy's stored reason (Draft::policyReason: "verdict REVISE (5.4 < 6.5); gate
// question_not_addressed (…)") read back into plain words for the owner. It reads what the
// pipeline stored and decides nothing itself; an unknown part is shown as stored.

#include "types.h"

#include <QStringList>

namespace Sovereign::Models {

struct PolicyReasonPart
{
    QString code;  // "verdict", a gate's code ("question_not_addressed"), "approved", or empty
    QString plain; // the part in plain words
};

QList<PolicyReasonPart> explainPolicyReason(const QString &reason);

// One line for the draft list's "Why" column, from the draft's state and its stored reason.
QString whyText(const Draft &draft);

} // namespace Sovereign::Models
