// The session reader (File > Open Session, normscope export --session) on arbitrary text: it
// refuses it with NormError or returns a session that, written again, reads back as the same
// session without a warning (a value it accepts must be one it can write); a generated source
// small enough to build goes through every norm (fuzz::exerciseNorms, the last 8 bytes choosing
// the configurations). Anything else escaping (nlohmann's own exceptions) is a bug.
#include "fuzzsupport.h"
#include "norms/normerror.h"
#include "session/session.h"
#include "tensor/generators.h"

using namespace normscope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    Session session;
    std::vector<std::string> warnings;
    try {
        session = sessionFromJson(text, &warnings);
    } catch (const NormError&) {
        return 0;
    }
    const std::string written = sessionToJson(session);
    std::vector<std::string> again;
    Session back;
    try {
        back = sessionFromJson(written, &again);
    } catch (const NormError& e) {
        std::fprintf(stderr, "%s\n--- written:\n%s\n", e.what(), written.c_str());
        fuzz::require(false, "a session it accepted, written again, reads back");
    }
    fuzz::require(again.empty(), "a session it wrote reads back without warnings");
    fuzz::require(back == session, "a session it accepted, written again, reads back the same");

    if (session.generator && session.generator->shape.numel() <= 4096) {
        try {
            const size_t choices = size < 8 ? size : 8;
            fuzz::exerciseNorms(
                generateTensor(*session.generator), std::span<const uint8_t>(data + size - choices, choices));
        } catch (const NormError&) {
        }
    }
    return 0;
}
