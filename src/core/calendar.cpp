#include <mestring/calendar.hpp>

#include <charconv>
#include <fmt/format.h>
#include <vector>

namespace mestring {

Date easter_sunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return Date::from_ymd(y, unsigned(month), unsigned(day));
}

std::string_view Calendar::holiday_name(Date d) {
  switch (d.month() * 100 + d.day()) {
  case 101: return "New Year's Day";
  case 605: return "Constitution Day";
  case 1224: return "Christmas Eve";
  case 1225: return "Christmas Day";
  case 1226: return "Boxing Day";
  case 1231: return "New Year's Eve";
  default: break;
  }
  switch (days_between(easter_sunday(d.year()), d)) {
  case -3: return "Maundy Thursday";
  case -2: return "Good Friday";
  case 0: return "Easter Sunday";
  case 1: return "Easter Monday";
  case 26: return d.year() <= 2023 ? "Store Bededag" : "";
  case 39: return "Ascension Day";
  case 49: return "Whit Sunday";
  case 50: return "Whit Monday";
  default: return "";
  }
}

bool Calendar::is_working_day(Date d) const {
  if (extra_closed.contains(d))
    return false;
  if (d.weekday_index() >= 5)
    return false;
  if (extra_open.contains(d))
    return true;
  return holiday_name(d).empty();
}

std::optional<Duration> parse_duration(std::string_view text) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && text[i] == ' ')
      ++i;
    size_t j = i;
    while (j < text.size() && text[j] != ' ')
      ++j;
    if (j > i)
      words.push_back(text.substr(i, j - i));
    i = j;
  }
  if (words.empty())
    return std::nullopt;
  Duration out;
  for (size_t i = 0; i < words.size();) {
    int n = 0;
    const auto w = words[i];
    const auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), n);
    if (ec != std::errc{} || p != w.data() + w.size() || n < 0 || n > 100000 || i + 1 >= words.size())
      return std::nullopt;
    const auto unit = words[i + 1];
    i += 2;
    if (unit == "month" || unit == "months")
      out.months += n;
    else if (unit == "week" || unit == "weeks")
      out.weeks += n;
    else if (unit == "day" || unit == "days")
      out.days += n;
    else if (unit == "working" && i < words.size() && (words[i] == "day" || words[i] == "days")) {
      out.working_days += n;
      ++i;
    } else
      return std::nullopt;
  }
  return out;
}

std::string format_duration(const Duration &d, Lang lang) {
  std::string out;
  auto part = [&](int n, std::string_view one, std::string_view many) {
    if (n == 0)
      return;
    if (!out.empty())
      out += ' ';
    out += fmt::format("{} {}", n, tr(lang, n == 1 ? one : many));
  };
  part(d.months, "month", "months");
  part(d.weeks, "week", "weeks");
  part(d.days, "day", "days");
  part(d.working_days, "working day", "working days");
  return out.empty() ? trf(lang, "{} days", 0) : out;
}

namespace {
Date shift(Date d, const Duration &span, const Calendar &cal, int sign) {
  Date out = add_days(add_months(d, sign * span.months), sign * (7L * span.weeks + span.days));
  for (int left = span.working_days; left > 0;) {
    out = add_days(out, sign);
    if (cal.is_working_day(out))
      --left;
  }
  return out;
}
} // namespace

Date add_duration(Date d, const Duration &span, const Calendar &cal) { return shift(d, span, cal, 1); }

Date subtract_duration(Date d, const Duration &span, const Calendar &cal) { return shift(d, span, cal, -1); }

} // namespace mestring
