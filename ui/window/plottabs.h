// The right of the window's top row: the histograms and, in a tab beside them, the image view.
// The images tab is enabled only for inputs with pictures in them (its tooltip says why not),
// and comes to the front when photos are opened, since that is what a user opening a photo
// wants to see first.
#pragma once

#include "control/explorerstate.h"
#include "files/tensorfiles.h"
#include "images/imagetiles.h"

#include <QTabWidget>

#include <memory>

namespace normscope {

class HistogramPanel;
class ImageView;

class PlotTabs : public QTabWidget {
    Q_OBJECT
public:
    PlotTabs(HistogramPanel* histograms, ImageView* images, QWidget* parent = nullptr);

    // Hands the snapshot to the image view and updates its tab.
    void setSnapshot(const std::shared_ptr<const Snapshot>& snapshot, const PictureSource& source);
    bool imagesEnabled() const;

private:
    ImageView* m_images;
    QStringList m_photosShown; // the photos last brought to the front
};

// Whether the state's tensor was read from images, at which scale, and their names.
PictureSource pictureSourceFor(const TensorSource& source, ImageScale scale);

} // namespace normscope
