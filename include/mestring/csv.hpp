#pragma once
// CSV as spreadsheets write it, and as mestring writes it for them.
//
// Reading (csv.cpp): comma, semicolon or tab separated (detected), quoted
// fields holding separators and newlines, CRLF or LF; one encoding per file:
// UTF-8 with or without a BOM, Windows-1252 (Danish Excel's "CSV
// (semikolonsepareret)"), or UTF-16 with its BOM (Excel's "Unicode text").
//
// Writing (csv_writer.cpp): one convention for every command (cli.md "CSV,
// every command alike"): `;` and a UTF-8 BOM by default, CRLF, RFC 4180
// quoting, and every text cell guarded against formula injection.

#include <mestring/date.hpp>
#include <mestring/encoding.hpp>
#include <mestring/expected.hpp>
#include <mestring/sheet_date.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// --- Reading ---

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

// Decodes the sheet to UTF-8, detects the separator from the header line, and
// splits records. The encoding is one for the whole file: a UTF-16 BOM means
// UTF-16; valid UTF-8 is UTF-8; anything else is Windows-1252 only if no byte
// run in it is valid multi-byte UTF-8 (nor a UTF-8 BOM). Fails, naming rows
// and never quoting their bytes, on a file that mixes UTF-8 and Windows-1252,
// on damaged UTF-16, on a NUL (a workbook or UTF-16 without its BOM), and on
// a quote that never closes.
Expected<CsvTable> read_csv(std::string_view bytes);

// --- Writing ---

struct CsvStyle {
  char delimiter = ';'; // what Danish Excel splits on
  bool bom = true;      // how Danish Excel knows the file is UTF-8
};

// Reads a delimiter as --delimiter or the config's csv.delimiter gives it:
// ";", ",", "|", or a tab ("tab", "\t" or the character itself).
Expected<char> parse_csv_delimiter(std::string_view text);

enum class DateForm {
  iso,    // 2025-12-31: what every output but export writes
  danish, // 31-12-2025: what export writes, for Danish Excel to see dates
};

// Builds one CSV text, cell by cell. Text cells go through printable() (bad
// UTF-8 as U+FFFD, control characters shown as escapes; line breaks and tabs
// kept), then the formula guard (guard_cell), then RFC 4180 quoting (cells
// holding the delimiter, a quote, CR or LF are quoted, quotes doubled).
// Numbers and dates are written by the writer itself and never guarded: a
// negative number is a number, not a formula, and Excel must see it as one.
class CsvWriter {
public:
  explicit CsvWriter(CsvStyle style = {});

  CsvWriter &text(std::string_view cell);
  CsvWriter &number(long long n);
  CsvWriter &date(Date d, DateForm form = DateForm::iso);
  CsvWriter &date(std::optional<Date> d, DateForm form = DateForm::iso); // empty when none
  CsvWriter &empty();
  // Ends the row with CRLF.
  CsvWriter &end_row();
  // A whole row of text cells, ended: the header.
  CsvWriter &row(std::initializer_list<std::string_view> cells);

  // The CSV so far, after the BOM if the style has one.
  const std::string &str() const { return out_; }

private:
  void put(std::string_view ready);
  CsvStyle style_;
  std::string out_;
  bool row_open_ = false;
};

// Returns the cell quoted as RFC 4180 says when it holds the separator, a
// quote, CR or LF; unchanged otherwise.
std::string csv_quote(std::string_view cell, char separator);

// Guards a cell against formula injection (OWASP): a cell starting with =, +,
// -, @, tab or carriage return gets a leading apostrophe. `unguard_cell`
// undoes exactly that.
std::string guard_cell(std::string_view cell);
std::string unguard_cell(std::string_view cell);

} // namespace mestring
