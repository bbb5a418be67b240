// Presentation mode for the lecture hall: keys that step BN → LN → IN → GN → RMS and move the
// selected set, and a sweep that walks the highlight through every reduction set.
// The window decides what "presenting" looks like (full screen, large fonts); this object owns
// the keys' meaning and the sweep timer, both acting on ExplorerState only.
#pragma once

#include "control/controller.h"

#include <QObject>
#include <QTimer>

namespace normscope {

class Presentation : public QObject {
    Q_OBJECT
public:
    Presentation(ExplorerState* state, Controller* controller, QObject* parent = nullptr);

    bool sweeping() const { return m_timer.isActive(); }
    double setsPerSecond() const { return m_setsPerSecond; }

    void nextNorm(int direction); // +1: BN → LN → IN → GN → RMS → BN
    void moveSelection(int direction); // to the next / previous set, wrapping
    void setSweeping(bool on);
    void setSetsPerSecond(double rate); // clamped to 0.25 … 20

signals:
    void sweepingChanged(bool on);
    void rateChanged(double setsPerSecond);

private:
    ExplorerState* m_state;
    Controller* m_controller;
    QTimer m_timer;
    double m_setsPerSecond = 2.0;
};

} // namespace normscope
