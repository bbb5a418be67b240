#include "files/layoutchoice.h"

#include "tensor/layout.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QRadioButton>
#include <QSettings>
#include <QVBoxLayout>

#include <algorithm>

namespace normscope {

namespace {

QString settingsKey(const QString& path)
{
    // One entry per file; QSettings keys must not hold slashes.
    return QStringLiteral("layouts/") + QString::fromLatin1(path.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

// "N = 2, C = 16, L = 64": what each dimension of the file would be in `layout`.
QString meaning(const std::vector<int64_t>& dims, Layout layout)
{
    const int rank = static_cast<int>(dims.size());
    QString title = QString::fromStdString(layoutTitle(layout, rank));
    const QStringList names = title.mid(1, title.size() - 2).split(QStringLiteral(", "));
    QStringList parts;
    for (int i = 0; i < rank && i < names.size(); ++i)
        parts << QStringLiteral("%1 = %2").arg(names[i]).arg(dims[static_cast<size_t>(i)]);
    return parts.join(QStringLiteral(", "));
}

} // namespace

std::optional<Layout> rememberedLayout(const QString& path, int rank)
{
    const QString key = QSettings().value(settingsKey(path)).toString();
    if (key.isEmpty())
        return std::nullopt;
    for (const Layout layout : layoutsForRank(rank)) {
        if (QString::fromStdString(layoutKey(layout, rank)) == key)
            return layout;
    }
    return std::nullopt; // the file changed rank since
}

void rememberLayout(const QStringList& paths, Layout layout, int rank)
{
    // The key names the rank too (ncl, nchw), so a file that changes rank is asked again.
    QSettings settings;
    for (const QString& path : paths)
        settings.setValue(settingsKey(path), QString::fromStdString(layoutKey(layout, rank)));
}

Layout guessedLayout(const std::vector<int64_t>& dims)
{
    // Only what clearly looks like pictures: a (1, 2, 3, 4) array is as likely channels first.
    const auto colour = [](int64_t d) { return d == 1 || d == 3 || d == 4; };
    if (dims.size() == 4 && colour(dims[3]) && dims[1] > 4 && dims[2] > 4)
        return Layout::NHWC;
    return Layout::ChannelsFirst;
}

LayoutQuestion::LayoutQuestion(
    const QString& fileName, const std::vector<int64_t>& fileDims, Layout current, QWidget* parent)
    : QDialog(parent)
    , m_choices(new QButtonGroup(this))
{
    setWindowTitle(tr("Layout of %1").arg(fileName));
    setWindowModality(Qt::WindowModal);
    auto* layout = new QVBoxLayout(this);
    QStringList dims;
    for (const int64_t d : fileDims)
        dims << QString::number(d);
    auto* question = new QLabel(tr("%1 holds a %2-D array of shape (%3). How are its dimensions ordered?")
                                    .arg(fileName)
                                    .arg(fileDims.size())
                                    .arg(dims.join(QStringLiteral(", "))),
        this);
    question->setWordWrap(true);
    layout->addWidget(question);
    const int rank = static_cast<int>(fileDims.size());
    for (const Layout choice : layoutsForRank(rank)) {
        QString text
            = QString::fromStdString(layoutTitle(choice, rank)) + QStringLiteral("  ·  ") + meaning(fileDims, choice);
        if (choice == Layout::NHWC)
            text += QLatin1Char('\n')
                + tr("channels last (images, TensorFlow): normalized as after x.permute(0, 3, 1, 2)");
        else if (choice == Layout::BTC)
            text += QLatin1Char('\n')
                + tr("batch, tokens, features (transformers): LayerNorm and RMSNorm per token over C");
        auto* button = new QRadioButton(text, this);
        m_choices->addButton(button, static_cast<int>(choice));
        button->setChecked(choice == current);
        layout->addWidget(button);
    }
    auto* note = new QLabel(tr("NormScope remembers the answer for this file; Tensor → Layout changes it."), this);
    note->setWordWrap(true);
    layout->addWidget(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        emit chosen(static_cast<Layout>(m_choices->checkedId()));
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

} // namespace normscope
