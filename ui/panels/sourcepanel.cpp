#include "panels/sourcepanel.h"

#include "files/layoutchoice.h"
#include "norms/normerror.h"
#include "tensor/layout.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace normscope {

namespace {
QString number(double v)
{
    return QString::number(v, 'g', 4);
}

// The generator catalog lives in core (no Qt); its texts are translated here.
const char* const generatorTexts[] = {
    QT_TRANSLATE_NOOP("Generators", "Normal"),
    QT_TRANSLATE_NOOP("Generators", "Independent normal values, N(mean, std²)."),
    QT_TRANSLATE_NOOP("Generators", "Uniform"),
    QT_TRANSLATE_NOOP("Generators", "Independent values uniform in [low, high)."),
    QT_TRANSLATE_NOOP("Generators", "Per-channel shift and scale"),
    QT_TRANSLATE_NOOP("Generators", "Each channel has its own mean and spread: what BatchNorm removes."),
    QT_TRANSLATE_NOOP("Generators", "Per-sample shift and scale"),
    QT_TRANSLATE_NOOP("Generators", "Each sample has its own mean and spread: what LayerNorm and InstanceNorm remove."),
    QT_TRANSLATE_NOOP("Generators", "Heavy-tailed with outliers"),
    QT_TRANSLATE_NOOP("Generators", "Standard normal values, a fraction of them replaced by large outliers."),
    QT_TRANSLATE_NOOP("Generators", "Bimodal"),
    QT_TRANSLATE_NOOP("Generators", "A mixture of two unit normals."),
    QT_TRANSLATE_NOOP("Generators", "Constant"),
    QT_TRANSLATE_NOOP("Generators", "Every value the same: zero variance in every set."),
    QT_TRANSLATE_NOOP("Generators", "mean"),
    QT_TRANSLATE_NOOP("Generators", "Mean of every value."),
    QT_TRANSLATE_NOOP("Generators", "std"),
    QT_TRANSLATE_NOOP("Generators", "Standard deviation."),
    QT_TRANSLATE_NOOP("Generators", "low"),
    QT_TRANSLATE_NOOP("Generators", "Lower bound."),
    QT_TRANSLATE_NOOP("Generators", "high"),
    QT_TRANSLATE_NOOP("Generators", "Upper bound."),
    QT_TRANSLATE_NOOP("Generators", "shift"),
    QT_TRANSLATE_NOOP("Generators", "Standard deviation of the channel means."),
    QT_TRANSLATE_NOOP("Generators", "scale"),
    QT_TRANSLATE_NOOP("Generators", "Channel stds are drawn log-uniformly in [1/scale, scale]."),
    QT_TRANSLATE_NOOP("Generators", "Standard deviation of the sample means."),
    QT_TRANSLATE_NOOP("Generators", "Sample stds are drawn log-uniformly in [1/scale, scale]."),
    QT_TRANSLATE_NOOP("Generators", "fraction"),
    QT_TRANSLATE_NOOP("Generators", "Share of values that are outliers."),
    QT_TRANSLATE_NOOP("Generators", "magnitude"),
    QT_TRANSLATE_NOOP("Generators", "Typical size of an outlier."),
    QT_TRANSLATE_NOOP("Generators", "separation"),
    QT_TRANSLATE_NOOP("Generators", "Distance between the two modes."),
    QT_TRANSLATE_NOOP("Generators", "weight"),
    QT_TRANSLATE_NOOP("Generators", "Share of values in the upper mode."),
    QT_TRANSLATE_NOOP("Generators", "value"),
    QT_TRANSLATE_NOOP("Generators", "The value."),
};

QString generatorText(const std::string& text)
{
    Q_UNUSED(generatorTexts)
    return QCoreApplication::translate("Generators", text.c_str());
}

// Every layout the generator offers, as (key, layout, rank).
struct LayoutItem {
    const char* key;
    Layout layout;
    int rank;
};
constexpr LayoutItem layoutItems[] = {
    { "nchw", Layout::ChannelsFirst, 4 },
    { "nhwc", Layout::NHWC, 4 },
    { "ncl", Layout::ChannelsFirst, 3 },
    { "btc", Layout::BTC, 3 },
};

// The names of a shape's dimensions in the user's order: N C H W, N H W C, N C L, B T C.
QStringList dimNames(const Shape& shape)
{
    const QString title = QString::fromStdString(layoutTitle(shape.layout, shape.rank));
    return title.mid(1, title.size() - 2).split(QStringLiteral(", "));
}

QString shapeText(const Shape& shape)
{
    return QString::fromStdString(shapeWithLayout(shape));
}
} // namespace

