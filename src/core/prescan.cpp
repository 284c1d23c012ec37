// The pre-parser guard. It reads the bytes once, line by line, with a small
// state machine that knows just enough YAML to find where a node starts:
// quotes (which may span lines), comments, block scalars (`|`, `>`), flow
// brackets and block indentation. At each node start it looks for the
// things a case file never needs and a hostile file uses: anchors `&x`,
// aliases `*x`, nesting deeper than the limit, a second document.
//
// It errs on the side of counting too deep rather than too shallow: a line
// that continues a plain scalar may count as one level more than yaml-cpp
// sees, which a real case file (about five levels) never notices.
#include <mestring/i18n.hpp>
#include <mestring/prescan.hpp>
#include <mestring/schema.hpp>

#include <charconv>
#include <fmt/format.h>

namespace mestring {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Returns the length of the valid UTF-8 sequence at `i`, or 0 when the bytes
// there are not one (overlong forms, surrogates and values past U+10FFFF
// included, as RFC 3629 defines it).
size_t utf8_length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned c = b(i);
  if (c < 0x80)
    return 1;
  size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else
    return 0;
  if (i + n > s.size() || b(i + 1) < lo || b(i + 1) > hi)
    return 0;
  for (size_t k = 2; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80)
      return 0;
  return n;
}

// The line (1-based) of byte `offset`, counting CR, LF and CRLF as one break.
int line_at(std::string_view s, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n')))
      ++line;
  return line;
}

// Checks that every byte is UTF-8 and no control character YAML forbids is
// there. Reports only the first problem: one bad byte usually means the whole
// file was saved in another encoding.
void check_encoding(std::string_view bytes, size_t skipped, const std::string &file, std::vector<Finding> &out) {
  for (size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    const size_t offset = skipped + i;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      out.push_back({Severity::error,
                     file,
                     line_at(bytes, i),
                     0,
                     std::string(id_of(Check::encoding)),
                     say("byte offset {} holds the control character 0x{:02X}, which a YAML file may not "
                         "contain; delete it (it is often left behind by copying from another program)",
                         offset, c),
                     std::nullopt,
                     std::nullopt,
                     {},
                     {}});
      return;
    }
    const size_t n = utf8_length(bytes, i);
    if (n == 0) {
      const bool latin1 = c == 0xE6 || c == 0xF8 || c == 0xE5 || c == 0xC6 || c == 0xD8 || c == 0xC5;
      out.push_back({Severity::error,
                     file,
                     line_at(bytes, i),
                     0,
                     std::string(id_of(Check::encoding)),
                     say("byte offset {} (0x{:02X}) is not valid UTF-8{}; save the file as UTF-8 and check "
                         "the letters on this line",
                         offset, c, latin1 ? say(", it looks like æ, ø or å saved as Windows-1252 or Latin-1") : ""),
                     std::nullopt,
                     std::nullopt,
                     {},
                     {}});
      return;
    }
    i += n;
  }
}

// The structural scan. One instance per file; `line` and `col` are 1-based.
class Scanner {
public:
  Scanner(std::string_view text, const std::string &file, const InputLimits &limits, std::vector<Finding> &out)
      : text_(text), file_(file), limits_(limits), out_(out) {}

  void run() {
    size_t pos = 0;
    int line = 0;
    while (pos < text_.size()) {
      size_t end = pos;
      while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r')
        ++end;
      scan_line(text_.substr(pos, end - pos), ++line);
      // CRLF, CR and LF each end a line, as YAML reads them.
      pos = end + (end + 1 < text_.size() && text_[end] == '\r' && text_[end + 1] == '\n' ? 2 : 1);
    }
    report_references();
  }

private:
  enum class Quote { none, single, double_ };

