#pragma once

// DraftListModel: the draft list of the main window. Rows arrive in keyset-paged batches from an
// injected page loader (normally loadDraftPageAsync, which reads on a pool thread), so a database
// with tens of thousands of drafts opens at once and scrolling fetches more (canFetchMore/fetchMore).
// The model does no I/O itself; a failed page is reported through loadFailed() and can be retried.

#include "models/types/types.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QFutureWatcher>

#include <functional>

namespace Sovereign::Models {

class DraftListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftListModel)
public:
    enum Column { TitleColumn, WhyColumn, SrchColumn, DateColumn, ScoreColumn, VerdictColumn, PolicyColumn, ClaimsColumn,
                  TierColumn, StateColumn, ColumnCount };
    enum Role { DraftIdRole = Qt::UserRole + 1, SortRole, StateRole, RunIdRole };

    using PageLoader = std::function<QFuture<Result<QList<Draft>>>(const DraftFilter &)>;

    explicit DraftListModel(PageLoader loader, QObject *parent = nullptr);
    ~DraftListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // Drops the rows and starts again from the first page with this filter.
    void setFilter(std::optional<DraftState> state, const QString &text);
    void reload();
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }

    std::optional<DraftState> stateFilter() const { return m_state; }
    QString textFilter() const { return m_text; }
    bool isLoading() const { return m_loading; }
    bool isExhausted() const { return m_exhausted; }
    int rowOf(qint64 draftId) const;
    Draft draftAt(int row) const { return m_rows.value(row); }

    // A draft changed elsewhere (a decision, a finished run): refresh its row, drop it when it no
    // longer belongs to the current queue, or insert it at the top when it newly does.
    void upsert(const Draft &draft);

signals:
    void loadingChanged(bool loading);
    void pageLoaded(int rows);
    void loadFailed(const QString &message);

private:
    bool matches(const Draft &d) const;
    void onPage();

    PageLoader m_loader;
    QList<Draft> m_rows;
    std::optional<DraftState> m_state;
    QString m_text;
    int m_pageSize = 200;
    bool m_loading = false;
    bool m_exhausted = false;
    quint64 m_generation = 0;
    quint64 m_watchedGeneration = 0;
    QFutureWatcher<Result<QList<Draft>>> *m_watcher = nullptr;
};

} // namespace Sovereign::Models
