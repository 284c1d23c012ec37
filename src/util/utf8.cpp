#include <mestring/utf8.hpp>

namespace mestring {

namespace {

bool continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

} // namespace

Utf8Step decode_utf8(std::string_view s, size_t at) {
  const auto byte = [&](size_t k) { return at + k < s.size() ? static_cast<unsigned char>(s[at + k]) : 0; };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80)
    return {b0, 1, true};
  constexpr Utf8Step bad{0xFFFD, 1, false};
  // The second byte's range depends on the first (Unicode 15, table 3-7):
  // that is what rules out overlong forms, surrogates and > U+10FFFF.
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t code = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2, code = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3, code = b0 & 0x0F;
    lo = b0 == 0xE0 ? 0xA0 : 0x80;
    hi = b0 == 0xED ? 0x9F : 0xBF;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4, code = b0 & 0x07;
    lo = b0 == 0xF0 ? 0x90 : 0x80;
    hi = b0 == 0xF4 ? 0x8F : 0xBF;
  } else {
    return bad;
  }
  if (at + n > s.size() || byte(1) < lo || byte(1) > hi)
    return bad;
  for (size_t k = 1; k < n; ++k) {
    if (!continuation(byte(k)))
      return bad;
    code = (code << 6) | (byte(k) & 0x3F);
  }
  return {code, n, true};
}

void append_utf8(std::string &out, char32_t c) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
    c = 0xFFFD;
  if (c < 0x80) {
    out += char(c);
  } else if (c < 0x800) {
    out += char(0xC0 | (c >> 6));
    out += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += char(0xE0 | (c >> 12));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  } else {
    out += char(0xF0 | (c >> 18));
    out += char(0x80 | ((c >> 12) & 0x3F));
    out += char(0x80 | ((c >> 6) & 0x3F));
    out += char(0x80 | (c & 0x3F));
  }
}

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto step = decode_utf8(s, i);
    if (!step.valid)
      return false;
    i += step.length;
  }
  return true;
}

std::string valid_utf8_or_replace(std::string_view s) {
  if (is_valid_utf8(s))
    return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    const auto step = decode_utf8(s, i);
    if (step.valid)
      out.append(s.substr(i, step.length));
    else
      append_utf8(out, 0xFFFD);
    i += step.length;
  }
  return out;
}

std::u32string to_code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto step = decode_utf8(s, i);
    out += step.code;
    i += step.length;
  }
  return out;
}

} // namespace mestring
