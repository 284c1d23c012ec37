// `show` (show.hpp): one case as a coordinator reads it, with its timeline
// and every obligation, as text and as JSON.
#include <mestring/show.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace mestring;
using namespace mestring::test;

namespace {

// A §85 course from application to its end (moved: no hearing needed), its
// events written out of date order, two on one day.
const std::string k1 =
    "id: k1\nparagraph: \"85\"\ncitizen:\n  name: Jens Hansen\n  cpr: \"010190-1234\"\n"
    "advisor: Mette Holm\ncoach: Lars Berg\nlevel: 2\n"
    "applied: 2025-01-06\ndecided: 2025-02-10\nstart: 2025-02-17\nend: 2025-10-31\nend_reason: moved\n"
    "contacts:\n  - {date: 2025-03-03, outcome: reached, mode: visit}\n  - {date: 2025-02-17, outcome: no-answer}\n"
    "followups: [{date: 2025-05-12, kind: first}]\nescalations: [{date: 2025-04-01, reason: coach-change}]\n"
    "health_checks: [2025-06-02]\nmeetings: [{date: 2025-06-02, status: 2025-05-30}, {date: 2025-09-01}]\n";

// What `show` prints of k1 before its obligations: the status, and the
// timeline in date order, the end marked as it stands on the date.
std::string k1_head(const std::string &status, const std::string &end_mark) {
  return "Case k1 — Jens Hansen (010190-xxxx)\n"
         "  programme   §85, level 2\n"
         "  file        cases/k1.yaml\n"
         "  advisor     Mette Holm\n"
         "  coach       Lars Berg\n"
         "  status      " +
         status +
         "\n\n"
         "Timeline\n"
         "  2025-01-06  applied\n"
         "  2025-02-10  decided\n"
         "  2025-02-17  start\n"
         "  2025-02-17  contact, no-answer\n"
         "  2025-03-03  contact, reached (visit)\n"
         "  2025-04-01  escalation, coach-change\n"
         "  2025-05-12  follow-up (first)\n"
         "  2025-06-02  health check\n"
         "  2025-06-02  citizen plan meeting, status 2025-05-30\n"
         "  2025-09-01  citizen plan meeting, no status\n"
         "  2025-10-31  end (moved)" +
         end_mark + "\n\n";
}

std::string show(const std::string &text, std::string_view as_of, const ShowOptions &opt = {}) {
  return render_show_text(case_of(text, defaults(), day(as_of)), defaults(), day(as_of), opt);
}

// The `status` line of the text.
std::string status_line(const std::string &text, std::string_view as_of) {
  const auto shown = show(text, as_of);
  const auto at = shown.find("  status");
  REQUIRE(at != std::string::npos);
  return shown.substr(at, shown.find('\n', at) - at);
}

// The text's first line: the case, its citizen and CPR.
std::string head_line(const std::string &text, const ShowOptions &opt) {
  const auto shown = show(text, "2025-11-26", opt);
  return shown.substr(0, shown.find('\n'));
}

} // namespace

