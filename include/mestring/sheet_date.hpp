#pragma once
// Dates as people write them, in a spreadsheet cell or on the command line,
// read by one parser: ISO `2025-12-31`, or day first as in Denmark
// (`31-12-2025`, `31.12.2025`, `31/12/2025`, day and month of one or two
// digits, one separator throughout).
//
// Sheets also hold two-digit years (`04-11-24`: Danish LibreOffice and Excel
// write them by default) and serial numbers (`46022`). The command line takes
// neither: a typed `04-11-24` is as likely a slip as a date, and `45000` as
// likely a case number, so there the year is asked for in full, with the date
// it would be spelt out. It takes `today` and `yesterday` instead.

#include <mestring/date.hpp>
#include <mestring/expected.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mestring {

// Reads a spreadsheet cell (spaces around it ignored): ISO, day first with a
// four- or two-digit year (00–68 is 2000–2068, 69–99 is 1969–1999, as POSIX
// %y), or a serial number of 367–109574 days since 1899-12-30 (1901-01-01 …
// 2199-12-31; smaller numbers are not dates people mean), perhaps with a time
// fraction (`46022,5`). Nothing for anything else or an impossible date.
std::optional<Date> parse_sheet_date(std::string_view text);
// What import says after the cell: "is not a date; write it as 31-12-2025,
// 31-12-25 or 2025-12-31" (in the message language).
std::string sheet_date_hint();

// Reads a date typed on the command line: ISO, day first with a four-digit
// year, `today` or `yesterday` (any case; relative to `today`, which the
// caller gives: the as-of date for --date, the clock's date for --as-of).
// Fails with a message that quotes the text and says how to write it; a
// two-digit year is refused with the date spelt out in full.
Expected<Date> parse_typed_date(std::string_view text, Date today);

} // namespace mestring
