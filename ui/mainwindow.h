#pragma once

// The workbench's main window.

#include <QMainWindow>

namespace Sovereign::Ui {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(const QString &databasePath, QWidget *parent = nullptr);
};

} // namespace Sovereign::Ui
