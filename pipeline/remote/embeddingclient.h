#pragma once

// EmbeddingClient: POST {base}/v1/embeddings on NIM or any OpenAI-compatible server. Inputs are sent
// in batches of at most `batchSize` (50) with input_type query|passage, truncate "END" and
// encoding_format "float"; each batch's results are put back in input order by their `index`, and
// every vector's dimension is checked. 429s back off (Retry-After honoured) through HttpClient.
// Failures come back as a readable message; a partial result is never returned.
//
// storeEmbeddings() writes vectors tagged with the model's name into the embedders/embeddings
// tables, so remote vectors never mix with local ones (or with another model's).

#include "httpclient.h"
#include "remotesettings.h"

#include "models/storage/database.h"

#include <QObject>
#include <QStringList>
#include <QVector>

namespace Sovereign::Pipeline {

using Vector = QVector<float>;

class EmbeddingClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddingClient)

public:
    enum class InputType { Query, Passage };
    using Callback = std::function<void(const Models::Result<QList<Vector>> &)>;

    EmbeddingClient(const EmbeddingSettings &settings, QString apiKey, QObject *parent = nullptr);

    const EmbeddingSettings &settings() const { return m_settings; }
    HttpClient *http() { return &m_http; }

    // Calls done once with one vector per text, in the order of `texts`.
    void embed(const QStringList &texts, InputType type, Callback done);
    void cancel();

    // Blocking convenience for worker threads and the CLI (runs a local event loop).
    Models::Result<QList<Vector>> embedBlocking(const QStringList &texts, InputType type);

    // Parses one /v1/embeddings response for a batch of `expected` inputs (public for tests).
    static Models::Result<QList<Vector>> parseResponse(const QByteArray &body, int expected, int dimension);

private:
    EmbeddingSettings m_settings;
    QString m_apiKey;
    HttpClient m_http;
    quint64 m_generation = 0;
};

// Stores vectors under embedder name = model, creating the embedders row (dim checked against an
// existing row: a different dimension for the same name is refused).
Models::Status storeEmbeddings(const Models::Database &db, const QString &model, int dimension,
                               const QList<qint64> &paperIds, const QList<Vector> &vectors);
Models::Result<QHash<qint64, Vector>> loadEmbeddings(const Models::Database &db, const QString &model,
                                                     const QList<qint64> &paperIds);

} // namespace Sovereign::Pipeline
