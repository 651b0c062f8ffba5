#include "rulereviewers.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Sovereign::Pipeline {

using Models::Claim;
using Models::ClaimStatus;
using Models::Review;
using Models::ReviewIssue;
using Models::ReviewSignal;
using Models::Role;

QFuture<ReviewResult> BlockingReviewer::review(const ReviewRequest &request, CancelFlag cancel)
{
    return QtConcurrent::run([this, request, cancel]() { return reviewBlocking(request, cancel); });
}

Models::Verdict verdictFor(double score, const PipelineSettings &s)
{
    if (score >= s.approveAt)
        return Models::Verdict::Approve;
    if (score >= s.reviseAt)
        return Models::Verdict::Revise;
    return Models::Verdict::Reject;
}

bool hasStrongWording(const QString &claim)
{
    static const QRegularExpression strong(
        QStringLiteral("\\b(?:significantly|substantially|dramatically|consistently|always|never|only|first|"
                       "best|state-of-the-art|unprecedented|outperforms?|guarantees?|proves?|all|every|"
                       "completely|fully|far)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return strong.match(claim).hasMatch();
}

namespace {

// Measurements shared by the three roles, taken once per request.
struct Measures
{
    int claims = 0;
    int verified = 0;
    double ratio = 0;
    double meanConfidence = 0;
    QList<int> noEvidence;        // ordinals: no passage reached dropBelowConfidence
    QList<int> strongUnsupported; // ordinals: unverified, strong wording, not softened
    QList<int> unverified;
    QList<int> addressing;
    int grounded = 0;             // verified claims whose evidence paper is cited in References
    int references = 0;
    bool disclosesUnverified = false; // Uncertainties names the unverified claims
    bool disclosesCoverage = false;   // ... states the question coverage
    bool disclosesScope = false;      // ... states what the search covered
    bool hasAbstract = false;
};

Measures measure(const ReviewRequest &r)
{
    Measures m;
    QSet<qint64> cited;
    for (const DraftReference &ref : r.references)
        cited.insert(ref.paperId);
    m.references = int(r.references.size());
    double sum = 0;
    for (const Claim &c : r.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        ++m.claims;
        sum += c.confidence;
        const bool v = c.effectiveVerified();
        if (v)
            ++m.verified;
        else
            m.unverified.append(c.ordinal);
        if (c.evidencePaperId == 0 || c.confidence < r.settings.dropBelowConfidence)
            m.noEvidence.append(c.ordinal);
        if (!v && c.status != ClaimStatus::Softened && hasStrongWording(c.text))
            m.strongUnsupported.append(c.ordinal);
        if (c.addressesQuestion)
            m.addressing.append(c.ordinal);
        if (v && c.evidencePaperId != 0 && cited.contains(c.evidencePaperId))
            ++m.grounded;
    }
    m.ratio = m.claims > 0 ? double(m.verified) / m.claims : 0;
    m.meanConfidence = m.claims > 0 ? sum / m.claims : 0;
    const QString unc = r.sections.value(QStringLiteral("uncertainties")).toString().toLower();
    m.disclosesUnverified = m.unverified.isEmpty() || unc.contains(QStringLiteral("unverified"));
    m.disclosesCoverage = unc.contains(QStringLiteral("question"));
    m.disclosesScope = unc.contains(QStringLiteral("search")) || unc.contains(QStringLiteral("corpus"));
    const QString abstract = r.sections.value(QStringLiteral("abstract")).toString();
    m.hasAbstract = !abstract.isEmpty() && !abstract.startsWith(u'(');
    return m;
}

QString ordinals(const QList<int> &list)
{
    QStringList s;
    for (int o : list)
        s.append(QString::number(o));
    return s.isEmpty() ? QStringLiteral("none") : s.join(QStringLiteral(", "));
}

QString pct(double ratio) { return QString::number(ratio * 100.0, 'f', 0) + u'%'; }

class Scorer
{
public:
    void signal(const QString &name, const QString &value, double deduction, const QString &note)
    {
        m_signals.append(ReviewSignal{name, value, deduction, note});
        m_total += deduction;
    }
    void issue(int claim, const QString &section, const QString &severity, const QString &text)
    {
        m_issues.append(ReviewIssue{claim, section, severity, text});
    }
    double score() const { return std::clamp(10.0 - m_total, 0.0, 10.0); }
    QList<ReviewSignal> m_signals;
    QList<ReviewIssue> m_issues;

private:
    double m_total = 0;
};

void skeptic(const Measures &m, const ReviewRequest &r, Scorer &s)
{
    s.signal(QStringLiteral("unverified_ratio"), pct(1.0 - m.ratio), 3.0 * (1.0 - m.ratio),
             QStringLiteral("3.0 x share of claims below the verification threshold"));
    const double noEv = std::min(2.0, 0.5 * m.noEvidence.size());
    s.signal(QStringLiteral("claims_without_evidence"), QString::number(m.noEvidence.size()), noEv,
             QStringLiteral("0.5 per claim whose best passage scores under %1 (cap 2.0); claims %2")
                 .arg(QString::number(r.settings.dropBelowConfidence), ordinals(m.noEvidence)));
    const double strong = std::min(3.0, 0.75 * m.strongUnsupported.size());
    s.signal(QStringLiteral("unsupported_strong_wording"), QString::number(m.strongUnsupported.size()), strong,
             QStringLiteral("0.75 per unverified claim stated with strong wording (cap 3.0); claims %1")
                 .arg(ordinals(m.strongUnsupported)));
    s.signal(QStringLiteral("unverified_disclosed"), m.disclosesUnverified ? QStringLiteral("yes") : QStringLiteral("no"),
             m.disclosesUnverified ? 0.0 : 1.5, QStringLiteral("1.5 when Uncertainties does not name the unverified claims"));
    for (int o : m.strongUnsupported)
        s.issue(o, QStringLiteral("5 Extracted Claims"), QStringLiteral("major"),
                QStringLiteral("Claim %1 asserts strongly what no retrieved passage supports; soften or attribute it.").arg(o));
    for (int o : m.noEvidence)
        if (!m.strongUnsupported.contains(o))
            s.issue(o, QStringLiteral("5 Extracted Claims"), QStringLiteral("major"),
                    QStringLiteral("Claim %1 has no supporting evidence in the retrieved papers; drop it.").arg(o));
    if (!m.disclosesUnverified)
        s.issue(0, QStringLiteral("4 Uncertainties"), QStringLiteral("major"),
                QStringLiteral("The unverified claims (%1) are not disclosed.").arg(ordinals(m.unverified)));
}

void validator(const Measures &m, const ReviewRequest &r, Scorer &s)
{
    s.signal(QStringLiteral("verified_ratio"), pct(m.ratio), 4.0 * (1.0 - m.ratio),
             QStringLiteral("4.0 x share of claims not verified (%1 of %2 verified)")
                 .arg(QString::number(m.verified), QString::number(m.claims)));
    const double t = r.settings.verifyThreshold;
    const double conf = (t > 0 && m.meanConfidence < t) ? 2.0 * (1.0 - m.meanConfidence / t) : 0.0;
    s.signal(QStringLiteral("mean_confidence"), QString::number(m.meanConfidence, 'f', 3), conf,
             QStringLiteral("2.0 x shortfall of the mean cosine below the threshold %1").arg(QString::number(t)));
    const double groundedShare = m.claims > 0 ? double(m.grounded) / m.claims : 0;
    s.signal(QStringLiteral("citation_grounding"), pct(groundedShare), 2.0 * (1.0 - groundedShare),
             QStringLiteral("2.0 x share of claims without a verified passage from a cited paper"));
    const double refs = m.references == 0 ? 2.0 : (m.references < 3 ? 1.0 : 0.0);
    s.signal(QStringLiteral("reference_count"), QString::number(m.references), refs,
             QStringLiteral("2.0 with no reference, 1.0 with fewer than 3"));
    const double noEv = std::min(1.0, 0.25 * m.noEvidence.size());
    s.signal(QStringLiteral("claims_without_evidence"), QString::number(m.noEvidence.size()), noEv,
             QStringLiteral("0.25 per claim without evidence (cap 1.0)"));
    for (const Claim &c : r.claims) {
        if (c.status == ClaimStatus::Dropped || c.effectiveVerified())
            continue;
        s.issue(c.ordinal, QStringLiteral("5 Extracted Claims"),
                c.confidence < r.settings.dropBelowConfidence ? QStringLiteral("major") : QStringLiteral("minor"),
                QStringLiteral("Claim %1 is unverified (best cosine %2 < %3).")
                    .arg(QString::number(c.ordinal), QString::number(c.confidence, 'f', 2), QString::number(t)));
    }
    if (m.references < 3)
        s.issue(0, QStringLiteral("References"), QStringLiteral("minor"),
                QStringLiteral("Only %1 references; the evidence base is thin.").arg(m.references));
}

void synthesizer(const Measures &m, const ReviewRequest &r, Scorer &s)
{
    const double coverage = m.claims == 0 || m.addressing.isEmpty() ? 3.0
                                                                     : 1.5 * (1.0 - std::min(1.0, m.addressing.size() / 2.0));
    s.signal(QStringLiteral("question_coverage"), QString::number(m.addressing.size()), coverage,
             QStringLiteral("3.0 when no claim addresses the question, else 1.5 x shortfall below 2 claims; claims %1")
                 .arg(ordinals(m.addressing)));
    const double count = m.claims == 0 ? 4.0 : (m.claims < 3 ? 1.5 : 0.0);
    s.signal(QStringLiteral("claim_count"), QString::number(m.claims), count,
             QStringLiteral("4.0 with no claim, 1.5 with fewer than 3"));
    const int missing = int(!m.disclosesUnverified) + int(!m.disclosesCoverage) + int(!m.disclosesScope);
    s.signal(QStringLiteral("uncertainty_disclosure"), QStringLiteral("%1 of 3 disclosures").arg(3 - missing),
             0.75 * missing, QStringLiteral("0.75 per missing disclosure (unverified claims, question coverage, search scope)"));
    s.signal(QStringLiteral("verified_ratio"), pct(m.ratio), 2.0 * (1.0 - m.ratio),
             QStringLiteral("2.0 x share of claims not verified"));
    s.signal(QStringLiteral("abstract_present"), m.hasAbstract ? QStringLiteral("yes") : QStringLiteral("no"),
             m.hasAbstract ? 0.0 : 1.0, QStringLiteral("1.0 when the source gave no abstract"));
    if (m.addressing.isEmpty())
        s.issue(0, QStringLiteral("1 Introduction"), QStringLiteral("critical"),
                QStringLiteral("No claim addresses the research question (terms: %1).")
                    .arg(r.questionTerms.mid(0, 8).join(QStringLiteral(", "))));
    if (missing > 0)
        s.issue(0, QStringLiteral("4 Uncertainties"), QStringLiteral("minor"),
                QStringLiteral("Uncertainties misses %1 of 3 disclosures.").arg(missing));
    if (m.claims > 0 && m.claims < 3)
        s.issue(0, QStringLiteral("5 Extracted Claims"), QStringLiteral("minor"),
                QStringLiteral("Only %1 claims: too few to synthesise.").arg(m.claims));
}

QString rationaleFor(Role role, const Scorer &s)
{
    // The largest deductions, in words.
    QList<ReviewSignal> top = s.m_signals;
    std::stable_sort(top.begin(), top.end(), [](const ReviewSignal &a, const ReviewSignal &b) { return a.deduction > b.deduction; });
    QStringList parts;
    for (const ReviewSignal &sig : std::as_const(top)) {
        if (sig.deduction <= 0.005 || parts.size() == 2)
            break;
        parts.append(QStringLiteral("%1 = %2 (-%3)").arg(sig.name, sig.value, QString::number(sig.deduction, 'f', 2)));
    }
    const QString focus = role == Role::Skeptic     ? QStringLiteral("overreach and unsupported claims")
                          : role == Role::Validator ? QStringLiteral("evidence and citation grounding")
                                                    : QStringLiteral("whether the draft answers the question honestly");
    return QStringLiteral("Judged on %1. %2").arg(focus, parts.isEmpty() ? QStringLiteral("No signal cost points.")
                                                                        : QStringLiteral("Main deductions: ") + parts.join(QStringLiteral("; ")) + u'.');
}

} // namespace

QString renderReviewInput(const ReviewRequest &r)
{
    QString out = QStringLiteral("ROLE: %1\nROUND: %2\nQUESTION: %3\nQUESTION TERMS: %4\nTHRESHOLDS: verify=%5 approve=%6 revise=%7\n")
                      .arg(Models::toText(r.role), QString::number(r.round), r.question, r.questionTerms.join(QStringLiteral(", ")),
                           QString::number(r.settings.verifyThreshold), QString::number(r.settings.approveAt),
                           QString::number(r.settings.reviseAt));
    out += QStringLiteral("CLAIMS:\n");
    for (const Claim &c : r.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        out += QStringLiteral("  [%1] %2 | verified=%3 confidence=%4 status=%5 addresses_question=%6 evidence_paper=%7\n")
                   .arg(QString::number(c.ordinal), c.text, c.effectiveVerified() ? QStringLiteral("yes") : QStringLiteral("no"),
                        QString::number(c.confidence, 'f', 3), Models::toText(c.status),
                        c.addressesQuestion ? QStringLiteral("yes") : QStringLiteral("no"), QString::number(c.evidencePaperId));
    }
    out += QStringLiteral("UNCERTAINTIES: ") + r.sections.value(QStringLiteral("uncertainties")).toString() + u'\n';
    out += QStringLiteral("REFERENCES: %1\n").arg(r.references.size());
    for (const DraftReference &ref : r.references)
        out += QStringLiteral("  ") + ref.url + u'\n';
    if (!r.ownerNote.isEmpty())
        out += QStringLiteral("OWNER NOTE: ") + r.ownerNote + u'\n';
    return out;
}

Review RuleReviewer::evaluate(Role role, const ReviewRequest &request)
{
    const Measures m = measure(request);
    Scorer s;
    switch (role) {
    case Role::Skeptic: skeptic(m, request, s); break;
    case Role::Validator: validator(m, request, s); break;
    case Role::Synthesizer: synthesizer(m, request, s); break;
    }
    Review review;
    review.round = request.round;
    review.role = role;
    review.score = std::round(s.score() * 100.0) / 100.0;
    review.verdict = verdictFor(review.score, request.settings);
    review.rationale = rationaleFor(role, s);
    review.issues = s.m_issues;
    review.scoredSignals = s.m_signals;
    review.backend = QStringLiteral("rules");
    review.prompt = renderReviewInput(request);
    QJsonArray signalRows, issueRows;
    for (const ReviewSignal &sig : std::as_const(s.m_signals))
        signalRows.append(QJsonObject{{QStringLiteral("name"), sig.name}, {QStringLiteral("value"), sig.value},
                                      {QStringLiteral("deduction"), std::round(sig.deduction * 1000.0) / 1000.0},
                                      {QStringLiteral("note"), sig.note}});
    for (const ReviewIssue &i : std::as_const(s.m_issues))
        issueRows.append(QJsonObject{{QStringLiteral("claim"), i.claimOrdinal}, {QStringLiteral("section"), i.section},
                                     {QStringLiteral("severity"), i.severity}, {QStringLiteral("text"), i.text}});
    review.parsed = {{QStringLiteral("role"), Models::toText(role)},
                     {QStringLiteral("score"), review.score},
                     {QStringLiteral("verdict"), Models::toText(review.verdict)},
                     {QStringLiteral("rationale"), review.rationale},
                     {QStringLiteral("issues"), issueRows},
                     {QStringLiteral("signals"), signalRows}};
    review.rawResponse = QString::fromUtf8(QJsonDocument(review.parsed).toJson(QJsonDocument::Indented));
    return review;
}

ReviewResult RuleReviewer::reviewBlocking(const ReviewRequest &request, const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    QElapsedTimer timer;
    timer.start();
    Review r = evaluate(m_role, request);
    r.latencyMs = timer.elapsed();
    return r;
}

ReviewerFactory ruleReviewerFactory()
{
    return [](Role role) -> std::shared_ptr<Reviewer> { return std::make_shared<RuleReviewer>(role); };
}

} // namespace Sovereign::Pipeline
