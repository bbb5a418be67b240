// What a lecturer reads off the plots at the window's default size: tick labels that never run
// into each other ("10000120001400016000", "-10-7.5") and legend entries that are never cut
// ("BatchNorm, eval (running statistics" at 1340 × 740). The expectations are the labels' own
// extents in the axis' and legend's fonts, measured here, and the plot's viewport.
#include "analysis/pipeline.h"
#include "export/figureexport.h"
#include "io/npy.h"
#include "labs/labsession.h"
#include "labs/labworker.h"
#include "look/translations.h"
#include "plots/qcustomplotinclude.h"
#include "plots/readableticker.h"
#include "window/mainwindow.h"
#include "windowsupport.h"
#include "windowtest.h"

#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>
#include <random>

using namespace normscope;

class TestPlotLabels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void tickLabelsKeepAGapOnANarrowAxis_data();
    void tickLabelsKeepAGapOnANarrowAxis();
    void histogramTickLabelsDoNotTouch_data();
    void histogramTickLabelsDoNotTouch();
    void labLegendsAreNotCut();
    void svgTextDoesNotOverlap_data();
    void svgTextDoesNotOverlap();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
    QTemporaryDir m_dir;
};

void TestPlotLabels::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
    QVERIFY(installTranslation(QStringLiteral("en"))); // the fonts the app starts with
}

