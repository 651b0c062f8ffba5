#include "judgment.h"

#include <QRegularExpression>
#include <QSet>

namespace Sovereign::Pipeline {

using Models::Claim;
using Models::ClaimStatus;

namespace {

QStringList nameParts(const QString &name)
{
    static const QRegularExpression split(QStringLiteral("[^\\p{L}\\p{N}]+"), QRegularExpression::UseUnicodePropertiesOption);
    return name.toLower().split(split, Qt::SkipEmptyParts);
}

} // namespace

QStringList judgmentLookupWords(const QString &question, const QStringList &texts)
{
    QStringList out = questionLookupWords(question);
    for (const QString &t : texts)
        for (const QString &n : namedTerms(t))
            out += nameParts(n);
    out.removeDuplicates();
    return out;
}

JudgmentContext judgmentContext(const QString &question, const QString &sourceText, const QHash<QString, qint64> &df,
                                qint64 n, const CoverageRule &rule)
{
    JudgmentContext c;
    c.profile = profileQuestion(question, df, n, rule);
    c.sourceText = sourceText;
    const double share = rule.genericNameShare;
    c.isGenericName = [df, n, share](const QString &name) {
        if (n <= 0)
            return false;
        qint64 rarest = -1;
        for (const QString &p : nameParts(name))
            rarest = rarest < 0 ? df.value(p, 0) : std::min(rarest, df.value(p, 0));
        return double(std::max<qint64>(rarest, 0)) > share * double(n);
    };
    return c;
}

CoverageReport judgeClaims(QList<Claim> &claims, const JudgmentContext &context)
{
    QList<std::pair<int, QString>> shown;
    for (const Claim &c : std::as_const(claims))
        if (c.status != ClaimStatus::Dropped)
            shown.append({c.ordinal, c.text});
    const CoverageReport coverage = assessCoverage(context.profile, shown);
    for (Claim &c : claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        ClaimChecks k;
        if (const ClaimCoverage *cc = coverage.forClaim(c.ordinal)) {
            k.questionTerms = cc->covered;
            k.addressesQuestion = cc->addresses;
        }
        k.hasNumbers = !extractQuantities(c.text).isEmpty();
        if (!context.sourceText.isEmpty())
            k.numbersNotInSource = numbersNotInSource(c.text, context.sourceText);
        if (!c.evidencePassage.isEmpty()) {
            // A passage about another method neither supports nor contradicts the claim; the
            // mismatch is shown for claims the cosine counts as verified.
            const auto mismatch = findSubjectMismatch(c.text, c.evidencePassage, context.isGenericName);
            if (!mismatch)
                k.disagreement = findDisagreement(c.text, c.evidencePassage);
            if (c.verified)
                k.differentSubject = mismatch;
        }
        c.checks = k.toJson();
        c.addressesQuestion = k.addressesQuestion;
    }
    return coverage;
}

JudgmentSummary summarize(const QList<Claim> &claims)
{
    JudgmentSummary s;
    for (const Claim &c : claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        ++s.shown;
        const ClaimChecks k = ClaimChecks::fromJson(c.checks);
        const bool v = c.effectiveVerified();
        s.verified += v ? 1 : 0;
        if (!v)
            s.unverified.append(c.ordinal);
        // An owner's explicit "verified" override stands for the owner's own reading of the evidence.
        const bool ownerSaysVerified = c.verifiedOverride.value_or(false);
        if (v && (ownerSaysVerified || k.corroborates(true)))
            ++s.corroborated;
        if (k.disagreement)
            s.disputed.append(c.ordinal);
        if (k.differentSubject && v)
            s.differentSubject.append(c.ordinal);
        if (!k.numbersNotInSource.isEmpty())
            s.numbersOff.append(c.ordinal);
        s.withNumbers += k.hasNumbers ? 1 : 0;
    }
    return s;
}

namespace {

QString list(const QList<int> &ordinals)
{
    QStringList s;
    for (int o : ordinals)
        s.append(QString::number(o));
    return s.join(QStringLiteral(", "));
}

} // namespace

DisclosureCheck checkDisclosure(const JudgmentSummary &j, const std::optional<CoverageReport> &coverage,
                                const QString &uncertainties)
{
    DisclosureCheck d;
    const QString lower = uncertainties.toLower();
    const auto need = [&](bool present, const QString &what, bool disclosed) {
        if (!present)
            return;
        d.measured.append(what);
        if (!disclosed)
            d.missing.append(what);
    };
    need(!j.unverified.isEmpty(), QStringLiteral("the unverified claims (%1)").arg(list(j.unverified)),
         lower.contains(QStringLiteral("unverified")));
    if (coverage && !coverage->addressed) {
        bool named = lower.contains(QStringLiteral("does not address"));
        for (const QString &t : coverage->uncoveredRequired)
            named = named && uncertainties.contains(t);
        need(true, QStringLiteral("that the claims do not address the question (%1)").arg(coverage->notCoveredText()), named);
    }
    need(!j.disputed.isEmpty(), QStringLiteral("the evidence that disagrees (claims %1)").arg(list(j.disputed)),
         lower.contains(QStringLiteral("disagree")));
    need(!j.differentSubject.isEmpty(), QStringLiteral("the passages about a different subject (claims %1)").arg(list(j.differentSubject)),
         lower.contains(QStringLiteral("different subject")));
    need(!j.numbersOff.isEmpty(), QStringLiteral("the numbers not in the source (claims %1)").arg(list(j.numbersOff)),
         lower.contains(QStringLiteral("not in the source")));
    need(true, QStringLiteral("what the search covered"),
         lower.contains(QStringLiteral("search")) || lower.contains(QStringLiteral("corpus")));
    if (!j.unverified.isEmpty() && lower.contains(QStringLiteral("claims reach the verification threshold")))
        d.overclaim.append(QStringLiteral("that every claim is verified"));
    if (coverage && !coverage->addressed &&
        (lower.contains(QStringLiteral("the claims address the question")) || lower.contains(QStringLiteral("answers the question"))))
        d.overclaim.append(QStringLiteral("that the question is answered"));
    if (j.disputed.isEmpty() && lower.contains(QStringLiteral("the evidence disagrees")))
        d.overclaim.append(QStringLiteral("a disagreement the run did not find"));
    return d;
}

} // namespace Sovereign::Pipeline
