// The checks every backend makes before it writes (the contract's "bad input is an InputError,
// nothing written"), in one place so SQLite and PostgreSQL refuse the same things with the same
// words. Each throws InputError naming the store `url` and the offending value.
#pragma once

#include <string>

#include "hwnas/store/records.hpp"

namespace hwnas::store {

void check_architecture(const std::string& url, const ArchRecord& arch);
// The same hash stored with other content.
void check_same_architecture(const std::string& url, const ArchRecord& stored, const ArchRecord& arch);
void check_device(const std::string& url, const DeviceRecord& device);
// The same key registered with another engine or settings.
void check_same_device(const std::string& url, const DeviceRecord& stored, const DeviceRecord& device);
void check_measurement(const std::string& url, const MeasurementRecord& m);
// An ordinary measurement of `arch` (not a reference network).
void check_ordinary_measurement(const std::string& url, const ArchRecord& arch, const MeasurementRecord& m);
void check_reference_check(const std::string& url, const ArchRecord& reference, const MeasurementRecord& m);
void check_reference_baseline(const std::string& url, const ArchRecord& reference, const ReferenceBaseline& b);
void check_metric(const std::string& url, const ArchRecord& arch, const MetricRecord& value);
[[noreturn]] void throw_unknown_device(const std::string& url, std::string_view key);
[[noreturn]] void throw_unknown_run(const std::string& url, std::int64_t run_id);

}  // namespace hwnas::store
