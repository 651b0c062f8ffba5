#include "reviser.h"

#include "pipeline/verify/claims.h"

#include <QRegularExpression>
#include <QSet>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace Sovereign::Pipeline {

using Models::Claim;
using Models::ClaimStatus;
using Models::EventKind;
using Models::Review;
using Models::Role;

QString RuleReviser::soften(const QString &claim)
{
    static const QRegularExpression intensifiers(
        QStringLiteral("\\b(?:significantly|substantially|dramatically|consistently|clearly|greatly|far|vastly)\\s+"),
        QRegularExpression::CaseInsensitiveOption);
    QString text = claim.trimmed();
    text.replace(intensifiers, QString());
    static const QRegularExpression already(QStringLiteral("^According to the source\\b"));
    if (already.match(text).hasMatch())
        return text;
    // Lower-case the first letter unless the first word is a name or acronym ("FLAME-MoE", "We").
    const QString first = text.section(u' ', 0, 0);
    const bool keepCase = std::any_of(first.cbegin() + (first.isEmpty() ? 0 : 1), first.cend(), [](QChar ch) { return ch.isUpper(); }) ||
                          first.contains(u'-') || first.contains(u'.');
    if (!text.isEmpty() && !keepCase) {
        if (first == QStringLiteral("We"))
            text = QStringLiteral("the authors") + text.mid(2);
        else
            text[0] = text.at(0).toLower();
    }
    return QStringLiteral("According to the source, ") + text;
}

Models::Result<RevisionOutcome> RuleReviser::revise(const RevisionRequest &request, const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    // The claims the reviewers raised an issue about, and the sections they questioned.
    QSet<int> flagged;
    QSet<QString> sections;
    for (const Review &r : request.reviews)
        for (const Models::ReviewIssue &i : r.issues) {
            if (i.claimOrdinal > 0)
                flagged.insert(i.claimOrdinal);
            else if (!i.section.isEmpty())
                sections.insert(i.section);
        }

    RevisionOutcome out;
    QList<Claim> kept, dropped;
    QStringList droppedWhich, softenedWhich;
    for (const Claim &c : request.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        Claim n = c;
        n.id = 0;
        n.round = request.round;
        const bool unverified = !c.effectiveVerified();
        if (unverified && flagged.contains(c.ordinal) &&
            (c.evidencePaperId == 0 || c.confidence < request.settings.dropBelowConfidence)) {
            n.status = ClaimStatus::Dropped;
            dropped.append(n);
            droppedWhich.append(QString::number(c.ordinal));
            continue;
        }
        if (unverified && flagged.contains(c.ordinal)) {
            const QString softened = soften(c.text);
            if (softened != c.text) {
                n.text = softened;
                n.status = ClaimStatus::Softened;
                softenedWhich.append(QString::number(c.ordinal));
            }
        }
        kept.append(n);
    }
    int ordinal = 0;
    for (Claim &c : kept) {
        c.ordinal = ++ordinal;
        if (c.status == ClaimStatus::Softened)
            out.changedOrdinals.append(c.ordinal);
    }
    for (Claim &c : dropped)
        c.ordinal = ++ordinal;
    out.claims = kept + dropped;
    out.dropped = int(dropped.size());
    out.softened = int(softenedWhich.size());

    const QString prev = QString::number(request.round - 1);
    if (!droppedWhich.isEmpty())
        out.notes.append(QStringLiteral("Revision round %1 dropped claims %2 of round %3: no retrieved passage reached "
                                        "cosine %4.")
                             .arg(QString::number(request.round), droppedWhich.join(QStringLiteral(", ")), prev,
                                  QString::number(request.settings.dropBelowConfidence)));
    if (!softenedWhich.isEmpty())
        out.notes.append(QStringLiteral("It attributed claims %1 of round %2 to the source instead of asserting them, "
                                        "because the retrieved evidence does not corroborate them.")
                             .arg(softenedWhich.join(QStringLiteral(", ")), prev));
    if (sections.contains(QStringLiteral("1 Introduction")) && kept.isEmpty() == false) {
        bool any = false;
        for (const Claim &c : std::as_const(kept))
            any = any || c.addressesQuestion;
        if (!any)
            out.notes.append(QStringLiteral("The reviewers found that no claim answers the research question; the "
                                            "revision cannot supply one, because the source's text does not address it."));
    }
    if (!request.ownerNote.trimmed().isEmpty())
        out.notes.append(QStringLiteral("Owner's request for this revision: %1").arg(request.ownerNote.simplified()));
    if (out.notes.isEmpty())
        out.notes.append(QStringLiteral("Revision round %1 found no claim it could soften or drop; the claims stand "
                                        "as in round %2.").arg(QString::number(request.round), prev));
    out.reason = QStringLiteral("revision round %1: %2 dropped, %3 softened, acting on %4 flagged claims")
                     .arg(QString::number(request.round), QString::number(out.dropped), QString::number(out.softened),
                          QString::number(flagged.size()));
    return out;
}

} // namespace Sovereign::Pipeline
