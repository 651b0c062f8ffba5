#pragma once

// Fixed inputs shared by the pipeline stage tests: a draft about a fictional router ("GateFlow")
// with claims whose verification results are set by hand, so each test controls the signals.

#include "pipeline/compose/composer.h"
#include "pipeline/review/reviewer.h"
#include "pipeline/verify/judgment.h"

#include <QDate>

namespace Sovereign::Test {

using namespace Qt::StringLiterals;

struct ClaimSpec
{
    const char *text;
    bool verified;
    double confidence;
    qint64 evidencePaper; // 0: none
    bool addresses;
};

inline QList<Models::Claim> makeClaims(std::initializer_list<ClaimSpec> specs)
{
    QList<Models::Claim> out;
    int ordinal = 0;
    for (const ClaimSpec &s : specs) {
        Models::Claim c;
        c.ordinal = ++ordinal;
        c.text = c.originalText = QString::fromUtf8(s.text);
        c.verified = s.verified;
        c.confidence = s.confidence;
        c.evidencePaperId = s.evidencePaper;
        c.evidencePassage = s.evidencePaper ? u"A passage of paper %1."_s.arg(s.evidencePaper) : QString();
        c.addressesQuestion = s.addresses;
        out.append(c);
    }
    return out;
}

// Ten claims, three verified, two address the question, three with no evidence.
inline QList<Models::Claim> mixedClaims()
{
    return makeClaims({
        {"GateFlow significantly outperforms static routing on every benchmark.", false, 0.04, 0, false},
        {"GateFlow reduces expert load imbalance by 41% at 8 experts.", true, 0.22, 11, true},
        {"Token scheduling raises throughput by 1.8x on a single GPU.", true, 0.31, 12, true},
        {"The router adds 3 ms of latency per batch.", false, 0.09, 13, false},
        {"GateFlow is the first scheduler with formal fairness guarantees.", false, 0.02, 0, false},
        {"Accuracy on six tasks matches the dense baseline within 0.3 points.", true, 0.18, 11, false},
        {"Training converges 20% faster than with top-2 gating.", false, 0.11, 14, false},
        {"Expert specialisation emerges in the first 5% of training.", false, 0.07, 12, false},
        {"Code and checkpoints are public.", false, 0.01, 0, false},
        {"Shared experts reduce variance across seeds.", false, 0.06, 13, false},
    });
}

inline QList<Pipeline::DraftReference> fixtureReferences()
{
    return {{11, u"2401.00011"_s, u"Balanced routing"_s, u"https://arxiv.org/abs/2401.00011v1"_s},
            {12, u"2401.00012"_s, u"Token schedulers"_s, u"https://arxiv.org/abs/2401.00012v2"_s},
            {13, u"2401.00013"_s, u"Router latency"_s, u"https://arxiv.org/abs/2401.00013v1"_s},
            {14, u"2401.00014"_s, u"Gating dynamics"_s, u"https://arxiv.org/abs/2401.00014v1"_s}};
}

inline Pipeline::DraftInput fixtureDraftInput(const QList<Models::Claim> &claims)
{
    Pipeline::DraftInput in;
    in.question = u"Does token scheduling in GateFlow improve MoE inference throughput over static routing?"_s;
    in.sourceTitle = u"GateFlow: Scheduling Tokens Across Experts"_s;
    in.sourceRef = u"2402.99001"_s;
    in.sourceAbstract = u"Sparse expert models waste compute when routers overload a few experts. We propose GateFlow, "
                        "a scheduler that rebalances tokens across experts."_s;
    in.date = QDate(2026, 5, 28);
    in.queries = {u"gateflow token scheduling"_s, u"moe inference throughput"_s, u"static routing experts"_s,
                  u"\"token scheduling\" GateFlow"_s};
    in.papersRetrieved = 12;
    in.corpusSize = 320;
    in.evidencePassages = 41;
    in.embedderName = u"local-tfidf-svd-128"_s;
    in.embedderDim = 128;
    in.claims = claims;
    in.references = fixtureReferences();
    return in;
}

// Document frequencies of the fixture's field (320 papers): "MoE" and "experts" are field words.
inline QHash<QString, qint64> fixtureFrequencies()
{
    return {{u"moe"_s, 290}, {u"experts"_s, 300}, {u"expert"_s, 310}, {u"token"_s, 60}, {u"scheduling"_s, 12},
            {u"gateflow"_s, 3}, {u"improve"_s, 90}, {u"inference"_s, 70}, {u"throughput"_s, 40}, {u"static"_s, 20},
            {u"routing"_s, 150}};
}

// The claims judged as the run judges them (question coverage and checks), and the coverage.
inline Pipeline::CoverageReport judgeFixture(QList<Models::Claim> &claims, const QString &question)
{
    const Pipeline::JudgmentContext ctx = Pipeline::judgmentContext(question, QString(), fixtureFrequencies(), 320);
    return Pipeline::judgeClaims(claims, ctx);
}

inline Pipeline::ReviewRequest fixtureRequest(QList<Models::Claim> claims, int round = 0)
{
    Pipeline::DraftInput in = fixtureDraftInput(claims);
    const Pipeline::CoverageReport coverage = judgeFixture(claims, in.question);
    in.claims = claims;
    in.coverage = coverage;
    const Pipeline::ComposedDraft d = Pipeline::composeDraft(in);
    Pipeline::ReviewRequest r;
    r.round = round;
    r.question = fixtureDraftInput(claims).question;
    r.questionTerms = {u"token"_s, u"schedul"_s, u"gateflow"_s, u"inference"_s, u"throughput"_s};
    r.draftTitle = d.title;
    r.draftBody = d.body;
    r.sections = d.sections;
    for (const Models::Claim &c : claims)
        if (c.status != Models::ClaimStatus::Dropped)
            r.claims.append(c);
    r.references = fixtureReferences();
    r.coverage = coverage;
    return r;
}

} // namespace Sovereign::Test
