#include "hwnas/measure/fingerprint.hpp"

#include <fstream>
#include <string>

#include <sys/utsname.h>
#include <unistd.h>

#include "hwnas/measure/affinity.hpp"

namespace hwnas::measure {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    // x86 says "model name"; some ARM kernels only give "Hardware" or "Processor".
    for (const char* key : {"model name", "Hardware", "Processor"}) {
      if (line.rfind(key, 0) == 0) {
        const auto colon = line.find(':');
        if (colon != std::string::npos) return trim(line.substr(colon + 1));
      }
    }
  }
  return "unknown";
}

std::optional<std::string> governor() {
  std::ifstream in("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  std::string value;
  if (!in || !std::getline(in, value)) return std::nullopt;
  return trim(value);
}

}  // namespace

std::string hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown";
  return name;
}

Fingerprint collect_fingerprint(const std::string& engine, const std::string& engine_version, int threads) {
  Fingerprint f;
  f.cpu_model = cpu_model();
  f.logical_cores = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  f.governor = governor();
  f.engine = engine;
  f.engine_version = engine_version;
  f.threads = threads;
  f.affinity = current_affinity();
  f.hwnas_version = HWNAS_VERSION;
  f.hostname = hostname();
  utsname u{};
  f.kernel = uname(&u) == 0 ? u.release : "unknown";
  return f;
}

nlohmann::json Fingerprint::to_json() const {
  nlohmann::json j = {{"cpu_model", cpu_model},
          {"logical_cores", logical_cores},
          {"governor", governor ? nlohmann::json(*governor) : nlohmann::json(nullptr)},
          {"engine", engine},
          {"engine_version", engine_version},
          {"threads", threads},
          {"affinity", affinity},
          {"hwnas_version", hwnas_version},
          {"hostname", hostname},
          {"kernel", kernel}};
  if (!device.empty()) j["device"] = device;
  return j;
}

Fingerprint Fingerprint::from_json(const nlohmann::json& j) {
  Fingerprint f;
  f.cpu_model = j.value("cpu_model", "");
  f.logical_cores = j.value("logical_cores", 0);
  if (j.contains("governor") && j["governor"].is_string()) f.governor = j["governor"].get<std::string>();
  f.engine = j.value("engine", "");
  f.engine_version = j.value("engine_version", "");
  f.threads = j.value("threads", 1);
  f.affinity = j.value("affinity", std::vector<int>{});
  f.hwnas_version = j.value("hwnas_version", "");
  f.hostname = j.value("hostname", "");
  f.kernel = j.value("kernel", "");
  f.device = j.value("device", nlohmann::json::object());
  return f;
}

}  // namespace hwnas::measure
