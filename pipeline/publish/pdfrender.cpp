// renderPaperPdf: lays the paper out in a QTextDocument (text only ever through insertText) and
// paints it page by page on a QPdfWriter with a footer. See pdfexport.h for the safety rules.
#include "pdfexport.h"

#include <QAbstractTextDocumentLayout>

#include <algorithm>
#include <QBuffer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QJsonArray>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QTextObjectInterface>
#include <QTextTable>

namespace Sovereign::Pipeline {

using namespace Models;

namespace {

constexpr int BarObjectType = QTextFormat::UserObject + 7;
enum BarProperty { BarValue = QTextFormat::UserProperty + 70, BarScale, BarThreshold, BarVerified };
constexpr int HeadingMarker = QTextFormat::UserProperty + 80;

const QColor Ink(0x1d, 0x1d, 0x1f);
const QColor Muted(0x5f, 0x63, 0x68);
const QColor Rule(0xc8, 0xcc, 0xd0);
const QColor HeaderFill(0xee, 0xf1, 0xf4);
const QColor LinkBlue(0x1a, 0x4f, 0x8b);
const QColor VerifiedFill(0x2f, 0x7d, 0x6b);
const QColor UnverifiedFill(0xb0, 0x6a, 0x2a);
const QColor Track(0xe3, 0xe6, 0xe9);

// Confidence bars drawn as vector shapes: a track, the filled share, and a tick at the threshold.
class BarHandler final : public QObject, public QTextObjectInterface
{
    Q_OBJECT
    Q_INTERFACES(QTextObjectInterface)

public:
    explicit BarHandler(qreal dpi, QObject *parent) : QObject(parent), m_dpi(dpi) {}

    QSizeF intrinsicSize(QTextDocument *, int, const QTextFormat &) override { return {mm(17), mm(2.4)}; }

    void drawObject(QPainter *p, const QRectF &rect, QTextDocument *, int, const QTextFormat &f) override
    {
        const qreal scale = std::max(f.doubleProperty(BarScale), 0.01);
        const qreal value = std::clamp(f.doubleProperty(BarValue) / scale, 0.0, 1.0);
        const qreal threshold = std::clamp(f.doubleProperty(BarThreshold) / scale, 0.0, 1.0);
        p->save();
        p->setPen(Qt::NoPen);
        p->setBrush(Track);
        p->drawRect(rect);
        p->setBrush(f.boolProperty(BarVerified) ? VerifiedFill : UnverifiedFill);
        p->drawRect(QRectF(rect.left(), rect.top(), rect.width() * value, rect.height()));
        p->setPen(QPen(Ink, mm(0.25)));
        const qreal x = rect.left() + rect.width() * threshold;
        p->drawLine(QPointF(x, rect.top() - mm(0.5)), QPointF(x, rect.bottom() + mm(0.5)));
        p->restore();
    }

private:
    qreal mm(qreal v) const { return v * m_dpi / 25.4; }
    qreal m_dpi;
};

QString humanize(const QString &key)
{
    QString s = key;
    s.replace(u'_', u' ');
    if (!s.isEmpty())
        s[0] = s.at(0).toUpper();
    return s;
}

QString jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == std::floor(d) ? QString::number(qint64(d)) : QString::number(d, 'f', 2);
    }
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &x : v.toArray())
            if (!x.isObject() && !x.isArray())
                parts.append(jsonText(x));
        return parts.join(QStringLiteral(", "));
    }
    default: return {};
    }
}

using Rows = QList<std::pair<QString, QString>>;

class PaperBuilder
{
public:
    PaperBuilder(QTextDocument &doc, qreal dpi) : m_doc(doc), m_cursor(&doc), m_dpi(dpi)
    {
        m_serif.setFamilies({QStringLiteral("Noto Serif"), QStringLiteral("DejaVu Serif")});
        m_sans.setFamilies({QStringLiteral("Noto Sans"), QStringLiteral("DejaVu Sans")});
        // No fi/fl ligatures: they come out of the PDF as U+FB01..., which breaks search and copy.
        // PreferNoShaping keeps shaping where a script needs it (Arabic, Hebrew marks) and drops the
        // cosmetic Latin ligatures.
        for (QFont *f : {&m_serif, &m_sans}) {
            f->setStyleStrategy(QFont::PreferNoShaping);
            f->setFeature(QFont::Tag("liga"), 0);
        }
    }

    void build(const PaperExport &p);

private:
    // Lengths in text formats (margins, padding, borders) are in 96-dpi pixels: the layout scales
    // them to the paint device itself.
    static qreal pt(qreal v) { return v * 96.0 / 72.0; }

    QTextCharFormat charFormat(const QFont &family, qreal size, bool bold = false, bool italic = false,
                               const QColor &color = Ink) const
    {
        QTextCharFormat f;
        QFont font = family;
        font.setPointSizeF(size);
        font.setBold(bold);
        font.setItalic(italic);
        f.setFont(font);
        f.setForeground(color);
        return f;
    }

