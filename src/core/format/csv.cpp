#include <mestring/format/csv.hpp>

#include <fmt/format.h>

namespace mestring {

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(field);
  std::string out = "\"";
  for (const char c : field)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string render_check_csv(const CheckResult &r) {
  std::string out = "file,line,case,rule,severity,due,message\r\n";
  for (const auto &f : r.findings)
    out += fmt::format("{},{},{},{},{},{},{}\r\n", csv_field(f.file), f.line > 0 ? fmt::format("{}", f.line) : "",
                       csv_field(f.case_id.value_or("")), csv_field(f.rule), to_string(f.severity),
                       f.due ? f.due->iso() : "", csv_field(f.message));
  return out;
}

} // namespace mestring
