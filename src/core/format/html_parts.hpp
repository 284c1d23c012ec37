#pragma once
// What the agenda page and the leaders' report share: the fonts, the print
// rules, a first letter in capitals. Internal to src/core/format.

#include <string>
#include <string_view>

namespace mestring::html_parts {

// Office fonts; on Linux fontconfig maps Arial to Liberation Sans. No quotes,
// so the stack stays short on every cell of a long agenda.
inline constexpr std::string_view font_family = "font-family:Calibri,Arial,Helvetica,sans-serif;";

// The page's language for <html lang>.
inline std::string_view lang_code(bool danish) { return danish ? "da" : "en"; }

// The text with its first letter in capitals (rule titles are lowercase
// sentences): ASCII letters, and the Latin-1 ones such as æ, ø and å.
inline std::string capitalized(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = char(out[0] - 'a' + 'A');
  else if (out.size() > 1 && static_cast<unsigned char>(out[0]) == 0xC3) {
    const auto second = static_cast<unsigned char>(out[1]);
    if (second >= 0xA0 && second <= 0xBE && second != 0xB7) // à … þ, but not ÷
      out[1] = char(second - 0x20);
  }
  return out;
}

} // namespace mestring::html_parts
