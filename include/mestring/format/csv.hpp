#pragma once
// `check --format csv`: one finding per row for spreadsheets, under a header
// row of the JSON contract's English keys, written by the one CSV writer
// (csv.hpp): the config's delimiter and byte-order mark, CRLF, quoting and
// the formula guard.

#include <mestring/check.hpp>
#include <mestring/csv.hpp>

#include <string>

namespace mestring {

// Renders the columns file,line,case,rule,severity,due,message,role,owner; a
// missing line, case, due date, role or owner is an empty cell. Only the
// header when clean. Exempted findings are left out, as in the text.
std::string render_check_csv(const CheckResult &r, CsvStyle style = {});

} // namespace mestring
