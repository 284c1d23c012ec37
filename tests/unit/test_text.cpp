#include <mestring/text.hpp>
#include <mestring/utf8.hpp>

#include <doctest/doctest.h>
#include <string>
#include <utf8proc.h>
#include <vector>

using namespace mestring;

// "Åse" and "Søren Ærø" spelt as a Mac may store them: the letters that have a
// canonical decomposition (Å, and É below) decomposed. Ø and Æ have none.
const std::string nfd_aase = "A\xCC\x8Ase"; // A + U+030A COMBINING RING ABOVE
const std::string nfc_aase = "\xC3\x85se";  // U+00C5

TEST_SUITE("utf8") {
  TEST_CASE("valid UTF-8 is decoded and bad bytes are one U+FFFD each") {
    CHECK(is_valid_utf8("Søren Ærø €𝄞"));
    CHECK_FALSE(is_valid_utf8("S\xf8ren"));         // Windows-1252 ø
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong /
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // a surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));         // cut short
    CHECK(valid_utf8_or_replace("S\xf8ren \xE2\x82") == "S\xEF\xBF\xBDren \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(valid_utf8_or_replace("Søren") == "Søren");
    CHECK(to_code_points("Å€𝄞") == std::u32string{U'\u00C5', U'\u20AC', U'\U0001D11E'});
  }
}

TEST_SUITE("text") {
  TEST_CASE("ids: edit distance and nearest still work byte by byte") {
    CHECK(edit_distance("cap-82b", "cap-82a") == 1);
    CHECK(edit_distance("", "abc") == 3);
    const std::vector<std::string_view> ids{"check", "due", "show", "stats"};
    CHECK(nearest("chekc", ids) == "check");
    CHECK(nearest("xyzzy", ids) == "");
  }

  TEST_CASE("names match after NFC and Unicode case folding") {
    CHECK(same_name("søren ærø", "Søren Ærø"));
    CHECK(same_name("SØREN ÆRØ", "søren ærø"));
    CHECK(same_name(nfd_aase + " Holm", "åse holm"));
    CHECK(same_name("Lars  Berg ", "lars berg"));
    CHECK(same_name("Lars\xC2\xA0"
                    "Berg",
                    "Lars Berg"));         // a no-break space pasted from Word
    CHECK(same_name("Strauß", "STRAUSS")); // full case folding
    CHECK_FALSE(same_name("Søren", "Soren"));
    CHECK_FALSE(same_name("Lars Berg", "Lars Berk"));
    CHECK_FALSE(same_name("Åse", "Aase"));
  }

  TEST_CASE("the name key is the folded, composed, single-spaced name") {
    CHECK(name_key("  Søren   ÆRØ ") == "søren ærø");
    CHECK(name_key(nfd_aase) == "\xC3\xA5se"); // å as one code point
    CHECK(name_key("E\xCC\x81"
                   "mile") == "\xC3\xA9mile");
    CHECK(name_key("") == "");
    CHECK(name_key("S\xf8ren") == "s\xEF\xBF\xBDren"); // a bad byte is U+FFFD, not lost
  }

  TEST_CASE("nearest names: a prefix, one word of the name, a typo, letters typed without æøå") {
    const std::vector<std::string> coaches{"Lars Berg", "Søren Ærø",        "Mette Holm",
                                           "Lone Berg", nfd_aase + " Holm", "lars berg"};
    CHECK(nearest_names("Lars", coaches, 3) == std::vector<std::string>{"Lars Berg"});
    CHECK(nearest_names("berg", coaches, 3) == std::vector<std::string>{"Lars Berg", "Lone Berg"});
    CHECK(nearest_names("Lars Berk", coaches, 3) == std::vector<std::string>{"Lars Berg"});
    CHECK(nearest_names("Soren Aero", coaches, 3) == std::vector<std::string>{"Søren Ærø"});
    CHECK(nearest_names("soeren", coaches, 3) == std::vector<std::string>{"Søren Ærø"});
    CHECK(nearest_names("Aase Holm", coaches, 3) == std::vector<std::string>{nfd_aase + " Holm"});
    CHECK(nearest_names("Holm", coaches, 1) == std::vector<std::string>{"Mette Holm"});
    CHECK(nearest_names("Bent Hansen", coaches, 3).empty());
    CHECK(nearest_names("L", coaches, 3).empty()); // one letter suggests nobody
    CHECK(nearest_names("", coaches, 3).empty());
  }

  TEST_CASE("display width counts grapheme clusters: composed and decomposed align") {
    CHECK(display_width("Søren") == 5);
    CHECK(display_width("So\xCC\xB8ren") == 5); // o + U+0338 COMBINING LONG SOLIDUS OVERLAY
    CHECK(display_width(nfd_aase) == 3);
    CHECK(display_width(nfc_aase) == 3);
    CHECK(display_width("e\xCC\x81\xCC\xA3") == 1); // two combining marks on one letter
    CHECK(display_width("日本") == 4);              // East Asian wide
    CHECK(display_width("\xEF\xBC\xA1") == 2);      // fullwidth A
    CHECK(display_width("a\xE2\x80\x8B"
                        "b") == 2);                        // a zero-width space takes no column
    CHECK(display_width("S\xf8ren") == 5);                 // the bad byte prints as one U+FFFD
    CHECK(display_width("🇩🇰 👍🏽 ❤️") == 8); // a flag, a skin tone, an emoji selector: 2 each
    CHECK(display_width("") == 0);
    CHECK(pad_right(nfd_aase, 5) == nfd_aase + "  ");
    CHECK(pad_left(nfd_aase, 5) == "  " + nfd_aase);
    CHECK(pad_right("Søren Ærø", 4) == "Søren Ærø");
  }

  TEST_CASE("a simple letter is, to Unicode's tables, one column and a cluster of its own") {
    // display_width() counts text of simple letters without the tables: hold them to that.
    size_t simple = 0;
    for (char32_t c = 0; c < 0x3000; ++c) {
      if (!is_simple_letter(c))
        continue;
      ++simple;
      CHECK(utf8proc_charwidth(utf8proc_int32_t(c)) == 1);
      CHECK(utf8proc_grapheme_break(utf8proc_int32_t(c), 'a'));
      CHECK(utf8proc_grapheme_break('a', utf8proc_int32_t(c)));
      CHECK(utf8proc_grapheme_break(utf8proc_int32_t(c), utf8proc_int32_t(c)));
    }
    CHECK(simple == 95 + 0x24F - 0xA1); // printable ASCII, and U+00A1–U+024F but the soft hyphen
    CHECK(!is_simple_letter(0x301));    // a combining mark sends the text to the tables
    CHECK(display_width("§85 Søren Ærø Åse") == 17);
    CHECK(display_width("Søren\xCC\x81") == 5); // a combining mark after a simple letter
  }

  TEST_CASE("printable: an escape sequence in a name reaches no terminal") {
    CHECK(printable("Evil\x1b]0;PWNED\x07\x1b[2J") == "Evil\\x1b]0;PWNED\\x07\\x1b[2J");
    CHECK(printable("Jens\nHansen  2025-0142 overdue") == "Jens\\x0aHansen  2025-0142 overdue");
    CHECK(printable("a\rb\tc\x7f") == "a\\x0db\\x09c\\x7f");
    CHECK(printable("C1 \xC2\x9B"
                    "2J") == "C1 \\u009b2J");                    // U+009B, the one-byte CSI
    CHECK(printable("\xE2\x80\xAEgpj.exe") == "\\u202egpj.exe"); // RIGHT-TO-LEFT OVERRIDE
    CHECK(printable("line\xE2\x80\xA8sep") == "line\\u2028sep");
    CHECK(printable("S\xf8ren") == "S\xEF\xBF\xBDren");
    CHECK(printable("Søren Ærø, " + nfd_aase + " \\x1b") == "Søren Ærø, " + nfd_aase + " \\x1b");
  }

  TEST_CASE("printable with Layout::lines keeps line breaks and tabs, nothing else") {
    CHECK(printable("one\r\ntwo\nthree\tfour", Layout::lines) == "one\r\ntwo\nthree\tfour");
    CHECK(printable("over\rwrite\x1b[2K", Layout::lines) == "over\\x0dwrite\\x1b[2K");
  }

  TEST_CASE("printable with Layout::terminal keeps paint()'s colour codes and no other escape") {
    const auto red = paint("overdue", Tone::error, true);
    CHECK(printable(red + "\n", Layout::terminal) == red + "\n");
    CHECK(printable("a\x1b[8mhidden\x1b[0m", Layout::terminal) == "a\\x1b[8mhidden\x1b[0m");
    CHECK(printable("\x1b[30;40mblack", Layout::terminal) == "\\x1b[30;40mblack");
    CHECK(printable("\x1b]0;title\x07", Layout::terminal) == "\\x1b]0;title\\x07");
  }

  TEST_CASE("control characters are found in names, and line breaks allowed only in notes") {
    CHECK(has_control_characters("Evil\x1b]0;PWNED\x07", false));
    CHECK(has_control_characters("Jens\nHansen", false));
    CHECK_FALSE(has_control_characters("Ring igen\r\nmandag", true));
    CHECK(has_control_characters("Ring\tigen", true));
    CHECK(has_control_characters("\xC2\x85", true)); // NEL, a C1 control
    CHECK(has_control_characters("x\x7f", false));
    CHECK_FALSE(has_control_characters("Søren Ærø " + nfd_aase, false));
    CHECK_FALSE(has_control_characters("S\xf8ren", false)); // a bad byte is an encoding error, not a control
    const auto found = find_control_character("Evil\x1b]0", false);
    REQUIRE(found);
    CHECK(found->offset == 4);
    CHECK(control_character_name(found->code) == "ESC (U+001B)");
    CHECK(control_character_name(0x09) == "TAB (U+0009)");
    CHECK(control_character_name(0x7F) == "DEL (U+007F)");
    CHECK(control_character_name(0x85) == "U+0085");
  }
}
