#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/engine/engine.hpp"
#include "../export/test_graphs.hpp"
#include "support/test_paths.hpp"

namespace hwnas::engine {
namespace {

const std::string kScript = hwnas::test::source_dir() + "/tests/engine/data/fake_bench.sh";

RunResult run_command(const std::string& format, const std::string& file = "{onnx}") {
  const auto engine = make_engine("command:" + kScript + " " + format + " " + file + " {threads}", 3);
  const auto graph = testing::mbconv_graph();
  engine->build(graph, exporting::random_weights(graph, 1));
  return engine->run();
}

TEST(CommandEngine, ReadsTextJsonAndMicroseconds) {
  EXPECT_DOUBLE_EQ(run_command("text").seconds, 12.5e-3);
  EXPECT_DOUBLE_EQ(run_command("json").seconds, 7.25e-3);
  EXPECT_DOUBLE_EQ(run_command("micro").seconds, 850e-6);
}

TEST(CommandEngine, WritesTheTorchScriptFile) {
  const auto result = run_command("text", "{torchscript}");
  EXPECT_TRUE(result.ok()) << result.error;
}

TEST(CommandEngine, FailuresAreValues) {
  const auto failed = run_command("fail");
  EXPECT_FALSE(failed.ok());
  EXPECT_NE(failed.error.find("device not found"), std::string::npos) << failed.error;
  const auto silent = run_command("none");
  EXPECT_FALSE(silent.ok());
  EXPECT_NE(silent.error.find("no latency"), std::string::npos) << silent.error;
}

TEST(CommandEngine, GivesNoOutputsAndNeedsAModelPlaceholder) {
  const auto engine = make_engine("command:" + kScript + " text {onnx} 1", 1);
  EXPECT_FALSE(engine->gives_outputs());
  EXPECT_THROW(engine->infer({}), InputError);
  EXPECT_EQ(engine->name(), "command");
  EXPECT_THROW(make_engine("command:true", 1), InputError);
}

}  // namespace
}  // namespace hwnas::engine
