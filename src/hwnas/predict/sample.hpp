// Training and test data: stored architectures with a stored target value, and the held-out split.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/predict/predictor.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::predict {

struct Sample {
  arch::Architecture arch;
  std::string hash;  // store hash, identifies the network across stores
  double value = 0;  // target in its unit (ms for latency)
  bool compensated = false;  // a latency's drift-compensated median (measure --compensate)
  // latency:<device key> targets: the benchmark tool's per-layer rows stored with the measurement.
  std::vector<store::LayerLatencyRecord> layers;
};

// "compensated", "raw", or "compensated for N of M" for latency samples; "" for none.
std::string latency_statistic(const std::vector<Sample>& samples);

// Every architecture of the space with a value for the target, ordered by hash:
//   latency:<device key>  the device's ordinary measurements, in ms: the drift-compensated median
//                         where one is stored, else the median
//   latency:<device key>:raw  the median of the raw runs, always
//   latency-min:<k1>,<k2>,...  the networks measured in every one of these sessions (device keys),
//                         each with its lowest median: on a shared machine other jobs only ever slow
//                         a run, so the lowest of repeated medians is the closest to the network's own
//   accuracy:<source>     the store's metric values of that source
// An unknown device or an empty result is an InputError naming the store and what it holds.
//
// max_drift > 0 keeps only latencies measured while the machine was itself: the reference checks
// taken just before and just after the measurement (hwnas measure's drift monitor) are both within
// (1 + max_drift) of the fastest reference check of that device. On a machine shared with other
// jobs this removes the networks timed while something else held the core — decided by the
// reference network alone, never by a predictor.
std::vector<Sample> load_samples(store::Store& store, const space::Space& space, const std::string& target,
                                 double max_drift = 0);

// The device key of a latency target (the first session's for latency-min); empty for other targets.
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

// The samples a predictor is scored on, out of those loaded from `store_url`. On the store it was
// trained from, only the networks it held out, since its training networks would flatter it; `all`
// scores every one anyway, and without it a predictor trained with no hold-out is an InputError
// naming `file`. On another store (a second session) none of them was trained on: all are scored.
std::vector<Sample> scoring_samples(const Provenance& provenance, std::vector<Sample> samples,
                                    const std::string& store_url, bool all, const std::string& file);

}  // namespace hwnas::predict
