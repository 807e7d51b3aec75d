// MetricSource::evaluate checks the count every source returns, so profiling, search and the
// other callers can rely on one value per architecture without checking it themselves.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "hwnas/metric/metric_source.hpp"
#include "hwnas/space/space.hpp"

namespace hwnas::test {
namespace {

// Returns `count` values, however many architectures it is given.
class FixedCountSource final : public metric::MetricSource {
 public:
  explicit FixedCountSource(std::size_t count) : count_(count) {}
  const std::string& spec() const override { return spec_; }
  std::string unit() const override { return "ms"; }

 private:
  std::vector<std::optional<double>> evaluate_batch(const space::Space&, std::span<const arch::Architecture>) override {
    return std::vector<std::optional<double>>(count_, 1.0);
  }

  std::string spec_ = "latency:fixed-count";
  std::size_t count_;
};

TEST(MetricSource, ASourceReturningOneValuePerArchitecturePassesItsValuesThrough) {
  FixedCountSource source(3);
  const std::vector<arch::Architecture> archs(3);
  const auto values = source.evaluate(space::Space{}, archs);
  ASSERT_EQ(values.size(), 3u);
  for (const auto& v : values) EXPECT_EQ(v, 1.0);
}

TEST(MetricSource, ASourceReturningAnotherCountThrowsNamingItsSpecAndBothCounts) {
  const std::vector<arch::Architecture> archs(3);
  for (std::size_t count : {4, 2, 0}) {
    SCOPED_TRACE(count);
    FixedCountSource source(count);
    try {
      source.evaluate(space::Space{}, archs);
      FAIL() << "a source returning " << count << " values for 3 architectures was accepted";
    } catch (const std::logic_error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("latency:fixed-count"), std::string::npos) << message;
      EXPECT_NE(message.find(std::to_string(count) + " values for 3 architectures"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace hwnas::test
