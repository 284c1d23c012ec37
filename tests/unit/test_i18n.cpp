#include <mestring/calendar.hpp>
#include <mestring/i18n.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <set>
#include <string>

using namespace mestring;
using namespace mestring::test;

namespace {
// Returns the placeholders of a format string in order: "{}", "{:>2}", …;
// "{{" and "}}" are braces, not placeholders.
std::string placeholders(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '{') {
      ++i;
    } else if (s[i] == '{') {
      const size_t end = s.find('}', i);
      out += s.substr(i, end - i + 1);
      i = end;
    }
  }
  return out;
}
} // namespace

TEST_SUITE("i18n") {
  TEST_CASE("every Danish text keeps its English text's placeholders, and no English text is listed twice") {
    std::set<std::string_view> seen;
    for (const auto &[en, da] : danish_catalog()) {
      CAPTURE(en);
      CHECK(seen.insert(en).second);
      CHECK(placeholders(en) == placeholders(da));
      CHECK_FALSE(da.empty());
    }
  }

  TEST_CASE("placeholders are told from escaped braces") {
    CHECK(placeholders("{}: write {{\"a\": b}} and {:>2}") == "{}{:>2}");
  }

  TEST_CASE("a message follows the message language") {
    set_message_lang(Lang::da);
    CHECK(say("{}: no such file or folder", "x") == "x: filen eller mappen findes ikke");
    set_message_lang(Lang::en);
    CHECK(say("{}: no such file or folder", "x") == "x: no such file or folder");
  }

  TEST_CASE("a text the catalog lacks falls back to English") {
    CHECK(tr(Lang::da, "no such text") == "no such text");
    CHECK(tr(Lang::en, "Overdue") == "Overdue");
    CHECK(tr(Lang::da, "Overdue") == "Overskredet");
  }

  TEST_CASE("dates are written as a Danish caseworker writes them") {
    const Date d = today();
    CHECK(long_date(d, Lang::da) == "onsdag 26. november 2025");
    CHECK(short_date(d, Lang::da) == "ons 26. nov.");
    CHECK(long_date(d, Lang::en) == "Wednesday 26 November 2025");
    CHECK(short_date(d, Lang::en) == "Wed 26 Nov");
  }

  TEST_CASE("spans are written in Danish with the right number") {
    CHECK(format_duration(Duration{.months = 1}, Lang::da) == "1 måned");
    CHECK(format_duration(Duration{.months = 3}, Lang::da) == "3 måneder");
    CHECK(format_duration(Duration{.working_days = 10}, Lang::da) == "10 arbejdsdage");
    CHECK(format_duration(Duration{.months = 2, .days = 15}, Lang::da) == "2 måneder 15 dage");
  }

  TEST_CASE("the language is read from the locale names people set") {
    CHECK(parse_lang("da_DK.UTF-8") == Lang::da);
    CHECK(parse_lang("da") == Lang::da);
    CHECK(parse_lang("en_GB.UTF-8") == Lang::en);
    CHECK(parse_lang("C.UTF-8") == std::nullopt);
    CHECK(parse_lang("C") == Lang::en);
    CHECK_FALSE(parse_lang("de_DE"));
  }
}
