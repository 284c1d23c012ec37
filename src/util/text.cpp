#include <mestring/text.hpp>
#include <mestring/utf8.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <utf8proc.h>
#include <vector>

namespace mestring {

namespace {

template <typename View> size_t levenshtein(View a, View b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace

size_t edit_distance(std::string_view a, std::string_view b) { return levenshtein(a, b); }
size_t edit_distance(std::u32string_view a, std::u32string_view b) { return levenshtein(a, b); }

std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

bool is_simple_letter(char32_t c) { return (c >= 0x20 && c < 0x7F) || (c >= 0xA1 && c <= 0x24F && c != 0xAD); }

namespace {

// The width of text made only of simple letters (is_simple_letter), one
// column and one cluster each; nothing when it holds anything else.
std::optional<size_t> simple_width(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size(); ++width) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      if (!is_simple_letter(char32_t(s[i])))
        return std::nullopt;
      ++i;
      continue;
    }
    const auto step = decode_utf8(s, i);
    if (!step.valid || !is_simple_letter(step.code))
      return std::nullopt;
    i += step.length;
  }
  return width;
}

} // namespace

size_t display_width(std::string_view s) {
  // Most names and words are simple letters: no cluster to find, no table to ask.
  if (const auto simple = simple_width(s))
    return *simple;
  // A cluster is as wide as its widest code point: a base letter and its
  // combining marks take the base's column, a wide CJK character two.
  size_t width = 0, cluster = 0;
  utf8proc_int32_t previous = -1;
  utf8proc_int32_t state = 0;
  for (size_t i = 0; i < s.size();) {
    const auto step = decode_utf8(s, i);
    i += step.length;
    const auto code = utf8proc_int32_t(step.code);
    if (!step.valid || previous < 0 || utf8proc_grapheme_break_stateful(previous, code, &state)) {
      width += cluster;
      cluster = 0;
    }
    // A bad byte stands alone and prints as U+FFFD, one column. An emoji
    // presentation selector (U+FE0F) and a flag (regional indicators) make
    // the cluster an emoji, two columns, as terminals draw them.
    const bool emoji = code == 0xFE0F || (code >= 0x1F1E6 && code <= 0x1F1FF);
    cluster = std::max(cluster, !step.valid ? size_t(1)
                                : emoji     ? size_t(2)
                                            : size_t(std::max(0, utf8proc_charwidth(code))));
    previous = step.valid ? code : -1;
    if (!step.valid)
      state = 0;
  }
  return width + cluster;
}

std::string pad_right(std::string_view s, size_t width) {
  const size_t w = display_width(s);
  return std::string(s) + std::string(width > w ? width - w : 0, ' ');
}

std::string pad_left(std::string_view s, size_t width) {
  const size_t w = display_width(s);
  return std::string(width > w ? width - w : 0, ' ') + std::string(s);
}

std::string paint(std::string_view text, Tone tone, bool color) {
  if (!color || text.empty())
    return std::string(text);
  // Bold red, yellow, cyan, green, bold: the colours of compilers and git.
  // printable(Layout::terminal) keeps these codes, and no others.
  constexpr std::string_view codes[] = {"1;31", "33", "36", "32", "1"};
  return fmt::format("\x1b[{}m{}\x1b[0m", codes[int(tone)], text);
}

} // namespace mestring
