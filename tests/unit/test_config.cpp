#include <mestring/config.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace mestring;
using namespace mestring::test;

namespace {

std::string errors_of(const std::string &text) {
  std::vector<Finding> errors;
  load_config(text, "mestring.yaml", errors);
  std::string s;
  for (const auto &e : errors)
    s += e.file + ":" + std::to_string(e.line) + ": " + e.message + "\n";
  return s;
}

} // namespace

TEST_SUITE("config") {
  TEST_CASE("the embedded defaults load without errors and hold the numbers of rules.md") {
    std::vector<Finding> errors;
    const auto cfg = load_config("", "", errors);
    CHECK(errors.empty());
    CHECK(cfg.rule("cap-82b").period == Duration{.months = 6});
    CHECK(cfg.rule("cap-82b").severity == Severity::error);
    CHECK(cfg.rule("first-contact-82").period == Duration{.working_days = 10});
    CHECK(cfg.rule("processing-85").period == Duration{.weeks = 8});
    CHECK(cfg.rule("non-response").attempts == 4);
    CHECK(cfg.rule("level-frequency-85").per_level == std::map<int, int>{{1, 1}, {2, 2}, {3, 4}, {4, 12}, {5, 16}});
    CHECK(cfg.rule("level-above-85").per_level == std::map<int, int>{{1, 2}, {2, 4}, {3, 8}, {4, 16}});
    CHECK(cfg.rule("health-check-85").severity == Severity::info);
    CHECK(cfg.rule("closing-talk-82").period == Duration{.days = 14});
    CHECK(cfg.rule("status-before-meeting").period == Duration{.working_days = 1});
    CHECK(cfg.rule("followup-after-change").period == Duration{.weeks = 4});
    CHECK_FALSE(cfg.rule("first-contact-85").enabled);
    CHECK(cfg.rule("processing-85").role == Role::authority);
    CHECK(cfg.rule("non-response").role == Role::coach);
    CHECK(cfg.exemption_max_length == Duration{.months = 6});
    CHECK(cfg.rule("cap-82a").applies_to("82a"));
    CHECK_FALSE(cfg.rule("cap-82a").applies_to("82b"));
  }

  TEST_CASE("a repository config overrides only the keys it names") {
    std::vector<Finding> errors;
    const auto cfg = load_config("rules:\n  processing-85: {period: 30 working days, severity: warning}\n"
                                 "calendar: {closed: [2025-06-06]}\nlanguage: da\n",
                                 "mestring.yaml", errors);
    CHECK(errors.empty());
    CHECK(cfg.rule("processing-85").period == Duration{.working_days = 30});
    CHECK(cfg.rule("processing-85").severity == Severity::warning);
    CHECK(cfg.rule("processing-85").enabled);
    CHECK(cfg.rule("cap-82b").period == Duration{.months = 6});
    CHECK(cfg.calendar.extra_closed.contains(day("2025-06-06")));
    CHECK(cfg.language == "da");
  }

  TEST_CASE("an unknown key is an error with file, line and a suggestion") {
    CHECK(errors_of("cases: cases\nlangauge: da\n") ==
          "mestring.yaml:2: unknown key \"langauge\"; did you mean \"language\"?\n");
    CHECK(errors_of("rules:\n  cap-82c: {enabled: false}\n") ==
          "mestring.yaml:2: rules: unknown key \"cap-82c\"; did you mean \"cap-82b\"?\n");
  }

  TEST_CASE("a key that does not belong to the rule is refused") {
    CHECK(errors_of("rules:\n  cap-82b: {attempts: 3}\n") ==
          "mestring.yaml:2: rules.cap-82b: unknown key \"attempts\"\n");
  }

  TEST_CASE("ill-typed values name the key and say what is expected") {
    CHECK(errors_of("rules:\n  cap-82b:\n    period: six months\n") ==
          "mestring.yaml:3: rules.cap-82b.period: \"six months\" is not a span; write e.g. \"6 months\", \"8 "
          "weeks\", \"14 days\", \"10 working days\" or \"2 months 15 days\"\n");
    CHECK(errors_of("rules:\n  cap-82b: {enabled: maybe}\n") ==
          "mestring.yaml:2: rules.cap-82b.enabled must be true or false, not \"maybe\"\n");
    CHECK(errors_of("calendar:\n  closed: [2025-02-30]\n") ==
          "mestring.yaml:2: calendar.closed: \"2025-02-30\" is not a date in the form YYYY-MM-DD\n");
    CHECK(errors_of("rules:\n  level-frequency-85: {minimum: {6: 1}}\n") ==
          "mestring.yaml:2: rules.level-frequency-85.minimum: level 6 does not exist; levels are 1 to 5\n");
  }

  TEST_CASE("a rule may not name a programme that is not declared") {
    CHECK(errors_of("rules:\n  cap-82b: {programmes: [82b, 82c]}\n") ==
          "mestring.yaml:0: rules.cap-82b.programmes names \"82c\", which is not under programmes:\n");
  }

  TEST_CASE("a municipality can add a programme and switch rules on for it") {
    std::vector<Finding> errors;
    const auto cfg = load_config("programmes: [82a, 82b, \"85\", mestringsforloeb, \"107\"]\n"
                                 "rules:\n  cap-82b: {programmes: [82b, \"107\"]}\n",
                                 "mestring.yaml", errors);
    CHECK(errors.empty());
    CHECK(cfg.rule("cap-82b").applies_to("107"));
  }

  TEST_CASE("the effective config prints back in a form that loads to the same settings") {
    std::vector<Finding> errors;
    const auto cfg = load_config("rules:\n  first-followup-85: {period: 2 months 15 days}\n", "m.yaml", errors);
    const auto printed = format_config(cfg);
    const auto again = load_config(printed, "printed.yaml", errors);
    CHECK(errors.empty());
    CHECK(again.rule("first-followup-85").period == Duration{.months = 2, .days = 15});
    const auto reprinted = format_config(again);
    CHECK(reprinted.substr(reprinted.find('\n')) == printed.substr(printed.find('\n')));
  }

  TEST_CASE("csv: every CSV is ; with a byte-order mark unless the config says otherwise") {
    CHECK(builtin_config().csv.delimiter == ';');
    CHECK(builtin_config().csv.bom);
    std::vector<Finding> errors;
    const auto comma = load_config("csv: {delimiter: \",\", bom: false}\n", "m.yaml", errors);
    CHECK(errors.empty());
    CHECK(comma.csv.delimiter == ',');
    CHECK_FALSE(comma.csv.bom);
    CHECK(load_config("csv:\n  delimiter: tab\n", "m.yaml", errors).csv.delimiter == '\t');
    CHECK(errors.empty());
    CHECK(errors_of("csv:\n  delimiter: ab\n") ==
          "mestring.yaml:2: csv.delimiter: \"ab\" is not a delimiter; use ; , | or tab\n");
    CHECK(errors_of("csv: {bom: maybe}\n") == "mestring.yaml:1: csv.bom must be true or false, not \"maybe\"\n");
    CHECK(errors_of("csv: ;\n") == "mestring.yaml:1: csv must be a mapping such as {delimiter: \";\", bom: true}\n");
  }

  TEST_CASE("calendar.cancelled_days: 60 by default, 0 for none, ten years at most") {
    CHECK(builtin_config().cancelled_days == 60);
    std::vector<Finding> errors;
    CHECK(load_config("calendar: {cancelled_days: 0}\n", "m.yaml", errors).cancelled_days == 0);
    CHECK(errors.empty());
    CHECK(errors_of("calendar: {cancelled_days: 4000}\n") ==
          "mestring.yaml:1: calendar.cancelled_days must be a number of days from 0 to 3660, not 4000\n");
    CHECK(errors_of("calendar: {cancelled_days: -1}\n") ==
          "mestring.yaml:1: calendar.cancelled_days must be a whole number, not \"-1\"\n");
  }

  TEST_CASE("the csv and calendar settings print back as they load") {
    std::vector<Finding> errors;
    for (const char *text : {"csv: {delimiter: tab, bom: false}\ncalendar: {cancelled_days: 7}\n",
                             "csv: {delimiter: \"|\"}\n", "csv: {delimiter: \",\"}\n"}) {
      const auto cfg = load_config(text, "m.yaml", errors);
      const auto again = load_config(format_config(cfg), "printed.yaml", errors);
      CHECK(errors.empty());
      CHECK(again.csv.delimiter == cfg.csv.delimiter);
      CHECK(again.csv.bom == cfg.csv.bom);
      CHECK(again.cancelled_days == cfg.cancelled_days);
    }
  }

  TEST_CASE("a syntax error in the config is an error with its line") {
    const auto e = errors_of("rules: {cap-82b: \n");
    CHECK(e.starts_with("mestring.yaml:2: "));
  }
}
