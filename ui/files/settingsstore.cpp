#include "files/settingsstore.h"

#include <QSettings>

#include <algorithm>
#include <cmath>

namespace normscope {

namespace {
constexpr int maxRecent = 8;
}

void saveExplorerState(const ExplorerState& state)
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("explorer"));
    const NormConfig& config = state.config();
    settings.setValue(QStringLiteral("norm"), QString::fromLatin1(normKey(config.kind).data()));
    settings.setValue(QStringLiteral("eps"), config.eps);
    settings.setValue(QStringLiteral("epsNone"), config.epsNone);
    settings.setValue(
        QStringLiteral("momentum"), config.momentum ? QVariant(*config.momentum) : QVariant(QStringLiteral("none")));
    settings.setValue(QStringLiteral("affine"), config.affine);
    settings.setValue(QStringLiteral("track"), config.trackRunningStats);
    settings.setValue(QStringLiteral("training"), config.training);
    settings.setValue(QStringLiteral("groups"), static_cast<qlonglong>(config.groups));
    settings.setValue(QStringLiteral("layerDims"), static_cast<int>(config.normalizedShape.size()));
    settings.setValue(QStringLiteral("gamma"), state.affine().gamma);
    settings.setValue(QStringLiteral("beta"), state.affine().beta);
    settings.setValue(QStringLiteral("bins"), state.bins());
    settings.setValue(QStringLiteral("allSets"), state.allSets());
    const GeneratorSpec& spec = state.source().generator;
    settings.setValue(QStringLiteral("generator"), QString::fromStdString(generatorInfo(spec.kind).key));
    settings.setValue(QStringLiteral("shape"),
        QVariantList { static_cast<qlonglong>(spec.shape.n), static_cast<qlonglong>(spec.shape.c),
            static_cast<qlonglong>(spec.shape.h), static_cast<qlonglong>(spec.shape.w) });
    settings.setValue(QStringLiteral("seed"), static_cast<qulonglong>(spec.seed));
    QVariantList params;
    for (double p : spec.params)
        params << p;
    settings.setValue(QStringLiteral("generatorParams"), params);
    settings.endGroup();
}

void restoreExplorerState(ExplorerState& state)
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("explorer"));
    if (!settings.contains(QStringLiteral("norm")))
        return;

    GeneratorSpec spec;
    if (const auto kind = parseGeneratorKind(settings.value(QStringLiteral("generator")).toString().toStdString()))
        spec.kind = *kind;
    const QVariantList shape = settings.value(QStringLiteral("shape")).toList();
    if (shape.size() == 4) {
        const Shape s { shape[0].toLongLong(), shape[1].toLongLong(), shape[2].toLongLong(), shape[3].toLongLong(), 4 };
        // checkedProduct, not numel(): numel() throws for a product past 2^28, and a settings
        // file edited by hand must not stop the window from opening.
        const int64_t dims[] = { s.n, s.c, s.h, s.w };
        if (s.n >= 1 && s.c >= 1 && s.h >= 1 && s.w >= 1 && checkedProduct(dims, int64_t(1) << 26))
            spec.shape = s;
    }
    spec.seed = settings.value(QStringLiteral("seed")).toULongLong();
    const auto& infos = generatorInfo(spec.kind).params;
    const QVariantList params = settings.value(QStringLiteral("generatorParams")).toList();
    for (int i = 0; i < params.size() && i < static_cast<int>(infos.size()); ++i) {
        const double v = params[i].toDouble();
        if (v >= infos[static_cast<size_t>(i)].minimum && v <= infos[static_cast<size_t>(i)].maximum)
            spec.params.push_back(v);
        else
            break;
    }
    state.setGenerator(spec);

    const auto kind = parseNormKind(settings.value(QStringLiteral("norm")).toString().toStdString());
    NormConfig config = NormConfig::defaults(kind.value_or(NormKind::Batch));
    const double eps = settings.value(QStringLiteral("eps"), config.eps).toDouble();
    if (std::isfinite(eps) && eps >= 0.0) {
        config.eps = eps;
        config.epsNone = false;
    }
    if (config.kind == NormKind::Rms && settings.value(QStringLiteral("epsNone"), false).toBool()) {
        config.eps = float32Eps;
        config.epsNone = true;
    }
    const QVariant momentum = settings.value(QStringLiteral("momentum"));
    if (momentum.toString() == QLatin1String("none"))
        config.momentum.reset();
    else if (const double m = momentum.toDouble(); m >= 0.0 && m <= 1.0)
        config.momentum = m;
    config.affine = settings.value(QStringLiteral("affine"), config.affine).toBool();
    config.trackRunningStats = settings.value(QStringLiteral("track"), config.trackRunningStats).toBool();
    config.training = settings.value(QStringLiteral("training"), true).toBool();
    config.groups = settings.value(QStringLiteral("groups"), 1).toLongLong();
    const int layerDims = settings.value(QStringLiteral("layerDims"), 0).toInt();
    if (layerDims >= 1 && layerDims <= 2)
        config.normalizedShape = layerShapeFor(spec.shape, layerDims);
    state.setConfig(config);

    AffineSpec affine;
    affine.gamma = std::clamp(settings.value(QStringLiteral("gamma"), 1.0).toDouble(), -3.0, 3.0);
    affine.beta = std::clamp(settings.value(QStringLiteral("beta"), 0.0).toDouble(), -3.0, 3.0);
    state.setAffine(affine);
    state.setBins(settings.value(QStringLiteral("bins"), 60).toInt());
    state.setAllSets(settings.value(QStringLiteral("allSets"), false).toBool());
    settings.endGroup();
}

QStringList recentFiles()
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

void addRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > maxRecent)
        files.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), files);
}

void removeRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    QSettings().setValue(QStringLiteral("recentFiles"), files);
}

} // namespace normscope
