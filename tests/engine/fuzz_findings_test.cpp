// Inputs fuzz/fuzz_tool_output found to crash the tool-output parsers, now a reading or one
// InputError each (docs/hardening.md).
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/engine/tool_output/tool_parsers.hpp"
#include "support/fuzz_finding.hpp"

namespace hwnas::engine {
namespace {

// What the command engine does with an output: "auto", then each parser by name.
void read_every_way(const std::string& output) {
  try {
    read_tool_output(output, "auto");
    for (const auto& parser : tool_parsers()) read_tool_output(output, parser.name);
  } catch (const InputError&) {
  }
}

TEST(FuzzFindings, TfliteLayerTimeThatIsNotANumber) {
  // A TFLite profile row whose [avg ms] column is text escaped from std::stod as invalid_argument.
  EXPECT_NO_THROW(read_every_way(test::fuzz_finding_text("engine", "tflite-layer-time-not-a-number.txt")));
}

TEST(FuzzFindings, NumbersBeyondDoubleAreInputErrors) {
  EXPECT_THROW(read_tool_output("Microseconds per iter: 1e999\n", "pytorch-mobile"), InputError);
  EXPECT_THROW(read_tool_output("latency: 1e999 ms\n", "auto"), InputError);
}

TEST(FuzzFindings, PyTorchObserverLinesOfOtherShapesAreSkipped) {
  const std::string output =
      "Starting benchmark.\n"
      "PyTorchObserver {\"metric\": 5, \"unit\": \"ms\", \"value\": 1}\n"
      "PyTorchObserver {\"metric\": \"latency\", \"unit\": [1], \"value\": 1}\n"
      "PyTorchObserver {\"metric\": \"latency\", \"unit\": \"ms\", \"value\": {}}\n"
      "Microseconds per iter: 1500\n";
  const auto reading = read_tool_output(output, "pytorch-mobile");
  ASSERT_TRUE(reading.report) << reading.error;
  EXPECT_DOUBLE_EQ(reading.report->seconds, 1.5e-3);
}

}  // namespace
}  // namespace hwnas::engine
