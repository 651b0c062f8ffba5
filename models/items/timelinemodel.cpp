#include "timelinemodel.h"
#include "tooltip.h"

#include <QLocale>

namespace Sovereign::Models {

namespace {
QString seconds(qint64 ms) { return TimelineModel::duration(ms); }
} // namespace

TimelineModel::TimelineModel(QObject *parent) : QAbstractTableModel(parent) {}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_timeline.lanes().size());
}

QString TimelineModel::duration(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    return tr("%1 s").arg(QLocale().toString(ms / 1000.0, 'f', ms < 10000 ? 2 : 1));
}

int TimelineModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StageColumn:
        return tr("Stage");
    case StateColumn:
        return tr("State");
    case StartColumn:
        return tr("Start");
    case DurationColumn:
        return tr("Duration");
    case WaitedColumn:
        return tr("Waited");
    case DetailColumn:
        return tr("Latest message");
    }
    return {};
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TimelineLane &l = m_timeline.lanes().at(index.row());
    if (role == StateRole)
        return int(l.state);
    if (role == KeyRole)
        return l.key;
    if (role == Qt::ToolTipRole && index.column() == DetailColumn)
        return plainToolTip(l.message);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case StageColumn:
        return cellText(l.label());
    case StateColumn:
        if (l.tokens > 0 && l.state == TimelineLane::State::Running)
            return tr("streaming (%n token(s))", nullptr, l.tokens);
        return toText(l.state);
    case StartColumn:
        return l.startMs < 0 ? QString() : QStringLiteral("+") + seconds(l.startMs);
    case DurationColumn:
        return seconds(l.durationMs(nowMs()));
    case WaitedColumn:
        return l.waits.isEmpty() ? QString() : seconds(l.waitedMs(nowMs()));
    case DetailColumn:
        return cellText(l.message);
    }
    return {};
}

void TimelineModel::replace(const RunTimeline &next)
{
    // Lanes are only ever inserted (one per event at most), never removed or reordered.
    const auto &old = m_timeline.lanes();
    if (next.lanes().size() == old.size()) {
        m_timeline = next;
        if (!old.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else if (next.lanes().size() == old.size() + 1) {
        int at = 0;
        while (at < old.size() && old.at(at).key == next.lanes().at(at).key)
            ++at;
        beginInsertRows({}, at, at);
        m_timeline = next;
        endInsertRows();
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_timeline = next;
        endResetModel();
    }
    emit timelineChanged();
}

void TimelineModel::setEvents(qint64 runId, const QList<RunEvent> &events, std::optional<RunStatus> finishedAs)
{
    beginResetModel();
    m_runId = runId;
    m_nowMs = 0;
    m_timeline.clear();
    m_timeline.applyAll(events);
    if (finishedAs && !m_timeline.isFinished() && *finishedAs != RunStatus::Running && *finishedAs != RunStatus::Queued)
        m_timeline.finish(*finishedAs, m_timeline.lastElapsedMs());
    endResetModel();
    emit timelineChanged();
}

void TimelineModel::appendEvent(const RunEvent &event)
{
    RunTimeline next = m_timeline;
    next.apply(event);
    replace(next);
}

void TimelineModel::finish(RunStatus status)
{
    RunTimeline next = m_timeline;
    next.finish(status, nowMs());
    replace(next);
}

void TimelineModel::setNow(qint64 elapsedMs)
{
    m_nowMs = elapsedMs;
    if (rowCount() > 0)
        emit dataChanged(index(0, DurationColumn), index(rowCount() - 1, WaitedColumn));
    emit timelineChanged();
}

} // namespace Sovereign::Models
