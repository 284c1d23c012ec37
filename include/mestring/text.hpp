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

} // namespace mestring
