#include "hwnas/engine/latency_parse.hpp"

#include <gtest/gtest.h>

namespace hwnas::engine {
namespace {

TEST(LatencyParse, TextLineInMilliseconds) {
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("warming up\nlatency: 12.3 ms\n"), 12.3e-3);
}

TEST(LatencyParse, MicrosecondsSecondsAndCase) {
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("Latency = 850 us"), 850e-6);
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("latency: 850 µs"), 850e-6);
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("LATENCY: 0.5 s"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("latency: 1.5e1 ms"), 15e-3);
}

TEST(LatencyParse, JsonObjectAloneOrOnALine) {
  EXPECT_DOUBLE_EQ(*parse_latency_seconds(R"({"latency_ms": 7.25, "runs": 50})"), 7.25e-3);
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("loading\n{\"latency_ms\": 4}\n"), 4e-3);
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("{\n  \"latency_ms\": 3.5\n}\n"), 3.5e-3);
}

TEST(LatencyParse, LastMatchWins) {
  EXPECT_DOUBLE_EQ(*parse_latency_seconds("latency: 20 ms\nlatency: 10 ms\n"), 10e-3);
}

TEST(LatencyParse, NothingRecognisable) {
  EXPECT_FALSE(parse_latency_seconds(""));
  EXPECT_FALSE(parse_latency_seconds("12.3 ms"));
  EXPECT_FALSE(parse_latency_seconds("latency: fast"));
  EXPECT_FALSE(parse_latency_seconds(R"({"latency_ms": "12"})"));
  EXPECT_FALSE(parse_latency_seconds("latency: 12 minutes"));
}

}  // namespace
}  // namespace hwnas::engine
