// A message laid over a view while the view has nothing true to show: the current setting
// cannot be computed. It covers the whole view, so no earlier result stays on screen as if it
// belonged to the new setting, and says why where the user is looking.
#pragma once

#include <QLabel>

namespace normscope {

class ViewMessage : public QLabel {
    Q_OBJECT
public:
    // Becomes a child of `view`, follows its size, hidden until showMessage.
    explicit ViewMessage(QWidget* view);

    // A bold title and the message under it; shown until clearMessage.
    void showMessage(const QString& title, const QString& message);
    void clearMessage();
    QString message() const { return m_message; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QString m_message;
};

} // namespace normscope
