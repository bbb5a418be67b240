#include "labs/labview.h"

#include "labs/labstyle.h"
#include "labs/labworker.h"
#include "widgets/elidedlabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace normscope {

LabView::LabView(LabSession* session, LabSession::Lab lab, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_lab(lab)
{
}

void LabView::addStatusAndActions(QHBoxLayout* row, const QString& stopTip)
{
    m_status = new ElidedLabel(m_controls);
    // Long source names end in "…", never widen the view past the window (full text as tooltip).
    row->addWidget(m_status, 1);
    m_progress = new QProgressBar(m_controls);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    row->addWidget(m_progress);
    m_cancel = new QPushButton(tr("Stop"), m_controls);
    m_cancel->setToolTip(stopTip);
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_session->cancel(m_lab); });
    row->addWidget(m_cancel);
    m_export = new QPushButton(tr("Export…"), m_controls);
    m_export->setToolTip(tr("Save these plots as a 16:9 slide (PNG, SVG or PDF), or their numbers as CSV."));
    auto* exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Slide (16:9: PNG, SVG or PDF)…"), this, [this] { emit exportRequested(false); });
    exportMenu->addAction(tr("Numbers (CSV)…"), this, [this] { emit exportRequested(true); });
    m_export->setMenu(exportMenu);
    row->addWidget(m_export);

    LabWorker* worker = m_session->worker(m_lab);
    connect(worker, &LabWorker::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        m_progress->setValue(0);
    });
    connect(worker, &LabWorker::progress, this,
        [this](double fraction) { m_progress->setValue(static_cast<int>(std::lround(fraction * 100))); });
}

void LabView::addCaption(QVBoxLayout* layout)
{
    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_caption);
}

QString LabView::caption() const
{
    return m_caption->text();
}

void LabView::setTheme(const Theme& theme)
{
    m_theme = theme;
    setCaptionColour(m_caption, theme.foreground);
    redraw();
}

void LabView::setFontScale(double scale)
{
    m_fontScale = scale;
    scaleLabFonts(m_controls, m_caption, scale);
    redraw();
}

void LabView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_session->setActive(m_lab, true);
}

void LabView::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_session->setActive(m_lab, false);
}

} // namespace normscope
