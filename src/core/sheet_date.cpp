#include <mestring/i18n.hpp>
#include <mestring/sheet_date.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace mestring {

namespace {

std::string_view trimmed(std::string_view t) {
  while (!t.empty() && t.front() == ' ')
    t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ')
    t.remove_suffix(1);
  return t;
}

struct DayFirst {
  std::optional<Date> date; // nothing when day or month is impossible
  bool two_digit_year = false;
  size_t year_at = 0; // where the year begins in the text
};

// Reads D-M-Y with -, . or / (one kind throughout), day and month of one or
// two digits, the year of four or two. Nothing when the text has another shape.
std::optional<DayFirst> day_first(std::string_view t) {
  int part[3] = {0, 0, 0};
  size_t digits[3] = {0, 0, 0};
  size_t k = 0;
  char sep = 0;
  DayFirst r;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c >= '0' && c <= '9') {
      part[k] = part[k] * 10 + (c - '0');
      if (++digits[k] > 4)
        return std::nullopt;
    } else if ((c == '-' || c == '.' || c == '/') && k < 2 && (sep == 0 || sep == c) && digits[k] > 0) {
      sep = c;
      ++k;
      r.year_at = i + 1;
    } else {
      return std::nullopt;
    }
  }
  if (k != 2 || digits[0] > 2 || digits[1] > 2 || (digits[2] != 4 && digits[2] != 2))
    return std::nullopt;
  r.two_digit_year = digits[2] == 2;
  // POSIX %y: 69–99 are 1969–1999, 00–68 are 2000–2068.
  const int year = r.two_digit_year ? part[2] + (part[2] >= 69 ? 1900 : 2000) : part[2];
  const std::chrono::year_month_day v{std::chrono::year{year}, std::chrono::month{unsigned(part[1])},
                                      std::chrono::day{unsigned(part[0])}};
  if (v.ok() && year >= 1)
    r.date = Date{std::chrono::sys_days{v}};
  return r;
}

// A spreadsheet serial number: whole days since 1899-12-30 (as Excel and
// LibreOffice count), perhaps with a time fraction after . or ,.
std::optional<Date> serial(std::string_view t) {
  const auto dot = t.find_first_of(".,");
  const auto whole = t.substr(0, dot);
  if (whole.empty())
    return std::nullopt;
  if (dot != std::string_view::npos) {
    const auto fraction = t.substr(dot + 1);
    if (fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
  }
  long days = 0;
  const auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), days);
  if (ec != std::errc{} || p != whole.data() + whole.size() || days < 367 || days > 109574)
    return std::nullopt;
  return add_days(Date::from_ymd(1899, 12, 30), days);
}

} // namespace

std::optional<Date> parse_sheet_date(std::string_view text) {
  const auto t = trimmed(text);
  if (const auto iso = parse_iso_date(t))
    return iso;
  if (const auto d = day_first(t))
    return d->date;
  return serial(t);
}

std::string sheet_date_hint() { return say("is not a date; write it as 31-12-2025, 31-12-25 or 2025-12-31"); }

Expected<Date> parse_typed_date(std::string_view text, Date today) {
  const auto t = trimmed(text);
  std::string lower(t);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; });
  if (lower == "today")
    return today;
  if (lower == "yesterday")
    return add_days(today, -1);
  if (const auto iso = parse_iso_date(t))
    return *iso;
  const auto d = day_first(t);
  if (d && d->date && !d->two_digit_year)
    return *d->date;
  if (d && d->date)
    return Unexpected{say("\"{}\" has a two-digit year; write the year in full: {}{}", printable(text),
                          t.substr(0, d->year_at), d->date->year())};
  return Unexpected{
      say("\"{}\" is not a date; write it as 2025-12-31, 31-12-2025, today or yesterday", printable(text))};
}

} // namespace mestring
