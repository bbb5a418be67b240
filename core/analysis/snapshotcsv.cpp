#include "analysis/snapshotcsv.h"

#include <cmath>
#include <sstream>

namespace normscope {

namespace {

void rows(std::ostringstream& out, const char* which, const char* scope, const Histogram& h)
{
    for (size_t i = 0; i < h.counts.size(); ++i) {
        const double lo = h.lo + static_cast<double>(i) * h.binWidth();
        out << which << ',' << scope << ',' << lo << ',' << lo + h.binWidth() << ',' << h.counts[i] << ','
            << h.density(i) << '\n';
    }
}

// Labels such as "n=0, g=1" become two CSV fields' worth of text without commas.
std::string csvLabel(std::string label)
{
    for (char& ch : label)
        if (ch == ',')
            ch = ';';
    return label;
}

} // namespace

std::string histogramCsv(const Snapshot& s)
{
    std::ostringstream out;
    out.precision(9);
    out << "histogram,scope,bin_start,bin_end,count,density\n";
    rows(out, "before", "whole_tensor", s.histBefore);
    rows(out, "after", "whole_tensor", s.histAfter);
    const std::string selected = "set " + csvLabel(s.geometry.setLabel(s.selectedSet));
    rows(out, "before", selected.c_str(), s.histBeforeSelected);
    rows(out, "after", selected.c_str(), s.histAfterSelected);
    return out.str();
}

std::string setStatisticsCsv(const Snapshot& s)
{
    std::ostringstream out;
    out.precision(9);
    out << "set,label,values,mean_before,std_before,mean_after,std_after\n";
    for (int64_t set = 0; set < s.geometry.setCount(); ++set) {
        const auto i = static_cast<size_t>(set);
        out << set << ',' << csvLabel(s.geometry.setLabel(set)) << ',' << s.geometry.setSize() << ','
            << s.inputStats->mean[i] << ',' << std::sqrt(s.inputStats->var[i]) << ',' << s.outputStats.mean[i] << ','
            << std::sqrt(s.outputStats.var[i]) << '\n';
    }
    return out.str();
}

} // namespace normscope
