#pragma once
/// @file detail/random.hpp
/// @brief The seeded random streams of the uncertainty and sensitivity analyses: SplitMix64 and
/// the counter-based stream_seed(), so a replication's draws depend on (seed, stream, index)
/// alone. Shared by uncertainty.hpp and sensitivity.hpp; not an API of its own.

#include <cstdint>

namespace countyleap {

/// SplitMix64, the generator of G. L. Steele, D. Lea & C. H. Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014, with the output function of S. Vigna's
/// reference splitmix64.c (Stafford's "Mix13" constants): the state advances by
/// γ = 0x9E3779B97F4A7C15 and each output is z ^= z >> 30, z *= 0xBF58476D1CE4E5B9,
/// z ^= z >> 27, z *= 0x94D049BB133111EB, z ^= z >> 31 of the new state. Seeded with 0 its
/// first outputs are 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
///
/// Defined by integer arithmetic alone, so every compiler and standard library gives the same
/// sequence (the distributions of the standard header \<random\> are not specified exactly and
/// differ between libraries).
class SplitMix64 {
 public:
  /// A generator whose state is `seed`.
  explicit SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}
  /// The next 64 random bits.
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// A uniform double in [0, 1): the top 53 bits of next() times 2⁻⁵³, so every multiple of
  /// 2⁻⁵³ in [0, 1) is equally likely.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

/// Independent random streams of one analysis (see stream_seed()).
enum class RandomStream : std::uint64_t {
  inputs = 1,       ///< a replication's uniform draws, one per vary entry
  weight_sets = 2,  ///< the noisy weight sets drawn in advance
  saltelli = 3,     ///< the rows of the Saltelli design matrices A and B
  bootstrap = 4     ///< the bootstrap resamples of the sensitivity indices
};

/// The starting state of the generator of item `index` of `stream` in an analysis seeded with
/// `seed`: mix(mix(mix(seed) + stream) + index), mix(x) being the first SplitMix64 output of
/// state x. A counter-based scheme: a replication's generator depends only on (seed, stream,
/// index), never on which thread ran it or what ran before, and since mix is a bijection two
/// indices of one stream never share a state.
inline std::uint64_t stream_seed(std::uint64_t seed, RandomStream stream, std::uint64_t index) noexcept {
  auto mix = [](std::uint64_t x) { return SplitMix64(x).next(); };
  return mix(mix(mix(seed) + static_cast<std::uint64_t>(stream)) + index);
}

}  // namespace countyleap
