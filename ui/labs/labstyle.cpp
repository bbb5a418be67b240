#include "labs/labstyle.h"

#include <QColor>
#include <QFont>
#include <QLabel>
#include <QPalette>

namespace normscope {

void setCaptionColour(QLabel* caption, const QColor& foreground)
{
    QPalette palette = caption->palette();
    palette.setColor(QPalette::WindowText, foreground);
    caption->setPalette(palette);
}

void scaleLabFonts(QWidget* controls, QLabel* caption, double scale)
{
    QFont font = controls->font();
    font.setPointSizeF(QFont().pointSizeF() * scale);
    // Each control by name: buttons and boxes take the platform's class fonts over their parent's.
    controls->setFont(font);
    for (QWidget* control : controls->findChildren<QWidget*>())
        control->setFont(font);
    caption->setFont(font);
}

} // namespace normscope
