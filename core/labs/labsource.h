// Where the behaviour labs draw their batches from: a generator's population (batch k of a
// Population: the same per-channel and per-sample means and spreads, new noise) or batches loaded
// from files (fed in turn, as the explorer's Step feeds them). Both labs ask it for the batch fed
// at step k, the batch on screen, and single samples to assemble batches of any size.
#pragma once

#include "labs/labprogress.h"
#include "tensor/population.h"
#include "tensor/tensor.h"

#include <memory>
#include <optional>
#include <vector>

namespace normscope {

class LabSource {
public:
    // Validates the spec (throws NormError as generateTensor does).
    explicit LabSource(const GeneratorSpec& spec);
    // Batches of one shape, the first being the batch on screen. Throws NormError when empty or
    // when the shapes differ.
    explicit LabSource(std::vector<std::shared_ptr<const Tensor>> batches);

    bool generated() const { return m_population.has_value(); }
    // The shape of one batch (the batch on screen).
    const Shape& shape() const { return m_shape; }
    // Whether `other` gives the very same batches (the same spec, or the same loaded tensors).
    bool sameAs(const LabSource& other) const;

    // The batch on screen: batch 0 of the population, or the first loaded batch.
    Tensor screenBatch() const;
    // The batch fed at step k ≥ 1: batch k of the population (never the one on screen), or loaded
    // batch (k − 1) mod count, so a single file is fed again and again.
    Tensor fedBatch(uint64_t k) const;
    // Whether the batch on screen is among the fed batches (loaded data has no unseen batch).
    bool screenBatchIsFed() const { return !generated(); }
    // What each channel of a fed batch is drawn from: the population's mean and variance, or,
    // for loaded data, the mean and (biased) variance of all loaded values of the channel.
    const ChannelMoments& moments() const { return m_moments; }

    // Sample n of the batch on screen, as a batch of one.
    Tensor screenSample(int64_t n) const;
    // `count` random batch mates for the draw `draw`, as one tensor of `count` samples. Mate i of
    // a draw is the same whatever `count` and whichever sample they join, so the batches of
    // sizes 2, 4, ... of one draw share their first mates. Population mates are new samples of
    // random sample distributions (never a Step's noise); loaded mates are random samples of all
    // loaded batches, drawn with replacement.
    Tensor mates(uint64_t draw, int64_t count) const;

private:
    std::optional<Population> m_population;
    std::vector<std::shared_ptr<const Tensor>> m_batches;
    Shape m_shape;
    ChannelMoments m_moments;
};

} // namespace normscope
