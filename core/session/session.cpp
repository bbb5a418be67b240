#include "session/session.h"

#include "io/inputfile.h"
#include "io/outputfile.h"
#include "norms/normerror.h"
#include "tensor/layout.h"
#include "tensor/tensor.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <set>

namespace normscope {

namespace {

using nlohmann::ordered_json;

// A session holds a few thousand numbers at most; anything far larger is not a session.
constexpr uint64_t maxSessionBytes = 64ull << 20;

[[noreturn]] void bad(const std::string& why)
{
    throw NormError("not a usable NormScope session: " + why);
}

// Reads one object's keys, so each unknown key is reported once with where it was.
class Reader {
public:
    Reader(const ordered_json& object, std::string where, std::vector<std::string>* warnings)
        : m_object(object)
        , m_where(std::move(where))
        , m_warnings(warnings)
    {
        if (!object.is_object())
            bad(m_where + " is not an object");
    }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;
    ~Reader() noexcept
    {
        if (!m_warnings || std::uncaught_exceptions() > 0)
            return;
        for (const auto& item : m_object.items()) {
            if (!m_known.count(item.key()))
                m_warnings->push_back("ignored the unknown key '" + path(item.key()) + "'");
        }
    }

    bool has(const std::string& key)
    {
        m_known.insert(key);
        return m_object.contains(key);
    }
    std::string path(const std::string& key) const { return m_where.empty() ? key : m_where + "." + key; }

