// Store records as JSON objects: what `hwnas db show --json` prints and what Python's
// Store.measurements() / Store.metrics() return, so both show the same fields.
#pragma once

#include <nlohmann/json.hpp>

#include "hwnas/store/records.hpp"

namespace hwnas::store {

// Every field of a measurement (seconds, raw run times included) with its architecture's record.
nlohmann::json measurement_json(const ArchRecord& arch, const MeasurementRecord& m);
nlohmann::json metric_json(const MetricRecord& value);

}  // namespace hwnas::store
