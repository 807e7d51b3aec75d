// End to end: `hwnas export` writes a checker-valid ONNX model and a loadable TorchScript file.
#include <gtest/gtest.h>
#include <torch/script.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "hwnas/export/onnx_export.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

namespace hwnas {
namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string output;
};

Result run_cli(const std::string& args) {
  const std::string command = hwnas::test::cli_path() + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  Result result;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

const std::string kArch = "'r160|e3k3,e6k5|e4k3,e4k3|e6k7,e6k7|e3k5,e3k5|e4k3,e4k3'";

TEST(CliExport, WritesOnnxAndTorchScript) {
  const test::TempDir folder("cli-export");
  const auto onnx = folder / "net.onnx", pt = folder / "net.pt";
  const auto result = run_cli("export --space ofa-mbv3 --arch " + kArch + " --seed 4 --onnx " +
                              onnx.string() + " --torchscript " + pt.string());
  ASSERT_EQ(result.code, 0) << result.output;
  EXPECT_EQ(exporting::check_onnx(read_file(onnx)), "");
  auto module = torch::jit::load(pt.string());
  const auto out = module.forward({torch::rand({1, 3, 160, 160})}).toTensor();
  EXPECT_EQ(out.sizes(), (std::vector<std::int64_t>{1, 1000}));
}

TEST(CliExport, SameSeedSameFile) {
  const test::TempDir folder("cli-export-seed");
  for (const char* name : {"a.onnx", "b.onnx"}) {
    ASSERT_EQ(run_cli("export --space proxyless --arch 'r128|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|e3k3,e3k3|"
                      "e3k3,e3k3|e3k3' --seed 9 --onnx " + (folder / name).string()).code, 0);
  }
  EXPECT_EQ(read_file(folder / "a.onnx"), read_file(folder / "b.onnx"));
}

TEST(CliExport, BadInputExitsTwoWithOneLine) {
  const auto nothing = run_cli("export --space ofa-mbv3 --arch " + kArch);
  EXPECT_EQ(nothing.code, 2);
  EXPECT_NE(nothing.output.find("--onnx"), std::string::npos) << nothing.output;
  const auto bad_arch = run_cli("export --space ofa-mbv3 --arch 'r224|e9k9' --onnx /tmp/x.onnx");
  EXPECT_EQ(bad_arch.code, 2) << bad_arch.output;
  // Seeded weights of a space, or a supernet's: exactly one of the two.
  const auto both = run_cli("export --space ofa-mbv3 --supernet /tmp --arch " + kArch + " --onnx /tmp/x.onnx");
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.output.find("either --space"), std::string::npos) << both.output;
  const auto not_a_supernet = run_cli("export --supernet /nonexistent-supernet --arch " + kArch + " --onnx /tmp/x.onnx");
  EXPECT_EQ(not_a_supernet.code, 2);
  EXPECT_NE(not_a_supernet.output.find("/nonexistent-supernet"), std::string::npos) << not_a_supernet.output;
}

TEST(CliExport, HelpHasAnExample) {
  const auto help = run_cli("export --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.output.find("hwnas export --space"), std::string::npos) << help.output;
}

}  // namespace
}  // namespace hwnas
