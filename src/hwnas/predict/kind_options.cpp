#include "hwnas/predict/kind_options.hpp"

#include <fmt/core.h>

#include "hwnas/common/error.hpp"

namespace hwnas::predict {

nlohmann::json parse_kind_options(const std::vector<std::string>& options) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& o : options) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError(fmt::format("--option '{}': expected key=value", o));
    const std::string key = o.substr(0, eq), value = o.substr(eq + 1);
    try {
      std::size_t used = 0;
      const double number = std::stod(value, &used);
      if (used == value.size()) {
        j[key] = value.find_first_of(".eE") == std::string::npos ? nlohmann::json(static_cast<std::int64_t>(number))
                                                                  : nlohmann::json(number);
        continue;
      }
    } catch (const std::exception&) {
      // not a number (or out of double's range): kept as text below
    }
    j[key] = value;
  }
  return j;
}

}  // namespace hwnas::predict
