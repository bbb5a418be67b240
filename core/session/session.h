// A session file: everything the explorer shows, in a small versioned JSON file a person can read
// and edit, so File > Open Session (or `normscope export --session F`) rebuilds the same screen.
//
// The tensor comes from a generator (kind, shape, seed, parameters) or from files (each path with
// its size and SHA-256, so a changed file is refused instead of showing other numbers under the
// old name). The layer, γ/β (the spec and the values per channel), the running statistics and
// Steps taken, the selected set and the view (camera, theme, language, bins, all sets, overlay,
// log counts) follow. A file of a newer version is refused; unknown keys are ignored with a
// warning, so a session written by a newer NormScope of the same version still opens.
#pragma once

#include "cube/cubemodel.h"
#include "norms/affinespec.h"
#include "norms/normconfig.h"
#include "tensor/generators.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace normscope {

// The session format this NormScope writes and the newest it reads.
inline constexpr int sessionVersion = 1;

struct SessionFile {
    std::string spec; // an absolute path, with ":NAME" for an array of an .npz or .safetensors file
    uint64_t size = 0; // bytes
    std::string sha256; // of the whole file, lowercase hex
    bool operator==(const SessionFile&) const = default;
};

struct Session {
    // The source: a generator, or files (one tensor file, several .npy batches, or images).
    std::optional<GeneratorSpec> generator;
    std::vector<SessionFile> files;
    std::string imageValues = "0-1"; // "0-1" or "0-255", for images
    // How the tensor's dimensions are ordered: NCHW, NHWC, NCL, BTC or NC (layoutKey in capitals).
    // A generator's shape is written in this order; files are read in it when the session opens.
    std::string layout = "NCHW";

    NormConfig config;
    AffineSpec affine;
    std::vector<float> weight; // γ and β per channel as the window applies them (for reading)
    std::vector<float> bias;
    std::vector<float> runningMean; // empty: PyTorch's initial zeros and ones
    std::vector<float> runningVar;
    uint64_t batchesFed = 0; // Steps fed into the running statistics
    uint64_t sourceSteps = 0; // of those, the Steps from the current source

    int64_t selectedSet = 0;
    CameraState camera;
    std::string theme = "light";
    std::string language = "en";
    int bins = 60;
    bool allSets = false;
    bool overlay = false;
    bool logY = false;
};

// Every field equal (for the round-trip checks); floats compared bit for bit.
bool operator==(const Session& a, const Session& b);

// The JSON text, keys in a fixed order, floats written so they read back exactly.
std::string sessionToJson(const Session& session);

// Parses a session. Throws NormError with one sentence on malformed JSON, a missing or wrong
// value, or a newer version; every unknown key adds a warning naming it and is ignored.
Session sessionFromJson(const std::string& text, std::vector<std::string>* warnings = nullptr);

// The session's name for the layout of `shape`: "NCHW", "NHWC", "NCL", "BTC" or "NC".
std::string sessionLayoutName(const Shape& shape);
// The layout the session's files are read in, for a file of `rank` dimensions; throws NormError
// when the session's layout does not fit (BTC for a 4-D file). NCHW, NCL and NC are channels first
// at any rank (sessions of version 1 wrote NCHW for every tensor).
Layout sessionLayout(const Session& session, int rank);

// Reads a session file (refusing non-regular files and files over 64 MiB) / writes one atomically.
Session readSessionFile(const std::string& path, std::vector<std::string>* warnings = nullptr);
void writeSessionFile(const std::string& path, const Session& session);

} // namespace normscope
