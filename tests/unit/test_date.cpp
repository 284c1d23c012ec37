#include <mestring/calendar.hpp>
#include <mestring/date.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace mestring;
using namespace mestring::test;

TEST_SUITE("date") {
  TEST_CASE("an ISO date parses and prints back unchanged") {
    CHECK(day("2025-02-17").iso() == "2025-02-17");
    CHECK(day("2024-02-29").iso() == "2024-02-29");
  }

  TEST_CASE("impossible and malformed dates are refused") {
    for (const char *bad : {"2025-02-30", "2025-13-01", "2025-00-10", "2023-02-29", "31-12-2025", "2025-1-01",
                            "2025-01-01T10:00", "", "abcd-ef-gh", "2025/01/01"})
      CHECK_MESSAGE(!parse_iso_date(bad), bad);
  }

  TEST_CASE("months are added with end-of-month clamping as rules.md defines") {
    CHECK(add_months(day("2025-08-31"), 6).iso() == "2026-02-28");
    CHECK(add_months(day("2024-11-30"), 3).iso() == "2025-02-28");
    CHECK(add_months(day("2023-08-31"), 6).iso() == "2024-02-29");
    CHECK(add_months(day("2024-02-29"), 12).iso() == "2025-02-28");
    CHECK(add_months(day("2025-01-31"), 1).iso() == "2025-02-28");
    CHECK(add_months(day("2025-03-31"), -1).iso() == "2025-02-28");
    CHECK(add_months(day("2025-12-15"), 1).iso() == "2026-01-15");
  }

  TEST_CASE("ISO week numbers follow the Thursday rule across year ends") {
    CHECK(iso_week(day("2025-11-26")).week == 48);
    CHECK(iso_week(day("2024-12-30")).week == 1);
    CHECK(iso_week(day("2024-12-30")).year == 2025);
    CHECK(iso_week(day("2021-01-03")).week == 53);
    CHECK(iso_week(day("2021-01-03")).year == 2020);
    CHECK(iso_week(day("2026-12-31")).week == 53);
    CHECK(week_start(day("2025-11-26")).iso() == "2025-11-24");
    CHECK(week_start(day("2025-11-24")).iso() == "2025-11-24");
  }

  TEST_CASE("every ISO week from 2020 to 2035 has 7 days and numbers run on without gaps") {
    Date monday = day("2019-12-30"); // of week 1 of 2020
    unsigned expected = 1;
    int year = 2020;
    while (monday < day("2036-01-01")) {
      const auto w = iso_week(monday);
      if (w.year != year) {
        CHECK(expected >= 53);
        year = w.year;
        expected = 1;
      }
      CHECK(w.week == expected);
      for (int i = 1; i < 7; ++i)
        CHECK(iso_week(add_days(monday, i)).week == w.week);
      monday = add_days(monday, 7);
      ++expected;
    }
  }
}

