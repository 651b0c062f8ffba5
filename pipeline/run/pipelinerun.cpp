#include "pipelinerun.h"
#include "roundstages.h"

#include "pipeline/retrieval/embedder.h"

#include "pipeline/compose/composer.h"
#include "pipeline/publish/publicrecord.h"
#include "pipeline/review/policy.h"
#include "pipeline/review/rulereviewers.h"

#include "models/storage/corpusstore.h"
#include "models/storage/store.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::Pipeline {

using namespace Models;

Result<QList<ClaimCandidate>> RuleClaimExtractor::extract(const ExtractionRequest &r, const CancelFlag &cancel)
{
    if (isCancelled(cancel))
        return fail(QStringLiteral("cancelled"));
    return extractClaims(r.text, r.maxClaims, r.minScore);
}

QString Backends::missing() const
{
    QStringList m;
    if (!planner) m.append(QStringLiteral("query planner"));
    if (!searcher) m.append(QStringLiteral("searcher"));
    if (!fuse) m.append(QStringLiteral("fusion"));
    if (!extractor) m.append(QStringLiteral("claim extractor"));
    if (!verifier) m.append(QStringLiteral("verifier"));
    if (!reviewers) m.append(QStringLiteral("reviewers"));
    if (!reviser) m.append(QStringLiteral("reviser"));
    return m.join(QStringLiteral(", "));
}

// ---- source and request ----------------------------------------------------------------------

Result<ResolvedSource> resolveSource(const std::shared_ptr<Database> &db, const QString &source)
{
    const QString ref = source.trimmed();
    if (ref.isEmpty())
        return fail(QStringLiteral("no source given: pass an arXiv id from the corpus or a .txt/.md file"));
    const QFileInfo fi(ref);
    const bool looksLikeFile = fi.exists() || ref.contains(u'/') || ref.endsWith(QStringLiteral(".txt")) ||
                               ref.endsWith(QStringLiteral(".md"));
    if (!looksLikeFile) {
        CorpusStore corpus(db);
        auto paper = corpus.paperByArxivId(ref);
        if (!paper)
            return fail(paper.error());
        if (!*paper)
            return fail(QStringLiteral("unknown source '%1': no paper with that arXiv id in the corpus (import it with "
                                       "`sovereign corpus import`, or pass a .txt/.md file)").arg(ref));
        const Paper &p = **paper;
        ResolvedSource s;
        s.paperId = p.id;
        s.ref = p.arxivId;
        s.title = p.title;
        s.abstract = p.abstract;
        s.text = p.abstract;
        s.url = p.absUrl();
        return s;
    }
    if (!fi.exists())
        return fail(QStringLiteral("source file '%1' does not exist").arg(ref));
    if (!fi.isFile())
        return fail(QStringLiteral("source '%1' is not a regular file").arg(ref));
    QFile f(fi.absoluteFilePath());
    if (!f.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read source file '%1': %2").arg(ref, f.errorString()));
    if (f.size() > 8 * 1024 * 1024)
        return fail(QStringLiteral("source file '%1' is larger than 8 MiB").arg(ref));
    const QByteArray bytes = f.readAll();
    QString text = QString::fromUtf8(bytes);
    if (text.contains(QChar::ReplacementCharacter) || bytes.contains('\0'))
        return fail(QStringLiteral("source file '%1' is not UTF-8 text").arg(ref));
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    if (text.trimmed().isEmpty())
        return fail(QStringLiteral("source file '%1' is empty").arg(ref));
    ResolvedSource s;
    s.isFile = true;
    s.ref = fi.absoluteFilePath();
    // Title: the first line (a Markdown heading's text), else the file name.
    QStringList lines = text.split(u'\n');
    while (!lines.isEmpty() && lines.first().trimmed().isEmpty())
        lines.removeFirst();
    QString first = lines.isEmpty() ? QString() : lines.first().trimmed();
    if (first.startsWith(u'#')) {
        while (first.startsWith(u'#'))
            first.remove(0, 1);
        lines.removeFirst();
        s.title = first.trimmed();
    } else {
        s.title = fi.completeBaseName();
    }
    s.text = lines.join(u'\n').trimmed();
    // Abstract: an "Abstract" section if there is one, else the first paragraph.
    const QStringList paragraphs = s.text.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < paragraphs.size(); ++i) {
        const QString p = paragraphs.at(i).trimmed();
        if (p.compare(QStringLiteral("abstract"), Qt::CaseInsensitive) == 0 ||
            p.compare(QStringLiteral("## abstract"), Qt::CaseInsensitive) == 0) {
            s.abstract = paragraphs.value(i + 1).simplified();
            break;
        }
    }
    if (s.abstract.isEmpty() && !paragraphs.isEmpty())
        s.abstract = paragraphs.first().startsWith(u'#') && paragraphs.size() > 1 ? paragraphs.at(1).simplified()
                                                                                  : paragraphs.first().simplified();
    return s;
}

