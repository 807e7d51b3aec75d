#include "hwnas/store/csv_io.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "hwnas/common/error.hpp"

namespace hwnas::store {
namespace {

// The header files were written with before drift compensation; they still import.
const std::vector<std::string> kHwnasHeaderV1 = {
    "arch_hash", "space",    "encoding", "arch",      "resolution", "device",    "median_ms",   "mean_ms",
    "min_ms",    "max_ms",   "p10_ms",   "p25_ms",    "p75_ms",     "p90_ms",    "iqr_ms",      "cov",
    "ci_low_ms", "ci_high_ms", "ci_level", "runs",    "warmup_runs", "precision_met", "stop_reason", "measured_at",
    "run_id"};
const std::vector<std::string> kCompensatedColumns = {"compensated_median_ms", "compensated_ci_low_ms",
                                                      "compensated_ci_high_ms", "pair_correlation"};
const std::vector<std::string> kHwnasHeader = [] {
  std::vector<std::string> header = kHwnasHeaderV1;
  header.insert(header.end(), kCompensatedColumns.begin(), kCompensatedColumns.end());
  return header;
}();
const std::vector<std::string> kBlockProfileHeader = {"net_id", "net_str", "device", "resolution", "lat unit", "end-to-end lat"};

std::string quote(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string join_row(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + quote(fields[i]);
  return line + "\n";
}

std::string ms(const std::optional<double>& seconds) { return seconds ? fmt::format("{}", *seconds * 1e3) : ""; }
std::string num(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : ""; }
std::string num(const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : ""; }

// RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines.
// Whether a field is UTF-8 text: fields end up in the store's JSON columns and JSON output, which
// cannot hold other bytes.
bool is_utf8(const std::string& field) {
  try {
    nlohmann::json(field).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

class CsvReader {
 public:
  explicit CsvReader(const std::filesystem::path& file) : file_(file), in_(file, std::ios::binary) {
    if (!in_) throw InputError(fmt::format("{}: cannot read the file", file.string()));
  }
  // false at end of file. line() is the line the record started on.
  bool next(std::vector<std::string>& fields) {
    fields.clear();
    if (in_.peek() == EOF) return false;
    start_line_ = ++line_;
    std::string field;
    bool quoted = false;
    char c = 0;
    while (in_.get(c)) {
      if (quoted) {
        if (c == '"' && in_.peek() == '"') {
          field += '"';
          in_.get(c);
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
      } else if (c == '\n') {
        break;
      } else if (c != '\r') {
        field += c;
      }
    }
    if (quoted) throw InputError(fmt::format("{} line {}: unterminated quoted field", file_.string(), start_line_));
    fields.push_back(std::move(field));
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!is_utf8(fields[i])) {
        throw InputError(fmt::format("{} line {}: field {} is not UTF-8 text", file_.string(), start_line_, i + 1));
      }
    }
    return true;
  }
  std::size_t line() const { return start_line_; }
  std::string where() const { return fmt::format("{} line {}", file_.string(), start_line_); }

 private:
  std::filesystem::path file_;
  std::ifstream in_;
  std::size_t line_ = 0;
  std::size_t start_line_ = 0;
};

// Columns by name, with conversions whose errors name file, line, column and value.
struct Row {
  const CsvReader& reader;
  const std::map<std::string, std::size_t>& columns;
  const std::vector<std::string>& fields;

  const std::string& text(const std::string& column) const { return fields.at(columns.at(column)); }
  std::optional<double> number(const std::string& column) const {
    const std::string& v = text(column);
    if (v.empty()) return std::nullopt;
    double out = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(out)) {
      throw InputError(fmt::format("{}: column '{}': expected a number, got '{}'", reader.where(), column, v));
    }
    return out;
  }
  double required(const std::string& column) const {
    const auto v = number(column);
    if (!v) throw InputError(fmt::format("{}: column '{}' is empty", reader.where(), column));
    return *v;
  }
  std::optional<double> seconds(const std::string& column) const {
    const auto v = number(column);
    return v ? std::optional<double>(*v / 1e3) : std::nullopt;
  }
  std::optional<std::int64_t> integer(const std::string& column) const {
    const auto v = number(column);
    if (v && *v != std::floor(*v)) {
      throw InputError(fmt::format("{}: column '{}': expected an integer, got '{}'", reader.where(), column, text(column)));
    }
    return v ? std::optional<std::int64_t>(static_cast<std::int64_t>(*v)) : std::nullopt;
  }
};

double unit_to_seconds(const std::string& unit, const std::string& where) {
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1.0;
  if (unit == "us") return 1e-6;
  throw InputError(fmt::format("{}: column 'lat unit': expected ms, s or us, got '{}'", where, unit));
}

}  // namespace

CsvFormat csv_format_from_string(const std::string& text) {
  if (text == "hwnas") return CsvFormat::hwnas;
  if (text == "blockprofile") return CsvFormat::blockprofile;
  throw InputError(fmt::format("CSV format '{}': expected hwnas or blockprofile", text));
}

CsvExportSummary export_csv(Store& store, const std::filesystem::path& file, const MeasurementFilter& filter,
                            CsvFormat format, const ArchToNetStr& to_net_str) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError(fmt::format("{}: cannot write the file", file.string()));
  CsvExportSummary summary;
  out << join_row(format == CsvFormat::hwnas ? kHwnasHeader : kBlockProfileHeader);
  for (const MeasurementRecord& m : store.measurements(filter)) {
    const ArchRecord arch = store.find_architecture(m.arch_hash).value();
    if (format == CsvFormat::blockprofile) {
      const auto net_str = to_net_str ? to_net_str(arch) : std::nullopt;
      if (!net_str) {
        ++summary.skipped;
        continue;
      }
      out << join_row({std::to_string(summary.rows), *net_str, m.device_key, std::to_string(arch.resolution), "ms",
                       fmt::format("{}", m.median_s * 1e3)});
    } else {
      const std::string met = m.precision_met ? (*m.precision_met ? "1" : "0") : "";
      out << join_row({arch.hash, arch.space, arch.encoding, arch.text, std::to_string(arch.resolution), m.device_key,
                       ms(m.median_s), ms(m.mean_s), ms(m.min_s), ms(m.max_s), ms(m.p10_s), ms(m.p25_s), ms(m.p75_s),
                       ms(m.p90_s), ms(m.iqr_s), num(m.cov), ms(m.ci_low_s), ms(m.ci_high_s), num(m.ci_level),
                       std::to_string(m.runs), num(m.warmup_runs), met, m.stop_reason.value_or(""), m.measured_at,
                       num(m.run_id), ms(m.compensated_median_s), ms(m.compensated_ci_low_s), ms(m.compensated_ci_high_s),
                       num(m.pair_correlation)});
    }
    ++summary.rows;
  }
  if (!out.flush()) throw InputError(fmt::format("{}: write failed", file.string()));
  return summary;
}

CsvImportSummary import_csv(Store& store, const std::filesystem::path& file, const NetStrToArch& from_net_str,
                            OnExisting on_existing, std::optional<std::int64_t> run_id) {
  CsvReader reader(file);
  std::vector<std::string> header;
  if (!reader.next(header)) throw InputError(fmt::format("{}: empty file, expected a CSV header", file.string()));
  CsvImportSummary summary;
  if (header == kBlockProfileHeader) {
    summary.format = CsvFormat::blockprofile;
  } else if (header == kHwnasHeader || header == kHwnasHeaderV1) {
    summary.format = CsvFormat::hwnas;
  } else {
    throw InputError(fmt::format("{} line 1: unknown header '{}'; expected the hwnas header (arch_hash,space,...) or "
                                 "BlockProfile's 'net_id,net_str,device,resolution,lat unit,end-to-end lat'",
                                 file.string(), join_row(header).substr(0, std::min<std::size_t>(120, join_row(header).size() - 1))));
  }
  std::map<std::string, std::size_t> columns;
  for (std::size_t i = 0; i < header.size(); ++i) columns[header[i]] = i;
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != header.size()) {
      throw InputError(fmt::format("{}: {} columns, the header has {}", reader.where(), fields.size(), header.size()));
    }
    const Row row{reader, columns, fields};
    ArchRecord arch;
    MeasurementRecord m;
    m.run_id = run_id;
    m.device_key = row.text("device");
    if (summary.format == CsvFormat::blockprofile) {
      const auto resolution = row.integer("resolution");
      if (!resolution) throw InputError(fmt::format("{}: column 'resolution' is empty", reader.where()));
      if (!from_net_str) throw InputError(fmt::format("{}: BlockProfile rows need a design space to read net_str", reader.where()));
      try {
        arch = from_net_str(row.text("net_str"), static_cast<int>(*resolution));
      } catch (const InputError& e) {
        throw InputError(fmt::format("{}: column 'net_str': {}", reader.where(), e.what()));
      }
      m.median_s = row.required("end-to-end lat") * unit_to_seconds(row.text("lat unit"), reader.where());
      m.protocol = {{"imported_from", file.string()}, {"format", "blockprofile"}, {"net_id", row.text("net_id")},
                    {"net_str", row.text("net_str")}, {"statistic", "end-to-end latency as published"}};
    } else {
      const auto resolution = row.integer("resolution");
      arch = {row.text("space"), row.text("encoding"), row.text("arch"), row.text("arch_hash"),
              static_cast<int>(resolution.value_or(0))};
      m.median_s = row.required("median_ms") / 1e3;
      m.mean_s = row.seconds("mean_ms");
      m.min_s = row.seconds("min_ms");
      m.max_s = row.seconds("max_ms");
      m.p10_s = row.seconds("p10_ms");
      m.p25_s = row.seconds("p25_ms");
      m.p75_s = row.seconds("p75_ms");
      m.p90_s = row.seconds("p90_ms");
      m.iqr_s = row.seconds("iqr_ms");
      m.cov = row.number("cov");
      m.ci_low_s = row.seconds("ci_low_ms");
      m.ci_high_s = row.seconds("ci_high_ms");
      m.ci_level = row.number("ci_level");
      m.runs = row.integer("runs").value_or(0);
      m.warmup_runs = row.integer("warmup_runs");
      if (const auto met = row.integer("precision_met")) m.precision_met = *met != 0;
      if (!row.text("stop_reason").empty()) m.stop_reason = row.text("stop_reason");
      m.measured_at = row.text("measured_at");
      if (header == kHwnasHeader) {
        m.compensated_median_s = row.seconds("compensated_median_ms");
        m.compensated_ci_low_s = row.seconds("compensated_ci_low_ms");
        m.compensated_ci_high_s = row.seconds("compensated_ci_high_ms");
        m.pair_correlation = row.number("pair_correlation");
      }
      m.protocol = {{"imported_from", file.string()}, {"format", "hwnas"}};
    }
    m.arch_hash = arch.hash;
    if (m.device_key.empty()) throw InputError(fmt::format("{}: column 'device' is empty", reader.where()));
    if (!store.find_device(m.device_key)) {
      store.put_device({m.device_key, "imported", {{"imported_from", file.string()}}, nlohmann::json::object()});
      ++summary.new_devices;
    }
    try {
      if (store.put_measurement(arch, m, on_existing)) {
        ++summary.written;
      } else {
        ++summary.kept_existing;
      }
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: {}", reader.where(), e.what()));
    }
    ++summary.rows;
  }
  return summary;
}

}  // namespace hwnas::store
