// A linear axis ticker whose labels never run into each other. QCustomPlot's default ticker
// aims at about five ticks whatever the axis' length and the labels' width, so a narrow
// histogram of values near 12 000 printed "10000120001400016000" and one from −10 to 10
// "-10-7.5-5". This one measures the labels a step would print, in the axis' own font, and
// takes the smallest readable step (1, 2, 2.5 or 5 × 10ᵏ) whose labels keep a gap between them.
#pragma once

#include "plots/qcustomplotinclude.h"

#include <QFontMetricsF>

namespace normscope {

class ReadableTicker : public QCPAxisTicker {
public:
    explicit ReadableTicker(QCPAxis* axis);

    void generate(const QCPRange& range, const QLocale& locale, QChar formatChar, int precision, QVector<double>& ticks,
        QVector<double>* subTicks, QVector<QString>* tickLabels) override;

    // The step generate() would take for `range` on an axis `pixels` long (exposed for tests).
    double readableStep(const QCPRange& range, double pixels, const QLocale& locale, QChar formatChar, int precision);

    // Installs a ReadableTicker on `axis` (a linear axis) unless it has one.
    static void install(QCPAxis* axis);

protected:
    double getTickStep(const QCPRange& range) override;

private:
    // The widest (or, on a vertical axis, tallest) label of the ticks `step` puts in `range`.
    double labelExtent(const QFontMetricsF& metrics, double step, const QCPRange& range, const QLocale& locale,
        QChar formatChar, int precision);

    QCPAxis* m_axis;
    double m_step = 1.0;
    QRect m_layoutViewport; // the plot's viewport when the axis rect was last laid out
};

} // namespace normscope
