// The rule catalog (man 5 mestring, "Rules"), rule by rule and state by state,
// read the way README.md "How the rules are read" says. Every test names its
// as-of date. An obligation is written "rule due state", e.g.
// "cap-82b 2026-02-28 met", so one CHECK asserts rule, due date and state.
#include <mestring/config.hpp>
#include <mestring/load.hpp>
#include <mestring/rules.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>
#include <string_view>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

// Loads a case file of id k1 whose other fields are `body` and returns all
// its obligations at `as_of`. A data error in the test's own YAML fails the test.
std::vector<Obligation> all_obligations(const std::string &body, std::string_view as_of,
                                        const Config &cfg = defaults()) {
  return obligations_of(case_of("id: k1\ncitizen: {name: Test Person}\n" + body, cfg, day(as_of)), cfg, day(as_of));
}

// The obligations of one rule only.
std::vector<Obligation> obligations(std::string_view rule, const std::string &body, std::string_view as_of,
                                    const Config &cfg = defaults()) {
  std::vector<Obligation> out;
  for (auto &o : all_obligations(body, as_of, cfg))
    if (o.id() == rule)
      out.push_back(std::move(o));
  return out;
}

// "rule due state" for each obligation, joined by "; "; a rate has due "-".
std::string summary(const std::vector<Obligation> &os) {
  std::string s;
  for (const auto &o : os) {
    if (!s.empty())
      s += "; ";
    s += std::string(o.id()) + " " + (o.due ? o.due->iso() : "-") + " " + std::string(to_string(o.state));
  }
  return s;
}

// The reportable flags, "yes"/"no" for each obligation, joined by " ".
std::string reportable(const std::vector<Obligation> &os) {
  std::string s;
  for (const auto &o : os)
    s += std::string(s.empty() ? "" : " ") + (o.reportable ? "yes" : "no");
  return s;
}

std::string rules_of(const std::vector<Obligation> &os, bool only_reportable) {
  std::string s;
  for (const auto &o : os)
    if (o.reportable || !only_reportable)
      s += std::string(s.empty() ? "" : " ") + std::string(o.id());
  return s;
}

const std::string c82b = "paragraph: 82b\n";
const std::string c82a = "paragraph: 82a\n";
const std::string c85 = "paragraph: \"85\"\nlevel: 2\n";
const std::string cmf = "paragraph: mestringsforloeb\n";

} // namespace

