#include "plots/legendfit.h"

#include "plots/qcustomplotinclude.h"

#include <QVariant>

namespace normscope {

namespace {

constexpr const char* maxColumnsProperty = "normscopeMaxLegendColumns";

} // namespace

void setLegendColumns(QCPLegend& legend, int maxColumns)
{
    legend.setProperty(maxColumnsProperty, maxColumns);
    legend.setWrap(maxColumns);
    legend.setFillOrder(legend.fillOrder(), true); // setWrap alone keeps the old rows
}

bool fitLegend(QCustomPlot& plot, int width)
{
    QCPLegend& legend = *plot.legend;
    const QVariant stored = legend.property(maxColumnsProperty);
    const int maxColumns = stored.isValid() ? stored.toInt() : legend.wrap();
    const int before = legend.wrap();
    for (int columns = std::max(1, maxColumns); columns >= 1; --columns) {
        if (legend.wrap() != columns || legend.columnCount() > columns) {
            legend.setWrap(columns);
            legend.setFillOrder(legend.fillOrder(), true);
        }
        if (columns == 1 || legend.minimumOuterSizeHint().width() <= width)
            break;
    }
    return legend.wrap() != before;
}

void keepLegendFitted(QCustomPlot& plot)
{
    QObject::connect(&plot, &QCustomPlot::beforeReplot, &plot, [&plot] { fitLegend(plot, plot.viewport().width()); });
}

} // namespace normscope
