#include "hwnas/store/url_password.hpp"

#include <regex>

namespace hwnas::store {

std::string hide_password(std::string_view text) {
  // user:password@ right after the scheme; the user part has no ':', '@' or '/'.
  static const std::regex userinfo(R"((postgres(?:ql)?://[^:@/\s]*):[^@/\s]*@)");
  static const std::regex parameter(R"((\bpassword=)[^&\s]*)");
  std::string out = std::regex_replace(std::string(text), userinfo, "$1:***@");
  return std::regex_replace(out, parameter, "$1***");
}

}  // namespace hwnas::store
