#include "rulereviewers.h"

#include "pipeline/verify/claims.h"
#include "pipeline/verify/judgment.h"

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

// What the reviewers look at, measured once per request from the run's own data: the claims'
// verification, their checks (claimchecks.h) and the question coverage. Each role reads its own
// part; no measure is deducted by more than one role.
struct Measures
{
    JudgmentSummary j;
    double ratio = 0;           // verified share (cosine rule or owner override)
    double meanConfidence = 0;
    QList<int> noEvidence;      // ordinals: no passage reached dropBelowConfidence
    QList<int> overreach;       // ordinals: strong wording, not corroborated, not softened
    QList<int> asserted;        // ordinals: unverified, stated as fact (not attributed to the source)
    QList<int> beyondSource;    // ordinals: most content words are not in the source
    QHash<int, ClaimChecks> checks;
    int evidencePapers = 0;     // distinct papers behind corroborated claims
    bool coverageKnown = false;
};

// A claim goes beyond its source when more than half of its content words are not in it (an
// LLM or an owner rewrite can do that; an extracted sentence cannot).
bool goesBeyondSource(const QString &claim, const QString &source)
{
    if (source.trimmed().isEmpty())
        return false;
    static const QStringList framing{QStringLiteral("accord"), QStringLiteral("according"), QStringLiteral("source"),
                                     QStringLiteral("author")};
    const QStringList words = contentTerms(claim);
    const QStringList sourceWords = contentTerms(source);
    const QSet<QString> known(sourceWords.cbegin(), sourceWords.cend());
    int counted = 0, missing = 0;
    for (const QString &w : words) {
        if (framing.contains(w))
            continue;
        ++counted;
        missing += known.contains(w) ? 0 : 1;
    }
    return counted >= 3 && missing * 2 > counted;
}

Measures measure(const ReviewRequest &r)
{
    Measures m;
    m.j = summarize(r.claims);
    m.coverageKnown = r.coverage.has_value();
    double sum = 0;
    QSet<qint64> papers;
    for (const Claim &c : r.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        sum += c.confidence;
        const ClaimChecks k = ClaimChecks::fromJson(c.checks);
        m.checks.insert(c.ordinal, k);
        const bool corroborated = c.effectiveVerified() && (c.verifiedOverride.value_or(false) || k.corroborates(true));
        if (c.evidencePaperId == 0 || c.confidence < r.settings.dropBelowConfidence)
            m.noEvidence.append(c.ordinal);
        if (!corroborated && c.status != ClaimStatus::Softened && hasStrongWording(c.text))
            m.overreach.append(c.ordinal);
        if (!c.effectiveVerified() && c.status != ClaimStatus::Softened)
            m.asserted.append(c.ordinal);
        if (goesBeyondSource(c.text, r.sourceText))
            m.beyondSource.append(c.ordinal);
        if (corroborated && c.evidencePaperId != 0)
            papers.insert(c.evidencePaperId);
    }
    m.ratio = m.j.shown > 0 ? double(m.j.verified) / m.j.shown : 0;
    m.meanConfidence = m.j.shown > 0 ? sum / m.j.shown : 0;
    m.evidencePapers = int(papers.size());
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
    bool hasCritical() const
    {
        return std::any_of(m_issues.cbegin(), m_issues.cend(), [](const ReviewIssue &i) { return i.severity == QStringLiteral("critical"); });
    }
    double score() const { return std::clamp(10.0 - m_total, 0.0, 10.0); }
    QList<ReviewSignal> m_signals;
    QList<ReviewIssue> m_issues;

private:
    double m_total = 0;
};

const QString ClaimsSection = QStringLiteral("5 Extracted Claims");

