// The interface language: English built in, Simplified Chinese from resources/normscope_zh_CN.ts
// (compiled into the binary). Follows the system locale at start; switchable at run time.
#pragma once

#include <QString>
#include <QStringList>

namespace normscope {

// "en" or "zh_CN".
QStringList availableLanguages();
// The language the system locale asks for, if NormScope has it, else "en".
QString systemLanguage();
// Installs NormScope's and Qt's own translations for `lang` (removing the previous ones).
// Returns false for an unknown language.
bool installTranslation(const QString& lang);
QString currentLanguage();

} // namespace normscope
