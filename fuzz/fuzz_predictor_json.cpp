// hwnas predictor files, as `latency:pred:<file>` and `accuracy:pred:<file>` read them: the JSON
// envelope and every kind's model (predict/predictor_kinds.hpp), loaded for ofa-mbv3-fmnist and then
// asked for predictions, since a damaged size is often found only when a model is used. The gru keeps
// its weights in a tensor archive beside the JSON: a valid one sits beside every input.
//
// This harness is built with gcc in the sanitized build (the gru and acc-mlp kinds are LibTorch
// code, which Debian 12's clang cannot compile as C++20), linked against libFuzzer's engine, with
// libFuzzer's value profile over the comparisons gcc instruments (-fsanitize-coverage=trace-cmp) as
// its feedback: gcc has no edge coverage that this libFuzzer still reads (docs/hardening.md).
#include <filesystem>
#include <fstream>
#include <vector>

#include <unistd.h>

#include "hwnas/arch/sampler.hpp"
#include "hwnas/common/error.hpp"
#include "hwnas/common/source_dir.hpp"
#include "hwnas/predict/predictor_kinds.hpp"
#include "hwnas/space/space_loader.hpp"

namespace {

struct Fixture {
  hwnas::space::Space space = hwnas::space::load_space("ofa-mbv3-fmnist");
  std::vector<hwnas::arch::Architecture> archs;
  std::filesystem::path file;

  Fixture() {
    hwnas::arch::Rng rng(1);
    for (int i = 0; i < 3; ++i) archs.push_back(hwnas::arch::sample_uniform(space, rng));
    // One folder per process (fuzz.sh runs harnesses side by side) holding the input and gru.pt.
    const auto dir = std::filesystem::temp_directory_path() / ("hwnas-fuzz-predictor-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(hwnas::source_dir() / "fuzz" / "predictor_json_gru.pt", dir / "gru.pt",
                               std::filesystem::copy_options::overwrite_existing);
    file = dir / "predictor.json";
  }
};

}  // namespace

// gcc's trace-cmp also reports floating-point comparisons, which libFuzzer has no callback for (it
// draws no feedback from them): they are ignored.
extern "C" void __sanitizer_cov_trace_cmpf(float, float) {}
extern "C" void __sanitizer_cov_trace_cmpd(double, double) {}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Fixture fixture;
  std::ofstream(fixture.file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    const auto predictor = hwnas::predict::load_predictor(fixture.file, fixture.space);
    if (predictor->predict(fixture.archs).size() != fixture.archs.size()) __builtin_trap();
  } catch (const hwnas::InputError&) {
  }
  return 0;
}
