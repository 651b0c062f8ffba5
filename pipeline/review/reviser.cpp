#include "reviser.h"

#include "pipeline/verify/claims.h"
#include "pipeline/verify/judgment.h"

#include <QJsonObject>

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

QString toText(OwnerClaimAction::Kind k)
{
    switch (k) {
    case OwnerClaimAction::Kind::Drop: return QStringLiteral("drop");
    case OwnerClaimAction::Kind::Soften: return QStringLiteral("soften");
    case OwnerClaimAction::Kind::Replace: return QStringLiteral("replace");
    }
    return {};
}

std::optional<OwnerClaimAction::Kind> ownerActionKind(const QString &s)
{
    const QString k = s.trimmed().toLower();
    if (k == QStringLiteral("drop"))
        return OwnerClaimAction::Kind::Drop;
    if (k == QStringLiteral("soften"))
        return OwnerClaimAction::Kind::Soften;
    if (k == QStringLiteral("replace"))
        return OwnerClaimAction::Kind::Replace;
    return std::nullopt;
}

QString describe(const QList<OwnerClaimAction> &actions)
{
    QStringList parts;
    for (const OwnerClaimAction &a : actions)
        parts.append(a.kind == OwnerClaimAction::Kind::Replace
                         ? QStringLiteral("replace claim %1 with \u201c%2\u201d").arg(QString::number(a.ordinal), a.text.simplified())
                         : QStringLiteral("%1 claim %2").arg(toText(a.kind), QString::number(a.ordinal)));
    return parts.join(QStringLiteral("; "));
}

OwnerRequest parseOwnerRequest(const QString &note)
{
    // One action per line: "drop claim 3", "soften claim 2", "replace claim 4: new text".
    static const QRegularExpression line(QStringLiteral("^\\s*(drop|soften|replace)\\s+claim\\s+(\\d+)\\s*(?::\\s*(.*))?$"),
                                         QRegularExpression::CaseInsensitiveOption);
    OwnerRequest r;
    QStringList free;
    for (const QString &l : note.split(u'\n')) {
        const auto m = line.match(l);
        const auto kind = m.hasMatch() ? ownerActionKind(m.captured(1)) : std::nullopt;
        if (!kind || (*kind == OwnerClaimAction::Kind::Replace && m.captured(3).trimmed().isEmpty())) {
            free.append(l);
            continue;
        }
        r.actions.append({m.captured(2).toInt(), *kind, m.captured(3).trimmed()});
    }
    r.note = free.join(u'\n').trimmed();
    return r;
}

