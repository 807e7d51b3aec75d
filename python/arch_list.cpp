// hwnas.ArchList: many architectures of one space kept as one C++ vector, so that functions taking
// architectures (predict, evaluate, measure) read them without converting each Python object.
// Space.sample returns one; any iterable of Arch objects or `--arch` texts converts once.
#include "bindings.hpp"

#include <fmt/core.h>
#include <pybind11/stl.h>

namespace hwnas::python {
namespace {

std::size_t checked_index(const ArchList& list, py::ssize_t i) {
  const auto n = static_cast<py::ssize_t>(list.values.size());
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw py::index_error(fmt::format("ArchList index {} out of range for {} architectures", i, n));
  return static_cast<std::size_t>(i);
}

}  // namespace

std::span<const arch::Architecture> as_batch(const space::Space& space, py::handle archs,
                                             std::optional<int> resolution, std::vector<arch::Architecture>& storage) {
  if (py::isinstance<ArchList>(archs) && !resolution) {
    const ArchList& list = archs.cast<const ArchList&>();
    check_space(*list.space, space);
    return list.values;
  }
  storage = to_architectures(space, archs, resolution);
  return storage;
}

void bind_arch_list(py::module_& m) {
  py::class_<ArchList>(m, "ArchList",
                       "A sequence of architectures of one space, held in C++: what Space.sample returns, and\n"
                       "what Predictor.predict, evaluate and measure read without converting each item.\n"
                       "Indexing gives hwnas.Arch objects, slicing another ArchList; build one from any\n"
                       "iterable of Arch objects or `--arch` texts to convert them once and reuse them.")
      .def(py::init([](const SpacePtr& space, py::object archs, std::optional<int> resolution) {
             return ArchList{space, to_architectures(*space, archs, resolution)};
           }),
           py::arg("space"), py::arg("archs"), py::arg("resolution") = py::none(),
           "Converts every item (an hwnas.Arch, any text `--arch` accepts or an OFA arch dict) once;\n"
           "a given resolution overrides each one's. Raises hwnas.InputError naming a bad item.")
      .def_property_readonly("space", [](const ArchList& l) { return l.space; })
      .def("__len__", [](const ArchList& l) { return l.values.size(); })
      .def("__getitem__",
           [](const ArchList& l, py::ssize_t i) { return Arch{l.space, l.values[checked_index(l, i)]}; })
      .def("__getitem__",
           [](const ArchList& l, const py::slice& slice) {
             py::ssize_t start = 0, stop = 0, step = 0, length = 0;
             if (!slice.compute(static_cast<py::ssize_t>(l.values.size()), &start, &stop, &step, &length)) {
               throw py::error_already_set();
             }
             ArchList out{l.space, {}};
             out.values.reserve(static_cast<std::size_t>(length));
             for (py::ssize_t k = 0; k < length; ++k) out.values.push_back(l.values[static_cast<std::size_t>(start + k * step)]);
             return out;
           })
      // Iterating makes every Arch object at once: index or slice when only some are needed.
      .def("__iter__", [](const ArchList& l) { return py::iter(to_python(l.space, l.values)); })
      .def("__eq__",
           [](const ArchList& l, py::object other) {
             if (py::isinstance<ArchList>(other)) {
               const ArchList& o = other.cast<const ArchList&>();
               return l.space->name == o.space->name && l.values == o.values;
             }
             return py::isinstance<py::list>(other) && to_python(l.space, l.values).equal(other);
           })
      .def("__repr__", [](const ArchList& l) {
        return fmt::format("<hwnas.ArchList of {} architectures of '{}'>", l.values.size(), l.space->name);
      });
}

}  // namespace hwnas::python