    const ordered_json& value(const std::string& key)
    {
        if (!has(key))
            bad("'" + path(key) + "' is missing");
        return m_object.at(key);
    }
    double number(const std::string& key, double fallback)
    {
        if (!has(key))
            return fallback;
        const auto& v = m_object.at(key);
        if (!v.is_number() || !std::isfinite(v.get<double>()))
            bad("'" + path(key) + "' is not a finite number");
        return v.get<double>();
    }
    int64_t integer(const std::string& key, int64_t fallback, int64_t min, int64_t max)
    {
        if (!has(key))
            return fallback;
        const auto& v = m_object.at(key);
        if (!v.is_number_integer())
            bad("'" + path(key) + "' is not a whole number");
        if (v.is_number_unsigned() ? v.get<uint64_t>() > static_cast<uint64_t>(max) : v.get<int64_t>() > max)
            bad("'" + path(key) + "' is above " + std::to_string(max));
        if (!v.is_number_unsigned() && v.get<int64_t>() < min)
            bad("'" + path(key) + "' is below " + std::to_string(min));
        return v.get<int64_t>();
    }
    uint64_t unsignedInteger(const std::string& key, uint64_t fallback)
    {
        if (!has(key))
            return fallback;
        const auto& v = m_object.at(key);
        if (!v.is_number_unsigned())
            bad("'" + path(key) + "' is not a whole number >= 0");
        return v.get<uint64_t>();
    }
    bool boolean(const std::string& key, bool fallback)
    {
        if (!has(key))
            return fallback;
        const auto& v = m_object.at(key);
        if (!v.is_boolean())
            bad("'" + path(key) + "' is not true or false");
        return v.get<bool>();
    }
    std::string text(const std::string& key, const std::string& fallback)
    {
        if (!has(key))
            return fallback;
        const auto& v = m_object.at(key);
        if (!v.is_string())
            bad("'" + path(key) + "' is not a string");
        return v.get<std::string>();
    }
    std::vector<float> floats(const std::string& key)
    {
        std::vector<float> out;
        if (!has(key))
            return out;
        const auto& v = m_object.at(key);
        if (!v.is_array())
            bad("'" + path(key) + "' is not a list of numbers");
        for (const auto& x : v) {
            if (!x.is_number() || !std::isfinite(x.get<double>()))
                bad("'" + path(key) + "' holds something other than finite numbers");
            // Stored as float32: a larger finite double would become infinite (found by fuzz_session).
            if (std::fabs(x.get<double>()) > std::numeric_limits<float>::max())
                bad("'" + path(key) + "' holds a value beyond float32's range");
            out.push_back(static_cast<float>(x.get<double>()));
        }
        return out;
    }
    std::vector<int64_t> dims(const std::string& key)
    {
        std::vector<int64_t> out;
        if (!has(key))
            return out;
        const auto& v = m_object.at(key);
        if (!v.is_array())
            bad("'" + path(key) + "' is not a list of whole numbers");
        for (const auto& x : v) {
            if (!x.is_number_unsigned())
                bad("'" + path(key) + "' holds something other than whole numbers >= 0");
            out.push_back(static_cast<int64_t>(std::min<uint64_t>(x.get<uint64_t>(), uint64_t(1) << 40)));
        }
        return out;
    }

private:
    const ordered_json& m_object;
    std::string m_where;
    std::vector<std::string>* m_warnings;
    std::set<std::string> m_known;
};

ordered_json floatList(const std::vector<float>& values)
{
    ordered_json list = ordered_json::array();
    for (float v : values)
        list.push_back(static_cast<double>(v));
    return list;
}

// The layout a session's name gives (NCHW, NCL and NC all mean channels first: version 1 wrote
// NCHW for tensors of every rank), or nullopt for a name NormScope does not know.
std::optional<Layout> layoutNamed(std::string_view name)
{
    if (name == "NCHW" || name == "NCL" || name == "NC")
        return Layout::ChannelsFirst;
    if (name == "NHWC")
        return Layout::NHWC;
    if (name == "BTC")
        return Layout::BTC;
    return std::nullopt;
}

GeneratorSpec readGenerator(const ordered_json& object, Layout layout, std::vector<std::string>* warnings)
{
    Reader r(object, "source.generator", warnings);
    GeneratorSpec spec;
    const std::string key = r.text("kind", "normal");
    const auto kind = parseGeneratorKind(key);
    if (!kind)
        bad("'source.generator.kind' is '" + key + "', which is no generator NormScope has");
    spec.kind = *kind;
    try {
        // In the layout's order, as --shape reads it: a (B, T, C) shape is [B, T, C].
        spec.shape = Shape::fromUserDims(r.dims("shape"), layout);
    } catch (const NormError& e) {
        bad("'source.generator.shape': " + std::string(e.what()));
    }
    spec.seed = r.unsignedInteger("seed", 0);
    const auto& infos = generatorInfo(*kind).params;
    for (const auto& info : infos)
        spec.params.push_back(info.defaultValue);
    if (r.has("params")) {
        Reader params(r.value("params"), "source.generator.params", warnings);
        for (size_t i = 0; i < infos.size(); ++i)
            spec.params[i] = params.number(infos[i].key, infos[i].defaultValue);
    }
    try {
        validateGeneratorSpec(spec);
    } catch (const NormError& e) {
        bad("'source.generator': " + std::string(e.what()));
    }
    return spec;
}

void readSource(Session& s, const ordered_json& object, Layout layout, std::vector<std::string>* warnings)
{
    Reader r(object, "source", warnings);
    const bool generator = r.has("generator");
    const bool files = r.has("files");
    if (generator == files)
        bad("'source' needs exactly one of 'generator' and 'files'");
    if (generator) {
        s.generator = readGenerator(r.value("generator"), layout, warnings);
        return;
    }
    const auto& list = r.value("files");
    if (!list.is_array() || list.empty())
        bad("'source.files' is not a list of files");
    for (size_t i = 0; i < list.size(); ++i) {
        Reader f(list[i], "source.files[" + std::to_string(i) + "]", warnings);
        SessionFile file;
        file.spec = f.text("path", {});
        if (file.spec.empty())
            bad("'" + f.path("path") + "' is missing");
        file.size = f.unsignedInteger("size", 0);
        file.sha256 = f.text("sha256", {});
        if (file.sha256.size() != 64 || file.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
            bad("'" + f.path("sha256") + "' is not 64 lowercase hex digits");
        s.files.push_back(std::move(file));
    }
    s.imageValues = r.text("image_values", "0-1");
    if (s.imageValues != "0-1" && s.imageValues != "0-255")
        bad("'source.image_values' is '" + s.imageValues + "', not 0-1 or 0-255");
}

void readLayer(Session& s, const ordered_json& object, std::vector<std::string>* warnings)
{
    Reader r(object, "layer", warnings);
    const std::string key = r.text("norm", "batch");
    const auto kind = parseNormKind(key);
    if (!kind)
        bad("'layer.norm' is '" + key + "', not batch, layer, instance, group or rms");
    NormConfig& c = s.config;
    c = NormConfig::defaults(*kind);
    if (r.has("eps") && r.value("eps").is_null()) { // RMSNorm's eps=None
        if (*kind != NormKind::Rms)
            bad("'layer.eps' is null, which only RMSNorm allows (eps=None)");
        c.eps = float32Eps;
        c.epsNone = true;
    } else if (r.has("eps")) {
        c.eps = r.number("eps", c.eps);
        c.epsNone = false;
    }
    if (c.eps < 0.0)
        bad("'layer.eps' is negative");
    if (r.has("momentum")) {
        if (r.value("momentum").is_null())
            c.momentum.reset();
        else
            c.momentum = r.number("momentum", 0.1);
    }
    c.affine = r.boolean("affine", c.affine);
    c.trackRunningStats = r.boolean("track_running_stats", c.trackRunningStats);
    c.training = r.boolean("training", c.training);
    c.groups = r.integer("groups", c.groups, 1, int64_t(1) << 40);
    c.normalizedShape = r.dims("normalized_shape");
}

void readAffine(Session& s, const ordered_json& object, std::vector<std::string>* warnings)
{
    Reader r(object, "gamma_beta", warnings);
    s.affine.gamma = r.number("gamma", 1.0);
    s.affine.beta = r.number("beta", 0.0);
    s.affine.perChannel = r.boolean("per_channel", false);
    s.affine.seed = r.unsignedInteger("seed", 0);
    s.weight = r.floats("weight");
    s.bias = r.floats("bias");
}

void readRunning(Session& s, const ordered_json& object, std::vector<std::string>* warnings)
{
    Reader r(object, "running", warnings);
    s.runningMean = r.floats("mean");
    s.runningVar = r.floats("var");
    if (s.runningMean.size() != s.runningVar.size())
        bad("'running.mean' and 'running.var' have different lengths");
    for (float v : s.runningVar) {
        if (v < 0.0f)
            bad("'running.var' holds a negative variance");
    }
    s.batchesFed = r.unsignedInteger("steps", 0);
    s.sourceSteps = r.unsignedInteger("steps_from_source", 0);
    if (s.sourceSteps > s.batchesFed)
        bad("'running.steps_from_source' is more than 'running.steps'");
}

void readView(Session& s, const ordered_json& object, std::vector<std::string>* warnings)
{
    Reader r(object, "view", warnings);
    s.selectedSet = r.integer("selected_set", 0, 0, INT64_MAX);
    s.camera.yaw = r.number("yaw", s.camera.yaw);
    s.camera.pitch = r.number("pitch", s.camera.pitch);
    s.camera.zoom = r.number("zoom", s.camera.zoom);
    if (s.camera.zoom <= 0.0)
        bad("'view.zoom' is not above 0");
    s.theme = r.text("theme", "light");
    if (s.theme != "light" && s.theme != "dark")
        bad("'view.theme' is '" + s.theme + "', not light or dark");
    s.language = r.text("language", "en");
    if (s.language != "en" && s.language != "zh_CN")
        bad("'view.language' is '" + s.language + "', not en or zh_CN");
    s.bins = static_cast<int>(r.integer("bins", 60, 10, 200));
    s.allSets = r.boolean("all_sets", false);
    s.overlay = r.boolean("overlay", false);
    s.logY = r.boolean("log_y", false);
}

} // namespace

std::string sessionToJson(const Session& s)
{
    ordered_json j;
    j["normscope_session"] = sessionVersion;
    ordered_json source;
    if (s.generator) {
        const GeneratorSpec& g = *s.generator;
        ordered_json generator;
        generator["kind"] = generatorInfo(g.kind).key;
        generator["shape"] = g.shape.userDims();
        generator["seed"] = g.seed;
        ordered_json params = ordered_json::object();
        const auto& infos = generatorInfo(g.kind).params;
        for (size_t i = 0; i < infos.size(); ++i)
            params[infos[i].key] = g.param(i);
        generator["params"] = params;
        source["generator"] = generator;
    } else {
        ordered_json files = ordered_json::array();
        for (const SessionFile& f : s.files)
            files.push_back({ { "path", f.spec }, { "size", f.size }, { "sha256", f.sha256 } });
        source["files"] = files;
        source["image_values"] = s.imageValues;
    }
    j["source"] = source;
    // A generator's shape carries its layout; files take the one the window read them in.
    j["layout"] = s.generator ? sessionLayoutName(s.generator->shape) : s.layout;

    const NormConfig& c = s.config;
    ordered_json layer;
    layer["norm"] = std::string(normKey(c.kind));
    layer["eps"] = c.epsNone ? ordered_json(nullptr) : ordered_json(c.eps);
    layer["momentum"] = c.momentum ? ordered_json(*c.momentum) : ordered_json(nullptr);
    layer["affine"] = c.affine;
    layer["track_running_stats"] = c.trackRunningStats;
    layer["training"] = c.training;
    layer["groups"] = c.groups;
    layer["normalized_shape"] = c.normalizedShape;
    j["layer"] = layer;

    j["gamma_beta"] = { { "gamma", s.affine.gamma }, { "beta", s.affine.beta }, { "per_channel", s.affine.perChannel },
        { "seed", s.affine.seed }, { "weight", floatList(s.weight) }, { "bias", floatList(s.bias) } };
    j["running"] = { { "mean", floatList(s.runningMean) }, { "var", floatList(s.runningVar) },
        { "steps", s.batchesFed }, { "steps_from_source", s.sourceSteps } };
    j["view"] = { { "selected_set", s.selectedSet }, { "yaw", s.camera.yaw }, { "pitch", s.camera.pitch },
        { "zoom", s.camera.zoom }, { "theme", s.theme }, { "language", s.language }, { "bins", s.bins },
        { "all_sets", s.allSets }, { "overlay", s.overlay }, { "log_y", s.logY } };
    return j.dump(2) + "\n";
}

Session sessionFromJson(const std::string& text, std::vector<std::string>* warnings)
{
    ordered_json j;
    try {
        j = ordered_json::parse(text);
    } catch (const ordered_json::exception& e) {
        bad(std::string("it is not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("normscope_session"))
        bad("it has no 'normscope_session' version");
    std::vector<std::string> collected;
    Session s;
    {
        Reader r(j, "", &collected);
        const int64_t version = r.integer("normscope_session", 0, 1, INT64_MAX);
        if (version > sessionVersion)
            throw NormError("this session was saved by a newer NormScope (session version " + std::to_string(version)
                + "); this one reads version " + std::to_string(sessionVersion) + " and older");
        s.layout = r.text("layout", "NCHW");
        const std::optional<Layout> layout = layoutNamed(s.layout);
        if (!layout)
            bad("'layout' is '" + s.layout + "', not NCHW, NHWC, NCL, BTC or NC");
        readSource(s, r.value("source"), *layout, &collected);
        if (s.generator)
            s.layout = sessionLayoutName(s.generator->shape);
        readLayer(s, r.value("layer"), &collected);
        if (r.has("gamma_beta"))
            readAffine(s, r.value("gamma_beta"), &collected);
        if (r.has("running"))
            readRunning(s, r.value("running"), &collected);
        if (r.has("view"))
            readView(s, r.value("view"), &collected);
    }
    if (warnings)
        warnings->insert(warnings->end(), collected.begin(), collected.end());
    return s;
}

namespace {

bool sameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

bool sameGenerator(const std::optional<GeneratorSpec>& a, const std::optional<GeneratorSpec>& b)
{
    if (!a || !b)
        return !a && !b;
    return a->kind == b->kind && a->shape == b->shape && a->seed == b->seed && a->params == b->params;
}

bool sameConfig(const NormConfig& a, const NormConfig& b)
{
    return a.kind == b.kind && a.eps == b.eps && a.epsNone == b.epsNone && a.momentum == b.momentum
        && a.affine == b.affine && a.trackRunningStats == b.trackRunningStats && a.training == b.training
        && a.groups == b.groups && a.normalizedShape == b.normalizedShape;
}

} // namespace

bool operator==(const Session& a, const Session& b)
{
    return sameGenerator(a.generator, b.generator) && a.files == b.files && a.imageValues == b.imageValues
        && a.layout == b.layout && sameConfig(a.config, b.config) && a.affine == b.affine
        && sameBits(a.weight, b.weight) && sameBits(a.bias, b.bias) && sameBits(a.runningMean, b.runningMean)
        && sameBits(a.runningVar, b.runningVar) && a.batchesFed == b.batchesFed && a.sourceSteps == b.sourceSteps
        && a.selectedSet == b.selectedSet && a.camera == b.camera && a.theme == b.theme && a.language == b.language
        && a.bins == b.bins && a.allSets == b.allSets && a.overlay == b.overlay && a.logY == b.logY;
}

std::string sessionLayoutName(const Shape& shape)
{
    std::string name = layoutKey(shape.layout, shape.rank);
    for (char& ch : name)
        ch = static_cast<char>(ch - 'a' + 'A');
    return name;
}

Layout sessionLayout(const Session& session, int rank)
{
    const Layout layout = layoutNamed(session.layout).value_or(Layout::ChannelsFirst);
    const std::vector<Layout> fitting = layoutsForRank(rank);
    if (std::find(fitting.begin(), fitting.end(), layout) == fitting.end())
        throw NormError("the session reads its tensor as " + layoutTitle(layout, layout == Layout::NHWC ? 4 : 3)
            + ", which needs a " + (layout == Layout::NHWC ? "4" : "3") + "-D array, but the file holds a "
            + std::to_string(rank) + "-D one");
    return layout;
}

Session readSessionFile(const std::string& path, std::vector<std::string>* warnings)
{
    const InputFile file(path);
    if (file.size() > maxSessionBytes)
        throw NormError(file.name() + " is " + std::to_string(file.size() >> 20) + " MiB: too large for a session");
    std::string text(file.size(), '\0');
    file.read(0, text);
    try {
        return sessionFromJson(text, warnings);
    } catch (const NormError& e) {
        throw NormError(file.name() + ": " + e.what());
    }
}

void writeSessionFile(const std::string& path, const Session& session)
{
    const std::string text = sessionToJson(session);
    OutputFile out(path);
    out.write(text);
    out.commit();
}

} // namespace normscope
