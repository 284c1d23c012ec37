#include <mestring/csv.hpp>
#include <mestring/i18n.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>

namespace mestring {

namespace {

// Windows-1252's 0x80–0x9F; the rest of 0xA0–0xFF is Latin-1.
constexpr std::array<char32_t, 32> cp1252_high = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

// Splits the text into records of cells, keeping the row number of each.
Expected<std::vector<CsvRow>> split(std::string_view text, char sep) {
  std::vector<CsvRow> rows;
  CsvRow row{1, {}};
  std::string cell;
  bool quoted = false, cell_started = false;
  size_t quote_row = 0;
  size_t i = 0;
  auto end_cell = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&] {
    end_cell();
    const size_t next = row.row + 1;
    rows.push_back(std::move(row));
    row = CsvRow{next, {}};
  };
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
    } else if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
      quote_row = row.row;
    } else if (c == sep) {
      end_cell();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue; // the \n ends the record
    } else if (c == '\n' || c == '\r') {
      end_row();
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted)
    return Unexpected{say("row {}: a quoted cell never closes (a \" is missing)", quote_row)};
  if (cell_started || !row.cells.empty())
    end_row();
  return rows;
}

} // namespace

std::string windows1252_to_utf8(std::string_view bytes) {
  std::string out;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80)
      out += ch;
    else if (c < 0xA0)
      append_utf8(out, cp1252_high[c - 0x80]);
    else
      append_utf8(out, c);
  }
  return out;
}

Expected<std::string> utf8_to_windows1252(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    char32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0) {
      cp = 0x110000;
      n = 4;
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      cp = char32_t((c & 0x0F) << 12 | (text[i + 1] & 0x3F) << 6 | (text[i + 2] & 0x3F));
      n = 3;
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      cp = char32_t((c & 0x1F) << 6 | (text[i + 1] & 0x3F));
      n = 2;
    }
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      out += char(cp);
    } else {
      const auto it = std::find(cp1252_high.begin(), cp1252_high.end(), cp);
      if (it == cp1252_high.end() || cp == 0xFFFD)
        return Unexpected{say("\"{}\" cannot be written in Windows-1252; use --encoding utf-8",
                                      text.substr(i, n))};
      out += char(0x80 + (it - cp1252_high.begin()));
    }
    i += n;
  }
  return out;
}

Expected<CsvTable> read_csv(std::string_view bytes) {
  CsvTable t;
  std::string text;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    t.encoding = Encoding::utf8_bom;
    text = bytes.substr(3);
  } else if (is_valid_utf8(bytes)) {
    text = bytes;
  } else {
    t.encoding = Encoding::windows1252;
    text = windows1252_to_utf8(bytes);
  }
  // The separator is the one the header line holds most of, outside quotes.
  size_t counts[3] = {0, 0, 0};
  bool quoted = false;
  for (const char c : text) {
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r'))
      break;
    else if (!quoted)
      counts[0] += c == ';', counts[1] += c == ',', counts[2] += c == '\t';
  }
  t.separator = counts[0] >= counts[1] && counts[0] >= counts[2] && counts[0] > 0 ? ';'
                : counts[2] > counts[1]                                          ? '\t'
                                                                                 : ',';
  auto rows = split(text, t.separator);
  if (!rows)
    return Unexpected{rows.error()};
  if (rows->empty())
    return Unexpected{say("the sheet is empty: it has no header row")};
  t.header = std::move(rows->front().cells);
  for (size_t i = 1; i < rows->size(); ++i) {
    auto& r = (*rows)[i];
    if (std::any_of(r.cells.begin(), r.cells.end(), [](const std::string& c) { return !c.empty(); }))
      t.rows.push_back(std::move(r));
  }
  return t;
}

std::string csv_record(const std::vector<std::string>& cells, char sep) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0)
      out += sep;
    const auto& c = cells[i];
    if (c.find_first_of(std::string("\"\r\n") + sep) == std::string::npos) {
      out += c;
    } else {
      out += '"';
      for (const char ch : c)
        out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += '"';
    }
  }
  return out;
}

std::string guard_cell(std::string_view cell) {
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
    return fmt::format("'{}", cell); // not "'" + std::string: GCC 12 -O2 warns falsely (-Wrestrict)
  return std::string(cell);
}

std::string unguard_cell(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' && std::string_view("=+-@\t\r").find(cell[1]) != std::string_view::npos)
    return std::string(cell.substr(1));
  return std::string(cell);
}

std::optional<Date> parse_sheet_date(std::string_view t) {
  while (!t.empty() && t.front() == ' ')
    t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ')
    t.remove_suffix(1);
  if (const auto iso = parse_iso_date(t))
    return iso;
  // A serial number: whole days, perhaps with a time fraction.
  if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == ','; }) &&
      std::count_if(t.begin(), t.end(), [](char c) { return c == '.' || c == ','; }) <= 1 && t.front() != '.' &&
      t.front() != ',') {
    const auto dot = t.find_first_of(".,");
    const auto whole = t.substr(0, dot);
    long serial = 0;
    const auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), serial);
    // 1 … 109574 are 1900-01-01 … 2199-12-31; small numbers are not dates people mean.
    if (ec == std::errc{} && p == whole.data() + whole.size() && serial >= 367 && serial <= 109574 &&
        (dot == std::string_view::npos || t.find_first_of(".,", dot + 1) == std::string_view::npos))
      return add_days(Date::from_ymd(1899, 12, 30), serial);
    if (dot == std::string_view::npos)
      return std::nullopt;
  }
  // Day first: D-M-YYYY with -, . or / (one separator kind throughout).
  int part[3] = {0, 0, 0};
  size_t digits[3] = {0, 0, 0};
  size_t k = 0;
  char sep = 0;
  for (const char c : t) {
    if (c >= '0' && c <= '9') {
      part[k] = part[k] * 10 + (c - '0');
      if (++digits[k] > 4)
        return std::nullopt;
    } else if ((c == '-' || c == '.' || c == '/') && k < 2 && (sep == 0 || sep == c) && digits[k] > 0) {
      sep = c;
      ++k;
    } else {
      return std::nullopt;
    }
  }
  if (k != 2 || digits[0] > 2 || digits[1] > 2 || digits[2] != 4)
    return std::nullopt;
  const std::chrono::year_month_day v{std::chrono::year{part[2]}, std::chrono::month{unsigned(part[1])},
                                      std::chrono::day{unsigned(part[0])}};
  if (!v.ok())
    return std::nullopt;
  return Date{std::chrono::sys_days{v}};
}

} // namespace mestring
