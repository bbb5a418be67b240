#include "apptheme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace normscope {

void applyApplicationTheme(const Theme& theme)
{
    // Fusion follows the palette faithfully on every platform, including the dark one.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (theme.key != QLatin1String("dark")) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QPalette p;
    const QColor window(0x22272e);
    const QColor base(0x1c2128);
    const QColor text(0xe6edf3);
    const QColor disabled(0x768390);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2d333b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff7b72));
    p.setColor(QPalette::Highlight, theme.highlight);
    p.setColor(QPalette::HighlightedText, QColor(0x0d1117));
    p.setColor(QPalette::Link, theme.highlight);
    p.setColor(QPalette::PlaceholderText, disabled);
    for (auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, disabled);
    QApplication::setPalette(p);
}

} // namespace normscope
