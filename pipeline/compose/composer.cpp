#include "composer.h"

#include "pipeline/verify/claimchecks.h"

#include <QJsonArray>
#include <QLocale>

namespace Sovereign::Pipeline {

using Models::Claim;
using Models::ClaimStatus;

QString formatScore(double score) { return QString::number(score, 'f', 2); }
QString kernelLine() { return QStringLiteral("SOVEREIGN Research Kernel"); }
QString draftNotice() { return QStringLiteral("Autonomous draft \u2014 Owner review required before publication"); }

namespace {

QString listOrdinals(const QList<int> &ordinals)
{
    QStringList parts;
    for (int o : ordinals)
        parts.append(QString::number(o));
    return parts.join(QStringLiteral(", "));
}

QString plural(int n, const QString &one, const QString &many) { return n == 1 ? one : many; }

QString backendSentence(const PipelineSettings &s, const DraftInput &in)
{
    QStringList parts;
    const QString queries = QString::number(in.queries.size());
    if (s.backends.search == QStringLiteral("local")) {
        parts.append(QStringLiteral("Search: %1 parallel %2 of the local corpus (SQLite FTS5, bm25%3), %4 hits each, "
                                    "merged by reciprocal-rank fusion (k=%5), de-duplicated by arXiv id, top %6 kept.")
                         .arg(queries, plural(int(in.queries.size()), QStringLiteral("query"), QStringLiteral("queries")),
                              in.corpusSize > 0 ? QStringLiteral("; %1 papers").arg(in.corpusSize) : QString(),
                              QString::number(s.hitsPerQuery), QString::number(s.rrfK), QString::number(s.topK)));
    } else {
        parts.append(QStringLiteral("Search: %1 %2 through the %3 backend, merged by reciprocal-rank fusion (k=%4), "
                                    "de-duplicated by arXiv id, top %5 kept.")
                         .arg(queries, plural(int(in.queries.size()), QStringLiteral("query"), QStringLiteral("queries")),
                              s.backends.search, QString::number(s.rrfK), QString::number(s.topK)));
    }
    if (!in.embedderName.isEmpty())
        parts.append(QStringLiteral("Semantic re-ranking: %1 embedder %2 (dim=%3).")
                         .arg(s.backends.embed, in.embedderName, QString::number(in.embedderDim)));
    else
        parts.append(QStringLiteral("Semantic re-ranking: not applied in this run."));
    parts.append(QStringLiteral("Claim extraction: %1 extractor, at most %2 claims.")
                     .arg(s.backends.extractor == QStringLiteral("rules") ? QStringLiteral("rule-based sentence-scoring")
                                                                          : s.backends.extractor,
                          QString::number(s.maxClaims)));
    parts.append(QStringLiteral("Verification: TF-IDF cosine over word unigrams and bigrams against %1 evidence "
                                "passages from the retrieved papers%2, threshold=%3.")
                     .arg(QString::number(in.evidencePassages),
                          s.excludeSourceFromEvidence ? QStringLiteral(" (the source paper excluded)") : QString(),
                          QString::number(s.verifyThreshold, 'g', 4)));
    parts.append(QStringLiteral("Tribunal v2: 3-role parallel review (SKEPTIC/VALIDATOR/SYNTHESIZER), %1 reviewers; "
                                "APPROVE at %2 or above, REVISE from %3, REJECT below; revision round if the score is "
                                "below %2%4 (at most %5 %6).")
                     .arg(s.backends.tribunal == QStringLiteral("rules") ? QStringLiteral("rule-based") : s.backends.tribunal,
                          QString::number(s.approveAt, 'f', 1), QString::number(s.reviseAt, 'f', 1),
                          s.reviseOnReject ? QString() : QStringLiteral(" and not a rejection"),
                          QString::number(s.maxRevisionRounds),
                          plural(s.maxRevisionRounds, QStringLiteral("round"), QStringLiteral("rounds"))));
    QStringList gates;
    if (s.gateQuestionAddressed)
        gates.append(QStringLiteral("the question addressed (every named term of the question covered by a claim and at "
                                    "least %1 of its IDF-weighted terms)")
                         .arg(QString::number(s.coverage.minWeightShare * 100.0, 'f', 0) + u'%'));
    if (s.gateMinVerifiedClaims > 0)
        gates.append(QStringLiteral("at least %1 verified %2").arg(QString::number(s.gateMinVerifiedClaims),
                                                                    plural(s.gateMinVerifiedClaims, QStringLiteral("claim"), QStringLiteral("claims"))));
    if (s.gateMinVerifiedShare > 0)
        gates.append(QStringLiteral("at least %1 of the claims verified and corroborated")
                         .arg(QString::number(s.gateMinVerifiedShare * 100.0, 'f', 0) + u'%'));
    if (s.gateEvidenceDisagrees)
        gates.append(QStringLiteral("no claim disputed by its evidence"));
    parts.append(QStringLiteral("Policy: AUTO_APPROVE only for APPROVE%1.")
                     .arg(gates.isEmpty() ? QString() : QStringLiteral(" with ") + gates.join(QStringLiteral(" and "))));
    return parts.join(u' ');
}

// What the composer says about a round's claims: the shown ones and their counts.
struct ClaimTally
{
    QList<const Claim *> shown;
    int dropped = 0, softened = 0, verified = 0, total = 0;
    QList<int> unverifiedOrdinals, addressingOrdinals; // 1-based among the shown claims
    QList<int> disputed, otherSubject, numbersOff;
    QStringList disputeDetails, subjectDetails, numberDetails;
    bool unanswered = false;  // the question's coverage says the draft does not answer it
    QString notAddressed;     // what of the question the claims leave out, in words
};

ClaimTally tallyClaims(const DraftInput &in)
{
    ClaimTally t;
    for (const Claim &c : in.claims) {
        if (c.status == ClaimStatus::Dropped) {
            ++t.dropped;
            continue;
        }
        t.shown.append(&c);
        if (c.status == ClaimStatus::Softened)
            ++t.softened;
        const int ordinal = int(t.shown.size());
        if (c.effectiveVerified())
            ++t.verified;
        else
            t.unverifiedOrdinals.append(ordinal);
        if (c.addressesQuestion)
            t.addressingOrdinals.append(ordinal);
        const ClaimChecks k = ClaimChecks::fromJson(c.checks);
        if (k.disagreement) {
            t.disputed.append(ordinal);
            t.disputeDetails.append(QStringLiteral("claim %1: %2").arg(QString::number(ordinal), k.disagreement->detail));
        }
        if (k.differentSubject && c.effectiveVerified()) {
            t.otherSubject.append(ordinal);
            t.subjectDetails.append(QStringLiteral("claim %1: %2").arg(QString::number(ordinal), k.differentSubject->text()));
        }
        if (!k.numbersNotInSource.isEmpty()) {
            t.numbersOff.append(ordinal);
            t.numberDetails.append(QStringLiteral("claim %1: %2").arg(QString::number(ordinal), k.numbersNotInSource.join(QStringLiteral(", "))));
        }
    }
    t.total = int(t.shown.size());
    t.unanswered = in.coverage && !in.coverage->addressed && !t.shown.isEmpty();
    if (in.coverage)
        t.notAddressed = in.coverage->notCovered.isEmpty()
            ? QStringLiteral("most of the question (the claims cover %1 of its specific terms' weight)")
                  .arg(QString::number(in.coverage->weightShare * 100.0, 'f', 0) + u'%')
            : in.coverage->notCovered.join(QStringLiteral(", "));
    return t;
}

// Results: retrieval and claim counts, the tribunal's history and the policy.
QString resultsSection(const DraftInput &in, const ClaimTally &t)
{
    QString results = QStringLiteral("%1 %2 retrieved. ").arg(QString::number(in.papersRetrieved),
                                                              plural(in.papersRetrieved, QStringLiteral("paper"), QStringLiteral("papers")));
    if (t.dropped > 0 || t.softened > 0)
        results += QStringLiteral("%1 claims extracted; the revision dropped %2 and softened %3; %4 remain, %5 verified. ")
                       .arg(QString::number(t.total + t.dropped), QString::number(t.dropped), QString::number(t.softened),
                            QString::number(t.total), QString::number(t.verified));
    else
        results += QStringLiteral("%1 %2 extracted, %3 verified. ")
                       .arg(QString::number(t.total), plural(t.total, QStringLiteral("claim"), QStringLiteral("claims")),
                            QString::number(t.verified));
    if (in.rounds.isEmpty()) {
        results += QStringLiteral("Tribunal: pending (revision_round=%1).").arg(in.revisionRound);
    } else {
        QStringList history;
        for (qsizetype r = 0; r + 1 < in.rounds.size(); ++r)
            history.append(QStringLiteral("round %1 %2/10 \u2192 %3").arg(QString::number(r), formatScore(in.rounds.at(r).first),
                                                                        Models::toText(in.rounds.at(r).second)));
        const auto &last = in.rounds.constLast();
        results += QStringLiteral("Tribunal: %1%2/10 \u2192 %3 (revision_round=%4).")
                       .arg(history.isEmpty() ? QString() : history.join(QStringLiteral("; ")) + QStringLiteral("; now "),
                            formatScore(last.first), Models::toText(last.second), QString::number(in.revisionRound));
    }
    if (in.policyPending)
        results += QStringLiteral(" Policy: not applied to this revision (superseded by revision round %1).").arg(in.revisionRound + 1);
    else if (in.policy)
        results += QStringLiteral(" Policy: %1%2.").arg(Models::toText(*in.policy),
                                                        in.policyReason.isEmpty() ? QString() : QStringLiteral(" (") + in.policyReason + u')');
    else
        results += QStringLiteral(" Policy: pending.");

    return results;
}

// Uncertainties, derived from the run, never boilerplate.
QString uncertaintiesSection(const DraftInput &in, const ClaimTally &t)
{
    QStringList unc;
    if (t.total == 0)
        unc.append(QStringLiteral("No claim-like sentence was found in the source, so nothing could be checked."));
    else if (!t.unverifiedOrdinals.isEmpty())
        unc.append(QStringLiteral("%1 of %2 claims %3 unverified: %4 best TF-IDF cosine against the retrieved evidence is "
                                  "below %5 (%6 %7).")
                       .arg(QString::number(t.unverifiedOrdinals.size()), QString::number(t.total),
                            plural(int(t.unverifiedOrdinals.size()), QStringLiteral("is"), QStringLiteral("are")),
                            plural(int(t.unverifiedOrdinals.size()), QStringLiteral("its"), QStringLiteral("their")),
                            QString::number(in.settings.verifyThreshold, 'g', 4),
                            plural(int(t.unverifiedOrdinals.size()), QStringLiteral("claim"), QStringLiteral("claims")),
                            listOrdinals(t.unverifiedOrdinals)));
    else
        unc.append(QStringLiteral("All %1 claims reach the verification threshold (%2), but TF-IDF cosine measures shared "
                                  "wording, not entailment: a verified claim is corroborated lexically only.")
                       .arg(QString::number(t.total), QString::number(in.settings.verifyThreshold, 'g', 4)));
    if (in.settings.backends.search == QStringLiteral("local"))
        unc.append(QStringLiteral("The search covered only the local corpus%1, not arXiv; relevant work outside it is missing "
                                  "from the evidence.")
                       .arg(in.corpusSize > 0 ? QStringLiteral(" (%1 papers)").arg(in.corpusSize) : QString()));
    else
        unc.append(QStringLiteral("The %1 search ranks by relevance to the query wording, so other query variants could "
                                  "retrieve different evidence.").arg(in.settings.backends.search));
    if (in.settings.backends.tribunal == QStringLiteral("rules"))
        unc.append(QStringLiteral("The tribunal is rule-based: it scores measurable signals of this draft (verification, "
                                  "grounding, coverage, disclosure), not the scientific merit of the source."));
    else
        unc.append(QStringLiteral("Tribunal reviews come from the %1 backend and are sensitive to its prompts and model.")
                       .arg(in.settings.backends.tribunal));
    if (t.unanswered)
        unc.append(QStringLiteral("The source does not address %1, so this draft does not answer the research question; the "
                                  "claims cover %2 of the question's specific (IDF-weighted) terms.")
                       .arg(t.notAddressed, QString::number(in.coverage->weightShare * 100.0, 'f', 0) + u'%'));
    else if (in.coverage && t.total > 0)
        unc.append(QStringLiteral("Question coverage: the claims cover %1 of the question's specific (IDF-weighted) terms%2; "
                                  "%3 of %4 claims address it (%5 %6).")
                       .arg(QString::number(in.coverage->weightShare * 100.0, 'f', 0) + u'%',
                            in.coverage->uncovered.isEmpty() ? QString()
                                                             : QStringLiteral(" (not covered: %1)").arg(in.coverage->uncovered.join(QStringLiteral(", "))),
                            QString::number(t.addressingOrdinals.size()), QString::number(t.total),
                            plural(int(t.addressingOrdinals.size()), QStringLiteral("claim"), QStringLiteral("claims")),
                            t.addressingOrdinals.isEmpty() ? QStringLiteral("none") : listOrdinals(t.addressingOrdinals)));
    else if (t.total > 0 && t.addressingOrdinals.isEmpty())
        unc.append(QStringLiteral("No extracted claim addresses the research question directly; the draft describes the "
                                  "source rather than answering the question."));
    else if (t.total > 0)
        unc.append(QStringLiteral("Question coverage: %1 of %2 claims share key terms with the question (%3 %4).")
                       .arg(QString::number(t.addressingOrdinals.size()), QString::number(t.total),
                            plural(int(t.addressingOrdinals.size()), QStringLiteral("claim"), QStringLiteral("claims")),
                            listOrdinals(t.addressingOrdinals)));
    if (!t.disputed.isEmpty())
        unc.append(QStringLiteral("The evidence disagrees with %1 (%2); %3 not counted as verified for approval.")
                       .arg(plural(int(t.disputed.size()), QStringLiteral("claim ") + listOrdinals(t.disputed),
                                   QStringLiteral("claims ") + listOrdinals(t.disputed)),
                            t.disputeDetails.join(QStringLiteral("; ")),
                            plural(int(t.disputed.size()), QStringLiteral("it is"), QStringLiteral("they are"))));
    if (!t.otherSubject.isEmpty())
        unc.append(QStringLiteral("%1 verified by similar wording about a different subject (%2); the cosine rule counts %3 as "
                                  "verified, but %4 not corroborated.")
                       .arg(plural(int(t.otherSubject.size()), QStringLiteral("Claim ") + listOrdinals(t.otherSubject) + QStringLiteral(" is"),
                                   QStringLiteral("Claims ") + listOrdinals(t.otherSubject) + QStringLiteral(" are")),
                            t.subjectDetails.join(QStringLiteral("; ")),
                            plural(int(t.otherSubject.size()), QStringLiteral("it"), QStringLiteral("them")),
                            plural(int(t.otherSubject.size()), QStringLiteral("it is"), QStringLiteral("they are"))));
    if (!t.numbersOff.isEmpty())
        unc.append(QStringLiteral("Numbers not in the source: %1.").arg(t.numberDetails.join(QStringLiteral("; "))));
    if (in.papersRetrieved < in.settings.topK)
        unc.append(QStringLiteral("Only %1 of the %2 papers asked for were retrieved, so the evidence base is thin.")
                       .arg(QString::number(in.papersRetrieved), QString::number(in.settings.topK)));
    unc += in.revisionNotes;
    return unc.join(u' ');
}

} // namespace

ComposedDraft composeDraft(const DraftInput &in)
{
    ComposedDraft out;
    out.title = QStringLiteral("SOVEREIGN: ") + in.question.simplified();
    const QString date = QLocale(QLocale::English, QLocale::UnitedStates).toString(in.date, QStringLiteral("MMMM d, yyyy"));

    const ClaimTally tally = tallyClaims(in);

    // ---- Introduction -----------------------------------------------------------------------
    const QString sourceName = in.sourceIsFile ? QStringLiteral("the local document \u201c%1\u201d (%2)").arg(in.sourceTitle, in.sourceRef)
                                               : QStringLiteral("\u201c%1\u201d (arXiv:%2)").arg(in.sourceTitle, in.sourceRef);
    const QString introduction = !in.introduction.trimmed().isEmpty() ? in.introduction.trimmed() :
        QStringLiteral("This draft examines %1 with respect to the research question: %2 It extracts the source's "
                       "central claims, checks each one against the literature retrieved for the question, and reports "
                       "how far that evidence carries them.")
            .arg(sourceName, in.question.simplified());
    const QString introductionText = tally.unanswered
        ? introduction + QStringLiteral(" The source does not address %1: the claims below describe the source, they do not "
                                        "answer the question.").arg(tally.notAddressed)
        : introduction;

    // ---- Methodology ------------------------------------------------------------------------
    QString methodology = QStringLiteral("Query planning: %1 query %2 from the question and the source title (%3 planner). ")
                              .arg(QString::number(in.queries.size()),
                                   plural(int(in.queries.size()), QStringLiteral("variant"), QStringLiteral("variants")),
                                   in.settings.backends.planner) +
                          backendSentence(in.settings, in);
    for (const QString &note : in.methodologyNotes)
        methodology += u' ' + note;

    const QString results = resultsSection(in, tally);
    const QString uncertainties = uncertaintiesSection(in, tally);

    // ---- Claims table and references ---------------------------------------------------------
    QJsonArray claimRows;
    QString claimTable = QStringLiteral("Claim\tVerified\tConfidence\n");
    for (const Claim *c : std::as_const(tally.shown)) {
        const bool v = c->effectiveVerified();
        const QString conf = QString::number(c->confidence, 'f', 2);
        claimTable += QString(c->text).replace(u'\t', u' ').replace(u'\n', u' ') + u'\t' +
                      (v ? QStringLiteral("\u2713") : QStringLiteral("\u00d7")) + u'\t' + conf + u'\n';
        const ClaimChecks k = ClaimChecks::fromJson(c->checks);
        claimRows.append(QJsonObject{{QStringLiteral("claim"), c->text},
                                     {QStringLiteral("verified"), v},
                                     {QStringLiteral("confidence"), conf.toDouble()},
                                     {QStringLiteral("status"), Models::toText(c->status)},
                                     {QStringLiteral("covers"), QJsonArray::fromStringList(k.questionTerms)},
                                     {QStringLiteral("flags"), QJsonArray::fromStringList(k.flags())}});
    }
    QJsonArray refs;
    QString refText;
    for (const DraftReference &r : in.references) {
        refs.append(r.url);
        refText += QStringLiteral("- <") + r.url + QStringLiteral(">\n");
    }
    if (in.references.isEmpty())
        refText = QStringLiteral("(no retrieved paper served as evidence)\n");

    const QString abstract = in.sourceAbstract.trimmed().isEmpty() ? QStringLiteral("(the source has no abstract)")
                                                                   : in.sourceAbstract.simplified();
    out.sections = {
        {QStringLiteral("title"), out.title},
        {QStringLiteral("kernel"), kernelLine()},
        {QStringLiteral("notice"), draftNotice()},
        {QStringLiteral("date"), date},
        {QStringLiteral("abstract"), abstract},
        {QStringLiteral("introduction"), introductionText},
        {QStringLiteral("methodology"), methodology},
        {QStringLiteral("results"), results},
        {QStringLiteral("uncertainties"), uncertainties},
        {QStringLiteral("claims"), claimRows},
        {QStringLiteral("references"), refs},
    };
    if (in.coverage)
        out.sections.insert(QStringLiteral("question_coverage"), in.coverage->toJson());
    out.body = QStringLiteral("\n\n") + out.title + QStringLiteral("\n\n") + kernelLine() + QStringLiteral("\n\n") +
               draftNotice() + QStringLiteral("\n\n") + date + QStringLiteral("\n\nAbstract\n\n") + abstract +
               QStringLiteral("\n\n1 Introduction\n\n") + introductionText + QStringLiteral("\n\n2 Methodology\n\n") +
               methodology + QStringLiteral("\n\n3 Results\n\n") + results + QStringLiteral("\n\n4 Uncertainties\n\n") +
               uncertainties + QStringLiteral("\n\n5 Extracted Claims\n\n") + claimTable +
               QStringLiteral("\nReferences\n\n") + refText;
    return out;
}

} // namespace Sovereign::Pipeline
