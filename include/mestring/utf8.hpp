#pragma once
// UTF-8 one code point at a time, strictly (no overlong forms, no surrogates,
// nothing above U+10FFFF), so that every other text helper agrees on what is
// valid. A byte that does not begin a valid sequence counts as one bad byte.

#include <string>
#include <string_view>

namespace mestring {

struct Utf8Step {
  char32_t code = 0; // the code point, or U+FFFD for a bad byte
  size_t length = 1; // bytes taken: 1 for a bad byte
  bool valid = true;
};

// Decodes the code point that starts at s[at] (at < s.size()).
Utf8Step decode_utf8(std::string_view s, size_t at);
// Appends the UTF-8 bytes of code point c (U+FFFD for a surrogate or above U+10FFFF).
void append_utf8(std::string &out, char32_t c);
// Whether every byte of s belongs to a valid UTF-8 sequence.
bool is_valid_utf8(std::string_view s);
// The text with each bad byte replaced by U+FFFD (as JSON, SARIF and JUnit
// need: cli.md's "every string is valid UTF-8"); valid text is returned as it is.
std::string valid_utf8_or_replace(std::string_view s);
// The code points of s, bad bytes as U+FFFD.
std::u32string to_code_points(std::string_view s);

} // namespace mestring