    QTextBlockFormat blockFormat(Qt::Alignment align, qreal before, qreal after) const
    {
        QTextBlockFormat b;
        b.setAlignment(align);
        b.setTopMargin(pt(before));
        b.setBottomMargin(pt(after));
        b.setLineHeight(118, QTextBlockFormat::ProportionalHeight);
        return b;
    }

    // Each line of untrusted text becomes its own block, inserted as plain text.
    void paragraphs(const QString &text, const QTextBlockFormat &block, const QTextCharFormat &chars)
    {
        for (const QString &line : plainText(text).split(u'\n')) {
            if (line.trimmed().isEmpty())
                continue;
            newBlock(block, chars);
            m_cursor.insertText(line, chars);
        }
    }

    void newBlock(const QTextBlockFormat &block, const QTextCharFormat &chars)
    {
        if (m_first) {
            m_cursor.setBlockFormat(block);
            m_cursor.setBlockCharFormat(chars);
            m_first = false;
        } else {
            m_cursor.insertBlock(block, chars);
        }
    }

    void heading(const QString &text, qreal size = 11.5, bool newPage = false)
    {
        QTextBlockFormat b = blockFormat(Qt::AlignLeft, newPage ? 0 : 12, 4);
        if (newPage)
            b.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        b.setProperty(HeadingMarker, true);
        b.setLayoutDirection(Qt::LeftToRight);
        const QTextCharFormat c = charFormat(m_sans, size, true);
        newBlock(b, c);
        m_cursor.insertText(plainText(text), c);
    }

    QTextTable *table(int rows, const QList<qreal> &percent, bool header)
    {
        QTextTableFormat tf;
        tf.setWidth(QTextLength(QTextLength::PercentageLength, 100));
        QList<QTextLength> widths;
        for (qreal w : percent)
            widths.append(QTextLength(QTextLength::PercentageLength, w));
        tf.setColumnWidthConstraints(widths);
        tf.setCellPadding(pt(3));
        tf.setCellSpacing(0);
        tf.setBorder(pt(0.5));
        tf.setBorderCollapse(true);
        tf.setBorderBrush(Rule);
        tf.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        tf.setTopMargin(pt(4));
        tf.setBottomMargin(pt(4));
        if (header)
            tf.setHeaderRowCount(1);
        QTextTable *t = m_cursor.insertTable(rows, int(percent.size()), tf);
        m_first = false;
        return t;
    }

    void cellText(QTextTable *t, int row, int col, const QString &text, const QTextCharFormat &chars,
                  Qt::Alignment align = Qt::AlignLeft)
    {
        QTextCursor c = t->cellAt(row, col).firstCursorPosition();
        QTextBlockFormat b;
        b.setAlignment(align);
        c.setBlockFormat(b);
        c.insertText(plainText(text), chars);
    }

    void leaveTable()
    {
        m_cursor.movePosition(QTextCursor::End);
    }

    void keyValueTable(const Rows &rows)
    {
        if (rows.isEmpty())
            return;
        QTextTable *t = table(int(rows.size()), {30, 70}, false);
        const QTextCharFormat key = charFormat(m_sans, 8.5, true, false, Muted);
        const QTextCharFormat value = charFormat(m_sans, 8.5);
        for (int i = 0; i < rows.size(); ++i) {
            cellText(t, i, 0, rows.at(i).first, key);
            cellText(t, i, 1, rows.at(i).second, value);
        }
        leaveTable();
    }

    void note(const QString &text)
    {
        const QTextCharFormat c = charFormat(m_serif, 8, false, true, Muted);
        newBlock(blockFormat(Qt::AlignLeft, 1, 6), c);
        m_cursor.insertText(plainText(text), c);
    }

    void titleBlock(const PaperExport &p);
    void claimsTable(const PaperExport &p);
    void references(const PaperExport &p);
    void recordAppendix(const PaperExport &p);
    void correctionsAppendix(const PaperExport &p);

    QTextDocument &m_doc;
    QTextCursor m_cursor;
    qreal m_dpi;
    QFont m_serif;
    QFont m_sans;
    bool m_first = true;
};

