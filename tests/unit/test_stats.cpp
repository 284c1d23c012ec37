#include <mestring/stats.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <string>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

const Date as_of = today();

// The defaults with health-check-85 off, so that a disabled rule is tested.
const Config &stats_config() {
  static const Config cfg = config("rules:\n  health-check-85: {enabled: false}\n");
  return cfg;
}

// Loads each text as cases/<id>.yaml and assesses it at `at`.
Assessment repo_of(const std::vector<std::string> &texts, Date at = as_of) {
  return assessment_of(texts, stats_config(), at);
}

std::string head(const char *id, const char *paragraph, const char *coach = "Lars Berg") {
  return fmt::format("id: {}\nparagraph: \"{}\"\ncitizen:\n  name: Borger {}\ncoach: {}\n", id, paragraph, id, coach);
}

// §85, active. processing-85 due 2025-03-03, decided 2025-03-10: met late.
// first-followup-85 due 2025-06-17: met. annual-review-85 due 2026-06-10.
// non-response: an earlier streak from 2025-04-01 (due 2025-05-01) that the
// citizen ended by answering on 2025-04-15 never came due; the current
// streak from 2025-11-20 is due 2025-12-20.
const std::string active_85 = head("a1", "85") +
                              "level: 2\napplied: 2025-01-06\ndecided: 2025-03-10\nstart: 2025-03-17\n"
                              "followups:\n  - {date: 2025-06-10, kind: first}\n"
                              "contacts:\n"
                              "  - {date: 2025-04-01, outcome: no-answer}\n"
                              "  - {date: 2025-04-08, outcome: no-answer}\n"
                              "  - {date: 2025-04-15, outcome: reached}\n"
                              "  - {date: 2025-11-20, outcome: no-answer}\n";

// §85, closed 2025-10-01 without a hearing: hearing-85 missed.
// first-followup-85 due 2025-03-02: met; the annual review would fall after end.
const std::string closed_85 = head("c1", "85", "lars berg") +
                              "level: 1\nstart: 2024-12-02\nend: 2025-10-01\nend_reason: other\n"
                              "followups:\n  - {date: 2025-02-20, kind: first}\n";

const std::string pending_85 = head("p1", "85", "Sofie Nielsen") + "level: 3\napplied: 2025-11-01\n";
const std::string future_application = head("p2", "85", "Sofie Nielsen") + "level: 3\napplied: 2025-12-01\n";
const std::string future_start = head("f1", "82a", "Sofie Nielsen") + "start: 2025-12-01\n";
const std::string planned_end_82b = head("b1", "82b", "Sofie Nielsen") + "start: 2025-11-20\nend: 2026-05-01\n";
const std::string no_coach_mf = "id: m1\nparagraph: mestringsforloeb\ncitizen:\n  name: Borger m1\nstart: 2025-11-03\n";

const RuleCompliance &row(const Stats &s, const std::string &rule) {
  for (const auto &r : s.compliance)
    if (r.rule == rule)
      return r;
  FAIL("no row for ", rule);
  static const RuleCompliance none;
  return none;
}

std::string counts(const RuleCompliance &r) { return fmt::format("{}/{}/{}/{}", r.met, r.met_late, r.missed, r.open); }

} // namespace

