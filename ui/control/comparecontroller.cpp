#include "control/comparecontroller.h"

#include "control/controller.h"
#include "control/explorerstate.h"
#include "norms/normerror.h"

#include <QMetaObject>
#include <QPointer>

namespace normscope {

CompareController::CompareController(ExplorerState* state, Controller* controller, QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_controller(controller)
{
    qRegisterMetaType<std::shared_ptr<const Comparison>>("std::shared_ptr<const normscope::Comparison>");
    // Every setting the comparison reads reaches it through a new result of the explorer (same
    // tensor, eps, γ, β, G, anchor), so one signal suffices (the same result shown again without
    // its output is not a new one).
    connect(controller, &Controller::resultDelivered, this, &CompareController::request);
    connect(controller, &Controller::computeFailed, this, [this](const QString& message) {
        if (m_active)
            emit comparisonFailed(message);
    });
}

void CompareController::setActive(bool active)
{
    m_active = active;
    // On a large tensor the hidden explorer keeps no output and takes turns with the comparison
    // (see request()): the window holds one tensor-sized output at a time.
    m_controller->setOutputHidden(active);
    if (active)
        request();
}

ComparisonRequest CompareController::currentRequest() const
{
    ComparisonRequest r;
    const auto snapshot = m_controller->snapshot();
    if (!snapshot)
        return r;
    r.input = snapshot->input;
    const NormConfig& config = m_state->config();
    r.eps = config.eps;
    r.affine = config.affine;
    const int64_t channels = r.input->shape().c;
    r.weight = m_state->affine().weights(channels);
    r.bias = m_state->affine().biases(channels);
    r.groups = config.groups;
    r.anchor = m_state->anchor();
    return r;
}

void CompareController::request()
{
    if (!m_active || !m_controller->snapshot())
        return;
    ComparisonRequest r = currentRequest();
    const bool heavy = r.input->numel() >= m_controller->releaseFrom();
    QPointer<CompareController> self(this);
    std::shared_ptr<std::timed_mutex> lock = heavy ? m_controller->heavyWorkLock() : nullptr;
    m_job.post([self, r, lock](const std::function<bool()>& stale, uint64_t generation) mutable {
        r.cancelled = stale;
        std::shared_ptr<const Comparison> result;
        QString error;
        try {
            std::unique_lock<std::timed_mutex> turn;
            if (lock) {
                turn = std::unique_lock(*lock, std::defer_lock);
                if (!Controller::takeTurn(turn, stale))
                    return;
            }
            result = computeComparison(r);
        } catch (const SnapshotCancelled&) {
            return;
        } catch (const NormError& e) {
            error = QString::fromStdString(e.what());
        } catch (const std::bad_alloc&) {
            error = CompareController::tr("Not enough memory to compare the four norms on this tensor.");
        }
        QMetaObject::invokeMethod(
            self,
            [self, generation, result = std::move(result), error] {
                if (!self || !self->m_job.isLatest(generation))
                    return;
                if (!result) {
                    emit self->comparisonFailed(error);
                    return;
                }
                self->m_comparison = result;
                emit self->comparisonReady(result);
            },
            Qt::QueuedConnection);
    });
}

} // namespace normscope
