#pragma once
// CSV as spreadsheets write it: comma, semicolon or tab separated (detected),
// quoted fields holding separators and newlines, CRLF or LF, and UTF-8 with
// or without a BOM or Windows-1252 (Danish Excel's "CSV (semikolonsepareret)").

#include <mestring/date.hpp>
#include <mestring/expected.hpp>
#include <mestring/utf8.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

enum class Encoding { utf8, utf8_bom, windows1252 };

struct CsvRow {
  size_t row = 0; // the row number a spreadsheet shows: the header is row 1
  std::vector<std::string> cells;
};

struct CsvTable {
  Encoding encoding = Encoding::utf8;
  char separator = ',';
  std::vector<std::string> header;
  std::vector<CsvRow> rows; // rows whose cells are all empty are left out
};

// Decodes the bytes to UTF-8 (a BOM is dropped; bytes that are not valid
// UTF-8 are read as Windows-1252), detects the separator from the header
// line, and splits records. Fails on a quote that never closes.
Expected<CsvTable> read_csv(std::string_view bytes);

// Converts Windows-1252 bytes to UTF-8.
std::string windows1252_to_utf8(std::string_view bytes);
// Converts UTF-8 to Windows-1252; fails naming a character it cannot hold.
Expected<std::string> utf8_to_windows1252(std::string_view text);

// Returns one CSV record (no line end), quoting cells that need it.
std::string csv_record(const std::vector<std::string>& cells, char separator);

// Guards a cell against formula injection (OWASP): a cell starting with =, +,
// -, @, tab or carriage return gets a leading apostrophe. `unguard_cell`
// undoes exactly that.
std::string guard_cell(std::string_view cell);
std::string unguard_cell(std::string_view cell);

// Reads a date as Danish spreadsheets write it: YYYY-MM-DD, DD-MM-YYYY,
// DD.MM.YYYY, DD/MM/YYYY (day first, one or two digits), or a spreadsheet
// serial number (days since 1899-12-30, as Excel and LibreOffice count).
std::optional<Date> parse_sheet_date(std::string_view text);

} // namespace mestring
