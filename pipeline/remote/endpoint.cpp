#include "endpoint.h"

namespace Sovereign::Pipeline {

QUrl openAiEndpoint(const QUrl &base, const QString &path)
{
    QUrl url = base;
    QString p = url.path();
    while (p.endsWith(u'/'))
        p.chop(1);
    if (!p.endsWith(QStringLiteral("/v1")))
        p += QStringLiteral("/v1");
    url.setPath(p + u'/' + path);
    url.setQuery(QString());
    return url;
}

} // namespace Sovereign::Pipeline
