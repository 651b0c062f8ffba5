#include "ledgerindicator.h"

#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>

namespace Sovereign::Ui {

LedgerIndicator::LedgerIndicator(std::shared_ptr<LedgerCheck> check, QWidget *parent)
    : QToolButton(parent), m_check(std::move(check))
{
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setAccessibleName(tr("Ledger state"));
    setToolTip(tr("The tamper-evident ledger of decisions, edits, corrections and exports. Click for the full report."));
    setText(tr("Ledger: checking…"));
    connect(this, &QToolButton::clicked, this, &LedgerIndicator::showReport);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &LedgerIndicator::onFinished);
    connect(&m_repair, &QFutureWatcherBase::finished, this, &LedgerIndicator::onRepaired);
}

void LedgerIndicator::refresh()
{
    if (!m_check)
        return;
    if (m_watcher.isRunning()) {
        m_again = true; // the state may have changed after the running check read it
        return;
    }
    if (!m_haveState)
        setText(tr("Ledger: checking…"));
    auto check = m_check;
    m_watcher.setFuture(QtConcurrent::run([check] { return check->verify(); }));
}

void LedgerIndicator::onFinished()
{
    m_state = m_watcher.result();
    m_haveState = true;
    if (m_state.ok) {
        setText(tr("Ledger: %n entries, verified", nullptr, int(m_state.entries)));
        setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
        setAccessibleDescription(text());
    } else if (!m_state.databaseProblems.isEmpty()) {
        QString problem = m_state.databaseProblems.constFirst();
        if (problem.size() > 80)
            problem = problem.left(79) + QChar(0x2026);
        setText(tr("Database: PROBLEM — %1").arg(problem));
        setIcon(style()->standardIcon(QStyle::SP_MessageBoxCritical));
        setAccessibleDescription(text());
    } else {
        QString problem = m_state.firstProblem;
        if (problem.size() > 80)
            problem = problem.left(79) + QChar(0x2026);
        setText(m_state.firstBadSeq > 0 ? tr("Ledger: BROKEN at entry %1 — %2").arg(m_state.firstBadSeq).arg(problem)
                                        : tr("Ledger: BROKEN — %1").arg(problem));
        setIcon(style()->standardIcon(QStyle::SP_MessageBoxCritical));
        setAccessibleDescription(text());
    }
    emit checked(m_state);
    if (m_again) {
        m_again = false;
        refresh();
    }
}

void LedgerIndicator::showReport()
{
    auto *box = new QMessageBox(m_state.ok ? QMessageBox::Information : QMessageBox::Critical, tr("Ledger verification"),
                                m_haveState ? text() + QStringLiteral("\n\n") + m_state.report : tr("The ledger is being checked."),
                                QMessageBox::Ok, this);
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    if (m_haveState && m_state.lostTail) {
        QPushButton *record = box->addButton(tr("Record the loss…"), QMessageBox::DestructiveRole);
        connect(record, &QPushButton::clicked, this, &LedgerIndicator::confirmRecordLoss);
    }
    m_reportBox = box;
    box->open();
}

void LedgerIndicator::confirmRecordLoss()
{
    auto *confirm = new QMessageBox(
        QMessageBox::Warning, tr("Record the loss"),
        tr("Entries that the ledger's anchor proves existed are missing from this file.\n\n"
           "If a backup of the database holds them, close the workbench and restore it instead.\n\n"
           "Otherwise the workbench appends one signed gap entry that names the missing entries. Nothing already "
           "in the ledger is changed, the ledger verifies again, and every later check reports the recorded loss. "
           "This cannot be undone."),
        QMessageBox::Cancel, this);
    confirm->setTextFormat(Qt::PlainText);
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *accept = confirm->addButton(tr("Record the loss"), QMessageBox::DestructiveRole);
    confirm->setDefaultButton(QMessageBox::Cancel);
    connect(accept, &QPushButton::clicked, this, &LedgerIndicator::recordLoss);
    m_confirmBox = confirm;
    confirm->open();
}

void LedgerIndicator::recordLoss()
{
    if (!m_check || m_repair.isRunning())
        return;
    auto check = m_check;
    m_repair.setFuture(QtConcurrent::run([check] { return check->recordLostTail(); }));
}

void LedgerIndicator::onRepaired()
{
    const Result<QString> r = m_repair.result();
    emit message(r ? *r : tr("The loss was not recorded: %1").arg(r.error()));
    refresh();
}

} // namespace Sovereign::Ui
