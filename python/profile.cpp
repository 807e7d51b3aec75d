// hwnas.profile: BlockProfile's block profiling (profile/, docs/profiling.md) over metric specs and
// Python callables, as `hwnas profile` runs it: the same options and seed give the same estimates.
#include "bindings.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <pybind11/stl.h>

#include "hwnas/profile/profile_io.hpp"
#include "hwnas/profile/profile_job.hpp"
#include "hwnas/report/profile_report.hpp"

namespace hwnas::python {
namespace {

// One source per item of `metrics`: a spec, a callable, or a (name, callable) pair.
std::vector<std::unique_ptr<metric::MetricSource>> open_sources(const SpacePtr& space, const py::object& metrics,
                                                                const metric::MetricContext& context) {
  std::vector<std::unique_ptr<metric::MetricSource>> sources;
  const py::list items = py::isinstance<py::str>(metrics) || PyCallable_Check(metrics.ptr()) ? py::list(py::make_tuple(metrics))
                                                                                             : py::list(metrics);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const py::handle item = items[i];
    if (py::isinstance<py::str>(item)) {
      sources.push_back(metric::open_metric(item.cast<std::string>(), context));
    } else if (py::isinstance<py::tuple>(item) && py::len(item) == 2) {
      const auto pair = item.cast<py::tuple>();
      sources.push_back(python_metric(pair[0].cast<std::string>(), pair[1].cast<py::function>(), space));
    } else if (PyCallable_Check(item.ptr())) {
      sources.push_back(python_metric(callable_spec(item, i), item.cast<py::function>(), space));
    } else {
      throw py::type_error("metrics: each item is a metric spec (str), a callable, or a (name, callable) pair");
    }
  }
  return sources;
}

py::dict progress_dict(const profile::Progress& p) {
  py::dict d;
  d["metric"] = p.metric;
  d["resolution"] = p.resolution;
  d["evaluated"] = p.evaluated;
  d["total"] = p.total;
  d["cells_done"] = p.cells_done;
  d["cells_total"] = p.cells_total;
  d["elapsed_s"] = p.elapsed_s;
  d["eta_s"] = p.eta_s;
  return d;
}

py::object run_profile(const SpacePtr& space, py::object metrics, profile::ProfileOptions options, const std::string& db,
                       bool measure_missing, bool compensate, std::optional<std::string> out, bool report,
                       py::object progress) {
  const metric::MetricContext context{db, measure_missing, compensate};
  std::vector<std::unique_ptr<metric::MetricSource>> sources = open_sources(space, metrics, context);
  std::vector<metric::MetricSource*> pointers;
  std::vector<std::string> specs;
  for (const auto& s : sources) {
    pointers.push_back(s.get());
    specs.push_back(s->spec());
  }
  options.progress = [&progress](const profile::Progress& p) {
    check_interrupt();
    if (progress.is_none()) return;
    py::gil_scoped_acquire gil;
    progress(progress_dict(p));
  };
  profile::ProfileResult result;
  {
    py::gil_scoped_release release;
    const std::string command = fmt::format("python: hwnas.profile(space='{}', metrics=[{}], design='{}', samples={}, seed={})",
                                            space->name, fmt::join(specs, ", "), profile::to_string(options.design),
                                            options.samples, options.seed);
    result = profile::profile_and_save(*space, pointers, options, command, out.value_or(""));
    if (out && report) report::write_profile_report(result, std::filesystem::path(*out) / "report");
  }
  return to_python(profile::to_json(result));
}

}  // namespace

void bind_profile(py::module_& m) {
  m.def(
      "profile",
      [](const SpacePtr& space, py::object metrics, int samples, const std::string& design, const std::string& depth_rule,
         std::vector<int> resolutions, std::vector<double> taus, std::uint64_t seed, int bootstrap, std::size_t batch,
         const std::string& db, bool measure_missing, bool compensate, std::optional<std::string> out, bool report,
         py::object progress) {
        profile::ProfileOptions options;
        options.design = profile::parse_design(design);
        options.depth_rule = arch::parse_depth_rule(depth_rule);
        options.samples = samples;
        options.resolutions = std::move(resolutions);
        options.taus = std::move(taus);
        options.seed = seed;
        options.bootstrap = bootstrap;
        options.batch = batch;
        return run_profile(space, metrics, std::move(options), db, measure_missing, compensate, out, report, progress);
      },
      py::arg("space"), py::arg("metrics"), py::kw_only(), py::arg("samples") = 1000, py::arg("design") = "paired",
      py::arg("depth_rule") = "uniform", py::arg("resolutions") = std::vector<int>{},
      py::arg("taus") = std::vector<double>{0.05, 0.95}, py::arg("seed") = 0, py::arg("bootstrap") = 200,
      py::arg("batch") = 1024, py::arg("db") = "", py::arg("measure_missing") = false, py::arg("compensate") = false,
      py::arg("out") = py::none(), py::arg("report") = false, py::arg("progress") = py::none(),
      "BlockProfile's block profile (docs/profiling.md), as `hwnas profile` computes it: for every unit u,\n"
      "layer l and block b, E[M(A_{u,l,b})], M_ulb = E[M(A_{u,l,b})] - E[M(A)], tau-quantile effects, and M_b\n"
      "(mean over locations), each with a 95% interval.\n\n"
      "metrics: metric specs ('macs', 'latency:sim:midap', 'latency:pred:FILE', ...), Python callables\n"
      "f(archs: list[Arch]) -> list[float | None] (named by __name__, 'python:<i>' for a lambda), or\n"
      "(name, callable) pairs; a single spec or callable works too. A callable gets up to `batch`\n"
      "architectures per call (None or NaN: no value). progress(dict) is called after every batch; Ctrl-C\n"
      "stops the run. The GIL is released except while your callables run.\n\n"
      "Returns profile.json's content as a dict: 'profiles' (one per metric and resolution) with\n"
      "'baseline', 'cells' and 'blocks' (M_b: [{'code', 'mean': {'value', 'lo', 'hi', 'n'}, 'locations'}]).\n"
      "out=DIR also writes profile.json, cells.csv and blocks.csv there (report=True: the HTML report).");
}

}  // namespace hwnas::python
