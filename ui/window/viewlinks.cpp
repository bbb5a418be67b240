#include "window/viewlinks.h"

#include "control/annotationcontroller.h"
#include "control/controller.h"
#include "control/explorerstate.h"
#include "cube/cubeview.h"
#include "panels/statspanel.h"
#include "plots/histogrampanel.h"

#include <QActionGroup>
#include <QMenu>

namespace normscope {

ViewLinks::ViewLinks(ExplorerState* state, Controller* controller, CubeView* cube, HistogramPanel* histograms,
    StatsPanel* stats, QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_annotations(new AnnotationController(state, this))
{
    connect(controller, &Controller::snapshotReady, m_annotations, &AnnotationController::setSnapshot);
    connect(m_annotations, &AnnotationController::annotationsReady, this,
        [cube, histograms, stats](const std::shared_ptr<const Annotations>& a) {
            cube->setAnnotations(a);
            histograms->setAnnotations(a);
            stats->setAnnotations(a);
        });

    connect(cube, &CubeView::elementHovered, state, [state](qint64 n, qint64 c, qint64 h, qint64 w) {
        state->setHoveredElement(ElementIndex { n, c, h, w });
    });
    connect(cube, &CubeView::hoverLeft, state, [state] { state->setHoveredElement(std::nullopt); });
    connect(cube, &CubeView::elementClicked, state, [state](qint64 n, qint64 c, qint64 h, qint64 w) {
        state->setMarkedElement(ElementIndex { n, c, h, w });
    });

    const auto side = [](int s) { return s == 0 ? HistogramSide::Before : HistogramSide::After; };
    connect(histograms, &HistogramPanel::binHovered, state, [state, side](int s, qint64 bin) {
        state->setHoveredBin(BinBrush { side(s), bin });
    });
    connect(histograms, &HistogramPanel::binHoverEnded, state, [state] { state->setHoveredBin(std::nullopt); });
    connect(histograms, &HistogramPanel::binClicked, state, [state, side](int s, qint64 bin) {
        // A second click on the pinned bin releases it.
        const BinBrush brush { side(s), bin };
        state->setPinnedBin(state->pinnedBin() == brush ? std::nullopt : std::optional<BinBrush>(brush));
    });
}

void ViewLinks::populateValuesMenu(QMenu* menu)
{
    auto* group = new QActionGroup(menu);
    const std::pair<CubeValues, QString> entries[] = {
        { CubeValues::Off, tr("&Off: the reduction sets") },
        { CubeValues::Before, tr("&Before the norm (input values)") },
        { CubeValues::After, tr("&After the norm (output values)") },
    };
    for (const auto& [mode, label] : entries) {
        QAction* action = menu->addAction(label, m_state, [this, mode = mode] { m_state->setCubeValues(mode); });
        action->setCheckable(true);
        group->addAction(action);
        connect(menu, &QMenu::aboutToShow, action,
            [this, action, mode = mode] { action->setChecked(m_state->cubeValues() == mode); });
    }
    menu->setToolTipsVisible(true);
    menu->setToolTip(tr("Colour the cube's cells by value (viridis, with a colour bar): per-channel offsets before a "
                        "norm, and what is left of them after it."));
}

} // namespace normscope
