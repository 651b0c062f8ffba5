#include "remotebackends.h"

#include "secrets.h"
#include "stance.h"

#include "pipeline/retrieval/atom.h"

#include "models/storage/corpusstore.h"

#include <QJsonArray>
#include <QProcessEnvironment>
#include <QThread>

#include <cmath>

namespace Sovereign::Pipeline {

using Models::EventKind;

namespace {

// Waits for a future from a worker thread, asking the IO thread to cancel when the flag rises.
template<typename T>
T waitFor(QFuture<T> future, const CancelFlag &cancel, const std::function<void()> &onCancel)
{
    bool asked = false;
    while (!future.isFinished()) {
        if (!asked && isCancelled(cancel)) {
            asked = true;
            onCancel();
        }
        QThread::msleep(10);
    }
    return future.result();
}

} // namespace

RemoteServices::RemoteServices(RemoteSettings settings, QString apiKey, std::shared_ptr<Models::Database> db)
    : m_settings(std::move(settings))
    , m_apiKey(std::move(apiKey))
    , m_db(std::move(db))
    , m_io(std::make_shared<RemoteIo>())
{
    m_arxiv = m_io->adopt(new ArxivClient(m_settings.arxiv, m_db));
    m_embed = m_io->adopt(new EmbeddingClient(m_settings.embeddings, m_apiKey));
    m_llm = std::make_shared<LlmEngine>(m_settings.chat, m_apiKey, m_io);
    // Waits and notices are relayed as they happen (direct: RunEvents is thread-safe).
    QObject::connect(m_arxiv, &ArxivClient::waiting, m_arxiv, [this](const QString &lane, const QString &host, qint64 ms, const QString &reason) {
        emitEvent(EventKind::Wait, QStringLiteral("search"), lane, QStringLiteral("waiting %1 s for %2: %3").arg(double(ms) / 1000.0, 0, 'f', 1).arg(host, reason),
                  {{QStringLiteral("wait_ms"), ms}, {QStringLiteral("host"), host}});
    });
    QObject::connect(m_arxiv, &ArxivClient::notice, m_arxiv, [this](const QString &lane, const QString &message) {
        emitEvent(EventKind::Log, QStringLiteral("search"), lane, message);
    });
    QObject::connect(m_embed->http(), &HttpClient::waiting, m_embed, [this](const QString &, const QString &host, qint64 ms, const QString &reason) {
        emitEvent(EventKind::Wait, QStringLiteral("index"), QStringLiteral("embeddings"),
                  QStringLiteral("waiting %1 s for %2: %3").arg(double(ms) / 1000.0, 0, 'f', 1).arg(host, reason), {{QStringLiteral("wait_ms"), ms}});
    });
}

RemoteServices::~RemoteServices()
{
    attach(nullptr);
    m_llm.reset();
}

void RemoteServices::attach(RunEvents *events)
{
    QMutexLocker lock(&m_eventsMutex);
    m_events = events;
}

void RemoteServices::emitEvent(EventKind kind, const QString &stage, const QString &lane, const QString &message, const QJsonObject &data)
{
    QMutexLocker lock(&m_eventsMutex);
    if (m_events)
        m_events->emitEvent(kind, stage, lane, message, data);
}

Models::Result<ArxivPage> RemoteServices::arxivQuery(const ArxivQuery &query, const QString &lane, const CancelFlag &cancel)
{
    ArxivClient *client = m_arxiv;
    auto future = m_io->call<Models::Result<ArxivPage>>([client, query, lane](auto promise) {
        client->query(query, lane, [promise](const Models::Result<ArxivPage> &r) { fulfil(promise, r); });
    });
    return waitFor(future, cancel, [client] { QMetaObject::invokeMethod(client, [client] { client->cancelAll(); }); });
}

Models::Result<QList<Vector>> RemoteServices::embed(const QStringList &texts, EmbeddingClient::InputType type, const CancelFlag &cancel)
{
    EmbeddingClient *client = m_embed;
    auto future = m_io->call<Models::Result<QList<Vector>>>([client, texts, type](auto promise) {
        client->embed(texts, type, [promise](const Models::Result<QList<Vector>> &r) { fulfil(promise, r); });
    });
    return waitFor(future, cancel, [client] { QMetaObject::invokeMethod(client, [client] { client->cancel(); }); });
}

// ---- search ---------------------------------------------------------------------------------

bool ArxivSearcher::claim(const QString &searchQuery)
{
    QMutexLocker lock(&m_mutex);
    if (searchQuery.isEmpty() || m_sent.contains(searchQuery))
        return false;
    m_sent.append(searchQuery);
    return true;
}

QStringList ArxivSearcher::sentQueries() const
{
    QMutexLocker lock(&m_mutex);
    return m_sent;
}

Models::Result<QList<RankedHit>> ArxivSearcher::search(const Models::SearchQuery &query, int limit, const CancelFlag &cancel)
{
    const QString lane = QStringLiteral("query-%1").arg(query.ordinal);
    ArxivQuery q;
    q.maxResults = std::clamp(limit, 1, 200);
    q.retryEmpty = false; // an empty answer is broadened, not asked for again
    q.searchQuery = ArxivSearchQuery::build(query.text, query.strategy);
    bool broadened = false;
    if (!claim(q.searchQuery)) {
        // The same search_query as another variant: its broader form, or nothing.
        const QString broader = ArxivSearchQuery::broaden(q.searchQuery);
        if (!claim(broader)) {
            m_services->emitEvent(EventKind::Log, QStringLiteral("search"), lane,
                                  QStringLiteral("arXiv: %1 was already searched in this run; not sent again").arg(q.searchQuery));
            return QList<RankedHit>{};
        }
        q.searchQuery = broader;
        broadened = true;
    }
    auto page = m_services->arxivQuery(q, lane, cancel);
    if (isCancelled(cancel))
        return Models::fail(QStringLiteral("cancelled"));
    if (!page)
        return Models::fail(page.error());
    m_services->emitEvent(EventKind::Log, QStringLiteral("search"), lane,
                          QStringLiteral("arXiv: %1 of %2 results for %3%4")
                              .arg(page->papers.size())
                              .arg(page->totalResults)
                              .arg(q.searchQuery, page->fromCache ? QStringLiteral(" (cached)") : QString()),
                          {{QStringLiteral("url"), page->url}, {QStringLiteral("from_cache"), page->fromCache},
                           {QStringLiteral("search_query"), q.searchQuery}, {QStringLiteral("results"), int(page->papers.size())}});
    if (page->papers.isEmpty() && !broadened) {
        const QString broader = ArxivSearchQuery::broaden(q.searchQuery);
        if (claim(broader)) {
            m_services->emitEvent(EventKind::Log, QStringLiteral("search"), lane,
                                  QStringLiteral("arXiv: no result; broadened once to %1").arg(broader),
                                  {{QStringLiteral("broadened_from"), q.searchQuery}, {QStringLiteral("search_query"), broader}});
            q.searchQuery = broader;
            page = m_services->arxivQuery(q, lane, cancel);
            if (isCancelled(cancel))
                return Models::fail(QStringLiteral("cancelled"));
            if (!page)
                return Models::fail(page.error());
            m_services->emitEvent(EventKind::Log, QStringLiteral("search"), lane,
                                  QStringLiteral("arXiv: %1 of %2 results for %3").arg(page->papers.size()).arg(page->totalResults).arg(q.searchQuery),
                                  {{QStringLiteral("search_query"), q.searchQuery}, {QStringLiteral("results"), int(page->papers.size())}});
        }
    }
    QList<RankedHit> hits;
    for (qsizetype i = 0; i < page->papers.size(); ++i) {
        if (page->paperIds.value(i) <= 0)
            continue;
        // arXiv gives a relevance order, not scores: the score is the reciprocal rank.
        hits.append({page->paperIds.at(i), page->papers.at(i).arxivId, 1.0 / double(i + 1)});
    }
    return hits;
}

// ---- re-ranking -----------------------------------------------------------------------------

QString RemoteReranker::name() const { return m_services->settings().embeddings.model; }
int RemoteReranker::dim() const { return m_dim > 0 ? m_dim : m_services->settings().embeddings.dimension; }

Models::Result<QHash<qint64, double>> RemoteReranker::similarity(const QString &queryText, const QList<qint64> &paperIds,
                                                                 const CancelFlag &cancel)
{
    const QString model = name();
    auto stored = loadEmbeddings(*m_db, model, paperIds);
    if (!stored)
        return Models::fail(stored.error());
    QList<qint64> missing;
    for (qint64 id : paperIds)
        if (!stored->contains(id))
            missing.append(id);
    if (!missing.isEmpty()) {
        Models::CorpusStore corpus(m_db);
        const auto papers = corpus.papers(missing);
        if (!papers)
            return Models::fail(papers.error());
        QStringList texts;
        QList<qint64> ids;
        for (const Models::Paper &p : *papers) {
            texts << (p.title + QStringLiteral(". ") + p.abstract);
            ids << p.id;
        }
        const auto vectors = m_services->embed(texts, EmbeddingClient::InputType::Passage, cancel);
        if (!vectors)
            return Models::fail(vectors.error());
        if (!vectors->isEmpty()) {
            if (auto ok = storeEmbeddings(*m_db, model, int(vectors->first().size()), ids, *vectors); !ok)
                return Models::fail(ok.error());
        }
        for (qsizetype i = 0; i < ids.size(); ++i)
            stored->insert(ids.at(i), vectors->at(i));
    }
    const auto query = m_services->embed({queryText}, EmbeddingClient::InputType::Query, cancel);
    if (!query)
        return Models::fail(query.error());
    const Vector &qv = query->first();
    m_dim = int(qv.size());
    QHash<qint64, double> out;
    for (auto it = stored->cbegin(); it != stored->cend(); ++it) {
        const Vector &v = it.value();
        if (v.size() != qv.size())
            return Models::fail(QStringLiteral("stored vectors of %1 have %2 dimensions, the query has %3").arg(model).arg(v.size()).arg(qv.size()));
        double dot = 0, na = 0, nb = 0;
        for (qsizetype k = 0; k < v.size(); ++k) {
            dot += double(v[k]) * qv[k];
            na += double(v[k]) * v[k];
            nb += double(qv[k]) * qv[k];
        }
        out.insert(it.key(), na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0);
    }
    return out;
}

// ---- planner and extractor -------------------------------------------------------------------

Models::Result<QList<Models::SearchQuery>> LlmQueryPlanner::plan(const QString &question, const QString &sourceTitle, int count,
                                                                 const CancelFlag &cancel)
{
    const auto prompt = loadPrompt(QStringLiteral("planner"), 1, QStringLiteral("planner"));
    if (!prompt)
        return Models::fail(prompt.error());
    LlmTask task;
    task.prompt = *prompt;
    task.values = {{QStringLiteral("question"), question},
                   {QStringLiteral("source_title"), sourceTitle},
                   {QStringLiteral("count"), QString::number(count)},
                   {QStringLiteral("backend"), m_searchBackend == QStringLiteral("arxiv") ? QStringLiteral("arXiv API") : QStringLiteral("local full-text index")}};
    task.lane = QStringLiteral("planner");
    task.cancel = cancel;
    task.reader = &AnswerReader::readPlanner;
    const auto t = m_engine->runBlocking(task);
    if (!t)
        return Models::fail(t.error());
    QList<Models::SearchQuery> out;
    for (const QJsonValue &v : t->parsed.value(QStringLiteral("queries")).toArray()) {
        const QString text = v.toObject().value(QStringLiteral("text")).toString().simplified();
        if (text.isEmpty() || out.size() >= count)
            continue;
        Models::SearchQuery q;
        q.ordinal = int(out.size()) + 1;
        q.strategy = QStringLiteral("llm:") + v.toObject().value(QStringLiteral("strategy")).toString().simplified();
        q.text = text;
        q.backend = m_searchBackend;
        out.append(q);
    }
    if (out.isEmpty())
        return Models::fail(QStringLiteral("the LLM planner returned no usable query"));
    return out;
}

Models::Result<QList<ClaimCandidate>> LlmClaimExtractor::extract(const ExtractionRequest &request, const CancelFlag &cancel)
{
    const auto prompt = loadPrompt(QStringLiteral("extractor"), 1, QStringLiteral("extractor"));
    if (!prompt)
        return Models::fail(prompt.error());
    LlmTask task;
    task.prompt = *prompt;
    task.values = {{QStringLiteral("question"), request.question},
                   {QStringLiteral("title"), request.title},
                   {QStringLiteral("text"), request.text},
                   {QStringLiteral("max_claims"), QString::number(request.maxClaims)}};
    task.lane = QStringLiteral("extractor");
    task.cancel = cancel;
    task.reader = &AnswerReader::readExtractor;
    const auto t = m_engine->runBlocking(task);
    if (!t)
        return Models::fail(t.error());
    const QString haystack = request.text.simplified();
    QList<ClaimCandidate> out;
    int index = 0;
    for (const QJsonValue &v : t->parsed.value(QStringLiteral("claims")).toArray()) {
        const QJsonObject o = v.toObject();
        ClaimCandidate c;
        c.text = o.value(QStringLiteral("text")).toString().simplified();
        c.sentence = o.value(QStringLiteral("sentence")).toString().simplified();
        c.score = o.value(QStringLiteral("score")).toDouble();
        c.index = index++;
        c.reasons = {QStringLiteral("llm: ") + o.value(QStringLiteral("reason")).toString()};
        if (c.text.isEmpty() || (!haystack.contains(c.sentence) && !haystack.contains(c.text)))
            continue; // not grounded in the source text
        if (c.score < request.minScore || out.size() >= request.maxClaims)
            continue;
        out.append(c);
    }
    return out;
}

Models::Result<QString> LlmDraftSynthesizer::introduction(const DraftInput &draft, const CancelFlag &cancel)
{
    const auto prompt = loadPrompt(QStringLiteral("synthesizer"), 1, QStringLiteral("synthesizer"));
    if (!prompt)
        return Models::fail(prompt.error());
    QStringList claims;
    for (const Models::Claim &c : draft.claims) {
        if (c.status == Models::ClaimStatus::Dropped)
            continue;
        claims << QStringLiteral("[%1] (%2, confidence %3) %4")
                      .arg(c.ordinal)
                      .arg(c.effectiveVerified() ? QStringLiteral("verified") : QStringLiteral("unverified"))
                      .arg(c.confidence, 0, 'f', 2)
                      .arg(c.text);
    }
    QStringList refs;
    for (qsizetype i = 0; i < draft.references.size(); ++i)
        refs << QStringLiteral("[%1] %2 (%3)").arg(i + 1).arg(draft.references.at(i).title, draft.references.at(i).url);
    LlmTask task;
    task.prompt = *prompt;
    task.values = {{QStringLiteral("question"), draft.question},
                   {QStringLiteral("source_title"), draft.sourceTitle},
                   {QStringLiteral("claims"), claims.isEmpty() ? QStringLiteral("(none)") : claims.join(u'\n')},
                   {QStringLiteral("references"), refs.isEmpty() ? QStringLiteral("(none)") : refs.join(u'\n')}};
    task.lane = QStringLiteral("synthesizer");
    task.cancel = cancel;
    task.reader = &AnswerReader::readSynthesizer;
    const auto t = m_engine->runBlocking(task);
    if (!t)
        return Models::fail(t.error());
    const QString text = t->parsed.value(QStringLiteral("introduction")).toString().trimmed();
    if (text.isEmpty())
        return Models::fail(QStringLiteral("the LLM synthesizer wrote an empty introduction"));
    return text;
}

// ---- falling back to the local stages ------------------------------------------------------------

namespace {

// An LLM stage that failed (after its retries and repair) hands over to the local implementation:
// the run goes on, an event says so and the draft's Methodology carries the sentence.
struct Degrade
{
    std::shared_ptr<RemoteServices> services;
    std::shared_ptr<StageNotes> notes;

