#pragma once

// HistoryModel: what happened to one draft, oldest first: the owner's and the pipeline's decisions,
// claim edits before publication, and correction records after it. No I/O.

#include "models/types/draftdetails.h"

#include <QAbstractTableModel>

namespace Sovereign::Models {

struct HistoryEntry
{
    enum class Kind { Decision, ClaimEdit, Correction };
    Kind kind = Kind::Decision;
    QDateTime when;
    QString actor;
    QString what;
    QString detail;
};

class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)
public:
    enum Column { WhenColumn, WhoColumn, WhatColumn, DetailColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 };

    explicit HistoryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setDetails(const DraftDetails &details);
    void clear();
    static QList<HistoryEntry> entriesOf(const DraftDetails &details);

private:
    QList<HistoryEntry> m_entries;
};

} // namespace Sovereign::Models
