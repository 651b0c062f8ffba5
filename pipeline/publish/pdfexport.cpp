// PdfOptions, the export model loader and the text helpers. The rendering is in pdfrender.cpp.
#include "pdfexport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSettings>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Sovereign::Pipeline {

using namespace Models;

PdfOptions PdfOptions::fromSettings()
{
    PdfOptions o;
    o.paper = paperFromString(QSettings().value(QStringLiteral("export/paper"), QStringLiteral("A4")).toString())
                  .value_or(Paper::A4);
    return o;
}

std::optional<PdfOptions::Paper> PdfOptions::paperFromString(const QString &s)
{
    const QString v = s.trimmed().toLower();
    if (v == QStringLiteral("a4"))
        return Paper::A4;
    if (v == QStringLiteral("letter") || v == QStringLiteral("us-letter"))
        return Paper::Letter;
    return std::nullopt;
}

QString plainText(const QString &untrusted)
{
    QString out;
    out.reserve(untrusted.size());
    const QString text = QString(untrusted).replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n' || u == u'\t') {
            out.append(c);
        } else if (u == u'\r' || u == 0x2028 || u == 0x2029) {
            out.append(u'\n');
        } else if (c.category() == QChar::Other_Control || u == 0xFFFC || u == 0xFFF9 || u == 0xFFFA ||
                   u == 0xFFFB) {
            continue; // control characters and QTextDocument's object marker never reach the layout
        } else {
            out.append(c);
        }
    }
    return out;
}

std::optional<QUrl> safeLink(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    const QString scheme = url.scheme().toLower();
    if (scheme != QStringLiteral("http") && scheme != QStringLiteral("https"))
        return std::nullopt;
    return url;
}

QString paperDate(const QDateTime &t)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(t.toUTC().date(), QStringLiteral("MMMM d, yyyy"));
}

QString tierLabel(const QString &tier)
{
    static const QHash<QString, QString> labels = {
        {QStringLiteral("FLAGSHIP_CANDIDATE"), QStringLiteral("Flagship candidate")},
        {QStringLiteral("DOI_GRADE"), QStringLiteral("DOI grade")},
        {QStringLiteral("PUBLIC_RECORD"), QStringLiteral("Public record")},
        {QStringLiteral("WATCHLIST"), QStringLiteral("Watchlist")},
        {QStringLiteral("QUARANTINE_CANDIDATE"), QStringLiteral("Quarantine candidate")},
    };
    return labels.value(tier, tier);
}

QJsonObject findContract(const QJsonObject &record, const QString &name)
{
    const QString schema = record.value(QStringLiteral("schema")).toString();
    if (schema.endsWith(u'/' + name))
        return record;
    for (auto it = record.constBegin(); it != record.constEnd(); ++it) {
        if (it.value().isObject()) {
            QJsonObject found = findContract(it.value().toObject(), name);
            if (!found.isEmpty())
                return found;
        }
    }
    return {};
}

namespace {

// Paper order: Abstract, numbered sections by number, other named sections, References last.
int sectionRank(const QString &heading, int *number)
{
    static const QRegularExpression numbered(QStringLiteral("^(\\d+)\\s"));
    const QString h = heading.trimmed();
    if (h.compare(QStringLiteral("Abstract"), Qt::CaseInsensitive) == 0)
        return 0;
    if (h.compare(QStringLiteral("References"), Qt::CaseInsensitive) == 0)
        return 3;
    const auto m = numbered.match(h);
    if (m.hasMatch()) {
        *number = m.captured(1).toInt();
        return 1;
    }
    return 2;
}

ExportSection::Kind kindOf(const QString &heading)
{
    if (heading.contains(QStringLiteral("Claims"), Qt::CaseInsensitive))
        return ExportSection::Kind::Claims;
    if (heading.trimmed().compare(QStringLiteral("References"), Qt::CaseInsensitive) == 0)
        return ExportSection::Kind::References;
    return ExportSection::Kind::Text;
}

QList<ExportSection> parseBody(const QString &body)
{
    // The seed format: a heading line, a blank line, the text. Headings are the known names.
    static const QRegularExpression heading(
        QStringLiteral("^(Abstract|References|\\d+ [A-Z][A-Za-z ]{2,40})\\s*$"));
    QList<ExportSection> out;
    for (const QString &line : body.split(u'\n')) {
        if (heading.match(line).hasMatch()) {
            out.append({line.trimmed(), QString(), kindOf(line)});
        } else if (!out.isEmpty()) {
            out.last().text += line + u'\n';
        }
    }
    for (ExportSection &s : out)
        s.text = s.text.trimmed();
    return out;
}

} // namespace

