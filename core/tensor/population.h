// Population: the distribution a generator draws from, so that running statistics have
// something to converge to. A GeneratorSpec fixes the population — its per-channel means and
// spreads (channel-shift), its N samples' means and spreads (sample-shift), the parameters of the
// others — and its seed; every batch drawn from it has new noise. Batch 0 is the tensor the
// window shows (generateTensor(spec)); a Step feeds batch 1, 2, ... as training feeds a data set.
//
// Samples are addressable: sample `slot` of draw `draw` has its own random stream, so the
// batch-size lab can assemble batches of any size from random samples with one sample held
// fixed, and a distribution shift can move the channel means from a chosen batch on.
#pragma once

#include "tensor/generators.h"
#include "tensor/tensor.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace normscope {

// One sample (C×H×W values) of a population: `slot` names its distribution (the per-sample
// mean and spread of sample-shift; the other generators treat every slot alike), `draw` its noise.
struct SampleId {
    uint64_t slot = 0;
    uint64_t draw = 0;
    bool operator==(const SampleId&) const = default;
};

// From batch `fromBatch` on, every channel's mean moves by `amount`: the data a model sees in
// deployment differs from what its running statistics were accumulated on.
struct PopulationShift {
    uint64_t fromBatch = 0;
    double amount = 0.0;
    bool operator==(const PopulationShift&) const = default;
    bool appliesTo(uint64_t batch) const { return amount != 0.0 && batch >= fromBatch; }
};

// The expected mean and variance of one element of channel c, over the noise and (for
// sample-shift) over the spec's N samples: where running_mean and running_var converge.
struct ChannelMoments {
    std::vector<double> mean;
    std::vector<double> var;
};

class Population {
public:
    // Validates the spec (throws NormError as generateTensor does).
    explicit Population(const GeneratorSpec& spec, const PopulationShift& shift = {});

    const GeneratorSpec& spec() const { return m_spec; }
    const Shape& shape() const { return m_spec.shape; }
    const PopulationShift& shift() const { return m_shift; }

    // Batch k of the spec's shape: sample n is SampleId { n, k }. Batch 0 is generateTensor(spec).
    Tensor batch(uint64_t k) const;
    // A batch made of exactly these samples, in order; the shift applies as to batch k.
    Tensor batchOf(const std::vector<SampleId>& members, uint64_t k) const;
    // `size` samples drawn at random from the population by the random stream `draw`: each a
    // random one of the spec's N sample distributions with noise never used by batch(k). When
    // `first` is given it is member 0, the same values whatever `size` and `draw`.
    std::vector<SampleId> randomMembers(int64_t size, uint64_t draw, std::optional<SampleId> first = {}) const;

    // Per-channel moments of an element of batch k (the shift included when it applies).
    ChannelMoments channelMoments(uint64_t k = 0) const;

private:
    struct Spread {
        double mean = 0.0;
        double std = 1.0;
    };
    // Sample-shift: the mean and spread of slot `slot`, from the slot's own stream.
    Spread slotSpread(uint64_t slot) const;
    void fillSample(float* out, const SampleId& id, double offset) const;

    GeneratorSpec m_spec;
    PopulationShift m_shift;
    std::vector<Spread> m_channels; // channel-shift: one per channel
};

} // namespace normscope
