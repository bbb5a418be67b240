#include "plots/plotpainting.h"

#include "plots/legendfit.h"
#include "plots/qcustomplotinclude.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPicture>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace normscope {

namespace {

// Qt's SVG writer sizes text by the generator's resolution alone, ignoring the resolution the
// text was laid out at: a plot recorded in a QPicture (96 dpi) and replayed into a 144 dpi SVG
// had its labels 1.5 times too large, running into each other in every SVG viewer. A font given
// in pixels is written as it is, so while this lives every font of the plot is the pixel size
// it has at the QPicture's resolution: laid out and written at the same size.
class SvgFontSizes {
public:
    SvgFontSizes(QCustomPlot& plot, bool svg, double dpi)
    {
        if (!svg)
            return;
        const auto scaled = [dpi](QFont font) {
            if (font.pointSizeF() > 0.0)
                font.setPixelSize(std::max(1, static_cast<int>(std::lround(font.pointSizeF() * dpi / 72.0))));
            return font;
        };
        // Each font set now and its old value restored in reverse order (the legend's own font
        // is set before its entries', as QCPLegend::setFont sets the entries' too).
        const auto adjust = [&](auto* object, auto get, auto set) {
            const QFont old = (object->*get)();
            (object->*set)(scaled(old));
            m_restore.push_back([object, set, old] { (object->*set)(old); });
        };
        for (QCPAxisRect* rect : plot.axisRects())
            for (QCPAxis* axis : rect->axes()) {
                adjust(axis, &QCPAxis::tickLabelFont, &QCPAxis::setTickLabelFont);
                adjust(axis, &QCPAxis::labelFont, &QCPAxis::setLabelFont);
            }
        adjust(plot.legend, &QCPLegend::font, &QCPLegend::setFont);
        for (int i = 0; i < plot.legend->itemCount(); ++i)
            if (QCPAbstractLegendItem* item = plot.legend->item(i))
                adjust(item, &QCPAbstractLegendItem::font, &QCPAbstractLegendItem::setFont);
        for (QCPLayoutElement* element : plot.plotLayout()->elements(true))
            if (auto* text = qobject_cast<QCPTextElement*>(element))
                adjust(text, &QCPTextElement::font, &QCPTextElement::setFont);
        for (int i = 0; i < plot.itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(plot.item(i)))
                adjust(text, &QCPItemText::font, &QCPItemText::setFont);
    }
    ~SvgFontSizes()
    {
        for (auto it = m_restore.rbegin(); it != m_restore.rend(); ++it)
            (*it)();
    }
    SvgFontSizes(const SvgFontSizes&) = delete;
    SvgFontSizes& operator=(const SvgFontSizes&) = delete;

private:
    std::vector<std::function<void()>> m_restore;
};

} // namespace

void paintPlotInto(QPainter& painter, QCustomPlot& plot, const QRectF& target)
{
    // The legend's columns as the target's width allows, then as the widget's again.
    fitLegend(plot, static_cast<int>(target.width()));
    QPicture picture;
    // QPicture replays scaled by the ratio of the devices' resolutions; undo that so the plot
    // fills exactly `target` on images, SVG and PDF alike.
    const double ratioX = static_cast<double>(picture.logicalDpiX()) / painter.device()->logicalDpiX();
    const double ratioY = static_cast<double>(picture.logicalDpiY()) / painter.device()->logicalDpiY();
    {
        const bool svg = painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::SVG;
        const SvgFontSizes fonts(plot, svg, picture.logicalDpiY());
        QCPPainter plotPainter(&picture);
        plot.toPainter(&plotPainter, static_cast<int>(target.width()), static_cast<int>(target.height()));
    }
    fitLegend(plot, plot.viewport().width());
    painter.save();
    painter.translate(target.topLeft());
    painter.scale(ratioX, ratioY);
    painter.drawPicture(QPointF(0, 0), picture);
    painter.restore();
}

} // namespace normscope
