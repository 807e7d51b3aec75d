// hwnas.load_predictor and hwnas.Predictor: trained predictor files (predict/, docs/predictors.md),
// vectorised over a list of architectures, as `hwnas predict` reads them.
#include "bindings.hpp"

#include <fmt/core.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "hwnas/predict/predictor_kinds.hpp"
#include "hwnas/predict/training.hpp"
#include "hwnas/space/space_loader.hpp"

namespace hwnas::python {
namespace {

// A predictor file and the predictor read from it for the space last asked about.
struct PythonPredictor {
  std::string file;
  std::string space_name;
  std::unique_ptr<predict::Predictor> predictor;

  predict::Predictor& for_space(const space::Space& space) {
    if (!predictor || space.name != space_name) {
      predictor = predict::load_predictor(file, space);
      space_name = space.name;
    }
    return *predictor;
  }
};

py::array_t<double> predict_archs(PythonPredictor& p, const SpacePtr& space, py::object archs,
                                  std::optional<int> resolution) {
  std::vector<arch::Architecture> storage;
  const std::span<const arch::Architecture> batch = as_batch(*space, archs, resolution, storage);
  py::array_t<double> out(static_cast<py::ssize_t>(batch.size()));
  double* data = out.mutable_data();
  {
    py::gil_scoped_release release;
    const std::vector<double> values = p.for_space(*space).predict(batch);
    std::copy(values.begin(), values.end(), data);
  }
  return out;
}

std::unique_ptr<PythonPredictor> train(const SpacePtr& space, const std::string& db, const std::string& device,
                                       const std::string& kind, const std::string& out, std::size_t holdout,
                                       std::size_t train_limit, std::uint64_t seed, const std::string& target,
                                       py::object options) {
  if (target.empty() && device.empty()) throw InputError("give device=KEY (target latency:KEY) or target=...");
  predict::TrainRequest request{kind,        target.empty() ? "latency:" + device : target,
                                db,          holdout,
                                train_limit, seed,
                                0,           options.is_none() ? nlohmann::json::object() : to_json(options),
                                true};
  auto p = std::make_unique<PythonPredictor>();
  p->file = out;
  p->space_name = space->name;
  py::gil_scoped_release release;
  predict::TrainResult result = predict::train_predictor(*space, request);
  result.predictor->save(out);
  p->predictor = std::move(result.predictor);
  return p;
}

}  // namespace

void bind_predict(py::module_& m) {
  py::class_<PythonPredictor>(m, "Predictor",
                              "A trained predictor file (hwnas predictor JSON of any kind, or an OFA lookup-table "
                              "YAML).\nOpen one with hwnas.load_predictor(file).")
      .def_readonly("file", &PythonPredictor::file)
      .def_property_readonly(
          "provenance",
          [](PythonPredictor& p) {
            if (!p.predictor) throw InputError(fmt::format("{}: not read yet; call predict(space, archs) first", p.file));
            return to_python(p.predictor->provenance().to_json());
          },
          "kind, space, target, unit, training samples, held-out metrics ... as a dict")
      .def("predict", &predict_archs, py::arg("space"), py::arg("archs"), py::arg("resolution") = py::none(),
           "One prediction per architecture (in the target's unit, ms for latency) as a NumPy float64\n"
           "array. archs: an hwnas.ArchList (as Space.sample returns; read as it is, with no conversion),\n"
           "or a list of hwnas.Arch or of any text `--arch` accepts (one architecture alone gives an\n"
           "array of one). The values equal `hwnas predict`'s. The GIL is released while it runs.")
      .def("__repr__", [](const PythonPredictor& p) { return fmt::format("<hwnas.Predictor '{}'>", p.file); });

  m.def("train_predictor", &train, py::arg("space"), py::kw_only(), py::arg("db"), py::arg("device") = "",
        py::arg("kind") = "ridge", py::arg("out"), py::arg("holdout") = 0, py::arg("train_limit") = 0,
        py::arg("seed") = 0, py::arg("target") = "", py::arg("options") = py::none(),
        "Trains a predictor on the store's measurements of `space` as `hwnas predictor train` does\n"
        "(docs/predictors.md): kind lut | ridge | gru | xgb | macs, target latency:<device> (or `target`),\n"
        "`holdout` networks never trained on (seeded by `seed`), kind options as a dict ({'epochs': 50}).\n"
        "Writes the predictor file `out` and returns it opened; its provenance holds the evaluation.");
  m.def(
      "load_predictor",
      [](const std::string& file, std::optional<SpacePtr> space) {
        auto p = std::make_unique<PythonPredictor>();
        p->file = file;
        if (space) p->for_space(**space);
        return p;
      },
      py::arg("file"), py::arg("space") = py::none(),
      "Opens a predictor file. It is read for the space of the first predict() call (or for `space`\n"
      "now, which reports a bad file at once); a file trained for another space or block vocabulary\n"
      "raises hwnas.InputError.");
}

}  // namespace hwnas::python
