// What the binding files of the Python module share: the Python-side architecture (an
// Architecture with the space it belongs to), argument conversions, and one bind_<part> function
// per file. The files call the library and convert; decisions stay in the library.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

#include "hwnas/arch/architecture.hpp"
#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::python {

namespace py = pybind11;

using SpacePtr = std::shared_ptr<space::Space>;

// hwnas.Arch: an architecture and the space it belongs to (valid in it by construction).
struct Arch {
  SpacePtr space;
  arch::Architecture value;
};

// hwnas.ArchList: architectures of one space in one vector (each valid in it by construction).
struct ArchList {
  SpacePtr space;
  std::vector<arch::Architecture> values;
};

// Throws InputError when architectures of space `owner` are given for `space`.
void check_space(const space::Space& owner, const space::Space& space);
// The architecture a Python argument names: an Arch of this space, any text `--arch` accepts, or a
// dict (OFA arch dict or hwnas JSON). A given resolution overrides the architecture's.
arch::Architecture to_architecture(const space::Space& space, py::handle arch, std::optional<int> resolution = {});
// The same for every item of an iterable, or for one architecture when `archs` is a str or Arch.
std::vector<arch::Architecture> to_architectures(const space::Space& space, py::handle archs,
                                                 std::optional<int> resolution = {});
// The same as one batch: an ArchList's own vector, unconverted and uncopied, when no resolution is
// given; otherwise to_architectures' result, kept in `storage`.
std::span<const arch::Architecture> as_batch(const space::Space& space, py::handle archs,
                                             std::optional<int> resolution, std::vector<arch::Architecture>& storage);
// A list of hwnas.Arch objects.
py::list to_python(const SpacePtr& space, const std::vector<arch::Architecture>& archs);

// JSON <-> Python objects (dict, list, str, int, float, bool, None).
py::object to_python(const nlohmann::json& json);
nlohmann::json to_json(py::handle object);

// A Python callable `f(archs: list[Arch]) -> Sequence[float | None]` as a metric source. The source
// takes the GIL for each call, and checks for Ctrl-C first.
std::unique_ptr<metric::MetricSource> python_metric(std::string spec, py::function function, SpacePtr space);
// The spec a callable metric is known by in results: its __name__, or "python:<index>" for a lambda.
std::string callable_spec(py::handle function, std::size_t index);

// Raises KeyboardInterrupt (as py::error_already_set) when Ctrl-C arrived; takes the GIL itself, so
// long calls call it from their progress callbacks with the GIL released.
void check_interrupt();

void bind_errors(py::module_& m);
void bind_space(py::module_& m);
void bind_arch(py::module_& m);
void bind_arch_list(py::module_& m);
void bind_cost(py::module_& m);
void bind_sim(py::module_& m);
void bind_metric(py::module_& m);
void bind_predict(py::module_& m);
void bind_store(py::module_& m);
void bind_measure(py::module_& m);
void bind_profile(py::module_& m);
void bind_search(py::module_& m);
void bind_export(py::module_& m);

}  // namespace hwnas::python
