#include "historymodel.h"
#include "tooltip.h"

#include <QLocale>

#include <algorithm>

namespace Sovereign::Models {

HistoryModel::HistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

int HistoryModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }

int HistoryModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case WhatColumn:
        return tr("What");
    case DetailColumn:
        return tr("Why / details");
    }
    return {};
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HistoryEntry &e = m_entries.at(index.row());
    if (role == KindRole)
        return int(e.kind);
    if (role == Qt::ToolTipRole && index.column() == DetailColumn)
        return plainToolTip(e.detail);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case WhenColumn:
        return QLocale().toString(e.when.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case WhoColumn:
        return cellText(e.actor);
    case WhatColumn:
        return cellText(e.what);
    case DetailColumn:
        return cellText(e.detail);
    }
    return {};
}

QList<HistoryEntry> HistoryModel::entriesOf(const DraftDetails &d)
{
    QList<HistoryEntry> out;
    for (const Decision &x : d.decisions) {
        QString what;
        switch (x.action) {
        case DecisionAction::Approve:
            what = tr("Approved");
            break;
        case DecisionAction::Reject:
            what = tr("Rejected");
            break;
        case DecisionAction::Escalate:
            what = tr("Escalated");
            break;
        case DecisionAction::RequestRevision:
            what = tr("Requested a revision");
            break;
        case DecisionAction::AutoApprove:
            what = tr("Auto-approved by the policy");
            break;
        }
        out.append({HistoryEntry::Kind::Decision, x.decidedAt, x.actor, what, x.note});
    }
    QHash<qint64, int> ordinals;
    for (const Claim &c : d.claims)
        ordinals.insert(c.id, c.ordinal);
    for (const ClaimEdit &x : d.claimEdits) {
        const int ordinal = ordinals.value(x.claimId);
        QString what, detail;
        if (x.field == QLatin1StringView("text")) {
            what = tr("Edited claim %1").arg(ordinal);
            detail = tr("“%1” → “%2”").arg(x.oldValue, x.newValue);
        } else {
            what = tr("Overrode verified on claim %1").arg(ordinal);
            detail = tr("%1 → %2").arg(x.oldValue.isEmpty() ? tr("verifier") : x.oldValue,
                                       x.newValue.isEmpty() ? tr("verifier") : x.newValue);
        }
        if (!x.reason.isEmpty())
            detail += tr(" — reason: %1").arg(x.reason);
        out.append({HistoryEntry::Kind::ClaimEdit, x.editedAt, x.actor, what, detail});
    }
    for (const Correction &x : d.corrections) {
        QString detail = x.publicNote;
        if (!x.affectedFields.isEmpty())
            detail += tr(" (fields: %1)").arg(x.affectedFields.join(QStringLiteral(", ")));
        out.append({HistoryEntry::Kind::Correction, x.correctedAt, x.actor,
                    tr("Correction %1 (%2)").arg(x.eventId, toText(x.type)), detail});
    }
    std::stable_sort(out.begin(), out.end(), [](const HistoryEntry &a, const HistoryEntry &b) { return a.when < b.when; });
    return out;
}

void HistoryModel::setDetails(const DraftDetails &details)
{
    beginResetModel();
    m_entries = entriesOf(details);
    endResetModel();
}

void HistoryModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

} // namespace Sovereign::Models
