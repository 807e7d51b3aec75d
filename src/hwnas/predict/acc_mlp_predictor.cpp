#include "hwnas/predict/acc_mlp_predictor.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/accuracy_predictor.hpp"

namespace hwnas::predict {
namespace {

class AccMlpPredictor final : public Predictor {
 public:
  AccMlpPredictor(const space::Space& space, Provenance provenance, train::AccuracyPredictor mlp)
      : space_(space), mlp_(std::move(mlp)) {
    provenance_ = std::move(provenance);
  }
  std::vector<double> predict(std::span<const arch::Architecture> archs) override { return mlp_.predict(space_, archs); }
  void save(const std::filesystem::path& file) const override {
    write_predictor_file(file, provenance_, mlp_.to_json());
  }

 private:
  space::Space space_;
  train::AccuracyPredictor mlp_;
};

}  // namespace

std::unique_ptr<Predictor> train_acc_mlp(const TrainingInput& input) {
  std::vector<arch::Architecture> archs;
  std::vector<double> accuracy;
  for (const auto& s : input.train) {
    archs.push_back(s.arch);
    accuracy.push_back(s.value);
  }
  train::FitOptions fit;
  fit.epochs = input.options.value("epochs", fit.epochs);
  fit.seed = input.options.value("seed", fit.seed);
  const int hidden = input.options.value("hidden", 400);  // OFA's width
  if (hidden < 1 || hidden > 65536) throw InputError(fmt::format("acc-mlp option hidden={} is not 1..65536", hidden));
  train::AccuracyPredictor mlp(input.space.name, train::ArchEncoding::for_space(input.space), hidden);
  const double rmse = mlp.fit(input.space, archs, accuracy, fit);
  Provenance p = input.provenance;
  p.kind = "acc-mlp";
  p.settings = {{"epochs", fit.epochs}, {"hidden", hidden}, {"hidden_layers", 3}, {"train_rmse", rmse}};
  mlp.trained_on = {{"target", p.target}, {"samples", archs.size()}, {"train_rmse", rmse}};
  return std::make_unique<AccMlpPredictor>(input.space, std::move(p), std::move(mlp));
}

std::unique_ptr<Predictor> load_acc_mlp(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                        const std::filesystem::path& file) {
  return std::make_unique<AccMlpPredictor>(space, std::move(provenance),
                                           train::AccuracyPredictor::from_json(model, file.string()));
}

}  // namespace hwnas::predict
