// CSV export and import of measurements (docs/store.md, "CSV formats"):
// - hwnas format: one row per (architecture, device key), stats in milliseconds as columns;
// - BlockProfile's latency CSV: net_id,net_str,device,resolution,lat unit,end-to-end lat.
// Import recognises the format by its header. Converting between net_str and canonical text needs
// the design spaces, so the caller passes that conversion in; the store itself stays string-based.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "hwnas/store/store.hpp"

namespace hwnas::store {

enum class CsvFormat { hwnas, blockprofile };
CsvFormat csv_format_from_string(const std::string& text);

// net_str + resolution -> the architecture to store (canonical text and hash); throws InputError
// when the net_str is not valid.
using NetStrToArch = std::function<ArchRecord(const std::string& net_str, int resolution)>;
// Architecture -> net_str; nullopt when its space has no net_str form (the row is skipped).
using ArchToNetStr = std::function<std::optional<std::string>(const ArchRecord& arch)>;

struct CsvExportSummary {
  std::size_t rows = 0;
  std::size_t skipped = 0;  // blockprofile format: architectures without a net_str form
};
CsvExportSummary export_csv(Store& store, const std::filesystem::path& file, const MeasurementFilter& filter,
                            CsvFormat format = CsvFormat::hwnas, const ArchToNetStr& to_net_str = {});

struct CsvImportSummary {
  CsvFormat format = CsvFormat::hwnas;
  std::size_t rows = 0;
  std::size_t written = 0;
  std::size_t kept_existing = 0;  // rows whose (architecture, device) was stored already
  std::size_t new_devices = 0;
};
// Unknown device keys are registered with engine "imported" (their setup is not known). Each row is
// its own transaction, so an error on line N keeps lines before it; the error names file and line.
CsvImportSummary import_csv(Store& store, const std::filesystem::path& file, const NetStrToArch& from_net_str,
                            OnExisting on_existing = OnExisting::keep, std::optional<std::int64_t> run_id = std::nullopt);

}  // namespace hwnas::store
