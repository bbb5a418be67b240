#include "panels/parameterpanel.h"

#include "look/normtexts.h"
#include "widgets/divisorslider.h"
#include "widgets/epsedit.h"
#include "widgets/sliderspin.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

namespace normscope {

namespace {

QString shapeText(const std::vector<int64_t>& dims)
{
    QStringList parts;
    for (int64_t d : dims)
        parts << QString::number(d);
    // Python's tuple: (8,) has one element, (8) is just 8.
    return QLatin1Char('(') + parts.join(QStringLiteral(", "))
        + (parts.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")"));
}

} // namespace

ParameterPanel::ParameterPanel(ExplorerState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    buildNormBox();
    buildAffineBox();
    buildRunningBox();
    buildSelectionBox();
    layout->addStretch(1);
    connect(state, &ExplorerState::changed, this, &ParameterPanel::syncFromState);
    syncFromState();
}

void ParameterPanel::buildNormBox()
{
    auto* box = new QGroupBox(tr("Normalization layer"), this);
    auto* form = m_normForm = new QFormLayout(box);
    auto* buttons = new QHBoxLayout;
    // Five buttons and the label column within the 1340 px window a 1366 × 768 screen gives.
    buttons->setSpacing(2);
    m_normGroup = new QButtonGroup(this);
    const QString tips[] = {
        tr("BatchNorm: each channel is normalized over the batch and all positions (N, H, W)."),
        tr("LayerNorm: each sample is normalized over its normalized_shape (by default C, H, W)."),
        tr("InstanceNorm: each channel of each sample is normalized over its positions (H, W)."),
        tr("GroupNorm: each group of channels of each sample is normalized over (C/G, H, W)."),
        tr("RMSNorm: the sets are LayerNorm's (normalized_shape); each is divided by its root mean square, "
           "√(mean(x²) + eps). The mean is not removed, and there is no β."),
    };
    const QString labels[] = { tr("BN"), tr("LN"), tr("IN"), tr("GN"), tr("RMS") };
    for (int i = 0; i < static_cast<int>(std::size(allNormKinds)); ++i) {
        auto* button = new QToolButton(box);
        button->setText(labels[i]);
        button->setCheckable(true);
        button->setToolTip(tips[i]);
        button->setMinimumWidth(40);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_normGroup->addButton(button, i);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    auto* normLabel = new QLabel(tr("Norm"), box);
    form->addRow(normLabel, buttons);
    connect(m_normGroup, &QButtonGroup::idClicked, this,
        [this](int id) { m_state->setNormKind(allNormKinds[static_cast<size_t>(id)]); });

    m_eps = new EpsEdit(box);
    auto* epsLabel = m_epsLabel = new QLabel(tr("eps"), box);
    form->addRow(epsLabel, m_eps);
    connect(m_eps, &EpsEdit::valueChanged, this, [this] {
        // A number typed or dragged replaces eps=None.
        const QSignalBlocker block(m_epsNone);
        m_epsNone->setChecked(false);
        pushConfig();
    });
    m_epsNone = new QCheckBox(tr("None (torch.finfo(float32).eps)"), box);
    m_epsNone->setToolTip(tr("RMSNorm's default eps=None: PyTorch adds the machine epsilon of the input's float "
                             "type, 1.1920929e-07 for float32."));
    form->addRow(m_epsNone);
    connect(m_epsNone, &QCheckBox::toggled, this, &ParameterPanel::pushConfig);
    m_epsWarning = new QLabel(box);
    m_epsWarning->setWordWrap(true);
    m_epsWarning->setObjectName(QStringLiteral("warning"));
    form->addRow(m_epsWarning);
    // Rows come and go with setRowVisible(): a hidden widget alone left its row's spacing, an
    // empty gap under eps that the warning then only partly filled.
    form->setRowVisible(m_epsWarning, false);

    m_layerShape = new QComboBox(box);
    m_layerShape->setToolTip(tr("normalized_shape of LayerNorm and RMSNorm: the trailing dimensions each set spans."));
    m_layerShapeLabel = new QLabel(tr("normalized_shape"), box);
    form->addRow(m_layerShapeLabel, m_layerShape);
    connect(m_layerShape, &QComboBox::activated, this, &ParameterPanel::pushConfig);

    // A slider through C's divisors: G morphs from LayerNorm's one set per sample (G = 1) to
    // InstanceNorm's set per channel (G = C), and no position is one PyTorch would refuse.
    m_groups = new DivisorSlider(box);
    m_groupsLabel = new QLabel(tr("num_groups"), box);
    m_groupsLabel->setBuddy(m_groups->slider());
    form->addRow(m_groupsLabel, m_groups);
    connect(m_groups, &DivisorSlider::valueChanged, this, &ParameterPanel::pushConfig);
    // The label column as wide as its widest label, shown or not: it followed the rows of the
    // current norm, and the BN/LN/IN/GN buttons jumped sideways (x = 80, 146, 116 px) under the
    // pointer of a user clicking through the norms.
    int labelWidth = 0;
    for (QLabel* label : { normLabel, epsLabel, m_layerShapeLabel, m_groupsLabel })
        labelWidth = std::max(labelWidth, label->sizeHint().width());
    for (QLabel* label : { normLabel, epsLabel, m_layerShapeLabel, m_groupsLabel })
        label->setMinimumWidth(labelWidth);
    layout()->addWidget(box);
}

void ParameterPanel::buildAffineBox()
{
    auto* box = new QGroupBox(tr("Affine transform (γ, β)"), this);
    auto* form = new QFormLayout(box);
    m_affineForm = form;
    m_affine = new QCheckBox(tr("affine"), box);
    m_affine->setToolTip(tr("With affine on, the normalized values are scaled by γ and shifted by β (learnable in "
                            "PyTorch)."));
    form->addRow(m_affine);
    connect(m_affine, &QCheckBox::toggled, this, &ParameterPanel::pushConfig);

    m_gamma = new SliderSpin(-3.0, 3.0, 2, box);
    m_gamma->setToolTip(tr("γ (weight): the output's standard deviation per channel."));
    form->addRow(tr("γ"), m_gamma);
    m_beta = new SliderSpin(-3.0, 3.0, 2, box);
    m_beta->setToolTip(tr("β (bias): the output's mean per channel."));
    form->addRow(tr("β"), m_beta);
    connect(m_gamma, &SliderSpin::valueChanged, this, &ParameterPanel::pushAffine);
    connect(m_beta, &SliderSpin::valueChanged, this, &ParameterPanel::pushAffine);

    auto* row = new QHBoxLayout;
    m_randomize = new QPushButton(tr("Randomize per channel"), box);
    m_randomize->setToolTip(tr("Draw a different γ and β for every channel (every element for LayerNorm), around "
                               "the slider values."));
    m_resetAffine = new QPushButton(tr("Reset γ, β"), box);
    m_resetAffine->setToolTip(tr("Back to PyTorch's initial values: γ = 1, β = 0."));
    row->addWidget(m_randomize);
    row->addWidget(m_resetAffine);
    form->addRow(row);
    connect(m_randomize, &QPushButton::clicked, this, [this] {
        AffineSpec affine = m_state->affine();
        affine.perChannel = true;
        affine.seed = QRandomGenerator::global()->generate64();
        m_state->setAffine(affine);
    });
    connect(m_resetAffine, &QPushButton::clicked, this, [this] { m_state->setAffine(AffineSpec {}); });
    layout()->addWidget(box);
}

void ParameterPanel::buildRunningBox()
{
    m_runningBox = new QGroupBox(tr("Running statistics and mode"), this);
    auto* form = m_runningForm = new QFormLayout(m_runningBox);
    m_track = new QCheckBox(tr("track_running_stats"), m_runningBox);
    m_track->setToolTip(tr("Keep a running mean and variance during training, used instead of batch statistics in "
                           "eval mode."));
    form->addRow(m_track);
    connect(m_track, &QCheckBox::toggled, this, &ParameterPanel::pushConfig);

    m_momentum = new SliderSpin(0.0, 1.0, 3, m_runningBox);
    m_momentum->setToolTip(tr("running = (1 − momentum) · running + momentum · batch statistic."));
    form->addRow(tr("momentum"), m_momentum);
    m_momentumNone = new QCheckBox(tr("None (cumulative average)"), m_runningBox);
    m_momentumNone->setToolTip(tr("momentum=None: BatchNorm averages all batches equally; InstanceNorm then leaves "
                                  "its running statistics unchanged."));
    form->addRow(m_momentumNone);
    connect(m_momentum, &SliderSpin::valueChanged, this, &ParameterPanel::pushConfig);
    connect(m_momentumNone, &QCheckBox::toggled, this, &ParameterPanel::pushConfig);

    auto* modeRow = new QHBoxLayout;
    m_train = new QRadioButton(tr("train"), m_runningBox);
    m_train->setToolTip(tr("Training mode: normalize with the statistics of the batch itself."));
    m_eval = new QRadioButton(tr("eval"), m_runningBox);
    m_eval->setToolTip(tr("Evaluation mode: normalize with the running statistics accumulated so far."));
    modeRow->addWidget(m_train);
    modeRow->addWidget(m_eval);
    modeRow->addStretch(1);
    form->addRow(tr("mode"), modeRow);
    connect(m_eval, &QRadioButton::toggled, this, &ParameterPanel::pushConfig);

    auto* stepRow = new QHBoxLayout;
    m_step = new QPushButton(tr("Step"), m_runningBox);
    m_step->setToolTip(tr("Feed one more batch through the layer in training mode, updating the running "
                          "statistics: a new batch from the same population (new noise, the same means and "
                          "spreads), or the loaded file(s) again."));
    m_resetRunning = new QPushButton(tr("Reset running stats"), m_runningBox);
    m_resetRunning->setToolTip(tr("Running mean back to 0, running variance to 1, batches tracked to 0."));
    stepRow->addWidget(m_step);
    stepRow->addWidget(m_resetRunning);
    form->addRow(stepRow);
    connect(m_step, &QPushButton::clicked, this, &ParameterPanel::stepRequested);
    connect(m_resetRunning, &QPushButton::clicked, m_state, &ExplorerState::resetRunning);
    m_runningInfo = new QLabel(m_runningBox);
    m_runningInfo->setWordWrap(true);
    form->addRow(m_runningInfo);
    m_stepError = new QLabel(m_runningBox);
    m_stepError->setWordWrap(true);
    m_stepError->setObjectName(QStringLiteral("warning"));
    form->addRow(m_stepError);
    form->setRowVisible(m_stepError, false);
    layout()->addWidget(m_runningBox);
}

void ParameterPanel::buildSelectionBox()
{
    auto* box = new QGroupBox(tr("Selected set"), this);
    box->setToolTip(tr("The set of values studied in the histograms and statistics; click a cell in the cube to "
                       "choose it too."));
    auto* grid = new QHBoxLayout(box);
    const QString names[] = { QStringLiteral("n"), QStringLiteral("c"), QStringLiteral("g"), QStringLiteral("h") };
    QSpinBox** boxes[] = { &m_selN, &m_selC, &m_selG, &m_selH };
    for (int i = 0; i < 4; ++i) {
        m_selLabels[i] = new QLabel(names[i], box);
        *boxes[i] = new QSpinBox(box);
        grid->addWidget(m_selLabels[i]);
        grid->addWidget(*boxes[i]);
        connect(*boxes[i], &QSpinBox::valueChanged, this, &ParameterPanel::pushSelection);
    }
    grid->addStretch(1);
    m_selSummary = new QLabel(this);
    m_selSummary->setWordWrap(true);
    layout()->addWidget(box);
    layout()->addWidget(m_selSummary);
}

void ParameterPanel::setSnapshot(std::shared_ptr<const Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    // eps = 0 is allowed, as in PyTorch, but never silently: the warning sits where eps is set.
    const bool batchKernel
        = m_snapshot && (m_snapshot->config.kind == NormKind::Batch || m_snapshot->config.kind == NormKind::Instance);
    if (m_snapshot && m_snapshot->nonFiniteSets > 0 && m_snapshot->config.kind == NormKind::Rms)
        m_epsWarning->setText(tr("eps = 0 and %1 set(s) are all zeros (mean square 0): their output is NaN, as in "
                                 "PyTorch.")
                                  .arg(m_snapshot->nonFiniteSets));
    else if (m_snapshot && m_snapshot->nonFiniteSets > 0)
        m_epsWarning->setText(tr("eps = 0 and %1 set(s) have zero variance: their output is NaN, as in PyTorch.")
                                  .arg(m_snapshot->nonFiniteSets));
    else if (batchKernel && m_snapshot->config.eps == 0.0 && m_snapshot->zeroVarianceSets > 0
        && !normalizedWithRunningStats(*m_snapshot)) // in eval mode the running statistics normalize them
        m_epsWarning->setText(tr("eps = 0 and %1 set(s) have zero variance: PyTorch's batch_norm outputs β for them.")
                                  .arg(m_snapshot->zeroVarianceSets));
    else
        m_epsWarning->clear();
    m_normForm->setRowVisible(m_epsWarning, !m_epsWarning->text().isEmpty());
    syncFromState();
}

void ParameterPanel::showStepError(const QString& message)
{
    m_stepError->setText(tr("Step not taken: %1").arg(message));
    m_runningForm->setRowVisible(m_stepError, true);
}

void ParameterPanel::syncFromState()
{
    m_runningForm->setRowVisible(m_stepError, false);
    const NormConfig& config = m_state->config();
    const Shape shape = m_state->shape();
    const QSignalBlocker b1(m_normGroup);
    const QSignalBlocker b2(m_layerShape);
    const QSignalBlocker b3(m_groups);
    const QSignalBlocker b4(m_affine);
    const QSignalBlocker b5(m_track);
    const QSignalBlocker b6(m_momentumNone);
    const QSignalBlocker b7(m_eval);
    const QSignalBlocker b8(m_train);

    m_normGroup->button(static_cast<int>(config.kind))->setChecked(true);
    m_eps->setValue(config.eps);
    const bool rms = config.kind == NormKind::Rms;
    m_normForm->setRowVisible(m_epsNone, rms);
    // RMSNorm has no variance: its eps goes under the square root with the mean square.
    const QString epsTip = rms
        ? tr("eps is added to the mean square mean(x²) before the square root, so a set of zeros "
             "does not divide by zero.")
        : tr("eps is added to the variance before the square root, so a constant set does not "
             "divide by zero.");
    m_eps->setToolTip(epsTip);
    m_epsLabel->setToolTip(epsTip);
    {
        const QSignalBlocker block(m_epsNone);
        m_epsNone->setChecked(config.epsNone);
    }

    const bool layer = usesNormalizedShape(config.kind);
    m_normForm->setRowVisible(m_layerShape, layer);
    m_layerShape->clear();
    const int maxDims = shape.rank - 1;
    for (int dims = 1; dims <= maxDims; ++dims)
        m_layerShape->addItem(shapeText(layerShapeFor(shape, dims)), dims);
    const int dims = config.normalizedShape.empty() ? maxDims : static_cast<int>(config.normalizedShape.size());
    m_layerShape->setCurrentIndex(m_layerShape->findData(dims));

    const bool group = config.kind == NormKind::Group;
    m_normForm->setRowVisible(m_groups, group);
    m_groups->setNumber(shape.c);
    m_groups->setValue(config.groups);

    m_affine->setText(layer ? tr("elementwise_affine") : tr("affine"));
    // LayerNorm's γ and β have normalized_shape's elements, one per element, not per channel.
    m_randomize->setText(layer ? tr("Randomize per element") : tr("Randomize per channel"));
    m_affine->setChecked(config.affine);
    const AffineSpec& affine = m_state->affine();
    m_gamma->setValue(affine.gamma);
    m_beta->setValue(affine.beta);
    for (QWidget* w : { static_cast<QWidget*>(m_gamma), static_cast<QWidget*>(m_beta),
             static_cast<QWidget*>(m_randomize), static_cast<QWidget*>(m_resetAffine) })
        w->setEnabled(config.affine);
    m_affineForm->setRowVisible(m_beta, hasBias(config.kind)); // RMSNorm has no β

    const bool hasRunning = config.kind == NormKind::Batch || config.kind == NormKind::Instance;
    m_runningBox->setVisible(hasRunning);
    m_track->setChecked(config.trackRunningStats);
    m_momentumNone->setChecked(!config.momentum.has_value());
    m_momentum->setValue(config.momentum.value_or(0.1));
    m_momentum->setEnabled(config.momentum.has_value() && config.trackRunningStats);
    m_momentumNone->setEnabled(config.trackRunningStats);
    m_train->setChecked(config.training);
    m_eval->setChecked(!config.training);
    m_step->setEnabled(config.hasRunningStats());
    m_resetRunning->setEnabled(config.hasRunningStats());
    const NormParams& running = m_state->running();
    if (!config.hasRunningStats()) {
        m_runningInfo->setText(tr("No running statistics: eval mode normalizes with the batch's own statistics."));
    } else {
        m_runningInfo->setText(tr("num_batches_tracked = %1%2")
                                   .arg(running.numBatchesTracked)
                                   .arg(running.runningMean.empty() ? tr(" (running mean 0, variance 1)") : QString())
            + QLatin1Char('\n') + stepText());
    }

    // Selection boxes: only the indices that name a set of this norm.
    const int64_t groupsCount = config.groups > 0 ? config.groups : 1;
    const int layerDims = m_snapshot ? m_snapshot->geometry.layerDims() : 3;
    // LayerNorm and RMSNorm on (B, T, C) data over (C): a token, named by b and t.
    const bool token = layer && layerDims == 1 && m_snapshot && m_snapshot->geometry.transposed();
    const bool showN = config.kind != NormKind::Batch && !(layer && layerDims == 4);
    const bool showC
        = !token && (config.kind == NormKind::Batch || config.kind == NormKind::Instance || (layer && layerDims <= 2));
    const bool showG = group;
    const bool showH = layer && layerDims == 1;
    const bool show[] = { showN, showC, showG, showH };
    QSpinBox* boxes[] = { m_selN, m_selC, m_selG, m_selH };
    const int64_t maxima[] = { shape.n - 1, shape.c - 1, groupsCount - 1, (token ? shape.w : shape.h) - 1 };
    const bool btc = shape.layout == Layout::BTC;
    m_selLabels[0]->setText(btc ? QStringLiteral("b") : QStringLiteral("n"));
    m_selLabels[3]->setText(token ? QStringLiteral("t") : QStringLiteral("h"));
    for (int i = 0; i < 4; ++i) {
        const QSignalBlocker block(boxes[i]);
        boxes[i]->setVisible(show[i]);
        m_selLabels[i]->setVisible(show[i]);
        boxes[i]->setRange(0, static_cast<int>(std::max<int64_t>(0, maxima[i])));
    }
    if (m_snapshot) {
        const auto& g = m_snapshot->geometry;
        const int64_t set = m_snapshot->selectedSet;
        const QSignalBlocker bn(m_selN), bc(m_selC), bg(m_selG), bh(m_selH);
        switch (config.kind) {
        case NormKind::Batch:
            m_selC->setValue(static_cast<int>(set));
            break;
        case NormKind::Instance:
            m_selN->setValue(static_cast<int>(set / shape.c));
            m_selC->setValue(static_cast<int>(set % shape.c));
            break;
        case NormKind::Group:
            m_selN->setValue(static_cast<int>(set / g.groups()));
            m_selG->setValue(static_cast<int>(set % g.groups()));
            break;
        case NormKind::Layer:
        case NormKind::Rms:
            if (token) {
                m_selN->setValue(static_cast<int>(set / shape.w));
                m_selH->setValue(static_cast<int>(set % shape.w));
            } else if (layerDims == 1) {
                m_selN->setValue(static_cast<int>(set / (shape.c * shape.h)));
                m_selC->setValue(static_cast<int>((set / shape.h) % shape.c));
                m_selH->setValue(static_cast<int>(set % shape.h));
            } else if (layerDims == 2) {
                m_selN->setValue(static_cast<int>(set / shape.c));
                m_selC->setValue(static_cast<int>(set % shape.c));
            } else {
                m_selN->setValue(static_cast<int>(set));
            }
            break;
        }
        m_selSummary->setText(tr("%1 sets of %2 values each; showing %3.")
                                  .arg(g.setCount())
                                  .arg(g.setSize())
                                  .arg(QString::fromStdString(g.setLabel(set))));
    } else {
        m_selSummary->clear(); // the sets of a setting that cannot be computed are not known
    }
}

QString ParameterPanel::stepText() const
{
    const TensorSource& source = m_state->source();
    const uint64_t fed = m_state->batchesFed();
    const uint64_t steps = m_state->sourceSteps();
    QString next;
    if (source.kind == TensorSource::Kind::Generated) {
        // What stays fixed from batch to batch, in the generator's own terms.
        const QString fixed = source.generator.kind == GeneratorKind::ChannelShift
            ? tr("the same per-channel means and spreads")
            : source.generator.kind == GeneratorKind::SampleShift ? tr("the same per-sample means and spreads")
                                                                  : tr("the same distribution");
        next = tr("Step feeds batch %1 of this population: new noise, %2.").arg(steps + 1).arg(fixed);
    } else if (source.batches.size() > 1) {
        const auto count = static_cast<uint64_t>(source.batches.size());
        const auto index = static_cast<int>(steps % count);
        next = tr("Step feeds %1 next (file %2 of %3; the files take turns).")
                   .arg(QFileInfo(source.batchFiles.value(index)).fileName())
                   .arg(index + 1)
                   .arg(count);
    } else {
        next = tr("Step feeds the same tensor again (%1).").arg(source.description);
    }
    return next + QLatin1Char(' ') + tr("Batches fed: %1.").arg(fed);
}

void ParameterPanel::pushConfig()
{
    NormConfig config = m_state->config();
    config.epsNone = config.kind == NormKind::Rms && m_epsNone->isChecked();
    config.eps = config.epsNone ? float32Eps : m_eps->value();
    if (usesNormalizedShape(config.kind)) {
        const int dims = m_layerShape->currentData().toInt();
        config.normalizedShape
            = dims >= m_state->shape().rank - 1 ? std::vector<int64_t> {} : layerShapeFor(m_state->shape(), dims);
    }
    if (config.kind == NormKind::Group)
        config.groups = m_groups->value();
    config.affine = m_affine->isChecked();
    config.trackRunningStats = m_track->isChecked();
    config.momentum
        = m_momentumNone->isChecked() ? std::optional<double> {} : std::optional<double> { m_momentum->value() };
    config.training = !m_eval->isChecked();
    m_state->setConfig(config);
}

void ParameterPanel::pushAffine()
{
    AffineSpec affine = m_state->affine();
    affine.gamma = m_gamma->value();
    affine.beta = m_beta->value();
    m_state->setAffine(affine);
}

void ParameterPanel::pushSelection()
{
    const NormConfig& config = m_state->config();
    const Shape shape = m_state->shape();
    const int64_t n = m_selN->value();
    const int64_t c = m_selC->value();
    int64_t set = 0;
    switch (config.kind) {
    case NormKind::Batch:
        set = c;
        break;
    case NormKind::Instance:
        set = n * shape.c + c;
        break;
    case NormKind::Group:
        set = n * config.groups + m_selG->value();
        break;
    case NormKind::Layer:
    case NormKind::Rms: {
        const int dims = m_snapshot ? m_snapshot->geometry.layerDims() : 3;
        const bool token = dims == 1 && m_snapshot && m_snapshot->geometry.transposed();
        set = token     ? n * shape.w + m_selH->value()
            : dims == 1 ? (n * shape.c + c) * shape.h + m_selH->value()
            : dims == 2 ? n * shape.c + c
            : dims == 3 ? n
                        : 0;
        break;
    }
    }
    m_state->setSelectedSet(set);
}

} // namespace normscope
