#include "hwnas/predict/linear_predictors.hpp"

#include <fmt/core.h>

#include "hwnas/predict/bayesian_ridge.hpp"
#include "hwnas/predict/features.hpp"

namespace hwnas::predict {
namespace {

nlohmann::json model_field(const nlohmann::json& model, const char* key, const std::filesystem::path& file) {
  if (!model.contains(key)) throw InputError(fmt::format("{}: predictor model has no '{}'", file.string(), key));
  return model.at(key);
}

class RidgePredictor final : public Predictor {
 public:
  RidgePredictor(const space::Space& space, Provenance provenance, Eigen::VectorXd weights, double intercept,
                 nlohmann::json fit)
      : space_(space), contexts_(space_), encoder_(space_, FeatureSet::linear), weights_(std::move(weights)),
        intercept_(intercept), fit_(std::move(fit)), features_(encoder_.size()) {
    provenance_ = std::move(provenance);
  }

  std::vector<double> predict(std::span<const arch::Architecture> archs) override {
    std::vector<double> out;
    out.reserve(archs.size());
    for (const auto& a : archs) {
      contexts_.layers(a, layers_);
      encoder_.encode(layers_, a.resolution, features_);
      double y = intercept_;
      for (std::size_t j = 0; j < features_.size(); ++j) y += weights_(static_cast<Eigen::Index>(j)) * features_[j];
      out.push_back(y);
    }
    return out;
  }

  void save(const std::filesystem::path& file) const override {
    std::vector<double> w(weights_.data(), weights_.data() + weights_.size());
    write_predictor_file(file, provenance_,
                         {{"features", encoder_.names()}, {"weights", w}, {"intercept", intercept_}, {"fit", fit_}});
  }

  const std::vector<std::string>& feature_names() const { return encoder_.names(); }

 private:
  space::Space space_;
  LayerContexts contexts_;
  FeatureEncoder encoder_;
  Eigen::VectorXd weights_;
  double intercept_;
  nlohmann::json fit_;
  std::vector<const LayerToken*> layers_;
  std::vector<double> features_;
};

class MacsPredictor final : public Predictor {
 public:
  MacsPredictor(const space::Space& space, Provenance provenance, double per_mmac, double intercept)
      : space_(space), contexts_(space_), per_mmac_(per_mmac), intercept_(intercept) {
    provenance_ = std::move(provenance);
  }

  std::vector<double> predict(std::span<const arch::Architecture> archs) override {
    std::vector<double> out;
    out.reserve(archs.size());
    for (const auto& a : archs) out.push_back(intercept_ + per_mmac_ * mmacs(contexts_, a, layers_));
    return out;
  }

  void save(const std::filesystem::path& file) const override {
    write_predictor_file(file, provenance_, {{"ms_per_mmac", per_mmac_}, {"intercept", intercept_}});
  }

  static double mmacs(LayerContexts& contexts, const arch::Architecture& a, std::vector<const LayerToken*>& layers) {
    contexts.layers(a, layers);
    double total = 0;
    for (const auto* t : layers) total += static_cast<double>(t->macs);
    return total * 1e-6;
  }

 private:
  space::Space space_;
  LayerContexts contexts_;
  double per_mmac_;
  double intercept_;
  std::vector<const LayerToken*> layers_;
};

}  // namespace

std::pair<double, double> fit_line(std::span<const double> x, std::span<const double> y) {
  const double n = static_cast<double>(x.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const double denominator = n * sxx - sx * sx;
  if (x.size() < 2 || !(std::abs(denominator) > 1e-12 * std::max(1.0, sxx * n))) {
    throw InputError("a linear fit needs at least two networks with different inputs");
  }
  const double slope = (n * sxy - sx * sy) / denominator;
  return {slope, (sy - slope * sx) / n};
}

std::unique_ptr<Predictor> train_ridge(const TrainingInput& input) {
  LayerContexts contexts(input.space);
  const FeatureEncoder encoder(input.space, FeatureSet::linear);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(input.train.size()), static_cast<Eigen::Index>(encoder.size()));
  Eigen::VectorXd y(static_cast<Eigen::Index>(input.train.size()));
  std::vector<double> row(encoder.size());
  for (std::size_t i = 0; i < input.train.size(); ++i) {
    encoder.encode(contexts.layers(input.train[i].arch), input.train[i].arch.resolution, row);
    for (std::size_t j = 0; j < row.size(); ++j) x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = row[j];
    y(static_cast<Eigen::Index>(i)) = input.train[i].value;
  }
  const BayesianRidgeFit fit = fit_bayesian_ridge(x, y);
  Provenance p = input.provenance;
  p.kind = "ridge";
  return std::make_unique<RidgePredictor>(
      input.space, std::move(p), fit.weights, fit.intercept,
      nlohmann::json{{"alpha", fit.alpha}, {"lambda", fit.lambda}, {"iterations", fit.iterations}});
}

std::unique_ptr<Predictor> load_ridge(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                      const std::filesystem::path& file) {
  const auto names = model_field(model, "features", file).get<std::vector<std::string>>();
  const auto w = model_field(model, "weights", file).get<std::vector<double>>();
  const FeatureEncoder encoder(space, FeatureSet::linear);
  if (names != encoder.names() || w.size() != names.size()) {
    throw InputError(fmt::format("{}: the ridge features ({}) do not match space '{}' ({} features)", file.string(),
                                 names.size(), space.name, encoder.size()));
  }
  return std::make_unique<RidgePredictor>(space, std::move(provenance), Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size())),
                                          model_field(model, "intercept", file).get<double>(), model.value("fit", nlohmann::json::object()));
}

std::unique_ptr<Predictor> train_macs(const TrainingInput& input) {
  LayerContexts contexts(input.space);
  std::vector<const LayerToken*> layers;
  std::vector<double> x, y;
  for (const auto& s : input.train) {
    x.push_back(MacsPredictor::mmacs(contexts, s.arch, layers));
    y.push_back(s.value);
  }
  const auto [slope, intercept] = fit_line(x, y);
  Provenance p = input.provenance;
  p.kind = "macs";
  return std::make_unique<MacsPredictor>(input.space, std::move(p), slope, intercept);
}

std::unique_ptr<Predictor> load_macs(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                     const std::filesystem::path& file) {
  return std::make_unique<MacsPredictor>(space, std::move(provenance), model_field(model, "ms_per_mmac", file).get<double>(),
                                         model_field(model, "intercept", file).get<double>());
}

}  // namespace hwnas::predict
