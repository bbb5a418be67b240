#include "labs/runningstatsview.h"

#include "labs/labstyle.h"

#include "labs/labplots.h"

#include "plots/qcustomplotinclude.h"
#include "widgets/elidedlabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace normscope {

namespace {

constexpr RunningStatsPlot plotOrder[]
    = { RunningStatsPlot::Mean, RunningStatsPlot::Variance, RunningStatsPlot::Gap, RunningStatsPlot::EvalMean };

} // namespace

RunningStatsView::RunningStatsView(LabSession* session, QWidget* parent)
    : LabView(session, LabSession::Lab::RunningStats, parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildControls());
    auto* grid = new QGridLayout;
    grid->setSpacing(4);
    for (int i = 0; i < 4; ++i) {
        m_plots[i] = new QCustomPlot(this);
        m_plots[i]->setMinimumSize(240, 160);
        setUpLabPlot(*m_plots[i]);
        grid->addWidget(m_plots[i], i / 2, i % 2);
        connect(m_plots[i], &QCustomPlot::plottableClick, this, [this](QCPAbstractPlottable* plottable) {
            const QVariant channel = plottable->property("channel");
            if (channel.isValid())
                m_session->setChannel(channel.toLongLong());
        });
    }
    layout->addLayout(grid, 1);
    addCaption(layout);

    connect(m_session, &LabSession::settingsChanged, this, [this] {
        syncControls();
        redraw(); // the channel may have changed
    });
    connect(m_session, &LabSession::runningStatsChanged, this, &RunningStatsView::redraw);
    syncControls();
    redraw();
}

QWidget* RunningStatsView::buildControls()
{
    m_controls = new QWidget(this);
    auto* rows = new QVBoxLayout(m_controls);
    rows->setContentsMargins(0, 0, 0, 0);
    auto* first = new QHBoxLayout;
    const int counts[] = { 1, 10, 100 };
    for (int i = 0; i < 3; ++i) {
        m_steps[i] = new QPushButton(tr("Step ×%1").arg(counts[i]), m_controls);
        m_steps[i]->setToolTip(counts[i] == 1
                ? tr("Feed one new batch through BatchNorm in training mode.")
                : tr("Feed %1 new batches through BatchNorm in training mode.").arg(counts[i]));
        connect(m_steps[i], &QPushButton::clicked, this, [this, count = counts[i]] { m_session->step(count); });
        first->addWidget(m_steps[i]);
    }
    m_play = new QPushButton(tr("Play"), m_controls);
    m_play->setCheckable(true);
    m_play->setToolTip(tr("Keep feeding batches; press again to pause."));
    connect(m_play, &QPushButton::toggled, m_session, &LabSession::setPlaying);
    first->addWidget(m_play);
    m_speed = new QSpinBox(m_controls);
    m_speed->setRange(1, 500);
    m_speed->setSuffix(tr(" steps/s"));
    m_speed->setToolTip(tr("How fast Play feeds batches (a large population may be slower)."));
    connect(m_speed, &QSpinBox::valueChanged, m_session, &LabSession::setPlaySpeed);
    first->addWidget(m_speed);
    m_reset = new QPushButton(tr("Start over"), m_controls);
    m_reset->setToolTip(tr("Back to step 0: running_mean 0, running_var 1. The same batches are fed again."));
    connect(m_reset, &QPushButton::clicked, m_session, &LabSession::resetSteps);
    first->addWidget(m_reset);
    // No extra gaps: this row sets the window's minimum width, which must fit a 1366 × 768 screen.
    first->addWidget(new QLabel(tr("Momentum"), m_controls));
    m_momentum = new QComboBox(m_controls);
    m_momentum->setToolTip(tr("The layer's momentum. Changing it replays the same batches."));
    m_momentum->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_momentum, &QComboBox::activated, this, [this](int index) {
        const QVariant value = m_momentum->itemData(index);
        m_session->requestMomentum(value.isValid() ? std::optional<double>(value.toDouble()) : std::nullopt);
    });
    first->addWidget(m_momentum);
    first->addWidget(new QLabel(tr("Channel"), m_controls));
    m_channel = new QSpinBox(m_controls);
    m_channel->setToolTip(tr("The channel drawn bold; the others are faint (click one to choose it)."));
    connect(m_channel, &QSpinBox::valueChanged, m_session, [this](int c) { m_session->setChannel(c); });
    first->addWidget(m_channel);
    first->addStretch(1);
    rows->addLayout(first);

    auto* second = new QHBoxLayout;
    m_shiftOn = new QCheckBox(tr("Shift the data from step"), m_controls);
    m_shiftOn->setToolTip(
        tr("From this step on every value is moved by the amount: data that differs from what the running "
           "statistics were accumulated on."));
    m_shiftStep = new QSpinBox(m_controls);
    m_shiftStep->setRange(1, 100000);
    m_shiftStep->setValue(30);
    m_shiftAmount = new QDoubleSpinBox(m_controls);
    m_shiftAmount->setRange(-100.0, 100.0);
    m_shiftAmount->setSingleStep(0.5);
    m_shiftAmount->setValue(2.0);
    m_shiftAmount->setPrefix(tr("by "));
    connect(m_shiftOn, &QCheckBox::toggled, this, &RunningStatsView::pushShift);
    connect(m_shiftStep, &QSpinBox::valueChanged, this, &RunningStatsView::pushShift);
    connect(m_shiftAmount, &QDoubleSpinBox::valueChanged, this, &RunningStatsView::pushShift);
    second->addWidget(m_shiftOn);
    second->addWidget(m_shiftStep);
    second->addWidget(m_shiftAmount);
    second->addSpacing(12);
    addStatusAndActions(second, tr("Stop feeding; the batches fed so far stay."));
    rows->addLayout(second);
    return m_controls;
}

