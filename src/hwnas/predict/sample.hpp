// Training and test data: stored architectures with a stored target value, and the held-out split.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::predict {

struct Sample {
  arch::Architecture arch;
  std::string hash;  // store hash, identifies the network across stores
  double value = 0;  // target in its unit (ms for latency)
};

// Every architecture of the space with a value for the target, ordered by hash:
//   latency:<device key>  the device's ordinary measurements (median, in ms)
//   accuracy:<source>     the store's metric values of that source
// An unknown device or an empty result is an InputError naming the store and what it holds.
std::vector<Sample> load_samples(store::Store& store, const space::Space& space, const std::string& target);

// The device key of a latency target; empty for other targets.
std::string target_device_key(const std::string& target);

// A deterministic split: `holdout` networks, chosen by a seeded hash of their store hashes, are the
// test set; the train set is everything else, cut to at most train_limit (0: no limit) in the same
// seeded order. The same (samples, holdout, seed) always gives the same split.
struct Split {
  std::vector<Sample> train, test;
};
Split split_holdout(const std::vector<Sample>& samples, std::size_t holdout, std::uint64_t seed,
                    std::size_t train_limit = 0);

// The samples whose hash is (or is not) in `hashes`: evaluating on exactly the networks a
// predictor file records as held out.
std::vector<Sample> select_hashes(const std::vector<Sample>& samples, const std::vector<std::string>& hashes,
                                  bool keep);

}  // namespace hwnas::predict
