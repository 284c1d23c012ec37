// The catalog of Danish texts. Keys are the English texts exactly as the code
// writes them; a missing key falls back to English, and a unit test checks
// that every key's placeholders match its translation's.
#include <mestring/i18n.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <unordered_map>

namespace mestring {

namespace {

constexpr std::pair<std::string_view, std::string_view> catalog[] = {
#include "i18n_da.inc"
};

const std::unordered_map<std::string_view, std::string_view> &danish() {
  static const std::unordered_map<std::string_view, std::string_view> table(std::begin(catalog), std::end(catalog));
  return table;
}

constexpr std::string_view weekdays_en[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};
constexpr std::string_view weekdays_da[] = {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"};
constexpr std::string_view weekdays_da_short[] = {"man", "tir", "ons", "tor", "fre", "lør", "søn"};
constexpr std::string_view months_en[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
constexpr std::string_view months_da[] = {"januar", "februar", "marts",     "april",   "maj",      "juni",
                                          "juli",   "august",  "september", "oktober", "november", "december"};
constexpr std::string_view months_da_short[] = {"jan.", "feb.", "mar.", "apr.", "maj",  "jun.",
                                                "jul.", "aug.", "sep.", "okt.", "nov.", "dec."};

} // namespace

std::span<const std::pair<std::string_view, std::string_view>> danish_catalog() { return catalog; }

namespace {
// Set before any thread starts, read afterwards; atomic so that a test or a
// second set never races with a reader.
std::atomic<Lang> the_message_lang{Lang::en};
} // namespace

void set_message_lang(Lang lang) { the_message_lang.store(lang, std::memory_order_relaxed); }
Lang message_lang() { return the_message_lang.load(std::memory_order_relaxed); }

std::optional<Lang> parse_lang(std::string_view t) {
  if (t.starts_with("da"))
    return Lang::da;
  if (t.starts_with("en") || t == "C" || t == "POSIX")
    return Lang::en;
  return std::nullopt;
}

Lang lang_from_environment() {
  for (const char *name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char *v = std::getenv(name); v && *v)
      return parse_lang(v).value_or(Lang::en);
  return Lang::en;
}

std::string_view tr(Lang lang, std::string_view english) {
  if (lang == Lang::da)
    if (const auto it = danish().find(english); it != danish().end())
      return it->second;
  return english.substr(0, english.find('\x04'));
}

std::string_view weekday_name(Date d, Lang lang) {
  return (lang == Lang::da ? weekdays_da : weekdays_en)[d.weekday_index()];
}

std::string long_date(Date d, Lang lang) {
  if (lang == Lang::da)
    return fmt::format("{} {}. {} {}", weekdays_da[d.weekday_index()], d.day(), months_da[d.month() - 1], d.year());
  return fmt::format("{} {} {} {}", weekdays_en[d.weekday_index()], d.day(), months_en[d.month() - 1], d.year());
}

std::string short_date(Date d, Lang lang) {
  if (lang == Lang::da)
    return fmt::format("{} {}. {}", weekdays_da_short[d.weekday_index()], d.day(), months_da_short[d.month() - 1]);
  return fmt::format("{} {} {}", weekdays_en[d.weekday_index()].substr(0, 3), d.day(),
                     months_en[d.month() - 1].substr(0, 3));
}

std::string percent(long part, long whole, Lang lang) {
  if (whole == 0)
    return "–";
  auto text = fmt::format("{:.1f}%", 100.0 * double(part) / double(whole));
  if (lang == Lang::da)
    std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

} // namespace mestring
