#include "hwnas/hurricane/two_stage_search.hpp"

#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/core.h>

#include "hwnas/arch/encoding.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/hurricane/reachability.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::hurricane {
namespace {

// (unit, layer) of each global layer index.
std::vector<std::pair<int, int>> positions(const space::Space& space) {
  std::vector<std::pair<int, int>> p;
  for (std::size_t u = 0; u < space.units.size(); ++u) {
    for (int l = 0; l < space.units[u].max_layers; ++l) p.emplace_back(static_cast<int>(u), l);
  }
  return p;
}

struct Scored {
  double latency = 0;
  double accuracy = std::numeric_limits<double>::quiet_NaN();  // NaN: violates the constraint
};

StageResult run_stage(const space::Space& stage, int number, const std::vector<int>& active, OneShot& one_shot,
                      metric::MetricSource& latency, double bound, const TwoStageOptions& o) {
  const auto log = [&](const std::string& line) {
    if (o.log) o.log(line);
  };
  check_reachable(stage, latency, bound, fmt::format("stage {}", number));
  StageResult r;
  r.stage = number;
  r.active = active;
  log(fmt::format("stage {}: training the supernet over {} active layers", number, active.size()));
  r.training = one_shot.train(stage);
  log(fmt::format("stage {}: {} iterations, loss {:.4f}, {:.1f} s", number, r.training.iterations, r.training.final_loss,
                  r.training.seconds));

  search::Problem problem;
  problem.objectives.push_back({"accuracy:supernet", search::Sense::maximise});
  problem.constraints.push_back({latency.spec(), search::Bound::at_most, bound});
  search::SposEvolution evolution(stage, problem, o.evolution, o.seed + static_cast<std::uint64_t>(number));
  const std::size_t max_proposals =
      o.max_proposals > 0 ? o.max_proposals : 20u * static_cast<std::size_t>(o.generations * o.evolution.population);
  std::unordered_map<std::string, Scored> seen;
  double best = -1;
  for (std::size_t proposals = 0; evolution.generation() < o.generations && proposals < max_proposals;) {
    const std::vector<arch::Architecture> batch = evolution.ask();
    proposals += batch.size();
    // Latency first: only paths that meet the constraint are scored on data (SPOS rejects the rest).
    std::vector<arch::Architecture> fresh;
    for (const auto& a : batch) {
      if (!seen.contains(arch::to_canonical(stage, a))) fresh.push_back(a);
    }
    const auto lat = latency.evaluate(stage, fresh);
    std::vector<arch::Architecture> feasible;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
      if (!lat[i]) throw InputError(fmt::format("{} gave no value for {}", latency.spec(), arch::to_canonical(stage, fresh[i])));
      seen[arch::to_canonical(stage, fresh[i])].latency = *lat[i];
      if (*lat[i] <= bound) feasible.push_back(fresh[i]);
    }
    r.evaluated += fresh.size();
    const auto acc = one_shot.validate(feasible);
    r.scored += feasible.size();
    for (std::size_t i = 0; i < feasible.size(); ++i) seen[arch::to_canonical(stage, feasible[i])].accuracy = acc[i];

    std::vector<search::Trial> trials;
    for (const auto& a : batch) {
      search::Trial t;
      t.arch = a;
      t.canonical = arch::to_canonical(stage, a);
      const Scored& s = seen.at(t.canonical);
      t.constraints = {s.latency};
      t.objectives = {s.accuracy};
      t.violation = search::relative_violation(problem.constraints.front(), s.latency);
      t.status = std::isnan(s.accuracy) ? search::TrialStatus::infeasible : search::TrialStatus::feasible;
      t.minimised = {std::isnan(s.accuracy) ? std::numeric_limits<double>::infinity() : -s.accuracy};
      t.generation = evolution.generation();
      if (t.feasible() && s.accuracy > best) {
        best = s.accuracy;
        r.winner = a;
        r.accuracy = s.accuracy;
        r.latency = s.latency;
      }
      trials.push_back(std::move(t));
    }
    const int before = evolution.generation();
    evolution.tell(trials);
    if (evolution.generation() > before) {
      log(fmt::format("stage {}: generation {}/{}, best {:.2f}% at {:.4g} {} ({} paths, {} scored)", number,
                      evolution.generation(), o.generations, r.accuracy, r.latency, latency.unit(), r.evaluated, r.scored));
    }
  }
  r.generations = evolution.generation();
  if (best < 0) {
    throw UnreachableConstraint(fmt::format("stage {}: no path meeting {}<={:.6g} was found in {} proposals", number,
                                            latency.spec(), bound, r.evaluated));
  }
  return r;
}

}  // namespace

std::vector<std::vector<int>> stage_layers(int layers, int t) {
  if (t < 0 || t >= layers) throw InputError(fmt::format("--t: between 0 and {} (the space has {} layers), got {}", layers - 1, layers, t));
  std::vector<int> later, earlier;
  for (int i = t; i < layers; ++i) later.push_back(i);
  for (int i = 0; i < t; ++i) earlier.push_back(i);
  if (t == 0) return {later};
  return {later, earlier};
}

space::Space stage_space(const space::Space& space, const arch::Architecture& winner, const std::vector<int>& active,
                         int stage) {
  arch::validate(space, winner);
  space::Space s = space;
  s.name = fmt::format("{}-stage{}", space.name, stage);
  s.derived_from = space::original_of(space);
  const auto pos = positions(space);
  std::vector<bool> is_active(pos.size(), false);
  for (int i : active) is_active[static_cast<std::size_t>(i)] = true;
  for (std::size_t i = 0; i < pos.size(); ++i) {
    if (is_active[i]) continue;
    const auto [u, l] = pos[i];
    const auto& blocks = winner.units[static_cast<std::size_t>(u)].blocks;
    if (static_cast<std::size_t>(l) >= blocks.size()) {
      throw InputError(fmt::format("stage {}: the winner has no layer {} (two-stage search needs fixed-depth units)", stage, i + 1));
    }
    s.units[static_cast<std::size_t>(u)].layer_blocks[static_cast<std::size_t>(l)] = {blocks[static_cast<std::size_t>(l)]};
  }
  return s;
}

TwoStageResult two_stage_search(const space::Space& space, const arch::Architecture& initial_winner, OneShot& one_shot,
                                metric::MetricSource& latency, double bound, const TwoStageOptions& options) {
  check_reachable(space, latency, bound, "");
  const auto stages = stage_layers(space.max_total_layers(), options.t);
  TwoStageResult result;
  arch::Architecture winner = initial_winner;
  for (std::size_t k = 0; k < stages.size(); ++k) {
    const space::Space stage = stage_space(space, winner, stages[k], static_cast<int>(k) + 1);
    StageResult r = run_stage(stage, static_cast<int>(k) + 1, stages[k], one_shot, latency, bound, options);
    winner = r.winner;
    result.iterations += r.training.iterations;
    result.stages.push_back(std::move(r));
    // The last stage's supernet holds the final winner's path: its test accuracy comes from there.
    if (k + 1 == stages.size()) result.test_accuracy = one_shot.test(winner);
  }
  result.winner = winner;
  result.validation_accuracy = result.stages.back().accuracy;
  result.latency = result.stages.back().latency;
  return result;
}

}  // namespace hwnas::hurricane
