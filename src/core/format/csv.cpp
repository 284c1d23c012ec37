#include <mestring/format/csv.hpp>

namespace mestring {

std::string render_check_csv(const CheckResult &r, CsvStyle style) {
  CsvWriter w(style);
  w.row({"file", "line", "case", "rule", "severity", "due", "message", "role", "owner"});
  for (const auto &f : r.findings) {
    w.text(f.file);
    if (f.line > 0)
      w.number(f.line);
    else
      w.empty();
    w.text(f.case_id.value_or("")).text(f.rule).text(to_string(f.severity)).date(f.due).text(f.message);
    w.text(f.role).text(f.owner).end_row();
  }
  return w.str();
}

} // namespace mestring
