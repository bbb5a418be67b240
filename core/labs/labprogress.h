// How a long lab computation reports progress and learns that it is no longer wanted: the
// window's worker passes both, `normscope export` and `bench` pass neither.
#pragma once

#include <functional>

namespace normscope {

struct LabProgress {
    std::function<bool()> cancelled; // polled between batches; true abandons the rest
    std::function<void(double)> report; // fraction done, 0..1

    bool stop() const { return cancelled && cancelled(); }
    void done(double fraction) const
    {
        if (report)
            report(fraction);
    }
};

} // namespace normscope
