#include <mestring/encoding.hpp>
#include <mestring/i18n.hpp>
#include <mestring/utf8.hpp>

#include <algorithm>
#include <array>

namespace mestring {

namespace {

// Windows-1252's 0x80–0x9F; the rest of 0xA0–0xFF is Latin-1. The undefined
// five map to the C1 control of their own number (see encoding.hpp).
constexpr std::array<char32_t, 32> cp1252_high = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                                  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

} // namespace

std::string_view encoding_name(Encoding e) {
  switch (e) {
  case Encoding::utf8: return "UTF-8";
  case Encoding::utf8_bom: return "UTF-8 with BOM";
  case Encoding::windows1252: return "Windows-1252";
  case Encoding::utf16le: return "UTF-16 LE";
  case Encoding::utf16be: return "UTF-16 BE";
  }
  return "";
}

std::string windows1252_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
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
    const auto step = decode_utf8(text, i);
    const char32_t cp = step.code;
    if (step.valid && (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))) {
      out += char(cp);
    } else {
      const auto it = std::find(cp1252_high.begin(), cp1252_high.end(), cp);
      // A C1 control is not text: refuse it rather than write a byte Excel shows as a box.
      if (!step.valid || it == cp1252_high.end() || (cp >= 0x80 && cp <= 0x9F))
        return Unexpected{say("\"{}\" cannot be written in Windows-1252; use --encoding utf-8",
                              valid_utf8_or_replace(text.substr(i, step.length)))};
      out += char(0x80 + (it - cp1252_high.begin()));
    }
    i += step.length;
  }
  return out;
}

Utf16Text utf16_to_utf8(std::string_view bytes, bool little_endian) {
  Utf16Text t;
  t.utf8.reserve(bytes.size() / 2 + bytes.size() / 8);
  const auto unit = [&](size_t i) -> char32_t {
    const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? char32_t(a | b << 8) : char32_t(a << 8 | b);
  };
  const auto damage = [&] {
    t.damaged.push_back(t.utf8.size());
    append_utf8(t.utf8, 0xFFFD);
  };
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    const char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      append_utf8(t.utf8, 0x10000 + ((u - 0xD800) << 10) + (unit(i + 2) - 0xDC00));
      i += 2;
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      damage();
    } else {
      append_utf8(t.utf8, u);
    }
  }
  if (i < bytes.size())
    damage();
  return t;
}

} // namespace mestring
