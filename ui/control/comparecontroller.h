// Computes the compare view's Comparison (the four norms on the explorer's tensor, with the
// shared eps, γ, β and G and the anchor element) off the GUI thread, only while the compare view
// is shown. The tensor is the one on screen: the latest snapshot's input.
#pragma once

#include "analysis/comparison.h"
#include "control/latestjob.h"

#include <QObject>

#include <memory>

namespace normscope {

class Controller;
class ExplorerState;

class CompareController : public QObject {
    Q_OBJECT
public:
    CompareController(ExplorerState* state, Controller* controller, QObject* parent = nullptr);

    // Computes only while active; turning it on computes at once.
    void setActive(bool active);
    bool active() const { return m_active; }
    std::shared_ptr<const Comparison> comparison() const { return m_comparison; }
    // The request the state and the snapshot on screen make (for tests and the export).
    ComparisonRequest currentRequest() const;

signals:
    void comparisonReady(std::shared_ptr<const normscope::Comparison> comparison);
    // The explorer could not compute its tensor (the message is the explorer's).
    void comparisonFailed(const QString& message);

private:
    void request();

    ExplorerState* m_state;
    Controller* m_controller;
    bool m_active = false;
    std::shared_ptr<const Comparison> m_comparison;
    LatestJob m_job;
};

} // namespace normscope
