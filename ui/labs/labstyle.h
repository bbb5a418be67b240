#pragma once

// What both lab views do alike when the theme or the presentation font size changes.

class QColor;
class QLabel;
class QWidget;

namespace normscope {

// The caption's text in the theme's foreground colour.
void setCaptionColour(QLabel* caption, const QColor& foreground);

// The controls and the caption at `scale` times the application's font size.
void scaleLabFonts(QWidget* controls, QLabel* caption, double scale);

} // namespace normscope
