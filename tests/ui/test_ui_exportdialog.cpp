// File > Export as a user goes through it: the dialog's figure, size, DPI and theme, then the
// file name. The file written must be the chosen format and figure, at the chosen size and
// resolution, in the chosen theme; Cancel writes nothing. Edit > Copy figure puts the 1920×1080
// slide of the current view on the clipboard.
#include "export/exportdialog.h"
#include "look/theme.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QImageReader>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStatusBar>

#include <cmath>

using namespace normscope;

class TestExportDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void fileFollowsTheChoices_data();
    void fileFollowsTheChoices();
    void cancelWritesNothing();
    void copyFigure();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
};

void TestExportDialog::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
}

namespace {

struct Choices {
    QString figure; // the combo box entry's first word
    QString theme; // "light" or "dark"
    int width = 0;
    int height = 0;
    int dpi = 0;
};

void fillIn(ExportDialog* dialog, const Choices& c)
{
    for (QComboBox* box : dialog->findChildren<QComboBox*>()) {
        if (box->findData(QStringLiteral("light")) >= 0) {
            box->setCurrentIndex(box->findData(c.theme));
        } else {
            for (int i = 0; i < box->count(); ++i)
                if (box->itemText(i).startsWith(c.figure))
                    box->setCurrentIndex(i);
        }
    }
    const auto sizes = dialog->findChildren<QSpinBox*>();
    QVERIFY(sizes.size() == 2);
    sizes[0]->setValue(c.width);
    sizes[1]->setValue(c.height);
    dialog->findChild<QDoubleSpinBox*>()->setValue(c.dpi);
}

QPushButton* buttonNamed(QWidget* dialog, const QString& text)
{
    for (QPushButton* b : dialog->findChildren<QPushButton*>())
        if (b->text() == text)
            return b;
    return nullptr;
}

// Goes through File > Export > Slide…: fills the dialog in, saves to `path` (or cancels at
// `cancelAt`: "dialog" or "file").
void exportThroughDialogs(MainWindow& window, const Choices& c, const QString& path, const QString& cancelAt = {})
{
    auto dialogDone = test::answerModal<ExportDialog>([&](ExportDialog* dialog) {
        fillIn(dialog, c);
        QPushButton* button = buttonNamed(
            dialog, cancelAt == QLatin1String("dialog") ? QStringLiteral("Cancel") : QStringLiteral("Save…"));
        QVERIFY(button);
        button->click();
    });
    auto fileDone = test::answerModal<QFileDialog>([&](QFileDialog* files) {
        if (cancelAt == QLatin1String("file")) {
            files->reject();
            return;
        }
        // Typed into the name field, as a user does: selectFile() on a folder the dialog's file
        // system model has not read yet may be applied only later, after accept() has run.
        auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        QVERIFY(name);
        name->setText(path);
        static_cast<QDialog*>(files)->accept(); // QFileDialog::accept, as the Save button does
    });
    QAction* slide = test::actionNamed(&window, QStringLiteral("Slide (16:9)…"));
    QVERIFY(slide);
    slide->trigger(); // returns once both dialogs are closed
    QVERIFY2(dialogDone->answered, "the export dialog opened");
    if (cancelAt != QLatin1String("dialog"))
        QVERIFY2(fileDone->answered, "the file dialog opened");
}

QString svgAttribute(const QString& svg, const QString& name)
{
    const QRegularExpression re(QStringLiteral("<svg[^>]*\\s%1=\"([^\"]*)\"").arg(name));
    return re.match(svg).captured(1);
}

} // namespace

void TestExportDialog::fileFollowsTheChoices_data()
{
    QTest::addColumn<QString>("figure");
    QTest::addColumn<QString>("theme");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("dpi");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("cube png dark") << QStringLiteral("Cube") << QStringLiteral("dark") << 800 << 500 << 150
                                   << QStringLiteral("png");
    QTest::newRow("histograms png light")
        << QStringLiteral("Histograms") << QStringLiteral("light") << 640 << 1000 << 72 << QStringLiteral("png");
    QTest::newRow("cube svg light") << QStringLiteral("Cube") << QStringLiteral("light") << 1000 << 640 << 96
                                    << QStringLiteral("svg");
    QTest::newRow("histograms svg dark") << QStringLiteral("Histograms") << QStringLiteral("dark") << 900 << 600 << 200
                                         << QStringLiteral("svg");
    QTest::newRow("slide svg light") << QStringLiteral("Slide") << QStringLiteral("light") << 1280 << 720 << 144
                                     << QStringLiteral("svg");
    QTest::newRow("slide pdf dark") << QStringLiteral("Slide") << QStringLiteral("dark") << 1600 << 900 << 300
                                    << QStringLiteral("pdf");
}

