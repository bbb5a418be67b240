#include "mainwindow.h"

namespace normscope {
MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_state(new ExplorerState(this))
    , m_controller(new Controller(m_state, this))
{
}
MainWindow::~MainWindow() = default;
QString MainWindow::openFiles(const QStringList&)
{
    return {};
}
void MainWindow::closeEvent(QCloseEvent*) { }
void MainWindow::dragEnterEvent(QDragEnterEvent*) { }
void MainWindow::dropEvent(QDropEvent*) { }
} // namespace normscope
