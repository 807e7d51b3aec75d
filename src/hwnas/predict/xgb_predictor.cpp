#include "hwnas/predict/xgb_predictor.hpp"

#include <stdexcept>

#include <fmt/core.h>
#include <xgboost/c_api.h>

#include "hwnas/common/error.hpp"
#include "hwnas/predict/features.hpp"
#include "hwnas/predict/xgb_model_json.hpp"

namespace hwnas::predict {
namespace {

void check(int rc, const char* what) {
  if (rc != 0) throw std::runtime_error(fmt::format("XGBoost {} failed: {}", what, XGBGetLastError()));
}

// Owns a DMatrix handle.
struct Matrix {
  DMatrixHandle handle = nullptr;
  Matrix(const std::vector<float>& rows, std::size_t n, std::size_t cols) {
    check(XGDMatrixCreateFromMat(rows.data(), n, cols, std::nanf(""), &handle), "DMatrix");
  }
  ~Matrix() { XGDMatrixFree(handle); }
  Matrix(const Matrix&) = delete;
  Matrix& operator=(const Matrix&) = delete;
};

class XgbPredictor final : public Predictor {
 public:
  XgbPredictor(const space::Space& space, Provenance provenance)
      : space_(space), contexts_(space_), encoder_(space_, FeatureSet::trees) {
    provenance_ = std::move(provenance);
    check(XGBoosterCreate(nullptr, 0, &booster_), "booster");
    check(XGBoosterSetParam(booster_, "nthread", "1"), "nthread");
  }
  ~XgbPredictor() override { XGBoosterFree(booster_); }
  XgbPredictor(const XgbPredictor&) = delete;
  XgbPredictor& operator=(const XgbPredictor&) = delete;

  std::vector<float> rows(std::span<const arch::Architecture> archs) {
    std::vector<float> out(archs.size() * encoder_.size());
    std::vector<double> row(encoder_.size());
    for (std::size_t i = 0; i < archs.size(); ++i) {
      contexts_.layers(archs[i], layers_);
      encoder_.encode(layers_, archs[i].resolution, row);
      for (std::size_t j = 0; j < row.size(); ++j) out[i * row.size() + j] = static_cast<float>(row[j]);
    }
    return out;
  }

  void fit(std::span<const Sample> train, const nlohmann::json& options) {
    std::vector<arch::Architecture> archs;
    std::vector<float> labels;
    for (const auto& s : train) {
      archs.push_back(s.arch);
      labels.push_back(static_cast<float>(s.value));
    }
    const Matrix m(rows(archs), archs.size(), encoder_.size());
    check(XGDMatrixSetFloatInfo(m.handle, "label", labels.data(), labels.size()), "labels");
    BoosterHandle fresh = nullptr;
    check(XGBoosterCreate(&m.handle, 1, &fresh), "booster");
    XGBoosterFree(booster_);
    booster_ = fresh;
    settings_ = {{"rounds", options.value("rounds", 600)},      {"max_depth", options.value("max_depth", 4)},
                 {"eta", options.value("eta", 0.05)},           {"subsample", options.value("subsample", 0.8)},
                 {"colsample_bytree", options.value("colsample_bytree", 0.8)}, {"seed", options.value("seed", 0)}};
    const std::pair<const char*, std::string> params[] = {
        {"nthread", "1"},
        {"objective", "reg:squarederror"},
        {"max_depth", std::to_string(settings_["max_depth"].get<int>())},
        {"eta", std::to_string(settings_["eta"].get<double>())},
        {"subsample", std::to_string(settings_["subsample"].get<double>())},
        {"colsample_bytree", std::to_string(settings_["colsample_bytree"].get<double>())},
        {"seed", std::to_string(settings_["seed"].get<int>())}};
    for (const auto& [k, v] : params) check(XGBoosterSetParam(booster_, k, v.c_str()), k);
    for (int it = 0; it < settings_["rounds"].get<int>(); ++it) check(XGBoosterUpdateOneIter(booster_, it, m.handle), "update");
    provenance_.settings = settings_;
  }

  // XGBoost refusing the model means the file is damaged: an InputError naming it.
  void load_model(const nlohmann::json& model, const std::filesystem::path& file) {
    const std::string text = model.dump();
    if (XGBoosterLoadModelFromBuffer(booster_, text.data(), text.size()) != 0) {
      throw InputError(fmt::format("{}: XGBoost cannot read the xgboost_model: {}", file.string(), XGBGetLastError()));
    }
    check(XGBoosterSetParam(booster_, "nthread", "1"), "nthread");
  }

  std::vector<double> predict(std::span<const arch::Architecture> archs) override {
    if (archs.empty()) return {};
    const Matrix m(rows(archs), archs.size(), encoder_.size());
    bst_ulong n = 0;
    const float* values = nullptr;
    check(XGBoosterPredict(booster_, m.handle, 0, 0, 0, &n, &values), "predict");
    return {values, values + n};
  }

  void save(const std::filesystem::path& file) const override {
    bst_ulong n = 0;
    const char* buffer = nullptr;
    check(XGBoosterSaveModelToBuffer(booster_, R"({"format": "json"})", &n, &buffer), "save model");
    write_predictor_file(file, provenance_,
                         {{"features", encoder_.names()}, {"xgboost_model", nlohmann::json::parse(buffer, buffer + n)}});
  }

  const FeatureEncoder& encoder() const { return encoder_; }

 private:
  space::Space space_;
  LayerContexts contexts_;
  FeatureEncoder encoder_;
  BoosterHandle booster_ = nullptr;
  nlohmann::json settings_;
  std::vector<const LayerToken*> layers_;
};

}  // namespace

std::unique_ptr<Predictor> train_xgb(const TrainingInput& input) {
  Provenance p = input.provenance;
  p.kind = "xgb";
  auto predictor = std::make_unique<XgbPredictor>(input.space, std::move(p));
  predictor->fit(input.train, input.options);
  return predictor;
}

std::unique_ptr<Predictor> load_xgb(const space::Space& space, Provenance provenance, const nlohmann::json& model,
                                    const std::filesystem::path& file) {
  auto predictor = std::make_unique<XgbPredictor>(space, std::move(provenance));
  if (!model.contains("features") || model["features"].get<std::vector<std::string>>() != predictor->encoder().names()) {
    throw InputError(fmt::format("{}: the xgb features do not match space '{}'", file.string(), space.name));
  }
  if (!model.contains("xgboost_model")) throw InputError(fmt::format("{}: xgb predictor has no xgboost_model", file.string()));
  check_xgboost_model(model.at("xgboost_model"), predictor->encoder().size(), file.string());
  predictor->load_model(model.at("xgboost_model"), file);
  return predictor;
}

}  // namespace hwnas::predict