void PaperBuilder::titleBlock(const PaperExport &p)
{
    const QTextCharFormat kicker = charFormat(m_sans, 8, true, false, Muted);
    newBlock(blockFormat(Qt::AlignHCenter, 0, 6), kicker);
    m_cursor.insertText(QStringLiteral("SOVEREIGN RESEARCH KERNEL  ·  OWNER-REVIEWED SYNTHESIS"), kicker);

    const QTextCharFormat title = charFormat(m_serif, 17, true);
    QTextBlockFormat tb = blockFormat(Qt::AlignHCenter, 2, 8);
    tb.setLineHeight(112, QTextBlockFormat::ProportionalHeight);
    newBlock(tb, title);
    m_cursor.insertText(plainText(p.draft.title), title);

    const QTextCharFormat meta = charFormat(m_sans, 9, false, false, Muted);
    newBlock(blockFormat(Qt::AlignHCenter, 0, 2), meta);
    m_cursor.insertText(p.draft.srchId + QStringLiteral("   ·   ") + paperDate(p.draft.publishedAt), meta);

    QString approval;
    for (const Decision &d : p.decisions) {
        if (d.action == DecisionAction::Approve)
            approval = QStringLiteral("Approved by %1 on %2").arg(plainText(d.actor), paperDate(d.decidedAt));
        else if (d.action == DecisionAction::AutoApprove)
            approval = QStringLiteral("Published by the pipeline's auto-approval policy on %1").arg(paperDate(d.decidedAt));
    }
    if (p.draft.score)
        approval += QStringLiteral("   ·   Tribunal %1/10").arg(*p.draft.score, 0, 'f', 1);
    if (!p.corrections.isEmpty())
        approval += QStringLiteral("   ·   Corrected (%1)").arg(p.corrections.size());
    newBlock(blockFormat(Qt::AlignHCenter, 0, 10), meta);
    m_cursor.insertText(approval, meta);

    // The research question and the source, set off like an epigraph.
    QTextBlockFormat q = blockFormat(Qt::AlignJustify, 0, 3);
    q.setLeftMargin(pt(28));
    q.setRightMargin(pt(28));
    const QTextCharFormat label = charFormat(m_sans, 8.5, true, false, Muted);
    const QTextCharFormat qtext = charFormat(m_serif, 9.5, false, true);
    newBlock(q, label);
    m_cursor.insertText(QStringLiteral("Research question. "), label);
    m_cursor.insertText(plainText(p.draft.question), qtext);
    if (!p.run.sourceTitle.isEmpty()) {
        newBlock(q, label);
        m_cursor.insertText(QStringLiteral("Source. "), label);
        m_cursor.insertText(plainText(p.run.sourceTitle) + QStringLiteral(" (") + plainText(p.run.sourceRef) + u')', qtext);
    }
}

void PaperBuilder::claimsTable(const PaperExport &p)
{
    if (p.claims.isEmpty()) {
        paragraphs(QStringLiteral("No claims were extracted."), blockFormat(Qt::AlignJustify, 0, 4),
                   charFormat(m_serif, 10.5));
        return;
    }
    // One scale everywhere: bars span 0 to 1 as in the workbench, the tick at the run's threshold.
    const double scale = 1.0;
    // The stance column appears when a stance check ran (a second, labelled signal).
    const bool stances = std::any_of(p.claims.cbegin(), p.claims.cend(), [](const Claim &c) { return c.stance.has_value(); });
    QTextTable *t = table(int(p.claims.size()) + 1, stances ? QList<qreal>{5, 43, 11, 19, 22} : QList<qreal>{5, 60, 13, 22}, true);
    const QTextCharFormat head = charFormat(m_sans, 8.5, true);
    const QTextCharFormat body = charFormat(m_serif, 9);
    const QTextCharFormat small = charFormat(m_sans, 8, false, false, Muted);
    const QTextCharFormat fix = charFormat(m_serif, 8.5, false, true, Ink);
    QStringList heads = {QStringLiteral("#"), QStringLiteral("Claim"), QStringLiteral("Verified"),
                         QStringLiteral("Confidence")};
    if (stances)
        heads << QStringLiteral("Stance (quote)");
    for (int col = 0; col < heads.size(); ++col) {
        QTextTableCell cell = t->cellAt(0, col);
        QTextCharFormat fill = cell.format();
        fill.setBackground(HeaderFill);
        cell.setFormat(fill);
        cellText(t, 0, col, heads.at(col), head);
    }
    for (int i = 0; i < p.claims.size(); ++i) {
        const Claim &c = p.claims.at(i);
        const int row = i + 1;
        cellText(t, row, 0, QString::number(c.ordinal), small);
        cellText(t, row, 1, c.text, body);
        // Corrections are additive: the published text stays, each correction follows it.
        for (const Correction &corr : p.corrections) {
            if (corr.claimId != c.id || corr.newText.isEmpty())
                continue;
            QTextCursor cc = t->cellAt(row, 1).lastCursorPosition();
            cc.insertBlock();
            cc.insertText(QStringLiteral("Corrected %1 (%2): ").arg(paperDate(corr.correctedAt), corr.eventId), small);
            cc.insertText(plainText(corr.newText), fix);
        }
        QString verdict = c.effectiveVerified() ? QStringLiteral("✓ yes") : QStringLiteral("× no");
        if (c.verifiedOverride)
            verdict += QStringLiteral("\nowner override");
        cellText(t, row, 2, verdict, small);
        QTextCursor bc = t->cellAt(row, 3).firstCursorPosition();
        QTextCharFormat bar;
        bar.setObjectType(BarObjectType);
        bar.setProperty(BarValue, c.confidence);
        bar.setProperty(BarScale, scale);
        bar.setProperty(BarThreshold, p.verifyThreshold);
        bar.setProperty(BarVerified, c.effectiveVerified());
        bar.setVerticalAlignment(QTextCharFormat::AlignMiddle);
        bc.insertText(QString::number(c.confidence, 'f', 2) + QStringLiteral("  "), small);
        bc.insertText(QString(QChar::ObjectReplacementCharacter), bar);
        if (stances && c.stance) {
            const Models::ClaimStance &st = *c.stance;
            if (st.usable()) {
                QTextCursor sc = t->cellAt(row, 4).firstCursorPosition();
                sc.insertText(st.label, charFormat(m_sans, 8, true));
                if (!st.quote.isEmpty())
                    sc.insertText(QStringLiteral("\n\u201c%1\u201d").arg(plainText(st.quote)), small);
            } else {
                cellText(t, row, 4, st.status == QStringLiteral("failed") ? QStringLiteral("no answer")
                                                                          : QStringLiteral("%1 discarded: quote not in the passage").arg(st.label),
                         small);
            }
        } else if (stances) {
            cellText(t, row, 4, QStringLiteral("—"), small);
        }
    }
    leaveTable();
    note(QStringLiteral("Confidence is the best TF-IDF cosine between the claim and a retrieved passage. Bars span "
                        "0 to 1, as in the workbench; the tick marks this run's verification threshold %1.")
             .arg(p.verifyThreshold, 0, 'f', 2));
    if (stances)
        note(QStringLiteral("Stance is a language model's label for the claim's evidence passage (SUPPORTS, REFUTES, "
                            "NOT_ENOUGH_INFO) with the sentence it quoted; a label whose quote is not in the passage is "
                            "discarded. The cosine remains the verification signal."));
}

