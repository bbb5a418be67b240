#include "window/presentation.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace normscope {

Presentation::Presentation(ExplorerState* state, Controller* controller, QObject* parent)
    : QObject(parent)
    , m_state(state)
    , m_controller(controller)
{
    m_timer.setInterval(static_cast<int>(1000.0 / m_setsPerSecond));
    connect(&m_timer, &QTimer::timeout, this, [this] { moveSelection(+1); });
}

void Presentation::nextNorm(int direction)
{
    const int current = static_cast<int>(m_state->config().kind);
    const int count = static_cast<int>(std::size(allNormKinds));
    const int next = ((current + direction) % count + count) % count;
    m_state->setNormKind(allNormKinds[static_cast<size_t>(next)]);
}

void Presentation::moveSelection(int direction)
{
    const auto snapshot = m_controller->snapshot();
    if (!snapshot)
        return;
    const int64_t count = snapshot->geometry.setCount();
    // The state, not the snapshot: several key presses before a recompute must all count.
    const int64_t current = std::clamp<int64_t>(m_state->selectedSet(), 0, count - 1);
    const int64_t next = ((current + direction) % count + count) % count;
    m_state->setSelectedSet(next);
}

void Presentation::setSweeping(bool on)
{
    if (on == sweeping())
        return;
    on ? m_timer.start() : m_timer.stop();
    emit sweepingChanged(on);
}

void Presentation::setSetsPerSecond(double rate)
{
    m_setsPerSecond = std::clamp(rate, 0.25, 20.0);
    m_timer.setInterval(static_cast<int>(std::lround(1000.0 / m_setsPerSecond)));
    emit rateChanged(m_setsPerSecond);
}

} // namespace normscope
