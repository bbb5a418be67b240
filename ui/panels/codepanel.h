// The "PyTorch" box: the code that builds the current layer, read-only, with a Copy button.
#pragma once

#include "look/theme.h"

#include <QWidget>

class QPlainTextEdit;

namespace normscope {

class CodePanel : public QWidget {
    Q_OBJECT
public:
    explicit CodePanel(QWidget* parent = nullptr);
    void setCode(const QString& code);
    QString code() const;
    void setTheme(const Theme& theme);
    void setFontScale(double scale);

private:
    QPlainTextEdit* m_text;
    Theme m_theme = Theme::light();
    double m_fontScale = 1.0;
};

} // namespace normscope
