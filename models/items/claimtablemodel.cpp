#include "claimtablemodel.h"
#include "tooltip.h"

#include <QJsonArray>
#include <QLocale>

namespace Sovereign::Models {

ClaimTableModel::ClaimTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int ClaimTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_claims.size()); }

int ClaimTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ClaimTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case OrdinalColumn:
            return tr("#");
        case TextColumn:
            return tr("Claim");
        case VerifiedColumn:
            return tr("Verified");
        case ConfidenceColumn:
            return tr("Confidence");
        case StanceColumn:
            return tr("Stance");
        case EvidenceColumn:
            return tr("Evidence paper");
        case QuestionTermsColumn:
            return tr("Question terms");
        case ChecksColumn:
            return tr("Checks");
        }
    }
    if (role == Qt::ToolTipRole && section == QuestionTermsColumn)
        return tr("The research question's terms this claim covers (named terms must be covered for the question "
                  "to count as addressed)");
    if (role == Qt::ToolTipRole && section == ConfidenceColumn)
        return tr("Best TF-IDF cosine against the retrieved evidence, on a fixed 0 to 1 scale; the mark is the "
                  "verification threshold (%1)")
            .arg(m_threshold, 0, 'f', 2);
    if (role == Qt::ToolTipRole && section == StanceColumn)
        return tr("The model's label for the evidence passage (SUPPORTS, REFUTES, NOT_ENOUGH_INFO), counted only when its "
                  "quote is found verbatim in the passage; a second signal beside the cosine");
    return {};
}

namespace {

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out.append(x.toString());
    return out;
}

// The pipeline's checks of a claim, in words (full) and as short labels (the table cell).
QStringList checkTexts(const Claim &c, bool full)
{
    QStringList out;
    const QJsonObject d = c.checks.value(QStringLiteral("disagreement")).toObject();
    if (!d.isEmpty())
        out.append(full ? ClaimTableModel::tr("Evidence disagrees: %1").arg(d.value(QStringLiteral("detail")).toString())
                        : ClaimTableModel::tr("evidence disagrees"));
    const QJsonObject s = c.checks.value(QStringLiteral("different_subject")).toObject();
    if (!s.isEmpty())
        out.append(full ? s.value(QStringLiteral("text")).toString()
                        : ClaimTableModel::tr("different subject (%1)").arg(stringList(s.value(QStringLiteral("passage_subjects"))).join(QStringLiteral(", "))));
    const QStringList numbers = stringList(c.checks.value(QStringLiteral("numbers_not_in_source")));
    if (!numbers.isEmpty())
        out.append(full ? ClaimTableModel::tr("Not in the source: %1").arg(numbers.join(QStringLiteral(", ")))
                        : ClaimTableModel::tr("number not in source"));
    return out;
}

} // namespace

QStringList ClaimTableModel::questionTerms(const Claim &c) { return stringList(c.checks.value(QStringLiteral("question_terms"))); }
QStringList ClaimTableModel::findings(const Claim &c) { return checkTexts(c, true); }

QString ClaimTableModel::toolTipText(const Claim &c, int column) const
{
    if (column == TextColumn)
        return c.text;
    if (column == VerifiedColumn && c.verifiedOverride)
        return tr("Overridden by the owner (verifier said %1): %2")
            .arg(c.verified ? tr("verified") : tr("unverified"), c.overrideReason);
    if (column == ConfidenceColumn)
        return tr("Confidence %1, threshold %2: %3")
            .arg(c.confidence, 0, 'f', 3)
            .arg(m_threshold, 0, 'f', 2)
            .arg(c.confidence >= m_threshold ? tr("at or above") : tr("below"));
    if (column == StanceColumn && c.stance) {
        if (!c.stance->usable())
            return tr("%1 label discarded: %2").arg(c.stance->label, c.stance->note);
        return c.stance->quote.isEmpty() ? c.stance->rationale : tr("\u201c%1\u201d").arg(c.stance->quote);
    }
    if (column == EvidenceColumn)
        return m_papers.value(c.evidencePaperId).title;
    if (column == ChecksColumn)
        return checkTexts(c, true).join(u'\n');
    return {};
}

QVariant ClaimTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Claim &c = m_claims.at(index.row());
    const bool verified = c.effectiveVerified();
    switch (role) {
    case ClaimIdRole:
        return c.id;
    case ConfidenceRole:
        return c.confidence;
    case VerifiedRole:
        return verified;
    case OverriddenRole:
        return c.verifiedOverride.has_value();
    case ThresholdRole:
        return m_threshold;
    case SortRole:
        switch (index.column()) {
        case OrdinalColumn:
            return c.ordinal;
        case VerifiedColumn:
            return verified ? 1 : 0;
        case ConfidenceColumn:
            return c.confidence;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::TextAlignmentRole:
        if (index.column() == OrdinalColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        return plainToolTip(toolTipText(c, index.column()));
    case Qt::AccessibleTextRole:
    case Qt::DisplayRole:
        switch (index.column()) {
        case OrdinalColumn:
            return c.ordinal;
        case TextColumn:
            return cellText(c.status == ClaimStatus::Kept ? c.text : QStringLiteral("[%1] %2").arg(toText(c.status), c.text));
        case VerifiedColumn: {
            QString s = verified ? tr("✓ verified") : tr("× unverified");
            if (c.verifiedOverride)
                s += tr(" (override)");
            return s;
        }
        case ConfidenceColumn:
            return QLocale().toString(c.confidence, 'f', 2);
        case StanceColumn:
            if (!c.stance)
                return tr("—");
            if (c.stance->status == QStringLiteral("ungrounded"))
                return tr("× ungrounded");
            if (c.stance->status == QStringLiteral("failed"))
                return tr("no answer");
            return cellText(c.stance->label);
        case EvidenceColumn: {
            if (c.evidencePaperId == 0)
                return tr("none");
            const PaperRef p = m_papers.value(c.evidencePaperId);
            return p.arxivId.isEmpty() ? tr("paper %1").arg(c.evidencePaperId) : cellText(p.arxivId);
        }
        case QuestionTermsColumn: {
            const QStringList t = questionTerms(c);
            return t.isEmpty() ? tr("none") : cellText(t.join(QStringLiteral(", ")));
        }
        case ChecksColumn: {
            const QStringList t = checkTexts(c, false);
            return t.isEmpty() ? QString() : cellText(t.join(QStringLiteral("; ")));
        }
        }
        return {};
    }
    return {};
}

void ClaimTableModel::setClaims(const QList<Claim> &claims, const QHash<qint64, PaperRef> &papers)
{
    beginResetModel();
    m_claims = claims;
    m_papers = papers;
    endResetModel();
}

void ClaimTableModel::updateClaim(const Claim &claim)
{
    const int row = rowOf(claim.id);
    if (row < 0)
        return;
    m_claims[row] = claim;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ClaimTableModel::setThreshold(double threshold)
{
    if (qFuzzyCompare(threshold, m_threshold))
        return;
    m_threshold = threshold;
    if (!m_claims.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit headerDataChanged(Qt::Horizontal, ConfidenceColumn, ConfidenceColumn);
}

int ClaimTableModel::rowOf(qint64 claimId) const
{
    for (int i = 0; i < m_claims.size(); ++i)
        if (m_claims.at(i).id == claimId)
            return i;
    return -1;
}

int ClaimTableModel::rowOfOrdinal(int ordinal) const
{
    for (int i = 0; i < m_claims.size(); ++i)
        if (m_claims.at(i).ordinal == ordinal)
            return i;
    return -1;
}

} // namespace Sovereign::Models