TEST_SUITE("calendar") {
  TEST_CASE("Easter Sunday is right for the years checked by hand") {
    CHECK(easter_sunday(2024).iso() == "2024-03-31");
    CHECK(easter_sunday(2025).iso() == "2025-04-20");
    CHECK(easter_sunday(2026).iso() == "2026-04-05");
    CHECK(easter_sunday(2020).iso() == "2020-04-12");
    CHECK(easter_sunday(2035).iso() == "2035-03-25");
  }

  TEST_CASE("the Danish closing days of 2025 are exactly those of rules.md") {
    const Calendar cal;
    std::string closed;
    for (Date x = day("2025-01-01"); x <= day("2025-12-31"); x = add_days(x, 1))
      if (x.weekday_index() < 5 && !cal.is_working_day(x))
        closed += x.iso() + " ";
    // New Year, Maundy Thursday, Good Friday, Easter Monday, Ascension,
    // Constitution Day, Whit Monday, Christmas Eve, Christmas, Boxing Day, New Year's Eve.
    CHECK(closed == "2025-01-01 2025-04-17 2025-04-18 2025-04-21 2025-05-29 2025-06-05 2025-06-09 "
                    "2025-12-24 2025-12-25 2025-12-26 2025-12-31 ");
  }

  TEST_CASE("Store Bededag is a holiday up to 2023 only") {
    const Calendar cal;
    CHECK(Calendar::holiday_name(day("2023-05-05")) == "Store Bededag");
    CHECK_FALSE(cal.is_working_day(day("2023-05-05")));
    CHECK(Calendar::holiday_name(day("2024-04-26")).empty());
    CHECK(cal.is_working_day(day("2024-04-26")));
  }

  TEST_CASE("every year from 2020 to 2035 has its movable holidays on the right weekdays") {
    for (int y = 2020; y <= 2035; ++y) {
      const Date easter = easter_sunday(y);
      CAPTURE(y);
      CHECK(easter.weekday_index() == 6);
      CHECK(Calendar::holiday_name(add_days(easter, -3)) == "Maundy Thursday");
      CHECK(Calendar::holiday_name(add_days(easter, 39)) == "Ascension Day");
      CHECK(add_days(easter, 39).weekday_index() == 3);
      CHECK_FALSE(Calendar().is_working_day(add_days(easter, 50))); // Whit Monday (5 June in 2028)
      CHECK(easter >= Date::from_ymd(y, 3, 22));
      CHECK(easter <= Date::from_ymd(y, 4, 25));
    }
  }

  TEST_CASE("the config can close an extra day and open a holiday") {
    Calendar cal;
    cal.extra_closed.insert(day("2025-06-06"));
    cal.extra_open.insert(day("2025-12-24"));
    CHECK_FALSE(cal.is_working_day(day("2025-06-06")));
    CHECK(cal.is_working_day(day("2025-12-24")));
    CHECK_FALSE(cal.is_working_day(day("2025-12-27"))); // a Saturday stays closed
  }

  TEST_CASE("working days skip weekends and holidays") {
    const Calendar cal;
    const Duration ten{.working_days = 10};
    CHECK(add_duration(day("2025-11-05"), ten, cal).iso() == "2025-11-19");
    // Over Easter 2025: 17, 18 and 21 April are closed; 1 May is a working day.
    CHECK(add_duration(day("2025-04-16"), ten, cal).iso() == "2025-05-05");
    // Over Christmas 2025: 24, 25, 26 and 31 December and 1 January are closed.
    CHECK(add_duration(day("2025-12-22"), ten, cal).iso() == "2026-01-12");
    CHECK(subtract_duration(day("2025-11-19"), ten, cal).iso() == "2025-11-05");
  }

  TEST_CASE("spans are parsed with their units and printed back") {
    CHECK(parse_duration("6 months") == Duration{.months = 6});
    CHECK(parse_duration("8 weeks") == Duration{.weeks = 8});
    CHECK(parse_duration("10 working days") == Duration{.working_days = 10});
    CHECK(parse_duration("2 months 15 days") == Duration{.months = 2, .days = 15});
    CHECK(parse_duration("1 month") == Duration{.months = 1});
    CHECK(format_duration(*parse_duration("2 months 15 days")) == "2 months 15 days");
    CHECK(format_duration(Duration{.working_days = 1}) == "1 working day");
    for (const char *bad : {"", "six months", "6", "6 monts", "-1 days", "2.5 months", "10 working"})
      CHECK_MESSAGE(!parse_duration(bad), bad);
  }

  TEST_CASE("2 months 15 days is added as months first, then days") {
    const Calendar cal;
    CHECK(add_duration(day("2025-03-31"), *parse_duration("2 months 15 days"), cal).iso() == "2025-06-15");
    CHECK(add_duration(day("2025-02-17"), *parse_duration("8 weeks"), cal).iso() == "2025-04-14");
  }
}
