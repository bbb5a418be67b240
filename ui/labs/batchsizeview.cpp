#include "labs/batchsizeview.h"

#include "labs/labstyle.h"

#include "labs/labplots.h"
#include "labs/labworker.h"

#include "plots/qcustomplotinclude.h"
#include "widgets/elidedlabel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace normscope {

BatchSizeView::BatchSizeView(LabSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildControls());
    auto* plots = new QHBoxLayout;
    plots->setSpacing(4);
    for (int i = 0; i < 2; ++i) {
        m_plots[i] = new QCustomPlot(this);
        m_plots[i]->setMinimumSize(260, 200);
        setUpLabPlot(*m_plots[i]);
        plots->addWidget(m_plots[i]);
    }
    layout->addLayout(plots, 1);
    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_caption);

    connect(m_session, &LabSession::settingsChanged, this, [this] {
        syncControls();
        redraw();
    });
    connect(m_session, &LabSession::batchSizeChanged, this, &BatchSizeView::redraw);
    LabWorker* worker = m_session->worker(LabSession::Lab::BatchSize);
    connect(worker, &LabWorker::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        m_progress->setValue(0);
    });
    connect(worker, &LabWorker::progress, this,
        [this](double fraction) { m_progress->setValue(static_cast<int>(std::lround(fraction * 100))); });
    syncControls();
    redraw();
}

QWidget* BatchSizeView::buildControls()
{
    m_controls = new QWidget(this);
    auto* row = new QHBoxLayout(m_controls);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Fixed sample"), m_controls));
    m_sample = new QSpinBox(m_controls);
    m_sample->setToolTip(tr("The sample of the batch on screen whose output is followed; its batch mates are drawn "
                            "at random from the population."));
    connect(m_sample, &QSpinBox::valueChanged, m_session, [this](int n) { m_session->setSample(n); });
    row->addWidget(m_sample);
    row->addWidget(new QLabel(tr("Channel"), m_controls));
    m_channel = new QSpinBox(m_controls);
    connect(m_channel, &QSpinBox::valueChanged, m_session, [this](int c) { m_session->setChannel(c); });
    row->addWidget(m_channel);
    row->addWidget(new QLabel(tr("Draws"), m_controls));
    m_draws = new QSpinBox(m_controls);
    m_draws->setRange(2, 500);
    m_draws->setToolTip(tr("How many times the batch mates are drawn for each batch size."));
    m_draws->setKeyboardTracking(false);
    connect(m_draws, &QSpinBox::valueChanged, m_session, &LabSession::setDraws);
    row->addWidget(m_draws);
    row->addWidget(new QLabel(tr("Batch sizes up to"), m_controls));
    m_largest = new QComboBox(m_controls);
    for (int size : { 8, 16, 32, 64, 128, 256 })
        m_largest->addItem(QString::number(size), size);
    m_largest->setToolTip(tr("Batch sizes 1, 2, 4, … up to this one."));
    connect(m_largest, &QComboBox::activated, this,
        [this](int index) { m_session->setLargestBatch(m_largest->itemData(index).toInt()); });
    row->addWidget(m_largest);
    row->addSpacing(12);
    m_status = new ElidedLabel(m_controls);
    // Long source names end in "…", never widen the view past the window (full text as tooltip).
    row->addWidget(m_status, 1);
    m_progress = new QProgressBar(m_controls);
    m_progress->setRange(0, 100);
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    row->addWidget(m_progress);
    m_cancel = new QPushButton(tr("Stop"), m_controls);
    m_cancel->setToolTip(tr("Stop drawing; the draws made so far are shown."));
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_session->cancel(LabSession::Lab::BatchSize); });
    row->addWidget(m_cancel);
    m_export = new QPushButton(tr("Export…"), m_controls);
    m_export->setToolTip(tr("Save these plots as a 16:9 slide (PNG, SVG or PDF), or their numbers as CSV."));
    auto* exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Slide (16:9: PNG, SVG or PDF)…"), this, [this] { emit exportRequested(false); });
    exportMenu->addAction(tr("Numbers (CSV)…"), this, [this] { emit exportRequested(true); });
    m_export->setMenu(exportMenu);
    row->addWidget(m_export);
    return m_controls;
}

QString BatchSizeView::caption() const
{
    return m_caption->text();
}

void BatchSizeView::syncControls()
{
    const QSignalBlocker b1(m_sample), b2(m_channel), b3(m_draws), b4(m_largest);
    const Shape shape = m_session->data().shape();
    m_sample->setRange(0, static_cast<int>(std::max<int64_t>(shape.n - 1, 0)));
    m_sample->setValue(static_cast<int>(m_session->sample()));
    m_channel->setRange(0, static_cast<int>(std::max<int64_t>(shape.c - 1, 0)));
    m_channel->setValue(static_cast<int>(m_session->channel()));
    m_draws->setValue(m_session->draws());
    const int index = m_largest->findData(static_cast<int>(m_session->largestBatch()));
    if (index < 0)
        m_largest->addItem(QString::number(m_session->largestBatch()), static_cast<int>(m_session->largestBatch()));
    m_largest->setCurrentIndex(m_largest->findData(static_cast<int>(m_session->largestBatch())));
}

void BatchSizeView::redraw()
{
    LabPlotStyle style;
    style.theme = m_theme;
    style.fontScale = m_fontScale;
    style.channel = m_session->channel();
    const auto result = m_session->batchSize();
    const QString error = m_session->batchSizeError();
    for (BatchSizePlot which : { BatchSizePlot::Draws, BatchSizePlot::Spread }) {
        QCustomPlot& plot = *m_plots[static_cast<int>(which)];
        if (result) {
            drawBatchSizePlot(plot, which, *result, style);
        } else {
            drawPlotMessage(plot, QString(),
                error.isEmpty() ? tr("Drawing batch mates…") : tr("Nothing to show: see the message below."), style);
        }
    }
    if (result) {
        m_caption->setText(batchSizeCaption(*result, style.channel));
        m_status->setText(batchSizeSubtitle(*result, m_session->data().description));
    } else {
        m_caption->setText(error);
        m_status->setText(m_session->data().description);
    }
    m_export->setEnabled(result != nullptr);
    emit redrawn();
}

void BatchSizeView::setTheme(const Theme& theme)
{
    m_theme = theme;
    setCaptionColour(m_caption, theme.foreground);
    redraw();
}

void BatchSizeView::setFontScale(double scale)
{
    m_fontScale = scale;
    scaleLabFonts(m_controls, m_caption, scale);
    redraw();
}

void BatchSizeView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    m_session->setActive(LabSession::Lab::BatchSize, true);
}

void BatchSizeView::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_session->setActive(LabSession::Lab::BatchSize, false);
}

} // namespace normscope
