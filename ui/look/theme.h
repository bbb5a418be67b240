// Colours for the cube, the plots and exported figures: light (white slides, print) and dark
// (dark projectors). Views and exporters take a Theme instead of reading the widget palette so
// an export can use a different theme from the window.
#pragma once

#include <QColor>
#include <QString>
#include <vector>

namespace normscope {

struct Theme {
    QString key; // "light" or "dark"
    QColor background;
    QColor foreground; // text, axes
    QColor muted; // secondary text, grid lines
    QColor cell; // a cube cell outside the selected set
    QColor cellEdge;
    QColor highlight; // the selected reduction set
    QColor before; // histogram of the input
    QColor after; // histogram of the output
    QColor reference; // the N(0, 1) density curve
    QColor warning; // text that warns (zero variance, eps = 0, a setting that cannot be computed)

    static Theme light();
    static Theme dark();
    static Theme byKey(const QString& key); // unknown keys give light

    // Distinct colours for "all sets" mode; index with set % size().
    std::vector<QColor> setColors() const;
};

} // namespace normscope
