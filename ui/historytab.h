#pragma once

// HistoryTab: decisions, claim edits and corrections of the selected draft, oldest first.

#include "models/types/draftdetails.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace Sovereign::Models {
class HistoryModel;
}

namespace Sovereign::Ui {

class HistoryTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryTab)
public:
    explicit HistoryTab(QWidget *parent = nullptr);
    void setDetails(const Models::DraftDetails &details);
    void clear(const QString &emptyMessage);
    Models::HistoryModel *model() const { return m_model; }

private:
    Models::HistoryModel *m_model;
    QLabel *m_empty;
    QTableView *m_view;
};

} // namespace Sovereign::Ui
