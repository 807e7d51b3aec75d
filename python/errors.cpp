// C++ errors as Python exceptions, translated once here: hwnas::InputError (bad input: a file, a
// field, an argument; SpaceError, InvalidArchitecture, DeviceError ...) becomes hwnas.InputError, a
// ValueError with hwnas's message. Anything else keeps pybind11's default translation.
#include "bindings.hpp"

#include "hwnas/common/error.hpp"

namespace hwnas::python {

void bind_errors(py::module_& m) {
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError).doc() =
      "Bad input to hwnas (a space or device file, an architecture, a metric spec, an option): the\n"
      "message names what was wrong and what is accepted. The CLI prints the same message and exits 2.";
}

void check_interrupt() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

}  // namespace hwnas::python
