#include <mestring/date.hpp>

#include <fmt/format.h>

namespace mestring {

using namespace std::chrono;

Date Date::from_ymd(int y, unsigned m, unsigned d) {
  return Date{sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}};
}

std::string Date::iso() const {
  const auto v = ymd();
  return fmt::format("{:04}-{:02}-{:02}", int(v.year()), unsigned(v.month()), unsigned(v.day()));
}

std::optional<Date> parse_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-')
    return std::nullopt;
  auto num = [&](size_t pos, size_t len) -> int {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (t[i] < '0' || t[i] > '9')
        return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 1 || m < 1 || d < 1)
    return std::nullopt;
  const year_month_day v{year{y}, month{unsigned(m)}, day{unsigned(d)}};
  if (!v.ok())
    return std::nullopt;
  return Date{sys_days{v}};
}

Date add_days(Date d, long n) { return Date{d.days + std::chrono::days{n}}; }

Date add_months(Date d, int n) {
  const auto v = d.ymd();
  const year_month ym = year_month{v.year(), v.month()} + months{n};
  const auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  return Date{sys_days{ym / (v.day() > last ? last : v.day())}};
}

long days_between(Date from, Date to) { return (to.days - from.days).count(); }

Date week_start(Date d) { return add_days(d, -long(d.weekday_index())); }

IsoWeek iso_week(Date d) {
  // The ISO year is the year of this week's Thursday.
  const Date thursday = add_days(week_start(d), 3);
  const int y = thursday.year();
  const Date jan4 = Date::from_ymd(y, 1, 4);
  return {y, unsigned(days_between(week_start(jan4), week_start(d)) / 7 + 1)};
}

} // namespace mestring
