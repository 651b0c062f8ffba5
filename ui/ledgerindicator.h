#pragma once

// The ledger's state in the status bar: "Ledger: N entries, verified" or "Ledger: BROKEN at entry K
// — …". Ledger::verify() (through LedgerCheck) runs on a worker thread at start-up and again after
// each owner action; a request while one runs is queued behind it. Clicking shows the full report.

#include "services.h"

#include <QFutureWatcher>
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

signals:
    void checked(const Sovereign::Ui::LedgerState &state);

private:
    void onFinished();

    std::shared_ptr<LedgerCheck> m_check;
    QFutureWatcher<LedgerState> m_watcher;
    LedgerState m_state;
    bool m_again = false;
    bool m_haveState = false;
};

} // namespace Sovereign::Ui
