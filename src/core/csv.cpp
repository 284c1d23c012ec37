// Reading a sheet. The bytes are split into records before they are decoded:
// every byte CSV's structure uses (separators, quotes, line ends) is ASCII,
// and ASCII is the same in UTF-8 and Windows-1252, so the split is right
// whatever the encoding turns out to be, and it gives every byte its row.
// That is what lets a file that mixes encodings be refused naming the rows
// of each, instead of read as Windows-1252 whole ("SÃ¸ren" in a case file).
#include <mestring/csv.hpp>
#include <mestring/i18n.hpp>
#include <mestring/utf8.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace mestring {

namespace {

struct Split {
  std::vector<CsvRow> rows;
  std::vector<size_t> starts; // byte offset where each row begins (and one past the last)
  size_t unclosed_quote_row = 0;
};

// Splits the text into records of cells, keeping the row number and the
// first byte of each.
Split split(std::string_view text, char sep) {
  Split s;
  CsvRow row{1, {}};
  s.starts.push_back(0);
  std::string cell;
  bool quoted = false, cell_started = false;
  size_t quote_row = 0;
  auto end_cell = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_row = [&](size_t next_start) {
    end_cell();
    const size_t next = row.row + 1;
    s.rows.push_back(std::move(row));
    row = CsvRow{next, {}};
    s.starts.push_back(next_start);
  };
  for (size_t i = 0; i < text.size(); ++i) {
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
      end_row(i + 1);
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted)
    s.unclosed_quote_row = quote_row;
  else if (cell_started || !row.cells.empty())
    end_row(text.size());
  return s;
}

// The separator is the one the header line holds most of, outside quotes.
char detect_separator(std::string_view text) {
  size_t semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r'))
      break;
    else if (!quoted)
      semicolons += c == ';', commas += c == ',', tabs += c == '\t';
  }
  return semicolons >= commas && semicolons >= tabs && semicolons > 0 ? ';' : tabs > commas ? '\t' : ',';
}

size_t row_of(const Split &s, size_t offset) {
  return size_t(std::upper_bound(s.starts.begin(), s.starts.end(), offset) - s.starts.begin());
}

// "2, 5, 9", at most ten numbers and how many more.
std::string row_list(const std::vector<size_t> &rows) {
  std::string out;
  for (size_t i = 0; i < rows.size() && i < 10; ++i)
    out += (i ? ", " : "") + std::to_string(rows[i]);
  return rows.size() > 10 ? say("{} and {} more", out, rows.size() - 10) : out;
}

// The encoding of a file that has no UTF-16 BOM: which rows hold valid
// multi-byte UTF-8 and which hold bytes that are not UTF-8.
Expected<Encoding> decide_encoding(std::string_view text, const Split &s, bool bom) {
  std::vector<char> utf8(s.rows.size() + 1), other(s.rows.size() + 1);
  for (size_t i = 0; i < text.size();) {
    const auto step = decode_utf8(text, i);
    if (!step.valid)
      other[row_of(s, i)] = 1;
    else if (step.length > 1)
      utf8[row_of(s, i)] = 1;
    i += step.length;
  }
  std::vector<size_t> utf8_rows, other_rows, both_rows;
  for (size_t r = 1; r < utf8.size(); ++r) {
    if (utf8[r] && other[r])
      both_rows.push_back(r);
    else if (utf8[r])
      utf8_rows.push_back(r);
    else if (other[r])
      other_rows.push_back(r);
  }
  if (other_rows.empty() && both_rows.empty())
    return bom ? Encoding::utf8_bom : Encoding::utf8;
  if (utf8_rows.empty() && both_rows.empty() && !bom)
    return Encoding::windows1252;
  std::vector<std::string> parts;
  if (!utf8_rows.empty())
    parts.push_back(utf8_rows.size() == 1 ? say("row {} is UTF-8", utf8_rows[0])
                                          : say("rows {} are UTF-8", row_list(utf8_rows)));
  if (!other_rows.empty())
    parts.push_back(other_rows.size() == 1 ? say("row {} is Windows-1252", other_rows[0])
                                           : say("rows {} are Windows-1252", row_list(other_rows)));
  if (!both_rows.empty())
    parts.push_back(both_rows.size() == 1 ? say("row {} holds both", both_rows[0])
                                          : say("rows {} hold both", row_list(both_rows)));
  const std::string rows = fmt::format("{}", fmt::join(parts, ", "));
  if (utf8_rows.empty() && both_rows.empty())
    return Unexpected{say("the sheet begins with the UTF-8 mark (BOM), but {}; save it again as \"CSV UTF-8\" "
                          "and import that",
                          rows)};
  return Unexpected{say("the sheet mixes two encodings, so its letters cannot all be read right: {}; save it "
                        "again as \"CSV UTF-8\" and import that",
                        rows)};
}

} // namespace

Expected<CsvTable> read_csv(std::string_view bytes) {
  CsvTable t;
  // A BOM names a Unicode encoding; UTF-16 is decoded before anything else.
  std::string decoded;
  std::vector<size_t> damaged;
  std::string_view text = bytes;
  bool utf8_bom = false;
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    t.encoding = bytes[0] == '\xFF' ? Encoding::utf16le : Encoding::utf16be;
    auto u = utf16_to_utf8(bytes.substr(2), t.encoding == Encoding::utf16le);
    decoded = std::move(u.utf8);
    damaged = std::move(u.damaged);
    text = decoded;
  } else if (bytes.starts_with("\xEF\xBB\xBF")) {
    utf8_bom = true;
    text = bytes.substr(3);
  } else if (bytes.starts_with("PK\x03\x04")) {
    return Unexpected{say("this is a workbook (.xlsx or .ods), not CSV; save it from the spreadsheet as \"CSV "
                          "UTF-8\" and import that")};
  }
  t.separator = detect_separator(text);
  auto s = split(text, t.separator);
  const bool utf16 = t.encoding == Encoding::utf16le || t.encoding == Encoding::utf16be;
  // Never quote these bytes: a NUL or a broken sequence says nothing to a person.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    return Unexpected{utf16 ? say("row {}: the sheet holds a NUL character, which no text has; save it again as "
                                  "\"CSV UTF-8\" and import that",
                                  row_of(s, nul))
                            : say("row {}: the sheet holds a NUL byte, which no CSV text has: it may be a workbook "
                                  "or UTF-16 without its mark; save it as \"CSV UTF-8\" and import that",
                                  row_of(s, nul))};
  if (!damaged.empty())
    return Unexpected{say("row {}: the UTF-16 text is damaged (half of a character is missing); save the sheet "
                          "again and import that",
                          row_of(s, damaged.front()))};
  if (s.unclosed_quote_row)
    return Unexpected{say("row {}: a quoted cell never closes (a \" is missing)", s.unclosed_quote_row)};
  if (!utf16) {
    const auto encoding = decide_encoding(text, s, utf8_bom);
    if (!encoding)
      return Unexpected{encoding.error()};
    t.encoding = *encoding;
  }
  if (t.encoding == Encoding::windows1252)
    for (auto &row : s.rows)
      for (auto &cell : row.cells)
        cell = windows1252_to_utf8(cell);
  if (s.rows.empty())
    return Unexpected{say("the sheet is empty: it has no header row")};
  t.header = std::move(s.rows.front().cells);
  for (size_t i = 1; i < s.rows.size(); ++i) {
    auto &r = s.rows[i];
    if (std::any_of(r.cells.begin(), r.cells.end(), [](const std::string &c) { return !c.empty(); }))
      t.rows.push_back(std::move(r));
  }
  return t;
}

} // namespace mestring