TEST_SUITE("rules") {
  // ---------------------------------------------------------------- cap-82b

  TEST_CASE("cap-82b is met by an end on the due date, and 2025-08-31 + 6 months is 2026-02-28") {
    const auto os = obligations("cap-82b", c82b + "start: 2025-08-31\nend: 2026-02-28\n", "2026-03-10");
    CHECK(summary(os) == "cap-82b 2026-02-28 met");
  }

  TEST_CASE("cap-82b is met late by an end after start + 6 months") {
    const auto os = obligations("cap-82b", c82b + "start: 2025-08-31\nend: 2026-03-02\n", "2026-03-10");
    CHECK(summary(os) == "cap-82b 2026-02-28 met late");
  }

  TEST_CASE("cap-82b is open on its due date and missed the day after when the course has not ended") {
    const std::string body = c82b + "start: 2025-08-31\n";
    CHECK(summary(obligations("cap-82b", body, "2026-02-28")) == "cap-82b 2026-02-28 open");
    CHECK(summary(obligations("cap-82b", body, "2026-03-01")) == "cap-82b 2026-02-28 missed");
  }

  TEST_CASE("cap-82b is met by a planned future end on or before the due date") {
    const auto os = obligations("cap-82b", c82b + "start: 2025-08-31\nend: 2026-02-20\n", "2025-12-01");
    CHECK(summary(os) == "cap-82b 2026-02-28 met");
    CHECK(reportable(os) == "yes");
  }

  TEST_CASE("cap-82b is open, then missed, when the planned end lies after the due date") {
    const std::string body = c82b + "start: 2025-08-31\nend: 2026-04-30\n";
    CHECK(summary(obligations("cap-82b", body, "2026-01-15")) == "cap-82b 2026-02-28 open");
    CHECK(summary(obligations("cap-82b", body, "2026-03-01")) == "cap-82b 2026-02-28 missed");
  }

  TEST_CASE("cap-82b from a leap day start falls due on the 29th six months later") {
    const auto os = obligations("cap-82b", c82b + "start: 2024-02-29\n", "2024-08-30");
    CHECK(summary(os) == "cap-82b 2024-08-29 missed");
  }

  TEST_CASE("cap-82b does not exist without a start") {
    CHECK(summary(obligations("cap-82b", c82b + "plan: 2025-03-03\n", "2026-03-01")) == "");
  }

  // ---------------------------------------------------------------- cap-82a

  TEST_CASE("cap-82a is met by an end within six months and met late by one after") {
    CHECK(summary(obligations("cap-82a", c82a + "start: 2025-01-15\nend: 2025-07-15\n", "2025-08-01")) ==
          "cap-82a 2025-07-15 met");
    CHECK(summary(obligations("cap-82a", c82a + "start: 2025-01-15\nend: 2025-07-16\n", "2025-08-01")) ==
          "cap-82a 2025-07-15 met late");
  }

  TEST_CASE("cap-82a is open on its due date and missed the day after") {
    const std::string body = c82a + "start: 2025-01-15\n";
    CHECK(summary(obligations("cap-82a", body, "2025-07-15")) == "cap-82a 2025-07-15 open");
    CHECK(summary(obligations("cap-82a", body, "2025-07-16")) == "cap-82a 2025-07-15 missed");
  }

  TEST_CASE("cap-82a does not apply to a §82b course") {
    CHECK(summary(obligations("cap-82a", c82b + "start: 2025-01-15\n", "2025-08-01")) == "");
  }

  // ------------------------------------------------------- first-contact-82

  TEST_CASE("first-contact-82 is met by an unanswered attempt on the 10th working day after the plan") {
    const auto os = obligations("first-contact-82",
                                c82b + "start: 2025-03-01\nplan: 2025-03-03\n"
                                       "contacts:\n  - {date: 2025-03-17, outcome: no-answer}\n",
                                "2025-03-20");
    CHECK(summary(os) == "first-contact-82 2025-03-17 met");
  }

  TEST_CASE("first-contact-82 is met late by a first contact after the 10th working day") {
    const auto os = obligations("first-contact-82",
                                c82a + "start: 2025-03-01\nplan: 2025-03-03\n"
                                       "contacts:\n  - {date: 2025-03-18, outcome: reached}\n",
                                "2025-03-20");
    CHECK(summary(os) == "first-contact-82 2025-03-17 met late");
  }

  TEST_CASE("first-contact-82 is open on its due date and missed the day after") {
    const std::string body = c82b + "start: 2025-03-01\nplan: 2025-03-03\n";
    CHECK(summary(obligations("first-contact-82", body, "2025-03-17")) == "first-contact-82 2025-03-17 open");
    CHECK(summary(obligations("first-contact-82", body, "2025-03-18")) == "first-contact-82 2025-03-17 missed");
  }

  TEST_CASE("first-contact-82 is not met by a contact before the plan") {
    const auto os = obligations("first-contact-82",
                                c82b + "start: 2025-02-20\nplan: 2025-03-03\n"
                                       "contacts:\n  - {date: 2025-02-28, outcome: reached}\n",
                                "2025-03-20");
    CHECK(summary(os) == "first-contact-82 2025-03-17 missed");
  }

  TEST_CASE("first-contact-82 is not met by a contact dated after the as-of date") {
    const auto os = obligations("first-contact-82",
                                c82b + "start: 2025-03-01\nplan: 2025-03-03\n"
                                       "contacts:\n  - {date: 2025-03-14, outcome: reached}\n",
                                "2025-03-10");
    CHECK(summary(os) == "first-contact-82 2025-03-17 open");
  }

  TEST_CASE("first-contact-82 counts working days over Easter: 2025-04-16 + 10 working days is 2025-05-05") {
    const std::string body = c82b + "start: 2025-04-14\nplan: 2025-04-16\n";
    CHECK(summary(obligations("first-contact-82", body, "2025-05-05")) == "first-contact-82 2025-05-05 open");
    CHECK(summary(obligations("first-contact-82", body, "2025-05-06")) == "first-contact-82 2025-05-05 missed");
  }

  TEST_CASE("first-contact-82 does not exist while the plan lies after the as-of date") {
    CHECK(summary(obligations("first-contact-82", c82b + "start: 2025-03-01\nplan: 2025-03-03\n", "2025-03-02")) == "");
  }

  // ---------------------------------------------------- monthly-followup-82

  TEST_CASE("monthly-followup-82 keeps its history: each follow-up meets the one the previous began") {
    const auto os = obligations("monthly-followup-82",
                                c82b + "start: 2025-03-01\nplan: 2025-03-10\nfollowups:\n"
                                       "  - {date: 2025-04-10}\n  - {date: 2025-05-20}\n",
                                "2025-06-20");
    CHECK(summary(os) == "monthly-followup-82 2025-04-10 met; monthly-followup-82 2025-05-10 met late; "
                         "monthly-followup-82 2025-06-20 open");
    CHECK(reportable(os) == "no no yes");
  }

  TEST_CASE("monthly-followup-82's current obligation is missed a month and a day after the latest follow-up") {
    const auto os =
        obligations("monthly-followup-82",
                    c82b + "start: 2025-03-01\nplan: 2025-03-10\nfollowups:\n  - {date: 2025-05-20}\n", "2025-06-21");
    CHECK(summary(os) == "monthly-followup-82 2025-04-10 met late; monthly-followup-82 2025-06-20 missed");
  }

  TEST_CASE("monthly-followup-82 counts from the start when there is no plan, clamping 2024-01-31 to 2024-02-29") {
    const auto os = obligations("monthly-followup-82", c82a + "start: 2024-01-31\n", "2024-02-29");
    CHECK(summary(os) == "monthly-followup-82 2024-02-29 open");
  }

  TEST_CASE("monthly-followup-82 does not count a follow-up dated after the as-of date") {
    const auto os =
        obligations("monthly-followup-82",
                    c82b + "start: 2025-03-01\nplan: 2025-03-10\nfollowups:\n  - {date: 2025-04-05}\n", "2025-04-01");
    CHECK(summary(os) == "monthly-followup-82 2025-04-10 open");
  }

  TEST_CASE("monthly-followup-82 has no obligation due after the course ended") {
    const auto os = obligations("monthly-followup-82",
                                c82b + "start: 2025-03-01\nplan: 2025-03-10\nend: 2025-04-01\n"
                                       "closing_talk: 2025-04-01\n",
                                "2025-05-01");
    CHECK(summary(os) == "");
  }

  // ---------------------------------------------------------- processing-85

  TEST_CASE("processing-85 is met by a decision on the 8th week after the application") {
    const auto os = obligations("processing-85", c85 + "applied: 2025-01-06\ndecided: 2025-03-03\n", "2025-04-01");
    CHECK(summary(os) == "processing-85 2025-03-03 met");
  }

  TEST_CASE("processing-85 is met late by a decision after 8 weeks") {
    const auto os = obligations("processing-85", c85 + "applied: 2025-01-06\ndecided: 2025-03-04\n", "2025-04-01");
    CHECK(summary(os) == "processing-85 2025-03-03 met late");
  }

  TEST_CASE("processing-85 is open on its due date and missed the day after without a decision") {
    const std::string body = c85 + "applied: 2025-01-06\n";
    CHECK(summary(obligations("processing-85", body, "2025-03-03")) == "processing-85 2025-03-03 open");
    CHECK(summary(obligations("processing-85", body, "2025-03-04")) == "processing-85 2025-03-03 missed");
  }

  TEST_CASE("processing-85 does not count a decision dated after the as-of date") {
    const auto os = obligations("processing-85", c85 + "applied: 2025-01-06\ndecided: 2025-02-20\n", "2025-02-10");
    CHECK(summary(os) == "processing-85 2025-03-03 open");
  }

  TEST_CASE("processing-85 does not exist without an application date") {
    CHECK(summary(obligations("processing-85", c85 + "start: 2025-01-06\n", "2025-06-01")) == "");
  }

  // ------------------------------------------------------ first-followup-85

  TEST_CASE("first-followup-85 is met by a follow-up on the due date, and 2024-11-30 + 3 months is 2025-02-28") {
    const auto os =
        obligations("first-followup-85", c85 + "start: 2024-11-30\nfollowups:\n  - {date: 2025-02-28, kind: first}\n",
                    "2025-03-10");
    CHECK(summary(os) == "first-followup-85 2025-02-28 met");
  }

  TEST_CASE("first-followup-85 is met late by a first follow-up after three months") {
    const auto os =
        obligations("first-followup-85", c85 + "start: 2024-11-30\nfollowups:\n  - {date: 2025-03-01, kind: first}\n",
                    "2025-03-10");
    CHECK(summary(os) == "first-followup-85 2025-02-28 met late");
  }

  TEST_CASE("first-followup-85 is missed when no follow-up came within three months") {
    const std::string body = c85 + "start: 2024-11-30\n";
    CHECK(summary(obligations("first-followup-85", body, "2025-02-28")) == "first-followup-85 2025-02-28 open");
    CHECK(summary(obligations("first-followup-85", body, "2025-03-01")) == "first-followup-85 2025-02-28 missed");
  }

  TEST_CASE("first-followup-85 is not met by a follow-up before the start") {
    const auto os =
        obligations("first-followup-85", c85 + "start: 2024-11-30\nfollowups:\n  - {date: 2024-11-15}\n", "2025-03-01");
    CHECK(summary(os) == "first-followup-85 2025-02-28 missed");
  }

  TEST_CASE("first-followup-85 from 2023-11-29 falls due on the leap day 2024-02-29") {
    const auto os = obligations("first-followup-85", c85 + "start: 2023-11-29\n", "2024-02-29");
    CHECK(summary(os) == "first-followup-85 2024-02-29 open");
  }

  TEST_CASE("first-followup-85 does not exist for a case that ended before the due date") {
    const auto os =
        obligations("first-followup-85", c85 + "start: 2025-01-10\nend: 2025-03-01\nend_reason: moved\n", "2025-06-01");
    CHECK(summary(os) == "");
  }

  // ------------------------------------------------------- annual-review-85

  TEST_CASE("annual-review-85 does not exist before a first follow-up") {
    CHECK(summary(obligations("annual-review-85", c85 + "start: 2024-01-10\n", "2025-06-01")) == "");
  }

  TEST_CASE("annual-review-85 after a follow-up on the leap day falls due on 2025-02-28") {
    const std::string body = c85 + "start: 2023-12-01\nfollowups:\n  - {date: 2024-02-29, kind: first}\n";
    CHECK(summary(obligations("annual-review-85", body, "2025-02-28")) == "annual-review-85 2025-02-28 open");
    CHECK(summary(obligations("annual-review-85", body, "2025-03-01")) == "annual-review-85 2025-02-28 missed");
  }

  TEST_CASE("annual-review-85 keeps its history: each follow-up meets the review the previous began") {
    const auto os = obligations("annual-review-85",
                                c85 + "start: 2024-01-10\nfollowups:\n  - {date: 2024-03-01, kind: first}\n"
                                      "  - {date: 2025-02-20, kind: annual}\n  - {date: 2026-03-10, kind: annual}\n",
                                "2026-04-01");
    CHECK(summary(os) == "annual-review-85 2025-03-01 met; annual-review-85 2026-02-20 met late; "
                         "annual-review-85 2027-03-10 open");
    CHECK(reportable(os) == "no no yes");
  }

  // ----------------------------------------------------------- non-response

  TEST_CASE("non-response is met by an escalation within a month of the first unanswered attempt") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-03-10, outcome: no-answer}\n"
                                       "escalations:\n  - {date: 2025-03-20, reason: non-response}\n",
                                "2025-03-25");
    CHECK(summary(os) == "non-response 2025-04-03 met");
  }

  TEST_CASE("non-response falls due on a 4th unanswered attempt made before a month has passed") {
    const std::string body = c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                    "  - {date: 2025-03-05, outcome: no-answer}\n"
                                    "  - {date: 2025-03-07, outcome: cancelled}\n"
                                    "  - {date: 2025-03-10, outcome: no-answer}\n";
    CHECK(summary(obligations("non-response", body, "2025-03-10")) == "non-response 2025-03-10 open");
    CHECK(summary(obligations("non-response", body, "2025-03-11")) == "non-response 2025-03-10 missed");
  }

  TEST_CASE("non-response is met late by an escalation after the 4th attempt") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-03-05, outcome: no-answer}\n"
                                       "  - {date: 2025-03-07, outcome: no-answer}\n"
                                       "  - {date: 2025-03-10, outcome: no-answer}\n"
                                       "escalations:\n  - {date: 2025-03-12, reason: non-response}\n",
                                "2025-03-20");
    CHECK(summary(os) == "non-response 2025-03-10 met late");
  }

  TEST_CASE("non-response falls due a month after the first attempt when the month passes before the 4th") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-03-20, outcome: no-answer}\n"
                                       "  - {date: 2025-03-28, outcome: no-answer}\n"
                                       "  - {date: 2025-04-10, outcome: no-answer}\n",
                                "2025-04-15");
    CHECK(summary(os) == "non-response 2025-04-03 missed");
  }

  TEST_CASE("non-response does not count a 4th attempt dated after the as-of date") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-03-05, outcome: no-answer}\n"
                                       "  - {date: 2025-03-07, outcome: no-answer}\n"
                                       "  - {date: 2025-03-10, outcome: no-answer}\n",
                                "2025-03-09");
    CHECK(summary(os) == "non-response 2025-04-03 open");
  }

  TEST_CASE("non-response is not met by an escalation dated after the as-of date") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "escalations:\n  - {date: 2025-04-01, reason: non-response}\n",
                                "2025-03-25");
    CHECK(summary(os) == "non-response 2025-04-03 open");
  }

  TEST_CASE("non-response is not met by an escalation dated before the streak began") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-02-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "escalations:\n  - {date: 2025-03-01, reason: non-response}\n",
                                "2025-04-10");
    CHECK(summary(os) == "non-response 2025-04-03 missed");
  }

  TEST_CASE("a streak the citizen ended by answering before it came due has no obligation") {
    // rules.md: no answer on 3 March, reached on 5 March — no obligation.
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-03-05, outcome: reached}\n",
                                "2025-04-10");
    CHECK(summary(os) == "");
  }

  TEST_CASE("a streak answered on its due date never came due either") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-04-03, outcome: reached}\n",
                                "2025-04-10");
    CHECK(summary(os) == "");
  }

  TEST_CASE("a streak answered after its due date is history, missed without an escalation") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-03-05, outcome: no-answer}\n"
                                       "  - {date: 2025-04-07, outcome: reached}\n"
                                       "  - {date: 2025-04-09, outcome: no-answer}\n",
                                "2025-04-10");
    CHECK(summary(os) == "non-response 2025-04-03 missed; non-response 2025-05-09 open");
    CHECK(reportable(os) == "no yes");
  }

  TEST_CASE("the rules.md example: the first streak is missed and the escalation belongs to the second") {
    // No answer on 6, 8, 10 and 13 January, reached on 20 January,
    // escalation on 10 February after a second streak.
    const auto os = obligations("non-response",
                                c82b + "start: 2025-01-02\ncontacts:\n  - {date: 2025-01-06, outcome: no-answer}\n"
                                       "  - {date: 2025-01-08, outcome: no-answer}\n"
                                       "  - {date: 2025-01-10, outcome: no-answer}\n"
                                       "  - {date: 2025-01-13, outcome: no-answer}\n"
                                       "  - {date: 2025-01-20, outcome: reached}\n"
                                       "  - {date: 2025-02-03, outcome: no-answer}\n"
                                       "escalations:\n  - {date: 2025-02-10, reason: non-response}\n",
                                "2025-02-20");
    CHECK(summary(os) == "non-response 2025-01-13 missed; non-response 2025-03-03 met");
    CHECK(reportable(os) == "no yes");
  }

  TEST_CASE("an escalation after the due date and on or before the day the streak ended meets it late") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                       "  - {date: 2025-04-07, outcome: reached}\n"
                                       "escalations:\n  - {date: 2025-04-07, reason: other}\n",
                                "2025-04-10");
    CHECK(summary(os) == "non-response 2025-04-03 met late");
  }

  TEST_CASE("a coach-change or significant-change escalation does not meet a streak") {
    for (const char *reason : {"coach-change", "significant-change"}) {
      CAPTURE(reason);
      const auto os = obligations("non-response",
                                  c82b +
                                      "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n"
                                      "escalations:\n  - {date: 2025-03-10, reason: " +
                                      reason + "}\n",
                                  "2025-04-10");
      CHECK(summary(os) == "non-response 2025-04-03 missed");
    }
  }

  TEST_CASE("non-response sorts contacts by date, so a reached contact written first still ends an earlier streak") {
    const auto os = obligations("non-response",
                                c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-04-07, outcome: reached}\n"
                                       "  - {date: 2025-03-03, outcome: no-answer}\n",
                                "2025-04-10");
    CHECK(summary(os) == "non-response 2025-04-03 missed");
    CHECK(reportable(os) == "no");
  }

  TEST_CASE("non-response keeps file order for contacts of the same day") {
    const std::string head = c82b + "start: 2025-03-01\ncontacts:\n";
    const std::string answered_last = "  - {date: 2025-03-03, outcome: no-answer}\n"
                                      "  - {date: 2025-03-03, outcome: reached}\n";
    const std::string answered_first = "  - {date: 2025-03-03, outcome: reached}\n"
                                       "  - {date: 2025-03-03, outcome: no-answer}\n";
    CHECK(summary(obligations("non-response", head + answered_last, "2025-03-10")) == "");
    const auto current = obligations("non-response", head + answered_first, "2025-03-10");
    CHECK(summary(current) == "non-response 2025-04-03 open");
    CHECK(reportable(current) == "yes");
  }

  TEST_CASE("non-response does not exist without unanswered attempts") {
    CHECK(summary(obligations("non-response",
                              c82b + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: reached}\n",
                              "2025-04-10")) == "");
  }

  // ----------------------------------------------------- level-frequency-85

  TEST_CASE("level-frequency-85 is met when the reached contacts of the last 28 days reach the level's minimum") {
    const auto os = obligations("level-frequency-85",
                                c85 + "start: 2025-01-06\ncontacts:\n  - {date: 2025-03-04, outcome: reached}\n"
                                      "  - {date: 2025-03-31, outcome: reached}\n",
                                "2025-03-31");
    CHECK(summary(os) == "level-frequency-85 - met");
  }

  TEST_CASE("level-frequency-85 is missed when too few contacts in the window reached the citizen") {
    const auto os = obligations("level-frequency-85",
                                c85 + "start: 2025-01-06\ncontacts:\n  - {date: 2025-03-03, outcome: reached}\n"
                                      "  - {date: 2025-03-20, outcome: reached}\n"
                                      "  - {date: 2025-03-25, outcome: no-answer}\n"
                                      "  - {date: 2025-04-01, outcome: reached}\n",
                                "2025-03-31");
    CHECK(summary(os) == "level-frequency-85 - missed");
  }

  TEST_CASE("level-frequency-85 applies only to cases started 28 days or more before the as-of date") {
    CHECK(summary(obligations("level-frequency-85", c85 + "start: 2025-03-04\n", "2025-03-31")) == "");
    CHECK(summary(obligations("level-frequency-85", c85 + "start: 2025-03-03\n", "2025-03-31")) ==
          "level-frequency-85 - missed");
  }

  TEST_CASE("level-frequency-85 does not apply to a closed case") {
    CHECK(summary(obligations("level-frequency-85", c85 + "start: 2025-01-06\nend: 2025-03-15\nhearing: 2025-03-01\n",
                              "2025-03-31")) == "");
  }

  // --------------------------------------------------------- level-above-85

  TEST_CASE("level-above-85 is met while reached contacts stay within the level's maximum") {
    const auto os = obligations("level-above-85",
                                "paragraph: \"85\"\nlevel: 1\nstart: 2025-01-06\ncontacts:\n"
                                "  - {date: 2025-03-10, outcome: reached}\n  - {date: 2025-03-20, outcome: reached}\n",
                                "2025-03-31");
    CHECK(summary(os) == "level-above-85 - met");
  }

  TEST_CASE("level-above-85 is missed when reached contacts exceed the level's maximum") {
    const auto os = obligations("level-above-85",
                                "paragraph: \"85\"\nlevel: 1\nstart: 2025-01-06\ncontacts:\n"
                                "  - {date: 2025-03-10, outcome: reached}\n  - {date: 2025-03-20, outcome: reached}\n"
                                "  - {date: 2025-03-30, outcome: reached}\n",
                                "2025-03-31");
    CHECK(summary(os) == "level-above-85 - missed");
  }

  TEST_CASE("level-above-85 has no maximum at level 5") {
    CHECK(summary(obligations("level-above-85", "paragraph: \"85\"\nlevel: 5\nstart: 2025-01-06\n", "2025-03-31")) ==
          "");
  }

  // -------------------------------------------------------- health-check-85

  TEST_CASE("health-check-85 counts from the start until a first health check, a leap day start giving 2025-02-28") {
    const std::string body = c85 + "start: 2024-02-29\n";
    CHECK(summary(obligations("health-check-85", body, "2025-02-28")) == "health-check-85 2025-02-28 open");
    CHECK(summary(obligations("health-check-85", body, "2025-03-01")) == "health-check-85 2025-02-28 missed");
  }

  TEST_CASE("health-check-85 keeps its history: each health check meets the one the previous began") {
    const auto os =
        obligations("health-check-85",
                    c85 + "applied: 2024-11-01\nhealth_checks: [2024-12-01, 2025-11-20, 2026-12-15]\n", "2027-01-10");
    CHECK(summary(os) == "health-check-85 2025-12-01 met; health-check-85 2026-11-20 met late; "
                         "health-check-85 2027-12-15 open");
    CHECK(reportable(os) == "no no yes");
  }

  TEST_CASE("health-check-85's first health check meets the obligation the start began") {
    // Regression: the start anchor was dropped once any health check existed,
    // so a first check two years late was never late.
    const auto os =
        obligations("health-check-85", c85 + "start: 2025-01-10\nhealth_checks: [2026-03-01]\n", "2026-04-01");
    CHECK(summary(os) == "health-check-85 2026-01-10 met late; health-check-85 2027-03-01 open");
    CHECK(reportable(os) == "no yes");
  }

  TEST_CASE("health-check-85 counts from the start while the only health check lies after the as-of date") {
    // Regression: with a future check the start anchor was dropped, then the
    // future check was filtered out, and no obligation was left at all.
    const auto os =
        obligations("health-check-85", c85 + "start: 2025-01-10\nhealth_checks: [2026-03-01]\n", "2026-01-20");
    CHECK(summary(os) == "health-check-85 2026-01-10 missed");
  }

  // -------------------------------------------------- status-before-meeting

  TEST_CASE("status-before-meeting is met by a status written the working day before the meeting") {
    const auto os =
        obligations("status-before-meeting",
                    c82b + "start: 2025-03-01\nmeetings:\n  - {date: 2025-06-17, status: 2025-06-16}\n", "2025-06-20");
    CHECK(summary(os) == "status-before-meeting 2025-06-16 met");
  }

  TEST_CASE("status-before-meeting is met late by a status written on the meeting day") {
    const auto os =
        obligations("status-before-meeting",
                    c85 + "start: 2025-03-01\nmeetings:\n  - {date: 2025-06-17, status: 2025-06-17}\n", "2025-06-20");
    CHECK(summary(os) == "status-before-meeting 2025-06-16 met late");
  }

  TEST_CASE("status-before-meeting is open on the working day before the meeting and missed the day after") {
    const std::string body = cmf + "start: 2025-03-01\nmeetings:\n  - {date: 2025-06-17}\n";
    CHECK(summary(obligations("status-before-meeting", body, "2025-06-16")) == "status-before-meeting 2025-06-16 open");
    CHECK(summary(obligations("status-before-meeting", body, "2025-06-17")) ==
          "status-before-meeting 2025-06-16 missed");
    // Tuesday 10 June 2025 follows Whit Monday and Constitution Day: due Friday 6 June.
    CHECK(summary(obligations("status-before-meeting", cmf + "start: 2025-03-01\nmeetings:\n  - {date: 2025-06-10}\n",
                              "2025-06-01")) == "status-before-meeting 2025-06-06 open");
  }

  TEST_CASE("a meeting on a Monday has its status due the Friday before, never on a Sunday") {
    const auto os = obligations("status-before-meeting",
                                c82b + "start: 2025-03-01\nmeetings:\n  - {date: 2025-12-01}\n", "2025-11-26");
    CHECK(summary(os) == "status-before-meeting 2025-11-28 open");
  }

  TEST_CASE("a meeting on the Monday after a holiday weekend has its status due before the holidays") {
    // Thu 24 and Fri 25 December 2026 are closed (Christmas Eve, Christmas Day).
    const auto os = obligations("status-before-meeting", c85 + "start: 2026-03-01\nmeetings:\n  - {date: 2026-12-28}\n",
                                "2026-12-01");
    CHECK(summary(os) == "status-before-meeting 2026-12-23 open");
    // Easter: Tuesday after Easter Monday 2025 → Wednesday before Maundy Thursday.
    const auto easter = obligations("status-before-meeting",
                                    c85 + "start: 2025-03-01\nmeetings:\n  - {date: 2025-04-22}\n", "2025-04-01");
    CHECK(summary(easter) == "status-before-meeting 2025-04-16 open");
  }

  TEST_CASE("status-before-meeting subtracts a configured period of working days") {
    const auto cfg = config("rules:\n  status-before-meeting: {period: 2 working days}\n");
    const auto os = obligations("status-before-meeting",
                                c82b + "start: 2025-03-01\nmeetings:\n  - {date: 2025-12-01}\n", "2025-11-26", cfg);
    CHECK(summary(os) == "status-before-meeting 2025-11-27 open");
  }

  TEST_CASE("with move_off_weekends, a status due on a weekend moves to the working day before") {
    const auto cfg = config("rules:\n  status-before-meeting: {period: 1 day}\ncalendar: {move_off_weekends: true}\n");
    const auto os = obligations("status-before-meeting",
                                c82b + "start: 2025-03-01\nmeetings:\n  - {date: 2025-12-01}\n", "2025-11-26", cfg);
    CHECK(summary(os) == "status-before-meeting 2025-11-28 open");
  }

  TEST_CASE("future meetings create status-before-meeting obligations, one per meeting") {
    const auto os = obligations("status-before-meeting",
                                c82a + "start: 2025-03-01\nmeetings:\n  - {date: 2025-04-01, status: 2025-03-28}\n"
                                       "  - {date: 2025-06-10}\n  - {date: 2025-09-01, status: 2025-05-20}\n",
                                "2025-05-01");
    CHECK(summary(os) == "status-before-meeting 2025-03-31 met; status-before-meeting 2025-06-06 open; "
                         "status-before-meeting 2025-08-29 open");
  }

  TEST_CASE("status-before-meeting has no obligation for a meeting after the course ended") {
    const auto os = obligations("status-before-meeting",
                                c82b + "start: 2025-03-01\nend: 2025-05-01\nclosing_talk: 2025-05-01\n"
                                       "meetings:\n  - {date: 2025-06-10}\n",
                                "2025-06-20");
    CHECK(summary(os) == "");
  }

  // --------------------------------------------------- preliminary-phase-mf

  TEST_CASE("preliminary-phase-mf is met by a main-phase decision within four weeks and met late after") {
    CHECK(summary(obligations("preliminary-phase-mf", cmf + "start: 2025-03-03\nmain_phase: 2025-03-31\n",
                              "2025-04-10")) == "preliminary-phase-mf 2025-03-31 met");
    CHECK(summary(obligations("preliminary-phase-mf", cmf + "start: 2025-03-03\nmain_phase: 2025-04-01\n",
                              "2025-04-10")) == "preliminary-phase-mf 2025-03-31 met late");
  }

  TEST_CASE("preliminary-phase-mf is open on its due date and missed the day after without a decision") {
    const std::string body = cmf + "start: 2025-03-03\n";
    CHECK(summary(obligations("preliminary-phase-mf", body, "2025-03-31")) == "preliminary-phase-mf 2025-03-31 open");
    CHECK(summary(obligations("preliminary-phase-mf", body, "2025-04-01")) == "preliminary-phase-mf 2025-03-31 missed");
  }

  // ----------------------------------------------------------------- cap-mf

  TEST_CASE("cap-mf is met by an end within six months and met late by one after") {
    CHECK(summary(obligations("cap-mf", cmf + "start: 2025-01-15\nend: 2025-07-15\n", "2025-08-01")) ==
          "cap-mf 2025-07-15 met");
    CHECK(summary(obligations("cap-mf", cmf + "start: 2025-01-15\nend: 2025-07-16\n", "2025-08-01")) ==
          "cap-mf 2025-07-15 met late");
  }

  TEST_CASE("cap-mf is open on its due date and missed the day after") {
    const std::string body = cmf + "start: 2025-01-15\n";
    CHECK(summary(obligations("cap-mf", body, "2025-07-15")) == "cap-mf 2025-07-15 open");
    CHECK(summary(obligations("cap-mf", body, "2025-07-16")) == "cap-mf 2025-07-15 missed");
  }

  // -------------------------------------------------------- closing-talk-82

  TEST_CASE("closing-talk-82 is due 14 days after the end and met by a talk before the end") {
    const auto os = obligations("closing-talk-82",
                                c82b + "start: 2025-01-06\nend: 2025-06-30\nclosing_talk: 2025-06-25\n", "2025-08-01");
    CHECK(summary(os) == "closing-talk-82 2025-07-14 met");
  }

  TEST_CASE("closing-talk-82 is met by a closing talk on its due date, 14 days after the end") {
    const auto os = obligations("closing-talk-82",
                                c82a + "start: 2025-01-06\nend: 2025-06-30\nclosing_talk: 2025-07-14\n", "2025-08-01");
    CHECK(summary(os) == "closing-talk-82 2025-07-14 met");
  }

  TEST_CASE("closing-talk-82 is met late by a closing talk more than 14 days after the end") {
    const auto os = obligations("closing-talk-82",
                                c82b + "start: 2025-01-06\nend: 2025-06-30\nclosing_talk: 2025-07-15\n", "2025-08-01");
    CHECK(summary(os) == "closing-talk-82 2025-07-14 met late");
  }

  TEST_CASE("closing-talk-82 is open from before a planned end until its due date, not missed the day after the end") {
    const std::string body = c82b + "start: 2025-01-06\nend: 2025-06-30\n";
    CHECK(summary(obligations("closing-talk-82", body, "2025-06-01")) == "closing-talk-82 2025-07-14 open");
    CHECK(summary(obligations("closing-talk-82", body, "2025-07-01")) == "closing-talk-82 2025-07-14 open");
    CHECK(summary(obligations("closing-talk-82", body, "2025-07-14")) == "closing-talk-82 2025-07-14 open");
  }

  TEST_CASE("closing-talk-82 is missed the day after its due date when no talk has been held") {
    const auto os = obligations("closing-talk-82", c82b + "start: 2025-01-06\nend: 2025-06-30\n", "2025-07-15");
    CHECK(summary(os) == "closing-talk-82 2025-07-14 missed");
    CHECK(reportable(os) == "yes");
  }

  TEST_CASE("closing-talk-82 does not count a closing talk dated after the as-of date") {
    const auto os = obligations("closing-talk-82",
                                c82b + "start: 2025-01-06\nend: 2025-06-30\nclosing_talk: 2025-07-20\n", "2025-07-16");
    CHECK(summary(os) == "closing-talk-82 2025-07-14 missed");
  }

  // ------------------------------------------------------------- hearing-85

  TEST_CASE("hearing-85 is met by a hearing on or before the end and met late by one after") {
    CHECK(summary(obligations("hearing-85", c85 + "start: 2025-01-06\nend: 2025-06-30\nhearing: 2025-06-30\n",
                              "2025-08-01")) == "hearing-85 2025-06-30 met");
    CHECK(summary(obligations("hearing-85", c85 + "start: 2025-01-06\nend: 2025-06-30\nhearing: 2025-07-02\n",
                              "2025-08-01")) == "hearing-85 2025-06-30 met late");
  }

  TEST_CASE("hearing-85 is open until the end and missed the day after without a hearing") {
    const std::string body = c85 + "start: 2025-01-06\nend: 2025-06-30\nend_reason: goal-achieved\n";
    CHECK(summary(obligations("hearing-85", body, "2025-06-30")) == "hearing-85 2025-06-30 open");
    CHECK(summary(obligations("hearing-85", body, "2025-07-01")) == "hearing-85 2025-06-30 missed");
  }

  TEST_CASE("hearing-85 is not needed when the end reason is citizen-declined, moved, deceased or transferred") {
    for (const std::string reason : {"citizen-declined", "moved", "deceased", "transferred"}) {
      CAPTURE(reason);
      CHECK(summary(obligations("hearing-85", c85 + "start: 2025-01-06\nend: 2025-06-30\nend_reason: " + reason + "\n",
                                "2025-08-01")) == "");
    }
    CHECK(summary(obligations("hearing-85", c85 + "start: 2025-01-06\nend: 2025-06-30\nend_reason: other\n",
                              "2025-08-01")) == "hearing-85 2025-06-30 missed");
  }

  // -------------------------------------------------------------- report-mf

  TEST_CASE("report-mf is met by a course description within 14 days of the end and met late after") {
    CHECK(summary(obligations("report-mf", cmf + "start: 2025-01-15\nend: 2025-06-30\nreport: 2025-07-14\n",
                              "2025-08-01")) == "report-mf 2025-07-14 met");
    CHECK(summary(obligations("report-mf", cmf + "start: 2025-01-15\nend: 2025-06-30\nreport: 2025-07-15\n",
                              "2025-08-01")) == "report-mf 2025-07-14 met late");
  }

  TEST_CASE("report-mf is open until end + 14 days and missed the day after") {
    const std::string body = cmf + "start: 2025-01-15\nend: 2025-06-30\n";
    CHECK(summary(obligations("report-mf", body, "2025-07-14")) == "report-mf 2025-07-14 open");
    CHECK(summary(obligations("report-mf", body, "2025-07-15")) == "report-mf 2025-07-14 missed");
  }

  // ------------------------------------------------------------ closed cases

  TEST_CASE("a closed case reports only its closing rules and keeps the others for show") {
    const auto os = all_obligations(c82b + "start: 2025-01-06\nplan: 2025-01-10\nend: 2025-05-30\n"
                                           "contacts:\n  - {date: 2025-04-01, outcome: no-answer}\n",
                                    "2025-09-01");
    CHECK(rules_of(os, true) == "closing-talk-82");
    CHECK(summary(obligations("cap-82b", c82b + "start: 2025-01-06\nplan: 2025-01-10\nend: 2025-05-30\n",
                              "2025-09-01")) == "cap-82b 2025-07-06 met");
    const auto missed =
        obligations("first-contact-82", c82b + "start: 2025-01-06\nplan: 2025-01-10\nend: 2025-05-30\n", "2025-09-01");
    CHECK(summary(missed) == "first-contact-82 2025-01-24 missed");
    CHECK(reportable(missed) == "no");
    const auto nr = obligations("non-response",
                                c82b + "start: 2025-01-06\nplan: 2025-01-10\nend: 2025-05-30\n"
                                       "contacts:\n  - {date: 2025-04-01, outcome: no-answer}\n",
                                "2025-09-01");
    CHECK(summary(nr) == "non-response 2025-05-01 missed");
    CHECK(reportable(nr) == "no");
  }

  TEST_CASE("a §85 case whose end has come reports hearing-85 and nothing else") {
    const auto os = all_obligations(c85 + "applied: 2024-11-01\nstart: 2025-01-06\nend: 2025-06-30\n", "2025-07-01");
    CHECK(rules_of(os, true) == "hearing-85");
    CHECK(summary(obligations("hearing-85", c85 + "applied: 2024-11-01\nstart: 2025-01-06\nend: 2025-06-30\n",
                              "2025-07-01")) == "hearing-85 2025-06-30 missed");
  }

  TEST_CASE("a case with a planned end is still active and reports all its rules") {
    const auto os =
        obligations("first-contact-82", c82b + "start: 2025-01-06\nplan: 2025-01-10\nend: 2025-05-30\n", "2025-03-01");
    CHECK(summary(os) == "first-contact-82 2025-01-24 missed");
    CHECK(reportable(os) == "yes");
  }

  // ----------------------------------------------------------------- config

  TEST_CASE("a rule turned off in the config produces no obligation") {
    const auto cfg = config("rules:\n  first-followup-85: {enabled: false}\n");
    CHECK(summary(obligations("first-followup-85", c85 + "start: 2024-11-30\n", "2025-03-01", cfg)) == "");
    CHECK(summary(obligations("first-followup-85", c85 + "start: 2024-11-30\n", "2025-03-01")) ==
          "first-followup-85 2025-02-28 missed");
  }

  TEST_CASE("a changed period in the config changes the due date") {
    const auto cfg = config("rules:\n  first-followup-85: {period: 2 months}\n");
    CHECK(summary(obligations("first-followup-85", c85 + "start: 2024-11-30\n", "2025-01-31", cfg)) ==
          "first-followup-85 2025-01-30 missed");
  }

  TEST_CASE("a changed severity in the config is carried by the obligation") {
    const auto cfg = config("rules:\n  cap-82a: {severity: error}\n");
    const auto os = obligations("cap-82a", c82a + "start: 2025-01-15\n", "2025-07-16", cfg);
    CHECK(summary(os) == "cap-82a 2025-07-15 missed");
    REQUIRE(os.size() == 1);
    CHECK(os[0].severity == Severity::error);
  }

  TEST_CASE("a programme removed from a rule's programmes no longer gets that rule") {
    const auto cfg = config("rules:\n  non-response: {programmes: [82a, 82b, \"85\"]}\n");
    const std::string body = cmf + "start: 2025-03-01\ncontacts:\n  - {date: 2025-03-03, outcome: no-answer}\n";
    CHECK(summary(obligations("non-response", body, "2025-04-10", cfg)) == "");
    CHECK(summary(obligations("non-response", body, "2025-04-10")) == "non-response 2025-04-03 missed");
  }

  TEST_CASE("a case whose programme the config removed has no obligations") {
    const auto cfg = config("programmes: [82a, 82b, \"85\"]\nrules:\n"
                            "  non-response: {programmes: [82a, 82b, \"85\"]}\n"
                            "  status-before-meeting: {programmes: [82a, 82b, \"85\"]}\n"
                            "  followup-after-change: {programmes: [82a, 82b, \"85\"]}\n"
                            "  preliminary-phase-mf: {programmes: []}\n"
                            "  cap-mf: {programmes: []}\n  report-mf: {programmes: []}\n");
    const Date as_of = day("2025-09-01");
    const auto loaded =
        load_text("id: k1\ncitizen: {name: Test Person}\n" + cmf + "start: 2025-01-15\n", "cases/k1.yaml", cfg, as_of);
    REQUIRE(loaded.record);
    CHECK(summary(obligations_of(*loaded.record, cfg, as_of)) == "");
  }

  TEST_CASE("an extra closed day in the config moves a working-day deadline") {
    const auto cfg = config("calendar:\n  closed: [2025-03-10]\n");
    CHECK(summary(obligations("first-contact-82", c82b + "start: 2025-03-01\nplan: 2025-03-03\n", "2025-03-18", cfg)) ==
          "first-contact-82 2025-03-18 open");
  }

  TEST_CASE("due dates stay on weekends by default and move to the next working day when the config says so") {
    const std::string body = c82b + "start: 2025-03-06\n";
    CHECK(summary(obligations("cap-82b", body, "2025-09-07")) == "cap-82b 2025-09-06 missed");
    const auto cfg = config("calendar:\n  move_off_weekends: true\n");
    CHECK(summary(obligations("cap-82b", body, "2025-09-07", cfg)) == "cap-82b 2025-09-08 open");
  }

  // ------------------------------------------------------ first-contact-85

  TEST_CASE("first-contact-85 is off by default and, switched on, due 10 working days after a grant") {
    const std::string body = c85 + "applied: 2025-09-01\ndecided: 2025-10-01\nstart: 2025-10-15\n";
    CHECK(summary(obligations("first-contact-85", body, "2025-10-20")) == "");
    const auto cfg = config("rules:\n  first-contact-85: {enabled: true}\n");
    CHECK(summary(obligations("first-contact-85", body, "2025-10-15", cfg)) == "first-contact-85 2025-10-15 open");
    CHECK(summary(obligations("first-contact-85", body, "2025-10-16", cfg)) == "first-contact-85 2025-10-15 missed");
    CHECK(summary(obligations("first-contact-85", body + "contacts:\n  - {date: 2025-10-08, outcome: no-answer}\n",
                              "2025-10-20", cfg)) == "first-contact-85 2025-10-15 met");
    CHECK(summary(obligations("first-contact-85", body + "contacts:\n  - {date: 2025-10-17, outcome: reached}\n",
                              "2025-10-20", cfg)) == "first-contact-85 2025-10-15 met late");
  }

  TEST_CASE("first-contact-85 does not exist for a refusal or before the decision") {
    const auto cfg = config("rules:\n  first-contact-85: {enabled: true}\n");
    CHECK(summary(obligations("first-contact-85", c85 + "applied: 2025-09-01\ndecided: 2025-10-01\ndecision: refused\n",
                              "2025-10-20", cfg)) == "");
    CHECK(summary(obligations("first-contact-85", c85 + "applied: 2025-09-01\ndecided: 2025-10-01\n", "2025-09-30",
                              cfg)) == "");
  }

  // -------------------------------------------------- followup-after-change

  TEST_CASE("followup-after-change: one obligation per significant change, due 4 weeks after it") {
    const std::string body = c85 + "start: 2025-01-06\n"
                                   "escalations:\n  - {date: 2025-03-03, reason: significant-change}\n"
                                   "  - {date: 2025-05-05, reason: significant-change}\n"
                                   "  - {date: 2025-05-06, reason: other}\n";
    CHECK(summary(obligations("followup-after-change", body + "followups:\n  - {date: 2025-03-20}\n", "2025-06-10")) ==
          "followup-after-change 2025-03-31 met; followup-after-change 2025-06-02 missed");
    CHECK(summary(obligations("followup-after-change", body + "followups:\n  - {date: 2025-04-10}\n", "2025-05-10")) ==
          "followup-after-change 2025-03-31 met late; followup-after-change 2025-06-02 open");
  }

  TEST_CASE("followup-after-change is the authority's, severity info, on every programme") {
    const auto os = obligations("followup-after-change",
                                cmf + "start: 2025-01-06\nadvisor: Mette Holm\ncoach: Lars Berg\n"
                                      "escalations:\n  - {date: 2025-03-03, reason: significant-change}\n",
                                "2025-04-10");
    REQUIRE(os.size() == 1);
    CHECK(os[0].role == Role::authority);
    CHECK(os[0].severity == Severity::info);
  }

  // --------------------------------------------------------------- roles

  TEST_CASE("every obligation carries its rule's role, and the config may change it") {
    const std::string body = c85 + "applied: 2025-01-06\nstart: 2025-03-03\nmeetings:\n  - {date: 2025-06-17}\n";
    const auto os = all_obligations(body, "2025-05-01");
    std::string roles;
    for (const auto &o : os)
      roles += std::string(roles.empty() ? "" : " ") + std::string(o.id()) + "=" + std::string(id_of(o.role));
    CHECK(roles == "processing-85=authority first-followup-85=authority level-frequency-85=coach "
                   "level-above-85=coach health-check-85=coach status-before-meeting=coach");
    const auto cfg = config("rules:\n  status-before-meeting: {role: authority}\n");
    CHECK(obligations("status-before-meeting", body, "2025-05-01", cfg).at(0).role == Role::authority);
  }

  TEST_CASE("a role the config does not know is a config error naming the choices") {
    std::vector<Finding> errors;
    load_config("rules:\n  cap-82b: {role: boss}\n", "mestring.yaml", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "rules.cap-82b.role must be authority or coach, not \"boss\"");
  }

  // ------------------------------------------------------ decisions, status

  TEST_CASE("a refused case has only processing-85, and its status is refused") {
    const std::string body = c85 + "applied: 2025-01-06\ndecided: 2025-02-10\ndecision: refused\n"
                                   "contacts:\n  - {date: 2025-01-20, outcome: no-answer}\n";
    CHECK(summary(all_obligations(body, "2025-03-20")) == "processing-85 2025-03-03 met");
    const auto loaded =
        load_case("id: k1\ncitizen: {name: Test Person}\n" + body, "cases/k1.yaml", defaults(), day("2025-03-20"));
    REQUIRE(loaded.record);
    CHECK(status_of(*loaded.record, day("2025-03-20")) == Status::refused);
    // Before the refusal is dated, the application is pending and the rules apply.
    CHECK(status_of(*loaded.record, day("2025-02-01")) == Status::pending);
  }

  TEST_CASE("status_of: pending, granted (not started), active, closed") {
    auto status = [&](const std::string &body, const char *as_of) {
      const auto loaded =
          load_case("id: k1\ncitizen: {name: Test Person}\n" + c85 + body, "cases/k1.yaml", defaults(), day(as_of));
      REQUIRE(loaded.record);
      return std::string(id_of(status_of(*loaded.record, day(as_of))));
    };
    CHECK(status("applied: 2025-01-06\n", "2025-02-01") == "pending");
    CHECK(status("applied: 2025-01-06\ndecided: 2025-02-10\n", "2025-02-20") == "granted");
    CHECK(status("applied: 2025-01-06\ndecided: 2025-02-10\nstart: 2025-03-03\n", "2025-02-20") == "granted");
    CHECK(status("applied: 2025-01-06\ndecided: 2025-02-10\nstart: 2025-03-03\n", "2025-03-03") == "active");
    CHECK(status("start: 2025-03-03\nend: 2025-09-30\n", "2025-09-29") == "active");
    CHECK(status("start: 2025-03-03\nend: 2025-09-30\n", "2025-09-30") == "closed");
  }

  TEST_CASE("a decision without the date it was made is a data error") {
    const auto loaded =
        load_case("id: k1\ncitizen: {name: Test Person}\n" + c85 + "applied: 2025-01-06\ndecision: refused\n",
                  "cases/k1.yaml", defaults(), day("2025-03-20"));
    REQUIRE(loaded.findings.size() == 1);
    CHECK(loaded.findings[0].rule == "schema");
    CHECK(loaded.findings[0].line == 6);
    CHECK(loaded.findings[0].message == "decision: refused needs the date it was made; add decided:");
  }

  // -------------------------------------------------------- level changes

  TEST_CASE("the level in force is the latest change on or before the date, else the level granted") {
    const auto loaded = load_case("id: k1\ncitizen: {name: Test Person}\n" + c85 +
                                      "start: 2025-01-06\nlevel_changes:\n  - {date: 2025-06-01, level: 4}\n"
                                      "  - {date: 2025-03-01, level: 3}\n",
                                  "cases/k1.yaml", defaults(), day("2025-11-26"));
    REQUIRE(loaded.record);
    CHECK(*level_on(*loaded.record, day("2025-02-28")).level == 2);
    CHECK(*level_on(*loaded.record, day("2025-03-01")).level == 3);
    CHECK(*level_on(*loaded.record, day("2025-11-26")).level == 4);
    CHECK(level_on(*loaded.record, day("2025-11-26")).line == 7);
  }

  TEST_CASE("a level change 40 days ago: both level rules judge the new level over the whole window") {
    // Level 2 → 4 on 2025-10-17; as-of 2025-11-26 (40 days later): window 2025-10-30 … 2025-11-26.
    const std::string body = c85 +
                             "start: 2025-01-06\nlevel_changes:\n  - {date: 2025-10-17, level: 4}\n"
                             "contacts:\n  - {date: 2025-11-03, outcome: reached}\n"
                             "  - {date: 2025-11-10, outcome: reached}\n  - {date: 2025-11-17, outcome: reached}\n";
    const auto freq = obligations("level-frequency-85", body, "2025-11-26");
    REQUIRE(freq.size() == 1);
    CHECK(summary(freq) == "level-frequency-85 - missed"); // level 4 expects 12
    CHECK(rate_message(freq[0], Lang::en) ==
          "3 reached contacts from 2025-10-30 to 2025-11-26; level 4 expects at least 12");
    CHECK(summary(obligations("level-above-85", body, "2025-11-26")) == "level-above-85 - met");
  }

  TEST_CASE("a level change 20 days ago: the minimum waits, the maximum counts from the change") {
    // Level 3 → 1 on 2025-11-06; as-of 2025-11-26 (20 days later).
    const std::string body = "paragraph: \"85\"\nlevel: 3\nstart: 2025-01-06\n"
                             "level_changes:\n  - {date: 2025-11-06, level: 1}\n"
                             "contacts:\n  - {date: 2025-11-03, outcome: reached}\n"
                             "  - {date: 2025-11-06, outcome: reached}\n  - {date: 2025-11-12, outcome: reached}\n"
                             "  - {date: 2025-11-19, outcome: reached}\n";
    CHECK(summary(obligations("level-frequency-85", body, "2025-11-26")) == "");
    const auto above = obligations("level-above-85", body, "2025-11-26");
    REQUIRE(above.size() == 1);
    CHECK(summary(above) == "level-above-85 - missed"); // 3 reached since the change, level 1 allows 2
    CHECK(rate_message(above[0], Lang::en) == "3 reached contacts from 2025-11-06 to 2025-11-26, more than the 2 "
                                              "level 1 allows; a change of level may be relevant");
  }

  // ----------------------------------------------------------- exemptions

  TEST_CASE("an exemption sets a missed obligation aside from its first day to its last, then it returns") {
    const std::string body = c82b + "start: 2025-06-02\nplan: 2025-06-10\n"
                                    "exemptions:\n  - {rule: monthly-followup-82, from: 2025-07-15, until: 2025-08-31, "
                                    "reason: Indlagt, by: Mette Holm}\n";
    auto exempted = [&](const char *as_of) {
      const auto os = obligations("monthly-followup-82", body, as_of);
      REQUIRE(os.size() == 1);
      return std::string(to_string(os[0].state)) + (os[0].exempted() ? " exempted" : "");
    };
    CHECK(exempted("2025-07-14") == "missed");          // before it starts
    CHECK(exempted("2025-07-15") == "missed exempted"); // its first day
    CHECK(exempted("2025-08-31") == "missed exempted"); // its last day
    CHECK(exempted("2025-09-01") == "missed");          // expired: reported again
  }

  TEST_CASE("an exemption never touches a met obligation, nor another rule's") {
    const std::string body = c82b + "start: 2025-06-02\nplan: 2025-06-10\nfollowups:\n  - {date: 2025-07-05}\n"
                                    "exemptions:\n  - {rule: monthly-followup-82, from: 2025-07-01, until: 2025-08-31, "
                                    "reason: Indlagt}\n";
    for (const auto &o : all_obligations(body, "2025-07-20")) {
      CAPTURE(o.id());
      CHECK(o.exempted() == (o.id() == "monthly-followup-82" && o.state != State::met));
    }
  }

  TEST_CASE("an exemption that breaks the rules is a data error and exempts nothing") {
    auto findings = [&](const std::string &item) {
      const auto loaded = load_case("id: k1\ncitizen: {name: Test Person}\n" + c82b +
                                        "start: 2025-06-02\nexemptions:\n  - " + item + "\n",
                                    "cases/k1.yaml", defaults(), day("2025-08-01"));
      REQUIRE(loaded.record);
      CHECK(loaded.record->exemptions.empty());
      std::string s;
      for (const auto &f : loaded.findings)
        s += f.rule + ": " + f.message + "\n";
      return s;
    };
    CHECK(findings("{rule: monthly-folowup-82, from: 2025-07-01, until: 2025-08-01, reason: x}") ==
          "exemption: exemptions: \"monthly-folowup-82\" is not a rule; did you mean \"monthly-followup-82\"?\n");
    CHECK(findings("{rule: schema, from: 2025-07-01, until: 2025-08-01, reason: x}") ==
          "exemption: exemptions: \"schema\" is a data check, and data checks cannot be exempted; fix the data "
          "instead\n");
    CHECK(findings("{rule: cap-82b, from: 2025-07-01, until: 2025-08-01, reason: \" \"}") ==
          "exemption: exemptions: the exemption of cap-82b has no reason; write why the rule cannot be kept\n");
    CHECK(findings("{rule: cap-82b, from: 2025-07-01, until: 2025-06-01, reason: x}") ==
          "exemption: exemptions: until 2025-06-01 is before from 2025-07-01\n");
    CHECK(findings("{rule: cap-82b, from: 2025-07-01, until: 2026-01-02, reason: x}") ==
          "exemption: exemptions: from 2025-07-01 until 2026-01-02 is longer than 6 months "
          "(exemptions.max_length); end it by 2026-01-01 and add a new one if the reason still holds\n");
    CHECK(findings("{rule: cap-82b, from: 2025-07-01, until: 2025-08-01}") ==
          "exemption: exemptions item has no reason\n");
  }
}
