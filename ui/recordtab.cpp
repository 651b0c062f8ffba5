#include "recordtab.h"

#include "jsonview.h"
#include "textbuilder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTextCursor>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Sovereign::Ui {

using namespace Models;

namespace {

QString str(const QJsonObject &o, const char *key, const QString &fallback = QString())
{
    const QJsonValue v = o.value(QLatin1StringView(key));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble());
    if (v.isBool())
        return v.toBool() ? QCoreApplication::translate("Sovereign::Ui::RecordTab", "yes")
                           : QCoreApplication::translate("Sovereign::Ui::RecordTab", "no");
    return fallback;
}

QString humanTier(const QString &tier)
{
    if (tier == QLatin1StringView("FLAGSHIP_CANDIDATE"))
        return RecordTab::tr("Flagship candidate");
    if (tier == QLatin1StringView("DOI_GRADE"))
        return RecordTab::tr("DOI grade");
    if (tier == QLatin1StringView("PUBLIC_RECORD"))
        return RecordTab::tr("Public record");
    if (tier == QLatin1StringView("WATCHLIST"))
        return RecordTab::tr("Watchlist");
    if (tier == QLatin1StringView("QUARANTINE_CANDIDATE"))
        return RecordTab::tr("Quarantine candidate");
    return tier;
}

QString flat(const QJsonValue &v)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("text")).isString())
            return o.value(QStringLiteral("text")).toString();
        QStringList parts;
        for (auto it = o.begin(); it != o.end(); ++it)
            parts.append(QStringLiteral("%1: %2").arg(it.key(), flat(it.value())));
        return parts.join(QStringLiteral("; "));
    }
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &e : v.toArray())
            parts.append(flat(e));
        return parts.join(QStringLiteral(", "));
    }
    if (v.isNull() || v.isUndefined())
        return RecordTab::tr("not recorded");
    QJsonObject one{{QStringLiteral("v"), v}};
    return str(one, "v");
}

QString humanKey(QString key);

// Every field of a record object: the known ones first in their order and with their names, then
// the rest as stored (nothing the record holds is left out).
QList<QStringList> allFields(const QJsonObject &o, const QList<std::pair<const char *, QString>> &known)
{
    QList<QStringList> rows;
    QSet<QString> done;
    for (const auto &[key, label] : known) {
        const QString k = QString::fromLatin1(key);
        done.insert(k);
        if (o.contains(k))
            rows.append({label, flat(o.value(k))});
    }
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!done.contains(it.key()))
            rows.append({humanKey(it.key()), flat(it.value())});
    return rows;
}

QString humanKey(QString key)
{
    key.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!key.isEmpty())
        key[0] = key.at(0).toUpper();
    return key;
}

} // namespace

RecordTab::RecordTab(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_page = new QTextBrowser(this);
    m_page->setOpenLinks(false);
    m_page->setAccessibleName(tr("Public record"));
    m_page->document()->setDocumentMargin(18);
    m_page->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_json = new JsonView(this);
    m_json->setAccessibleName(tr("Record JSON"));
    m_json->setToolTip(tr("The stored public record (contract objects), highlighted"));
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_page);
    split->addWidget(m_json);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split);
    clear(tr("Select a draft to see its public record."));
}

void RecordTab::clear(const QString &emptyMessage)
{
    TextBuilder b(m_page->document());
    b.muted(emptyMessage);
    m_json->clear();
}

QString RecordTab::pageText() const { return m_page->toPlainText(); }

void RecordTab::setDetails(const DraftDetails &details)
{
    if (details.record.isEmpty()) {
        clear(details.draft.state == DraftState::Running
                  ? tr("The public record is built at the end of the run. Follow the run on the Pipeline tab.")
                  : tr("This draft has no public record (the run did not reach the record stage)."));
        return;
    }
    render(m_page->document(), details);
    m_page->moveCursor(QTextCursor::Start); // open at the top, not where the last draft was scrolled
    m_page->ensureCursorVisible();
    m_json->setJsonText(QString::fromUtf8(QJsonDocument(details.record).toJson(QJsonDocument::Indented)));
}

