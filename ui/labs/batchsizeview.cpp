#include "labs/batchsizeview.h"

#include "labs/labstyle.h"

#include "labs/labplots.h"

#include "plots/qcustomplotinclude.h"
#include "widgets/elidedlabel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace normscope {

BatchSizeView::BatchSizeView(LabSession* session, QWidget* parent)
    : LabView(session, LabSession::Lab::BatchSize, parent)
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
    addCaption(layout);

    connect(m_session, &LabSession::settingsChanged, this, [this] {
        syncControls();
        redraw();
    });
    connect(m_session, &LabSession::batchSizeChanged, this, &BatchSizeView::redraw);
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
    addStatusAndActions(row, tr("Stop drawing; the draws made so far are shown."));
    return m_controls;
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

} // namespace normscope
