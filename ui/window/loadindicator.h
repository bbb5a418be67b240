// The status bar's part of a file load: "Loading x.npy… 40%", a progress bar and a Cancel button,
// shown when a TensorLoader has been busy for a moment (quick loads do not flicker).
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace normscope {

class TensorLoader;

class LoadIndicator : public QWidget {
    Q_OBJECT
public:
    LoadIndicator(TensorLoader* loader, QWidget* parent = nullptr);

private:
    void update();

    TensorLoader* m_loader;
    QLabel* m_text;
    QProgressBar* m_bar;
    QToolButton* m_cancel;
    QTimer m_delay;
    QTimer m_poll;
};

} // namespace normscope
