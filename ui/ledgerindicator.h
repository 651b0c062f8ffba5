#pragma once

// The ledger's state in the status bar: "Ledger: N entries, verified", "Ledger: BROKEN at entry K
// — …", or "Database: PROBLEM — …" when the file itself is unhealthy (quick_check, -wal/-shm gone).
// The check (LedgerCheck) runs on a worker thread at start-up, after each owner action and after a
// failed write; a request while one runs is queued behind it. Clicking shows the full report, with
// "Record the loss…" when the ledger's tail was cut off.

#include "services.h"

#include <QFutureWatcher>
#include <QMessageBox>
#include <QPointer>
#include <QToolButton>

namespace Sovereign::Ui {

class LedgerIndicator final : public QToolButton
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LedgerIndicator)
public:
    LedgerIndicator(std::shared_ptr<LedgerCheck> check, QWidget *parent = nullptr);

    void refresh();
    const LedgerState &state() const { return m_state; }
    bool isChecking() const { return m_watcher.isRunning(); }
    void showReport();
    // The report's "Record the loss…" button: a confirmation, then recordLoss().
    void confirmRecordLoss();
    void recordLoss();
    bool isRepairing() const { return m_repair.isRunning(); }
    QMessageBox *reportBox() const { return m_reportBox; }
    QMessageBox *confirmBox() const { return m_confirmBox; }

signals:
    void checked(const Sovereign::Ui::LedgerState &state);
    void message(const QString &text);

private:
    void onFinished();
    void onRepaired();

    std::shared_ptr<LedgerCheck> m_check;
    QFutureWatcher<LedgerState> m_watcher;
    QFutureWatcher<Result<QString>> m_repair;
    QPointer<QMessageBox> m_reportBox;
    QPointer<QMessageBox> m_confirmBox;
    LedgerState m_state;
    bool m_again = false;
    bool m_haveState = false;
};

} // namespace Sovereign::Ui
