#include "pipelinerun.h"

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
#include <QMap>
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

// Stage 6b, the stance check (when configured): a labelled second signal per claim, with a quote
// checked against the passage. A (claim, passage) pair is asked about once per run; a claim
// carried unchanged into the next round keeps its label.
struct StanceCheck
{
    QHash<QString, ClaimStance> cache;
    QString summary; // the Methodology sentence
};

void checkStances(const Backends &backends, RunEvents &events, const QString &question, QList<Claim> &list,
                  const QString &stage, StanceCheck &state, const CancelFlag &cancel)
{
    if (!backends.stance)
        return;
    events.started(stage, QStringLiteral("stance"), backends.stance->backend());
    struct Pending
    {
        qsizetype index;
        QString key;
        QFuture<Result<ClaimStance>> future;
    };
    QList<Pending> pending;
    for (qsizetype i = 0; i < list.size(); ++i) {
        Claim &c = list[i];
        if (c.status == ClaimStatus::Dropped || c.evidencePassage.trimmed().isEmpty() || c.stance)
            continue;
        const QString key = c.text + QChar(0x1f) + c.evidencePassage;
        if (const auto hit = state.cache.constFind(key); hit != state.cache.cend())
            c.stance = *hit;
        else
            pending.append({i, key, backends.stance->check(question, c.text, c.evidencePassage, cancel)});
    }
    for (Pending &p : pending) {
        p.future.waitForFinished();
        ClaimStance st;
        if (p.future.resultCount() == 0 || !p.future.result()) {
            st.label = QStringLiteral("NOT_ENOUGH_INFO");
            st.status = QStringLiteral("failed");
            st.note = p.future.resultCount() == 0 ? QStringLiteral("no result") : p.future.result().error();
        } else {
            st = *p.future.result();
        }
        st.backend = backends.stance->backend();
        st.paperId = list.at(p.index).evidencePaperId;
        list[p.index].stance = st;
        state.cache.insert(p.key, st);
    }
    QMap<QString, int> counts;
    for (const Claim &c : std::as_const(list)) {
        if (c.status == ClaimStatus::Dropped || !c.stance)
            continue;
        counts[c.stance->usable() ? c.stance->label : c.stance->status] += 1;
    }
    QStringList parts;
    for (const auto &[name, label] : {std::pair{QStringLiteral("SUPPORTS"), QStringLiteral("SUPPORTS")},
                                      std::pair{QStringLiteral("REFUTES"), QStringLiteral("REFUTES")},
                                      std::pair{QStringLiteral("NOT_ENOUGH_INFO"), QStringLiteral("NOT_ENOUGH_INFO")},
                                      std::pair{QStringLiteral("ungrounded"), QStringLiteral("ungrounded (quote not in the passage, discarded)")},
                                      std::pair{QStringLiteral("failed"), QStringLiteral("no usable answer")}}) {
        if (counts.value(name) > 0)
            parts.append(QStringLiteral("%1 %2").arg(counts.value(name)).arg(label));
    }
    state.summary = parts.isEmpty() ? QString()
                                    : QStringLiteral("Stance check (%1, a second signal beside the cosine): %2.")
                                          .arg(backends.stance->backend(), parts.join(QStringLiteral(", ")));
    events.finished(stage, QStringLiteral("stance"), parts.join(QStringLiteral(", ")),
                    {{QStringLiteral("asked"), int(pending.size())}});
}

} // namespace

