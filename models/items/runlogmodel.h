#pragma once

// RunLogModel: the event log of one run (tokens are counted on the timeline, not listed), and
// RunLogFilterModel: the log filtered by kind and text. No I/O.

#include "models/types/types.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QSortFilterProxyModel>

namespace Sovereign::Models {

class RunLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunLogModel)
public:
    enum Column { TimeColumn, StageColumn, LaneColumn, KindColumn, MessageColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 };

    explicit RunLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEvents(const QList<RunEvent> &events);
    void appendEvent(const RunEvent &event);

private:
    QList<RunEvent> m_events;
};

class RunLogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunLogFilterModel)
public:
    explicit RunLogFilterModel(QObject *parent = nullptr);
    void setText(const QString &text);
    // Empty: every kind.
    void setKinds(const QSet<EventKind> &kinds);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QSet<EventKind> m_kinds;
};

} // namespace Sovereign::Models
