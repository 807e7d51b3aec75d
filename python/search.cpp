// hwnas.search: the searches (search/, docs/search.md) over objectives and constraints whose
// metrics are hwnas specs or Python callables, driven as `hwnas search` drives them (ask,
// evaluate through the run's cache, tell) with the same seed giving the same run.
#include "bindings.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>

#include <fmt/core.h>
#include <pybind11/stl.h>

#include "hwnas/reduce/rules.hpp"
#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/front_file.hpp"
#include "hwnas/search/search_run.hpp"
#include "hwnas/space/with_resolution.hpp"

namespace hwnas::python {
namespace {

using Callables = std::map<std::string, py::function, std::less<>>;

// The spec of a metric given as a spec or a callable; a callable is added to `callables` under its name.
std::string metric_spec(py::handle metric, Callables& callables) {
  if (py::isinstance<py::str>(metric)) return metric.cast<std::string>();
  if (!PyCallable_Check(metric.ptr())) throw py::type_error("a metric is a spec (str) or a callable");
  const std::string spec = callable_spec(metric, callables.size());
  callables[spec] = metric.cast<py::function>();
  return spec;
}

// "max:macs" or ("max", spec or callable).
search::Objective objective(py::handle item, Callables& callables) {
  if (py::isinstance<py::str>(item)) return search::parse_objective(item.cast<std::string>());
  const auto pair = item.cast<py::tuple>();
  if (pair.size() != 2) throw py::type_error("an objective is 'max:SPEC' / 'min:SPEC' or a (sense, metric) pair");
  return search::parse_objective(pair[0].cast<std::string>() + ":" + metric_spec(pair[1], callables));
}

// "macs<=3e8" or (spec or callable, "<=" or ">=", value).
search::Constraint constraint(py::handle item, Callables& callables) {
  if (py::isinstance<py::str>(item)) return search::parse_constraint(item.cast<std::string>());
  const auto triple = item.cast<py::tuple>();
  if (triple.size() != 3) throw py::type_error("a constraint is 'SPEC<=VALUE' or a (metric, '<=' | '>=', value) triple");
  return search::parse_constraint(fmt::format("{}{}{}", metric_spec(triple[0], callables), triple[1].cast<std::string>(),
                                              py::repr(triple[2]).cast<std::string>()));
}

py::dict progress_dict(const search::Progress& p) {
  py::dict d;
  d["generation"] = p.generation;
  d["evaluated"] = p.evaluated;
  d["budget"] = p.budget;
  d["feasible"] = p.feasible;
  d["front_size"] = p.front_size;
  d["best"] = p.best;
  d["hypervolume"] = p.hypervolume;
  return d;
}

nlohmann::json trials_json(const std::vector<search::Trial>& trials) {
  const auto values = [](const std::vector<double>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (double x : v) out.push_back(std::isnan(x) ? nlohmann::json() : nlohmann::json(x));
    return out;
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : trials) {
    out.push_back({{"arch", t.canonical}, {"objectives", values(t.objectives)}, {"constraints", values(t.constraints)},
                   {"status", search::to_string(t.status)}, {"generation", t.generation}});
  }
  return out;
}

struct SearchArgs {
  std::string algorithm;
  std::size_t budget = 0;
  int generations = 0;
  std::optional<int> resolution;
  std::uint64_t seed = 0;
  std::string rules;
  std::string db;
  std::vector<std::string> hv_box;
  std::size_t feasibility_tries = 1000;
  std::optional<std::string> out;
};

py::object run_search(const SpacePtr& original, py::object objectives, py::object constraints, py::object metrics,
                      const SearchArgs& a, py::object progress) {
  if ((a.budget > 0) == (a.generations > 0)) throw InputError("give one of budget=N (distinct evaluations) or generations=G");
  // A reduced space (rules) is the original transformed before the search sees it.
  search::AlgorithmOptions algorithm_options;
  auto space = std::make_shared<space::Space>(*original);
  if (!a.rules.empty()) {
    const reduce::RuleSet rules = reduce::load_rules(a.rules);
    *space = reduce::apply_rules(*space, rules);
    algorithm_options.unit_mutation_probabilities = rules.unit_mutation;
  }
  if (a.resolution) *space = space::with_resolution(std::move(*space), *a.resolution);

  Callables callables;
  if (!metrics.is_none()) {
    for (const auto& [name, function] : metrics.cast<py::dict>()) callables[name.cast<std::string>()] = function.cast<py::function>();
  }
  search::Problem problem;
  for (const auto& o : objectives) problem.objectives.push_back(objective(o, callables));
  for (const auto& c : constraints) problem.constraints.push_back(constraint(c, callables));
  const metric::MetricContext context{a.db, false, false};
  search::Evaluator evaluator(*space, problem, [&](std::string_view spec) -> std::unique_ptr<metric::MetricSource> {
    if (const auto found = callables.find(spec); found != callables.end()) {
      return python_metric(std::string(spec), found->second, space);
    }
    return metric::open_metric(spec, context);
  });
  auto algorithm = search::make_algorithm(a.algorithm, *space, problem, a.seed, algorithm_options);
  search::SearchOptions options;
  options.budget = a.generations > 0 ? std::numeric_limits<std::size_t>::max() / 64 : a.budget;
  options.generations = a.generations;
  options.feasibility_tries = a.feasibility_tries;
  if (!a.hv_box.empty()) options.box = search::parse_hv_box(problem.objectives, a.hv_box);
  search::SearchRun run(evaluator, *algorithm, options);

  nlohmann::json result;
  {
    py::gil_scoped_release release;
    while (run.step()) {
      check_interrupt();
      if (!progress.is_none()) {
        py::gil_scoped_acquire gil;
        progress(progress_dict(run.progress()));
      }
    }
    const search::RunInfo info{space->name, a.algorithm, a.seed, a.budget, a.generations, problem,
                               evaluator.objective_units(), run.box(), run.box_given() ? "given" : "first generation"};
    const auto& trials = evaluator.trials();
    const std::vector<std::size_t> front = run.front();
    result = search::front_json(info, trials, front, trials.size());
    if (a.out) {
      const std::filesystem::path out(*a.out);
      std::filesystem::create_directories(out);
      std::vector<std::size_t> all(trials.size());
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
      search::write_trials_csv(out / "evaluated.csv", info, trials, all);
      search::write_trials_csv(out / "front.csv", info, trials, front);
      search::write_atomically(out / "front.json", result.dump(2) + "\n");
    }
    constexpr const char* kStopReasons[] = {"budget", "generations", "stalled"};
    result["stop_reason"] = kStopReasons[static_cast<int>(run.stop_reason())];
    result["trials"] = trials_json(trials);
  }
  return to_python(result);
}

}  // namespace

void bind_search(py::module_& m) {
  m.def(
      "search",
      [](const SpacePtr& space, py::object objectives, py::object constraints, const std::string& algo,
         std::optional<std::size_t> budget, std::optional<int> generations, std::optional<int> resolution,
         std::uint64_t seed, py::object metrics, const std::string& rules, const std::string& db,
         std::vector<std::string> hv_box, std::size_t feasibility_tries, std::optional<std::string> out,
         py::object progress) {
        SearchArgs a{algo, budget.value_or(0), generations.value_or(0), resolution, seed, rules, db, std::move(hv_box),
                     feasibility_tries, out};
        return run_search(space, objectives, constraints, metrics, a, progress);
      },
      py::arg("space"), py::arg("objectives"), py::arg("constraints") = py::tuple(), py::kw_only(),
      py::arg("algo") = "nsga2", py::arg("budget") = py::none(), py::arg("generations") = py::none(),
      py::arg("resolution") = py::none(), py::arg("seed") = 0, py::arg("metrics") = py::none(), py::arg("rules") = "",
      py::arg("db") = "", py::arg("hv_box") = std::vector<std::string>{}, py::arg("feasibility_tries") = 1000,
      py::arg("out") = py::none(), py::arg("progress") = py::none(),
      "Searches a space for its Pareto front (or best architecture), as `hwnas search` does with the same\n"
      "options and seed (docs/search.md). Give budget=N (distinct architectures evaluated) or\n"
      "generations=G.\n\n"
      "objectives: 'max:SPEC' / 'min:SPEC', or (sense, metric) pairs where metric is a spec or a Python\n"
      "callable f(archs: list[Arch]) -> list[float | None], e.g. ('max', my_accuracy_proxy).\n"
      "constraints: 'SPEC<=VALUE' / 'SPEC>=VALUE', or (metric, '<=' | '>=', value) triples.\n"
      "metrics={'name': callable} names callables that specs then use ('max:name', 'name<=0.5').\n"
      "algo: random, blockprofile-pareto, blockprofile-maxacc, ofa-evolution, spos-evolution, nsga2\n"
      "(hwnas.algorithms()). rules: a reduction preset or file; resolution: search at that one only.\n"
      "progress(dict) is called after every generation; Ctrl-C stops the run. The GIL is released\n"
      "except while your callables run.\n\n"
      "Returns front.json's content ('points': [{'arch', 'values', 'index'}], 'hypervolume', ...) plus\n"
      "'stop_reason' and 'trials' (every evaluated architecture: arch, objectives, constraints, status,\n"
      "generation). out=DIR also writes evaluated.csv, front.csv and front.json there.");
  m.def("algorithms", &search::algorithm_names, "Names of the search algorithms.");
}

}  // namespace hwnas::python
