// The one exception type core/ throws for errors a user can cause (bad file, bad parameter).
// Its message is written for the user: it names what is wrong in their terms.
#pragma once

#include <stdexcept>
#include <string>

namespace normscope {

class NormError : public std::runtime_error {
public:
    explicit NormError(const std::string& message)
        : std::runtime_error(message)
    {
    }
};

} // namespace normscope
