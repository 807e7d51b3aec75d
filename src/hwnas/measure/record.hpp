// From a protocol result to the store's row, and the default device key. The one place that knows
// both the protocol's and the store's field names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "hwnas/measure/fingerprint.hpp"
#include "hwnas/measure/protocol.hpp"
#include "hwnas/store/records.hpp"

namespace hwnas::measure {

store::MeasurementRecord to_record(const Measurement& m, const ProtocolOptions& options, const Fingerprint& fingerprint,
                                   const std::string& arch_hash, const std::string& device_key,
                                   std::optional<std::int64_t> run_id);

// Adds a paired measurement's compensated median, interval and correlation to its raw row (made by
// to_record from p.network): median(t_net / t_ref) x baseline_s.
void add_compensation(store::MeasurementRecord& row, const PairedMeasurement& p, double baseline_s);

// "<target>-<engine>-t<threads>@<host>", e.g. "cpu-torchscript-t1@lab3": stable across runs on the
// same machine and setup, different when any of them differs.
std::string device_key(const std::string& target, const std::string& engine, int threads,
                       const std::string& host = hostname());

}  // namespace hwnas::measure
