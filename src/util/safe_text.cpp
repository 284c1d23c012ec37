// Text that came from outside (a case file, a sheet, a file name, argv) is
// printed only through printable(): a name holding "\e]0;…\a" would retitle
// the terminal of whoever runs `due`, and one holding a newline would forge
// an agenda line in the cron mail. Escapes rather than deletion, so that the
// person who reads the output sees that something odd is in the file.
#include <mestring/text.hpp>
#include <mestring/utf8.hpp>

#include <fmt/format.h>

namespace mestring {

namespace {

bool is_c0_or_del(char32_t c) { return c < 0x20 || c == 0x7F; }
bool is_c1(char32_t c) { return c >= 0x80 && c <= 0x9F; }
// A byte that is a printable ASCII character all by itself.
bool is_plain_ascii(char b) { return b >= 0x20 && b < 0x7F; }
// Line and paragraph separators, and the bidirectional embeddings, overrides
// and isolates ("Trojan Source"): they move or reorder what a reader sees.
bool is_layout_changing(char32_t c) {
  return c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// The length of one of the colour codes paint() writes at `at`, and only
// those: a file's "\e[8m" (hidden text) or "\e[30;40m" (black on black) is
// escaped like any other control. 0 for anything else.
size_t colour_code_length(std::string_view s, size_t at) {
  constexpr std::string_view codes[] = {"\x1b[1;31m", "\x1b[33m", "\x1b[36m", "\x1b[32m", "\x1b[1m", "\x1b[0m"};
  for (const auto code : codes)
    if (s.substr(at).starts_with(code))
      return code.size();
  return 0;
}

} // namespace

std::string printable(std::string_view s, Layout layout) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    // Printable ASCII, most of any text, is copied as it is, a run at a time.
    size_t run = i;
    while (run < s.size() && is_plain_ascii(s[run]))
      ++run;
    if (run > i) {
      out.append(s.substr(i, run - i));
      i = run;
      continue;
    }
    if (layout == Layout::terminal && s[i] == '\x1b')
      if (const size_t n = colour_code_length(s, i)) {
        out.append(s.substr(i, n));
        i += n;
        continue;
      }
    const auto step = decode_utf8(s, i);
    const char32_t c = step.code;
    const bool kept =
        layout != Layout::one_line && (c == '\n' || c == '\t' || (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n'));
    if (!step.valid)
      append_utf8(out, 0xFFFD);
    else if (is_c0_or_del(c) && !kept)
      out += fmt::format("\\x{:02x}", unsigned(c));
    else if (is_c1(c) || is_layout_changing(c))
      out += fmt::format("\\u{:04x}", unsigned(c));
    else
      out.append(s.substr(i, step.length));
    i += step.length;
  }
  return out;
}

std::optional<ControlCharacter> find_control_character(std::string_view s, bool allow_newlines) {
  for (size_t i = 0; i < s.size();) {
    if (is_plain_ascii(s[i])) {
      ++i;
      continue;
    }
    const auto step = decode_utf8(s, i);
    const char32_t c = step.code;
    if (step.valid && (is_c0_or_del(c) || is_c1(c)) && !(allow_newlines && (c == '\n' || c == '\r')))
      return ControlCharacter{i, c};
    i += step.length;
  }
  return std::nullopt;
}

bool has_control_characters(std::string_view s, bool allow_newlines) {
  return find_control_character(s, allow_newlines).has_value();
}

std::string control_character_name(char32_t c) {
  constexpr std::string_view c0[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS",  "TAB", "LF",
                                       "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
                                       "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
  if (c < 0x20)
    return fmt::format("{} (U+{:04X})", c0[c], unsigned(c));
  if (c == 0x7F)
    return "DEL (U+007F)";
  return fmt::format("U+{:04X}", unsigned(c));
}

} // namespace mestring
