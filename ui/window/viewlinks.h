// Ties the explorer's views together for brushing: hovering or clicking a histogram bin lights
// the cube cells holding its values and shows the same elements in the other histogram;
// hovering or clicking a cube cell gives the worked example of its value, and a click marks the
// value in both histograms. Views report pointer events to the state; an AnnotationController
// computes the result off the GUI thread; the views draw it.
#pragma once

#include <QObject>

#include <memory>

class QAction;
class QMenu;

namespace normscope {

class AnnotationController;
class Controller;
class CubeView;
class ExplorerState;
class HistogramPanel;
class StatsPanel;

class ViewLinks : public QObject {
    Q_OBJECT
public:
    ViewLinks(ExplorerState* state, Controller* controller, CubeView* cube, HistogramPanel* histograms,
        StatsPanel* stats, QObject* parent = nullptr);

    AnnotationController* annotations() const { return m_annotations; }
    // View → Values on the cube: off, before, after.
    void populateValuesMenu(QMenu* menu);

private:
    ExplorerState* m_state;
    AnnotationController* m_annotations;
};

} // namespace normscope