Result<Run> prepareRun(const std::shared_ptr<Database> &db, const RunRequest &request)
{
    const QString question = request.question.simplified();
    if (question.isEmpty())
        return fail(QStringLiteral("the research question is empty"));
    auto source = resolveSource(db, request.source);
    if (!source)
        return fail(source.error());
    Run run;
    run.question = question;
    run.sourceRef = source->ref;
    run.sourcePaperId = source->paperId;
    run.sourceTitle = source->title;
    run.sourceText = source->text;
    QJsonObject config = request.settings.toJson();
    config.insert(QStringLiteral("source"), QJsonObject{{QStringLiteral("kind"), source->isFile ? QStringLiteral("file")
                                                                                               : QStringLiteral("corpus")},
                                                        {QStringLiteral("abstract"), source->abstract},
                                                        {QStringLiteral("url"), source->url}});
    run.config = config;
    run.status = RunStatus::Queued;
    Store store(db);
    if (auto id = store.createRun(run); !id)
        return fail(id.error());
    return run;
}

// ---- the run ---------------------------------------------------------------------------------

QList<DraftReference> referencesFor(const QList<Claim> &claims, const QList<Paper> &papers, const Run &run,
                                    const QString &sourceUrl)
{
    QList<DraftReference> refs;
    QSet<qint64> seen;
    if (run.sourcePaperId != 0 && !sourceUrl.isEmpty()) {
        refs.append({run.sourcePaperId, run.sourceRef, run.sourceTitle, sourceUrl});
        seen.insert(run.sourcePaperId);
    }
    QSet<qint64> evidence;
    for (const Claim &c : claims)
        if (c.status != ClaimStatus::Dropped && c.evidencePaperId != 0)
            evidence.insert(c.evidencePaperId);
    for (const Paper &p : papers) // papers are in final rank order
        if (evidence.contains(p.id) && !seen.contains(p.id)) {
            refs.append({p.id, p.arxivId, p.title, p.absUrl()});
            seen.insert(p.id);
        }
    return refs;
}

Result<JudgmentContext> judgmentContextFor(const CorpusStore &corpus, const Run &run, const QList<Claim> &claims,
                                           const PipelineSettings &settings)
{
    QStringList texts;
    for (const Claim &c : claims)
        texts << c.text << c.evidencePassage;
    auto n = corpus.count();
    if (!n)
        return fail(n.error());
    auto df = corpus.documentFrequencies(judgmentLookupWords(run.question, texts));
    if (!df)
        return fail(df.error());
    return judgmentContext(run.question, run.sourceText, *df, *n, settings.coverage);
}

QList<Claim> shownClaims(const QList<Claim> &claims)
{
    QList<Claim> out;
    for (const Claim &c : claims)
        if (c.status != ClaimStatus::Dropped)
            out.append(c);
    return out;
}