SourcePanel::SourcePanel(ExplorerState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* box = new QGroupBox(tr("Tensor"), this);
    auto* form = new QFormLayout(box);

    m_info = new QLabel(box);
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_info);
    // While a file is loaded the generator's controls rest: touching one would silently replace
    // the user's data. This button is the one way back.
    m_backToGenerator = new QPushButton(tr("Use the generator instead"), box);
    m_backToGenerator->setToolTip(tr("Leave the loaded file and generate a tensor with the settings below."));
    form->addRow(m_backToGenerator);
    connect(m_backToGenerator, &QPushButton::clicked, this, [this] {
        GeneratorSpec spec = m_state->source().generator;
        m_state->setGenerator(spec);
    });

    m_kind = new QComboBox(box);
    for (const auto& info : generatorCatalog()) {
        m_kind->addItem(generatorText(info.title), QString::fromStdString(info.key));
        m_kind->setItemData(m_kind->count() - 1, generatorText(info.description), Qt::ToolTipRole);
    }
    m_kind->setToolTip(tr("How the generated tensor's values are drawn."));
    form->addRow(tr("Generator"), m_kind);

    m_layout = new QComboBox(box);
    m_layout->setToolTip(
        tr("How the tensor's dimensions are ordered. NHWC (channels last) is normalized exactly as PyTorch would "
           "after x.permute(0, 3, 1, 2). (B, T, C) is a transformer's batch, tokens and features: LayerNorm and "
           "RMSNorm take it as it is (one set per token over C), BatchNorm, InstanceNorm and GroupNorm take "
           "x.transpose(1, 2)."));
    form->addRow(tr("Layout"), m_layout);
    connect(m_layout, &QComboBox::activated, this, &SourcePanel::pushLayout);

    auto* dimsRow = new QHBoxLayout;
    const QString names[] = { QStringLiteral("N"), QStringLiteral("C"), QStringLiteral("H"), QStringLiteral("W") };
    const int maxima[] = { 64, 1024, 1024, 1024 };
    for (int i = 0; i < 4; ++i) {
        m_dims[i] = new QSpinBox(box);
        // As wide as three digits need, sharing the row: sized for "1024" the four boxes pushed
        // the window past the 1340 px a 1366 × 768 screen gives it, and the row is wider anyway.
        m_dims[i]->setRange(1, 999);
        m_dims[i]->setMinimumWidth(m_dims[i]->minimumSizeHint().width());
        m_dims[i]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        m_dims[i]->setRange(1, maxima[i]);
        m_dims[i]->setKeyboardTracking(false);
        m_dims[i]->setPrefix(names[i] + QStringLiteral(" "));
        dimsRow->addWidget(m_dims[i]);
        connect(m_dims[i], &QSpinBox::valueChanged, this, &SourcePanel::pushGenerator);
    }
    form->addRow(tr("Shape"), dimsRow);

    m_seed = new QSpinBox(box);
    m_seed->setRange(0, 1'000'000);
    m_seed->setKeyboardTracking(false);
    m_seed->setToolTip(tr("The same seed always gives the same tensor."));
    form->addRow(tr("Seed"), m_seed);
    connect(m_seed, &QSpinBox::valueChanged, this, &SourcePanel::pushGenerator);

    for (int i = 0; i < 2; ++i) {
        m_paramLabels[i] = new QLabel(box);
        m_params[i] = new QDoubleSpinBox(box);
        m_params[i]->setDecimals(3);
        m_params[i]->setKeyboardTracking(false);
        form->addRow(m_paramLabels[i], m_params[i]);
        connect(m_params[i], &QDoubleSpinBox::valueChanged, this, &SourcePanel::pushGenerator);
    }
    connect(m_kind, &QComboBox::activated, this, [this] {
        // A new kind starts from its own defaults.
        GeneratorSpec spec = m_state->source().generator;
        spec.kind = *parseGeneratorKind(m_kind->currentData().toString().toStdString());
        spec.params.clear();
        m_state->setGenerator(spec);
    });
    m_refusal = new QLabel(box);
    m_refusal->setWordWrap(true);
    m_refusal->setObjectName(QStringLiteral("warning"));
    m_refusal->hide();
    form->addRow(m_refusal);
    layout->addWidget(box);
    connect(state, &ExplorerState::changed, this, &SourcePanel::syncFromState);
    syncFromState();
}

