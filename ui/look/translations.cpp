#include "look/translations.h"

#include <QCoreApplication>
#include <QFont>
#include <QFontInfo>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace normscope {

namespace {
std::unique_ptr<QTranslator> g_app;
std::unique_ptr<QTranslator> g_qt;
QString g_current = QStringLiteral("en");
} // namespace

QStringList availableLanguages()
{
    return { QStringLiteral("en"), QStringLiteral("zh_CN") };
}

QString systemLanguage()
{
    const QLocale locale;
    return locale.language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
}

bool installTranslation(const QString& lang)
{
    if (!availableLanguages().contains(lang))
        return false;
    if (g_app)
        QCoreApplication::removeTranslator(g_app.get());
    if (g_qt)
        QCoreApplication::removeTranslator(g_qt.get());
    g_app.reset();
    g_qt.reset();
    g_current = lang;
    // Han characters from WenQuanYi Micro Hei (fonts-wqy-microhei). Left to fontconfig, Qt picked
    // Noto Sans CJK JP, and the PDFs Qt writes with any Noto CJK face extract 一 as the Kangxi
    // radical ⼀, so a search for 归一化 in an exported PDF found nothing.
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        QFont font = QGuiApplication::font();
        const QString first = font.families().value(0, font.family());
        font.setFamilies({ first, QStringLiteral("WenQuanYi Micro Hei") });
        // Name the face Qt really draws with first: an exported SVG names only the first family,
        // and a generic "Sans Serif" became DejaVu Sans in SVG viewers, ~20 % wider than the
        // text was laid out for, so labels ran into each other.
        font.setFamilies({ QFontInfo(font).family(), QStringLiteral("WenQuanYi Micro Hei") });
        QGuiApplication::setFont(font);
    }
    if (lang == QLatin1String("en"))
        return true;
    g_app = std::make_unique<QTranslator>();
    if (g_app->load(QStringLiteral(":/i18n/normscope_") + lang + QStringLiteral(".qm")))
        QCoreApplication::installTranslator(g_app.get());
    // Qt's own strings (standard buttons, file dialogs), when Debian's qt6-translations-l10n has them.
    g_qt = std::make_unique<QTranslator>();
    if (g_qt->load(QStringLiteral("qtbase_") + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(g_qt.get());
    return true;
}

QString currentLanguage()
{
    return g_current;
}

} // namespace normscope