QJsonObject RevisionAction::toJson() const
{
    return {{QStringLiteral("claim"), fromOrdinal}, {QStringLiteral("action"), action}, {QStringLiteral("by"), by},
            {QStringLiteral("before"), before}, {QStringLiteral("after"), after}, {QStringLiteral("why"), why}};
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
    QHash<int, OwnerClaimAction> owner;
    for (const OwnerClaimAction &a : request.ownerActions)
        owner.insert(a.ordinal, a);

    RevisionOutcome out;
    QList<Claim> kept, dropped;
    QList<bool> keptChanged;
    for (const Claim &c : request.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        Claim n = c;
        n.id = 0;
        n.round = request.round;
        const ClaimChecks k = ClaimChecks::fromJson(c.checks);
        const bool unverified = !c.effectiveVerified();
        const bool noEvidence = c.evidencePaperId == 0 || c.confidence < request.settings.dropBelowConfidence;
        RevisionAction a;
        a.fromOrdinal = c.ordinal;
        a.before = c.text;
        if (const auto it = owner.constFind(c.ordinal); it != owner.cend()) {
            a.by = QStringLiteral("owner");
            a.why = QStringLiteral("the owner asked for it");
            switch (it->kind) {
            case OwnerClaimAction::Kind::Drop: a.action = QStringLiteral("dropped"); break;
            case OwnerClaimAction::Kind::Soften: a.action = QStringLiteral("softened"); n.text = soften(c.text); break;
            case OwnerClaimAction::Kind::Replace: a.action = QStringLiteral("replaced"); n.text = it->text.simplified(); break;
            }
        } else if (owner.isEmpty() && flagged.contains(c.ordinal)) {
            // With structured owner actions the round does what the owner asked, nothing else.
            a.by = backend();
            if (k.disagreement) {
                a.action = QStringLiteral("dropped");
                a.why = QStringLiteral("its best evidence disagrees (%1)").arg(k.disagreement->detail);
            } else if (unverified && noEvidence) {
                a.action = QStringLiteral("dropped");
                a.why = QStringLiteral("no retrieved passage reached cosine %1").arg(QString::number(request.settings.dropBelowConfidence));
            } else if (!k.numbersNotInSource.isEmpty() && c.originalText != c.text && !request.sourceText.isEmpty() &&
                       numbersNotInSource(c.originalText, request.sourceText).isEmpty()) {
                a.action = QStringLiteral("restored");
                a.why = QStringLiteral("its numbers (%1) are not in the source; the source's sentence is restored")
                            .arg(k.numbersNotInSource.join(QStringLiteral(", ")));
                n.text = c.originalText;
            } else if ((unverified || k.differentSubject) && c.status != ClaimStatus::Softened) {
                a.action = k.differentSubject ? QStringLiteral("re-attributed") : QStringLiteral("softened");
                a.why = k.differentSubject ? QStringLiteral("its passage is about another subject (%1)").arg(k.differentSubject->text())
                                           : QStringLiteral("the retrieved evidence does not corroborate it");
                n.text = soften(c.text);
            }
        }
        if (a.action.isEmpty() || (a.action != QStringLiteral("dropped") && n.text == c.text && a.by != QStringLiteral("owner")))
            a.action.clear(); // nothing changed
        if (a.action == QStringLiteral("dropped")) {
            n.status = ClaimStatus::Dropped;
            dropped.append(n);
        } else {
            if (a.action == QStringLiteral("softened") || a.action == QStringLiteral("re-attributed"))
                n.status = ClaimStatus::Softened;
            else if (a.action == QStringLiteral("replaced") || a.action == QStringLiteral("restored"))
                n.status = ClaimStatus::Kept;
            kept.append(n);
            keptChanged.append(n.text != c.text);
        }
        if (!a.action.isEmpty()) {
            a.after = a.action == QStringLiteral("dropped") ? QString() : n.text;
            out.actions.append(a);
        }
    }
    int ordinal = 0;
    for (qsizetype i = 0; i < kept.size(); ++i) {
        kept[i].ordinal = ++ordinal;
        if (keptChanged.at(i))
            out.changedOrdinals.append(kept.at(i).ordinal); // verify these again
    }
    for (Claim &c : dropped)
        c.ordinal = ++ordinal;
    out.claims = kept + dropped;
    for (const RevisionAction &a : std::as_const(out.actions)) {
        out.dropped += a.action == QStringLiteral("dropped") ? 1 : 0;
        out.softened += a.action == QStringLiteral("softened") ? 1 : 0;
        out.reattributed += a.action == QStringLiteral("re-attributed") ? 1 : 0;
        out.replaced += a.action == QStringLiteral("replaced") ? 1 : 0;
        out.restored += a.action == QStringLiteral("restored") ? 1 : 0;
    }

    // Disclosures, one sentence per kind of action, naming the claims of the previous round.
    const QString prev = QString::number(request.round - 1);
    const auto which = [&](const QString &action, const QString &by) {
        QStringList l;
        for (const RevisionAction &a : std::as_const(out.actions))
            if (a.action == action && (by.isEmpty() || (by == QStringLiteral("owner")) == (a.by == QStringLiteral("owner"))))
                l.append(QString::number(a.fromOrdinal));
        return l;
    };
    const QString round = QString::number(request.round);
    if (const QStringList l = which(QStringLiteral("dropped"), QStringLiteral("owner")); !l.isEmpty())
        out.notes.append(QStringLiteral("At the owner's request, revision round %1 dropped claims %2 of round %3.")
                             .arg(round, l.join(QStringLiteral(", ")), prev));
    if (const QStringList l = which(QStringLiteral("dropped"), QStringLiteral("rules")); !l.isEmpty())
        out.notes.append(QStringLiteral("Revision round %1 dropped claims %2 of round %3: their evidence disagrees with them or "
                                        "no retrieved passage reached cosine %4.")
                             .arg(round, l.join(QStringLiteral(", ")), prev, QString::number(request.settings.dropBelowConfidence)));
    if (const QStringList l = which(QStringLiteral("softened"), QString()); !l.isEmpty())
        out.notes.append(QStringLiteral("It attributed claims %1 of round %2 to the source instead of asserting them, because the "
                                        "retrieved evidence does not corroborate them.").arg(l.join(QStringLiteral(", ")), prev));
    if (const QStringList l = which(QStringLiteral("re-attributed"), QString()); !l.isEmpty())
        out.notes.append(QStringLiteral("It re-attributed claims %1 of round %2 to the source, because their passages are about a "
                                        "different subject.").arg(l.join(QStringLiteral(", ")), prev));
    if (const QStringList l = which(QStringLiteral("restored"), QString()); !l.isEmpty())
        out.notes.append(QStringLiteral("It restored the source's wording of claims %1 of round %2, whose numbers were not in the "
                                        "source.").arg(l.join(QStringLiteral(", ")), prev));
    if (const QStringList l = which(QStringLiteral("replaced"), QString()); !l.isEmpty())
        out.notes.append(QStringLiteral("At the owner's request, claims %1 of round %2 were replaced with the owner's text.")
                             .arg(l.join(QStringLiteral(", ")), prev));
    if (sections.contains(QStringLiteral("1 Introduction")))
        out.notes.append(QStringLiteral("The reviewers found that the claims do not answer the research question; the revision "
                                        "cannot supply an answer, because the source's text does not address it."));
    if (!request.ownerNote.trimmed().isEmpty())
        out.notes.append(QStringLiteral("Owner's request for this revision: %1").arg(request.ownerNote.simplified()));
    if (out.actions.isEmpty())
        out.notes.append(QStringLiteral("Revision round %1 changed nothing: no claim could be dropped, softened or restored, so "
                                        "the claims stand as in round %2.").arg(round, prev));
    out.reason = out.actions.isEmpty()
                     ? QStringLiteral("revision round %1 changed nothing (%2 flagged claims)").arg(round, QString::number(flagged.size()))
                     : QStringLiteral("revision round %1: %2 dropped, %3 softened, %4 re-attributed, %5 restored, %6 replaced, "
                                      "acting on %7 flagged claims%8")
                           .arg(round, QString::number(out.dropped), QString::number(out.softened), QString::number(out.reattributed),
                                QString::number(out.restored), QString::number(out.replaced), QString::number(flagged.size()),
                                owner.isEmpty() ? QString() : QStringLiteral(" and %1 owner actions").arg(owner.size()));
    return out;
}

} // namespace Sovereign::Pipeline
