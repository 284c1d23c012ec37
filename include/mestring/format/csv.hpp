#pragma once
// `check --format csv`: one finding per row for spreadsheets, with a header
// row; RFC 4180 quoting (csv_quote of csv.hpp) and CRLF line ends.

#include <mestring/check.hpp>

#include <string>

namespace mestring {

// Renders the columns file,line,case,rule,severity,due,message; a missing
// line, case or due date is an empty cell. Only the header when clean.
std::string render_check_csv(const CheckResult &r);

} // namespace mestring
