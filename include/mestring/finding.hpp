#pragma once
// A finding is one thing `check` reports: a missed obligation or a broken
// record, with the file and line a coordinator opens to fix it.

#include <mestring/date.hpp>
#include <mestring/i18n.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mestring {

enum class Severity { info, warning, error };

std::string_view to_string(Severity s);
// "error", "warning", "info" as people read them: "fejl", "advarsel", "info" in Danish.
std::string_view severity_name(Severity s, Lang lang);
// Parses "info", "warning" or "error".
std::optional<Severity> parse_severity(std::string_view text);

struct Finding {
  Severity severity = Severity::error;
  std::string file;
  int line = 0;   // 1-based; 0 when no line applies
  int column = 0; // 1-based; 0 when not known
  std::string rule;
  std::string message;
  std::optional<std::string> case_id;
  std::optional<Date> due;
  std::string role;  // who must act on a missed obligation: "authority" or "coach"; "" for data findings
  std::string owner; // that person's name, from the case; "" when the case names nobody
};

} // namespace mestring