void RecordTab::render(QTextDocument *document, const DraftDetails &d)
{
    const QJsonObject &r = d.record;
    const QString none = tr("not recorded");
    TextBuilder b(document);
    b.subheading(str(r, "srch_id", d.draft.srchId));
    b.title(str(r, "title", d.draft.title));
    b.heading(tr("Abstract"));
    b.paragraph(str(r, "abstract", none));
    b.heading(tr("Research Question"));
    b.paragraph(str(r, "research_question", d.draft.question));

    const QJsonObject vl = r.value(QStringLiteral("verification_level")).toObject();
    const QJsonObject cs = vl.value(QStringLiteral("claim_summary")).toObject();
    b.heading(tr("Verification Level"));
    b.table({{tr("Paper level"), vl.contains(QStringLiteral("paper_level"))
                                     ? QStringLiteral("L%1, %2").arg(vl.value(QStringLiteral("paper_level")).toInt()).arg(str(vl, "paper_level_label"))
                                     : none},
             {tr("Source-grounded claims"), str(cs, "source_grounded_claims", none)},
             {tr("Claim record source"), str(cs, "claim_record_source", none)}});
    b.muted(tr("Descriptive public verification status only; aggregate claim counts are public, individual claim "
               "records are not exposed here."));

    const QJsonObject gate = r.value(QStringLiteral("gate_verdict")).toObject();
    b.heading(tr("Gate Verdict"));
    if (gate.isEmpty())
        b.paragraph(none);
    else
        b.table(allFields(gate, {{"label", tr("Status")}, {"status", tr("Status code")}, {"definition", tr("Definition")},
                                 {"reason", tr("Reason")}, {"evaluated_at", tr("Evaluated at")}, {"gate", tr("Gate")},
                                 {"enforcement", tr("Enforcement")}}));

    const QJsonObject qt = r.value(QStringLiteral("quality_tier")).toObject();
    b.heading(tr("Quality Tier"));
    b.table({{tr("Tier"), qt.isEmpty() ? none : humanTier(str(qt, "tier"))}, {tr("Basis"), str(qt, "basis", none)}});
    b.muted(tr("Descriptive public triage only; the tier does not change publication or DOI behaviour."));

    const QJsonObject dims = r.value(QStringLiteral("quality_dimensions")).toObject().value(QStringLiteral("dimensions")).toObject();
    b.heading(tr("Quality Dimensions"));
    QList<QStringList> rows;
    // Record pages show the assessed dimensions only.
    for (const char *key : {"evidence_strength", "citation_grounding", "numerical_consistency", "benchmark_validity",
                            "novelty", "uncertainty_disclosure", "reproducibility_status", "safety_impact"}) {
        const QJsonObject dim = dims.value(QLatin1StringView(key)).toObject();
        const QString level = str(dim, "level");
        if (level.isEmpty() || level == QLatin1StringView("UNASSESSED"))
            continue;
        rows.append({humanKey(QString::fromLatin1(key)), level, str(dim, "basis")});
    }
    if (rows.isEmpty())
        b.paragraph(tr("No dimension assessed."));
    else
        b.table(rows);
    b.muted(tr("Automated triage signals derived from public fields; not human peer review or independent validation."));

    const QJsonObject cr = r.value(QStringLiteral("correction_record")).toObject();
    b.heading(tr("Correction Record"));
    b.table({{tr("Status"), str(cr, "correction_state", none)},
             {tr("Correction count"), str(cr, "correction_count", QString::number(d.corrections.size()))},
             {tr("Manifest contract"), str(cr.value(QStringLiteral("manifest")).toObject(), "contract_version", QStringLiteral("paper-manifest-v1.1"))},
             {tr("Correction contract"), QStringLiteral("correction-record-v1")}});
    for (const Correction &c : d.corrections)
        b.paragraph(tr("%1 · %2 · %3: %4").arg(c.correctedAt.toString(Qt::ISODate), c.eventId, toText(c.type), c.publicNote));
    // The record's own reading of its state (CURRENT, CORRECTED or SUPERSEDED), as published.
    b.muted(str(cr, "interpretation", tr("Public corrections are additive records. No correction state claims the synthesis is error-free.")));

    // The record names it "source_provenance" (older records: "provenance").
    QJsonObject p = r.value(QStringLiteral("source_provenance")).toObject();
    if (p.isEmpty())
        p = r.value(QStringLiteral("provenance")).toObject();
    b.heading(tr("Provenance"));
    if (p.contains(QStringLiteral("public_provenance_level")))
        p.insert(QStringLiteral("public_provenance_level"),
                 QStringLiteral("L%1, %2").arg(p.value(QStringLiteral("public_provenance_level")).toInt()).arg(str(p, "public_provenance_label")));
    p.remove(QStringLiteral("public_provenance_label"));
    if (!p.isEmpty() && p.value(QStringLiteral("publisher")).toString().trimmed().isEmpty())
        p.insert(QStringLiteral("publisher"), tr("not set (asked when you first approve a draft; Settings → Publisher)"));
    if (p.isEmpty())
        b.paragraph(none);
    else
        b.table(allFields(p, {{"publisher", tr("Publisher")}, {"public_provenance_level", tr("Public provenance")},
                              {"report_artifact", tr("Report artifact")}, {"external_record", tr("External record")},
                              {"external_record_id", tr("External record id")}, {"claim_lineage", tr("Claim lineage")},
                              {"review_method", tr("Review method")}, {"quality_guide", tr("Quality guide")},
                              {"provenance_contract", tr("Provenance contract")}, {"note", tr("Note")}}));
}

} // namespace Sovereign::Ui
