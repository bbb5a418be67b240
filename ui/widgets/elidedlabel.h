// A one-line label that ends in "…" when its text is wider than the room it has, instead of
// being cut mid-word ("its batch mates drawn 5" for "drawn 50 times"); the whole text is its
// tooltip. Used for status lines that share a row with controls.
#pragma once

#include <QLabel>

namespace normscope {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    // The text as painted at the label's current width.
    QString shownText() const;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
};

} // namespace normscope
