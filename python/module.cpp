// PYBIND11_MODULE(hwnas): the module's docstring and one bind_<part> call per binding file.
#include "bindings.hpp"

PYBIND11_MODULE(hwnas, m) {
  m.doc() =
      "hwnas: hardware-aware neural architecture search from Python.\n\n"
      "Design spaces and architectures (load_space, Space.sample, Arch), exact cost (stats), simulated\n"
      "latency (simulate), latency predictors (load_predictor), the profile store (open_store, measure),\n"
      "BlockProfile's profiler (profile) and the searches (search), with metrics given as hwnas metric\n"
      "specs or as Python callables; export_torchscript writes a module torch.jit.load reads.\n"
      "Walk-through: docs/python.md. Bad input raises hwnas.InputError (a ValueError).";
  m.attr("__version__") = HWNAS_VERSION;
  using namespace hwnas::python;
  bind_errors(m);
  bind_space(m);
  bind_arch(m);
  bind_arch_list(m);
  bind_cost(m);
  bind_sim(m);
  bind_metric(m);
  bind_predict(m);
  bind_store(m);
  bind_measure(m);
  bind_profile(m);
  bind_search(m);
  bind_export(m);
}
