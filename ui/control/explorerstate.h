// ExplorerState: everything the user has chosen in the explorer (tensor source, layer settings,
// γ/β, running statistics of this session, the selected set, view options). Widgets change it;
// its `changed` signal makes the Controller recompute. Views never talk to each other.
#pragma once

#include "analysis/annotations.h"
#include "norms/affinespec.h"
#include "norms/normconfig.h"
#include "tensor/generators.h"
#include "tensor/tensor.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>

namespace normscope {

// Where the tensor comes from: a generator, or data loaded from files.
struct TensorSource {
    enum class Kind { Generated, Loaded };
    Kind kind = Kind::Generated;
    GeneratorSpec generator;
    std::shared_ptr<const Tensor> loaded; // Kind::Loaded: the tensor on screen
    // Kind::Loaded: the batches a Step feeds in turn, `loaded` first. One entry for a single file
    // or a batch of images; one per file when several .npy files of one shape were opened.
    std::vector<std::shared_ptr<const Tensor>> batches;
    QString description; // "normal, seed 0" or the file name(s)
    QStringList files; // the loaded files, for the PyTorch snippet
    // Kind::Loaded: the file each entry of `batches` came from (empty for a batch of images).
    QStringList batchFiles;
};

class ExplorerState : public QObject {
    Q_OBJECT
public:
    explicit ExplorerState(QObject* parent = nullptr);

    // "normal, seed 0": how the window and exported slides name a generated tensor.
    static QString describe(const GeneratorSpec& spec);

    const TensorSource& source() const { return m_source; }
    const NormConfig& config() const { return m_config; }
    const AffineSpec& affine() const { return m_affine; }
    const NormParams& running() const { return m_running; }
    // Batches a Step has fed into the running statistics since they were last reset.
    uint64_t batchesFed() const { return m_batchesFed; }
    // Of those, the batches fed from the current source: the next Step feeds batch
    // sourceSteps() + 1 of a generator's population, or file sourceSteps() mod count.
    uint64_t sourceSteps() const { return m_sourceSteps; }
    int64_t selectedSet() const { return m_selectedSet; }
    int bins() const { return m_bins; }
    bool allSets() const { return m_allSets; }
    // An element (n, c, h·w) of the selected set: each norm selects the set holding it, and the
    // compare view outlines those four sets.
    std::array<int64_t, 3> anchor() const { return m_anchor; }

    // Brushing and the linked views (annotationChanged; the snapshot is not recomputed).
    // The brushed bin: the one under the pointer, else the clicked one.
    std::optional<BinBrush> brush() const { return m_hoveredBin ? m_hoveredBin : m_pinnedBin; }
    std::optional<BinBrush> pinnedBin() const { return m_pinnedBin; }
    std::optional<ElementIndex> hoveredElement() const { return m_hoveredElement; }
    std::optional<ElementIndex> markedElement() const { return m_markedElement; }
    CubeValues cubeValues() const { return m_cubeValues; }
    // The shape the current source gives.
    Shape shape() const;
    // How the tensor's dimensions are ordered (shape().layout), with its rank: (B, T, C), NHWC, ...
    Layout layout() const { return shape().layout; }

    void setGenerator(const GeneratorSpec& spec);
    void setLoaded(std::shared_ptr<const Tensor> tensor, const QString& description, const QStringList& files);
    // Several batches of one shape (one per file in `batchFiles`); the first is shown.
    void setLoadedBatches(std::vector<std::shared_ptr<const Tensor>> batches, const QString& description,
        const QStringList& files, const QStringList& batchFiles);
    // The same data in another layout of rank `rank` (channels first is (N, C, H, W) at rank 4,
    // (N, C, L) at rank 3). A loaded tensor keeps its file's order and rank (a 3-D file is (N, C, L)
    // or (B, T, C)); a generated one may change rank, keeping N and C and turning H·W into L or T
    // and L into 1 × L. Layouts that do not fit a loaded tensor's rank are ignored.
    void setLayout(Layout layout, int rank);
    // Switching the norm takes PyTorch's defaults for affine and track_running_stats.
    void setNormKind(NormKind kind);
    void setConfig(const NormConfig& config);
    void setAffine(const AffineSpec& affine);
    void setRunning(const NormParams& running);
    // Running statistics after `count` more Steps from the current source.
    void addSteps(const NormParams& running, uint64_t count);
    void resetRunning();
    // Running statistics as a session saved them, with the Steps that produced them.
    void restoreRunning(const NormParams& running, uint64_t batchesFed, uint64_t sourceSteps);
    void setSelectedSet(int64_t set);
    void setBins(int bins);
    void setAllSets(bool allSets);
    // The same source named in the current language (after a language switch); no recompute.
    void setDescription(const QString& description);
    // Selects, in the current norm, the set holding the element (n, c, h·w).
    void setAnchor(const std::array<int64_t, 3>& anchor);
    void setHoveredBin(const std::optional<BinBrush>& bin);
    void setPinnedBin(const std::optional<BinBrush>& bin);
    void setHoveredElement(const std::optional<ElementIndex>& element);
    void setMarkedElement(const std::optional<ElementIndex>& element);
    void setCubeValues(CubeValues values);

signals:
    // Any change that needs a new snapshot.
    void changed();
    // Only view options changed (all-sets colouring): no recomputation needed.
    void viewChanged();
    // Brushing, the hovered or marked element, or values on the cube changed.
    void annotationChanged();

private:
    // Keeps the configuration valid for a new shape (a GroupNorm G that divides C, an LN shape
    // that fits) and drops running statistics of a different channel count.
    void adaptToShape();
    // Selects the set of the new geometry that holds the anchor element, so that stepping
    // BN → LN → IN → GN keeps looking at the same sample and channel.
    void followAnchor();

    // The layout adaptToShape last saw: entering (B, T, C) makes LayerNorm and RMSNorm per token.
    Layout m_seenLayout = Layout::ChannelsFirst;
    // An element (n, c, h·w) of the selected set. Selecting a set moves only the coordinates the
    // set pins (c for BatchNorm, n for LayerNorm, ...), keeping the rest.
    std::array<int64_t, 3> m_anchor { 0, 0, 0 };

    TensorSource m_source;
    NormConfig m_config = NormConfig::defaults(NormKind::Batch);
    AffineSpec m_affine;
    NormParams m_running;
    uint64_t m_batchesFed = 0;
    uint64_t m_sourceSteps = 0;
    int64_t m_selectedSet = 0;
    int m_bins = 60;
    bool m_allSets = false;
    std::optional<BinBrush> m_hoveredBin;
    std::optional<BinBrush> m_pinnedBin;
    std::optional<ElementIndex> m_hoveredElement;
    std::optional<ElementIndex> m_markedElement;
    CubeValues m_cubeValues = CubeValues::Off;
};

// Divisors of `c`, ascending: the GroupNorm group counts the explorer offers.
std::vector<int64_t> divisorsOf(int64_t c);
// The explorer's first GroupNorm G for C channels: the largest divisor below C (3 for C = 6, as in
// nn.GroupNorm(3, 6); 32 for C = 64), so GroupNorm shows groups rather than looking like LN or IN.
int64_t defaultGroupsFor(int64_t c);
// The normalized_shape for LayerNorm and RMSNorm over the last `dims` (1..3) dimensions of the
// tensor they are given: `shape` channels first, or (B, T, C) as it is.
std::vector<int64_t> layerShapeFor(const Shape& shape, int dims);

} // namespace normscope
