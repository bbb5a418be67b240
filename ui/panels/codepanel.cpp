#include "panels/codepanel.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace normscope {

CodePanel::CodePanel(QWidget* parent)
    : QWidget(parent)
    , m_text(new QPlainTextEdit(this))
{
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setToolTip(tr("PyTorch code that builds this layer with the same arguments."));
    auto* copy = new QPushButton(tr("Copy"), this);
    copy->setToolTip(tr("Copy the code to the clipboard."));
    connect(copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(code()); });
    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("<b>PyTorch</b>"), this));
    header->addStretch(1);
    header->addWidget(copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(header);
    layout->addWidget(m_text, 1);
    setFontScale(1.0);
}

void CodePanel::setCode(const QString& code)
{
    if (code != m_text->toPlainText())
        m_text->setPlainText(code);
}

QString CodePanel::code() const
{
    return m_text->toPlainText();
}

void CodePanel::setTheme(const Theme& theme)
{
    m_theme = theme;
    QPalette p = m_text->palette();
    p.setColor(QPalette::Base, theme.cell);
    p.setColor(QPalette::Text, theme.foreground);
    m_text->setPalette(p);
    m_text->viewport()->setPalette(p);
}

void CodePanel::setFontScale(double scale)
{
    m_fontScale = scale;
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(9.0 * scale);
    m_text->setFont(mono);
}

} // namespace normscope
