#pragma once
// A calendar date without time, the only kind of date a case file holds.
// Month arithmetic clamps to the end of the month, as rules.md defines it
// (and as dateutil.relativedelta does): 2025-08-31 + 6 months = 2026-02-28.

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace mestring {

struct Date {
  std::chrono::sys_days days{};

  static Date from_ymd(int y, unsigned m, unsigned d);
  std::chrono::year_month_day ymd() const { return std::chrono::year_month_day{days}; }
  int year() const { return int(ymd().year()); }
  unsigned month() const { return unsigned(ymd().month()); }
  unsigned day() const { return unsigned(ymd().day()); }
  // Monday = 0 … Sunday = 6.
  unsigned weekday_index() const { return std::chrono::weekday{days}.iso_encoding() - 1; }

  // Formats as ISO 8601 `YYYY-MM-DD`.
  std::string iso() const;

  auto operator<=>(const Date &) const = default;
};

// Parses `YYYY-MM-DD` exactly; returns nothing for any other text or an
// impossible date such as 2025-02-30.
std::optional<Date> parse_iso_date(std::string_view text);

Date add_days(Date d, long n);
// Adds n months (n may be negative), clamping the day to the month's last day.
Date add_months(Date d, int n);
long days_between(Date from, Date to);

struct IsoWeek {
  int year;
  unsigned week;
};
// Returns the ISO 8601 week (weeks start on Monday; week 1 holds 4 January).
IsoWeek iso_week(Date d);
// Returns the Monday of the ISO week that holds d.
Date week_start(Date d);

} // namespace mestring
