#include "widgets/viewmessage.h"

#include <QEvent>

namespace normscope {

ViewMessage::ViewMessage(QWidget* view)
    : QLabel(view)
{
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setMargin(24);
    setTextFormat(Qt::RichText);
    // Opaque, in the window's colours (so it follows the theme): nothing of the view shows through.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    setForegroundRole(QPalette::WindowText);
    view->installEventFilter(this);
    hide();
}

void ViewMessage::showMessage(const QString& title, const QString& message)
{
    m_message = message;
    setText(QStringLiteral("<p><b>%1</b></p><p>%2</p>").arg(title.toHtmlEscaped(), message.toHtmlEscaped()));
    setGeometry(parentWidget()->rect());
    raise();
    show();
}

void ViewMessage::clearMessage()
{
    m_message.clear();
    hide();
}

bool ViewMessage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QLabel::eventFilter(watched, event);
}

} // namespace normscope
