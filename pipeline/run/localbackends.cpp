#include "localbackends.h"

#include "pipeline/retrieval/embedder.h"

#include "pipeline/retrieval/fusion.h"
#include "pipeline/retrieval/queryplanner.h"
#include "pipeline/verify/verifier.h"

#include "models/storage/corpusstore.h"

#include <QRegularExpression>

namespace Sovereign::Pipeline {

CorpusSearcher::CorpusSearcher(std::shared_ptr<Models::Database> db) : m_db(std::move(db))
{
    if (auto n = Models::CorpusStore(m_db).count())
        m_corpusSize = int(*n);
}

Result<QList<RankedHit>> CorpusSearcher::search(const Models::SearchQuery &query, int limit, const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    auto hits = Models::CorpusStore::search(m_db->connection(), query.text, limit);
    if (!hits)
        return Models::fail(hits.error());
    QList<RankedHit> out;
    for (const Models::CorpusHit &h : std::as_const(*hits))
        out.append({h.paperId, h.arxivId, h.score});
    return out;
}

Result<QList<Models::SearchQuery>> LocalQueryPlanner::plan(const QString &question, const QString &sourceTitle, int count,
                                                           const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    Models::CorpusStore corpus(m_db);
    auto planned = planQueries(corpus, question, sourceTitle);
    if (!planned)
        return Models::fail(planned.error());
    QList<Models::SearchQuery> out;
    for (const PlannedQuery &p : std::as_const(*planned)) {
        if (out.size() >= count)
            break;
        Models::SearchQuery q;
        q.ordinal = p.ordinal;
        q.strategy = p.strategy;
        q.text = p.text;
        q.backend = QStringLiteral("local");
        out.append(q);
    }
    return out;
}

Result<VerificationOutcome> TfidfVerifier::verify(const QStringList &claims, const QList<Models::Paper> &evidence,
                                                  double threshold, const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    const QList<EvidencePassage> passages = passagesFromPapers(evidence);
    const VerificationResult r = verifyClaims(passages, claims, threshold);
    VerificationOutcome out;
    out.passageCount = int(passages.size());
    for (const ClaimVerdict &v : r.verdicts)
        out.results.append({v.verified, v.confidence, v.evidencePaperId, v.passage, v.sentence});
    return out;
}

QList<Models::RunPaper> fuseByReciprocalRank(const QList<QList<RankedHit>> &lists, int rrfK, int topK)
{
    static const QRegularExpression version(QStringLiteral("v\\d+$"));
    QList<QList<FusionInput>> inputs;
    for (const QList<RankedHit> &l : lists) {
        QList<FusionInput> in;
        for (const RankedHit &h : l)
            in.append({QString(h.arxivId).remove(version), h.paperId});
        inputs.append(in);
    }
    QList<Models::RunPaper> out;
    for (const FusedItem &f : reciprocalRankFusion(inputs, rrfK, topK)) {
        Models::RunPaper p;
        p.paperId = f.paperId;
        p.fusedRank = f.fusedRank;
        p.rrfScore = f.score;
        p.finalRank = f.fusedRank;
        out.append(p);
    }
    return out;
}

QString LocalEmbedderReranker::name() const { return LocalEmbedder::nameFor(EmbedderOptions{}.dim); }
int LocalEmbedderReranker::dim() const { return EmbedderOptions{}.dim; }

Result<QHash<qint64, double>> LocalEmbedderReranker::similarity(const QString &queryText,
                                                                 const QList<qint64> &paperIds,
                                                                 const CancelFlag &cancel)
{
    Models::CorpusStore corpus(m_db);
    auto fitted = ensureLocalEmbedder(corpus);
    if (!fitted)
        return Models::fail(QStringLiteral("local embedder: %1").arg(fitted.error()));
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    return semanticScores(corpus, *fitted->embedder, queryText, paperIds);
}

Backends localBackends(const std::shared_ptr<Models::Database> &db)
{
    Backends b;
    b.planner = std::make_shared<LocalQueryPlanner>(db);
    b.searcher = std::make_shared<CorpusSearcher>(db);
    b.fuse = fuseByReciprocalRank;
    b.verifier = std::make_shared<TfidfVerifier>();
    b.reranker = std::make_shared<LocalEmbedderReranker>(db);
    return b;
}

} // namespace Sovereign::Pipeline
