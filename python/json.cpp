// JSON values and Python objects, both ways: the library describes results as nlohmann::json (the
// CLI's --json output), and Python sees the same fields as dicts and lists.
#include "bindings.hpp"

#include <cmath>

namespace hwnas::python {

py::object to_python(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return py::none();
    case nlohmann::json::value_t::boolean:
      return py::bool_(json.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return py::int_(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return py::int_(json.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float:
      return py::float_(json.get<double>());
    case nlohmann::json::value_t::string:
      return py::str(json.get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      py::list list;
      for (const auto& item : json) list.append(to_python(item));
      return list;
    }
    case nlohmann::json::value_t::object: {
      py::dict dict;
      for (const auto& [key, value] : json.items()) dict[py::str(key)] = to_python(value);
      return dict;
    }
    case nlohmann::json::value_t::binary:
      break;
  }
  throw py::type_error("binary JSON values have no Python form");
}

nlohmann::json to_json(py::handle object) {
  if (object.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(object)) return object.cast<bool>();
  if (py::isinstance<py::int_>(object)) return object.cast<std::int64_t>();
  if (py::isinstance<py::float_>(object)) return object.cast<double>();
  if (py::isinstance<py::str>(object)) return object.cast<std::string>();
  if (py::isinstance<py::dict>(object)) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : object.cast<py::dict>()) out[py::str(key).cast<std::string>()] = to_json(value);
    return out;
  }
  if (py::isinstance<py::list>(object) || py::isinstance<py::tuple>(object)) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : object) out.push_back(to_json(item));
    return out;
  }
  // NumPy scalars and other numbers: integers by __index__, the rest by their float value.
  if (py::hasattr(object, "__index__")) return py::int_(py::reinterpret_borrow<py::object>(object)).cast<std::int64_t>();
  if (py::hasattr(object, "__float__")) return py::float_(py::reinterpret_borrow<py::object>(object)).cast<double>();
  throw py::type_error("cannot convert a " + py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>() +
                       " to JSON");
}

}  // namespace hwnas::python