namespace {

QString roundReason(int round)
{
    return round == 0 ? QStringLiteral("initial draft") : QStringLiteral("revision round %1").arg(round);
}

// Stage 1: the planned queries.
StageResult<QList<SearchQuery>> planQueries(const Backends &backends, const Run &run, const PipelineSettings &settings,
                                            const CancelFlag &cancel, RunEvents &events)
{
    const QString stage = QStringLiteral("plan");
    events.started(stage);
    auto planned = backends.planner->plan(run.question, run.sourceTitle, settings.queryCount, cancel);
    if (!planned)
        return stageError(stage, planned.error());
    if (planned->isEmpty())
        return stageError(stage, QStringLiteral("no query could be formed from the question and the title"));
    QStringList texts;
    for (const SearchQuery &q : std::as_const(*planned))
        texts.append(q.text);
    events.finished(stage, {}, QStringLiteral("%1 queries").arg(planned->size()),
                    {{QStringLiteral("queries"), QJsonArray::fromStringList(texts)}});
    if (isCancelled(cancel))
        return stageError(stage, QStringLiteral("cancelled"));
    return *planned;
}

// Stage 2: every query at once, one ranked list per query (empty for a query that failed).
StageResult<QList<QList<RankedHit>>> searchAll(const Backends &backends, QList<SearchQuery> &queries,
                                               const PipelineSettings &settings, const CancelFlag &cancel,
                                               RunEvents &events)
{
    const QString stage = QStringLiteral("search");
    events.started(stage, {}, QStringLiteral("%1 parallel searches (%2)").arg(queries.size()).arg(backends.searcher->backend()));
    QList<QFuture<Result<QList<RankedHit>>>> futures;
    for (const SearchQuery &q : std::as_const(queries)) {
        const QString lane = QStringLiteral("query-%1").arg(q.ordinal);
        events.started(stage, lane, q.text);
        futures.append(QtConcurrent::run([&backends, &events, stage, q, lane, limit = settings.hitsPerQuery, cancel]() {
            auto r = backends.searcher->search(q, limit, cancel);
            if (r)
                events.finished(stage, lane, QStringLiteral("%1 hits").arg(r->size()), {{QStringLiteral("hits"), int(r->size())}});
            else
                events.failed(stage, lane, r.error());
            return r;
        }));
    }
    QList<QList<RankedHit>> lists;
    QStringList errors;
    for (qsizetype i = 0; i < futures.size(); ++i) {
        futures[i].waitForFinished();
        const auto r = futures.at(i).result();
        queries[i].backend = backends.searcher->backend();
        lists.append(r ? *r : QList<RankedHit>());
        if (!r)
            errors.append(QStringLiteral("query %1: %2").arg(i + 1).arg(r.error()));
    }
    if (isCancelled(cancel))
        return stageError(stage, QStringLiteral("cancelled"));
    if (errors.size() == futures.size())
        return stageError(stage, errors.join(QStringLiteral("; ")));
    events.finished(stage, {}, QStringLiteral("%1 of %2 queries answered").arg(futures.size() - errors.size()).arg(futures.size()));
    return lists;
}

// One run from its stored row to its public record. Each stage stores its output as soon as it
// exists; the first failing stage ends the run and keeps what was stored before it.
class RunExecution
{
public:
    RunExecution(const std::shared_ptr<Database> &db, const Backends &backends, Run run, const CancelFlag &cancel,
                 RunEvents &events)
        : m_db(db), m_backends(backends), m_cancel(cancel), m_events(events), m_store(db), m_run(std::move(run)),
          m_settings(PipelineSettings::fromJson(m_run.config))
    {
        m_out.runId = m_run.id;
        m_out.srchId = m_run.srchId;
    }

    RunOutcome execute();

private:
    StageResult<RetrievalFacts> retrieve();
    StageResult<RetrievalFacts> mergeAndIndex(QList<SearchQuery> &queries, const QList<QList<RankedHit>> &lists);
    StageResult<DraftInput> extractAndVerify(const RoundContext &ctx);
    StageResult<ComposedDraft> storeFirstRound(const RoundContext &ctx, const DraftInput &input);
    StageResult<TribunalOutcome> reviewAndRevise(const RoundContext &ctx, DraftInput &current, ComposedDraft &composed);
    StageStatus applyPolicy(const RoundContext &ctx, const DraftInput &current, const TribunalOutcome &verdict);
    StageStatus autoApprove(const PolicyDecision &decision);
    RunOutcome finish(RunStatus status, const QString &stage, const QString &error);
    RunOutcome stageFailed(const StageError &e);

