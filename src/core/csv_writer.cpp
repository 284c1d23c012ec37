// The one CSV writer. Every CSV mestring writes goes through here, so that
// the formula guard, the quoting and the line ends cannot differ between
// commands (they did: three copies quoted for a comma only, and two of them
// had no guard).
#include <mestring/csv.hpp>
#include <mestring/i18n.hpp>
#include <mestring/text.hpp>

#include <fmt/format.h>

namespace mestring {

namespace {

constexpr std::string_view formula_starts = "=+-@\t\r";

} // namespace

Expected<char> parse_csv_delimiter(std::string_view text) {
  if (text == ";" || text == "," || text == "|")
    return text[0];
  if (text == "tab" || text == "\\t" || text == "\t")
    return '\t';
  return Unexpected{say("\"{}\" is not a delimiter; use ; , | or tab", printable(text))};
}

std::string csv_quote(std::string_view cell, char separator) {
  const char specials[] = {'"', '\r', '\n', separator};
  if (cell.find_first_of(std::string_view(specials, sizeof specials)) == std::string_view::npos)
    return std::string(cell);
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + '"';
}

std::string guard_cell(std::string_view cell) {
  if (!cell.empty() && formula_starts.find(cell.front()) != std::string_view::npos)
    return fmt::format("'{}", cell); // not "'" + std::string: GCC 12 -O2 warns falsely (-Wrestrict)
  return std::string(cell);
}

std::string unguard_cell(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && formula_starts.find(cell[1]) != std::string_view::npos)
    return std::string(cell.substr(1));
  return std::string(cell);
}

CsvWriter::CsvWriter(CsvStyle style) : style_(style) {
  if (style_.bom)
    out_ = "\xEF\xBB\xBF";
}

void CsvWriter::put(std::string_view ready) {
  if (row_open_)
    out_ += style_.delimiter;
  out_ += ready;
  row_open_ = true;
}

CsvWriter &CsvWriter::text(std::string_view cell) {
  put(csv_quote(guard_cell(printable(cell, Layout::lines)), style_.delimiter));
  return *this;
}

CsvWriter &CsvWriter::number(long long n) {
  put(fmt::format("{}", n));
  return *this;
}

CsvWriter &CsvWriter::date(Date d, DateForm form) {
  put(form == DateForm::iso ? d.iso() : fmt::format("{:02}-{:02}-{:04}", d.day(), d.month(), d.year()));
  return *this;
}

CsvWriter &CsvWriter::date(std::optional<Date> d, DateForm form) { return d ? date(*d, form) : empty(); }

CsvWriter &CsvWriter::empty() {
  put("");
  return *this;
}

CsvWriter &CsvWriter::end_row() {
  out_ += "\r\n";
  row_open_ = false;
  return *this;
}

CsvWriter &CsvWriter::row(std::initializer_list<std::string_view> cells) {
  for (const auto c : cells)
    text(c);
  return end_row();
}

} // namespace mestring
