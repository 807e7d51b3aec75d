// A device key names one kind of device (src/hwnas/farm/device_match.hpp): a worker whose engine or
// hardware contradicts the key's registered fingerprint is refused, naming the fact that differs;
// host names and the host CPU of a phone's worker may differ.
#include <gtest/gtest.h>

#include "hwnas/common/error.hpp"
#include "hwnas/farm/device_match.hpp"

namespace hwnas::test {
namespace {

nlohmann::json host(const std::string& engine, const std::string& cpu, const std::string& hostname = "lab-1") {
  return {{"engine", engine}, {"cpu_model", cpu}, {"hostname", hostname}, {"kernel", "6.1.0"}};
}

nlohmann::json phone(const std::string& model, const std::string& host_cpu) {
  auto f = host("tflite-adb", host_cpu);
  f["device"] = {{"model", model}, {"serial", "1A2B"}};
  return f;
}

// The message of the refusal, or "" when the worker is accepted.
std::string refusal(const nlohmann::json& registered, const nlohmann::json& worker) {
  try {
    farm::check_same_kind("k", registered, worker);
    return "";
  } catch (const InputError& e) {
    return e.what();
  }
}

TEST(DeviceMatch, TheSameEngineAndCpuOnAnotherHostIsAccepted) {
  EXPECT_EQ(refusal(host("torchscript", "AMD EPYC 7763"), host("torchscript", "AMD EPYC 7763", "lab-2")), "");
}

TEST(DeviceMatch, AnotherEngineIsRefusedNamingIt) {
  const std::string message = refusal(host("torchscript", "AMD EPYC 7763"), host("onnxruntime", "AMD EPYC 7763"));
  EXPECT_NE(message.find("device key 'k' is registered as engine 'torchscript', but this worker has 'onnxruntime'"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("another --device-key"), std::string::npos) << message;
}

TEST(DeviceMatch, AnotherCpuIsRefusedNamingIt) {
  const std::string message = refusal(host("torchscript", "AMD EPYC 7763"), host("torchscript", "Intel Xeon Gold 6338"));
  EXPECT_NE(message.find("registered as cpu_model 'AMD EPYC 7763', but this worker has 'Intel Xeon Gold 6338'"),
            std::string::npos)
      << message;
}

TEST(DeviceMatch, APhoneIsJudgedByItsModelNotByItsHostsCpu) {
  EXPECT_EQ(refusal(phone("Pixel 7", "AMD EPYC 7763"), phone("Pixel 7", "Intel Core i7-1185G7")), "");
  const std::string message = refusal(phone("Pixel 7", "AMD EPYC 7763"), phone("Pixel 8", "AMD EPYC 7763"));
  EXPECT_NE(message.find("registered as device/model 'Pixel 7', but this worker has 'Pixel 8'"), std::string::npos)
      << message;
  // A worker whose engine reports no phone cannot stand in for one.
  EXPECT_NE(refusal(phone("Pixel 7", "AMD EPYC 7763"), host("tflite-adb", "AMD EPYC 7763")), "");
}

}  // namespace
}  // namespace hwnas::test
