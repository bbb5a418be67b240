#include "io/arrayentry.h"

#include "norms/normerror.h"
#include "tensor/tensor.h"

namespace normscope {

std::string describeEntries(const std::vector<ArrayEntry>& entries, size_t limit)
{
    std::string text;
    for (size_t i = 0; i < entries.size() && i < limit; ++i) {
        const ArrayEntry& e = entries[i];
        if (i > 0)
            text += ", ";
        text += "'" + e.name + "' " + dimsToString(e.shape) + " " + e.dtype;
    }
    if (entries.size() > limit)
        text += " and " + std::to_string(entries.size() - limit) + " more";
    return text;
}

const ArrayEntry& chooseEntry(const std::vector<ArrayEntry>& entries, const std::string& name, const std::string& file)
{
    if (entries.empty())
        throw NormError(file + " holds no arrays");
    if (name.empty()) {
        if (entries.size() == 1)
            return entries.front();
        throw NormError(file + " holds " + std::to_string(entries.size()) + " arrays: name one, as " + file + ":NAME ("
            + describeEntries(entries) + ")");
    }
    for (const ArrayEntry& e : entries) {
        if (e.name == name)
            return e;
    }
    throw NormError(file + " has no array named '" + name + "'; it holds " + describeEntries(entries));
}

} // namespace normscope
