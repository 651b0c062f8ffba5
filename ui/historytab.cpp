#include "historytab.h"

#include "models/items/historymodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace Sovereign::Ui {

HistoryTab::HistoryTab(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_empty = new QLabel(this);
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setWordWrap(true);
    m_model = new Models::HistoryModel(this);
    m_view = new QTableView(this);
    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(true);
    m_view->setAccessibleName(tr("Draft history"));
    layout->addWidget(m_empty);
    layout->addWidget(m_view, 1);
    clear(tr("Select a draft to see its history."));
}

void HistoryTab::clear(const QString &emptyMessage)
{
    m_model->clear();
    m_empty->setText(emptyMessage);
    m_empty->show();
}

void HistoryTab::setDetails(const Models::DraftDetails &details)
{
    m_model->setDetails(details);
    m_view->resizeColumnsToContents();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_empty->setVisible(m_model->rowCount() == 0);
    m_empty->setText(tr("Nothing has happened to this draft yet. Decide on it with A (approve), R (reject), E (escalate) "
                        "or V (request revision); claim edits and corrections also appear here."));
}

} // namespace Sovereign::Ui
