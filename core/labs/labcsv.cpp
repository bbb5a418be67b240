#include "labs/labcsv.h"

#include <cmath>
#include <sstream>

namespace normscope {

namespace {

struct Field {
    double value;
};

std::ostream& operator<<(std::ostream& out, Field f)
{
    if (std::isfinite(f.value))
        out << f.value;
    else if (std::isinf(f.value))
        out << (f.value > 0 ? "inf" : "-inf");
    return out; // NaN: an empty field
}

// RFC 4180: quoted, with inner quotes doubled (PyTorch's messages hold commas).
std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"')
            out += '"';
        out += ch;
    }
    return out + '"';
}

} // namespace

std::string runningStatsCsv(const RunningStatsHistory& h)
{
    std::ostringstream out;
    out.precision(12);
    out << "step,channel,batch_mean,batch_var_unbiased,running_mean,running_var,true_mean,true_var,eval_mean,"
           "train_mean,gap_channel,gap\n";
    const int64_t channels = h.runningMean.channels;
    for (uint64_t k = 0; k <= h.steps; ++k) {
        for (int64_t c = 0; c < channels; ++c) {
            out << k << ',' << c << ',' << Field { h.batchMean.at(k, c) } << ',' << Field { h.batchVar.at(k, c) } << ','
                << Field { h.runningMean.at(k, c) } << ',' << Field { h.runningVar.at(k, c) } << ','
                << Field { h.trueMean.at(k, c) } << ',' << Field { h.trueVar.at(k, c) } << ','
                << Field { h.evalMean.at(k, c) } << ',' << Field { h.trainMean[static_cast<size_t>(c)] } << ','
                << Field { h.channelGap.at(k, c) } << ',' << Field { h.gap[static_cast<size_t>(k)] } << '\n';
        }
    }
    return out.str();
}

std::string batchSizeCsv(const BatchSizeResult& result)
{
    std::ostringstream out;
    out.precision(12);
    out << "batch_size,norm,draw,channel,sample_mean,set_mean,set_var,output_mean,output_mean_std,error\n";
    const int64_t channels = result.shape.c;
    for (size_t s = 0; s < result.settings.sizes.size(); ++s) {
        const int64_t size = result.settings.sizes[s];
        for (BatchSizeNorm norm : allBatchSizeNorms) {
            const BatchSizePoint& p = result.point(norm, s);
            const std::string key = batchSizeNormKey(norm);
            if (!p.error.empty()) {
                out << size << ',' << key << ",,,,,,,," << quoted(p.error) << '\n';
                continue;
            }
            for (int r = 0; r < result.settings.draws; ++r) {
                for (int64_t c = 0; c < channels; ++c) {
                    const size_t i = static_cast<size_t>(r) * static_cast<size_t>(channels) + static_cast<size_t>(c);
                    out << size << ',' << key << ',' << r << ',' << c << ','
                        << Field { result.sampleMean[static_cast<size_t>(c)] } << ',' << Field { p.setMean[i] } << ','
                        << Field { p.setVar[i] } << ',' << Field { p.outputMean[i] } << ','
                        << Field { p.spread[static_cast<size_t>(c)] } << ",\n";
                }
            }
        }
    }
    return out.str();
}

} // namespace normscope
