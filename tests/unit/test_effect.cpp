// What a write did to a case's agenda, in words (effect.hpp).
#include <mestring/config.hpp>
#include <mestring/effect.hpp>
#include <mestring/load.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

// Case k1 with `body` as its other fields.
Case k1(const std::string &body) { return case_of("id: k1\ncitizen: {name: Test Person}\n" + body); }

std::vector<std::string> changes(const std::string &before, const std::string &after, Lang lang = Lang::en) {
  return agenda_changes(k1(before), k1(after), defaults(), today(), lang);
}

// A §85 case whose citizen has not answered four times since 2025-10-20.
const std::string unanswered = "paragraph: \"85\"\nlevel: 2\nstart: 2025-10-01\ncontacts:\n"
                               "  - {date: 2025-10-20, outcome: no-answer}\n"
                               "  - {date: 2025-10-27, outcome: no-answer}\n"
                               "  - {date: 2025-11-03, outcome: no-answer}\n";

} // namespace

TEST_SUITE("effect") {
  TEST_CASE("a reached contact ends the non-response streak: the obligation is no longer due, and why") {
    const auto after = unanswered + "  - {date: 2025-11-10, outcome: reached}\n";
    const auto lines = changes(unanswered, after);
    REQUIRE(!lines.empty());
    CHECK(lines.front() == "non-response, due 2025-11-20: no longer due — the citizen answered");
    CHECK(changes(unanswered, after, Lang::da).front() ==
          "non-response, frist 2025-11-20: ikke længere aktuel — borgeren er truffet");
  }

  TEST_CASE("an escalation meets it, late; nothing else moves") {
    const auto after = unanswered + "escalations:\n  - {date: 2025-11-25, reason: non-response}\n";
    CHECK(changes(unanswered, after) == std::vector<std::string>{"non-response, due 2025-11-20: met late"});
  }

  TEST_CASE("a follow-up meets the first follow-up and starts the yearly one") {
    const std::string before = "paragraph: \"85\"\nlevel: 1\nstart: 2025-09-01\n"
                               "contacts:\n  - {date: 2025-11-20, outcome: reached}\n";
    const auto after = before + "followups:\n  - {date: 2025-11-24, kind: first}\n";
    CHECK(changes(before, after) ==
          std::vector<std::string>{"first-followup-85, due 2025-12-01: met", "annual-review-85: now due 2026-11-24"});
  }

  TEST_CASE("closing a case says what ends with it") {
    const std::string before = "paragraph: \"82b\"\nstart: 2025-05-12\nplan: 2025-05-14\n"
                               "contacts:\n  - {date: 2025-05-20, outcome: reached}\n";
    const auto lines = changes(before, before + "end: 2025-11-20\nend_reason: goal-achieved\n");
    CHECK(std::find(lines.begin(), lines.end(), "cap-82b, due 2025-11-12: met late") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(),
                    "monthly-followup-82, due 2025-06-14: no longer due — the case is "
                    "closed") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(), "closing-talk-82: now due 2025-12-04") != lines.end());
  }

  TEST_CASE("the same case twice changes nothing") { CHECK(changes(unanswered, unanswered).empty()); }
}
