#include "window/plottabs.h"

#include "images/imageview.h"
#include "plots/histogrampanel.h"

#include <QFileInfo>

#include <algorithm>

namespace normscope {

PlotTabs::PlotTabs(HistogramPanel* histograms, ImageView* images, QWidget* parent)
    : QTabWidget(parent)
    , m_images(images)
{
    addTab(histograms, tr("Histograms"));
    addTab(images, tr("Images"));
}

bool PlotTabs::imagesEnabled() const
{
    return isTabEnabled(indexOf(m_images));
}

void PlotTabs::setSnapshot(const std::shared_ptr<const Snapshot>& snapshot, const PictureSource& source)
{
    m_images->setSnapshot(snapshot, source);
    const QString reason = m_images->unavailableReason();
    const int tab = indexOf(m_images);
    setTabEnabled(tab, reason.isEmpty()); // a disabled current tab hands over to the histograms
    setTabToolTip(tab,
        reason.isEmpty() ? tr("Each image of the batch before and after the norm; click a picture to select its set.")
                         : reason);
    const QStringList photos = source.photos ? source.labels : QStringList();
    if (photos != m_photosShown) {
        m_photosShown = photos;
        if (!photos.isEmpty())
            setCurrentWidget(m_images);
    }
}

PictureSource pictureSourceFor(const TensorSource& source, ImageScale scale)
{
    PictureSource pictures;
    pictures.photos = source.kind == TensorSource::Kind::Loaded && !source.files.isEmpty()
        && std::all_of(source.files.begin(), source.files.end(), [](const QString& f) { return isImageFile(f); });
    if (pictures.photos) {
        pictures.maxValue = scale == ImageScale::Byte ? 255.0 : 1.0;
        for (const QString& file : source.files)
            pictures.labels << QFileInfo(file).fileName();
    }
    return pictures;
}

} // namespace normscope
