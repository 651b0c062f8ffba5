#pragma once

// The LLM side of the remote backends: versioned prompts from resources/prompts, and LlmEngine,
// which turns a task (prompt + expected JSON shape) into a validated JSON answer with a full
// transcript. One chat call; if its reply holds no usable JSON (none found, unparsable, or not
// matching the schema), one repair call that shows the model its reply and the errors; then a
// readable failure. Calls run on the RemoteIo thread through one ChatClient, so the concurrency
// limit and the requests-per-minute budget hold across every task of every stage. Cancellation
// aborts the request mid-stream. Each streamed delta reaches LlmTask::onToken.
//
// Transcripts hold the prompt, every raw response (the streamed text as received), the parsed
// answer, the model, latency and tokens; they never hold the API key.

#include "answerreader.h"
#include "chatclient.h"
#include "remoteio.h"
#include "remotesettings.h"

#include "models/storage/database.h"

#include <QFuture>
#include <QHash>
#include <QJsonObject>

#include <atomic>
#include <memory>

namespace Sovereign::Pipeline {

struct PromptTemplate
{
    QString id;      // e.g. review.skeptic.v1
    QString system;
    QString user;
    QJsonObject schema;
};

// Loads :/sovereign/prompts/<name>.v<version>.md and, if schemaName is set, <schemaName>.schema.json.
Models::Result<PromptTemplate> loadPrompt(const QString &name, int version, const QString &schemaName = {});
// Replaces {{key}} marks; a mark without a value is an error (a prompt never goes out half-filled).
Models::Result<QString> renderPrompt(const QString &text, const QHash<QString, QString> &values);

struct LlmTask
{
    PromptTemplate prompt;
    QHash<QString, QString> values;
    QString lane;   // SKEPTIC, plan, extract, ...
    std::function<void(const QString &delta)> onToken; // may be called from the IO thread
    std::shared_ptr<const std::atomic_bool> cancel;
    // Reads the extracted JSON by meaning into the schema's shape (answerreader.h). Without one,
    // the reply must match the schema as it is.
    std::function<AnswerReader::Reading(const QJsonValue &)> reader;
};

struct LlmTranscript
{
    QString promptId;
    QString prompt;       // the rendered messages, as sent
    QString rawResponse;  // every reply, in order (a repair attempt is marked)
    QJsonObject parsed;   // the validated answer
    QString model;
    qint64 latencyMs = 0;
    int promptTokens = 0;
    int completionTokens = 0;
    int calls = 0;
    bool repaired = false;
    bool streamed = false;
    bool structuredOutput = false;
    QStringList readingNotes; // what the reader accepted leniently ("score read from \"5.9/10\"")
    QString failure;          // set when no usable answer came (runDetailed); the rest is kept

    QJsonObject toJson() const;
};

class LlmEngine final
{
public:
    LlmEngine(const ChatSettings &settings, const QString &apiKey, std::shared_ptr<RemoteIo> io);
    ~LlmEngine();
    LlmEngine(const LlmEngine &) = delete;
    LlmEngine &operator=(const LlmEngine &) = delete;

    const ChatSettings &settings() const { return m_settings; }
    QString backendName() const; // "llm:<model>"

    // Starts at once; the future finishes in the IO thread. Safe to call from any thread.
    QFuture<Models::Result<LlmTranscript>> run(const LlmTask &task);
    // The same, but a failure keeps its transcript (prompt, raw replies) with `failure` set.
    QFuture<LlmTranscript> runDetailed(const LlmTask &task);
    // For worker threads without an event loop (never the IO thread).
    Models::Result<LlmTranscript> runBlocking(const LlmTask &task);

private:
    ChatSettings m_settings;
    std::shared_ptr<RemoteIo> m_io;
    ChatClient *m_chat = nullptr; // lives in the IO thread, owned by m_io
};

} // namespace Sovereign::Pipeline
