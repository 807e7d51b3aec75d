// hwnas.open_store and hwnas.Store: the profile store (store/, docs/store.md) read as lists of dicts
// (the fields of `hwnas db show --json`) or as NumPy structured arrays of the numeric columns.
#include "bindings.hpp"

#include <pybind11/stl.h>

#include "hwnas/store/record_json.hpp"
#include "hwnas/store/store.hpp"

namespace hwnas::python {
namespace {

using StorePtr = std::shared_ptr<store::Store>;

nlohmann::json measurements_json(store::Store& s, const store::MeasurementFilter& filter) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : s.measurements(filter)) out.push_back(store::measurement_json(s.find_architecture(m.arch_hash).value(), m));
  return out;
}

// The rows as a NumPy structured array: str columns as unicode, numbers as float64 (None -> NaN).
py::object structured_array(const nlohmann::json& rows, const std::vector<std::pair<std::string, std::string>>& columns) {
  py::list records;
  for (const auto& row : rows) {
    py::list record;
    for (const auto& [name, kind] : columns) {
      const auto& v = row.at(name);
      if (kind == "U") {
        record.append(v.is_null() ? std::string() : v.get<std::string>());
      } else {
        record.append(v.is_null() ? std::nan("") : v.get<double>());
      }
    }
    records.append(py::tuple(record));
  }
  // Unicode columns as wide as their longest value.
  py::list sized;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::size_t longest = 1;
    if (columns[c].second == "U") {
      for (const auto& row : rows) {
        const auto& v = row.at(columns[c].first);
        if (!v.is_null()) longest = std::max(longest, v.get<std::string>().size());
      }
    }
    sized.append(py::make_tuple(columns[c].first, columns[c].second == "U" ? "U" + std::to_string(longest) : "f8"));
  }
  return py::module_::import("numpy").attr("array")(records, py::arg("dtype") = sized);
}

const std::vector<std::pair<std::string, std::string>> kMeasurementColumns{
    {"arch_hash", "U"}, {"space", "U"}, {"arch", "U"}, {"resolution", "f"}, {"device", "U"},
    {"median_s", "f"},  {"mean_s", "f"}, {"min_s", "f"}, {"max_s", "f"},   {"iqr_s", "f"},
    {"cov", "f"},       {"runs", "f"},   {"compensated_median_s", "f"}};
const std::vector<std::pair<std::string, std::string>> kMetricColumns{
    {"arch_hash", "U"}, {"source", "U"}, {"value", "f"}};

}  // namespace

void bind_store(py::module_& m) {
  py::class_<store::Store, StorePtr>(m, "Store",
                                     "A profile store (docs/store.md): devices, measurements, metric values and runs.\n"
                                     "Open one with hwnas.open_store(url).")
      .def_property_readonly("url", &store::Store::url)
      .def(
          "measurements",
          [](store::Store& s, std::optional<std::string> device, std::optional<std::string> space, bool include_reference,
             bool as_array) {
            nlohmann::json rows;
            {
              py::gil_scoped_release release;
              rows = measurements_json(s, {device, space, include_reference});
            }
            return as_array ? structured_array(rows, kMeasurementColumns) : to_python(rows);
          },
          py::arg("device") = py::none(), py::arg("space") = py::none(), py::arg("include_reference") = false,
          py::arg("as_array") = false,
          "Measurements, optionally of one device key and/or space, as a list of dicts with the fields of\n"
          "`hwnas db show --json` (seconds; raw run times in 'run_times_s'). as_array=True gives a NumPy\n"
          "structured array of arch_hash, space, arch, resolution, device, median_s, mean_s, min_s, max_s,\n"
          "iqr_s, cov, runs, compensated_median_s (NaN where absent).")
      .def(
          "metrics",
          [](store::Store& s, const std::string& source, bool as_array) {
            nlohmann::json rows = nlohmann::json::array();
            {
              py::gil_scoped_release release;
              for (const auto& v : s.metrics(source)) rows.push_back(store::metric_json(v));
            }
            return as_array ? structured_array(rows, kMetricColumns) : to_python(rows);
          },
          py::arg("source"), py::arg("as_array") = false,
          "Stored values of one metric source (e.g. 'accuracy:sn1') as a list of dicts {arch_hash, source,\n"
          "value, provenance, run_id, recorded_at}, or a structured array of arch_hash, source, value.")
      .def(
          "devices",
          [](store::Store& s) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& d : s.devices()) {
              out.push_back({{"key", d.key}, {"engine", d.engine}, {"settings", d.settings}, {"fingerprint", d.fingerprint}});
            }
            return to_python(out);
          },
          "Registered devices: [{'key', 'engine', 'settings', 'fingerprint'}].")
      .def(
          "counts",
          [](store::Store& s) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& c : s.counts()) out.push_back({{"space", c.space}, {"device", c.device_key}, {"measurements", c.measurements}});
            return to_python(out);
          },
          "Ordinary measurements per (space, device key).")
      .def("__repr__", [](const store::Store& s) { return "<hwnas.Store '" + s.url() + "'>"; });

  m.def(
      "open_store", [](const std::string& url) { return StorePtr(store::open_store(url)); }, py::arg("url"),
      "Opens (creating if absent) the store a URL names: sqlite:///abs/path.db, sqlite://rel/path.db,\n"
      "a plain path, or ':memory:'. A corrupt or foreign file raises hwnas.InputError.");
}

}  // namespace hwnas::python