void PaperBuilder::references(const PaperExport &p)
{
    const QTextCharFormat body = charFormat(m_serif, 9.5);
    const QTextCharFormat num = charFormat(m_sans, 8.5, true, false, Muted);
    QTextCharFormat link = charFormat(m_sans, 8.5, false, false, LinkBlue);
    for (int i = 0; i < p.references.size(); ++i) {
        const ExportReference &r = p.references.at(i);
        QTextBlockFormat b = blockFormat(Qt::AlignLeft, 0, 3);
        b.setLeftMargin(pt(18));
        b.setTextIndent(-pt(18));
        newBlock(b, body);
        m_cursor.insertText(QStringLiteral("[%1]  ").arg(i + 1), num);
        if (!r.title.isEmpty())
            m_cursor.insertText(plainText(r.title) + QStringLiteral(". "), body);
        // The arXiv id is in the link already; alone (no link) it is still worth printing.
        if (!r.arxivId.isEmpty() && !r.url.isValid())
            m_cursor.insertText(QStringLiteral("arXiv:") + plainText(r.arxivId) + QStringLiteral(". "), body);
        if (r.url.isValid()) {
            QTextCharFormat a = link;
            a.setAnchor(true);
            a.setAnchorHref(r.url.toString(QUrl::FullyEncoded));
            // The link on its own line, so it is not split in the middle.
            if (!r.title.isEmpty())
                m_cursor.insertText(QString(QChar::LineSeparator), body);
            m_cursor.insertText(r.url.toDisplayString(), a);
        } else {
            // Not an http(s) link: shown as text, never made clickable.
            m_cursor.insertText(plainText(r.label), body);
        }
    }
}

