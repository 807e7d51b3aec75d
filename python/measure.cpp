// hwnas.measure: real latency of architectures on an engine into the store (measure/), as
// `hwnas measure` does: resumable, one committed row per network, drift checks, compensation.
#include "bindings.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <pybind11/stl.h>

#include "hwnas/measure/affinity.hpp"
#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/profile/network_sample.hpp"
#include "hwnas/store/record_json.hpp"

namespace hwnas::python {
namespace {

struct MeasureArgs {
  std::string db;
  std::optional<int> n;
  std::uint64_t seed = 0;
  std::string sample = "uniform";
  std::string depth_rule = "uniform";
  std::optional<int> resolution;
  measure::MeasureJob job;
  std::string pin;
  std::string timing = "wall";
};

// The architectures: the ones given, or n drawn with `hwnas measure -n N --seed S --sample ...`'s draw.
std::vector<arch::Architecture> architectures(const space::Space& s, py::object archs, const MeasureArgs& a) {
  if (a.resolution && !s.has_resolution(*a.resolution)) {
    throw InputError(fmt::format("--resolution {} is not in space '{}' (allowed: {})", *a.resolution, s.name,
                                 fmt::join(s.resolutions, ", ")));
  }
  if (!archs.is_none()) return to_architectures(s, archs, a.resolution);
  if (!a.n || *a.n < 1) throw InputError("give archs=[...] or n=N (sampled)");
  return profile::sample_networks(s, *a.n, a.seed, profile::parse_network_sample(a.sample), a.resolution,
                                  arch::parse_depth_rule(a.depth_rule));
}

py::object run_measure(const SpacePtr& space, py::object archs, MeasureArgs a, py::object reference, py::object progress) {
  const space::Space& s = *space;
  const std::vector<arch::Architecture> list = architectures(s, archs, a);
  if (!reference.is_none()) {
    if (!a.job.protocol.compensate) throw InputError("reference names the network compensate=True interleaves; give compensate=True too");
    a.job.reference = to_architecture(s, reference);
  }
  if (!a.pin.empty()) a.job.cores = measure::parse_core_list(a.pin);
  if (a.timing != "wall" && a.timing != "thread-cpu") throw InputError(fmt::format("timing '{}': expected wall or thread-cpu", a.timing));
  a.job.thread_cpu_time = a.timing == "thread-cpu";
  const std::string command = fmt::format("python: hwnas.measure(space='{}', engine='{}', threads={}, db='{}', {} architectures)",
                                          s.name, a.job.engine, a.job.threads, a.db, list.size());
  nlohmann::json summary;
  {
    py::gil_scoped_release release;
    auto store = store::open_store(a.db);
    measure::LatencyMeasurer measurer(*store, a.job, command);
    measurer.monitor_reference(s);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto m = measurer.measure(s, list[i]);
      check_interrupt();
      if (!progress.is_none()) {
        py::gil_scoped_acquire gil;
        progress(i + 1, list.size(), m ? py::object(py::float_(m->stats.median)) : py::object(py::none()));
      }
    }
    measurer.finish(store::RunStatus::complete);
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& arch : list) {
      const auto record = measure::arch_record(s, arch);
      if (const auto m = store->find_measurement(record.hash, measurer.device_key())) {
        rows.push_back(store::measurement_json(record, *m));
      }
    }
    summary = {{"device_key", measurer.device_key()}, {"measured", measurer.measured()},
               {"skipped", measurer.skipped()},       {"protocol_seconds", measurer.session().protocol_seconds()},
               {"own_seconds", measurer.session().own_seconds()}, {"rows", rows}};
  }
  return to_python(summary);
}

}  // namespace

void bind_measure(py::module_& m) {
  m.def(
      "measure",
      [](const SpacePtr& space, py::object archs, const std::string& db, std::optional<int> n, std::uint64_t seed,
         const std::string& sample, const std::string& depth_rule, std::optional<int> resolution, const std::string& engine,
         int threads, const std::string& device_key, const std::string& pin, double target, std::size_t min_runs,
         std::size_t max_runs, double max_seconds, std::size_t warmup, std::size_t reference_every,
         const std::string& timing, bool compensate, py::object reference, py::object progress) {
        MeasureArgs a;
        a.db = db;
        a.n = n;
        a.seed = seed;
        a.sample = sample;
        a.depth_rule = depth_rule;
        a.resolution = resolution;
        a.job.engine = engine;
        a.job.threads = threads;
        a.job.device_key = device_key;
        a.job.reference_every = reference_every;
        a.job.protocol.with_warmup(warmup, 0.2).with_runs(min_runs, max_runs).with_max_seconds(max_seconds)
            .with_target(target).with_compensation(compensate);
        a.pin = pin;
        a.timing = timing;
        return run_measure(space, archs, std::move(a), reference, progress);
      },
      py::arg("space"), py::arg("archs") = py::none(), py::kw_only(), py::arg("db"), py::arg("n") = py::none(),
      py::arg("seed") = 0, py::arg("sample") = "uniform", py::arg("depth_rule") = "uniform",
      py::arg("resolution") = py::none(), py::arg("engine") = "torchscript", py::arg("threads") = 1,
      py::arg("device_key") = "", py::arg("pin") = "", py::arg("target") = 0.01, py::arg("min_runs") = 20,
      py::arg("max_runs") = 1000, py::arg("max_seconds") = 30.0, py::arg("warmup") = 10,
      py::arg("reference_every") = 25, py::arg("timing") = "wall", py::arg("compensate") = false,
      py::arg("reference") = py::none(), py::arg("progress") = py::none(),
      "Measures real latency into the store `db`, as `hwnas measure` does with the same options\n"
      "(docs/measurement.md): archs=[...] (hwnas.Arch or any --arch text), or n=N drawn with `seed`\n"
      "(sample='uniform' | 'ulb'). What the store has for the device key is skipped (resume).\n"
      "progress(done, total, median_s or None when skipped) is called after every network; Ctrl-C\n"
      "stops after the current one, keeping what was committed. The GIL is released while it runs.\n"
      "Returns {'device_key', 'measured', 'skipped', 'protocol_seconds', 'own_seconds', 'rows': [the\n"
      "stored measurements of the architectures, as Store.measurements() gives them]}.");
}

}  // namespace hwnas::python
