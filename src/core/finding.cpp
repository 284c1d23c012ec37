#include <mestring/case.hpp>
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

std::optional<Severity> parse_severity(std::string_view t) {
  if (t == "info")
    return Severity::info;
  if (t == "warning")
    return Severity::warning;
  if (t == "error")
    return Severity::error;
  return std::nullopt;
}

std::string mask_cpr(const std::string& cpr) {
  if (cpr.size() >= 6)
    return cpr.substr(0, 6) + "-xxxx";
  return "xxxxxx-xxxx";
}

std::string programme_label(const std::string& paragraph) {
  if (paragraph == "mestringsforloeb")
    return "mestringsforløb";
  const bool legal = !paragraph.empty() && paragraph[0] >= '0' && paragraph[0] <= '9';
  return legal ? "§" + paragraph : paragraph;
}

} // namespace mestring