void PaperBuilder::recordAppendix(const PaperExport &p)
{
    heading(QStringLiteral("Appendix A. Public record"), 12, true);
    const QJsonObject &rec = p.publicRecord;
    if (rec.isEmpty()) {
        note(QStringLiteral("No public record has been computed for this draft."));
        return;
    }
    keyValueTable({{QStringLiteral("SRCH id"), p.draft.srchId}});

    const QJsonObject vl = findContract(rec, QStringLiteral("verification-levels-v1"));
    if (!vl.isEmpty()) {
        heading(QStringLiteral("Verification level"), 10);
        const QJsonObject cs = vl.value(QStringLiteral("claim_summary")).toObject();
        keyValueTable({{QStringLiteral("Paper level"), QStringLiteral("L%1, %2")
                                                           .arg(vl.value(QStringLiteral("paper_level")).toInt())
                                                           .arg(vl.value(QStringLiteral("paper_level_label")).toString())},
                       {QStringLiteral("Source-grounded claims"), jsonText(cs.value(QStringLiteral("source_grounded_claims")))},
                       {QStringLiteral("Claim record source"), jsonText(cs.value(QStringLiteral("claim_record_source")))},
                       {QStringLiteral("Basis"), jsonText(vl.value(QStringLiteral("basis")))}});
        note(QStringLiteral("A descriptive status: the counts are aggregates over the draft's claims."));
    }
    const QJsonObject gate = findContract(rec, QStringLiteral("gate-verdict-v1"));
    if (!gate.isEmpty()) {
        heading(QStringLiteral("Gate verdict"), 10);
        keyValueTable({{QStringLiteral("Status"), jsonText(gate.value(QStringLiteral("label")))},
                       {QStringLiteral("Reason"), jsonText(gate.value(QStringLiteral("reason")))}});
    }
    const QJsonObject tier = findContract(rec, QStringLiteral("quality-tiers-v1"));
    if (!tier.isEmpty()) {
        heading(QStringLiteral("Quality tier"), 10);
        const QJsonObject in = tier.value(QStringLiteral("inputs")).toObject();
        keyValueTable({{QStringLiteral("Tier"), tierLabel(tier.value(QStringLiteral("tier")).toString())},
                       {QStringLiteral("Basis"), jsonText(tier.value(QStringLiteral("basis")))},
                       {QStringLiteral("Review score"), QString::number(in.value(QStringLiteral("review_score")).toDouble(), 'f', 2) +
                                                            QStringLiteral("/10")},
                       {QStringLiteral("Verified claims"), jsonText(in.value(QStringLiteral("verified_claim_count")))}});
        note(QStringLiteral("Triage only: the tier does not change how the paper is published."));
    }
    const QJsonObject dims = findContract(rec, QStringLiteral("quality-dimensions-v1"));
    if (!dims.isEmpty()) {
        heading(QStringLiteral("Quality dimensions"), 10);
        Rows rows;
        const QJsonObject all = dims.value(QStringLiteral("dimensions")).toObject();
        for (const char *key : {"evidence_strength", "citation_grounding", "numerical_consistency", "benchmark_validity",
                                "novelty", "uncertainty_disclosure", "reproducibility_status", "safety_impact"}) {
            const QJsonObject d = all.value(QLatin1StringView(key)).toObject();
            const QString level = d.value(QStringLiteral("level")).toString();
            if (d.isEmpty() || level == QStringLiteral("UNASSESSED"))
                continue; // unassessed dimensions are not shown, as on the record page
            QString v = level;
            if (d.value(QStringLiteral("score")).isDouble())
                v += QStringLiteral(" (%1/10)").arg(d.value(QStringLiteral("score")).toDouble(), 0, 'f', 1);
            if (!d.value(QStringLiteral("basis")).toString().isEmpty())
                v += QStringLiteral(": ") + d.value(QStringLiteral("basis")).toString();
            rows.append({humanize(QLatin1StringView(key)), v});
        }
        keyValueTable(rows);
        note(QStringLiteral("Automated signals computed from the run, not peer review."));
    }
    const QJsonObject cr = findContract(rec, QStringLiteral("correction-record-v1"));
    heading(QStringLiteral("Correction record"), 10);
    // State and count follow from the corrections themselves.
    QString state = p.corrections.isEmpty() ? QStringLiteral("CURRENT") : QStringLiteral("CORRECTED");
    if (cr.value(QStringLiteral("correction_state")).toString() == QStringLiteral("SUPERSEDED"))
        state = QStringLiteral("SUPERSEDED");
    Rows crRows{{QStringLiteral("Status"), state}, {QStringLiteral("Correction count"), QString::number(p.corrections.size())}};
    if (!p.corrections.isEmpty())
        crRows.append({QStringLiteral("Last corrected"), toIso(p.corrections.constLast().correctedAt)});
    const QJsonObject manifest = cr.value(QStringLiteral("manifest")).toObject();
    crRows.append({QStringLiteral("Manifest contract"),
                   QStringLiteral("paper-manifest-v") + manifest.value(QStringLiteral("contract_version")).toString(QStringLiteral("1.1"))});
    crRows.append({QStringLiteral("Correction contract"), QStringLiteral("correction-record-v1")});
    keyValueTable(crRows);
    // The record's interpretation of its own state; a neutral line when the record is older than it.
    const QString interpretation = cr.value(QStringLiteral("correction_state")).toString() == state
                                       ? cr.value(QStringLiteral("interpretation")).toString()
                                       : QString();
    note(interpretation.isEmpty() ? QStringLiteral("Corrections only add records; no correction state claims the synthesis is free of errors.")
                                  : interpretation);

    QJsonObject prov = findContract(rec, QStringLiteral("source-provenance-v1"));
    if (prov.isEmpty())
        prov = rec.value(QStringLiteral("source_provenance")).toObject();
    if (prov.isEmpty())
        prov = rec.value(QStringLiteral("provenance")).toObject();
    if (!prov.isEmpty()) {
        heading(QStringLiteral("Provenance"), 10);
        Rows rows;
        for (auto it = prov.constBegin(); it != prov.constEnd(); ++it) {
            if (it.key() == QStringLiteral("schema") || it.key().endsWith(QStringLiteral("_version")) ||
                it.key().startsWith(QStringLiteral("x_")))
                continue;
            QString v = jsonText(it.value());
            if (v.isEmpty() && it.key() == QStringLiteral("publisher"))
                v = QStringLiteral("not set");
            if (!v.isEmpty())
                rows.append({humanize(it.key()), v});
        }
        keyValueTable(rows);
    }
}