namespace {

// Every pair of neighbouring tick labels inside the axis' range: the distance between their
// centres must hold half of each label plus a gap of 3 px (horizontal), or a line (vertical).
void checkTickLabels(const QCPAxis* axis, const QString& where)
{
    const QFontMetricsF metrics(axis->tickLabelFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    QVERIFY2(ticks.size() == labels.size(), qPrintable(where));
    QVector<int> shown;
    for (int i = 0; i < ticks.size(); ++i)
        if (axis->range().contains(ticks[i]))
            shown << i;
    QVERIFY2(shown.size() >= 2, qPrintable(where + QStringLiteral(": fewer than two tick labels")));
    for (int k = 1; k < shown.size(); ++k) {
        const int a = shown[k - 1];
        const int b = shown[k];
        const double distance = std::abs(axis->coordToPixel(ticks[b]) - axis->coordToPixel(ticks[a]));
        const double needed = horizontal
            ? 0.5 * (metrics.horizontalAdvance(labels[a]) + metrics.horizontalAdvance(labels[b])) + 3.0
            : metrics.height();
        QVERIFY2(distance >= needed,
            qPrintable(QStringLiteral("%1: labels '%2' and '%3' are %4 px apart, need %5")
                           .arg(where, labels[a], labels[b])
                           .arg(distance)
                           .arg(needed)));
    }
}

void writeValues(const QString& path, double centre, double spread, double low, double high)
{
    std::mt19937 random(7);
    std::normal_distribution<double> normal(centre, spread);
    std::vector<float> values(4 * 3 * 8 * 8);
    for (float& v : values)
        v = static_cast<float>(normal(random));
    values[0] = static_cast<float>(low);
    values[1] = static_cast<float>(high);
    writeNpy(path.toStdString(), values, { 4, 3, 8, 8 });
}

} // namespace

void TestPlotLabels::tickLabelsKeepAGapOnANarrowAxis_data()
{
    QTest::addColumn<double>("lower");
    QTest::addColumn<double>("upper");
    QTest::addColumn<int>("width");
    QTest::newRow("ten thousands, 150 px") << 9000.0 << 16200.0 << 150;
    QTest::newRow("-11 to 6, 110 px") << -11.0 << 6.0 << 110;
    QTest::newRow("small densities, 200 px") << 0.0 << 0.00073 << 200;
    QTest::newRow("millions, 360 px") << -2.5e6 << 3.1e6 << 360;
    QTest::newRow("wide, 1200 px") << -4.2 << 4.2 << 1200;
}

void TestPlotLabels::tickLabelsKeepAGapOnANarrowAxis()
{
    QFETCH(double, lower);
    QFETCH(double, upper);
    QFETCH(int, width);
    QCustomPlot plot;
    plot.resize(width, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    ReadableTicker::install(plot.xAxis);
    plot.xAxis->setRange(lower, upper);
    plot.replot();
    plot.replot(); // as after any later data change: the layout the ticks were made for is current
    checkTickLabels(plot.xAxis, QStringLiteral("x axis"));
    // Still readable in one pass at another size (an export draws the plot once at its size).
    plot.resize(width / 2 + 40, 260);
    QTest::qWait(50); // the resize event
    plot.replot();
    checkTickLabels(plot.xAxis, QStringLiteral("x axis after a resize"));
}

void TestPlotLabels::histogramTickLabelsDoNotTouch_data()
{
    QTest::addColumn<double>("centre");
    QTest::addColumn<double>("spread");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::newRow("values near 12 345") << 12345.0 << 1000.0 << 9176.0 << 16060.0;
    QTest::newRow("values from -10 to 10") << 0.0 << 3.0 << -10.2 << 10.1;
}

void TestPlotLabels::histogramTickLabelsDoNotTouch()
{
    QFETCH(double, centre);
    QFETCH(double, spread);
    QFETCH(double, low);
    QFETCH(double, high);
    const QString path = m_dir.filePath(QStringLiteral("values.npy"));
    writeValues(path, centre, spread, low, high);
    MainWindow window;
    window.resize(1340, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(test::openAndWait(window, { path }), QString());
    QTest::qWait(300); // queued replots
    int checked = 0;
    for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
        if (!plot->isVisible())
            continue;
        plot->replot();
        checkTickLabels(plot->xAxis, QStringLiteral("histogram x axis"));
        checkTickLabels(plot->yAxis, QStringLiteral("histogram y axis"));
        ++checked;
    }
    QCOMPARE(checked, 2); // before and after
}

void TestPlotLabels::labLegendsAreNotCut()
{
    MainWindow window;
    window.resize(1340, 740);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTabWidget* tabs = window.centralTabs();
    LabSession* session = window.labSession();
    QVERIFY(tabs && session);
    for (int tab = 0; tab < tabs->count(); ++tab) {
        tabs->setCurrentIndex(tab);
        // Let the labs compute (off the GUI thread) and the plots replot.
        for (int i = 0; i < 150; ++i) {
            QTest::qWait(100);
            if (!session->worker(LabSession::Lab::RunningStats)->working()
                && !session->worker(LabSession::Lab::BatchSize)->working())
                break;
        }
        QTest::qWait(300);
        for (QCustomPlot* plot : window.findChildren<QCustomPlot*>()) {
            if (!plot->isVisible() || !plot->legend->visible())
                continue;
            plot->replot();
            const QRect viewport = plot->viewport();
            for (int i = 0; i < plot->legend->itemCount(); ++i) {
                QCPAbstractLegendItem* item = plot->legend->item(i);
                if (!item)
                    continue; // an empty cell of the grid
                auto* entry = qobject_cast<QCPPlottableLegendItem*>(item);
                const QString name = entry ? entry->plottable()->name() : QString::number(i);
                const QRect rect = item->outerRect();
                QVERIFY2(rect.right() <= viewport.right() && rect.left() >= viewport.left(),
                    qPrintable(QStringLiteral("tab %1: legend entry '%2' runs off the plot").arg(tab).arg(name)));
                QVERIFY2(rect.width() >= item->minimumOuterSizeHint().width(),
                    qPrintable(QStringLiteral("tab %1: legend entry '%2' is cut: %3 px of %4")
                                   .arg(tab)
                                   .arg(name)
                                   .arg(rect.width())
                                   .arg(item->minimumOuterSizeHint().width())));
            }
        }
    }
}

namespace {

struct SvgText {
    QString text;
    double left = 0.0;
    double right = 0.0;
    double baseline = 0.0;
    double top = 0.0; // of the ascent
    double bottom = 0.0; // of the descent
};

// Every <text> of an SVG written by Qt, placed by its groups' transforms (Qt writes
// "matrix(a,b,c,d,e,f)", no rotation in our figures' horizontal text) and measured in the face
// and size the file names, as an SVG viewer lays it out.
std::vector<SvgText> svgTexts(const QByteArray& svg)
{
    std::vector<SvgText> texts;
    QXmlStreamReader xml(svg);
    std::vector<QTransform> groups { QTransform() };
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("g")) {
            QTransform t = groups.back();
            const QString m = xml.attributes().value(QLatin1String("transform")).toString();
            if (m.startsWith(QLatin1String("matrix("))) {
                const QStringList v = m.mid(7, m.size() - 8).split(QLatin1Char(','));
                if (v.size() == 6)
                    t = QTransform(v[0].toDouble(), v[1].toDouble(), v[2].toDouble(), v[3].toDouble(), v[4].toDouble(),
                            v[5].toDouble())
                        * t;
            }
            groups.push_back(t);
        } else if (xml.isEndElement() && xml.name() == QLatin1String("g")) {
            groups.pop_back();
        } else if (xml.isStartElement() && xml.name() == QLatin1String("text")) {
            const QXmlStreamAttributes a = xml.attributes();
            const QTransform& t = groups.back();
            if (t.m12() != 0.0 || t.m21() != 0.0)
                continue; // rotated (axis titles): not on a shared baseline
            const double x = a.value(QLatin1String("x")).toDouble();
            const double y = a.value(QLatin1String("y")).toDouble();
            QString family = a.value(QLatin1String("font-family")).toString().section(QLatin1Char(','), 0, 0);
            family.remove(QLatin1Char('\''));
            QFont font(family.trimmed());
            font.setPixelSize(qRound(a.value(QLatin1String("font-size")).toDouble()));
            font.setBold(a.value(QLatin1String("font-weight")).toInt() >= 600);
            const QString text = xml.readElementText();
            const QPointF start = t.map(QPointF(x, y));
            const double width = QFontMetricsF(font).horizontalAdvance(text) * t.m11();
            const QFontMetricsF metrics(font);
            texts.push_back({ text, start.x(), start.x() + width, start.y(), start.y() - metrics.ascent() * t.m22(),
                start.y() + metrics.descent() * t.m22() });
        }
    }
    return texts;
}

} // namespace