  void scan_line(std::string_view s, int line) {
    size_t i = 0;
    // Inside a quoted scalar that spans lines, indentation means nothing.
    if (quote_ != Quote::none)
      return scan_from(s, line, 0, false);
    size_t indent = 0;
    while (indent < s.size() && is_space(s[indent]))
      ++indent;
    const bool blank = indent == s.size() || s[indent] == '#';
    if (block_scalar_indent_ >= 0) {
      if (blank || int(indent) > block_scalar_indent_)
        return; // the text of a `|` or `>` scalar
      block_scalar_indent_ = -1;
    }
    if (flow_ > 0)
      return scan_from(s, line, 0, false);
    if (blank)
      return;
    // Document markers stand at the start of a line.
    if (indent == 0 && (s.starts_with("---") || s.starts_with("...")) && (s.size() == 3 || is_space(s[3]))) {
      if (s[0] == '-' && (seen_content_ || ended_))
        return second_document(line, "---");
      if (s[0] == '.') {
        ended_ = seen_content_;
        return;
      }
      i = 3;
      while (i < s.size() && is_space(s[i]))
        ++i;
      if (i == s.size() || s[i] == '#')
        return;
      indent = i;
    } else if (indent == 0 && s[0] == '%') {
      return; // a directive
    }
    if (ended_)
      return second_document(line, "...");
    seen_content_ = true;
    // Block levels: close those at or right of this line's indentation, then
    // open one per `- `, `? ` or `: ` indicator and one for the content.
    while (!stack_.empty() && stack_.back() >= int(indent))
      stack_.pop_back();
    i = indent;
    while (i < s.size() && (s[i] == '-' || s[i] == '?' || s[i] == ':') && (i + 1 == s.size() || is_space(s[i + 1]))) {
      push_level(int(i), line);
      ++i;
      while (i < s.size() && is_space(s[i]))
        ++i;
    }
    if (i < s.size() && s[i] != '#')
      push_level(int(i), line);
    scan_from(s, line, i, true);
  }

  void push_level(int column, int line) {
    stack_.push_back(column);
    check_depth(line);
  }

  void check_depth(int line) {
    if (deep_reported_ || int(stack_.size()) + flow_ <= limits_.max_depth)
      return;
    deep_reported_ = true;
    out_.push_back({Severity::error,
                    file_,
                    line,
                    0,
                    std::string(id_of(Check::limit)),
                    say("the lists and mappings here are nested more than {} levels deep, and a case file "
                        "or mestring.yaml needs about 5; check the indentation and the brackets [ ] {{ }} on this line",
                        limits_.max_depth),
                    std::nullopt,
                    std::nullopt,
                    {},
                    {}});
  }

  // Scans the rest of a line from `i`; `node_start` tells whether a node may
  // begin there (after an indicator, a bracket, a comma or `: `).
  void scan_from(std::string_view s, int line, size_t i, bool node_start) {
    for (; i < s.size(); ++i) {
      const char c = s[i];
      if (quote_ == Quote::double_) {
        if (c == '\\')
          ++i;
        else if (c == '"')
          quote_ = Quote::none;
        continue;
      }
      if (quote_ == Quote::single) {
        if (c == '\'' && i + 1 < s.size() && s[i + 1] == '\'')
          ++i;
        else if (c == '\'')
          quote_ = Quote::none;
        continue;
      }
      if (c == '#' && (i == 0 || is_space(s[i - 1])))
        return; // a comment
      if (is_space(c))
        continue;
      if (node_start) {
        if (c == '"' || c == '\'') {
          quote_ = c == '"' ? Quote::double_ : Quote::single;
          node_start = false;
          continue;
        }
        if (c == '&' || c == '*' || c == '!') {
          if (c != '!') {
            auto &ref = c == '&' ? anchors_ : aliases_;
            if (ref.count++ == 0) {
              ref.line = line;
              ref.column = int(i) + 1;
            }
          }
          while (i + 1 < s.size() && !is_space(s[i + 1]) && !(flow_ > 0 && is_flow_indicator(s[i + 1])))
            ++i;
          node_start = c != '*'; // a node follows an anchor or a tag
          continue;
        }
        if ((c == '|' || c == '>') && flow_ == 0) {
          size_t indent = 0;
          while (indent < s.size() && is_space(s[indent]))
            ++indent;
          block_scalar_indent_ = int(indent);
          return;
        }
      }
      if ((c == '[' || c == '{') && (node_start || flow_ > 0)) { // in block context, plain text may hold [
        ++flow_;
        check_depth(line);
        node_start = true;
      } else if ((c == ']' || c == '}') && flow_ > 0) {
        --flow_;
        node_start = false;
      } else if ((c == ',' && flow_ > 0) || (c == ':' && (i + 1 == s.size() || is_space(s[i + 1]) || flow_ > 0)) ||
                 ((c == '-' || c == '?') && node_start && (i + 1 == s.size() || is_space(s[i + 1])))) {
        // A node follows a comma in a flow collection, a `: `, and an
        // indicator inside a flow collection or after `: `.
        node_start = true;
      } else {
        node_start = false;
      }
    }
  }

