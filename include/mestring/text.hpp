#pragma once
// Text helpers that know nothing of cases: typo distance for ids, names as
// people write them (Unicode NFC and case folding, through libutf8proc),
// terminal columns in grapheme clusters, and text made safe to print.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// --- Ids: ASCII words typed on the command line (text.cpp) ---

// Returns the Levenshtein distance between a and b, byte by byte (ids) or
// code point by code point (names, as names.cpp compares them).
size_t edit_distance(std::string_view a, std::string_view b);
size_t edit_distance(std::u32string_view a, std::u32string_view b);
// Returns the candidate nearest to `word`, or "" when none is near enough to
// be a plausible typo (distance at most a third of the word, at least 2).
std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates);

// --- Columns in a terminal (text.cpp) ---

// Columns a UTF-8 text takes in a terminal, one grapheme cluster at a time:
// 2 for an East Asian wide or fullwidth character or an emoji (a flag, or with
// U+FE0F), 0 for a cluster of only zero-width or combining marks, else 1. So "Åse" is 3 columns whether the Å
// is one code point (NFC) or A + U+030A (NFD). A bad byte counts 1 (it prints
// as U+FFFD).
size_t display_width(std::string_view s);
// Whether `c` is a simple letter: printable ASCII, or a Latin letter or sign
// of U+00A1–U+024F but the soft hyphen (æ, ø, å, é, §, …): one column wide
// and a cluster of its own, so display_width() counts text made only of them
// without Unicode's tables (a unit test holds utf8proc to that).
bool is_simple_letter(char32_t c);
// The text padded with spaces to `width` columns, on the right or the left.
std::string pad_right(std::string_view s, size_t width);
std::string pad_left(std::string_view s, size_t width);
// What a coloured word means; each has one ANSI colour (see text.cpp).
enum class Tone { error, warning, info, good, strong };
// The text in the tone's colour when `color` is on, else the text as it is.
// Padding goes outside: paint(pad_right(s, w), …) keeps columns aligned.
std::string paint(std::string_view text, Tone tone, bool color);

// --- Names: coaches, advisors, citizens (names.cpp) ---

// The form of a name to compare, group and index by: NFC after Unicode case
// folding, runs of white space (any Unicode space) made one space, trimmed.
// "  Søren  ÆRØ" and "søren ærø" (composed or decomposed) give one key.
std::string name_key(std::string_view name);
// Whether two names are the same name: name_key(a) == name_key(b).
bool same_name(std::string_view a, std::string_view b);
// Up to n of the candidates a person may have meant by `word`, best first:
// the names that begin with it or have a word that begins with it
// ("Lars" -> "Lars Berg", "berg" -> "Lars Berg"), then those within a few
// edits of the whole name or of one of its words, counted in code points and
// also with æ, ø, å spelt ae, oe, aa and accents dropped ("Soren Aero" ->
// "Søren Ærø"). Compared by name_key; one spelling per key is returned.
std::vector<std::string> nearest_names(std::string_view word, std::span<const std::string> candidates, size_t n);

// --- Text made safe to print (safe_text.cpp) ---

// How printable() treats the characters that shape text.
enum class Layout {
  one_line, // every control shown as an escape: the text stays on its line
  lines,    // LF, CR LF and TAB kept (notes in a CSV cell); other controls shown
  terminal  // as lines, and the colour codes paint() writes ("\x1b[1;31m") kept
};
// The text as a terminal, a cron mail or a CI log may show it: each bad UTF-8
// byte becomes U+FFFD; a C0 control or DEL becomes "\x" and two lowercase hex
// digits (ESC is "\x1b", LF "\x0a"); a C1 control, U+2028/U+2029 and the
// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, which
// reorder what a reader sees) become "\u" and four hex digits ("\u0085").
// So no escape sequence reaches a terminal and no text forges a line. The
// escapes are for a person to see; a backslash in the text is left as it is.
std::string printable(std::string_view s, Layout layout = Layout::one_line);

struct ControlCharacter {
  size_t offset = 0; // byte offset in the text
  char32_t code = 0;
};
// The first control character in s: C0 (TAB included), DEL or C1, in valid
// UTF-8 (bad bytes are not controls: see is_valid_utf8). LF and CR are
// allowed only with `allow_newlines` (case-format.md: notes, note).
std::optional<ControlCharacter> find_control_character(std::string_view s, bool allow_newlines);
bool has_control_characters(std::string_view s, bool allow_newlines);
// A control character as a message names it: "ESC (U+001B)", "TAB (U+0009)",
// "U+0085".
std::string control_character_name(char32_t c);

} // namespace mestring
