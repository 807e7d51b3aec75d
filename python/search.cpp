// hwnas.search: the searches (search/, docs/search.md) over objectives and constraints whose
// metrics are hwnas specs or Python callables, driven as `hwnas search` drives them (ask,
// evaluate through the run's cache, tell) with the same seed giving the same run.
#include "bindings.hpp"

#include <cmath>
#include <map>

#include <fmt/core.h>
#include <pybind11/stl.h>

#include "hwnas/reduce/search_space.hpp"
#include "hwnas/search/algorithm.hpp"
#include "hwnas/search/search_job.hpp"

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

// "max:macs" or ("max", spec or callable), as `--objective` text.
std::string objective(py::handle item, Callables& callables) {
  if (py::isinstance<py::str>(item)) return item.cast<std::string>();
  const auto pair = item.cast<py::tuple>();
  if (pair.size() != 2) throw py::type_error("an objective is 'max:SPEC' / 'min:SPEC' or a (sense, metric) pair");
  return pair[0].cast<std::string>() + ":" + metric_spec(pair[1], callables);
}

// "macs<=3e8" or (spec or callable, "<=" or ">=", value), as `--constraint` text.
std::string constraint(py::handle item, Callables& callables) {
  if (py::isinstance<py::str>(item)) return item.cast<std::string>();
  const auto triple = item.cast<py::tuple>();
  if (triple.size() != 3) throw py::type_error("a constraint is 'SPEC<=VALUE' or a (metric, '<=' | '>=', value) triple");
  return fmt::format("{}{}{}", metric_spec(triple[0], callables), triple[1].cast<std::string>(),
                     py::repr(triple[2]).cast<std::string>());
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

// What hwnas.search passes on: the request, and the options that shape the space and the metrics.
struct SearchArgs {
  std::string rules;
  std::string db;
  search::SearchRequest request;
};

py::object run_search(const SpacePtr& original, py::object objectives, py::object constraints, py::object metrics,
                      SearchArgs a, py::object progress) {
  if ((a.request.budget > 0) == (a.request.generations > 0)) {
    throw InputError("give one of budget=N (distinct evaluations) or generations=G");
  }
  reduce::SearchSpace reduced = reduce::search_space(*original, a.rules, a.request.resolution);
  const auto space = std::make_shared<space::Space>(std::move(reduced.space));

  Callables callables;
  if (!metrics.is_none()) {
    for (const auto& [name, function] : metrics.cast<py::dict>()) callables[name.cast<std::string>()] = function.cast<py::function>();
  }
  for (const auto& o : objectives) a.request.objectives.push_back(objective(o, callables));
  for (const auto& c : constraints) a.request.constraints.push_back(constraint(c, callables));
  const metric::MetricContext context{a.db, false, false};
  search::SearchJob job(*space, reduced.algorithm_options, a.request,
                        [&](std::string_view spec) -> std::unique_ptr<metric::MetricSource> {
                          if (const auto found = callables.find(spec); found != callables.end()) {
                            return python_metric(std::string(spec), found->second, space);
                          }
                          return metric::open_metric(spec, context);
                        });
  nlohmann::json result;
  {
    py::gil_scoped_release release;
    while (job.step()) {
      check_interrupt();
      if (!progress.is_none()) {
        py::gil_scoped_acquire gil;
        progress(progress_dict(job.progress()));
      }
    }
    result = job.finish().front_json;
    constexpr const char* kStopReasons[] = {"budget", "generations", "stalled"};
    result["stop_reason"] = kStopReasons[static_cast<int>(job.stop_reason())];
    result["trials"] = trials_json(job.trials());
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
         std::vector<std::string> hv_box, std::size_t feasibility_tries, std::optional<std::string> out, bool resume,
         py::object progress) {
        SearchArgs a{rules, db, {}};
        a.request.algorithm = algo;
        a.request.budget = budget.value_or(0);
        a.request.generations = generations.value_or(0);
        a.request.resolution = resolution;
        a.request.seed = seed;
        a.request.hv_box = std::move(hv_box);
        a.request.feasibility_tries = feasibility_tries;
        a.request.out = out.value_or("");
        a.request.resume = resume;
        return run_search(space, objectives, constraints, metrics, std::move(a), progress);
      },
      py::arg("space"), py::arg("objectives"), py::arg("constraints") = py::tuple(), py::kw_only(),
      py::arg("algo") = "nsga2", py::arg("budget") = py::none(), py::arg("generations") = py::none(),
      py::arg("resolution") = py::none(), py::arg("seed") = 0, py::arg("metrics") = py::none(), py::arg("rules") = "",
      py::arg("db") = "", py::arg("hv_box") = std::vector<std::string>{}, py::arg("feasibility_tries") = 1000,
      py::arg("out") = py::none(), py::arg("resume") = false, py::arg("progress") = py::none(),
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
      "generation). out=DIR checkpoints the run to DIR/checkpoint.json after every generation and writes\n"
      "evaluated.csv, front.csv and front.json there at the end; resume=True continues the run\n"
      "checkpointed in out (interrupted by Ctrl-C or an exception), as `hwnas search --resume` does: the\n"
      "same arguments then give the result of an uninterrupted run.");
  m.def("algorithms", &search::algorithm_names, "Names of the search algorithms.");
}

}  // namespace hwnas::python
