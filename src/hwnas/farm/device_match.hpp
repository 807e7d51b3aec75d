// A device key names a device, not a process: every worker of a key must be the same kind of
// device. The key's registered fingerprint (its first measurement's machine) and a new worker's
// must agree on the engine and on the hardware: the phone or board model where the engine reports
// one, else the CPU model. Host names, kernels and hwnas versions may differ.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace hwnas::farm {

// Throws InputError naming the key and the first fact that differs.
void check_same_kind(const std::string& device_key, const nlohmann::json& registered, const nlohmann::json& worker);

}  // namespace hwnas::farm
