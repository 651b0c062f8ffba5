#include "queuemodel.h"

#include <QColor>

namespace Sovereign::Models {

QueueModel::QueueModel(QObject *parent) : QAbstractListModel(parent) {}

int QueueModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : QueueCount; }

std::optional<DraftState> QueueModel::stateOf(Queue queue)
{
    switch (queue) {
    case Escalated:
        return DraftState::Escalated;
    case AutoApproved:
        return DraftState::AutoApproved;
    case Approved:
        return DraftState::Approved;
    case Rejected:
        return DraftState::Rejected;
    case Running:
        return DraftState::Running;
    case All:
    case QueueCount:
        break;
    }
    return std::nullopt;
}

QString QueueModel::name(Queue queue)
{
    switch (queue) {
    case Escalated:
        return tr("Escalated");
    case AutoApproved:
        return tr("Auto-approved");
    case Approved:
        return tr("Approved");
    case Rejected:
        return tr("Rejected");
    case Running:
        return tr("Running");
    case All:
    case QueueCount:
        break;
    }
    return tr("All");
}

int QueueModel::count(Queue queue) const
{
    if (auto state = stateOf(queue))
        return m_counts.value(*state);
    int total = 0;
    for (int n : m_counts)
        total += n;
    return total;
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto queue = Queue(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1 (%2)").arg(name(queue)).arg(count(queue));
    case Qt::AccessibleTextRole:
        return tr("%1 queue, %n draft(s)", nullptr, count(queue)).arg(name(queue));
    case NameRole:
        return name(queue);
    case CountRole:
        return count(queue);
    case StateRole:
        if (auto s = stateOf(queue))
            return int(*s);
        return -1;
    case Qt::ToolTipRole:
        switch (queue) {
        case Escalated:
            return tr("Drafts the policy held for your decision");
        case AutoApproved:
            return tr("Drafts published automatically: APPROVE verdict and no gate failing");
        case Approved:
            return tr("Drafts you approved");
        case Rejected:
            return tr("Drafts you rejected");
        case Running:
            return tr("Drafts whose run is still in progress");
        default:
            return tr("Every draft, newest first");
        }
    }
    return {};
}

void QueueModel::setCounts(const QHash<DraftState, int> &counts)
{
    if (counts == m_counts)
        return;
    m_counts = counts;
    emit dataChanged(index(0), index(QueueCount - 1));
}

} // namespace Sovereign::Models
