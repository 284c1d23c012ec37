#pragma once
// Text a person typed (a string in a case file, an option of `new` or `add`,
// a cell of a spreadsheet) meets the same two checks wherever it comes in
// (case-format.md): no control characters, because they would reach
// terminals, cron mail and spreadsheets; and no CPR-like number outside
// citizen.cpr, because free text travels into agendas, exports and e-mails.
// The loader, the command line and import word their refusals alike.

#include <optional>
#include <string>
#include <string_view>

namespace mestring {

// "WHERE holds the control character ESC (U+001B); remove it, …", or nothing.
// Line breaks are allowed with `allow_newlines` (notes and note only).
std::optional<std::string> control_character_problem(std::string_view value, std::string_view where,
                                                     bool allow_newlines);

// "WHERE holds what looks like a CPR number (311299-4321); …", or nothing.
// The number is in full: the caller masks messages as it masks every other.
std::optional<std::string> cpr_in_text_problem(std::string_view value, std::string_view where);

// Either problem, the control character first.
std::optional<std::string> typed_text_problem(std::string_view value, std::string_view where, bool allow_newlines);

} // namespace mestring