void SourcePanel::syncFromState()
{
    const TensorSource& source = m_state->source();
    const GeneratorSpec& spec = source.generator;
    const GeneratorInfo& info = generatorInfo(spec.kind);
    const QSignalBlocker block(m_kind);
    m_kind->setCurrentIndex(m_kind->findData(QString::fromStdString(info.key)));
    const bool loaded = source.kind == TensorSource::Kind::Loaded;
    m_backToGenerator->setVisible(loaded);
    for (QWidget* w : std::initializer_list<QWidget*> {
             m_kind, m_dims[0], m_dims[1], m_dims[2], m_dims[3], m_seed, m_params[0], m_params[1] })
        w->setEnabled(!loaded);
    // The shape boxes show the tensor on screen, generated or loaded, in its layout's order.
    const Shape shape = m_state->shape();
    const std::vector<int64_t> dims = shape.userDims();
    const QStringList names = dimNames(shape);
    const QString tips[]
        = { tr("N: samples in the batch."), tr("C: channels."), tr("H: height."), tr("W: width."), tr("L: length."),
              tr("B: sequences in the batch."), tr("T: tokens per sequence."), tr("C: features per token.") };
    const QString tipKeys = QStringLiteral("NCHWL");
    for (int i = 0; i < 4; ++i) {
        const QSignalBlocker b(m_dims[i]);
        const bool used = i < static_cast<int>(dims.size());
        m_dims[i]->setVisible(used);
        if (!used)
            continue;
        m_dims[i]->setValue(static_cast<int>(dims[static_cast<size_t>(i)]));
        const QString& name = names[i];
        m_dims[i]->setPrefix(name + QStringLiteral(" "));
        const int tip = shape.layout == Layout::BTC ? 5 + i : static_cast<int>(tipKeys.indexOf(name));
        m_dims[i]->setToolTip(tip >= 0 ? tips[tip] : QString());
    }
    // The layouts: all four for the generator, the two of its rank for a file.
    const QSignalBlocker bl(m_layout);
    m_layout->clear();
    for (const LayoutItem& item : layoutItems) {
        if (loaded && item.rank != shape.rank)
            continue;
        QString text = QString::fromStdString(layoutTitle(item.layout, item.rank));
        if (item.layout == Layout::NHWC)
            text += QLatin1Char(' ') + tr("channels last");
        else if (item.layout == Layout::BTC)
            text += QLatin1Char(' ') + tr("tokens");
        m_layout->addItem(text, QString::fromLatin1(item.key));
    }
    m_layout->setCurrentIndex(m_layout->findData(QString::fromStdString(layoutKey(shape.layout, shape.rank))));
    m_layout->setEnabled(m_layout->count() > 1);
    const QSignalBlocker bs(m_seed);
    m_seed->setValue(static_cast<int>(spec.seed));
    for (size_t i = 0; i < 2; ++i) {
        const bool used = i < info.params.size();
        m_paramLabels[i]->setVisible(used);
        m_params[i]->setVisible(used);
        if (!used)
            continue;
        const auto& p = info.params[i];
        const QSignalBlocker b(m_params[i]);
        m_paramLabels[i]->setText(generatorText(p.key));
        m_params[i]->setToolTip(generatorText(p.description));
        m_params[i]->setRange(std::max(p.minimum, -1000.0), std::min(p.maximum, 1000.0));
        m_params[i]->setSingleStep(p.maximum <= 1.0 ? 0.01 : 0.1);
        m_params[i]->setValue(spec.param(i));
    }
}

void SourcePanel::pushGenerator()
{
    GeneratorSpec spec = m_state->source().generator;
    const Shape old = spec.shape;
    std::vector<int64_t> dims;
    for (int i = 0; i < old.rank; ++i)
        dims.push_back(m_dims[i]->value());
    spec.shape = Shape::fromUserDims(dims, old.layout);
    spec.seed = static_cast<uint64_t>(m_seed->value());
    const size_t count = generatorInfo(spec.kind).params.size();
    spec.params.clear();
    for (size_t i = 0; i < count && i < 2; ++i)
        spec.params.push_back(m_params[i]->value());
    try {
        validateGeneratorSpec(spec);
    } catch (const NormError& e) {
        // Refused before it reaches the state: the boxes go back to the tensor on screen.
        m_refusal->setText(tr("Not generated: %1").arg(QString::fromStdString(e.what())));
        m_refusal->show();
        syncFromState();
        return;
    }
    m_refusal->hide();
    m_state->setGenerator(spec);
}

void SourcePanel::pushLayout()
{
    const QString key = m_layout->currentData().toString();
    for (const LayoutItem& item : layoutItems) {
        if (key != QLatin1String(item.key))
            continue;
        m_state->setLayout(item.layout, item.rank);
        const TensorSource& source = m_state->source();
        if (source.kind == TensorSource::Kind::Loaded && m_state->layout() == item.layout)
            rememberLayout(source.files, item.layout, item.rank); // the file's answer, next time too
    }
}

void SourcePanel::setSnapshot(const std::shared_ptr<const Snapshot>& snapshot)
{
    const TensorSource& source = m_state->source();
    const QString origin = source.kind == TensorSource::Kind::Generated ? tr("generated: %1").arg(source.description)
                                                                        : tr("from %1").arg(source.description);
    if (!snapshot) {
        // The state's tensor, not the last computed one; its statistics come with a result.
        const Shape shape = m_state->shape();
        m_info->setText(
            tr("<b>%1</b> · %2 values<br>%3").arg(shapeText(shape)).arg(shape.numel()).arg(origin.toHtmlEscaped()));
        return;
    }
    const Summary& s = snapshot->inputSummary;
    m_info->setText(tr("<b>%1</b> · %2 values<br>%3<br>min %4 · max %5 · mean %6 · std %7")
                        .arg(shapeText(snapshot->input->shape()))
                        .arg(snapshot->input->numel())
                        .arg(origin.toHtmlEscaped(), number(s.min), number(s.max), number(s.mean), number(s.std)));
}

} // namespace normscope
