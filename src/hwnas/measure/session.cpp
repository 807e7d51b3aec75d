#include "hwnas/measure/session.hpp"

#include "hwnas/measure/record.hpp"

#include <chrono>

namespace hwnas::measure {

MeasureSession::MeasureSession(store::Store& store, const store::DeviceRecord& device, ProtocolOptions options,
                               Fingerprint fingerprint, std::optional<std::int64_t> run_id)
    : store_(store),
      device_key_(device.key),
      options_(options),
      fingerprint_(std::move(fingerprint)),
      run_id_(run_id) {
  options_.validate();
  store_.put_device(device);
}

void MeasureSession::monitor_reference(ReferenceNetwork reference, std::size_t every) {
  monitor_.emplace(store_, std::move(reference), device_key_, every, options_, fingerprint_, run_id_);
  monitor_->check_now();
}

std::optional<Measurement> MeasureSession::measure(const store::ArchRecord& arch, const BuildRunner& build,
                                                   store::OnExisting on_existing, const Annotate& annotate,
                                                   const CompensationFor& compensation, const Commit& commit) {
  if (on_existing == store::OnExisting::keep && store_.has_measurement(arch.hash, device_key_)) {
    ++skipped_;
    return std::nullopt;
  }
  const Compensation against = compensation ? compensation() : Compensation{};
  const auto start = std::chrono::steady_clock::now();
  const RunOnce run = build();
  Measurement m;
  store::MeasurementRecord row;
  if (against.reference) {
    const PairedMeasurement p = run_paired_protocol(run, against.reference, options_);
    m = p.network;
    row = to_record(m, options_, fingerprint_, arch.hash, device_key_, run_id_);
    add_compensation(row, p, against.baseline_s);
  } else {
    m = run_protocol(run, options_);
    row = to_record(m, options_, fingerprint_, arch.hash, device_key_, run_id_);
  }
  if (annotate) annotate(m, row);
  if (commit) {
    commit(arch, row);
  } else {
    store_.put_measurement(arch, row, on_existing);
  }
  ++measured_;
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  protocol_seconds_ += m.wall_seconds;
  own_seconds_ += elapsed.count() - m.wall_seconds;
  if (monitor_) monitor_->after_network();
  return m;
}

void MeasureSession::finish(store::RunStatus status) {
  if (run_id_) store_.end_run(*run_id_, status);
}

}  // namespace hwnas::measure
