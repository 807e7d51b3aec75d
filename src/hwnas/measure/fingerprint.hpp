// The environment a measurement was taken in: enough to tell two
// measurements apart when they should not be mixed, stored as JSON beside every measurement.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hwnas::measure {

struct Fingerprint {
  std::string cpu_model;                // /proc/cpuinfo "model name" (or "unknown")
  int logical_cores = 0;                // online logical CPUs
  std::optional<std::string> governor;  // cpu0 scaling_governor, when the kernel exposes it
  std::string engine;                   // e.g. "torchscript"
  std::string engine_version;           // e.g. "2.1.0"
  int threads = 1;                      // engine intra-op threads
  std::vector<int> affinity;            // cores the measuring thread may run on
  std::string hwnas_version;            // HWNAS_VERSION
  std::string hostname;
  std::string kernel;                   // uname release
  // The measured device when it is not this machine (Engine::device_facts: a phone's model, SoC,
  // Android version, governor); omitted from the JSON when empty.
  nlohmann::json device = nlohmann::json::object();

  nlohmann::json to_json() const;
  static Fingerprint from_json(const nlohmann::json& json);
};

// Reads the machine's side now; the engine's side is passed in by the caller.
Fingerprint collect_fingerprint(const std::string& engine, const std::string& engine_version, int threads);

// The hostname alone, for device keys like "cpu-torchscript-t1@<host>".
std::string hostname();

}  // namespace hwnas::measure