TEST_SUITE("show") {
  TEST_CASE("a closed case: its people, its status, the timeline in date order, each obligation with its owner, marked "
            "case closed") {
    CHECK(show(k1, "2025-11-26") ==
          k1_head("closed 2025-10-31", "") +
              "Obligations as of 2025-11-26\n"
              "  met               processing-85          2025-03-03  Mette Holm  send the decision — applied "
              "2025-01-06 + 8 weeks; met by decided 2025-02-10 (line 10) (case closed)\n"
              "  met               first-followup-85      2025-05-17  Mette Holm  hold the first follow-up — start "
              "2025-02-17 + 3 months; met by follow-up 2025-05-12 (line 17) (case closed)\n"
              "  met               status-before-meeting  2025-05-30  Lars Berg   write the status for the citizen "
              "plan meeting — meeting 2025-06-02 − 1 working day; met by status 2025-05-30 (line 20) (case closed)\n"
              "  missed (warning)  status-before-meeting  2025-08-29  Lars Berg   write the status for the citizen "
              "plan meeting — meeting 2025-09-01 − 1 working day (case closed)\n");
  }

  TEST_CASE("before its end the case is active with a planned end and later events are planned") {
    CHECK(show(k1, "2025-09-15") ==
          k1_head("active, planned end 2025-10-31", "  (planned)") +
              "Obligations as of 2025-09-15\n"
              "  met               processing-85          2025-03-03  Mette Holm  send the decision — applied "
              "2025-01-06 + 8 weeks; met by decided 2025-02-10 (line 10)\n"
              "  met               first-followup-85      2025-05-17  Mette Holm  hold the first follow-up — start "
              "2025-02-17 + 3 months; met by follow-up 2025-05-12 (line 17)\n"
              "  missed (warning)  level-frequency-85     -           Lars Berg   0 reached contacts from 2025-08-19 "
              "to 2025-09-15; level 2 expects at least 2\n"
              "  met               level-above-85         -           Lars Berg   0 reached contacts from 2025-08-19 "
              "to 2025-09-15; level 2 expects at most 4\n"
              "  met               status-before-meeting  2025-05-30  Lars Berg   write the status for the citizen "
              "plan meeting — meeting 2025-06-02 − 1 working day; met by status 2025-05-30 (line 20)\n"
              "  missed (warning)  status-before-meeting  2025-08-29  Lars Berg   write the status for the citizen "
              "plan meeting — meeting 2025-09-01 − 1 working day\n");
  }

  TEST_CASE("the status: pending, refused, granted before the start, active, active with a planned end, closed") {
    const std::string head = "id: s1\nparagraph: \"85\"\ncitizen: {name: Sif Berg}\nlevel: 2\napplied: 2025-09-01\n";
    CHECK(status_line(head, "2025-11-26") == "  status      pending application");
    CHECK(status_line(head + "decided: 2025-10-01\ndecision: refused\n", "2025-11-26") ==
          "  status      refused 2025-10-01");
    CHECK(status_line(head + "decided: 2025-10-01\ndecision: refused\n", "2025-09-30") ==
          "  status      pending application");
    CHECK(status_line(head + "decided: 2025-10-01\n", "2025-11-26") == "  status      granted, not started");
    CHECK(status_line(head + "decided: 2025-10-01\n", "2025-09-30") == "  status      pending application");
    CHECK(status_line(head + "decided: 2025-10-01\nstart: 2025-12-01\n", "2025-11-26") ==
          "  status      granted, starts 2025-12-01");
    CHECK(status_line(head + "decided: 2025-10-01\nstart: 2025-11-26\n", "2025-11-26") == "  status      active");
    CHECK(status_line(head + "decided: 2025-10-01\nstart: 2025-10-06\nend: 2025-11-27\n", "2025-11-26") ==
          "  status      active, planned end 2025-11-27");
    CHECK(status_line(head + "decided: 2025-10-01\nstart: 2025-10-06\nend: 2025-11-26\n", "2025-11-26") ==
          "  status      closed 2025-11-26");
  }

  TEST_CASE("an obligation a later one replaced is history while the case runs") {
    const std::string h1 = "id: h1\nparagraph: 82a\ncitizen: {name: Dorte Juul}\ncoach: Lars Berg\nstart: "
                           "2025-06-10\nfollowups: [{date: 2025-10-28}]\n";
    CHECK(show(h1, "2025-11-26") ==
          "Case h1 — Dorte Juul\n"
          "  programme   §82a\n"
          "  file        cases/h1.yaml\n"
          "  coach       Lars Berg\n"
          "  status      active\n"
          "\n"
          "Timeline\n"
          "  2025-06-10  start\n"
          "  2025-10-28  follow-up\n"
          "\n"
          "Obligations as of 2025-11-26\n"
          "  open (warning)  cap-82a              2025-12-10  (no advisor)  end the §82a course — start 2025-06-10 + 6 "
          "months\n"
          "  met late        monthly-followup-82  2025-07-10  Lars Berg     follow up on the citizen plan — start "
          "2025-06-10 + 1 month; met by follow-up 2025-10-28 (line 6) (history)\n"
          "  open (warning)  monthly-followup-82  2025-11-28  Lars Berg     follow up on the citizen plan — follow-up "
          "2025-10-28 + 1 month\n");
  }

  TEST_CASE("the CPR is masked unless asked for, and privacy leaves the name out") {
    CHECK(head_line(k1, {}) == "Case k1 — Jens Hansen (010190-xxxx)");
    CHECK(head_line(k1, {true, true}) == "Case k1 — Jens Hansen (010190-1234)");
    CHECK(head_line(k1, {false, false}) == "Case k1 (010190-xxxx)");
  }

  TEST_CASE("the JSON: the case, its timeline in date order with lines, and every obligation with its state") {
    CHECK(
        render_show_json(case_of(k1), defaults(), today(), {}) ==
        "{\"as_of\": \"2025-11-26\", \"case\": \"k1\", \"file\": \"cases/k1.yaml\", \"name\": \"Jens Hansen\", "
        "\"cpr\": \"010190-xxxx\", \"paragraph\": \"85\", \"level\": 2, \"coach\": \"Lars Berg\", \"advisor\": \"Mette "
        "Holm\", \"status\": \"closed\", \"closed\": true, \"timeline\": [{\"date\": \"2025-01-06\", \"event\": "
        "\"applied\", \"line\": 9}, {\"date\": \"2025-02-10\", \"event\": \"decided\", \"line\": 10}, {\"date\": "
        "\"2025-02-17\", \"event\": \"start\", \"line\": 11}, {\"date\": \"2025-02-17\", \"event\": \"contact, "
        "no-answer\", \"line\": 16}, {\"date\": \"2025-03-03\", \"event\": \"contact, reached (visit)\", \"line\": "
        "15}, {\"date\": \"2025-04-01\", \"event\": \"escalation, coach-change\", \"line\": 18}, {\"date\": "
        "\"2025-05-12\", \"event\": \"follow-up (first)\", \"line\": 17}, {\"date\": \"2025-06-02\", \"event\": "
        "\"health check\", \"line\": 19}, {\"date\": \"2025-06-02\", \"event\": \"citizen plan meeting, status "
        "2025-05-30\", \"line\": 20}, {\"date\": \"2025-09-01\", \"event\": \"citizen plan meeting, no status\", "
        "\"line\": 20}, {\"date\": \"2025-10-31\", \"event\": \"end (moved)\", \"line\": 12}], \"obligations\": "
        "[{\"rule\": \"processing-85\", \"state\": \"met\", \"severity\": \"error\", \"due\": \"2025-03-03\", "
        "\"anchor\": \"applied 2025-01-06 + 8 weeks\", \"evidence\": \"decided 2025-02-10 (line 10)\", \"reportable\": "
        "false, \"line\": 9, \"role\": \"authority\", \"owner\": \"Mette Holm\", \"exemption\": null}, {\"rule\": "
        "\"first-followup-85\", \"state\": \"met\", \"severity\": \"error\", \"due\": \"2025-05-17\", \"anchor\": "
        "\"start 2025-02-17 + 3 months\", \"evidence\": \"follow-up 2025-05-12 (line 17)\", \"reportable\": false, "
        "\"line\": 11, \"role\": \"authority\", \"owner\": \"Mette Holm\", \"exemption\": null}, {\"rule\": "
        "\"status-before-meeting\", \"state\": \"met\", \"severity\": \"warning\", \"due\": \"2025-05-30\", "
        "\"anchor\": \"meeting 2025-06-02 − 1 working day\", \"evidence\": \"status 2025-05-30 (line 20)\", "
        "\"reportable\": false, \"line\": 20, \"role\": \"coach\", \"owner\": \"Lars Berg\", \"exemption\": null}, "
        "{\"rule\": \"status-before-meeting\", \"state\": \"missed\", \"severity\": \"warning\", \"due\": "
        "\"2025-08-29\", \"anchor\": \"meeting 2025-09-01 − 1 working day\", \"evidence\": \"\", \"reportable\": "
        "false, \"line\": 20, \"role\": \"coach\", \"owner\": \"Lars Berg\", \"exemption\": null}]}\n");
  }

  TEST_CASE("the JSON writes null for a name privacy hides, a missing CPR and a missing level") {
    const std::string bare = "id: b1\nparagraph: 82b\ncitizen: {name: Bo Ravn}\n";
    CHECK(render_show_json(case_of(bare), defaults(), today(), {false, false}) ==
          "{\"as_of\": \"2025-11-26\", \"case\": \"b1\", \"file\": \"cases/b1.yaml\", \"name\": null, \"cpr\": null, "
          "\"paragraph\": \"82b\", \"level\": null, \"coach\": \"\", \"advisor\": \"\", \"status\": \"pending\", "
          "\"closed\": false, \"timeline\": [], \"obligations\": []}\n");
  }
}