// The composer's JSON (pipeline/composer.cpp): lower-case keys, the claims and references as arrays,
// and display metadata (title, kernel, notice, date) that is not a section.
static QList<ExportSection> composerSections(const QJsonObject &sections)
{
    static const std::pair<const char *, const char *> known[] = {
        {"abstract", "Abstract"},       {"introduction", "1 Introduction"}, {"methodology", "2 Methodology"},
        {"results", "3 Results"},       {"uncertainties", "4 Uncertainties"}, {"claims", "5 Extracted Claims"},
        {"references", "References"},
    };
    static const QStringList metadata = {QStringLiteral("title"), QStringLiteral("kernel"), QStringLiteral("notice"),
                                         QStringLiteral("date")};
    QList<ExportSection> out;
    QStringList handled = metadata;
    for (const auto &[key, heading] : known) {
        const QString k = QLatin1StringView(key);
        handled.append(k);
        if (!sections.contains(k))
            continue;
        const QJsonValue v = sections.value(k);
        QString text;
        if (v.isArray()) {
            for (const QJsonValue &item : v.toArray())
                if (item.isString())
                    text += QStringLiteral("- ") + item.toString() + u'\n';
        } else {
            text = v.toString();
        }
        out.append({QLatin1StringView(heading), text.trimmed(), kindOf(QLatin1StringView(heading))});
    }
    // Sections the composer may add later: kept, before the claims, under their own name.
    for (auto it = sections.constBegin(); it != sections.constEnd(); ++it) {
        if (handled.contains(it.key()) || !it.value().isString())
            continue;
        QString heading = it.key();
        heading.replace(u'_', u' ');
        heading[0] = heading.at(0).toUpper();
        out.insert(out.size() > 5 ? 5 : out.size(), {heading, it.value().toString().trimmed(), ExportSection::Kind::Text});
    }
    return out;
}

QList<ExportSection> orderedSections(const QJsonObject &sections, const QString &body)
{
    if (sections.contains(QStringLiteral("abstract")) || sections.contains(QStringLiteral("introduction")))
        return composerSections(sections);
    QList<ExportSection> out;
    for (auto it = sections.constBegin(); it != sections.constEnd(); ++it) {
        QString text = it.value().isString() ? it.value().toString()
                                             : it.value().toObject().value(QStringLiteral("text")).toString();
        out.append({it.key(), text.trimmed(), kindOf(it.key())});
    }
    if (out.isEmpty())
        out = parseBody(body);
    std::stable_sort(out.begin(), out.end(), [](const ExportSection &a, const ExportSection &b) {
        int na = 0, nb = 0;
        const int ra = sectionRank(a.heading, &na), rb = sectionRank(b.heading, &nb);
        return ra != rb ? ra < rb : na < nb;
    });
    return out;
}

QString exportRefusal(const Draft &draft)
{
    if (draft.isPublished() && (draft.state == DraftState::Approved || draft.state == DraftState::AutoApproved))
        return {};
    switch (draft.state) {
    case DraftState::Running:
        return QStringLiteral("draft %1 is still running; only approved or published drafts can be exported").arg(draft.id);
    case DraftState::Escalated:
        return QStringLiteral("draft %1 is escalated and waits for the owner's decision; approve it first "
                              "(sovereign decide %1 approve)")
            .arg(draft.id);
    case DraftState::Rejected:
        return QStringLiteral("draft %1 was rejected; rejected drafts are not published and cannot be exported").arg(draft.id);
    case DraftState::Failed:
        return QStringLiteral("draft %1 failed in the pipeline; there is no paper to export").arg(draft.id);
    case DraftState::Approved:
    case DraftState::AutoApproved:
        break;
    }
    return QStringLiteral("draft %1 is marked %2 but has no publication time; it cannot be exported")
        .arg(draft.id)
        .arg(displayName(draft.state));
}

