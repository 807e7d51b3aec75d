// The contract every row of the metric kind table keeps (metric/metric_kinds.hpp): it opens from
// its documented form, reports that spec and a unit, returns exactly one value per architecture in
// a batch of any size, and is listed when a spec matches no kind. A kind added without an example
// here fails the suite, so the contract covers every kind, including those later parts register.
#include <gtest/gtest.h>

#include <cmath>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/arch/encoding.hpp"
#include "hwnas/cost/cost.hpp"
#include "hwnas/graph/build.hpp"
#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/latency_measurer.hpp"
#include "hwnas/metric/metric_kinds.hpp"
#include "hwnas/predict/training.hpp"
#include "hwnas/space/space_loader.hpp"
#include "hwnas/store/store.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::test {
namespace {

class MetricKindContract : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    space_ = new space::Space(space::load_space("ofa-mbv3"));
    arch::Rng rng(11);
    archs_ = new std::vector<arch::Architecture>;
    for (int i = 0; i < 5; ++i) archs_->push_back(arch::sample_uniform(*space_, rng, 128));
    dir_ = new TempDir("metric-kind");
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete archs_;
    delete space_;
  }

  // One spec per kind prefix, with what it needs made in the temporary folder.
  static std::string example(std::string_view prefix, metric::MetricContext& context) {
    const std::string p(prefix);
    if (p == "macs" || p == "params" || p == "flops") return p;
    if (p == "latency:sim:") return "latency:sim:midap";
    if (p == "latency:") {
      context.store_url = "sqlite://" + (*dir_ / "contract.db").string();
      const std::string key = "contract-ts@" + measure::hostname();
      auto store = store::open_store(context.store_url);
      measure::MeasureJob job;
      job.device_key = key;
      job.protocol.with_warmup(1, 0).with_runs(3, 3);
      measure::LatencyMeasurer measurer(*store, job, "test");
      EXPECT_TRUE(measurer.measure(*space_, archs_->front()));
      measurer.finish(store::RunStatus::complete);
      return "latency:" + key;
    }
    if (p == "latency:pred:" || p == "accuracy:") {
      // A predictor trained on a synthetic target (MACs-proportional) of 30 networks.
      arch::Rng rng(3);
      std::vector<predict::Sample> samples;
      for (int i = 0; i < 30; ++i) {
        auto a = arch::sample_uniform(*space_, rng, 160);
        const double macs = static_cast<double>(cost::count_total(graph::build(*space_, a)).macs);
        samples.push_back({a, arch::arch_hash(*space_, a), 1e-7 * macs + (p == "accuracy:" ? 70 : 0)});
      }
      const bool accuracy = p == "accuracy:";
      predict::TrainRequest request{accuracy ? "acc-mlp" : "macs", accuracy ? "accuracy:synthetic" : "latency:synthetic",
                                    "", 0, 0, 0, 0, accuracy ? nlohmann::json{{"epochs", 3}} : nlohmann::json::object(),
                                    true};
      auto trained = predict::train_on_split(*space_, request, samples, samples, nullptr);
      const auto file = *dir_ / (accuracy ? "acc.json" : "lat.json");
      trained.predictor->save(file);
      return (accuracy ? "accuracy:pred:" : "latency:pred:") + file.string();
    }
    return {};
  }

  static space::Space* space_;
  static std::vector<arch::Architecture>* archs_;
  static TempDir* dir_;
};

space::Space* MetricKindContract::space_ = nullptr;
std::vector<arch::Architecture>* MetricKindContract::archs_ = nullptr;
TempDir* MetricKindContract::dir_ = nullptr;

TEST_F(MetricKindContract, EveryKindKeepsTheContract) {
  const auto kinds = metric::metric_kinds();
  ASSERT_GE(kinds.size(), 7u) << "predict's latency:pred: and train's accuracy: must be registered";
  for (const auto& kind : kinds) {
    SCOPED_TRACE(std::string(kind.prefix));
    metric::MetricContext context;
    const std::string spec = example(kind.prefix, context);
    ASSERT_FALSE(spec.empty()) << "no contract example for the metric kind '" << kind.form << "': add one here";
    auto source = metric::open_metric(spec, context);
    EXPECT_EQ(source->spec(), spec);
    EXPECT_FALSE(source->unit().empty());
    EXPECT_GE(source->preferred_batch(), 1u);
    EXPECT_FALSE(kind.summary.empty());
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, archs_->size()}) {
      const auto values = source->evaluate(*space_, std::span(archs_->data(), n));
      ASSERT_EQ(values.size(), n);
      for (const auto& v : values) {
        if (v) EXPECT_TRUE(std::isfinite(*v));
      }
    }
  }
}

TEST_F(MetricKindContract, AnUnknownSpecListsEveryKind) {
  try {
    metric::open_metric("nonsense");
    FAIL() << "an unknown spec was accepted";
  } catch (const InputError& e) {
    for (const auto& kind : metric::metric_kinds()) {
      EXPECT_NE(std::string(e.what()).find(kind.form), std::string::npos) << e.what();
    }
  }
}

TEST_F(MetricKindContract, TheLongestPrefixWins) {
  // "latency:sim:midap" is the simulator, never the device key "sim:midap" of latency:<key>.
  EXPECT_EQ(metric::open_metric("latency:sim:midap")->evaluate(*space_, std::span(archs_->data(), 1)).size(), 1u);
  EXPECT_TRUE(metric::open_metric("latency:sim:midap")->evaluate(*space_, std::span(archs_->data(), 1))[0]);
}

}  // namespace
}  // namespace hwnas::test
