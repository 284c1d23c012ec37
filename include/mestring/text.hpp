#pragma once
// Small text helpers that know nothing of cases.

#include <span>
#include <string>
#include <string_view>

namespace mestring {

// Returns the Levenshtein distance between a and b.
size_t edit_distance(std::string_view a, std::string_view b);
// Returns the candidate nearest to `word`, or "" when none is near enough to
// be a plausible typo (distance at most a third of the word, at least 2).
std::string_view nearest(std::string_view word, std::span<const std::string_view> candidates);

// Columns a UTF-8 text takes in a terminal: one per character (continuation
// bytes take none; Danish letters are one column, like any Latin letter).
size_t display_width(std::string_view s);
// The text padded with spaces to `width` columns, on the right or the left.
std::string pad_right(std::string_view s, size_t width);
std::string pad_left(std::string_view s, size_t width);
// What a coloured word means; each has one ANSI colour (see text.cpp).
enum class Tone { error, warning, info, good, strong };
// The text in the tone's colour when `color` is on, else the text as it is.
// Padding goes outside: paint(pad_right(s, w), …) keeps columns aligned.
std::string paint(std::string_view text, Tone tone, bool color);

// Whether two names are equal ignoring ASCII case ("lars berg" = "Lars Berg").
bool same_name(std::string_view a, std::string_view b);

} // namespace mestring