void PaperBuilder::correctionsAppendix(const PaperExport &p)
{
    if (p.corrections.isEmpty())
        return;
    heading(QStringLiteral("Appendix B. Corrections"), 12);
    note(QStringLiteral("Each correction is an additive record; the text published before it remains above."));
    for (const Correction &c : p.corrections) {
        Rows rows{{QStringLiteral("Event"), c.eventId},
                  {QStringLiteral("Corrected at"), toIso(c.correctedAt)},
                  {QStringLiteral("Type"), toText(c.type)},
                  {QStringLiteral("Affected fields"), c.affectedFields.join(QStringLiteral(", "))},
                  {QStringLiteral("Public note"), c.publicNote}};
        if (!c.newText.isEmpty()) {
            rows.append({QStringLiteral("Published text"), c.oldText});
            rows.append({QStringLiteral("Corrected text"), c.newText});
        }
        keyValueTable(rows);
    }
}

void PaperBuilder::build(const PaperExport &p)
{
    titleBlock(p);
    const QTextBlockFormat bodyBlock = blockFormat(Qt::AlignJustify, 0, 5);
    const QTextCharFormat bodyChars = charFormat(m_serif, 10.5);
    for (const ExportSection &s : p.sections) {
        heading(s.heading);
        switch (s.kind) {
        case ExportSection::Kind::Claims: claimsTable(p); break;
        case ExportSection::Kind::References: references(p); break;
        case ExportSection::Kind::Text: paragraphs(s.text, bodyBlock, bodyChars); break;
        }
    }
    const bool hadClaims = std::any_of(p.sections.cbegin(), p.sections.cend(),
                                       [](const ExportSection &s) { return s.kind == ExportSection::Kind::Claims; });
    if (!hadClaims) {
        heading(QStringLiteral("Extracted Claims"));
        claimsTable(p);
    }
    recordAppendix(p);
    correctionsAppendix(p);
    heading(QStringLiteral("Ledger"), 10);
    note(QStringLiteral("At export the owner's ledger ended at entry %1 with SHA-256 %2. The command "
                        "\u201csovereign ledger verify --anchor\u201d run with this file checks that no later history "
                        "was cut off.")
             .arg(p.anchor.seq)
             .arg(p.anchor.hash));
}

// QTextBlockFormat has no keep-with-next: after layout, a heading whose next block starts on a
// later page is moved to that page, and the layout is checked again. True when a heading moved.
bool keepHeadingsWithNext(QTextDocument &doc, qreal pageHeight)
{
    QAbstractTextDocumentLayout *layout = doc.documentLayout();
    bool any = false;
    for (int pass = 0; pass < 6; ++pass) {
        bool moved = false;
        for (QTextBlock b = doc.begin(); b.isValid() && !moved; b = b.next()) {
            if (!b.blockFormat().boolProperty(HeadingMarker) ||
                b.blockFormat().pageBreakPolicy() == QTextFormat::PageBreak_AlwaysBefore)
                continue;
            const QTextBlock next = b.next();
            if (!next.isValid())
                continue;
            const QRectF head = layout->blockBoundingRect(b);
            const QRectF body = layout->blockBoundingRect(next);
            const int headPage = int(head.top() / pageHeight);
            const int bodyPage = int((body.top() + std::min(body.height(), pageHeight / 20)) / pageHeight);
            if (bodyPage > headPage) {
                QTextBlockFormat f = b.blockFormat();
                f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
                QTextCursor(b).setBlockFormat(f);
                moved = any = true;
            }
        }
        if (!moved)
            break;
    }
    return any;
}

// The page each line of a block (outside tables) is laid out on.
QList<int> linePages(const QTextBlock &b, qreal pageHeight)
{
    QList<int> pages;
    const QTextLayout *l = b.layout();
    for (int i = 0; i < l->lineCount(); ++i)
        pages.append(int((l->position().y() + l->lineAt(i).y() + 0.5) / pageHeight));
    return pages;
}