  static bool is_flow_indicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

  void second_document(int line, std::string_view marker) {
    if (!multi_reported_)
      out_.push_back({Severity::error,
                      file_,
                      line,
                      0,
                      std::string(id_of(Check::yaml_subset)),
                      say("a second YAML document starts here ({}); a case file holds one case, so move "
                          "what follows into a file of its own or delete the {} line",
                          marker == "---" ? "---" : say("after ..."), marker),
                      std::nullopt,
                      std::nullopt,
                      {},
                      {}});
    multi_reported_ = true;
  }

  void report_references() {
    auto report = [&](const Reference &r, std::string_view one, std::string_view many) {
      if (r.count == 0)
        return;
      out_.push_back({Severity::error,
                      file_,
                      r.line,
                      r.column,
                      std::string(id_of(Check::yaml_subset)),
                      r.count == 1 ? say(one) : say(many, r.count),
                      std::nullopt,
                      std::nullopt,
                      {},
                      {}});
    };
    report(anchors_,
           "an anchor (&name) is not allowed in mestring's files; write each value out in full where it is used",
           "anchors (&name) are not allowed in mestring's files ({} in this file, the first here); write each "
           "value out in full where it is used");
    report(aliases_,
           "an alias (*name) is not allowed in mestring's files; write each value out in full where it is used",
           "aliases (*name) are not allowed in mestring's files ({} in this file, the first here); write each "
           "value out in full where it is used");
  }

  struct Reference {
    size_t count = 0;
    int line = 0, column = 0;
  };

  std::string_view text_;
  const std::string &file_;
  const InputLimits &limits_;
  std::vector<Finding> &out_;
  std::vector<int> stack_;       // columns of the open block levels
  int flow_ = 0;                 // open [ and {
  Quote quote_ = Quote::none;    // a quoted scalar continues on the next line
  int block_scalar_indent_ = -1; // lines indented more than this are a block scalar's text
  bool seen_content_ = false, ended_ = false, deep_reported_ = false, multi_reported_ = false;
  Reference anchors_, aliases_;
};

} // namespace

PrescanResult prescan_yaml(std::string_view bytes, const std::string &file, const InputLimits &limits) {
  PrescanResult out;
  out.text = bytes;
  if (bytes.size() > limits.max_file_size) {
    out.findings.push_back({Severity::error,
                            file,
                            0,
                            0,
                            std::string(id_of(Check::limit)),
                            say("the file is larger than the limit of {}, and a case file is a few "
                                "kilobytes; move it out of the cases folder, or raise "
                                "limits.max_file_size in mestring.yaml if it really is a case",
                                format_byte_size(limits.max_file_size)),
                            std::nullopt,
                            std::nullopt,
                            {},
                            {}});
    return out;
  }
  size_t skipped = 0;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    out.text = bytes.substr(3);
    skipped = 3;
  }
  check_encoding(out.text, skipped, file, out.findings);
  if (!out.findings.empty())
    return out;
  Scanner(out.text, file, limits, out.findings).run();
  return out;
}

size_t parse_byte_size(std::string_view text) {
  size_t value = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || p == text.data() || value == 0)
    return 0;
  std::string_view unit(p, size_t(text.data() + text.size() - p));
  while (!unit.empty() && unit.front() == ' ')
    unit.remove_prefix(1);
  size_t factor = 0;
  if (unit.empty() || unit == "bytes" || unit == "B")
    factor = 1;
  else if (unit == "KiB" || unit == "kB" || unit == "KB")
    factor = 1024;
  else if (unit == "MiB" || unit == "MB")
    factor = size_t(1024) * 1024;
  else if (unit == "GiB" || unit == "GB")
    factor = size_t(1024) * 1024 * 1024;
  if (factor == 0 || value > size_t(-1) / factor)
    return 0;
  return value * factor;
}

std::string format_byte_size(size_t bytes) {
  constexpr size_t kib = 1024, mib = kib * 1024, gib = mib * 1024;
  if (bytes % gib == 0)
    return fmt::format("{} GiB", bytes / gib);
  if (bytes % mib == 0)
    return fmt::format("{} MiB", bytes / mib);
  if (bytes % kib == 0)
    return fmt::format("{} KiB", bytes / kib);
  return fmt::format("{} bytes", bytes);
}

} // namespace mestring