    template<typename T>
    bool needed(const Models::Result<T> &r, const CancelFlag &cancel) const
    {
        return !r && !isCancelled(cancel) && r.error() != QStringLiteral("cancelled");
    }
    void record(const QString &stage, const QString &what, const QString &local, const QString &error) const
    {
        const QString line = QStringLiteral("The LLM %1 failed (%2); the %3 was used instead.").arg(what, error.left(300), local);
        services->emitEvent(EventKind::Log, stage, QStringLiteral("fallback"), line,
                            {{QStringLiteral("fallback"), true}, {QStringLiteral("stage"), what}, {QStringLiteral("error"), error}});
        if (notes)
            notes->add(line);
    }
};

class FallbackPlanner final : public QueryPlanner
{
public:
    FallbackPlanner(std::shared_ptr<QueryPlanner> llm, std::shared_ptr<QueryPlanner> local, Degrade d)
        : m_llm(std::move(llm)), m_local(std::move(local)), m_degrade(std::move(d)) {}
    QString backend() const override { return m_llm->backend(); }
    Models::Result<QList<Models::SearchQuery>> plan(const QString &question, const QString &sourceTitle, int count, const CancelFlag &cancel) override
    {
        auto r = m_llm->plan(question, sourceTitle, count, cancel);
        if (!m_degrade.needed(r, cancel) || !m_local)
            return r;
        m_degrade.record(QStringLiteral("plan"), QStringLiteral("planner"), QStringLiteral("local planner"), r.error());
        return m_local->plan(question, sourceTitle, count, cancel);
    }

private:
    std::shared_ptr<QueryPlanner> m_llm, m_local;
    Degrade m_degrade;
};

class FallbackExtractor final : public ClaimExtractor
{
public:
    FallbackExtractor(std::shared_ptr<ClaimExtractor> llm, std::shared_ptr<ClaimExtractor> local, Degrade d)
        : m_llm(std::move(llm)), m_local(std::move(local)), m_degrade(std::move(d)) {}
    QString backend() const override { return m_llm->backend(); }
    Models::Result<QList<ClaimCandidate>> extract(const ExtractionRequest &request, const CancelFlag &cancel) override
    {
        auto r = m_llm->extract(request, cancel);
        if (!m_degrade.needed(r, cancel) || !m_local)
            return r;
        m_degrade.record(QStringLiteral("extract"), QStringLiteral("extractor"), QStringLiteral("rule-based extractor"), r.error());
        return m_local->extract(request, cancel);
    }

private:
    std::shared_ptr<ClaimExtractor> m_llm, m_local;
    Degrade m_degrade;
};

class FallbackSynthesizer final : public DraftSynthesizer
{
public:
    FallbackSynthesizer(std::shared_ptr<DraftSynthesizer> llm, Degrade d) : m_llm(std::move(llm)), m_degrade(std::move(d)) {}
    QString backend() const override { return m_llm->backend(); }
    Models::Result<QString> introduction(const DraftInput &draft, const CancelFlag &cancel) override
    {
        auto r = m_llm->introduction(draft, cancel);
        if (!m_degrade.needed(r, cancel))
            return r;
        m_degrade.record(QStringLiteral("compose"), QStringLiteral("synthesizer"), QStringLiteral("template introduction"), r.error());
        return QString(); // empty: the composer writes the template's introduction
    }

private:
    std::shared_ptr<DraftSynthesizer> m_llm;
    Degrade m_degrade;
};

class FallbackReviser final : public Reviser
{
public:
    FallbackReviser(std::shared_ptr<Reviser> llm, std::shared_ptr<Reviser> local, Degrade d)
        : m_llm(std::move(llm)), m_local(std::move(local)), m_degrade(std::move(d)) {}
    QString backend() const override { return m_llm->backend(); }
    Models::Result<RevisionOutcome> revise(const RevisionRequest &request, const CancelFlag &cancel) override
    {
        auto r = m_llm->revise(request, cancel);
        if (!m_degrade.needed(r, cancel) || !m_local)
            return r;
        m_degrade.record(QStringLiteral("revise"), QStringLiteral("reviser"), QStringLiteral("rule-based reviser"), r.error());
        return m_local->revise(request, cancel);
    }

private:
    std::shared_ptr<Reviser> m_llm, m_local;
    Degrade m_degrade;
};

} // namespace

// ---- assembly ---------------------------------------------------------------------------------

Models::Result<Backends> applyRemoteBackends(Backends b, const PipelineSettings &settings,
                                             const std::shared_ptr<RemoteServices> &services,
                                             const std::shared_ptr<Models::Database> &db)
{
    const BackendChoice &c = settings.backends;
    if (auto bad = BackendChoice::validate(c))
        return Models::fail(*bad);
    const auto needKey = [&services](const QUrl &url) -> std::optional<QString> {
        if (!services->hasApiKey() && Secrets::hostNeedsKey(url))
            return Secrets::missingKeyMessage(url, {});
        return std::nullopt;
    };
    if (c.search == QStringLiteral("arxiv"))
        b.searcher = std::make_shared<ArxivSearcher>(services);
    if (c.embed == QStringLiteral("nim")) {
        if (auto m = needKey(services->settings().embeddings.baseUrl))
            return Models::fail(*m);
        b.reranker = std::make_shared<RemoteReranker>(services, db);
    }
    const bool llm = c.tribunal == QStringLiteral("llm") || c.reviser == QStringLiteral("llm") || c.planner == QStringLiteral("llm")
        || c.extractor == QStringLiteral("llm") || c.composer == QStringLiteral("llm");
    if (llm) {
        if (auto m = needKey(services->settings().chat.baseUrl))
            return Models::fail(*m);
    }
    if (!b.notes)
        b.notes = std::make_shared<StageNotes>();
    const Degrade degrade{services, b.notes};
    if (c.tribunal == QStringLiteral("llm"))
        b.reviewers = llmReviewerFactory(services->llm());
    if (c.reviser == QStringLiteral("llm") || c.tribunal == QStringLiteral("llm"))
        b.reviser = std::make_shared<FallbackReviser>(std::make_shared<LlmReviser>(services->llm()),
                                                      b.reviser ? b.reviser : std::make_shared<RuleReviser>(), degrade);
    if (c.planner == QStringLiteral("llm"))
        b.planner = std::make_shared<FallbackPlanner>(std::make_shared<LlmQueryPlanner>(services->llm(), c.search), b.planner, degrade);
    if (c.extractor == QStringLiteral("llm"))
        b.extractor = std::make_shared<FallbackExtractor>(std::make_shared<LlmClaimExtractor>(services->llm()),
                                                          b.extractor ? b.extractor : std::make_shared<RuleClaimExtractor>(), degrade);
    if (llm) // any chat backend: the stance check runs as a second, labelled signal
        b.stance = std::make_shared<LlmStanceChecker>(services->llm());
    if (c.composer == QStringLiteral("llm"))
        b.synthesizer = std::make_shared<FallbackSynthesizer>(std::make_shared<LlmDraftSynthesizer>(services->llm()), degrade);
    std::weak_ptr<RemoteServices> weak = services;
    b.attachEvents = [weak](RunEvents *events) {
        if (const auto s = weak.lock())
            s->attach(events);
    };
    return b;
}

Models::Status ensureSourceInCorpus(const std::shared_ptr<Models::Database> &db, RemoteServices &services, const QString &source)
{
    const QString ref = source.trimmed();
    const ArxivIdParts parts = splitArxivId(ref);
    if (parts.id.isEmpty() || !isArxivId(parts.id))
        return {}; // a file path: nothing to fetch
    Models::CorpusStore corpus(db);
    const auto known = corpus.paperByArxivId(ref);
    if (!known)
        return Models::fail(known.error());
    if (known->has_value())
        return {};
    ArxivQuery q;
    q.idList = {parts.id + parts.version};
    q.maxResults = 1;
    const auto page = services.arxivQuery(q, QStringLiteral("source"), nullptr);
    if (!page)
        return Models::fail(QStringLiteral("the source %1 is not in the local corpus and could not be fetched from arXiv: %2").arg(ref, page.error()));
    if (page->papers.isEmpty())
        return Models::fail(QStringLiteral("arXiv has no paper %1").arg(ref));
    return {};
}

bool usesRemote(const BackendChoice &c)
{
    return c.anyRemote() || c.planner == QStringLiteral("llm") || c.extractor == QStringLiteral("llm")
        || c.reviser == QStringLiteral("llm") || c.composer == QStringLiteral("llm");
}

Models::Result<std::shared_ptr<RemoteServices>> prepareRemote(PipelineSettings &settings, const QString &source,
                                                              const std::shared_ptr<Models::Database> &db,
                                                              const RemoteSettings &base)
{
    if (auto bad = BackendChoice::validate(settings.backends))
        return Models::fail(*bad);
    if (!usesRemote(settings.backends))
        return std::shared_ptr<RemoteServices>();
    RemoteSettings rs = base;
    rs.applyEnvironment();
    const BackendChoice &c = settings.backends;
    const bool llm = c.tribunal == QStringLiteral("llm") || c.reviser == QStringLiteral("llm") || c.planner == QStringLiteral("llm")
        || c.extractor == QStringLiteral("llm") || c.composer == QStringLiteral("llm");
    const bool hosted = (llm && Secrets::hostNeedsKey(rs.chat.baseUrl)) || (c.embed == QStringLiteral("nim") && Secrets::hostNeedsKey(rs.embeddings.baseUrl));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!hosted && !env.contains(QStringLiteral("SOVEREIGN_NO_KEYCHAIN")))
        env.insert(QStringLiteral("SOVEREIGN_NO_KEYCHAIN"), QStringLiteral("1")); // a local server needs no key: leave the keychain alone
    const ApiKey key = Secrets::lookup(env);
    if (hosted && key.isEmpty())
        return Models::fail(Secrets::missingKeyMessage(llm && Secrets::hostNeedsKey(rs.chat.baseUrl) ? rs.chat.baseUrl : rs.embeddings.baseUrl, key.note));
    auto services = std::make_shared<RemoteServices>(rs, key.value, db);
    if (auto check = applyRemoteBackends(Backends{}, settings, services, db); !check)
        return Models::fail(check.error());
    QJsonObject details = settings.backends.details;
    const QJsonObject remote = rs.toJson();
    for (auto it = remote.begin(); it != remote.end(); ++it)
        details.insert(it.key(), it.value());
    details.insert(QStringLiteral("api_key_source"), key.source.isEmpty() ? QStringLiteral("none") : key.source);
    settings.backends.details = details;
    if (c.search == QStringLiteral("arxiv")) {
        if (auto ok = ensureSourceInCorpus(db, *services, source); !ok)
            return Models::fail(ok.error());
    }
    return services;
}

} // namespace Sovereign::Pipeline
