#include "embeddingclient.h"

#include "endpoint.h"
#include "secrets.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>
#include <QtEndian>

#include <memory>

namespace Sovereign::Pipeline {

EmbeddingClient::EmbeddingClient(const EmbeddingSettings &settings, QString apiKey, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_apiKey(std::move(apiKey))
    , m_http(QStringLiteral("embeddings"), this)
{
    m_http.setRateBudget(std::make_shared<RateBudget>(settings.concurrency, settings.requestsPerMinute));
}

Models::Result<QList<Vector>> EmbeddingClient::parseResponse(const QByteArray &body, int expected, int dimension)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return Models::fail(QStringLiteral("the embeddings response is not a JSON object (%1)").arg(pe.errorString()));
    const QJsonArray data = doc.object().value(QStringLiteral("data")).toArray();
    if (data.size() != expected)
        return Models::fail(QStringLiteral("the embeddings response has %1 vectors for %2 inputs").arg(data.size()).arg(expected));
    QList<Vector> out(expected);
    QList<bool> seen(expected, false);
    int dim = dimension;
    for (const QJsonValue &item : data) {
        const QJsonObject o = item.toObject();
        const int index = o.value(QStringLiteral("index")).toInt(-1);
        if (index < 0 || index >= expected || seen[index])
            return Models::fail(QStringLiteral("the embeddings response has a bad or repeated index %1").arg(index));
        seen[index] = true;
        const QJsonArray values = o.value(QStringLiteral("embedding")).toArray();
        if (values.isEmpty())
            return Models::fail(QStringLiteral("vector %1 is empty or not a float array (encoding_format must be float)").arg(index));
        if (dim == 0)
            dim = int(values.size());
        if (values.size() != dim) {
            return Models::fail(QStringLiteral("vector %1 has %2 dimensions, expected %3 (is the model right?)")
                                    .arg(index)
                                    .arg(values.size())
                                    .arg(dim));
        }
        Vector v(dim);
        for (int i = 0; i < dim; ++i)
            v[i] = float(values.at(i).toDouble());
        out[index] = std::move(v);
    }
    return out;
}

void EmbeddingClient::embed(const QStringList &texts, InputType type, Callback done)
{
    if (texts.isEmpty()) {
        QMetaObject::invokeMethod(this, [done] { done(QList<Vector>{}); }, Qt::QueuedConnection);
        return;
    }
    if (m_apiKey.isEmpty() && Secrets::hostNeedsKey(m_settings.baseUrl)) {
        const QString msg = QStringLiteral("no API key for %1").arg(m_settings.baseUrl.host());
        QMetaObject::invokeMethod(this, [done, msg] { done(Models::fail(msg)); }, Qt::QueuedConnection);
        return;
    }
    struct State
    {
        QList<Vector> vectors;
        int remaining = 0;
        bool failed = false;
        QList<quint64> ids;
    };
    auto state = std::make_shared<State>();
    state->vectors.resize(texts.size());
    const int batch = std::max(1, std::min(m_settings.batchSize, 50));
    state->remaining = int((texts.size() + batch - 1) / batch);
    const quint64 generation = m_generation;
    const QUrl url = openAiEndpoint(m_settings.baseUrl, QStringLiteral("embeddings"));
    for (qsizetype offset = 0; offset < texts.size(); offset += batch) {
        const QStringList slice = texts.mid(offset, batch);
        const QJsonObject payload{
            {QStringLiteral("model"), m_settings.model},
            {QStringLiteral("input"), QJsonArray::fromStringList(slice)},
            {QStringLiteral("input_type"), type == InputType::Query ? QStringLiteral("query") : QStringLiteral("passage")},
            {QStringLiteral("truncate"), QStringLiteral("END")},
            {QStringLiteral("encoding_format"), QStringLiteral("float")},
        };
        HttpRequest req;
        req.url = url;
        req.method = "POST";
        req.body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
        if (!m_apiKey.isEmpty())
            req.headers.append({"Authorization", "Bearer " + m_apiKey.toUtf8()});
        req.timeoutMs = m_settings.timeoutMs;
        req.maxAttempts = m_settings.maxAttempts;
        req.backoffBaseMs = m_settings.backoffBaseMs;
        req.label = QStringLiteral("embeddings");
        const int count = int(slice.size());
        const int dim = m_settings.dimension;
        state->ids.append(m_http.send(req, [this, state, offset, count, dim, done, generation](const HttpResult &r) {
            if (state->failed || generation != m_generation)
                return;
            Models::Result<QList<Vector>> part = r.ok() ? parseResponse(r.body, count, dim) : Models::fail(r.error);
            if (!part) {
                state->failed = true;
                for (quint64 id : std::as_const(state->ids))
                    m_http.cancel(id);
                done(Models::fail(QStringLiteral("embeddings batch at input %1: %2").arg(offset).arg(part.error())));
                return;
            }
            for (int i = 0; i < count; ++i)
                state->vectors[offset + i] = std::move((*part)[i]);
            if (--state->remaining == 0) {
                // Every batch must agree on the dimension, also when the setting leaves it open.
                const qsizetype d = state->vectors.first().size();
                for (const Vector &v : std::as_const(state->vectors)) {
                    if (v.size() != d) {
                        done(Models::fail(QStringLiteral("the server returned vectors of different dimensions (%1 and %2)").arg(d).arg(v.size())));
                        return;
                    }
                }
                done(state->vectors);
            }
        }));
    }
}

void EmbeddingClient::cancel()
{
    ++m_generation;
    m_http.cancelAll();
}

Models::Result<QList<Vector>> EmbeddingClient::embedBlocking(const QStringList &texts, InputType type)
{
    QEventLoop loop;
    std::optional<Models::Result<QList<Vector>>> result;
    embed(texts, type, [&](const Models::Result<QList<Vector>> &r) {
        result = r;
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

Models::Status storeEmbeddings(const Models::Database &db, const QString &model, int dimension,
                               const QList<qint64> &paperIds, const QList<Vector> &vectors)
{
    if (paperIds.size() != vectors.size())
        return Models::fail(QStringLiteral("%1 paper ids for %2 vectors").arg(paperIds.size()).arg(vectors.size()));
    const QSqlDatabase conn = db.connection();
    Models::Transaction tx(conn);
    if (!tx.isActive())
        return Models::fail(tx.error());
    auto check = Models::prepare(conn, QStringLiteral("SELECT dim FROM embedders WHERE name = ?"));
    if (!check)
        return Models::fail(check.error());
    check->addBindValue(model);
    if (auto ok = Models::execPrepared(*check, QStringLiteral("reading the embedder")); !ok)
        return ok;
    if (check->next()) {
        if (check->value(0).toInt() != dimension) {
            return Models::fail(QStringLiteral("embedder %1 is stored with %2 dimensions, these vectors have %3")
                                    .arg(model)
                                    .arg(check->value(0).toInt())
                                    .arg(dimension));
        }
    } else {
        auto ins = Models::prepare(conn, QStringLiteral("INSERT INTO embedders(name, dim) VALUES (?, ?)"));
        if (!ins)
            return Models::fail(ins.error());
        ins->addBindValue(model);
        ins->addBindValue(dimension);
        if (auto ok = Models::execPrepared(*ins, QStringLiteral("adding the embedder")); !ok)
            return ok;
    }
    auto q = Models::prepare(conn, QStringLiteral("INSERT OR REPLACE INTO embeddings(embedder, paper_id, dim, vector) VALUES (?, ?, ?, ?)"));
    if (!q)
        return Models::fail(q.error());
    for (qsizetype i = 0; i < vectors.size(); ++i) {
        const Vector &v = vectors.at(i);
        if (v.size() != dimension)
            return Models::fail(QStringLiteral("vector %1 has %2 dimensions, expected %3").arg(i).arg(v.size()).arg(dimension));
        QByteArray blob(v.size() * 4, Qt::Uninitialized);
        for (qsizetype k = 0; k < v.size(); ++k)
            qToLittleEndian<float>(v[k], blob.data() + k * 4);
        q->bindValue(0, model);
        q->bindValue(1, paperIds.at(i));
        q->bindValue(2, dimension);
        q->bindValue(3, blob);
        if (auto ok = Models::execPrepared(*q, QStringLiteral("storing a vector")); !ok)
            return ok;
    }
    return tx.commit();
}

Models::Result<QHash<qint64, Vector>> loadEmbeddings(const Models::Database &db, const QString &model,
                                                     const QList<qint64> &paperIds)
{
    QHash<qint64, Vector> out;
    auto q = Models::prepare(db.connection(), QStringLiteral("SELECT dim, vector FROM embeddings WHERE embedder = ? AND paper_id = ?"));
    if (!q)
        return Models::fail(q.error());
    for (qint64 id : paperIds) {
        q->bindValue(0, model);
        q->bindValue(1, id);
        if (auto ok = Models::execPrepared(*q, QStringLiteral("reading a vector")); !ok)
            return Models::fail(ok.error());
        if (!q->next())
            continue;
        const int dim = q->value(0).toInt();
        const QByteArray blob = q->value(1).toByteArray();
        Vector v(dim);
        for (int k = 0; k < dim; ++k)
            v[k] = qFromLittleEndian<float>(blob.constData() + k * 4);
        out.insert(id, std::move(v));
        q->finish();
    }
    return out;
}

} // namespace Sovereign::Pipeline
