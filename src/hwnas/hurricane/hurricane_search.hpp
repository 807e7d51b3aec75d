// HURRICANE's Algorithm 1 end to end on Fashion-MNIST: the constraint checked reachable before any
// training, the initial winner (the top-1 operator of every layer, lines 1–3), then the two-stage
// one-shot search (two_stage_search.hpp) with SPOS's evolution scaled to the population asked for.
// The result's JSON form is documented in docs/hurricane.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "hwnas/hurricane/one_shot.hpp"
#include "hwnas/hurricane/two_stage_search.hpp"

namespace hwnas::hurricane {

struct HurricaneSearchSettings {
  int t = 8;            // layers searched in stage 2
  double alpha = 0;     // eq. 2's weight of the latency score when ranking the initial winner
  int generations = 20;
  int population = 50;  // SPOS: top population/5 kept, population/2 mutations and crossovers
  SupernetOptions supernet;
  FashionMnistSplit split;
  std::string data = kFashionMnistDir;
  std::uint64_t seed = 0;
  std::function<void(const arch::Architecture&)> on_initial_winner;  // before the long part starts
  std::function<void(const std::string&)> log;                      // one line per generation and stage
};

// SPOS's evolution (population 50: top 10, 25 mutations + 25 crossovers) at another population.
search::SposEvolutionSettings spos_evolution_for(int population);

// Throws InputError when no architecture of the space meets latency <= bound.
TwoStageResult hurricane_search(const space::Space& space, metric::MetricSource& latency, double bound,
                                const HurricaneSearchSettings& settings);

nlohmann::json hurricane_result_json(const space::Space& space, const TwoStageResult& result,
                                     const std::string& constraint, int t, std::uint64_t seed);

}  // namespace hwnas::hurricane
