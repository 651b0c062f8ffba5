#pragma once

// Paper <-> JSON for golden files of the retrieval tests (row ids and timestamps left out).

#include "models/types/types.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Sovereign::Test {

inline QJsonObject paperJson(const Models::Paper &p)
{
    QJsonArray versions;
    for (const auto &v : p.versions)
        versions.append(QJsonObject{{QStringLiteral("version"), v.version}, {QStringLiteral("created"), v.created}});
    return {{QStringLiteral("arxiv_id"), p.arxivId},
            {QStringLiteral("latest_version"), p.latestVersion},
            {QStringLiteral("title"), p.title},
            {QStringLiteral("abstract"), p.abstract},
            {QStringLiteral("authors"), QJsonArray::fromStringList(p.authors)},
            {QStringLiteral("affiliations"), QJsonArray::fromStringList(p.affiliations)},
            {QStringLiteral("categories"), QJsonArray::fromStringList(p.categories)},
            {QStringLiteral("primary_category"), p.primaryCategory},
            {QStringLiteral("published"), p.published},
            {QStringLiteral("updated"), p.updated},
            {QStringLiteral("doi"), p.doi},
            {QStringLiteral("journal_ref"), p.journalRef},
            {QStringLiteral("comments"), p.comments},
            {QStringLiteral("versions"), versions},
            {QStringLiteral("origin"), p.origin},
            {QStringLiteral("is_demo"), p.isDemo}};
}

} // namespace Sovereign::Test
