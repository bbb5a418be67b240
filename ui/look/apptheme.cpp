#include "look/apptheme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace normscope {

namespace {

QPalette themePalette(const Theme& theme)
{
    if (theme.key != QLatin1String("dark"))
        return QApplication::style()->standardPalette();
    QPalette p;
    const QColor window(0x22272e);
    // Inputs and check boxes a step lighter than the window, so their boxes stay visible.
    const QColor base(0x373e47);
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
    p.setColor(QPalette::Light, QColor(0x545d68));
    p.setColor(QPalette::Midlight, QColor(0x444c56));
    p.setColor(QPalette::Mid, QColor(0x636e7b));
    p.setColor(QPalette::Dark, QColor(0x768390));
    p.setColor(QPalette::Shadow, QColor(0x0d1117));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff7b72));
    p.setColor(QPalette::Highlight, theme.highlight);
    p.setColor(QPalette::HighlightedText, QColor(0x0d1117));
    p.setColor(QPalette::Link, theme.highlight);
    p.setColor(QPalette::PlaceholderText, disabled);
    for (auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

QString themeStyleSheet(const Theme& theme)
{
    // Fusion marks a checked button (the BN/LN/IN/GN choice) by a slightly darker shade
    // that vanishes on a projector, and on dark palettes altogether: fill it with the highlight.
    return QStringLiteral(
        "QPushButton:checked, QToolButton:checked { background-color: %1; color: %2; border: 1px solid %3;"
        " border-radius: 3px; padding: 3px 8px; font-weight: bold; }"
        // Warnings next to the controls (eps = 0, a refused shape, a Step not taken), in the
        // theme's red: readable on the dark window too.
        " QLabel#warning { color: %4; font-weight: bold; }")
        .arg(theme.highlight.name(),
            theme.key == QLatin1String("dark") ? QStringLiteral("#0d1117") : QStringLiteral("#ffffff"),
            theme.highlight.darker(130).name(), theme.warning.name());
}

} // namespace

void applyApplicationTheme(const Theme& theme)
{
    // Fusion follows the palette faithfully on every platform, including the dark one. Set once:
    // a new style object resets the palette and re-polishes every widget again.
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    // The palette first, the style sheet after it: setting a style sheet re-polishes every widget
    // with the application palette of that moment, and a widget polished under the style sheet
    // keeps that palette. In the other order the dock, the statistics and the menu bar kept the
    // previous theme (at start the light one), and the "PyTorch" label was dark on dark.
    QApplication::setPalette(themePalette(theme));
    qApp->setStyleSheet(themeStyleSheet(theme));
}

} // namespace normscope