namespace {

QList<ExportReference> referencesFrom(const Store &store, const QList<ExportSection> &sections, qint64 runId)
{
    static const QRegularExpression urlRe(QStringLiteral("https?://[^\\s<>\"'\\)\\]]+"));
    static const QRegularExpression arxivRe(QStringLiteral("arxiv\\.org/abs/([^\\s/?#]+?)(v\\d+)?$"));
    QList<ExportReference> out;
    for (const ExportSection &s : sections) {
        if (s.kind != ExportSection::Kind::References)
            continue;
        for (const QString &rawLine : s.text.split(u'\n')) {
            QString line = rawLine.trimmed();
            if (line.startsWith(u'-') || line.startsWith(u'*'))
                line = line.mid(1).trimmed();
            if (line.isEmpty())
                continue;
            ExportReference ref;
            ref.label = line;
            const auto m = urlRe.match(line);
            if (m.hasMatch()) {
                if (auto u = safeLink(m.captured(0)))
                    ref.url = *u;
            }
            const auto a = arxivRe.match(ref.url.toString());
            if (a.hasMatch()) {
                ref.arxivId = a.captured(1) + a.captured(2);
                QSqlQuery q(store.connection());
                q.prepare(QStringLiteral("SELECT title FROM papers WHERE arxiv_id=?"));
                q.addBindValue(a.captured(1));
                if (q.exec() && q.next())
                    ref.title = q.value(0).toString();
            }
            out.append(ref);
        }
    }
    if (out.isEmpty()) {
        // No References section: cite the run's top papers.
        QSqlQuery q(store.connection());
        q.prepare(QStringLiteral("SELECT p.arxiv_id, p.latest_version, p.title FROM run_papers rp JOIN papers p ON "
                                 "p.id = rp.paper_id WHERE rp.run_id=? ORDER BY rp.final_rank LIMIT 12"));
        q.addBindValue(runId);
        if (q.exec()) {
            while (q.next()) {
                ExportReference ref;
                ref.arxivId = q.value(0).toString() + q.value(1).toString();
                ref.title = q.value(2).toString();
                ref.url = QUrl(QStringLiteral("https://arxiv.org/abs/") + ref.arxivId);
                ref.label = ref.url.toString();
                out.append(ref);
            }
        }
    }
    return out;
}

} // namespace

Result<PaperExport> loadPaperExport(const Store &store, qint64 draftId, const LedgerAnchor &anchor)
{
    PaperExport p;
    auto draft = store.draft(draftId);
    if (!draft)
        return fail(draft.error());
    if (const QString why = exportRefusal(*draft); !why.isEmpty())
        return fail(why);
    p.draft = *draft;
    auto run = store.run(draft->runId);
    if (!run)
        return fail(run.error());
    p.run = *run;
    p.verifyThreshold = PipelineSettings::fromJson(run->config).verifyThreshold;
    auto revisions = store.revisions(draftId);
    if (!revisions)
        return fail(revisions.error());
    const auto rev = std::find_if(revisions->cbegin(), revisions->cend(),
                                  [&](const DraftRevision &r) { return r.round == draft->currentRound; });
    if (rev != revisions->cend())
        p.sections = orderedSections(rev->sections, rev->body);
    auto claims = store.claims(draftId);
    if (!claims)
        return fail(claims.error());
    p.claims = *claims;
    auto corrections = store.corrections(draftId);
    if (!corrections)
        return fail(corrections.error());
    p.corrections = *corrections;
    auto decisions = store.decisions(draftId);
    if (!decisions)
        return fail(decisions.error());
    p.decisions = *decisions;
    if (auto record = store.publicRecord(draftId))
        p.publicRecord = *record;
    p.references = referencesFrom(store, p.sections, draft->runId);
    p.anchor = anchor;
    return p;
}

} // namespace Sovereign::Pipeline