// Justified text leaves a block's last line ragged. When a paragraph is cut in two blocks at a page
// break, its first part's last line is a middle line of the paragraph: widen its spaces so that it
// fills the measure like the lines above it (or leave it ragged if that would re-wrap it).
void justifyLastLine(QTextDocument &doc, const QTextBlock &b)
{
    const QTextLayout *l = b.layout();
    if (l->lineCount() < 1 || b.blockFormat().alignment() != Qt::AlignJustify)
        return;
    const QTextLine line = l->lineAt(l->lineCount() - 1);
    const QString text = b.text().mid(line.textStart(), line.textLength());
    const QString body = QString(text).remove(QRegularExpression(QStringLiteral("\\s+$")));
    const qsizetype spaces = body.count(u' ');
    const qreal gap = line.width() - line.naturalTextWidth();
    if (spaces == 0 || gap <= 1.0)
        return;
    const int lines = l->lineCount();
    const int start = b.position() + line.textStart();
    const qreal natural = line.naturalTextWidth();
    QTextCursor c(&doc);
    const auto widen = [&](qreal spacing) {
        c.setPosition(start);
        c.setPosition(start + int(body.size()), QTextCursor::KeepAnchor);
        QTextCharFormat f;
        f.setFontWordSpacing(spacing);
        c.mergeCharFormat(f);
        (void)doc.pageCount(); // lay the document out again
        return b.layout()->lineAt(b.layout()->lineCount() - 1);
    };
    // Word spacing is in the font's units, which need not be the layout's: measure one step, then
    // aim at the measure minus a hair so that the line cannot wrap.
    const qreal trial = gap / qreal(spaces);
    const qreal grown = widen(trial).naturalTextWidth() - natural;
    if (b.layout()->lineCount() == lines && grown > 0.0) {
        const QTextLine fitted = widen(trial * (gap - 0.5) / grown);
        if (b.layout()->lineCount() == lines && fitted.naturalTextWidth() <= fitted.width())
            return;
    }
    widen(0.0); // could not be made to fit: ragged is better than re-wrapped
}

// No paragraph leaves a single line alone on a page. A short paragraph (three lines or fewer), or one
// whose first line alone ends a page, moves to the next page whole; a longer one whose last line alone
// would start a page is cut before its last two lines, which start the next page together. One fix
// per call (the layout after it differs); true when something changed.
bool keepParagraphLinesTogether(QTextDocument &doc, qreal pageHeight)
{
    for (QTextBlock b = doc.begin(); b.isValid(); b = b.next()) {
        if (b.layout()->lineCount() < 2 || QTextCursor(b).currentTable())
            continue;
        const QList<int> pages = linePages(b, pageHeight);
        if (pages.constFirst() == pages.constLast())
            continue;
        const auto n = pages.size();
        const auto first = std::count(pages.cbegin(), pages.cend(), pages.constFirst());
        const auto last = std::count(pages.cbegin(), pages.cend(), pages.constLast());
        QTextBlockFormat f = b.blockFormat();
        if (first < 2 || n <= 3) {
            if (f.pageBreakPolicy() == QTextFormat::PageBreak_AlwaysBefore)
                continue; // already starts a page: it is longer than a page, nothing to gain
            f.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
            QTextCursor(b).setBlockFormat(f);
            (void)doc.pageCount();
            return true;
        }
        if (last >= 2)
            continue;
        // Cut before the second-to-last line: the two last lines start the next page.
        QTextBlockFormat rest = f;
        rest.setTopMargin(0);
        rest.setPageBreakPolicy(QTextFormat::PageBreak_AlwaysBefore);
        f.setBottomMargin(0);
        QTextCursor c(b);
        c.setBlockFormat(f);
        c.setPosition(b.position() + b.layout()->lineAt(int(n) - 2).textStart());
        c.insertBlock(rest);
        (void)doc.pageCount();
        justifyLastLine(doc, c.block().previous());
        return true;
    }
    return false;
}

// Headings stay with what follows them and paragraphs keep at least two lines on each page, until
// the layout no longer changes.
void paginate(QTextDocument &doc, qreal pageHeight)
{
    for (int pass = 0; pass < 64; ++pass) {
        const bool headings = keepHeadingsWithNext(doc, pageHeight);
        const bool lines = keepParagraphLinesTogether(doc, pageHeight);
        if (!headings && !lines)
            return;
    }
}

