// Metric sources from Python (metric/, docs/metrics.md): hwnas.evaluate over any metric spec, and
// Python callables as metric sources, which is how a user's own accuracy estimator (a PyTorch
// model, a zero-cost proxy) reaches the profiler and the searches.
#include "bindings.hpp"

#include <cmath>

#include <fmt/core.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "hwnas/common/error.hpp"

namespace hwnas::python {
namespace {

class PythonMetric final : public metric::MetricSource {
 public:
  PythonMetric(std::string spec, py::function function, SpacePtr space)
      : spec_(std::move(spec)), function_(std::move(function)), space_(std::move(space)) {}
  // The callable is a Python object: drop its reference with the GIL held, wherever this is destroyed.
  ~PythonMetric() override {
    py::gil_scoped_acquire gil;
    function_ = py::function();
  }
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return ""; }
  std::size_t preferred_batch() const override { return 256; }

  std::vector<std::optional<double>> evaluate_batch(const space::Space& space,
                                                    std::span<const arch::Architecture> archs) override {
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    // Arch objects keep their space alive; a space other than the one given (a reduced copy) is copied.
    const SpacePtr owner = &space == space_.get() ? space_ : std::make_shared<space::Space>(space);
    const py::object result = function_(to_python(owner, {archs.begin(), archs.end()}));
    if (py::len(result) != archs.size()) {
      throw InputError(fmt::format("metric '{}' returned {} values for {} architectures", spec_, py::len(result),
                                   archs.size()));
    }
    std::vector<std::optional<double>> values;
    values.reserve(archs.size());
    for (const auto& v : result) {
      if (v.is_none()) {
        values.emplace_back();
        continue;
      }
      const double x = py::float_(py::reinterpret_borrow<py::object>(v)).cast<double>();
      values.push_back(std::isnan(x) ? std::nullopt : std::optional<double>(x));
    }
    return values;
  }

 private:
  std::string spec_;
  py::function function_;
  SpacePtr space_;
};

}  // namespace

std::unique_ptr<metric::MetricSource> python_metric(std::string spec, py::function function, SpacePtr space) {
  return std::make_unique<PythonMetric>(std::move(spec), std::move(function), std::move(space));
}

std::string callable_spec(py::handle function, std::size_t index) {
  const std::string name = py::hasattr(function, "__name__") ? py::str(function.attr("__name__")).cast<std::string>() : "";
  return name.empty() || name == "<lambda>" ? fmt::format("python:{}", index) : name;
}

void bind_metric(py::module_& m) {
  m.def(
      "evaluate",
      [](const SpacePtr& space, const std::string& spec, py::object archs, const std::string& db) {
        std::vector<arch::Architecture> storage;
        const std::span<const arch::Architecture> batch = as_batch(*space, archs, std::nullopt, storage);
        std::vector<std::optional<double>> values;
        {
          py::gil_scoped_release release;
          metric::MetricContext context{db, false, false};
          values = metric::open_metric(spec, context)->evaluate(*space, batch);
        }
        py::array_t<double> out(static_cast<py::ssize_t>(values.size()));
        auto view = out.mutable_unchecked<1>();
        for (std::size_t i = 0; i < values.size(); ++i) view(static_cast<py::ssize_t>(i)) = values[i].value_or(NAN);
        return out;
      },
      py::arg("space"), py::arg("metric"), py::arg("archs"), py::arg("db") = "",
      "One value per architecture from a metric spec (docs/metrics.md): macs, params, flops,\n"
      "latency:sim:<device>, latency:pred:<file>, latency:<device key> (from the store `db`),\n"
      "accuracy:<source>. Returns a NumPy float64 array; NaN where the source has no value.");
}

}  // namespace hwnas::python
