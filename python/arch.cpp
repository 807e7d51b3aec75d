// hwnas.Arch: one architecture of a space (arch/), in every encoding the CLI reads and writes
// (docs/architectures.md), and the conversion of Python arguments into architectures.
#include "bindings.hpp"

#include <fmt/core.h>
#include <pybind11/stl.h>

#include "hwnas/arch/arch_argument.hpp"
#include "hwnas/arch/encoding.hpp"

namespace hwnas::python {

void check_space(const space::Space& owner, const space::Space& space) {
  if (owner.name != space.name) {
    throw arch::InvalidArchitecture(fmt::format("an architecture of space '{}' given for space '{}'", owner.name, space.name));
  }
}

arch::Architecture to_architecture(const space::Space& space, py::handle arch, std::optional<int> resolution) {
  if (py::isinstance<Arch>(arch)) {
    const Arch& a = arch.cast<const Arch&>();
    check_space(*a.space, space);
    if (!resolution) return a.value;
    arch::Architecture copy = a.value;
    copy.resolution = *resolution;
    arch::validate(space, copy);
    return copy;
  }
  if (py::isinstance<py::str>(arch)) return arch::parse_argument(space, arch.cast<std::string>(), resolution);
  if (py::isinstance<py::dict>(arch)) return arch::parse_argument(space, to_json(arch).dump(), resolution);
  throw py::type_error(fmt::format("expected an hwnas.Arch, a str or a dict for an architecture, got {}",
                                   py::str(py::type::handle_of(arch).attr("__name__")).cast<std::string>()));
}

std::vector<arch::Architecture> to_architectures(const space::Space& space, py::handle archs,
                                                 std::optional<int> resolution) {
  if (py::isinstance<Arch>(archs) || py::isinstance<py::str>(archs) || py::isinstance<py::dict>(archs)) {
    return {to_architecture(space, archs, resolution)};
  }
  if (py::isinstance<ArchList>(archs)) {
    const ArchList& list = archs.cast<const ArchList&>();
    check_space(*list.space, space);
    std::vector<arch::Architecture> out = list.values;
    if (resolution) {
      for (auto& a : out) {
        a.resolution = *resolution;
        arch::validate(space, a);
      }
    }
    return out;
  }
  std::vector<arch::Architecture> out;
  if (py::hasattr(archs, "__len__")) out.reserve(py::len(archs));
  for (const auto& a : archs) out.push_back(to_architecture(space, a, resolution));
  return out;
}

py::list to_python(const SpacePtr& space, const std::vector<arch::Architecture>& archs) {
  py::list out(archs.size());
  for (std::size_t i = 0; i < archs.size(); ++i) out[i] = py::cast(Arch{space, archs[i]});
  return out;
}

void bind_arch(py::module_& m) {
  py::class_<Arch>(m, "Arch",
                   "One architecture of a design space. str() is its canonical text (docs/architectures.md);\n"
                   "equal architectures of one space compare equal and hash alike, so they dedupe in sets\n"
                   "and key dicts. Every hwnas function that takes an architecture also takes any text\n"
                   "`--arch` accepts or an OFA arch dict.")
      .def(py::init([](const SpacePtr& space, py::object arch, std::optional<int> resolution) {
             return Arch{space, to_architecture(*space, arch, resolution)};
           }),
           py::arg("space"), py::arg("arch"), py::arg("resolution") = py::none(),
           "Parses an architecture of `space`: canonical text, hwnas JSON, an OFA arch dict\n"
           "({'ks': [...], 'e': [...], 'd': [...], 'r': 224}), a BlockProfile net_str or '@FILE'.\n"
           "A given resolution overrides the one in the text. Raises hwnas.InputError when it is not\n"
           "an architecture of the space.")
      .def_static(
          "from_ofa_dict",
          [](const SpacePtr& space, py::dict dict) { return Arch{space, arch::from_ofa_dict(*space, to_json(dict))}; },
          py::arg("space"), py::arg("dict"),
          "An architecture from OFA's arch dict: {'ks','e','d','r'} (MBConv spaces) or {'d','e','w','r'} (resnet50).")
      .def_property_readonly("space", [](const Arch& a) { return a.space; })
      .def_property_readonly("resolution", [](const Arch& a) { return a.value.resolution; })
      .def_property_readonly(
          "depths", [](const Arch& a) {
            std::vector<int> depths;
            for (const auto& u : a.value.units) depths.push_back(static_cast<int>(u.blocks.size()));
            return depths;
          },
          "active layers per unit")
      .def_property_readonly(
          "blocks", [](const Arch& a) {
            std::vector<std::vector<std::string>> names;
            for (const auto& u : a.value.units) {
              names.emplace_back();
              for (int b : u.blocks) names.back().push_back(a.space->blocks[static_cast<std::size_t>(b)].name);
            }
            return names;
          },
          "block names of the active layers, per unit")
      .def_property_readonly(
          "arch_hash", [](const Arch& a) { return arch::arch_hash(*a.space, a.value); },
          "the store's 16-hex-digit key of (space, canonical text)")
      .def(
          "to_ofa_dict", [](const Arch& a) { return to_python(arch::to_ofa_dict(*a.space, a.value)); },
          "OFA's arch dict; raises hwnas.InputError for a space without that form.")
      .def(
          "to_json", [](const Arch& a) { return to_python(arch::to_json(*a.space, a.value)); },
          "hwnas's JSON form as a dict.")
      .def(
          "to_net_str", [](const Arch& a) { return arch::to_net_str(*a.space, a.value); },
          "BlockProfile's net_str; raises hwnas.InputError for a space without that form.")
      .def("__str__", [](const Arch& a) { return arch::to_canonical(*a.space, a.value); })
      .def("__repr__",
           [](const Arch& a) {
             return fmt::format("hwnas.Arch(space='{}', arch='{}')", a.space->name, arch::to_canonical(*a.space, a.value));
           })
      .def("__eq__",
           [](const Arch& a, py::object other) {
             if (!py::isinstance<Arch>(other)) return false;
             const Arch& b = other.cast<const Arch&>();
             return a.space->name == b.space->name && a.value == b.value;
           })
      .def("__hash__", [](const Arch& a) {
        return static_cast<py::ssize_t>(std::stoull(arch::arch_hash(*a.space, a.value), nullptr, 16) >> 1);
      });
}

}  // namespace hwnas::python