void TestExportDialog::fileFollowsTheChoices()
{
    QFETCH(QString, figure);
    QFETCH(QString, theme);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, dpi);
    QFETCH(QString, suffix);
    MainWindow window; // light theme: the dialog's choice, not the window's, must decide
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.controller()->snapshot());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("figure.") + suffix);
    exportThroughDialogs(window, { figure, theme, width, height, dpi }, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path + QStringLiteral(" was not written")));
    const QByteArray bytes = file.readAll();
    const QColor background = Theme::byKey(theme).background;
    const QColor otherBackground
        = Theme::byKey(theme == QLatin1String("dark") ? QStringLiteral("light") : QStringLiteral("dark")).background;

    if (suffix == QLatin1String("png")) {
        QImage image;
        QVERIFY(image.loadFromData(bytes, "PNG"));
        QCOMPARE(image.size(), QSize(width, height));
        // The PNG's resolution tag: dpi / 0.0254 dots per metre.
        QCOMPARE(image.dotsPerMeterX(), static_cast<int>(std::lround(dpi / 0.0254)));
        QCOMPARE(image.pixelColor(1, 1).rgb(), background.rgb());
    } else if (suffix == QLatin1String("svg")) {
        const QString svg = QString::fromUtf8(bytes);
        // Physical size = pixels / dpi inches.
        const double widthMm = width * 25.4 / dpi;
        const double heightMm = height * 25.4 / dpi;
        QString w = svgAttribute(svg, QStringLiteral("width"));
        QString h = svgAttribute(svg, QStringLiteral("height"));
        QVERIFY2(w.endsWith(QStringLiteral("mm")) && h.endsWith(QStringLiteral("mm")), qPrintable(w + u' ' + h));
        QVERIFY2(std::abs(w.chopped(2).toDouble() - widthMm) < 0.01, qPrintable(w));
        QVERIFY2(std::abs(h.chopped(2).toDouble() - heightMm) < 0.01, qPrintable(h));
        QVERIFY2(svg.contains(QStringLiteral("fill=\"%1\"").arg(background.name())), "the chosen theme's background");
        QVERIFY2(!svg.contains(QStringLiteral("fill=\"%1\"").arg(otherBackground.name())), "not the other theme's");
        // Which figure: the cube labels its C axis, the slide carries the PyTorch code, the
        // histograms show densities.
        const bool cube = svg.contains(QStringLiteral("C = 6"));
        const bool code = svg.contains(QStringLiteral("y = m(x)"));
        const bool densities = svg.contains(QStringLiteral(">density<"));
        QCOMPARE(cube, figure != QLatin1String("Histograms"));
        QCOMPARE(code, figure == QLatin1String("Slide"));
        QCOMPARE(densities, figure != QLatin1String("Cube"));
    } else {
        QVERIFY(bytes.startsWith("%PDF"));
        // The page is the chosen size at the chosen resolution: pixels × 72 / dpi points.
        const QRegularExpression box(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)"));
        const auto m = box.match(QString::fromLatin1(bytes));
        QVERIFY(m.hasMatch());
        QVERIFY2(std::abs(m.captured(1).toDouble() - width * 72.0 / dpi) < 0.5, qPrintable(m.captured(0)));
        QVERIFY2(std::abs(m.captured(2).toDouble() - height * 72.0 / dpi) < 0.5, qPrintable(m.captured(0)));
    }
    QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("figure.")),
        qPrintable(window.statusBar()->currentMessage()));
}

void TestExportDialog::cancelWritesNothing()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.controller()->snapshot());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("never.png"));
    exportThroughDialogs(
        window, { QStringLiteral("Cube"), QStringLiteral("light"), 400, 300, 96 }, path, QStringLiteral("dialog"));
    exportThroughDialogs(
        window, { QStringLiteral("Cube"), QStringLiteral("light"), 400, 300, 96 }, path, QStringLiteral("file"));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
}

void TestExportDialog::copyFigure()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.controller()->snapshot());
    QAction* copy = test::actionNamed(&window, QStringLiteral("Copy figure"));
    QVERIFY(copy);
    QApplication::clipboard()->clear();
    for (const QString& theme : { QStringLiteral("dark"), QStringLiteral("light") }) {
        window.applyTheme(theme);
        copy->trigger();
        const QImage image = QApplication::clipboard()->image();
        QCOMPARE(image.size(), QSize(1920, 1080));
        // The figure of the window's view: its theme's background, and more than the background.
        QCOMPARE(image.pixelColor(2, 2).rgb(), Theme::byKey(theme).background.rgb());
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 16)
            for (int x = 0; x < image.width(); x += 16)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, "the copied slide has content");
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("1920 × 1080")));
    }
}

QTEST_MAIN(TestExportDialog)
#include "test_ui_exportdialog.moc"
