#include "control/explorerstate.h"

#include "cube/cubemodel.h"
#include "norms/normerror.h"
#include "tensor/layout.h"

#include <algorithm>
#include <cstdlib>

namespace normscope {

std::vector<int64_t> divisorsOf(int64_t c)
{
    std::vector<int64_t> out;
    for (int64_t d = 1; d <= c; ++d) {
        if (c % d == 0)
            out.push_back(d);
    }
    return out;
}

int64_t defaultGroupsFor(int64_t c)
{
    for (int64_t d = 2; d * d <= c; ++d) {
        if (c % d == 0)
            return c / d;
    }
    return 1;
}

std::vector<int64_t> layerShapeFor(const Shape& shape, int dims)
{
    const std::vector<int64_t> all = normInputDims(NormKind::Layer, shape);
    const auto k = static_cast<size_t>(std::clamp(dims, 1, static_cast<int>(all.size()) - 1));
    return { all.end() - static_cast<std::ptrdiff_t>(k), all.end() };
}

ExplorerState::ExplorerState(QObject* parent)
    : QObject(parent)
{
    m_source.description = describe(m_source.generator);
    m_config.groups = defaultGroupsFor(shape().c);
}

namespace {
// The generators' command-line names as the window says them: English keeps the name
// `normscope export --generator` takes, other languages their own word.
const char* const generatorNames[] = {
    QT_TRANSLATE_NOOP("normscope::ExplorerState", "normal"),
    QT_TRANSLATE_NOOP("normscope::ExplorerState", "uniform"),
    QT_TRANSLATE_NOOP("normscope::ExplorerState", "channel-shift"),
    QT_TRANSLATE_NOOP("normscope::ExplorerState", "sample-shift"),
    QT_TRANSLATE_NOOP("normscope::ExplorerState", "heavy-tailed"),
    QT_TRANSLATE_NOOP("normscope::ExplorerState", "bimodal"),
    QT_TRANSLATE_NOOP("normscope::ExplorerState", "constant"),
};
} // namespace

QString ExplorerState::describe(const GeneratorSpec& spec)
{
    Q_UNUSED(generatorNames)
    return tr("%1, seed %2").arg(tr(generatorInfo(spec.kind).key.c_str())).arg(spec.seed);
}

void ExplorerState::setDescription(const QString& description)
{
    m_source.description = description;
}

Shape ExplorerState::shape() const
{
    return m_source.kind == TensorSource::Kind::Loaded && m_source.loaded ? m_source.loaded->shape()
                                                                          : m_source.generator.shape;
}

void ExplorerState::setGenerator(const GeneratorSpec& spec)
{
    m_source.kind = TensorSource::Kind::Generated;
    m_source.generator = spec;
    m_source.loaded.reset();
    m_source.batches.clear();
    m_source.files.clear();
    m_source.batchFiles.clear();
    m_source.description = describe(spec);
    m_sourceSteps = 0;
    adaptToShape();
    emit changed();
}

void ExplorerState::setLoaded(
    std::shared_ptr<const Tensor> tensor, const QString& description, const QStringList& files)
{
    setLoadedBatches({ std::move(tensor) }, description, files, files.size() == 1 ? files : QStringList {});
}

void ExplorerState::setLoadedBatches(std::vector<std::shared_ptr<const Tensor>> batches, const QString& description,
    const QStringList& files, const QStringList& batchFiles)
{
    Q_ASSERT(!batches.empty() && batches.front());
    m_source.kind = TensorSource::Kind::Loaded;
    m_source.loaded = batches.front();
    m_source.batches = std::move(batches);
    m_source.description = description;
    m_source.files = files;
    m_source.batchFiles = batchFiles;
    m_sourceSteps = 0;
    adaptToShape();
    emit changed();
}

void ExplorerState::setLayout(Layout layout, int rank)
{
    if (layout == this->layout() && rank == shape().rank)
        return;
    const auto fits = layoutsForRank(rank);
    if (std::find(fits.begin(), fits.end(), layout) == fits.end())
        return;
    if (m_source.kind == TensorSource::Kind::Generated) {
        if (rank < 3)
            return;
        // Keep N and C; H·W becomes the length (L or T), a length becomes a 1 × L image.
        const Shape old = m_source.generator.shape;
        Shape shape = rank == 3 ? Shape { old.n, old.c, 1, old.hw(), 3 } : Shape { old.n, old.c, old.h, old.w, 4 };
        shape.layout = layout;
        GeneratorSpec spec = m_source.generator;
        spec.shape = shape;
        setGenerator(spec);
        return;
    }
    if (rank != shape().rank)
        return;
    for (auto& batch : m_source.batches)
        batch = std::make_shared<const Tensor>(rearranged(*batch, layout));
    m_source.loaded = m_source.batches.front();
    m_running = {}; // the channels are other ones now
    m_batchesFed = 0;
    m_sourceSteps = 0;
    adaptToShape();
    emit changed();
}

void ExplorerState::setNormKind(NormKind kind)
{
    if (kind == m_config.kind)
        return;
    NormConfig config = NormConfig::defaults(kind);
    // A chosen eps carries over, so comparing norms changes one thing; the old norm's default
    // becomes the new one's (RMSNorm's eps=None, 1e-5 for the others).
    const NormConfig oldDefaults = NormConfig::defaults(m_config.kind);
    if (m_config.eps != oldDefaults.eps || m_config.epsNone != oldDefaults.epsNone) {
        config.eps = m_config.eps;
        config.epsNone = false;
    }
    config.momentum = m_config.momentum;
    config.training = m_config.training;
    config.groups = m_config.groups;
    config.normalizedShape = m_config.normalizedShape;
    m_config = config;
    m_running = {};
    m_batchesFed = 0;
    m_sourceSteps = 0;
    adaptToShape();
    emit changed();
}

void ExplorerState::setConfig(const NormConfig& config)
{
    const bool layerChanged = config.kind != m_config.kind || config.trackRunningStats != m_config.trackRunningStats;
    m_config = config;
    if (layerChanged) {
        m_running = {};
        m_batchesFed = 0;
        m_sourceSteps = 0;
    }
    adaptToShape();
    emit changed();
}

void ExplorerState::setAffine(const AffineSpec& affine)
{
    if (affine == m_affine)
        return;
    m_affine = affine;
    emit changed();
}

void ExplorerState::setRunning(const NormParams& running)
{
    m_running = running;
    emit changed();
}

void ExplorerState::addSteps(const NormParams& running, uint64_t count)
{
    m_running = running;
    m_batchesFed += count;
    m_sourceSteps += count;
    emit changed();
}

void ExplorerState::resetRunning()
{
    // The same Steps again feed the same batches: a reset run is reproducible.
    m_batchesFed = 0;
    m_sourceSteps = 0;
    setRunning({});
}

void ExplorerState::restoreRunning(const NormParams& running, uint64_t batchesFed, uint64_t sourceSteps)
{
    m_batchesFed = batchesFed;
    m_sourceSteps = sourceSteps;
    setRunning(running);
}

void ExplorerState::setSelectedSet(int64_t set)
{
    if (set == m_selectedSet)
        return;
    m_selectedSet = set;
    try {
        const IndexBox box = CubeModel(ReductionGeometry(m_config, shape()), 1).setBox(set);
        for (size_t axis = 0; axis < 3; ++axis) {
            if (m_anchor[axis] < box.begin[axis] || m_anchor[axis] >= box.end[axis])
                m_anchor[axis] = box.begin[axis];
        }
    } catch (const NormError&) {
        // A configuration the tensor does not fit: the controller reports it.
    }
    emit changed();
}

void ExplorerState::followAnchor()
{
    const Shape s = shape();
    try {
        const ReductionGeometry geometry(m_config, s);
        const auto clampTo = [](int64_t v, int64_t size) { return std::clamp<int64_t>(v, 0, size - 1); };
        m_anchor = { clampTo(m_anchor[0], s.n), clampTo(m_anchor[1], s.c), clampTo(m_anchor[2], s.hw()) };
        m_selectedSet = geometry.setOf(m_anchor[0], m_anchor[1], m_anchor[2] / s.w, m_anchor[2] % s.w);
    } catch (const NormError&) {
    }
}

void ExplorerState::setBins(int bins)
{
    bins = std::clamp(bins, 5, 400);
    if (bins == m_bins)
        return;
    m_bins = bins;
    emit changed();
}

void ExplorerState::setAllSets(bool allSets)
{
    if (allSets == m_allSets)
        return;
    m_allSets = allSets;
    emit viewChanged();
}

void ExplorerState::setAnchor(const std::array<int64_t, 3>& anchor)
{
    m_anchor = anchor;
    followAnchor();
    emit changed();
}

void ExplorerState::setHoveredBin(const std::optional<BinBrush>& bin)
{
    if (bin == m_hoveredBin)
        return;
    m_hoveredBin = bin;
    emit annotationChanged();
}

void ExplorerState::setPinnedBin(const std::optional<BinBrush>& bin)
{
    if (bin == m_pinnedBin)
        return;
    m_pinnedBin = bin;
    emit annotationChanged();
}

void ExplorerState::setHoveredElement(const std::optional<ElementIndex>& element)
{
    if (element == m_hoveredElement)
        return;
    m_hoveredElement = element;
    emit annotationChanged();
}

void ExplorerState::setMarkedElement(const std::optional<ElementIndex>& element)
{
    if (element == m_markedElement)
        return;
    m_markedElement = element;
    emit annotationChanged();
}

void ExplorerState::setCubeValues(CubeValues values)
{
    if (values == m_cubeValues)
        return;
    m_cubeValues = values;
    emit annotationChanged();
}

void ExplorerState::adaptToShape()
{
    const Shape s = shape();
    if (m_config.groups < 1 || s.c % m_config.groups != 0) {
        // Keep the nearest divisor of C, so switching tensors keeps GroupNorm meaningful.
        const auto divisors = divisorsOf(s.c);
        m_config.groups = *std::min_element(divisors.begin(), divisors.end(),
            [&](int64_t a, int64_t b) { return std::abs(a - m_config.groups) < std::abs(b - m_config.groups); });
    }
    if (!m_config.normalizedShape.empty()) {
        const int dims = static_cast<int>(m_config.normalizedShape.size());
        m_config.normalizedShape = layerShapeFor(s, dims);
    }
    if (s.layout != m_seenLayout) {
        // (B, T, C): LayerNorm and RMSNorm normalize each token over C, as transformers do.
        // Leaving it: back to PyTorch's usual every dimension but N.
        if (s.layout == Layout::BTC)
            m_config.normalizedShape = layerShapeFor(s, 1);
        else if (m_seenLayout == Layout::BTC)
            m_config.normalizedShape.clear();
        m_seenLayout = s.layout;
    }
    if (!m_running.runningMean.empty() && static_cast<int64_t>(m_running.runningMean.size()) != s.c) {
        m_running = {};
        m_batchesFed = 0;
        m_sourceSteps = 0;
    }
    followAnchor();
}

} // namespace normscope
