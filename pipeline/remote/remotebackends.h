#pragma once

// The remote implementations of the pipeline's stage interfaces (backends.h), and the one place
// that swaps them in: applyRemoteBackends() replaces the members of a local Backends value that
// the run's BackendChoice asks to be remote (search arxiv, embed nim, tribunal llm -> LLM reviewers
// and reviser, planner llm, extractor llm). Everything network-bound runs on one RemoteIo thread;
// the stage calls block on it from their worker threads and honour the cancel flag.
//
// RemoteServices lives as long as the app (or the CLI command): it holds the settings, the API key
// (never written anywhere), the IO thread, the shared arXiv HostQueue and the LLM engine, and it
// relays the clients' waits and notices into the event stream of the run that is attached.

#include "arxivclient.h"
#include "embeddingclient.h"
#include "llmengine.h"
#include "llmreviewers.h"
#include "remoteio.h"
#include "remotesettings.h"

#include "pipeline/run/backends.h"
#include "pipeline/run/runevents.h"

#include <QMutex>

#include <memory>

namespace Sovereign::Pipeline {

class RemoteServices final
{
public:
    RemoteServices(RemoteSettings settings, QString apiKey, std::shared_ptr<Models::Database> db);
    ~RemoteServices();
    RemoteServices(const RemoteServices &) = delete;
    RemoteServices &operator=(const RemoteServices &) = delete;

    const RemoteSettings &settings() const { return m_settings; }
    const std::shared_ptr<RemoteIo> &io() const { return m_io; }
    ArxivClient *arxiv() const { return m_arxiv; }         // lives in the IO thread
    EmbeddingClient *embeddings() const { return m_embed; } // lives in the IO thread
    std::shared_ptr<LlmEngine> llm() const { return m_llm; }
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }

    // Events of the remote clients (waits, retries, cache hits) go to this run's stream.
    void attach(RunEvents *events);
    void emitEvent(Models::EventKind kind, const QString &stage, const QString &lane, const QString &message,
                   const QJsonObject &data = {});

    // Blocking arXiv query from a worker thread; cancellation is polled.
    Models::Result<ArxivPage> arxivQuery(const ArxivQuery &query, const QString &lane, const CancelFlag &cancel);
    Models::Result<QList<Vector>> embed(const QStringList &texts, EmbeddingClient::InputType type, const CancelFlag &cancel);

private:
    RemoteSettings m_settings;
    QString m_apiKey;
    std::shared_ptr<Models::Database> m_db;
    std::shared_ptr<RemoteIo> m_io;
    ArxivClient *m_arxiv = nullptr;
    EmbeddingClient *m_embed = nullptr;
    std::shared_ptr<LlmEngine> m_llm;
    QMutex m_eventsMutex;
    RunEvents *m_events = nullptr;
};

// Stage 2 on arXiv: the planned query becomes a search_query built to match on the real API
// (ArxivSearchQuery::build) and goes through the polite queue. One searcher serves one run: it
// never sends the same search_query twice (a variant equal to one already sent is broadened
// instead, or skipped), and a variant that returns nothing is broadened once.
class ArxivSearcher final : public Searcher
{
public:
    explicit ArxivSearcher(std::shared_ptr<RemoteServices> services) : m_services(std::move(services)) {}
    QString backend() const override { return QStringLiteral("arxiv"); }
    Models::Result<QList<RankedHit>> search(const Models::SearchQuery &query, int limit, const CancelFlag &cancel) override;
    // Every search_query sent (or taken from the cache) so far, in order.
    QStringList sentQueries() const;

private:
    bool claim(const QString &searchQuery); // false if it was already used in this run
    std::shared_ptr<RemoteServices> m_services;
    mutable QMutex m_mutex;
    QStringList m_sent;
};

// Stage 4 with NIM / OpenAI-compatible embeddings: passages (title + abstract) are embedded once
// per model and stored tagged with it; the question is embedded as a query; cosine similarity.
class RemoteReranker final : public Reranker
{
public:
    RemoteReranker(std::shared_ptr<RemoteServices> services, std::shared_ptr<Models::Database> db)
        : m_services(std::move(services)), m_db(std::move(db)) {}
    QString name() const override;
    int dim() const override;
    Models::Result<QHash<qint64, double>> similarity(const QString &queryText, const QList<qint64> &paperIds,
                                                     const CancelFlag &cancel) override;

private:
    std::shared_ptr<RemoteServices> m_services;
    std::shared_ptr<Models::Database> m_db;
    int m_dim = 0;
};

// Stage 1 with an LLM (prompt planner.v1).
class LlmQueryPlanner final : public QueryPlanner
{
public:
    LlmQueryPlanner(std::shared_ptr<LlmEngine> engine, QString searchBackend)
        : m_engine(std::move(engine)), m_searchBackend(std::move(searchBackend)) {}
    QString backend() const override { return QStringLiteral("llm"); }
    Models::Result<QList<Models::SearchQuery>> plan(const QString &question, const QString &sourceTitle, int count,
                                                    const CancelFlag &cancel) override;

private:
    std::shared_ptr<LlmEngine> m_engine;
    QString m_searchBackend;
};

// Stage 5 with an LLM (prompt extractor.v1). A claim whose source sentence is not in the text is
// kept only if its own text is (the model must not invent claims).
class LlmClaimExtractor final : public ClaimExtractor
{
public:
    explicit LlmClaimExtractor(std::shared_ptr<LlmEngine> engine) : m_engine(std::move(engine)) {}
    QString backend() const override { return QStringLiteral("llm"); }
    Models::Result<QList<ClaimCandidate>> extract(const ExtractionRequest &request, const CancelFlag &cancel) override;

private:
    std::shared_ptr<LlmEngine> m_engine;
};

// Stage 7's Introduction with an LLM (prompt synthesizer.v1): written only from the run's claims,
// their verification and the references.
class LlmDraftSynthesizer final : public DraftSynthesizer
{
public:
    explicit LlmDraftSynthesizer(std::shared_ptr<LlmEngine> engine) : m_engine(std::move(engine)) {}
    QString backend() const override { return QStringLiteral("llm"); }
    Models::Result<QString> introduction(const DraftInput &draft, const CancelFlag &cancel) override;

private:
    std::shared_ptr<LlmEngine> m_engine;
};

// Replaces the members of `backends` that settings.backends names as remote.
Models::Result<Backends> applyRemoteBackends(Backends backends, const PipelineSettings &settings,
                                             const std::shared_ptr<RemoteServices> &services,
                                             const std::shared_ptr<Models::Database> &db);

// With --search arxiv, a source given as an arXiv id that is not in the local corpus is fetched by
// id_list (and stored) before the run is prepared. Does nothing for files and known papers.
Models::Status ensureSourceInCorpus(const std::shared_ptr<Models::Database> &db, RemoteServices &services,
                                    const QString &source);

// App wiring in one call: nullptr when the settings use no remote backend (then nothing touches
// the network). Otherwise reads RemoteSettings from the environment, the API key (environment,
// then keychain, the latter only when a hosted service needs it), checks that the backends can be
// built (names, key), records the remote settings (never the key) in settings.backends.details,
// and fetches an arXiv source that is not in the corpus (with --search arxiv).
Models::Result<std::shared_ptr<RemoteServices>> prepareRemote(PipelineSettings &settings, const QString &source,
                                                              const std::shared_ptr<Models::Database> &db,
                                                              const RemoteSettings &base = RemoteSettings());

// True when the backend choice names anything that is not embedded.
bool usesRemote(const BackendChoice &c);

} // namespace Sovereign::Pipeline
