// Computes the linked views' Annotations (brushed bin, worked example, marked value, values on
// the cube) for the snapshot on screen, off the GUI thread, whenever the snapshot or the
// brushing state changes. Hovering posts many requests; only the newest is computed.
#pragma once

#include "analysis/annotations.h"
#include "control/latestjob.h"

#include <QObject>

#include <memory>

namespace normscope {

class ExplorerState;

class AnnotationController : public QObject {
    Q_OBJECT
public:
    explicit AnnotationController(ExplorerState* state, QObject* parent = nullptr);

    void setSnapshot(std::shared_ptr<const Snapshot> snapshot);
    std::shared_ptr<const Annotations> annotations() const { return m_annotations; }

signals:
    void annotationsReady(std::shared_ptr<const normscope::Annotations> annotations);

private:
    void request();

    ExplorerState* m_state;
    std::shared_ptr<const Snapshot> m_snapshot;
    std::shared_ptr<const Annotations> m_annotations;
    LatestJob m_job;
};

} // namespace normscope
