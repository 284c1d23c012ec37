#include <mestring/format/csv.hpp>

#include <mestring/csv.hpp>

#include <fmt/format.h>

namespace mestring {

namespace {

std::string csv_field(std::string_view field) { return csv_quote(field, ','); }

} // namespace

std::string render_check_csv(const CheckResult &r) {
  std::string out = "file,line,case,rule,severity,due,message\r\n";
  for (const auto &f : r.findings)
    out += fmt::format("{},{},{},{},{},{},{}\r\n", csv_field(f.file), f.line > 0 ? fmt::format("{}", f.line) : "",
                       csv_field(f.case_id.value_or("")), csv_field(f.rule), to_string(f.severity),
                       f.due ? f.due->iso() : "", csv_field(f.message));
  return out;
}

} // namespace mestring
