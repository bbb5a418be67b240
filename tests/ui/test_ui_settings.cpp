// Settings across a restart: what the user set up (norm, its options, γ and β, bins, all sets,
// the generator, theme, image values) is there when the window opens again; a settings file
// with nonsense in it starts the window with PyTorch's defaults instead of failing.
#include "cube/cubeview.h"
#include "window/mainwindow.h"
#include "windowtest.h"

#include <QSignalSpy>

using namespace normscope;

class TestSettings : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void restartRestoresTheSession();
    void nonsenseFallsBackToDefaults();

private:
    std::unique_ptr<test::ScratchSettings> m_settings;
};

void TestSettings::initTestCase()
{
    m_settings = std::make_unique<test::ScratchSettings>();
}

void TestSettings::restartRestoresTheSession()
{
    GeneratorSpec spec;
    spec.kind = GeneratorKind::ChannelShift;
    spec.shape = { 4, 6, 3, 5, 4 };
    spec.seed = 17;
    spec.params = { 1.5, 2.5 };
    {
        MainWindow window;
        ExplorerState* state = window.state();
        state->setGenerator(spec);
        state->setNormKind(NormKind::Group);
        NormConfig config = state->config();
        config.groups = 2;
        config.eps = 0.0025;
        config.affine = false;
        state->setConfig(config);
        AffineSpec affine;
        affine.gamma = 1.75;
        affine.beta = -0.5;
        state->setAffine(affine);
        state->setBins(33);
        state->setAllSets(true);
        window.applyTheme(QStringLiteral("dark"));
        window.setImageScale(ImageScale::Byte);
        QVERIFY(window.close());
    }
    MainWindow window;
    const ExplorerState* state = window.state();
    const GeneratorSpec& restored = state->source().generator;
    QCOMPARE(restored.kind, spec.kind);
    QCOMPARE(restored.shape, spec.shape);
    QCOMPARE(restored.seed, spec.seed);
    QCOMPARE(restored.params, spec.params);
    QCOMPARE(state->config().kind, NormKind::Group);
    QCOMPARE(state->config().groups, int64_t(2));
    QCOMPARE(state->config().eps, 0.0025);
    QCOMPARE(state->config().affine, false);
    QCOMPARE(state->affine().gamma, 1.75);
    QCOMPARE(state->affine().beta, -0.5);
    QCOMPARE(state->bins(), 33);
    QVERIFY(state->allSets());
    QVERIFY2(window.cubeView()->paintOptions().allSets, "the cube shows all sets again");
    QCOMPARE(window.themeKey(), QStringLiteral("dark"));
    QCOMPARE(window.cubeView()->paintOptions().theme.key, QStringLiteral("dark"));
    QCOMPARE(window.imageScale(), ImageScale::Byte);
    // The restored session is what gets computed, not only what the panels show.
    QTRY_VERIFY(window.controller()->snapshot());
    const auto snap = window.controller()->snapshot();
    QCOMPARE(snap->input->shape(), spec.shape);
    QCOMPARE(snap->geometry.setCount(), int64_t(4 * 2));
    QCOMPARE(snap->config.eps, 0.0025);

    // LayerNorm over (H, W) and momentum=None survive too.
    window.state()->setNormKind(NormKind::Layer);
    NormConfig layer = window.state()->config();
    layer.normalizedShape = { 3, 5 };
    window.state()->setConfig(layer);
    QVERIFY(window.close());
    {
        MainWindow again;
        QCOMPARE(again.state()->config().kind, NormKind::Layer);
        QCOMPARE(again.state()->config().normalizedShape, (std::vector<int64_t> { 3, 5 }));
        again.state()->setNormKind(NormKind::Batch);
        NormConfig batch = again.state()->config();
        batch.momentum.reset();
        batch.training = false;
        again.state()->setConfig(batch);
        QVERIFY(again.close());
    }
    MainWindow third;
    QCOMPARE(third.state()->config().kind, NormKind::Batch);
    QVERIFY(!third.state()->config().momentum.has_value());
    QVERIFY(!third.state()->config().training);
}

void TestSettings::nonsenseFallsBackToDefaults()
{
    {
        QSettings settings;
        settings.clear();
        settings.beginGroup(QStringLiteral("explorer"));
        settings.setValue(QStringLiteral("norm"), QStringLiteral("batchnorm3000"));
        settings.setValue(QStringLiteral("eps"), -1.0);
        settings.setValue(QStringLiteral("momentum"), 7.0);
        settings.setValue(QStringLiteral("shape"), QVariantList { 100000, 100000, 100000, 100000 });
        settings.setValue(QStringLiteral("generator"), QStringLiteral("no-such-generator"));
        settings.setValue(QStringLiteral("gamma"), 1e300);
        settings.endGroup();
        settings.setValue(QStringLiteral("theme"), QStringLiteral("purple"));
    }
    MainWindow window;
    const NormConfig defaults = NormConfig::defaults(NormKind::Batch);
    QCOMPARE(window.state()->config().kind, NormKind::Batch);
    QCOMPARE(window.state()->config().eps, defaults.eps);
    QCOMPARE(window.state()->config().momentum, defaults.momentum);
    QCOMPARE(window.state()->source().generator.shape, GeneratorSpec {}.shape);
    QCOMPARE(window.state()->source().generator.kind, GeneratorKind::Normal);
    QVERIFY(std::abs(window.state()->affine().gamma) <= 3.0); // the slider's range
    QCOMPARE(window.themeKey(), QStringLiteral("light"));
    QTRY_VERIFY(window.controller()->snapshot());
    QVERIFY(std::isfinite(window.controller()->snapshot()->selectedAfter.std));
}

QTEST_MAIN(TestSettings)
#include "test_ui_settings.moc"
