#include "mainwindow.h"

#include <QLabel>

namespace Sovereign::Ui {

MainWindow::MainWindow(const QString &databasePath, QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Sovereign Workbench"));
    auto *label = new QLabel(tr("Database: %1").arg(databasePath), this);
    label->setTextFormat(Qt::PlainText);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1280, 800);
}

} // namespace Sovereign::Ui
