#include "control/annotationcontroller.h"

#include "control/explorerstate.h"

#include <QMetaObject>
#include <QPointer>

namespace normscope {

AnnotationController::AnnotationController(ExplorerState* state, QObject* parent)
    : QObject(parent)
    , m_state(state)
{
    qRegisterMetaType<std::shared_ptr<const Annotations>>("std::shared_ptr<const normscope::Annotations>");
    connect(state, &ExplorerState::annotationChanged, this, &AnnotationController::request);
}

void AnnotationController::setSnapshot(std::shared_ptr<const Snapshot> snapshot)
{
    m_snapshot = std::move(snapshot);
    request();
}

void AnnotationController::request()
{
    if (!m_snapshot)
        return;
    AnnotationRequest request;
    request.snapshot = m_snapshot;
    request.brush = m_state->brush();
    request.marked = m_state->markedElement();
    request.example = m_state->hoveredElement() ? m_state->hoveredElement() : m_state->markedElement();
    request.exampleHovered = m_state->hoveredElement().has_value();
    request.values = m_state->cubeValues();
    request.previous = m_annotations;
    QPointer<AnnotationController> self(this);
    m_job.post([self, request](const std::function<bool()>& stale, uint64_t generation) {
        if (stale())
            return;
        auto result = annotate(request);
        QMetaObject::invokeMethod(
            self,
            [self, generation, result = std::move(result)] {
                if (!self || !self->m_job.isLatest(generation))
                    return;
                self->m_annotations = result;
                emit self->annotationsReady(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace normscope
