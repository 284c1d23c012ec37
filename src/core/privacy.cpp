#include <mestring/privacy.hpp>

#include <chrono>
#include <fmt/format.h>

namespace mestring {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

bool digits(std::string_view s, size_t from, size_t n) {
  if (from + n > s.size())
    return false;
  for (size_t i = from; i < from + n; ++i)
    if (!digit(s[i]))
      return false;
  return true;
}

int two(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

} // namespace

std::optional<Date> cpr_birth_date(std::string_view s) {
  if (!digits(s, 0, 7))
    return std::nullopt;
  const int dd = two(s, 0), mm = two(s, 2), yy = two(s, 4);
  int century = 1900;
  switch (s[6]) {
  case '4':
  case '9': century = yy <= 36 ? 2000 : 1900; break;
  case '5':
  case '6':
  case '7':
  case '8': century = yy <= 57 ? 2000 : 1800; break;
  default: break;
  }
  const std::chrono::year_month_day born{std::chrono::year{century + yy}, std::chrono::month{unsigned(mm)},
                                         std::chrono::day{unsigned(dd)}};
  if (!born.ok())
    return std::nullopt;
  return Date{std::chrono::sys_days{born}};
}

std::pair<size_t, size_t> find_cpr_like(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (!digit(s[i]) || (i > 0 && digit(s[i - 1])))
      continue;
    if (digits(s, i, 6) && i + 6 < s.size() && s[i + 6] == '-' && digits(s, i + 7, 4) &&
        (i + 11 == s.size() || !digit(s[i + 11])))
      return {i, 11};
    if (digits(s, i, 10) && (i + 10 == s.size() || !digit(s[i + 10])) && cpr_birth_date(s.substr(i, 10)))
      return {i, 10};
  }
  return {std::string_view::npos, 0};
}

std::string redact_cpr(std::string_view text) {
  std::string out(text);
  for (auto [at, n] = find_cpr_like(out); n != 0; std::tie(at, n) = find_cpr_like(out, at + n))
    out.replace(at + n - 4, 4, "xxxx");
  return out;
}

} // namespace mestring
