#pragma once

// TimelineModel: a table over a RunTimeline (stage, state, start, duration, waited, latest message),
// fed event by event for a live run or all at once for a stored one. No I/O.

#include "runtimeline.h"

#include <QAbstractTableModel>

namespace Sovereign::Models {

class TimelineModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineModel)
public:
    enum Column { StageColumn, StateColumn, StartColumn, DurationColumn, WaitedColumn, DetailColumn, ColumnCount };
    enum Role { StateRole = Qt::UserRole + 1, KeyRole };
    // A stage's duration for the owner: milliseconds below a second ("38 ms"), else seconds.
    static QString duration(qint64 ms);

    explicit TimelineModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEvents(qint64 runId, const QList<RunEvent> &events, std::optional<RunStatus> finishedAs);
    void appendEvent(const RunEvent &event);
    void finish(RunStatus status);
    // Live runs: the clock for lanes that are still open (elapsed ms since the run started).
    void setNow(qint64 elapsedMs);

    qint64 runId() const { return m_runId; }
    qint64 nowMs() const { return std::max(m_nowMs, m_timeline.lastElapsedMs()); }
    const RunTimeline &timeline() const { return m_timeline; }

signals:
    void timelineChanged();

private:
    void replace(const RunTimeline &next);

    qint64 m_runId = 0;
    qint64 m_nowMs = 0;
    RunTimeline m_timeline;
};

} // namespace Sovereign::Models
