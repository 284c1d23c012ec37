#pragma once
// CPR numbers (the Danish personal identity number) in text. Case files hold
// them in `citizen.cpr` only; everything mestring prints passes through
// `redact_cpr` unless the user asked for full numbers (--show-cpr), and
// `check` reports a CPR-like number written into a free-text note, because
// notes travel into exports and e-mails.

#include <mestring/date.hpp>

#include <optional>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// Returns the birth date `ten_digits` (DDMMYYSSSS) begins with, the century
// read from the 7th digit as the CPR office defines it; nothing when the
// digits are not a real date.
std::optional<Date> cpr_birth_date(std::string_view ten_digits);

// Returns the offset and length of the first CPR-like number in `text` at or
// after `from`: DDMMYY-SSSS, or ten digits in a row that begin with a real
// birth date; neither may touch another digit. Returns {npos, 0} when none.
std::pair<size_t, size_t> find_cpr_like(std::string_view text, size_t from = 0);

// Returns `text` with the last four digits of every CPR-like number replaced
// by "xxxx": "010190-1234" → "010190-xxxx", "0101901234" → "010190xxxx".
std::string redact_cpr(std::string_view text);

} // namespace mestring
