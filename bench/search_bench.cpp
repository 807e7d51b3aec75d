// The search loop's own throughput: whole `hwnas search` runs in-process (ask, canonical text,
// cache, evaluation, tell, archive, hypervolume) with cheap metric sources, so the figure is the
// overhead a search adds on top of its predictors. Target (issue): ≥ 100,000 predictor-evaluated
// architectures per minute. Objectives: a linear latency predictor over per-layer block features
// (min) and real MACs from the IR (max, as an accuracy stand-in — a cost, not an accuracy);
// single-objective algorithms maximise MACs under predicted latency ≤ a bound.
#include <benchmark/benchmark.h>

#include <random>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/search_run.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

using namespace hwnas;

// A linear predictor over features: one fixed random weight per (unit, layer, block) plus a
// resolution term — the cost of a real linear/lookup-table latency predictor.
class LinearPredictor final : public metric::MetricSource {
 public:
  explicit LinearPredictor(const space::Space& space) {
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> w(0.05, 0.5);
    for (const auto& unit : space.units) {
      weights_.emplace_back();
      for (int l = 0; l < unit.max_layers; ++l) {
        weights_.back().emplace_back();
        for (std::size_t b = 0; b < space.blocks.size(); ++b) weights_.back().back().push_back(w(rng));
      }
    }
  }
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "ms"; }
  std::vector<std::optional<double>> evaluate_batch(const space::Space&,
                                                    std::span<const arch::Architecture> archs) override {
    std::vector<std::optional<double>> out;
    out.reserve(archs.size());
    for (const auto& a : archs) {
      double ms = 0;
      for (std::size_t u = 0; u < a.units.size(); ++u) {
        for (std::size_t l = 0; l < a.units[u].blocks.size(); ++l) {
          ms += weights_[u][l][static_cast<std::size_t>(a.units[u].blocks[l])];
        }
      }
      out.emplace_back(ms * (a.resolution / 224.0) * (a.resolution / 224.0));
    }
    return out;
  }

 private:
  std::string spec_ = "latency:pred:linear-bench";
  std::vector<std::vector<std::vector<double>>> weights_;
};

void BM_Search(benchmark::State& state, const std::string& algorithm) {
  const space::Space space = space::load_space("ofa-mbv3");
  const bool multi = algorithm == "random" || algorithm == "blockprofile-pareto" || algorithm == "nsga2";
  search::Problem problem;
  problem.objectives.push_back({"macs", search::Sense::maximise});
  if (multi) {
    problem.objectives.push_back({"latency:pred:linear-bench", search::Sense::minimise});
  } else {
    problem.constraints.push_back({"latency:pred:linear-bench", search::Bound::at_most, 2.0});
  }
  const auto budget = static_cast<std::size_t>(state.range(0));
  std::size_t evaluated = 0;
  std::uint64_t seed = 0;
  for (auto _ : state) {
    search::Evaluator evaluator(space, problem, [&](std::string_view spec) -> std::unique_ptr<metric::MetricSource> {
      if (spec == "latency:pred:linear-bench") return std::make_unique<LinearPredictor>(space);
      return metric::open_metric(spec);
    });
    auto algo = search::make_algorithm(algorithm, space, problem, seed++);
    search::SearchOptions options;
    options.budget = budget;
    search::SearchRun run(evaluator, *algo, options);
    while (run.step()) {
      benchmark::DoNotOptimize(run.progress());  // the CLI prints progress every generation
    }
    evaluated += evaluator.trials().size();
  }
  state.counters["archs_per_minute"] =
      benchmark::Counter(static_cast<double>(evaluated) * 60, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Search, random, std::string("random"))->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Search, blockprofile_pareto, std::string("blockprofile-pareto"))
    ->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Search, blockprofile_maxacc, std::string("blockprofile-maxacc"))
    ->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Search, ofa_evolution, std::string("ofa-evolution"))->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Search, spos_evolution, std::string("spos-evolution"))->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Search, nsga2, std::string("nsga2"))->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();
