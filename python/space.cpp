// hwnas.Space and hwnas.load_space: design spaces (space/), their exact size (arch/count.hpp) and
// BlockProfile's sampling (arch/sampler.hpp), as `hwnas spaces`, `hwnas size` and `hwnas sample` do.
#include "bindings.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <pybind11/stl.h>

#include "hwnas/arch/count.hpp"
#include "hwnas/arch/sampler.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::python {
namespace {

py::int_ to_int(const arch::BigInt& count) {
  return py::reinterpret_steal<py::int_>(PyLong_FromString(count.str().c_str(), nullptr, 10));
}

// "U:L:BLOCK" as parse_placement reads it, from the text itself or a (unit, layer, block) tuple.
std::string placement_text(py::handle fix) {
  if (py::isinstance<py::str>(fix)) return fix.cast<std::string>();
  const auto parts = fix.cast<py::tuple>();
  if (parts.size() != 3) throw py::type_error("fix: expected (unit, layer, block) or 'U:L:BLOCK'");
  return fmt::format("{}:{}:{}", py::str(parts[0]).cast<std::string>(), py::str(parts[1]).cast<std::string>(),
                     py::str(parts[2]).cast<std::string>());
}

ArchList sample(const SpacePtr& s, int n, std::uint64_t seed, py::object fix, std::optional<int> resolution,
                const std::string& depth_rule) {
  if (n < 0) throw InputError(fmt::format("n must be at least 0, got {}", n));
  if (resolution && !s->has_resolution(*resolution)) {
    throw InputError(fmt::format("--resolution {} is not in space '{}' (allowed: {})", *resolution, s->name,
                                 fmt::join(s->resolutions, ", ")));
  }
  std::optional<arch::Placement> fixed;
  if (!fix.is_none()) fixed = arch::parse_placement(*s, placement_text(fix));
  const arch::DepthRule rule = arch::parse_depth_rule(depth_rule);
  ArchList archs{s, {}};
  {
    py::gil_scoped_release release;
    arch::Rng rng(seed);
    archs.values.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      archs.values.push_back(fixed ? arch::sample_fixed(*s, rng, *fixed, resolution, rule)
                                   : arch::sample_uniform(*s, rng, resolution));
    }
  }
  return archs;
}

}  // namespace

void bind_space(py::module_& m) {
  py::class_<space::Space, SpacePtr>(m, "Space",
                                     "A design space (docs/spaces.md): units of searchable layers between a fixed "
                                     "stem and head.\nLoad one with hwnas.load_space(name_or_path).")
      .def_readonly("name", &space::Space::name)
      .def_readonly("description", &space::Space::description)
      .def_readonly("source_file", &space::Space::source_file, "the YAML file it was loaded from")
      .def_readonly("resolutions", &space::Space::resolutions, "input resolutions the space allows")
      .def_readonly("default_resolution", &space::Space::default_resolution)
      .def_property_readonly(
          "blocks", [](const space::Space& s) {
            std::vector<std::string> names;
            for (const auto& b : s.blocks) names.push_back(b.name);
            return names;
          },
          "names of the block vocabulary, e.g. ['e3k3', 'e3k5', ...]")
      .def_property_readonly(
          "units", [](const space::Space& s) {
            std::vector<std::string> names;
            for (const auto& u : s.units) names.push_back(u.name);
            return names;
          },
          "names of the searchable units")
      .def(
          "size", [](const space::Space& s) { return to_int(arch::count_total(s)); },
          "The exact number of architectures, over all resolutions (as `hwnas size`'s total).")
      .def(
          "size_per_resolution", [](const space::Space& s) { return to_int(arch::count_per_resolution(s)); },
          "The exact number of architectures at one resolution.")
      .def("sample", &sample, py::arg("n") = 1, py::arg("seed") = 0, py::arg("fix") = py::none(),
           py::arg("resolution") = py::none(), py::arg("depth_rule") = "uniform",
           "Draws n architectures as `hwnas sample -n N --seed S` does (same seed, same list).\n\n"
           "Each unit gets a uniform depth, each layer a uniform block, and a uniform resolution\n"
           "unless `resolution` is given. fix=(unit, layer, block) (1-based unit and layer, a block\n"
           "name; or the text 'U:L:BLOCK') samples BlockProfile's A_{u,l,b}: the block at that place,\n"
           "the unit at least `layer` deep, its depth uniform over layer..max (depth_rule='clamp'\n"
           "grows a shorter unit to exactly `layer` instead). Returns an hwnas.ArchList (a sequence of\n"
           "hwnas.Arch held in C++, which predict and evaluate read without converting).")
      .def("__repr__", [](const space::Space& s) { return fmt::format("<hwnas.Space '{}'>", s.name); });

  m.def(
      "load_space",
      [](const std::string& name_or_path) { return std::make_shared<space::Space>(space::load_space(name_or_path)); },
      py::arg("name_or_path"),
      "Loads a design space: a shipped name (see hwnas.spaces()) or a path to a space YAML file.\n"
      "A bad file raises hwnas.InputError naming the file, line and field.");
  m.def("spaces", &space::list_spaces, "Names of the shipped design spaces, sorted.");
}

}  // namespace hwnas::python
