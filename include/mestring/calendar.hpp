#pragma once
// The Danish working-day calendar of rules.md and the durations that rules
// add to dates ("6 months", "10 working days", "2 months 15 days").

#include <mestring/date.hpp>
#include <mestring/i18n.hpp>

#include <set>
#include <string>
#include <string_view>

namespace mestring {

// Returns Easter Sunday of a Gregorian year (anonymous Gregorian algorithm).
Date easter_sunday(int year);

// Days on which public offices are closed, besides Saturdays and Sundays.
struct Calendar {
  std::set<Date> extra_closed; // config `calendar.closed`
  std::set<Date> extra_open;   // config `calendar.open`: holidays worked as usual

  // Returns the name of the default Danish holiday or closing day, or "".
  static std::string_view holiday_name(Date d);
  bool is_working_day(Date d) const;
};

// A span of time as a rule states it: months first, then days, then working
// days. "2½ months" is written as `2 months 15 days`. Weeks are kept apart
// from days only so that the config prints back as it was written.
struct Duration {
  int months = 0;
  int weeks = 0;
  int days = 0;
  int working_days = 0;

  bool operator==(const Duration &) const = default;
};

// Parses "6 months", "8 weeks", "14 days", "10 working days", "1 month 2 weeks";
// returns nothing for anything else. Every part must be a whole number >= 0.
std::optional<Duration> parse_duration(std::string_view text);
// Formats as parse_duration reads it: "6 months", "10 working days"; in
// Danish for people: "6 måneder", "10 arbejdsdage".
std::string format_duration(const Duration &d, Lang lang = Lang::en);
// Returns d + span: months with end-of-month clamping, then days, then working
// days counted forward skipping days the calendar closes.
Date add_duration(Date d, const Duration &span, const Calendar &cal);
// Returns d − span, the mirror of add_duration (working days counted backward).
Date subtract_duration(Date d, const Duration &span, const Calendar &cal);

} // namespace mestring
