#include "hwnas/farm/device_match.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::farm {
namespace {

std::string fact(const nlohmann::json& fingerprint, const nlohmann::json::json_pointer& where) {
  if (!fingerprint.contains(where)) return {};
  const auto& value = fingerprint.at(where);
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

void check_same_kind(const std::string& device_key, const nlohmann::json& registered, const nlohmann::json& worker) {
  const bool remote = !fact(registered, "/device/model"_json_pointer).empty() || !fact(worker, "/device/model"_json_pointer).empty();
  const auto hardware = remote ? "/device/model"_json_pointer : "/cpu_model"_json_pointer;
  for (const auto& where : {"/engine"_json_pointer, hardware}) {
    const std::string want = fact(registered, where);
    const std::string have = fact(worker, where);
    if (want != have) {
      throw InputError(fmt::format("device key '{}' is registered as {} '{}', but this worker has '{}'; a key names one "
                                   "kind of device: start this worker under another --device-key",
                                   device_key, where.to_string().substr(1), want, have));
    }
  }
}

}  // namespace hwnas::farm
