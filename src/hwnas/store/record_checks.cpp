#include "hwnas/store/record_checks.hpp"

#include <cmath>

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::store {

void check_architecture(const std::string& url, const ArchRecord& arch) {
  if (arch.hash.empty() || arch.space.empty() || arch.text.empty() || arch.encoding.empty()) {
    throw InputError(fmt::format("profile store {}: architecture needs space, encoding, text and hash (got space '{}', hash '{}')",
                                 url, arch.space, arch.hash));
  }
}

void check_same_architecture(const std::string& url, const ArchRecord& stored, const ArchRecord& arch) {
  if (!(stored == arch)) {
    throw InputError(fmt::format("profile store {}: architecture hash {} is stored as {} '{}' r{} ({}), not {} '{}' r{} ({})",
                                 url, arch.hash, stored.space, stored.text, stored.resolution, stored.encoding, arch.space,
                                 arch.text, arch.resolution, arch.encoding));
  }
}

void check_device(const std::string& url, const DeviceRecord& device) {
  if (device.key.empty() || device.engine.empty()) {
    throw InputError(fmt::format("profile store {}: a device needs a key and an engine (got key '{}')", url, device.key));
  }
}

void check_same_device(const std::string& url, const DeviceRecord& stored, const DeviceRecord& device) {
  // Same key, different setup would silently mix measurements: refuse.
  if (stored.engine != device.engine || stored.settings != device.settings) {
    throw InputError(fmt::format("profile store {}: device key '{}' is registered with engine {} settings {}, not engine {} settings {}; "
                                 "use another key for another setup",
                                 url, device.key, stored.engine, stored.settings.dump(), device.engine, device.settings.dump()));
  }
}

void check_measurement(const std::string& url, const MeasurementRecord& m) {
  if (!std::isfinite(m.median_s) || m.median_s < 0) {
    throw InputError(fmt::format("profile store {}: measurement of {} on {}: median must be a finite time >= 0 s, got {}",
                                 url, m.arch_hash, m.device_key, m.median_s));
  }
  if (m.runs < 0 || static_cast<std::size_t>(m.runs) < m.run_times_s.size()) {
    throw InputError(fmt::format("profile store {}: measurement of {} on {}: runs ({}) must be >= 0 and cover the {} raw times",
                                 url, m.arch_hash, m.device_key, m.runs, m.run_times_s.size()));
  }
  if (m.compensated_median_s && (!std::isfinite(*m.compensated_median_s) || *m.compensated_median_s < 0)) {
    throw InputError(fmt::format("profile store {}: measurement of {} on {}: compensated median must be a finite time >= 0 s, got {}",
                                 url, m.arch_hash, m.device_key, *m.compensated_median_s));
  }
  if (!m.reference_times_s.empty() && m.reference_times_s.size() != m.run_times_s.size()) {
    throw InputError(fmt::format("profile store {}: measurement of {} on {}: {} reference times for {} runs; each run has one",
                                 url, m.arch_hash, m.device_key, m.reference_times_s.size(), m.run_times_s.size()));
  }
}

void check_ordinary_measurement(const std::string& url, const ArchRecord& arch, const MeasurementRecord& m) {
  check_measurement(url, m);
  if (m.arch_hash != arch.hash) {
    throw InputError(fmt::format("profile store {}: measurement is of {}, but the architecture given is {}", url, m.arch_hash, arch.hash));
  }
  if (arch.space == kReferenceSpace || m.repeat != 0) {
    throw InputError(fmt::format("profile store {}: reference networks ({}) are stored with add_reference_check", url, arch.hash));
  }
}

void check_reference_check(const std::string& url, const ArchRecord& reference, const MeasurementRecord& m) {
  check_measurement(url, m);
  if (reference.space != kReferenceSpace || m.arch_hash != reference.hash) {
    throw InputError(fmt::format("profile store {}: a reference check needs an architecture of space {} matching the measurement (got {} {})",
                                 url, kReferenceSpace, reference.space, reference.hash));
  }
}

void check_reference_baseline(const std::string& url, const ArchRecord& reference, const ReferenceBaseline& b) {
  if (reference.hash != b.reference_hash || reference.space != b.space || reference.resolution != b.resolution ||
      !std::isfinite(b.baseline_s) || !(b.baseline_s > 0)) {
    throw InputError(fmt::format("profile store {}: reference baseline of {} {} r{}: needs the reference of that space and "
                                 "resolution and a time > 0 s (got {} of {} r{}, {} s)",
                                 url, b.device_key, b.space, b.resolution, reference.hash, reference.space,
                                 reference.resolution, b.baseline_s));
  }
}

void check_metric(const std::string& url, const ArchRecord& arch, const MetricRecord& value) {
  if (value.arch_hash != arch.hash || value.source.empty() || !std::isfinite(value.value)) {
    throw InputError(fmt::format("profile store {}: metric value needs a source, a finite value and the architecture's hash "
                                 "(got source '{}', value {}, hash {} for architecture {})",
                                 url, value.source, value.value, value.arch_hash, arch.hash));
  }
}

void throw_unknown_device(const std::string& url, std::string_view key) {
  throw InputError(fmt::format("profile store {}: unknown device key '{}' (register it first; `hwnas db list` shows the known ones)",
                               url, key));
}

void throw_unknown_run(const std::string& url, std::int64_t run_id) {
  throw InputError(fmt::format("profile store {}: no run with id {}", url, run_id));
}

}  // namespace hwnas::store