// SKEPTIC: overreach. Strong wording the evidence does not carry, numbers the source does not
// contain, evidence that says otherwise, claims that go beyond the source.
void skeptic(const Measures &m, const ReviewRequest &, Scorer &s)
{
    s.signal(QStringLiteral("overreach_wording"), QString::number(m.overreach.size()), std::min(3.0, 0.75 * m.overreach.size()),
             QStringLiteral("0.75 per claim stated with strong wording (significantly, only, first, all ...) that no "
                            "corroborating passage carries and that was not softened (cap 3.0); claims %1")
                 .arg(ordinals(m.overreach)));
    for (int o : m.overreach)
        s.issue(o, ClaimsSection, QStringLiteral("major"),
                QStringLiteral("Claim %1 asserts strongly what no corroborating passage supports; soften or attribute it.").arg(o));

    s.signal(QStringLiteral("unsupported_assertions"), QString::number(m.asserted.size()), std::min(3.0, 0.5 * m.asserted.size()),
             QStringLiteral("0.5 per unverified claim stated as fact rather than attributed to the source (cap 3.0); claims %1")
                 .arg(ordinals(m.asserted)));
    s.signal(QStringLiteral("numbers_not_in_source"), QString::number(m.j.numbersOff.size()), std::min(3.0, 1.0 * m.j.numbersOff.size()),
             QStringLiteral("1.0 per claim stating a number or quantity that the source text does not contain (cap 3.0); "
                            "claims %1").arg(ordinals(m.j.numbersOff)));
    for (int o : m.j.numbersOff)
        s.issue(o, ClaimsSection, QStringLiteral("major"),
                QStringLiteral("Claim %1 states %2, which the source does not contain.")
                    .arg(QString::number(o), m.checks.value(o).numbersNotInSource.join(QStringLiteral(", "))));

    s.signal(QStringLiteral("evidence_disagrees"), QString::number(m.j.disputed.size()), std::min(4.5, 1.5 * m.j.disputed.size()),
             QStringLiteral("1.5 per claim whose best passage states a different number for the same quantity, the "
                            "opposite direction or its negation (cap 4.5); claims %1").arg(ordinals(m.j.disputed)));
    const bool mostlyDisputed = m.j.shown > 0 && m.j.disputed.size() * 2 >= m.j.shown;
    for (int o : m.j.disputed)
        s.issue(o, ClaimsSection, mostlyDisputed ? QStringLiteral("critical") : QStringLiteral("major"),
                QStringLiteral("Claim %1: the evidence disagrees (%2).").arg(QString::number(o), m.checks.value(o).disagreement->detail));

    s.signal(QStringLiteral("beyond_source"), QString::number(m.beyondSource.size()), std::min(2.0, 1.0 * m.beyondSource.size()),
             QStringLiteral("1.0 per claim most of whose content words are not in the source text (cap 2.0); claims %1")
                 .arg(ordinals(m.beyondSource)));
    for (int o : m.beyondSource)
        s.issue(o, ClaimsSection, QStringLiteral("major"),
                QStringLiteral("Claim %1 goes beyond its source: most of its words are not in the source text.").arg(o));
}

// VALIDATOR: evidence and citation grounding. How many claims the retrieved passages carry, how
// strongly, whether the passage is about the claim's subject, and how many papers stand behind it.
void validator(const Measures &m, const ReviewRequest &r, Scorer &s)
{
    s.signal(QStringLiteral("verified_ratio"), pct(m.ratio), 4.0 * (1.0 - m.ratio),
             QStringLiteral("4.0 x share of claims not verified (%1 of %2 verified)")
                 .arg(QString::number(m.j.verified), QString::number(m.j.shown)));
    const double t = r.settings.verifyThreshold;
    const double conf = (t > 0 && m.meanConfidence < t) ? 2.0 * (1.0 - m.meanConfidence / t) : 0.0;
    s.signal(QStringLiteral("mean_confidence"), QString::number(m.meanConfidence, 'f', 3), conf,
             QStringLiteral("2.0 x shortfall of the mean cosine below the threshold %1").arg(QString::number(t)));
    s.signal(QStringLiteral("different_subject"), QString::number(m.j.differentSubject.size()),
             std::min(3.0, 1.0 * m.j.differentSubject.size()),
             QStringLiteral("1.0 per verified claim whose passage is about another named method (cap 3.0); claims %1")
                 .arg(ordinals(m.j.differentSubject)));
    for (int o : m.j.differentSubject)
        s.issue(o, ClaimsSection, QStringLiteral("major"),
                QStringLiteral("Claim %1 is not corroborated: %2.").arg(QString::number(o), m.checks.value(o).differentSubject->text()));
    const double noEv = std::min(1.0, 0.25 * m.noEvidence.size());
    s.signal(QStringLiteral("claims_without_evidence"), QString::number(m.noEvidence.size()), noEv,
             QStringLiteral("0.25 per claim whose best passage scores under %1 (cap 1.0); claims %2")
                 .arg(QString::number(r.settings.dropBelowConfidence), ordinals(m.noEvidence)));
    const double papers = m.j.shown == 0 ? 0.0 : m.evidencePapers == 0 ? 1.5 : m.evidencePapers == 1 ? 0.75 : 0.0;
    s.signal(QStringLiteral("evidence_papers"), QString::number(m.evidencePapers), papers,
             QStringLiteral("1.5 when no retrieved paper corroborates a claim, 0.75 when a single paper does"));
    for (const Claim &c : r.claims) {
        if (c.status == ClaimStatus::Dropped || c.effectiveVerified())
            continue;
        s.issue(c.ordinal, ClaimsSection,
                c.confidence < r.settings.dropBelowConfidence ? QStringLiteral("major") : QStringLiteral("minor"),
                QStringLiteral("Claim %1 is unverified (best cosine %2 < %3).")
                    .arg(QString::number(c.ordinal), QString::number(c.confidence, 'f', 2), QString::number(t)));
    }
    if (m.j.shown > 0 && m.evidencePapers < 2)
        s.issue(0, QStringLiteral("References"), QStringLiteral("minor"),
                QStringLiteral("%1 retrieved %2 corroborate the claims; the evidence base is thin.")
                    .arg(m.evidencePapers == 0 ? QStringLiteral("No") : QStringLiteral("Only one"),
                         m.evidencePapers == 1 ? QStringLiteral("paper") : QStringLiteral("papers")));
}

