#pragma once
// Spreadsheet import and export (cli.md, "Import from spreadsheets"). Import
// is planned in full before anything is written: every row is validated,
// every change is applied in memory and proved by re-reading; only a plan
// with no errors is written. Export writes what import reads back unchanged.

#include <mestring/config.hpp>
#include <mestring/csv.hpp>
#include <mestring/edit.hpp>
#include <mestring/load.hpp>
#include <mestring/schema.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mestring {

enum class SheetKind { cases, events };

struct ImportOptions {
  std::optional<SheetKind> kind;         // detected when absent
  std::map<std::string, Column> columns; // --map: normalized header → column
  bool overwrite = false;
};

struct ImportPlan {
  SheetKind kind = SheetKind::cases;
  std::vector<std::string> errors; // "FILE:ROW: column "X": "V" is not …"
  std::vector<std::string> notes;  // unused columns and the like
  std::vector<FileChange> changes; // files to create or replace
  size_t rows = 0;
  size_t unchanged_rows = 0; // rows already in the files
};

// Reads a --map file: `columns: {"Header": field}`. Fails naming the line.
Expected<std::map<std::string, Column>> read_column_map(std::string_view text, const std::string &file);

// Plans the import of `table` (read from `sheet`, the name errors use) into
// the case files of `repo`, new files going to `cases_dir`.
ImportPlan plan_import(const CsvTable &table, const std::string &sheet, const Repository &repo,
                       const std::string &cases_dir, const Config &cfg, Date as_of, const ImportOptions &opt);

// Returns a unified-style diff of one planned change, for --dry-run.
std::string describe_change(const FileChange &change);

// One row per case with the import's Danish headers, written by the one CSV
// writer (so guarded against formula injection), dates as DD-MM-YYYY, end
// reasons in `lang` (import reads either). CPR masked unless show_cpr.
std::string export_cases(const std::vector<Case> &cases, CsvStyle style, bool show_cpr, Lang lang);

} // namespace mestring