QPushButton* RunningStatsView::stepButton(int count) const
{
    return count == 1 ? m_steps[0] : count == 10 ? m_steps[1] : m_steps[2];
}

void RunningStatsView::pushShift()
{
    m_session->setShift(
        { static_cast<uint64_t>(m_shiftStep->value()), m_shiftOn->isChecked() ? m_shiftAmount->value() : 0.0 });
}

void RunningStatsView::syncControls()
{
    const QSignalBlocker b1(m_play), b2(m_speed), b3(m_momentum), b4(m_channel), b5(m_shiftOn), b6(m_shiftStep),
        b7(m_shiftAmount);
    m_play->setChecked(m_session->playing());
    m_play->setText(m_session->playing() ? tr("Pause") : tr("Play"));
    m_speed->setValue(m_session->playSpeed());
    const Shape shape = m_session->data().shape();
    m_channel->setRange(0, static_cast<int>(std::max<int64_t>(shape.c - 1, 0)));
    m_channel->setValue(static_cast<int>(m_session->channel()));
    const bool atMost = m_session->steps() >= m_session->maxSteps();
    for (QPushButton* step : m_steps)
        step->setEnabled(!atMost);
    m_play->setEnabled(!atMost || m_session->playing());

    m_momentum->clear();
    const std::optional<double> current = m_session->layer().momentum;
    const double presets[] = { 0.1, 0.01, 1.0 };
    if (current && std::find(std::begin(presets), std::end(presets), *current) == std::end(presets))
        m_momentum->addItem(QString::number(*current, 'g', 4), *current);
    for (double m : presets)
        m_momentum->addItem(QString::number(m, 'f', m < 0.05 ? 2 : 1), m);
    m_momentum->addItem(tr("None (cumulative average)"), QVariant());
    m_momentum->setCurrentIndex(current ? m_momentum->findData(*current) : m_momentum->count() - 1);

    const PopulationShift& shift = m_session->shift();
    m_shiftOn->setChecked(shift.amount != 0.0);
    if (shift.amount != 0.0) {
        m_shiftStep->setValue(static_cast<int>(shift.fromBatch));
        m_shiftAmount->setValue(shift.amount);
    }
}

void RunningStatsView::redraw()
{
    LabPlotStyle style;
    style.theme = m_theme;
    style.fontScale = m_fontScale;
    style.channel = m_session->channel();
    const auto history = m_session->runningStats();
    const QString error = m_session->runningStatsError();
    for (int i = 0; i < 4; ++i) {
        if (history)
            drawRunningStatsPlot(*m_plots[i], plotOrder[i], *history, style);
        else
            drawPlotMessage(*m_plots[i], runningStatsPlotTitle(plotOrder[i], style.channel),
                error.isEmpty() ? tr("Computing…") : tr("Nothing to show: see the message below."), style);
    }
    if (history) {
        m_caption->setText(runningStatsCaption(*history, style.channel));
        m_status->setText(tr("%1 batches fed · %2").arg(history->steps).arg(m_session->data().description));
    } else {
        m_caption->setText(error.isEmpty() ? QString() : tr("BatchNorm cannot train on these batches: %1").arg(error));
        m_status->setText(m_session->data().description);
    }
    m_export->setEnabled(history != nullptr);
    emit redrawn();
}

} // namespace normscope
