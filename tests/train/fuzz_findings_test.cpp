// Inputs the fuzz harnesses (fuzz_idx, fuzz_checkpoint, fuzz_image) found to crash or exhaust a
// reader, now one InputError each (docs/hardening.md).
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/train/checkpoint.hpp"
#include "hwnas/train/idx_file.hpp"
#include "hwnas/train/image_folder.hpp"
#include "hwnas/train/state_dict_file.hpp"
#include "support/fuzz_finding.hpp"
#include "support/input_error.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::train {
namespace {

using hwnas::test::fuzz_finding;
using hwnas::test::input_error_of;

TEST(FuzzFindings, IdxHeaderPromisingMoreThanTheFileHoldsIsTruncationNotAnAllocation) {
  // 3 × 8 × 50331648 values promised by a 56-byte file: the values were allocated before reading.
  try {
    read_idx(fuzz_finding("train", "idx-dims-promise-1.2-GB"));
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

// An archive of no records: LibTorch's reader throws from its constructor after miniz allocated its
// state, and leaks it; the archive is refused before LibTorch opens it.
TEST(FuzzFindings, CheckpointLibTorchWouldLeakOnIsRefusedFirst) {
  const auto error = input_error_of([] { CheckpointReader(fuzz_finding("train", "checkpoint-leaks-in-libtorch"), "checkpoint"); });
  EXPECT_NE(error.find("holds no records"), std::string::npos) << error;
}

// Two records named run.pt/version: LibTorch read the other one, failed to parse it from its
// constructor and leaked its zip state; a repeated record name is refused first.
TEST(FuzzFindings, CheckpointWithARepeatedRecordIsRefusedFirst) {
  const auto error = input_error_of(
      [] { CheckpointReader(fuzz_finding("train", "checkpoint-version-record-libtorch-cannot-parse"), "checkpoint"); });
  EXPECT_NE(error.find("appears twice"), std::string::npos) << error;
}

// A state dict whose version record is flagged encrypted: miniz would not extract it, and
// LibTorch's reader threw from its constructor and leaked miniz's state; it is refused first.
TEST(FuzzFindings, StateDictWithAnEncryptedRecordIsRefusedFirst) {
  const auto error = input_error_of([] { read_state_dict(fuzz_finding("train", "state-dict-encrypted-version-record")); });
  EXPECT_NE(error.find("is encrypted or patch data"), std::string::npos) << error;
}


// A PGM header OpenCV's decoder throws cv::Exception on instead of returning an empty image.
TEST(FuzzFindings, ImageWhoseDecoderThrowsIsAnInputError) {
  const auto file = fuzz_finding("train", "image-pgm-header-throws");
  const auto error = input_error_of([&] { load_eval_image(file, 32, imagenet_normalisation()); });
  EXPECT_NE(error.find("cannot decode image " + file.string()), std::string::npos) << error;
}

// 16 bytes claiming 663 × 666665 pixels: OpenCV allocated 1.3 GB before failing to read them.
TEST(FuzzFindings, ImageClaimingHundredsOfMegapixelsIsRefusedBeforeDecoding) {
  const auto file = fuzz_finding("train", "image-pgm-claims-442M-pixels");
  const auto error = input_error_of([&] { load_eval_image(file, 32, imagenet_normalisation()); });
  EXPECT_NE(error.find("claims 663 × 666665 pixels"), std::string::npos) << error;
}

}  // namespace
}  // namespace hwnas::train
