#include "window/loadindicator.h"

#include "files/tensorloader.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace normscope {

LoadIndicator::LoadIndicator(TensorLoader* loader, QWidget* parent)
    : QWidget(parent)
    , m_loader(loader)
    , m_text(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false); // the label says it, in every style
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading and keep the current tensor."));
    connect(m_cancel, &QToolButton::clicked, loader, &TensorLoader::cancel);
    hide();

    m_delay.setSingleShot(true);
    m_delay.setInterval(200);
    m_poll.setInterval(100);
    connect(&m_delay, &QTimer::timeout, this, [this] {
        update();
        show();
        m_poll.start();
    });
    connect(&m_poll, &QTimer::timeout, this, &LoadIndicator::update);
    connect(loader, &TensorLoader::busyChanged, this, [this](bool busy) {
        if (busy) {
            m_delay.start();
        } else {
            m_delay.stop();
            m_poll.stop();
            hide();
        }
    });
}

void LoadIndicator::update()
{
    const QStringList paths = m_loader->paths();
    const QString what = paths.size() == 1 ? QFileInfo(paths.first()).fileName() : tr("%1 files").arg(paths.size());
    const double progress = m_loader->progress();
    if (progress < 0) {
        m_bar->setRange(0, 0); // indeterminate
        m_text->setText(tr("Loading %1…").arg(what));
    } else {
        m_bar->setRange(0, 1000);
        m_bar->setValue(static_cast<int>(progress * 1000));
        m_text->setText(tr("Loading %1… %2%").arg(what).arg(static_cast<int>(progress * 100)));
    }
}

} // namespace normscope