void TestPlotLabels::svgTextDoesNotOverlap_data()
{
    QTest::addColumn<int>("figure");
    QTest::newRow("slide") << static_cast<int>(FigureKind::Slide);
    QTest::newRow("histograms") << static_cast<int>(FigureKind::Histogram);
}

void TestPlotLabels::svgTextDoesNotOverlap()
{
    QFETCH(int, figure);
    PipelineInput input;
    input.generator = GeneratorSpec {};
    input.generator->kind = GeneratorKind::ChannelShift;
    input.config = NormConfig::defaults(NormKind::Batch);
    const auto snapshot = SnapshotPipeline().run(input);
    const QString path = m_dir.filePath(QStringLiteral("figure.svg"));
    QCOMPARE(exportFigure(path, static_cast<FigureKind>(figure), *snapshot, FigureOptions {}), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    std::vector<SvgText> texts = svgTexts(file.readAll());
    QVERIFY(texts.size() > 10);
    // Texts on one baseline (tick labels, "Selected set (c=0):" and its numbers) side by side.
    std::sort(texts.begin(), texts.end(),
        [](const SvgText& a, const SvgText& b) { return std::tie(a.baseline, a.left) < std::tie(b.baseline, b.left); });
    for (size_t i = 1; i < texts.size(); ++i) {
        const SvgText& a = texts[i - 1];
        const SvgText& b = texts[i];
        if (std::abs(a.baseline - b.baseline) > 0.5 || a.text.trimmed().isEmpty() || b.text.trimmed().isEmpty())
            continue;
        QVERIFY2(b.left >= a.right - 1.0,
            qPrintable(QStringLiteral("'%1' (to x = %2) runs into '%3' (from x = %4)")
                           .arg(a.text)
                           .arg(a.right)
                           .arg(b.text)
                           .arg(b.left)));
    }
    // And no two texts' boxes (ascent to descent) cover each other anywhere, lines of a
    // paragraph included (they share no pixels when laid out at the size the file names).
    for (size_t i = 0; i < texts.size(); ++i)
        for (size_t j = i + 1; j < texts.size(); ++j) {
            const SvgText& a = texts[i];
            const SvgText& b = texts[j];
            if (a.text.trimmed().isEmpty() || b.text.trimmed().isEmpty())
                continue;
            const double across = std::min(a.right, b.right) - std::max(a.left, b.left);
            const double down = std::min(a.bottom, b.bottom) - std::max(a.top, b.top);
            QVERIFY2(across <= 1.0 || down <= 2.0,
                qPrintable(QStringLiteral("'%1' and '%2' cover each other (%3 × %4 px)")
                               .arg(a.text, b.text)
                               .arg(across)
                               .arg(down)));
        }
}

QTEST_MAIN(TestPlotLabels)
#include "test_ui_plotlabels.moc"
