#include "targets.hpp"

#include <mestring/calendar.hpp>
#include <mestring/config.hpp>
#include <mestring/csv.hpp>
#include <mestring/import.hpp>
#include <mestring/load.hpp>
#include <mestring/privacy.hpp>
#include <mestring/rules.hpp>

#include <string>
#include <vector>

namespace mestring::fuzz {

namespace {

const Config &defaults() { return builtin_config(); }

const Date as_of = Date::from_ymd(2025, 11, 26);

} // namespace

void case_loader(std::string_view bytes) {
  const auto loaded = load_case(bytes, "cases/fuzz.yaml", defaults(), as_of);
  if (loaded.record) // the rules run on whatever the loader accepts
    (void)obligations_of(*loaded.record, defaults(), as_of);
}

void config(std::string_view bytes) {
  std::vector<Finding> errors;
  const auto cfg = load_config(bytes, "mestring.yaml", errors);
  if (errors.empty())
    (void)format_config(cfg);
}

void csv(std::string_view bytes) {
  const auto table = read_csv(bytes);
  if (!table)
    return;
  // What was read is written again by the one writer, in the sheet's separator.
  CsvWriter w({table->separator, false});
  for (const auto &row : table->rows) {
    for (const auto &cell : row.cells)
      w.text(cell);
    w.end_row();
  }
  (void)utf8_to_windows1252(redact_cpr(bytes));
}

void import(std::string_view bytes) {
  const auto table = read_csv(bytes);
  if (!table)
    return;
  // A folder that does not exist: planning never writes, and finds no file.
  const auto plan =
      plan_import(*table, "fuzz.csv", Repository{}, "/nonexistent/mestring-fuzz", defaults(), as_of, ImportOptions{});
  for (const auto &change : plan.changes)
    (void)describe_change(change);
}

void date(std::string_view bytes) {
  (void)parse_iso_date(bytes);
  (void)parse_sheet_date(bytes);
  if (const auto d = parse_duration(bytes))
    (void)format_duration(*d);
  (void)find_cpr_like(bytes);
}

} // namespace mestring::fuzz
