#include "look/theme.h"

namespace normscope {

Theme Theme::light()
{
    return { QStringLiteral("light"), QColor(0xffffff), QColor(0x1f2328), QColor(0x8b949e), QColor(0xe8edf3),
        QColor(0x9aa5b1), QColor(0x2f7de1), QColor(0x8c96a3), QColor(0xe0662f), QColor(0x1f2328), QColor(0xd1242f) };
}

Theme Theme::dark()
{
    return { QStringLiteral("dark"), QColor(0x161b22), QColor(0xe6edf3), QColor(0x7d8590), QColor(0x2d333b),
        QColor(0x545d68), QColor(0x58a6ff), QColor(0x8b949e), QColor(0xf0883e), QColor(0xe6edf3), QColor(0xff7b72) };
}

Theme Theme::byKey(const QString& key)
{
    return key == QLatin1String("dark") ? dark() : light();
}

std::vector<QColor> Theme::setColors() const
{
    // Tableau-like qualitative palette: distinct for neighbours, readable on both backgrounds.
    // Entry 10 sits next to entries 3, 5, 9 and 11 on the cube (steps of 1, 5 and 7): a purple,
    // because Tableau's light teal 0x86bcb6 could not be told from entry 3's 0x76b7b2.
    static const unsigned rgb[] = { 0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7,
        0x9c755f, 0xbab0ac, 0x6b4c9a, 0xd37295 };
    std::vector<QColor> colors;
    for (unsigned c : rgb)
        colors.emplace_back(QColor(c));
    return colors;
}

} // namespace normscope
