#include <mestring/text.hpp>

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <vector>

namespace mestring {

size_t edit_distance(std::string_view a, std::string_view b) {
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

size_t display_width(std::string_view s) {
  return size_t(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
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
  constexpr std::string_view codes[] = {"1;31", "33", "36", "32", "1"};
  return fmt::format("\x1b[{}m{}\x1b[0m", codes[int(tone)], text);
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace mestring
