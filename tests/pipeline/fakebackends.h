#pragma once

// Test doubles for the run tests: a planner, a fusion and a verifier whose answers the test
// scripts, plus backends that fail or hang. The searcher is the real CorpusSearcher over a small
// corpus written by the test.

#include "pipeline/run/backends.h"
#include "pipeline/run/localbackends.h"

#include "models/storage/corpusstore.h"

#include <QThread>

#include <atomic>
#include <functional>

namespace Sovereign::Test {

using namespace Qt::StringLiterals;

class FakePlanner final : public Pipeline::QueryPlanner
{
public:
    QString backend() const override { return u"fake"_s; }
    Models::Result<QList<Models::SearchQuery>> plan(const QString &question, const QString &title, int count,
                                                    const Pipeline::CancelFlag &) override
    {
        const QStringList texts{question, title, question.section(u' ', 0, 2), title + u' ' + question};
        QList<Models::SearchQuery> out;
        for (int i = 0; i < count && i < texts.size(); ++i) {
            Models::SearchQuery q;
            q.ordinal = i + 1;
            q.strategy = u"fake-%1"_s.arg(i + 1);
            q.text = texts.at(i);
            out.append(q);
        }
        return out;
    }
};

// Round-robin merge, first appearance wins: enough to exercise the run (RRF is tested elsewhere).
inline QList<Models::RunPaper> interleave(const QList<QList<Pipeline::RankedHit>> &lists, int, int topK)
{
    QList<Models::RunPaper> out;
    QSet<qint64> seen;
    for (int rank = 0;; ++rank) {
        bool any = false;
        for (const auto &l : lists) {
            if (rank >= l.size())
                continue;
            any = true;
            const qint64 id = l.at(rank).paperId;
            if (seen.contains(id) || out.size() >= topK)
                continue;
            seen.insert(id);
            Models::RunPaper p;
            p.paperId = id;
            p.fusedRank = int(out.size() + 1);
            p.rrfScore = 1.0 / (60 + rank + 1);
            out.append(p);
        }
        if (!any)
            break;
    }
    return out;
}

// Scores each claim with a function of its text; the first evidence paper is the evidence.
class ScriptedVerifier final : public Pipeline::Verifier
{
public:
    explicit ScriptedVerifier(std::function<double(const QString &)> score) : m_score(std::move(score)) {}
    Models::Result<Pipeline::VerificationOutcome> verify(const QStringList &claims, const QList<Models::Paper> &evidence,
                                                         double threshold, const Pipeline::CancelFlag &) override
    {
        Pipeline::VerificationOutcome out;
        out.passageCount = int(evidence.size());
        for (const QString &c : claims) {
            Pipeline::ClaimCheckResult r;
            r.confidence = evidence.isEmpty() ? 0 : m_score(c);
            r.verified = r.confidence >= threshold;
            if (r.confidence > 0) {
                r.evidencePaperId = evidence.first().id;
                r.evidencePassage = evidence.first().abstract;
                r.evidenceSentence = evidence.first().abstract.section(u'.', 0, 0);
            }
            out.results.append(r);
        }
        return out;
    }

private:
    std::function<double(const QString &)> m_score;
};

class FailingVerifier final : public Pipeline::Verifier
{
public:
    Models::Result<Pipeline::VerificationOutcome> verify(const QStringList &, const QList<Models::Paper> &, double,
                                                         const Pipeline::CancelFlag &) override
    {
        return Models::fail(u"evidence index is corrupt"_s);
    }
};

// Blocks every search until the run is cancelled (or 5 s pass).
class HangingSearcher final : public Pipeline::Searcher
{
public:
    QString backend() const override { return u"hanging"_s; }
    Models::Result<QList<Pipeline::RankedHit>> search(const Models::SearchQuery &, int, const Pipeline::CancelFlag &cancel) override
    {
        for (int i = 0; i < 5000 && !Pipeline::isCancelled(cancel); ++i)
            QThread::msleep(1);
        return Models::fail(u"cancelled"_s);
    }
};

// Scores every candidate alike under a fixed name: enough for a run to re-rank with a named embedder.
class FixedReranker final : public Pipeline::Reranker
{
public:
    QString name() const override { return u"fixed-test-embedder"_s; }
    int dim() const override { return 16; }
    Models::Result<QHash<qint64, double>> similarity(const QString &, const QList<qint64> &paperIds,
                                                     const Pipeline::CancelFlag &) override
    {
        QHash<qint64, double> out;
        for (qint64 id : paperIds)
            out.insert(id, 0.5);
        return out;
    }
};

// Writes an Introduction that names its round, and counts how often it was asked.
class CountingSynthesizer final : public Pipeline::DraftSynthesizer
{
public:
    QString backend() const override { return u"counting"_s; }
    Models::Result<QString> introduction(const Pipeline::DraftInput &draft, const Pipeline::CancelFlag &) override
    {
        ++calls;
        return u"Synthesized introduction for round %1."_s.arg(draft.revisionRound);
    }
    std::atomic_int calls{0};
};

struct CorpusPaper
{
    const char *id;
    const char *title;
    const char *abstract;
};

// A tiny corpus on expert routing; the first paper is the usual source.
inline Models::Result<Models::UpsertCounts> writeCorpus(const std::shared_ptr<Models::Database> &db)
{
    const CorpusPaper papers[] = {
        {"2402.99001", "GateFlow: Scheduling Tokens Across Experts",
         "Sparse expert layers route most tokens to a few experts. We propose GateFlow, a token scheduler for "
         "mixture-of-experts inference. GateFlow raises decoding throughput by 1.8x compared with static top-2 "
         "routing. Token scheduling keeps accuracy within 0.3 points of the dense baseline on six tasks. The "
         "scheduler reduces expert load imbalance by 41% at 8 experts."},
        {"2401.00011", "Balanced Routing for Sparse Experts",
         "Load balancing losses shape how routers spread tokens. We find that balanced routing reduces expert "
         "load imbalance and raises throughput in mixture-of-experts inference."},
        {"2401.00012", "Token Schedulers for MoE Serving",
         "Token scheduling across experts improves serving throughput. Schedulers reorder tokens so that experts "
         "stay busy, raising decoding throughput over static routing."},
        {"2401.00013", "Router Latency in Expert Models",
         "Routers add latency per batch. We measure router overhead in sparse expert models at several scales."},
        {"2401.00014", "Gating Dynamics During Training",
         "Gates specialise early in training. Expert specialisation emerges and stabilises within the first "
         "tenth of training."},
        {"2401.00015", "Retrieval-Augmented Generation at Scale",
         "Retrieval improves factuality of generation. We study retrieval depth and passage ranking."},
    };
    QList<Models::Paper> list;
    for (const CorpusPaper &p : papers) {
        Models::Paper paper;
        paper.arxivId = QString::fromLatin1(p.id);
        paper.latestVersion = u"v1"_s;
        paper.title = QString::fromLatin1(p.title);
        paper.abstract = QString::fromLatin1(p.abstract);
        paper.categories = {u"cs.LG"_s};
        paper.primaryCategory = u"cs.LG"_s;
        list.append(paper);
    }
    return Models::CorpusStore(db).upsert(list);
}

inline Pipeline::Backends testBackends(const std::shared_ptr<Models::Database> &db,
                                       std::function<double(const QString &)> score)
{
    Pipeline::Backends b;
    b.planner = std::make_shared<FakePlanner>();
    b.searcher = std::make_shared<Pipeline::CorpusSearcher>(db);
    b.fuse = interleave;
    b.verifier = std::make_shared<ScriptedVerifier>(std::move(score));
    return b;
}

} // namespace Sovereign::Test