// SYNTHESIZER: does the draft answer the question (coverage by specific terms and the question's
// named terms), is it a synthesis at all (claim count), and does it state honestly what the run
// measured (disclosure).
void synthesizer(const Measures &m, const ReviewRequest &r, Scorer &s)
{
    if (m.coverageKnown) {
        const CoverageReport &c = *r.coverage;
        s.signal(QStringLiteral("question_coverage"), pct(c.weightShare), 4.0 * (1.0 - c.weightShare),
                 QStringLiteral("4.0 x share of the question's specific weight (IDF) that no claim covers; covered: %1")
                     .arg(c.covered.isEmpty() ? QStringLiteral("nothing") : c.covered.join(QStringLiteral(", "))));
        s.signal(QStringLiteral("question_named_terms"), QStringLiteral("%1 uncovered").arg(c.uncoveredRequired.size()),
                 std::min(4.5, 1.5 * c.uncoveredRequired.size()),
                 QStringLiteral("1.5 per named method, model, dataset or benchmark of the question that no claim mentions "
                                "(cap 4.5): %1").arg(c.uncoveredRequired.isEmpty() ? QStringLiteral("none")
                                                                                    : c.uncoveredRequired.join(QStringLiteral(", "))));
        if (!c.addressed)
            s.issue(0, QStringLiteral("1 Introduction"), QStringLiteral("critical"),
                    QStringLiteral("The claims do not address the research question (%1; %2 of its specific weight covered).")
                        .arg(c.notCoveredText().isEmpty() ? QStringLiteral("too little of it covered") : c.notCoveredText(),
                             pct(c.weightShare)));
    }
    const double count = m.j.shown == 0 ? 4.0 : (m.j.shown < 3 ? 1.5 : 0.0);
    s.signal(QStringLiteral("claim_count"), QString::number(m.j.shown), count, QStringLiteral("4.0 with no claim, 1.5 with fewer than 3"));
    if (m.j.shown > 0 && m.j.shown < 3)
        s.issue(0, ClaimsSection, QStringLiteral("minor"), QStringLiteral("Only %1 claims: too few to synthesise.").arg(m.j.shown));
    const DisclosureCheck d = checkDisclosure(m.j, r.coverage, r.sections.value(QStringLiteral("uncertainties")).toString());
    const int faults = int(d.missing.size() + d.overclaim.size());
    s.signal(QStringLiteral("uncertainty_disclosure"),
             faults == 0 ? QStringLiteral("complete") : QStringLiteral("%1 missing, %2 overclaimed").arg(d.missing.size()).arg(d.overclaim.size()),
             std::min(3.0, 0.75 * faults),
             QStringLiteral("0.75 per weakness this run measured that Uncertainties does not disclose, and per statement "
                            "the run contradicts (cap 3.0)"));
    if (!d.missing.isEmpty())
        s.issue(0, QStringLiteral("4 Uncertainties"), QStringLiteral("major"),
                QStringLiteral("Uncertainties does not disclose %1.").arg(d.missing.join(QStringLiteral("; "))));
    if (!d.overclaim.isEmpty())
        s.issue(0, QStringLiteral("4 Uncertainties"), QStringLiteral("major"),
                QStringLiteral("Uncertainties claims %1, which this run did not measure.").arg(d.overclaim.join(QStringLiteral("; "))));
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
                      .arg(Models::toText(r.role), QString::number(r.round), r.question, contentTermWords(r.question).join(QStringLiteral(", ")),
                           QString::number(r.settings.verifyThreshold), QString::number(r.settings.approveAt),
                           QString::number(r.settings.reviseAt));
    if (r.coverage)
        out += QStringLiteral("QUESTION COVERAGE: %1 of the specific weight covered; addressed=%2%3\n")
                   .arg(QString::number(r.coverage->weightShare * 100.0, 'f', 0) + u'%',
                        r.coverage->addressed ? QStringLiteral("yes") : QStringLiteral("no"),
                        r.coverage->notCovered.isEmpty() ? QString() : QStringLiteral("; ") + r.coverage->notCoveredText());
    out += QStringLiteral("CLAIMS:\n");
    for (const Claim &c : r.claims) {
        if (c.status == ClaimStatus::Dropped)
            continue;
        const ClaimChecks k = ClaimChecks::fromJson(c.checks);
        out += QStringLiteral("  [%1] %2 | verified=%3 confidence=%4 status=%5 question_terms=%6 evidence_paper=%7%8\n")
                   .arg(QString::number(c.ordinal), c.text, c.effectiveVerified() ? QStringLiteral("yes") : QStringLiteral("no"),
                        QString::number(c.confidence, 'f', 3), Models::toText(c.status),
                        k.questionTerms.isEmpty() ? QStringLiteral("none") : k.questionTerms.join(u'/'),
                        QString::number(c.evidencePaperId),
                        k.flags().isEmpty() ? QString() : QStringLiteral(" | ") + k.flags().join(QStringLiteral("; ")));
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
    // A critical issue caps the role below APPROVE: its score stops just under the approval line.
    if (s.hasCritical() && review.score >= request.settings.approveAt)
        review.score = std::max(0.0, std::floor((request.settings.approveAt - 0.01) * 100.0) / 100.0);
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