QByteArray xmpPacket(const PaperExport &p)
{
    auto esc = [](const QString &s) { return plainText(s).replace(u'\n', u' ').toHtmlEscaped(); };
    const QString xml =
        QStringLiteral("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                       " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                       "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                       "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                       "    xmlns:sovereign=\"urn:sovereign-workbench:ledger:1\">\n"
                       "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%1</rdf:li></rdf:Alt></dc:title>\n"
                       "   <dc:identifier>%2</dc:identifier>\n"
                       "   <dc:format>application/pdf</dc:format>\n"
                       "   <xmp:CreateDate>%3</xmp:CreateDate>\n"
                       "   <xmp:CreatorTool>Sovereign Workbench %4</xmp:CreatorTool>\n"
                       "   <pdf:Producer>Sovereign Workbench %4 (Qt)</pdf:Producer>\n"
                       "   <sovereign:srchId>%2</sovereign:srchId>\n"
                       "   <sovereign:publishedAt>%5</sovereign:publishedAt>\n"
                       "   <sovereign:correctionCount>%6</sovereign:correctionCount>\n"
                       "   <sovereign:ledgerSeq>%7</sovereign:ledgerSeq>\n"
                       "   <sovereign:ledgerHead>%8</sovereign:ledgerHead>\n"
                       "  </rdf:Description>\n"
                       " </rdf:RDF>\n"
                       "</x:xmpmeta>\n"
                       "<?xpacket end=\"w\"?>")
            .arg(esc(p.draft.title), esc(p.draft.srchId), toIso(QDateTime::currentDateTimeUtc()),
                 QStringLiteral(SOVEREIGN_VERSION), toIso(p.draft.publishedAt))
            .arg(p.corrections.size())
            .arg(p.anchor.seq)
            .arg(esc(p.anchor.hash));
    return xml.toUtf8();
}

} // namespace

Result<QByteArray> renderPaperPdf(const PaperExport &paper, const PdfOptions &options)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return fail(QStringLiteral("PDF export needs a QGuiApplication (for fonts)"));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setResolution(300);
        writer.setPageSize(QPageSize(options.paper == PdfOptions::Paper::Letter ? QPageSize::Letter : QPageSize::A4));
        writer.setPageMargins(QMarginsF(22, 20, 22, 16), QPageLayout::Millimeter);
        writer.setTitle(plainText(paper.draft.title).replace(u'\n', u' '));
        writer.setCreator(QStringLiteral("Sovereign Workbench " SOVEREIGN_VERSION));
        writer.setDocumentXmpMetadata(xmpPacket(paper));
        const qreal dpi = writer.resolution();

        QTextDocument doc;
        doc.documentLayout()->setPaintDevice(&writer);
        doc.setUndoRedoEnabled(false);
        doc.setDocumentMargin(0);
        QTextOption option = doc.defaultTextOption();
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere); // a 5,000-character word still wraps
        doc.setDefaultTextOption(option);
        auto *bars = new BarHandler(dpi, &doc);
        doc.documentLayout()->registerHandler(BarObjectType, bars);

        const QRectF page = writer.pageLayout().paintRectPixels(int(dpi));
        const qreal footer = 9.0 * dpi / 25.4;
        const qreal bodyHeight = page.height() - footer;
        doc.setPageSize(QSizeF(page.width(), bodyHeight));

        PaperBuilder(doc, dpi).build(paper);
        paginate(doc, bodyHeight);

        QPainter painter;
        if (!painter.begin(&writer))
            return fail(QStringLiteral("cannot start the PDF writer"));
        const int pages = doc.pageCount();
        QFont footFont;
        footFont.setFamilies({QStringLiteral("Noto Sans"), QStringLiteral("DejaVu Sans")});
        footFont.setPointSizeF(7.5);
        for (int i = 0; i < pages; ++i) {
            if (i > 0)
                writer.newPage();
            painter.save();
            painter.translate(0, -i * bodyHeight);
            QAbstractTextDocumentLayout::PaintContext ctx;
            // The layout draws every line that touches the clip; half a pixel in from each edge keeps
            // the line that ends exactly on a page boundary from being emitted (invisibly) twice.
            ctx.clip = QRectF(0, i * bodyHeight + 0.5, page.width(), bodyHeight - 1.0);
            painter.setClipRect(QRectF(0, i * bodyHeight, page.width(), bodyHeight));
            doc.documentLayout()->draw(&painter, ctx);
            painter.restore();

            painter.save();
            painter.setFont(footFont);
            painter.setPen(QPen(Rule, dpi / 300.0));
            const qreal y = bodyHeight + footer * 0.35;
            painter.drawLine(QPointF(0, y), QPointF(page.width(), y));
            painter.setPen(Muted);
            const QRectF band(0, y + footer * 0.1, page.width(), footer * 0.55);
            const QString right = QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages);
            const QFontMetricsF fm(footFont, &writer);
            const QString left = paper.draft.srchId + QStringLiteral("  ·  ") +
                                 fm.elidedText(plainText(paper.draft.title).replace(u'\n', u' '), Qt::ElideRight,
                                               page.width() * 0.7);
            painter.drawText(band, Qt::AlignLeft | Qt::AlignVCenter, left);
            painter.drawText(band, Qt::AlignRight | Qt::AlignVCenter, right);
            painter.restore();
        }
        if (!painter.end())
            return fail(QStringLiteral("the PDF writer failed to finish the document"));
    }
    buffer.close();
    if (bytes.isEmpty())
        return fail(QStringLiteral("the PDF writer produced no output"));
    return bytes;
}

} // namespace Sovereign::Pipeline

#include "pdfrender.moc"