RunOutcome executeRun(const std::shared_ptr<Database> &db, const Backends &backends, Run run, const CancelFlag &cancel,
                      RunEvents &events)
{
    Store store(db);
    CorpusStore corpus(db);
    const PipelineSettings settings = PipelineSettings::fromJson(run.config);
    const QJsonObject sourceInfo = run.config.value(QStringLiteral("source")).toObject();
    RunOutcome out;
    out.runId = run.id;
    out.srchId = run.srchId;
    Draft draft;

    run.status = RunStatus::Running;
    run.startedAt = QDateTime::currentDateTimeUtc();
    (void)store.updateRun(run);
    events.started(QStringLiteral("run"), {}, QStringLiteral("%1: %2").arg(run.srchId, run.question));
    // Remote backends relay their waits and notices into this run's events while it lasts.
    struct EventsAttachment
    {
        const Backends &backends;
        ~EventsAttachment()
        {
            if (backends.attachEvents)
                backends.attachEvents(nullptr);
        }
    } attachment{backends};
    if (backends.attachEvents)
        backends.attachEvents(&events);

    // Ends the run; what was stored stays stored.
    const auto finish = [&](RunStatus status, const QString &stage, const QString &error) {
        out.status = status;
        out.failedStage = status == RunStatus::Succeeded ? QString() : stage;
        out.error = error;
        run.status = status;
        run.error = status == RunStatus::Failed ? QStringLiteral("%1: %2").arg(stage, error) : error;
        run.finishedAt = QDateTime::currentDateTimeUtc();
        if (status == RunStatus::Succeeded)
            events.finished(QStringLiteral("run"), {}, QStringLiteral("%1 \u2192 %2").arg(
                                                           out.verdict ? toText(*out.verdict) : QString(),
                                                           out.policy ? toText(*out.policy) : QString()));
        else if (status == RunStatus::Cancelled)
            events.emitEvent(EventKind::Cancelled, QStringLiteral("run"), {}, QStringLiteral("cancelled during %1").arg(stage));
        else
            events.failed(QStringLiteral("run"), {}, run.error);
        if (draft.id != 0 && status != RunStatus::Succeeded) {
            draft.state = DraftState::Failed;
            draft.policyReason = run.error;
            (void)store.updateDraft(draft);
        }
        (void)store.updateRun(run);
        events.flush();
        out.elapsedMs = events.elapsedMs();
        out.draftId = draft.id;
        return out;
    };
    // A stage ends in failure or cancellation: record it on its lane and end the run.
    const auto stageFailed = [&](const QString &stage, const QString &error) {
        if (isCancelled(cancel) || error == QStringLiteral("cancelled")) {
            events.emitEvent(EventKind::Cancelled, stage, {}, QStringLiteral("cancelled"));
            return finish(RunStatus::Cancelled, stage, QStringLiteral("cancelled"));
        }
        events.failed(stage, {}, error);
        return finish(RunStatus::Failed, stage, error);
    };
    if (const QString missing = backends.missing(); !missing.isEmpty())
        return stageFailed(QStringLiteral("plan"), QStringLiteral("the run has no %1 backend").arg(missing));

    // 1. plan ---------------------------------------------------------------------------------
    events.started(QStringLiteral("plan"));
    auto planned = backends.planner->plan(run.question, run.sourceTitle, settings.queryCount, cancel);
    if (!planned)
        return stageFailed(QStringLiteral("plan"), planned.error());
    if (planned->isEmpty())
        return stageFailed(QStringLiteral("plan"), QStringLiteral("no query could be formed from the question and the title"));
    QList<SearchQuery> queries = *planned;
    QStringList queryTexts;
    for (const SearchQuery &q : std::as_const(queries))
        queryTexts.append(q.text);
    events.finished(QStringLiteral("plan"), {}, QStringLiteral("%1 queries").arg(queries.size()),
                    {{QStringLiteral("queries"), QJsonArray::fromStringList(queryTexts)}});
    if (isCancelled(cancel))
        return stageFailed(QStringLiteral("plan"), QStringLiteral("cancelled"));

    // 2. search, all queries at once -----------------------------------------------------------
    events.started(QStringLiteral("search"), {}, QStringLiteral("%1 parallel searches (%2)").arg(queries.size()).arg(backends.searcher->backend()));
    QList<QFuture<Result<QList<RankedHit>>>> futures;
    for (const SearchQuery &q : std::as_const(queries)) {
        const QString lane = QStringLiteral("query-%1").arg(q.ordinal);
        events.started(QStringLiteral("search"), lane, q.text);
        futures.append(QtConcurrent::run([&backends, &events, q, lane, limit = settings.hitsPerQuery, cancel]() {
            QElapsedTimer t;
            t.start();
            auto r = backends.searcher->search(q, limit, cancel);
            if (r)
                events.finished(QStringLiteral("search"), lane, QStringLiteral("%1 hits").arg(r->size()),
                                {{QStringLiteral("hits"), int(r->size())}});
            else
                events.failed(QStringLiteral("search"), lane, r.error());
            return r;
        }));
    }
    QList<QList<RankedHit>> lists;
    QStringList searchErrors;
    for (qsizetype i = 0; i < futures.size(); ++i) {
        futures[i].waitForFinished();
        const auto r = futures.at(i).result();
        queries[i].backend = backends.searcher->backend();
        if (r)
            lists.append(*r);
        else {
            lists.append(QList<RankedHit>());
            searchErrors.append(QStringLiteral("query %1: %2").arg(i + 1).arg(r.error()));
        }
    }
    if (isCancelled(cancel))
        return stageFailed(QStringLiteral("search"), QStringLiteral("cancelled"));
    if (searchErrors.size() == futures.size())
        return stageFailed(QStringLiteral("search"), searchErrors.join(QStringLiteral("; ")));
    events.finished(QStringLiteral("search"), {}, QStringLiteral("%1 of %2 queries answered").arg(futures.size() - searchErrors.size()).arg(futures.size()));

    // 3. merge ---------------------------------------------------------------------------------
    events.started(QStringLiteral("merge"));
    QList<RunPaper> merged = backends.fuse(lists, settings.rrfK, settings.topK);
    QList<SearchHit> hits;
    for (qsizetype i = 0; i < lists.size(); ++i)
        for (qsizetype r = 0; r < lists.at(i).size(); ++r)
            hits.append({queries.at(i).ordinal, int(r + 1), lists.at(i).at(r).paperId, lists.at(i).at(r).score});
    events.finished(QStringLiteral("merge"), {}, QStringLiteral("%1 hits fused into %2 papers").arg(hits.size()).arg(merged.size()));

    // 4. semantic index (re-rank) --------------------------------------------------------------
    QString embedderName;
    int embedderDim = 0;
    if (backends.reranker && settings.semanticRerank && !merged.isEmpty()) {
        events.started(QStringLiteral("index"), {}, backends.reranker->name());
        QList<qint64> ids;
        for (const RunPaper &p : std::as_const(merged))
            ids.append(p.paperId);
        auto sims = backends.reranker->similarity(run.question + u' ' + run.sourceTitle, ids, cancel);
        if (!sims)
            return stageFailed(QStringLiteral("index"), sims.error());
        // Blend, not replace: the semantic score re-ranks what fusion found (embedder.h).
        applySemanticRerank(merged, *sims);
        embedderName = backends.reranker->name();
        embedderDim = backends.reranker->dim();
        events.finished(QStringLiteral("index"), {}, QStringLiteral("%1 papers re-ranked").arg(merged.size()));
    } else {
        events.log(QStringLiteral("index"), QStringLiteral("semantic re-ranking skipped"));
    }
    for (qsizetype i = 0; i < merged.size(); ++i)
        merged[i].finalRank = int(i + 1);
    if (auto ok = store.saveSearch(run.id, queries, hits, merged); !ok)
        return stageFailed(QStringLiteral("merge"), ok.error());
    QList<qint64> paperIds;
    for (const RunPaper &p : std::as_const(merged))
        paperIds.append(p.paperId);
    auto papers = corpus.papers(paperIds);
    if (!papers)
        return stageFailed(QStringLiteral("merge"), papers.error());
    if (isCancelled(cancel))
        return stageFailed(QStringLiteral("index"), QStringLiteral("cancelled"));

    // 5. extract -------------------------------------------------------------------------------
    events.started(QStringLiteral("extract"), {}, backends.extractor->backend());
    auto candidates = backends.extractor->extract(
        {run.sourceTitle, run.sourceText, run.question, settings.maxClaims, settings.minClaimScore}, cancel);
    if (!candidates)
        return stageFailed(QStringLiteral("extract"), candidates.error());
    events.finished(QStringLiteral("extract"), {}, QStringLiteral("%1 claims").arg(candidates->size()));

    // 6. verify --------------------------------------------------------------------------------
    events.started(QStringLiteral("verify"));
    QList<Paper> evidence;
    for (const Paper &p : std::as_const(*papers))
        if (!(settings.excludeSourceFromEvidence && p.id == run.sourcePaperId))
            evidence.append(p);
    QStringList claimTexts;
    for (const ClaimCandidate &c : std::as_const(*candidates))
        claimTexts.append(c.text);
    auto verification = backends.verifier->verify(claimTexts, evidence, settings.verifyThreshold, cancel);
    if (!verification)
        return stageFailed(QStringLiteral("verify"), verification.error());
    const QStringList questionTerms = contentTerms(run.question);
    QList<Claim> claims;
    for (qsizetype i = 0; i < candidates->size(); ++i) {
        const ClaimCheckResult check = verification->results.value(i);
        Claim c;
        c.round = 0;
        c.ordinal = int(i + 1);
        c.text = c.originalText = candidates->at(i).text;
        c.verified = check.verified;
        c.confidence = std::clamp(check.confidence, 0.0, 1.0);
        c.evidencePaperId = check.evidencePaperId;
        c.evidencePassage = check.evidencePassage;
        c.evidenceSentence = check.evidenceSentence;
        claims.append(c);
    }
    // Judgment beyond the cosine: question coverage by specific terms, numbers against the source,
    // evidence that disagrees or is about another subject. The question's profile is stored with the run.
    auto judgment = judgmentContextFor(corpus, run, claims, settings);
    if (!judgment)
        return stageFailed(QStringLiteral("verify"), judgment.error());
    CoverageReport coverage = judgeClaims(claims, *judgment);
    run.config.insert(QStringLiteral("question_profile"), judgment->profile.toJson());
    (void)store.updateRun(run);
    events.log(QStringLiteral("verify"), QStringLiteral("question coverage: %1 of the specific weight%2")
                                             .arg(QString::number(coverage.weightShare * 100.0, 'f', 0) + u'%',
                                                  coverage.notCovered.isEmpty() ? QString() : QStringLiteral("; ") + coverage.notCoveredText()));
    StanceCheck stance;
    if (!isCancelled(cancel))
        checkStances(backends, events, run.question, claims, QStringLiteral("verify"), stance, cancel);
    int verifiedCount = 0;
    for (const Claim &c : std::as_const(claims))
        verifiedCount += c.verified ? 1 : 0;
    events.finished(QStringLiteral("verify"), {}, QStringLiteral("%1 of %2 verified against %3 passages")
                                                     .arg(verifiedCount).arg(claims.size()).arg(verification->passageCount));
    if (isCancelled(cancel))
        return stageFailed(QStringLiteral("verify"), QStringLiteral("cancelled"));

    // 7. compose round 0 -----------------------------------------------------------------------
    events.started(QStringLiteral("compose"));
    DraftInput in;
    in.question = run.question;
    in.sourceTitle = run.sourceTitle;
    in.sourceRef = sourceInfo.value(QStringLiteral("kind")).toString() == QStringLiteral("file")
                       ? QFileInfo(run.sourceRef).fileName() : run.sourceRef;
    in.sourceAbstract = sourceInfo.value(QStringLiteral("abstract")).toString();
    in.sourceIsFile = run.sourcePaperId == 0;
    in.date = run.createdAt.isValid() ? run.createdAt.date() : QDate::currentDate();
    in.settings = settings;
    in.queries = queryTexts;
    in.papersRetrieved = int(merged.size());
    in.corpusSize = backends.searcher->corpusSize();
    in.evidencePassages = verification->passageCount;
    in.embedderName = embedderName;
    in.embedderDim = embedderDim;
    in.questionTerms = questionTerms;
    const QString sourceUrl = sourceInfo.value(QStringLiteral("url")).toString();
    const auto stageNotes = [&backends, &stance] {
        QStringList lines = backends.notes ? backends.notes->lines() : QStringList();
        if (!stance.summary.isEmpty())
            lines.append(stance.summary);
        return lines;
    };
    const auto composeFor = [&](const QList<Claim> &roundClaims, int round) {
        DraftInput d = in;
        d.methodologyNotes = stageNotes();
        d.claims = roundClaims;
        d.revisionRound = round;
        d.references = referencesFor(roundClaims, *papers, run, sourceUrl);
        d.coverage = coverage;
        return d;
    };
    // An optional synthesizer backend writes the Introduction for each round's claims.
    const auto synthesize = [&](DraftInput &d) -> std::optional<QString> {
        if (!backends.synthesizer)
            return std::nullopt;
        events.started(QStringLiteral("compose"), QStringLiteral("synthesizer"));
        auto text = backends.synthesizer->introduction(d, cancel);
        if (!text) {
            events.failed(QStringLiteral("compose"), QStringLiteral("synthesizer"), text.error());
            return text.error();
        }
        d.introduction = *text;
        d.methodologyNotes = stageNotes();
        events.finished(QStringLiteral("compose"), QStringLiteral("synthesizer"));
        return std::nullopt;
    };
    DraftInput current = composeFor(claims, 0);
    if (auto err = synthesize(current))
        return stageFailed(QStringLiteral("compose"), *err);
    ComposedDraft composed = composeDraft(current);
    draft.runId = run.id;
    draft.title = composed.title;
    draft.question = run.question;
    draft.state = DraftState::Running;
    draft.claimsExtracted = int(claims.size());
    draft.claimsVerified = verifiedCount;
    draft.papersRetrieved = int(merged.size());
    if (auto id = store.createDraft(draft); !id)
        return stageFailed(QStringLiteral("compose"), id.error());
    if (auto ok = store.saveClaims(draft.id, 0, claims); !ok)
        return stageFailed(QStringLiteral("compose"), ok.error());
    DraftRevision rev0{0, draft.id, 0, composed.body, composed.sections, std::nullopt, std::nullopt,
                       QStringLiteral("initial draft"), {}};
    if (auto ok = store.saveRevision(rev0); !ok)
        return stageFailed(QStringLiteral("compose"), ok.error());
    out.draftId = draft.id;
    events.finished(QStringLiteral("compose"), {}, QStringLiteral("draft %1").arg(draft.id), {{QStringLiteral("draft_id"), draft.id}});

    // 8-9. tribunal, with revision rounds -------------------------------------------------------
    QList<std::pair<double, Verdict>> history;
    QStringList notes;
    int round = 0;
    TribunalOutcome verdictRound;
    QList<DraftInput> roundInputs{current};
    while (true) {
        const QString stage = round == 0 ? QStringLiteral("tribunal") : QStringLiteral("tribunal-%1").arg(round);
        events.started(stage, {}, QStringLiteral("round %1").arg(round));
        ReviewRequest req;
        req.round = round;
        req.question = run.question;
        req.questionTerms = questionTerms;
        req.draftTitle = composed.title;
        req.draftBody = composed.body;
        req.sections = composed.sections;
        req.claims = shownClaims(current.claims);
        req.references = current.references;
        req.settings = settings;
        req.coverage = current.coverage;
        req.sourceText = run.sourceText;
        auto tribunal = runTribunal(backends.reviewers, req, cancel,
                                    [&events, stage](EventKind k, const QString &lane, const QString &msg, const QJsonObject &data) {
                                        events.emitEvent(k, stage, lane, msg, data);
                                    });
        if (!tribunal)
            return stageFailed(stage, tribunal.error());
        for (Review r : tribunal->reviews) {
            r.draftId = draft.id;
            if (auto ok = store.saveReview(r); !ok)
                return stageFailed(stage, ok.error());
        }
        history.append({tribunal->score, tribunal->verdict});
        verdictRound = *tribunal;
        events.finished(stage, {}, QStringLiteral("%1/10 \u2192 %2").arg(formatScore(tribunal->score), toText(tribunal->verdict)),
                        {{QStringLiteral("score"), tribunal->score}, {QStringLiteral("verdict"), toText(tribunal->verdict)}});
        const bool wantsRevision = tribunal->verdict == Verdict::Revise ||
                                   (tribunal->verdict == Verdict::Reject && settings.reviseOnReject);
        if (tribunal->partial)
            events.log(stage, QStringLiteral("partial tribunal: the score is over the reviewers that answered (%1 failed)")
                                  .arg(tribunal->failures.join(QStringLiteral("; "))));
        // With no reviewer answering there is nothing to revise against.
        if (!wantsRevision || round >= settings.maxRevisionRounds || tribunal->failures.size() == tribunal->reviews.size())
            break;

        // Revise: act on the issues, re-verify changed claims, compose the next round.
        const int next = round + 1;
        events.started(QStringLiteral("revise"), {}, QStringLiteral("round %1").arg(next));
        RevisionRequest rr;
        rr.round = next;
        rr.claims = current.claims;
        rr.reviews = tribunal->reviews;
        rr.questionTerms = questionTerms;
        rr.settings = settings;
        rr.sourceText = run.sourceText;
        auto revised = backends.reviser->revise(rr, cancel);
        if (!revised)
            return stageFailed(QStringLiteral("revise"), revised.error());
        if (revised->actions.isEmpty()) {
            // Nothing to re-score: the round stands, and the draft says the revision changed nothing.
            notes += revised->notes;
            current.revisionNotes = notes;
            events.finished(QStringLiteral("revise"), {}, revised->reason, {{QStringLiteral("changed"), 0}});
            break;
        }
        QList<Claim> nextClaims = revised->claims;
        if (!revised->changedOrdinals.isEmpty()) {
            QStringList texts;
            for (int o : std::as_const(revised->changedOrdinals))
                texts.append(nextClaims.at(o - 1).text);
            auto recheck = backends.verifier->verify(texts, evidence, settings.verifyThreshold, cancel);
            if (!recheck)
                return stageFailed(QStringLiteral("revise"), recheck.error());
            for (qsizetype i = 0; i < revised->changedOrdinals.size(); ++i) {
                Claim &c = nextClaims[revised->changedOrdinals.at(i) - 1];
                const ClaimCheckResult r = recheck->results.value(i);
                c.verified = r.verified;
                c.confidence = std::clamp(r.confidence, 0.0, 1.0);
                c.evidencePaperId = r.evidencePaperId;
                c.evidencePassage = r.evidencePassage;
                c.evidenceSentence = r.evidenceSentence;
                c.stance.reset(); // new text: asked again
            }
        }
        // Judge the new round again: dropped claims change the coverage, new texts their checks.
        coverage = judgeClaims(nextClaims, *judgment);
        checkStances(backends, events, run.question, nextClaims, QStringLiteral("revise"), stance, cancel);
        notes += revised->notes;
        // The earlier round's text now records that it was superseded.
        {
            DraftInput prev = current;
            prev.rounds = history;
            prev.policyPending = true;
            const ComposedDraft prevText = composeDraft(prev);
            DraftRevision r{0, draft.id, round, prevText.body, prevText.sections, tribunal->score, tribunal->verdict,
                            round == 0 ? QStringLiteral("initial draft") : QStringLiteral("revision round %1").arg(round), {}};
            (void)store.saveRevision(r);
        }
        current = composeFor(nextClaims, next);
        current.revisionNotes = notes;
        current.rounds = history;
        if (auto err = synthesize(current))
            return stageFailed(QStringLiteral("revise"), *err);
        composed = composeDraft(current);
        if (auto ok = store.saveClaims(draft.id, next, nextClaims); !ok)
            return stageFailed(QStringLiteral("revise"), ok.error());
        current.claims = nextClaims; // with ids
        DraftRevision r{0, draft.id, next, composed.body, composed.sections, std::nullopt, std::nullopt, revised->reason, {}};
        if (auto ok = store.saveRevision(r); !ok)
            return stageFailed(QStringLiteral("revise"), ok.error());
        draft.currentRound = next;
        (void)store.updateDraft(draft);
        QJsonArray actions;
        for (const RevisionAction &a : std::as_const(revised->actions))
            actions.append(a.toJson());
        events.finished(QStringLiteral("revise"), {}, revised->reason,
                        {{QStringLiteral("dropped"), revised->dropped}, {QStringLiteral("softened"), revised->softened},
                         {QStringLiteral("re_attributed"), revised->reattributed}, {QStringLiteral("restored"), revised->restored},
                         {QStringLiteral("re_verified"), int(revised->changedOrdinals.size())}, {QStringLiteral("actions"), actions}});
        round = next;
    }

    // 10. policy -------------------------------------------------------------------------------
    events.started(QStringLiteral("policy"));
    const QList<Claim> finalClaims = shownClaims(current.claims);
    PolicyDecision decision = decidePolicy(verdictRound.verdict, verdictRound.score, finalClaims, settings, current.coverage);
    applyReviewerFailedGate(decision, verdictRound.failures);
    applyStanceGate(decision, finalClaims);
    current.rounds = history;
    current.methodologyNotes = stageNotes();
    current.policy = decision.policy;
    current.policyReason = decision.reason;
    composed = composeDraft(current);
    DraftRevision finalRev{0, draft.id, round, composed.body, composed.sections, verdictRound.score, verdictRound.verdict,
                           round == 0 ? QStringLiteral("initial draft") : QStringLiteral("revision round %1").arg(round), {}};
    (void)store.saveRevision(finalRev);
    int finalVerified = 0;
    for (const Claim &c : finalClaims)
        finalVerified += c.effectiveVerified() ? 1 : 0;
    draft.currentRound = round;
    draft.score = verdictRound.score;
    draft.verdict = verdictRound.verdict;
    draft.policy = decision.policy;
    draft.policyReason = decision.reason;
    draft.claimsExtracted = int(finalClaims.size());
    draft.claimsVerified = finalVerified;
    draft.state = DraftState::Escalated;
    if (auto ok = store.updateDraft(draft); !ok)
        return stageFailed(QStringLiteral("policy"), ok.error());
    QJsonArray gates;
    for (const GateResult &g : decision.gates)
        gates.append(QJsonObject{{QStringLiteral("gate"), g.gate}, {QStringLiteral("failed"), g.failed}, {QStringLiteral("detail"), g.detail}});
    if (decision.policy == Policy::AutoApprove) {
        if (backends.autoApprove) {
            if (auto ok = backends.autoApprove(draft.id, decision.reason); !ok)
                return stageFailed(QStringLiteral("policy"), ok.error());
        } else {
            // No publication layer connected: record the decision and publish here.
            const QSqlDatabase conn = db->connection();
            Transaction tx(conn);
            Decision d{0, draft.id, DecisionAction::AutoApprove, settings.actor, decision.reason, QDateTime::currentDateTimeUtc()};
            if (auto id = store.insertDecision(conn, d); !id)
                return stageFailed(QStringLiteral("policy"), id.error());
            draft.state = DraftState::AutoApproved;
            draft.publishedAt = d.decidedAt;
            if (auto ok = store.updateDraft(draft); !ok)
                return stageFailed(QStringLiteral("policy"), ok.error());
            if (auto ok = tx.commit(); !ok)
                return stageFailed(QStringLiteral("policy"), ok.error());
        }
        if (auto fresh = store.draft(draft.id))
            draft = *fresh;
    }
    events.finished(QStringLiteral("policy"), {}, QStringLiteral("%1: %2").arg(toText(decision.policy), decision.reason),
                    {{QStringLiteral("policy"), toText(decision.policy)}, {QStringLiteral("gates"), gates}});

    // 11. public record ------------------------------------------------------------------------
    events.started(QStringLiteral("record"));
    if (auto ok = rebuildPublicRecord(db, draft.id); !ok)
        return stageFailed(QStringLiteral("record"), ok.error());
    if (auto fresh = store.draft(draft.id))
        draft = *fresh;
    events.finished(QStringLiteral("record"), {}, QStringLiteral("%1, tier %2").arg(run.srchId, draft.qualityTier));

    out.score = verdictRound.score;
    out.verdict = verdictRound.verdict;
    out.revisionRound = round;
    out.policy = decision.policy;
    out.policyReason = decision.reason;
    out.qualityTier = draft.qualityTier;
    return finish(RunStatus::Succeeded, QStringLiteral("run"), QString());
}

} // namespace Sovereign::Pipeline