    std::shared_ptr<Database> m_db;
    const Backends &m_backends;
    const CancelFlag &m_cancel;
    RunEvents &m_events;
    Store m_store;
    Run m_run;
    const PipelineSettings m_settings;
    Draft m_draft;
    RunOutcome m_out;
};

RunOutcome RunExecution::execute()
{
    m_run.status = RunStatus::Running;
    m_run.startedAt = QDateTime::currentDateTimeUtc();
    m_events.started(QStringLiteral("run"), {}, QStringLiteral("%1: %2").arg(m_run.srchId, m_run.question));
    if (auto ok = m_store.updateRun(m_run); !ok)
        return stageFailed({QStringLiteral("run"), ok.error()});
    // Remote backends relay their waits and notices into this run's events while it lasts.
    struct EventsAttachment
    {
        const Backends &backends;
        ~EventsAttachment()
        {
            if (backends.attachEvents)
                backends.attachEvents(nullptr);
        }
    } attachment{m_backends};
    if (m_backends.attachEvents)
        m_backends.attachEvents(&m_events);
    if (const QString missing = m_backends.missing(); !missing.isEmpty())
        return stageFailed({QStringLiteral("plan"), QStringLiteral("the run has no %1 backend").arg(missing)});

    auto facts = retrieve();
    if (!facts)
        return stageFailed(facts.error());
    const RoundContext ctx = roundContext(m_db, m_backends, m_cancel, m_events, m_run, *facts);
    auto first = extractAndVerify(ctx);
    if (!first)
        return stageFailed(first.error());
    DraftInput current = *first;
    auto composed = storeFirstRound(ctx, current);
    if (!composed)
        return stageFailed(composed.error());
    auto verdict = reviewAndRevise(ctx, current, *composed);
    if (!verdict)
        return stageFailed(verdict.error());
    if (auto ok = applyPolicy(ctx, current, *verdict); !ok)
        return stageFailed(ok.error());
    if (auto ok = finishRecord(ctx, m_draft.id); !ok)
        return stageFailed(ok.error());
    if (auto fresh = m_store.draft(m_draft.id))
        m_draft = *fresh;
    m_out.score = verdict->score;
    m_out.verdict = verdict->verdict;
    m_out.revisionRound = current.revisionRound;
    m_out.qualityTier = m_draft.qualityTier;
    return finish(RunStatus::Succeeded, QStringLiteral("run"), QString());
}

// Stages 1 to 4: plan, search, merge, semantic index; the search results are stored.
StageResult<RetrievalFacts> RunExecution::retrieve()
{
    auto queries = planQueries(m_backends, m_run, m_settings, m_cancel, m_events);
    if (!queries)
        return std::unexpected(queries.error());
    auto lists = searchAll(m_backends, *queries, m_settings, m_cancel, m_events);
    if (!lists)
        return std::unexpected(lists.error());
    return mergeAndIndex(*queries, *lists);
}

StageResult<RetrievalFacts> RunExecution::mergeAndIndex(QList<SearchQuery> &queries, const QList<QList<RankedHit>> &lists)
{
    m_events.started(QStringLiteral("merge"));
    QList<RunPaper> merged = m_backends.fuse(lists, m_settings.rrfK, m_settings.topK);
    QList<SearchHit> hits;
    for (qsizetype i = 0; i < lists.size(); ++i)
        for (qsizetype r = 0; r < lists.at(i).size(); ++r)
            hits.append({queries.at(i).ordinal, int(r + 1), lists.at(i).at(r).paperId, lists.at(i).at(r).score});
    m_events.finished(QStringLiteral("merge"), {}, QStringLiteral("%1 hits fused into %2 papers").arg(hits.size()).arg(merged.size()));

    RetrievalFacts facts;
    for (const SearchQuery &q : std::as_const(queries))
        facts.queries.append(q.text);
    facts.corpusSize = m_backends.searcher->corpusSize();
    facts.papersRetrieved = int(merged.size());
    if (m_backends.reranker && m_settings.semanticRerank && !merged.isEmpty()) {
        m_events.started(QStringLiteral("index"), {}, m_backends.reranker->name());
        QList<qint64> ids;
        for (const RunPaper &p : std::as_const(merged))
            ids.append(p.paperId);
        auto sims = m_backends.reranker->similarity(m_run.question + u' ' + m_run.sourceTitle, ids, m_cancel);
        if (!sims)
            return stageError(QStringLiteral("index"), sims.error());
        // Blend, not replace: the semantic score re-ranks what fusion found (embedder.h).
        applySemanticRerank(merged, *sims);
        facts.embedderName = m_backends.reranker->name();
        facts.embedderDim = m_backends.reranker->dim();
        m_events.finished(QStringLiteral("index"), {}, QStringLiteral("%1 papers re-ranked").arg(merged.size()));
    } else {
        m_events.log(QStringLiteral("index"), QStringLiteral("semantic re-ranking skipped"));
    }
    for (qsizetype i = 0; i < merged.size(); ++i)
        merged[i].finalRank = int(i + 1);
    if (auto ok = m_store.saveSearch(m_run.id, queries, hits, merged); !ok)
        return stageError(QStringLiteral("merge"), ok.error());
    QList<qint64> paperIds;
    for (const RunPaper &p : std::as_const(merged))
        paperIds.append(p.paperId);
    auto papers = CorpusStore(m_db).papers(paperIds);
    if (!papers)
        return stageError(QStringLiteral("merge"), papers.error());
    facts.papers = *papers;
    if (isCancelled(m_cancel))
        return stageError(QStringLiteral("index"), QStringLiteral("cancelled"));
    return facts;
}

// Stages 5 and 6: the source's claims, verified against the retrieved evidence; round 0's input.
StageResult<DraftInput> RunExecution::extractAndVerify(const RoundContext &ctx)
{
    m_events.started(QStringLiteral("extract"), {}, m_backends.extractor->backend());
    auto candidates = m_backends.extractor->extract(
        {m_run.sourceTitle, m_run.sourceText, m_run.question, m_settings.maxClaims, m_settings.minClaimScore}, m_cancel);
    if (!candidates)
        return stageError(QStringLiteral("extract"), candidates.error());
    m_events.finished(QStringLiteral("extract"), {}, QStringLiteral("%1 claims").arg(candidates->size()));

    m_events.started(QStringLiteral("verify"));
    QList<Claim> claims;
    for (qsizetype i = 0; i < candidates->size(); ++i) {
        Claim c;
        c.round = 0;
        c.ordinal = int(i + 1);
        c.text = c.originalText = candidates->at(i).text;
        claims.append(c);
    }
    QList<qsizetype> all;
    for (qsizetype i = 0; i < claims.size(); ++i)
        all.append(i);
    auto passages = verifyClaims(ctx, claims, all);
    if (!passages)
        return stageError(QStringLiteral("verify"), passages.error());
    // Judgment beyond the cosine: question coverage by specific terms, numbers against the source,
    // evidence that disagrees or is about another subject. The question's profile is stored with the run.
    auto coverage = judgeRound(ctx, claims);
    if (!coverage)
        return stageError(QStringLiteral("verify"), coverage.error());
    m_run.config.insert(QStringLiteral("question_profile"), ctx.judgment->profile.toJson());
    if (auto ok = m_store.updateRun(m_run); !ok)
        return stageError(QStringLiteral("verify"), ok.error());
    m_events.log(QStringLiteral("verify"), QStringLiteral("question coverage: %1 of the specific weight%2")
                                               .arg(QString::number(coverage->weightShare * 100.0, 'f', 0) + u'%',
                                                    coverage->notCovered.isEmpty() ? QString() : QStringLiteral("; ") + coverage->notCoveredText()));
    checkStances(ctx, claims, QStringLiteral("verify"));
    int verified = 0;
    for (const Claim &c : std::as_const(claims))
        verified += c.verified ? 1 : 0;
    m_events.finished(QStringLiteral("verify"), {}, QStringLiteral("%1 of %2 verified against %3 passages")
                                                       .arg(verified).arg(claims.size()).arg(*passages));
    if (isCancelled(m_cancel))
        return stageError(QStringLiteral("verify"), QStringLiteral("cancelled"));

    m_events.started(QStringLiteral("compose"));
    auto input = composeRound(ctx, claims, 0, *passages, *coverage, QStringLiteral("compose"));
    if (!input)
        return std::unexpected(input.error());
    m_draft.claimsExtracted = int(claims.size());
    m_draft.claimsVerified = verified;
    return *input;
}

// Stage 7: the draft row, round 0's claims and its first text.
StageResult<ComposedDraft> RunExecution::storeFirstRound(const RoundContext &ctx, const DraftInput &input)
{
    const QString stage = QStringLiteral("compose");
    const ComposedDraft composed = composeDraft(input);
    m_draft.runId = m_run.id;
    m_draft.title = composed.title;
    m_draft.question = m_run.question;
    m_draft.state = DraftState::Running;
    m_draft.papersRetrieved = input.papersRetrieved;
    if (auto id = ctx.store.createDraft(m_draft); !id)
        return stageError(stage, id.error());
    QList<Claim> claims = input.claims;
    if (auto ok = ctx.store.saveClaims(m_draft.id, 0, claims); !ok)
        return stageError(stage, ok.error());
    DraftRevision rev0{0, m_draft.id, 0, composed.body, composed.sections, std::nullopt, std::nullopt,
                       QStringLiteral("initial draft"), {}};
    if (auto ok = ctx.store.saveRevision(rev0); !ok)
        return stageError(stage, ok.error());
    m_out.draftId = m_draft.id;
    m_events.finished(stage, {}, QStringLiteral("draft %1").arg(m_draft.id), {{QStringLiteral("draft_id"), m_draft.id}});
    return composed;
}

// Stages 8 and 9: the tribunal, and revision rounds while it asks for them; the last verdict.
StageResult<TribunalOutcome> RunExecution::reviewAndRevise(const RoundContext &ctx, DraftInput &current,
                                                          ComposedDraft &composed)
{
    while (true) {
        auto tribunal = reviewRound(ctx, m_draft.id, current, composed);
        if (!tribunal)
            return std::unexpected(tribunal.error());
        current.rounds.append({tribunal->score, tribunal->verdict});
        const bool wantsRevision = tribunal->verdict == Verdict::Revise ||
                                   (tribunal->verdict == Verdict::Reject && m_settings.reviseOnReject);
        // With no reviewer answering there is nothing to revise against.
        if (!wantsRevision || current.revisionRound >= m_settings.maxRevisionRounds ||
            tribunal->failures.size() == tribunal->reviews.size())
            return *tribunal;
        auto next = reviseRound(ctx, m_draft, current, tribunal->reviews, {}, {});
        if (!next)
            return std::unexpected(next.error());
        if (!next->changed) {
            // Nothing to re-score: the round stands, and the draft says the revision changed nothing.
            current.revisionNotes = next->input.revisionNotes;
            return *tribunal;
        }
        // The earlier round's text now records that it was superseded.
        DraftInput superseded = current;
        superseded.policyPending = true;
        const ComposedDraft old = composeDraft(superseded);
        DraftRevision r{0, m_draft.id, current.revisionRound, old.body, old.sections, tribunal->score, tribunal->verdict,
                        roundReason(current.revisionRound), {}};
        if (auto ok = ctx.store.saveRevision(r); !ok)
            return stageError(QStringLiteral("revise"), ok.error());
        current = next->input;
        composed = next->composed;
    }
}

// Stage 10: the policy on the last verdict; AUTO_APPROVE publishes.
StageStatus RunExecution::applyPolicy(const RoundContext &ctx, const DraftInput &current, const TribunalOutcome &verdict)
{
    const QString stage = QStringLiteral("policy");
    m_events.started(stage);
    const PolicyDecision decision = roundPolicy(ctx, verdict, shownClaims(current.claims), current.coverage);
    if (auto ok = finishRound(ctx, m_draft, current, verdict, decision.policy, decision.reason,
                              roundReason(current.revisionRound));
        !ok)
        return ok;
    QJsonArray gates;
    for (const GateResult &g : decision.gates)
        gates.append(QJsonObject{{QStringLiteral("gate"), g.gate}, {QStringLiteral("failed"), g.failed}, {QStringLiteral("detail"), g.detail}});
    if (decision.policy == Policy::AutoApprove)
        if (auto ok = autoApprove(decision); !ok)
            return ok;
    m_out.policy = decision.policy;
    m_out.policyReason = decision.reason;
    m_events.finished(stage, {}, QStringLiteral("%1: %2").arg(toText(decision.policy), decision.reason),
                      {{QStringLiteral("policy"), toText(decision.policy)}, {QStringLiteral("gates"), gates}});
    return {};
}

StageStatus RunExecution::autoApprove(const PolicyDecision &decision)
{
    const QString stage = QStringLiteral("policy");
    if (m_backends.autoApprove) {
        if (auto ok = m_backends.autoApprove(m_draft.id, decision.reason); !ok)
            return stageError(stage, ok.error());
    } else {
        // No publication layer connected: record the decision and publish here.
        const QSqlDatabase conn = m_db->connection();
        Transaction tx(conn);
        Decision d{0, m_draft.id, DecisionAction::AutoApprove, m_settings.actor, decision.reason, QDateTime::currentDateTimeUtc()};
        if (auto id = m_store.insertDecision(conn, d); !id)
            return stageError(stage, id.error());
        m_draft.state = DraftState::AutoApproved;
        m_draft.publishedAt = d.decidedAt;
        if (auto ok = m_store.updateDraft(m_draft); !ok)
            return stageError(stage, ok.error());
        if (auto ok = tx.commit(); !ok)
            return stageError(stage, ok.error());
    }
    auto fresh = m_store.draft(m_draft.id);
    if (!fresh)
        return stageError(stage, fresh.error());
    m_draft = *fresh;
    return {};
}

// Ends the run; what was stored stays stored. A failure to store the end is said, not swallowed.
RunOutcome RunExecution::finish(RunStatus status, const QString &stage, const QString &error)
{
    m_out.status = status;
    m_out.failedStage = status == RunStatus::Succeeded ? QString() : stage;
    m_out.error = error;
    m_run.status = status;
    m_run.error = status == RunStatus::Failed ? QStringLiteral("%1: %2").arg(stage, error) : error;
    m_run.finishedAt = QDateTime::currentDateTimeUtc();
    if (status == RunStatus::Succeeded)
        m_events.finished(QStringLiteral("run"), {}, QStringLiteral("%1 \u2192 %2").arg(
                                                         m_out.verdict ? toText(*m_out.verdict) : QString(),
                                                         m_out.policy ? toText(*m_out.policy) : QString()));
    else if (status == RunStatus::Cancelled)
        m_events.emitEvent(EventKind::Cancelled, QStringLiteral("run"), {}, QStringLiteral("cancelled during %1").arg(stage));
    else
        m_events.failed(QStringLiteral("run"), {}, m_run.error);
    QStringList unstored;
    if (m_draft.id != 0 && status != RunStatus::Succeeded) {
        m_draft.state = DraftState::Failed;
        m_draft.policyReason = m_run.error;
        if (auto ok = m_store.updateDraft(m_draft); !ok)
            unstored.append(ok.error());
    }
    if (auto ok = m_store.updateRun(m_run); !ok)
        unstored.append(ok.error());
    if (!unstored.isEmpty()) {
        const QString why = QStringLiteral("the run's end could not be stored: %1").arg(unstored.join(QStringLiteral("; ")));
        m_events.failed(QStringLiteral("run"), {}, why);
        if (m_out.status == RunStatus::Succeeded) {
            m_out.status = RunStatus::Failed;
            m_out.failedStage = QStringLiteral("record");
        }
        m_out.error = m_out.error.isEmpty() ? why : m_out.error + QStringLiteral("; ") + why;
    }
    m_events.flush();
    m_out.elapsedMs = m_events.elapsedMs();
    m_out.draftId = m_draft.id;
    return m_out;
}

// A stage ends in failure or cancellation: record it on its lane and end the run.
RunOutcome RunExecution::stageFailed(const StageError &e)
{
    if (isCancelled(m_cancel) || e.error == QStringLiteral("cancelled")) {
        m_events.emitEvent(EventKind::Cancelled, e.stage, {}, QStringLiteral("cancelled"));
        return finish(RunStatus::Cancelled, e.stage, QStringLiteral("cancelled"));
    }
    m_events.failed(e.stage, {}, e.error);
    return finish(RunStatus::Failed, e.stage, e.error);
}

} // namespace

RunOutcome executeRun(const std::shared_ptr<Database> &db, const Backends &backends, Run run, const CancelFlag &cancel,
                      RunEvents &events)
{
    return RunExecution(db, backends, std::move(run), cancel, events).execute();
}

} // namespace Sovereign::Pipeline
