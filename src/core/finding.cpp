#include <mestring/finding.hpp>

namespace mestring {

std::string_view to_string(Severity s) {
  switch (s) {
  case Severity::info: return "info";
  case Severity::warning: return "warning";
  case Severity::error: return "error";
  }
  return "error";
}

std::string_view severity_name(Severity s, Lang lang) {
  static constexpr Text names[] = {{"info", "info"}, {"warning", "advarsel"}, {"error", "fejl"}};
  return names[size_t(s)](lang);
}

std::optional<Severity> parse_severity(std::string_view t) {
  if (t == "info")
    return Severity::info;
  if (t == "warning")
    return Severity::warning;
  if (t == "error")
    return Severity::error;
  return std::nullopt;
}

} // namespace mestring