TEST_SUITE("stats") {
  TEST_CASE("the default period is the 12 months ending on the as-of date") {
    CHECK(default_stats_period(as_of).from == day("2024-11-27"));
    CHECK(default_stats_period(as_of).to == as_of);
    CHECK(default_stats_period(day("2024-02-29")).from == day("2023-03-01"));
    CHECK(default_stats_period(day("2025-03-31")).from == day("2024-04-01"));
  }

  TEST_CASE("the caseload counts started, unclosed cases per coach, programme and §85 level") {
    const auto repo =
        repo_of({active_85, closed_85, pending_85, future_application, future_start, planned_end_82b, no_coach_mf});
    const auto p = default_stats_period(as_of);
    const auto s = compute_stats(repo, stats_config(), as_of, p.from, p.to);
    CHECK(s.caseload.active == 3); // a1, b1 (planned end), m1
    // p1; and p2, whose application is dated after the as-of date: nothing has
    // happened to it yet, which status_of calls pending.
    CHECK(s.caseload.pending == 2);
    CHECK(s.caseload.by_coach ==
          std::map<std::string, long>{{"(no coach)", 1}, {"Lars Berg", 1}, {"Sofie Nielsen", 1}});
    CHECK(s.caseload.by_programme == std::map<std::string, long>{{"82b", 1}, {"85", 1}, {"mestringsforloeb", 1}});
    CHECK(s.caseload.by_level == std::map<std::optional<int>, long>{{2, 1}});
  }

  TEST_CASE("a case closes on its end date and counts no more") {
    const auto s = compute_stats(repo_of({closed_85}, day("2025-10-01")), stats_config(), day("2025-10-01"),
                                 day("2025-01-01"), day("2025-10-01"));
    CHECK(s.caseload.active == 0);
    const auto before = compute_stats(repo_of({closed_85}, day("2025-09-30")), stats_config(), day("2025-09-30"),
                                      day("2025-01-01"), day("2025-09-30"));
    CHECK(before.caseload.active == 1);
  }

  TEST_CASE("compliance counts every obligation due in the period, history and closed cases included") {
    const auto repo = repo_of({active_85, closed_85});
    const auto p = default_stats_period(as_of);
    const auto s = compute_stats(repo, stats_config(), as_of, p.from, p.to);
    CHECK(counts(row(s, "processing-85")) == "0/1/0/0");
    CHECK(counts(row(s, "first-followup-85")) == "2/0/0/0");
    CHECK(counts(row(s, "annual-review-85")) == "0/0/0/0"); // due 2026-06-10, after the period
    // The earlier streak was answered (2025-04-15) before it came due
    // (2025-05-01): no obligation; the current one is due later.
    CHECK(counts(row(s, "non-response")) == "0/0/0/0");
    CHECK(counts(row(s, "hearing-85")) == "0/0/1/0"); // the closed case
    CHECK(row(s, "hearing-85").total() == 1);
  }

  TEST_CASE("an exempted obligation counts as exempted, in its rule's row, its month's and its coach's") {
    // As closed_85, under another coach, whose missing hearing an exemption
    // covers on the as-of date: exempted, not missed.
    const std::string exempted_85 =
        head("e1", "85", "Sofie Nielsen") +
        "level: 1\nstart: 2024-12-02\nend: 2025-10-01\nend_reason: other\n"
        "followups:\n  - {date: 2025-02-20, kind: first}\n"
        "exemptions:\n  - {rule: hearing-85, from: 2025-09-15, until: 2025-12-31, reason: Indlagt, by: Peter Dahl}\n";
    const auto s =
        compute_stats(repo_of({active_85, closed_85, exempted_85}), stats_config(), as_of, day("2025-01-01"), as_of);
    CHECK(counts(row(s, "hearing-85")) == "0/0/1/0");
    CHECK(row(s, "hearing-85").exempted == 1);
    // Every month of the period has a row, in order, the empty ones too.
    REQUIRE(s.by_month.size() == 11);
    CHECK(s.by_month.front().rule == "2025-01");
    CHECK(s.by_month.back().rule == "2025-11");
    CHECK(s.by_month[0].total() == 0);
    const auto &march = s.by_month[2]; // processing-85 (late), both first follow-ups of the closed cases (met)
    CHECK(fmt::format("{} {}", march.rule, counts(march)) == "2025-03 2/1/0/0");
    const auto &june = s.by_month[5]; // active_85's first follow-up
    CHECK(fmt::format("{} {}", june.rule, counts(june)) == "2025-06 1/0/0/0");
    const auto &october = s.by_month[9]; // the two hearings
    CHECK(fmt::format("{} {} {}", october.rule, counts(october), october.exempted) == "2025-10 0/0/1/0 1");
    long months = 0;
    for (const auto &m : s.by_month)
      months += m.total();
    CHECK(months == 6);
    // Per coach: the closed case's "lars berg" is the same person as "Lars Berg".
    std::string coaches;
    for (const auto &c : s.by_coach)
      coaches += fmt::format("{}: {} {}; ", c.rule, counts(c), c.exempted);
    CHECK(coaches == "Lars Berg: 2/1/1/0 0; Sofie Nielsen: 1/0/0/0 1; ");
  }

  TEST_CASE("a period reaching past the as-of date counts what is still open") {
    const auto s = compute_stats(repo_of({active_85}), stats_config(), as_of, day("2025-04-01"), day("2025-12-31"));
    CHECK(counts(row(s, "processing-85")) == "0/0/0/0"); // due 2025-03-03, before the period
    CHECK(counts(row(s, "non-response")) == "0/0/0/1");
  }

  TEST_CASE("rate rules and disabled rules have no row; rates are listed") {
    const auto s = compute_stats(repo_of({active_85}), stats_config(), as_of, day("2025-01-01"), as_of);
    for (const auto &r : s.compliance) {
      CHECK(r.rule != "level-frequency-85");
      CHECK(r.rule != "level-above-85");
      CHECK(r.rule != "health-check-85");
    }
    CHECK(s.rates == std::vector<std::string>{"level-frequency-85", "level-above-85"});
    CHECK(s.compliance.front().rule == "cap-82b"); // catalog order
  }

  TEST_CASE("the filters keep one coach, ignoring case, and one programme with only its rules") {
    const auto repo = repo_of({active_85, closed_85, pending_85, planned_end_82b, no_coach_mf});
    const auto by_coach = compute_stats(repo, stats_config(), as_of, day("2024-11-27"), as_of, {"LARS BERG", ""});
    CHECK(by_coach.caseload.active == 1);
    CHECK(by_coach.caseload.pending == 0);
    CHECK(counts(row(by_coach, "first-followup-85")) == "2/0/0/0"); // "lars berg" is the same coach
    const auto only_82b = compute_stats(repo, stats_config(), as_of, day("2024-11-27"), as_of, {"", "82b"});
    CHECK(only_82b.caseload.active == 1);
    CHECK(only_82b.caseload.by_programme == std::map<std::string, long>{{"82b", 1}});
    CHECK(only_82b.rates.empty());
    for (const auto &r : only_82b.compliance)
      CHECK(r.rule.find("85") == std::string::npos);
  }

  TEST_CASE("json has the caseload and one object per rule") {
    Stats s{as_of, day("2025-11-01"), as_of, {}, {}, {{"cap-82b", 1, 2, 3, 4, 5}}, {}, {}, {}};
    s.caseload.active = 2;
    s.caseload.pending = 1;
    s.caseload.refused = 3;
    s.caseload.by_coach = {{"Lars Berg", 2}};
    s.caseload.by_programme = {{"85", 2}};
    s.caseload.by_level = {{2, 1}, {std::nullopt, 1}};
    CHECK(render_stats_json(s) ==
          "{\"as_of\": \"2025-11-26\", \"from\": \"2025-11-01\", \"to\": \"2025-11-26\", \"caseload\": "
          "{\"active\": 2, \"pending\": 1, \"by_status\": {\"pending\": 1, \"refused\": 3, \"granted\": 0, "
          "\"active\": 2, \"closed\": 0}, \"by_coach\": {\"Lars Berg\": 2}, \"by_programme\": {\"85\": 2}, "
          "\"by_level\": {\"none\": 1, \"2\": 1}}, \"compliance\": [{\"rule\": \"cap-82b\", \"met\": 1, "
          "\"met_late\": 2, \"missed\": 3, \"exempted\": 5, \"open\": 4, \"total\": 15}], \"by_month\": [], "
          "\"by_coach\": []}\n");
  }

  TEST_CASE("csv is the compliance table with a header row of the JSON keys, by the one CSV writer") {
    const Stats s{as_of, day("2025-11-01"), as_of, {}, {}, {{"cap-82b", 1, 2, 3, 4, 1}, {"cap-82a", 0, 0, 0, 0, 0}}};
    CHECK(render_stats_csv(s) == "\xEF\xBB\xBF"
                                 "rule;met;met_late;missed;exempted;open;total;from;to\r\n"
                                 "cap-82b;1;2;3;1;4;11;2025-11-01;2025-11-26\r\n"
                                 "cap-82a;0;0;0;0;0;0;2025-11-01;2025-11-26\r\n");
    CHECK(render_stats_csv(s, {',', false}).starts_with("rule,met,met_late,missed,exempted,open,total,from,to\r\n"));
  }

  TEST_CASE("text names the period, gives shares with one decimal and says rates are left out") {
    const Stats s{as_of, day("2025-11-01"),     as_of, {}, {}, {{"cap-82b", 1, 2, 0, 0}, {"cap-82a", 0, 0, 0, 0}}, {},
                  {},    {"level-frequency-85"}};
    const auto text = render_stats_text(s);
    CHECK(text.starts_with("Caseload and compliance as of Wednesday 26 November 2025\n"
                           "Compliance period: Saturday 1 November 2025 – Wednesday 26 November 2025\n"));
    CHECK(
        text.find("Caseload: 0 active cases, 0 pending applications, 0 granted, not started, 0 refused, 0 closed\n") !=
        std::string::npos);
    CHECK(text.find("  cap-82b    1  33.3%  2  66.7%  0   0.0%  0   0.0%  0   0.0%      3\n") != std::string::npos);
    CHECK(text.find("  cap-82a    0      –  0      –  0      –  0      –  0      –      0\n") != std::string::npos);
    CHECK(text.find("  All rules  1  33.3%  2  66.7%  0   0.0%  0   0.0%  0   0.0%      3\n") != std::string::npos);
    CHECK(text.ends_with("level-frequency-85 is a rate without a due date and is left out.\n"));
  }
}
