#include "llmengine.h"

#include "jsonextract.h"
#include "resources/datafiles.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>

namespace Sovereign::Pipeline {

namespace {

// `relative` is under the data directory, e.g. "prompts/planner.v1.md".
Models::Result<QString> readResource(const QString &relative)
{
    const QString path = Resources::locate(relative);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Models::fail(QStringLiteral("the prompt file %1 cannot be read").arg(path));
    return QString::fromUtf8(f.readAll());
}

QString shortText(const QString &s, int n = 240)
{
    const QString t = s.simplified();
    return t.size() > n ? t.left(n) + QStringLiteral(" …") : t;
}

} // namespace

Models::Result<PromptTemplate> loadPrompt(const QString &name, int version, const QString &schemaName)
{
    PromptTemplate p;
    p.id = QStringLiteral("%1.v%2").arg(name).arg(version);
    const auto text = readResource(QStringLiteral("prompts/%1.md").arg(p.id));
    if (!text)
        return Models::fail(text.error());
    // "## system" and "## user" open the two parts; anything before the first is a comment.
    static const QRegularExpression heading(QStringLiteral("^## (system|user)\\s*$"), QRegularExpression::MultilineOption);
    QString *current = nullptr;
    qsizetype last = 0;
    for (auto it = heading.globalMatch(*text); it.hasNext();) {
        const auto m = it.next();
        if (current)
            *current = text->mid(last, m.capturedStart() - last).trimmed();
        current = m.captured(1) == QStringLiteral("system") ? &p.system : &p.user;
        last = m.capturedEnd();
    }
    if (!current)
        return Models::fail(QStringLiteral("the prompt %1 has no \"## user\" part").arg(p.id));
    *current = text->mid(last).trimmed();
    if (!schemaName.isEmpty()) {
        const auto schema = readResource(QStringLiteral("prompts/%1.schema.json").arg(schemaName));
        if (!schema)
            return Models::fail(schema.error());
        QJsonParseError pe;
        p.schema = QJsonDocument::fromJson(schema->toUtf8(), &pe).object();
        if (pe.error != QJsonParseError::NoError)
            return Models::fail(QStringLiteral("the schema %1 is not valid JSON: %2").arg(schemaName, pe.errorString()));
    }
    return p;
}

Models::Result<QString> renderPrompt(const QString &text, const QHash<QString, QString> &values)
{
    QString out;
    static const QRegularExpression mark(QStringLiteral("\\{\\{([a-z_]+)\\}\\}"));
    qsizetype last = 0;
    for (auto it = mark.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString key = m.captured(1);
        if (!values.contains(key))
            return Models::fail(QStringLiteral("the prompt needs a value for {{%1}}").arg(key));
        out += text.mid(last, m.capturedStart() - last) + values.value(key);
        last = m.capturedEnd();
    }
    return out + text.mid(last);
}

QJsonObject LlmTranscript::toJson() const
{
    return {{QStringLiteral("prompt_id"), promptId},
            {QStringLiteral("model"), model},
            {QStringLiteral("latency_ms"), latencyMs},
            {QStringLiteral("prompt_tokens"), promptTokens},
            {QStringLiteral("completion_tokens"), completionTokens},
            {QStringLiteral("calls"), calls},
            {QStringLiteral("repaired"), repaired},
            {QStringLiteral("streamed"), streamed},
            {QStringLiteral("structured_output"), structuredOutput},
            {QStringLiteral("reading_notes"), QJsonArray::fromStringList(readingNotes)},
            {QStringLiteral("failure"), failure.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(failure)}};
}

LlmEngine::LlmEngine(const ChatSettings &settings, const QString &apiKey, std::shared_ptr<RemoteIo> io)
    : m_settings(settings)
    , m_io(std::move(io))
{
    m_chat = m_io->adopt(new ChatClient(settings, apiKey));
}

LlmEngine::~LlmEngine() = default; // the ChatClient belongs to RemoteIo

QString LlmEngine::backendName() const { return QStringLiteral("llm:") + m_settings.model; }

namespace {

struct Flow
{
    LlmTask task;
    QList<ChatMessage> messages;
    LlmTranscript transcript;
    std::shared_ptr<QPromise<LlmTranscript>> promise;
    quint64 chatId = 0;
    bool repairing = false;
    QString repairTemplate;
    QTimer *cancelPoll = nullptr;
};

void finishFlow(const std::shared_ptr<Flow> &flow, const QString &failure = {})
{
    flow->transcript.failure = failure;
    if (flow->cancelPoll) {
        flow->cancelPoll->stop();
        flow->cancelPoll->deleteLater();
        flow->cancelPoll = nullptr;
    }
    fulfil(flow->promise, flow->transcript);
}

void callModel(ChatClient *chat, std::shared_ptr<Flow> flow);

void onReply(ChatClient *chat, const std::shared_ptr<Flow> &flow, const Models::Result<ChatResponse> &reply)
{
    const bool cancelled = flow->task.cancel && flow->task.cancel->load();
    if (!reply) {
        finishFlow(flow, cancelled ? QStringLiteral("cancelled") : QStringLiteral("the model call failed: %1").arg(reply.error()));
        return;
    }
    LlmTranscript &t = flow->transcript;
    ++t.calls;
    if (flow->repairing)
        t.rawResponse += QStringLiteral("\n\n--- reply to the repair request ---\n");
    t.rawResponse += reply->content;
    t.model = reply->model;
    t.latencyMs += reply->latencyMs;
    t.promptTokens += reply->promptTokens;
    t.completionTokens += reply->completionTokens;
    t.streamed = reply->streamed;
    t.structuredOutput = reply->structuredOutput;

    QStringList problems;
    QJsonValue answer;
    const auto json = extractJson(reply->content);
    if (!json) {
        problems << json.error();
    } else if (flow->task.reader) {
        // Read by meaning; a repair is asked for only when something required is missing.
        const AnswerReader::Reading reading = flow->task.reader(*json);
        problems = reading.problems;
        if (problems.isEmpty()) {
            answer = reading.answer;
            t.readingNotes = reading.notes;
            problems = validateAgainstSchema(answer, flow->task.prompt.schema);
        }
    } else if (!json->isObject()) {
        problems << QStringLiteral("the reply is a JSON array, an object was asked for");
    } else {
        answer = *json;
        problems = validateAgainstSchema(answer, flow->task.prompt.schema);
    }
    if (problems.isEmpty()) {
        t.parsed = answer.toObject();
        finishFlow(flow);
        return;
    }
    if (flow->repairing) {
        finishFlow(flow, QStringLiteral("the model's answer could not be used, even after a repair request: %1. Its reply began: %2")
                             .arg(problems.mid(0, 4).join(QStringLiteral("; ")), shortText(reply->content)));
        return;
    }
    flow->repairing = true;
    t.repaired = true;
    const auto repair = renderPrompt(flow->repairTemplate, {{QStringLiteral("errors"), problems.mid(0, 6).join(QStringLiteral("; "))}});
    flow->messages.append({QStringLiteral("assistant"), reply->content});
    flow->messages.append({QStringLiteral("user"), repair.value_or(problems.join(QStringLiteral("; ")))});
    t.prompt += QStringLiteral("\n\n[user, repair request]\n") + flow->messages.constLast().content;
    callModel(chat, flow);
}

void callModel(ChatClient *chat, std::shared_ptr<Flow> flow)
{
    ChatRequest req;
    req.messages = flow->messages;
    req.jsonSchema = flow->task.prompt.schema;
    req.schemaName = flow->task.prompt.id.section(u'.', 0, -2).replace(u'.', u'_');
    req.lane = flow->task.lane;
    req.onToken = flow->task.onToken;
    flow->chatId = chat->complete(req, [chat, flow](const Models::Result<ChatResponse> &r) { onReply(chat, flow, r); });
}

} // namespace

QFuture<Models::Result<LlmTranscript>> LlmEngine::run(const LlmTask &task)
{
    return runDetailed(task).then([](const LlmTranscript &t) -> Models::Result<LlmTranscript> {
        if (!t.failure.isEmpty())
            return Models::fail(t.failure);
        return t;
    });
}

QFuture<LlmTranscript> LlmEngine::runDetailed(const LlmTask &task)
{
    ChatClient *chat = m_chat;
    return m_io->call<LlmTranscript>([chat, task](auto promise) {
        auto flow = std::make_shared<Flow>();
        flow->task = task;
        flow->promise = promise;
        flow->transcript.promptId = task.prompt.id;
        const auto system = renderPrompt(task.prompt.system, task.values);
        const auto user = renderPrompt(task.prompt.user, task.values);
        const auto repair = loadPrompt(QStringLiteral("repair"), 1);
        if (!system || !user || !repair) {
            const QString why = !system ? system.error() : (!user ? user.error() : repair.error());
            LlmTranscript failed;
            failed.promptId = task.prompt.id;
            failed.failure = QStringLiteral("%1: %2").arg(task.prompt.id, why);
            fulfil(promise, failed);
            return;
        }
        flow->repairTemplate = repair->user;
        if (!system->isEmpty())
            flow->messages.append({QStringLiteral("system"), *system});
        flow->messages.append({QStringLiteral("user"), *user});
        flow->transcript.prompt = (system->isEmpty() ? QString() : QStringLiteral("[system]\n") + *system + QStringLiteral("\n\n"))
            + QStringLiteral("[user]\n") + *user;
        if (task.cancel) {
            flow->cancelPoll = new QTimer(chat);
            QObject::connect(flow->cancelPoll, &QTimer::timeout, chat, [chat, flow] {
                if (flow->task.cancel->load() && flow->chatId)
                    chat->cancel(flow->chatId);
            });
            flow->cancelPoll->start(50);
        }
        callModel(chat, flow);
    });
}

Models::Result<LlmTranscript> LlmEngine::runBlocking(const LlmTask &task)
{
    Q_ASSERT(!m_io->isIoThread());
    QFuture<Models::Result<LlmTranscript>> f = run(task);
    f.waitForFinished();
    if (f.resultCount() == 0)
        return Models::fail(QStringLiteral("the model call ended without a result"));
    return f.result();
}

} // namespace Sovereign::Pipeline
