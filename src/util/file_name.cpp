// Transliteration covers Latin-1 and Latin Extended-A, which spell the names
// a Danish municipality meets (Nordic, German, Polish, Turkish, Baltic…);
// a letter outside them becomes a separator rather than a guess.
#include <mestring/file_name.hpp>

#include <algorithm>
#include <set>

namespace mestring {

namespace {

// U+00C0 … U+00FF, lowercased, one entry each ("" for × and ÷).
constexpr std::string_view latin1[64] = {"a", "a", "a", "a", "a",  "aa", "ae", "c", "e", "e", "e",  "e",  "i",
                                         "i", "i", "i", "d", "n",  "o",  "o",  "o", "o", "o", "",   "oe", "u",
                                         "u", "u", "u", "y", "th", "ss", "a",  "a", "a", "a", "a",  "aa", "ae",
                                         "c", "e", "e", "e", "e",  "i",  "i",  "i", "i", "d", "n",  "o",  "o",
                                         "o", "o", "o", "",  "oe", "u",  "u",  "u", "u", "y", "th", "y"};
// U+0100 … U+017F: the base letter of each ('?' where two letters are spelt).
constexpr std::string_view extended_a =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkkllllllllllnnnnnnnnnoooooo??"
    "rrrrrrsssssssstttttt"
    "uuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(extended_a.size() == 128);

// Decodes one UTF-8 character at s[i]; returns its length (1 for a bad byte, with cp 0xFFFD).
size_t decode(std::string_view s, size_t i, char32_t &cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  const size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    cp = 0xFFFD;
    return 1;
  }
  cp = len == 1 ? b : b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  return len;
}

std::string spelt(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
    return std::string(1, char(cp));
  if (cp >= 'A' && cp <= 'Z')
    return std::string(1, char(cp - 'A' + 'a'));
  if (cp >= 0xC0 && cp <= 0xFF)
    return std::string(latin1[cp - 0xC0]);
  if (cp >= 0x100 && cp <= 0x17F) {
    if (cp == 0x132 || cp == 0x133)
      return "ij";
    if (cp == 0x152 || cp == 0x153)
      return "oe";
    return std::string(1, extended_a[cp - 0x100]);
  }
  return "";
}

bool is_device_name(std::string_view s) {
  for (const std::string_view d : {"con", "prn", "aux", "nul"})
    if (s == d)
      return true;
  return s.size() == 4 && (s.starts_with("com") || s.starts_with("lpt")) && s[3] >= '1' && s[3] <= '9';
}

} // namespace

std::string ascii_file_stem(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size();) {
    char32_t cp = 0;
    i += decode(name, i, cp);
    if (cp >= 0x300 && cp <= 0x36F) { // a combining mark: the letter before it stays
      if (cp == 0x30A && !out.empty() && out.back() == 'a')
        out += 'a'; // a + ring above is å, spelt "aa" like the precomposed one
      continue;
    }
    const auto letters = spelt(cp);
    if (!letters.empty())
      out += letters;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  if (out.size() > 60)
    out.resize(60);
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  if (out.empty())
    return "unnamed";
  if (is_device_name(out))
    out += '-';
  return out;
}

std::vector<std::string> unique_file_names(const std::vector<std::string> &names, std::string_view extension,
                                           const std::vector<std::string> &reserved) {
  std::set<std::string> taken(reserved.begin(), reserved.end());
  std::vector<std::string> out;
  for (const auto &name : names) {
    const auto stem = ascii_file_stem(name);
    auto candidate = stem;
    for (int n = 2; taken.contains(candidate); ++n)
      candidate = stem + "-" + std::to_string(n);
    taken.insert(candidate);
    out.push_back(candidate + std::string(extension));
  }
  return out;
}

} // namespace mestring
