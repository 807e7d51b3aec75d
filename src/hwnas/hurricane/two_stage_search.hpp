// HURRICANE's two-stage constrained search (HURRICANE Algorithm 1). The initial winner is the top-1
// op of every layer. Stage 1 makes the later n − t layers active and fixes the earlier t to the
// winner's ops; it trains a one-shot supernet over that stage's space (uniform path sampling) and
// runs SPOS evolution under the latency constraint; its best path is the new winner. Stage 2 does
// the same for the earlier t layers with the later ones fixed. t = 0 is one stage over every layer:
// plain SPOS. A stage's space is the space itself with each fixed layer restricted to one candidate,
// so the evolution and supernet see an ordinary space.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hwnas/hurricane/one_shot.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/search/spos_evolution.hpp"

namespace hwnas::hurricane {

struct TwoStageOptions {
  int t = 8;  // earlier layers searched in stage 2
  int generations = 20;
  search::SposEvolutionSettings evolution;  // SPOS's: population 50, top 10, 25 + 25, p = 0.1
  // Evolution ends after this many proposals even if a generation is incomplete (small stage spaces
  // run out of new paths); 0: 20 × generations × population.
  std::size_t max_proposals = 0;
  std::uint64_t seed = 0;
  std::function<void(const std::string&)> log;  // one line per generation and stage
};

struct StageResult {
  int stage = 1;
  std::vector<int> active;  // 0-based global layer indices
  TrainingReport training;
  arch::Architecture winner;
  double accuracy = 0;  // validation, %
  double latency = 0;
  std::size_t evaluated = 0;  // distinct paths whose latency was evaluated
  std::size_t scored = 0;     // of which met the constraint and were scored on validation data
  int generations = 0;
};

struct TwoStageResult {
  std::vector<StageResult> stages;
  arch::Architecture winner;
  double validation_accuracy = 0;
  double test_accuracy = 0;
  double latency = 0;
  int iterations = 0;  // supernet training iterations over all stages
};

// Active layers per stage: t = 0 → {0..n-1}; else {t..n-1} then {0..t-1}. InputError unless 0 ≤ t < n.
std::vector<std::vector<int>> stage_layers(int layers, int t);

// The space with every layer outside `active` restricted to the winner's op there.
space::Space stage_space(const space::Space& space, const arch::Architecture& winner, const std::vector<int>& active,
                         int stage);

// Runs Algorithm 1. InputError (UnreachableConstraint) when no architecture of a stage's space can
// meet `latency <= bound`, naming the smallest reachable latency.
TwoStageResult two_stage_search(const space::Space& space, const arch::Architecture& initial_winner, OneShot& one_shot,
                                metric::MetricSource& latency, double bound, const TwoStageOptions& options);

}  // namespace hwnas::hurricane
