#pragma once
// Messages in English and Danish. Code is written with the English text; tr()
// returns the Danish one from a single catalog (src/core/i18n.cpp) or, for a
// text the catalog lacks, the English one. Rule ids and JSON keys stay English.

#include <mestring/date.hpp>

#include <fmt/format.h>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mestring {

enum class Lang { en, da };

// A text written in both languages where it is defined (a table row), not
// looked up in the catalog: Text{"first", "første"}(lang).
struct Text {
  std::string_view en, da;
  std::string_view operator()(Lang lang) const { return lang == Lang::da && !da.empty() ? da : en; }
};

// Parses "en" or "da" (also "da_DK.UTF-8" and the like); nothing otherwise.
std::optional<Lang> parse_lang(std::string_view text);
// The language of LC_ALL, LC_MESSAGES or LANG, in that order; English if none names one.
Lang lang_from_environment();

// Returns the text in `lang`: the English text itself, or its Danish
// translation. An English key may end in "\x04context" (gettext's msgctxt
// separator) to tell apart two texts that read the same in English but not
// in Danish ("{} overdue\x04plural"); the context is never printed.
std::string_view tr(Lang lang, std::string_view english);

// Formats the translated format string, e.g. trf(lang, "due {}", d.iso()).
template <typename... Args> std::string trf(Lang lang, std::string_view english, Args &&...args) {
  return fmt::format(fmt::runtime(tr(lang, english)), std::forward<Args>(args)...);
}

// The language of messages: errors, warnings and notes, wherever they are
// made. The command line sets it once, before any work, from --lang, the
// config and LANG — like setlocale; it is English until then. Views that
// render a result (agenda, show, findings) take their language explicitly.
void set_message_lang(Lang lang);
Lang message_lang();

// A message in the message language: say("{}: cannot read", path).
template <typename... Args> std::string say(std::string_view english, Args &&...args) {
  return trf(message_lang(), english, std::forward<Args>(args)...);
}

// The Danish catalog as (English, Danish) pairs, for tests.
std::span<const std::pair<std::string_view, std::string_view>> danish_catalog();

// "Wednesday 26 November 2025" / "onsdag 26. november 2025".
std::string long_date(Date d, Lang lang);
// "Wed 26 Nov" / "ons 26. nov.".
std::string short_date(Date d, Lang lang);
std::string_view weekday_name(Date d, Lang lang);
// "83.3%" / "83,3%": part of whole to one decimal, or "–" when whole is 0.
std::string percent(long part, long whole, Lang lang);

} // namespace mestring
