// Inputs fuzz/fuzz_idx found to crash read_idx, now one InputError each (docs/hardening.md).
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/idx_file.hpp"
#include "support/fuzz_finding.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

TEST(FuzzFindings, IdxHeaderPromisingMoreThanTheFileHoldsIsTruncationNotAnAllocation) {
  // 3 × 8 × 50331648 values promised by a 56-byte file: the values were allocated before reading.
  try {
    read_idx(test::fuzz_finding("train", "idx-dims-promise-1.2-GB"));
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
}

TEST(FuzzFindings, IdxDimensionsWhoseProductOverflowsAreRefused) {
  const auto file = hwnas::test::process_temp_dir().path() / "hwnas_fuzz_idx_overflow.idx";
  std::ofstream(file, std::ios::binary) << std::string("\0\0\x08\x04", 4) << std::string(16, '\xff');
  EXPECT_THROW(read_idx(file), InputError);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace hwnas::train
