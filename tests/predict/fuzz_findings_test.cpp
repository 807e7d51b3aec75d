// Inputs fuzz/fuzz_ofa_lut_yaml found to crash the OFA lookup-table reader, now one InputError each
// (docs/hardening.md).
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/predict/ofa_lut_yaml.hpp"
#include "hwnas/predict/predictor_kinds.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/fuzz_finding.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::predict {
namespace {

TEST(FuzzFindings, OfaLookupTableMeanThatIsNotANumber) {
  // `mean: 0.0-` escaped as YAML::TypedBadConversion<double>.
  const auto file = test::fuzz_finding("predict", "ofa-lut-mean-not-a-number.yaml");
  EXPECT_THROW(read_ofa_lut_yaml(file), InputError);
  EXPECT_THROW(load_predictor(file, space::load_space("ofa-mbv3")), InputError);  // what latency:pred: calls
}

TEST(FuzzFindings, OfaLookupTableKeysAndMeansOfOtherShapes) {
  const test::TempDir dir("fuzz-lut");
  const auto file = dir / "lut.yaml";
  for (const std::string text : {"[a, b]: {mean: 1}\n", "k: {mean: [1]}\n", "k: {mean: .nan}\n", "k: {mean: -1}\n"}) {
    std::ofstream(file) << text;
    EXPECT_THROW(read_ofa_lut_yaml(file), InputError) << text;
  }
}

}  // namespace
}  // namespace hwnas::predict
