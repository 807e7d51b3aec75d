// hwnas.export_torchscript and hwnas.export_onnx: one architecture with seeded weights as files
// (export/, docs/export.md), as `hwnas export` writes them. torch.jit.load reads the TorchScript
// archive in the same process: the module links the same Debian LibTorch that python3-torch uses.
#include "bindings.hpp"

#include <fstream>

#include <fmt/core.h>
#include <pybind11/stl.h>

#include "hwnas/common/error.hpp"
#include "hwnas/export/onnx_export.hpp"
#include "hwnas/export/torchscript_module.hpp"
#include "hwnas/graph/build.hpp"

namespace hwnas::python {

void bind_export(py::module_& m) {
  m.def(
      "export_torchscript",
      [](const SpacePtr& space, py::object arch, const std::string& path, std::uint64_t seed,
         std::optional<int> resolution, bool lite) {
        const arch::Architecture a = to_architecture(*space, arch, resolution);
        py::gil_scoped_release release;
        const graph::Graph g = graph::build(*space, a);
        const auto weights = exporting::random_weights(g, seed);
        if (lite) {
          exporting::save_torchscript_lite(g, weights, path);
        } else {
          exporting::save_torchscript(g, weights, path);
        }
        return path;
      },
      py::arg("space"), py::arg("arch"), py::arg("path"), py::arg("seed") = 0, py::arg("resolution") = py::none(),
      py::arg("lite") = false,
      "Writes the architecture as a TorchScript archive in eval mode with weights drawn from `seed`\n"
      "(as `hwnas export --torchscript`); torch.jit.load(path) reads it, input [1, 3, r, r]. lite=True\n"
      "writes PyTorch Mobile's .ptl instead. Returns path.");
  m.def(
      "export_onnx",
      [](const SpacePtr& space, py::object arch, const std::string& path, std::uint64_t seed,
         std::optional<int> resolution, int opset) {
        const arch::Architecture a = to_architecture(*space, arch, resolution);
        py::gil_scoped_release release;
        const graph::Graph g = graph::build(*space, a);
        const std::string model = exporting::export_onnx(g, exporting::random_weights(g, seed), {opset, true});
        if (const auto problem = exporting::check_onnx(model); !problem.empty()) {
          throw std::runtime_error("exported model fails the ONNX checker: " + problem);
        }
        std::ofstream file(path, std::ios::binary);
        file << model;
        if (!file.flush()) throw InputError(fmt::format("cannot write ONNX file '{}'", path));
        return path;
      },
      py::arg("space"), py::arg("arch"), py::arg("path"), py::arg("seed") = 0, py::arg("resolution") = py::none(),
      py::arg("opset") = 13,
      "Writes the architecture as a BN-folded ONNX model (as `hwnas export --onnx`). Returns path.");
}

}  // namespace hwnas::python
