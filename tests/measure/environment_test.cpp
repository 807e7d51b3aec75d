// Fingerprint fields and thread pinning on this machine.
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/measure/affinity.hpp"
#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/record.hpp"

namespace hwnas::measure {
namespace {

TEST(Fingerprint, HasEveryFieldAndRoundTrips) {
  const Fingerprint f = collect_fingerprint("torchscript", "2.1.0", 1);
  EXPECT_FALSE(f.cpu_model.empty());
  EXPECT_GE(f.logical_cores, 1);
  EXPECT_EQ(f.engine, "torchscript");
  EXPECT_EQ(f.engine_version, "2.1.0");
  EXPECT_EQ(f.threads, 1);
  EXPECT_FALSE(f.affinity.empty());
  EXPECT_EQ(f.hwnas_version, HWNAS_VERSION);
  EXPECT_FALSE(f.hostname.empty());
  EXPECT_FALSE(f.kernel.empty());
  const auto j = f.to_json();
  for (const char* key : {"cpu_model", "logical_cores", "governor", "engine", "engine_version", "threads", "affinity",
                          "hwnas_version", "hostname", "kernel"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(Fingerprint::from_json(j).to_json(), j);
}

TEST(DeviceKey, NamesTargetEngineThreadsAndHost) {
  EXPECT_EQ(device_key("cpu", "torchscript", 1, "lab3"), "cpu-torchscript-t1@lab3");
  EXPECT_EQ(device_key("cpu", "onnx", 4), "cpu-onnx-t4@" + hostname());
}

TEST(CoreList, ParsesNumbersAndRanges) {
  EXPECT_EQ(parse_core_list("0,2-3"), (std::vector<int>{0, 2, 3}));
  EXPECT_EQ(parse_core_list("5"), (std::vector<int>{5}));
  EXPECT_THROW(parse_core_list("a"), InputError);
  EXPECT_THROW(parse_core_list("3-1"), InputError);
  EXPECT_THROW(parse_core_list("1,"), InputError);
}

TEST(ScopedAffinity, PinsAndRestores) {
  const auto before = current_affinity();
  {
    const std::vector<int> one{before.back()};
    ScopedAffinity pin(one);
    EXPECT_EQ(current_affinity(), one);
  }
  EXPECT_EQ(current_affinity(), before);
  const std::vector<int> absent{1023};
  if (std::find(before.begin(), before.end(), 1023) == before.end()) {
    EXPECT_THROW(ScopedAffinity{absent}, InputError);
  }
}

}  // namespace
}  // namespace hwnas::measure
