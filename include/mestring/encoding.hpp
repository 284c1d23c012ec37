#pragma once
// The encodings spreadsheets save text in, converted to and from UTF-8:
// Windows-1252 (Danish Excel's "CSV (semikolonsepareret)") and UTF-16 with a
// byte order mark (Excel's "Unicode text"). Which one a sheet is, is decided
// by read_csv (csv.hpp), one encoding per file.

#include <mestring/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

enum class Encoding { utf8, utf8_bom, windows1252, utf16le, utf16be };

// "UTF-8", "UTF-8 with BOM", "Windows-1252", "UTF-16 LE", "UTF-16 BE".
std::string_view encoding_name(Encoding e);

// Converts Windows-1252 bytes to UTF-8. The five bytes Windows-1252 leaves
// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 controls of the same
// number, as browsers read them, so that the control-character check refuses
// them rather than letting a U+FFFD into a case file.
std::string windows1252_to_utf8(std::string_view bytes);
// Converts UTF-8 to Windows-1252; fails naming a character it cannot hold.
Expected<std::string> utf8_to_windows1252(std::string_view text);

struct Utf16Text {
  std::string utf8;
  // Byte offsets in `utf8` of each U+FFFD put for a lone surrogate or an odd
  // last byte: the text was damaged, and the reader says where.
  std::vector<size_t> damaged;
};
// Converts UTF-16 (without its BOM) to UTF-8, little- or big-endian.
Utf16Text utf16_to_utf8(std::string_view bytes, bool little_endian);

} // namespace mestring
