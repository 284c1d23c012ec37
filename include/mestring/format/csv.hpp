#pragma once
// `check --format csv`: one finding per row for spreadsheets, with a header
// row; RFC 4180 quoting and CRLF line ends.

#include <mestring/check.hpp>

#include <string>
#include <string_view>

namespace mestring {

// Renders the columns file,line,case,rule,severity,due,message; a missing
// line, case or due date is an empty cell. Only the header when clean.
std::string render_check_csv(const CheckResult &r);

// Returns `field` as an RFC 4180 cell: quoted, with quotes doubled, when it
// holds a comma, a quote, CR or LF; unchanged otherwise.
std::string csv_field(std::string_view field);

} // namespace mestring
