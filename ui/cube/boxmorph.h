// The highlighted set gliding from one box to another: when GroupNorm's G changes, the selected
// group widens or narrows along C over a fraction of a second instead of jumping, so a class
// sees G = 1 (LayerNorm's whole sample) turn into G = C (InstanceNorm's single channel).
#pragma once

#include "cube/cubepainter.h"

#include <QObject>
#include <QVariantAnimation>

#include <optional>

namespace normscope {

class BoxMorph : public QObject {
    Q_OBJECT
public:
    explicit BoxMorph(QObject* parent = nullptr);

    // From the box shown now (the running morph's, else `from`) to `to`.
    void start(const IndexBoxF& from, const IndexBoxF& to);
    void stop();
    // The box to draw while morphing; nullopt when idle.
    std::optional<IndexBoxF> current() const;
    bool running() const { return m_animation.state() == QAbstractAnimation::Running; }
    int durationMs() const { return m_animation.duration(); }

    // Whether a change of snapshot is one to morph: GroupNorm to GroupNorm on the same shape,
    // with another G.
    static bool morphs(const ReductionGeometry& before, const ReductionGeometry& after);

signals:
    void changed();

private:
    QVariantAnimation m_animation;
    IndexBoxF m_from;
    IndexBoxF m_to;
};

} // namespace normscope
