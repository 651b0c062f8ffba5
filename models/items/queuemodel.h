#pragma once

// QueueModel: the owner's queues (Escalated, Auto-approved, Approved, Rejected, Running, All) with
// their counts. Counts are pushed in by the owner of the data (setCounts); the model does no I/O.

#include "models/types/types.h"

#include <QAbstractListModel>
#include <QHash>

namespace Sovereign::Models {

class QueueModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueModel)
public:
    enum Queue { Escalated, AutoApproved, Approved, Rejected, Running, All, QueueCount };
    enum Role { CountRole = Qt::UserRole + 1, StateRole, NameRole };

    explicit QueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void setCounts(const QHash<DraftState, int> &counts);
    int count(Queue queue) const;
    static std::optional<DraftState> stateOf(Queue queue); // nullopt for All
    static QString name(Queue queue);

private:
    QHash<DraftState, int> m_counts;
};

} // namespace Sovereign::Models
