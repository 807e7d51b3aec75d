// The profile report renders: every figure is a real PNG, and headless Chromium loads index.html
// and every image it references (a separate checker page loads them; the report has no script).
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "../cli/cli_run.hpp"
#include "hwnas/metric/cost_metrics.hpp"
#include "hwnas/profile/profile_io.hpp"
#include "hwnas/profile/profiler.hpp"
#include "hwnas/report/profile_report.hpp"
#include "hwnas/space/space_loader.hpp"
#include "support/temp_dir.hpp"

namespace hwnas::report {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> image_sources(const std::string& html) {
  std::vector<std::string> out;
  const std::regex img(R"re(<img src="([^"]+)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), img); it != std::sregex_iterator(); ++it) out.push_back((*it)[1]);
  return out;
}

// PNG signature and a non-empty IHDR.
void expect_png(const fs::path& p) {
  const std::string bytes = read_text(p);
  ASSERT_GT(bytes.size(), 24U) << p;
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << p;
  const auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(bytes[at]) << 24) | (static_cast<unsigned char>(bytes[at + 1]) << 16) |
           (static_cast<unsigned char>(bytes[at + 2]) << 8) | static_cast<unsigned char>(bytes[at + 3]);
  };
  EXPECT_GT(be32(16), 100U) << p;  // width
  EXPECT_GT(be32(20), 100U) << p;  // height
}

std::string run_capture(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// Loads every image in headless Chromium from a checker page and returns how many loaded with a
// non-zero natural size.
int images_loaded_in_chromium(const fs::path& dir, const std::vector<std::string>& sources, std::string& dom) {
  const fs::path checker = dir / "checker";
  fs::create_directories(checker);
  std::ofstream page(checker / "check.html");
  page << "<!DOCTYPE html><html><body><div id=\"out\"></div><script>\nconst srcs = [";
  for (const auto& s : sources) page << "\"file://" << fs::absolute(dir / s).string() << "\",";
  page << "];\nfor (const s of srcs) { const im = new Image();\n"
          "  im.onload = () => { if (im.naturalWidth > 0) document.getElementById('out').insertAdjacentHTML('beforeend', '<p>' + '@@' + 'loaded ' + s + '</p>'); };\n"
          "  im.src = s; }\n</script></body></html>\n";
  page.close();
  dom = run_capture("timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking "
                    "--disable-component-update --no-first-run --disable-sync --user-data-dir=" + (checker / "profile").string() +
                    " --virtual-time-budget=10000 --dump-dom file://" + (checker / "check.html").string() + " 2>/dev/null");
  int loaded = 0;
  for (std::size_t at = dom.find("@@loaded "); at != std::string::npos; at = dom.find("@@loaded ", at + 1)) ++loaded;
  return loaded;
}

class ProfileReport : public ::testing::TestWithParam<std::string> {};

TEST_P(ProfileReport, RendersEveryFigureAndChromiumLoadsThem) {
  const space::Space space = space::load_space(GetParam());
  metric::CostMetric macs(metric::CostKind::macs);
  profile::ProfileOptions options;
  options.samples = 20;
  options.bootstrap = 20;
  profile::ProfileResult result = profile::run_profile(space, {&macs}, options);
  result.provenance = {"test", "2026-01-01T00:00:00Z", "test"};
  const test::TempDir tmp("report");
  const fs::path dir = tmp / GetParam();
  // Regenerated from the saved JSON, as a report should be.
  profile::write_profile(result, dir);
  const fs::path index = write_profile_report(profile::read_profile(dir), dir / "report");
  const std::string html = read_text(index);
  const auto sources = image_sources(html);
  const bool depth_choices = GetParam() != "spos";
  EXPECT_EQ(sources.size(), depth_choices ? 3U : 2U) << html.substr(0, 500);
  for (const auto& s : sources) expect_png(dir / "report" / s);
  EXPECT_NE(html.find("E[M(A)]"), std::string::npos);
  ASSERT_EQ(std::system("command -v chromium >/dev/null 2>&1"), 0) << "chromium not installed (scripts/install-deps.sh)";
  std::string dom;
  EXPECT_EQ(images_loaded_in_chromium(dir / "report", sources, dom), static_cast<int>(sources.size())) << dom;
}

// ofa-mbv3: expand × kernel heatmap; resnet50: width × expand heatmap; spos: bar chart, no depth.
INSTANTIATE_TEST_SUITE_P(Spaces, ProfileReport, ::testing::Values("ofa-mbv3", "resnet50", "spos"));

TEST(ProfileCommand, WritesDataAndReport) {
  const test::TempDir tmp("profile-command");
  const fs::path dir = tmp / "cli-profile";
  const auto r = test::run_cli("profile --space proxyless --metric macs params --samples 10 --bootstrap 10 --resolution 192 224 --out " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("cells done"), std::string::npos) << r.output;  // progress on stderr
  EXPECT_TRUE(fs::exists(dir / "cells.csv"));
  EXPECT_TRUE(fs::exists(dir / "blocks.csv"));
  const profile::ProfileResult back = profile::read_profile(dir);
  EXPECT_EQ(back.profiles.size(), 4U);  // 2 metrics × 2 resolutions
  EXPECT_EQ(back.profiles[0].unit, "MACs");
  EXPECT_NE(back.provenance.command.find("--resolution 192 224"), std::string::npos);
  EXPECT_EQ(image_sources(read_text(dir / "report" / "index.html")).size(), 4U * 3U);
  const auto bad = test::run_cli("profile --space proxyless --metric nonsense --out " + dir.string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("unknown metric 'nonsense'"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace hwnas::report
