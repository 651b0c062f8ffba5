#include "runlogmodel.h"
#include "tooltip.h"

#include <QColor>
#include <QLocale>

namespace Sovereign::Models {

RunLogModel::RunLogModel(QObject *parent) : QAbstractTableModel(parent) {}

int RunLogModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_events.size()); }

int RunLogModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Elapsed");
    case StageColumn:
        return tr("Stage");
    case LaneColumn:
        return tr("Lane");
    case KindColumn:
        return tr("Kind");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

QVariant RunLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunEvent &e = m_events.at(index.row());
    if (role == KindRole)
        return int(e.kind);
    if (role == Qt::ToolTipRole && index.column() == MessageColumn)
        return plainToolTip(e.message);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QStringLiteral("+%1 s").arg(QLocale().toString(e.elapsedMs / 1000.0, 'f', 3));
    case StageColumn:
        return cellText(e.stage);
    case LaneColumn:
        return e.lane.isEmpty() ? tr("(whole stage)") : cellText(e.lane); // stage-level events have no lane
    case KindColumn:
        return toText(e.kind);
    case MessageColumn:
        return cellText(e.message);
    }
    return {};
}

void RunLogModel::setEvents(const QList<RunEvent> &events)
{
    beginResetModel();
    m_events.clear();
    for (const RunEvent &e : events)
        if (e.kind != EventKind::Token)
            m_events.append(e);
    endResetModel();
}

void RunLogModel::appendEvent(const RunEvent &event)
{
    if (event.kind == EventKind::Token)
        return;
    beginInsertRows({}, int(m_events.size()), int(m_events.size()));
    m_events.append(event);
    endInsertRows();
}

RunLogFilterModel::RunLogFilterModel(QObject *parent) : QSortFilterProxyModel(parent) {}

void RunLogFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

void RunLogFilterModel::setKinds(const QSet<EventKind> &kinds)
{
    m_kinds = kinds;
    invalidateRowsFilter();
}

bool RunLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *m = sourceModel();
    if (!m_kinds.isEmpty()) {
        const auto kind = EventKind(m->index(sourceRow, 0, sourceParent).data(RunLogModel::KindRole).toInt());
        if (!m_kinds.contains(kind))
            return false;
    }
    if (m_text.isEmpty())
        return true;
    for (int c = RunLogModel::StageColumn; c < RunLogModel::ColumnCount; ++c)
        if (m->index(sourceRow, c, sourceParent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace Sovereign::Models
