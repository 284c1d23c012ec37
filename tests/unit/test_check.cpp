// `check` (check.hpp): which findings run_check keeps, in which order, and
// the text and JSON a coordinator and a script read. As of 2025-11-26.
#include <mestring/check.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

// §85, applied 2025-08-01, no decision: processing-85 (error) missed, due
// 2025-09-26 (applied + 8 weeks), at the `applied` line 5; the advisor's to act on.
const std::string processing =
    "id: p1\nparagraph: \"85\"\ncitizen: {name: Per Holm}\nlevel: 2\napplied: 2025-08-01\nadvisor: Mette Holm\n";
// §82a started 2025-03-03, nothing since: cap-82a (warning) missed, due
// 2025-09-03, and monthly-followup-82 (warning) missed, due 2025-04-03,
// both at the `start` line 4.
const std::string cap_82a = "id: w1\nparagraph: 82a\ncitizen: {name: Wenche Dahl}\nstart: 2025-03-03\n";
// §85 started 2024-10-01, first follow-up held in time, a reached contact
// this month: only health-check-85 (info) missed, due 2025-10-01, at line 5;
// the annual review (due 2025-12-01) is open, the rest met.
const std::string health_check =
    "id: i1\nparagraph: \"85\"\ncitizen: {name: Ib Lund}\nlevel: 1\nstart: 2024-10-01\n"
    "followups: [{date: 2024-12-01, kind: first}]\ncontacts: [{date: 2025-11-20, outcome: reached}]\n";
// The processing case with an unknown key on line 5: a schema error, and
// the missed decision moves to line 6.
const std::string unknown_key =
    "id: s1\nparagraph: \"85\"\ncitizen: {name: Sif Berg}\nlevel: 2\ncolour: blue\napplied: 2025-08-01\n";
// Not YAML: a parse error at line 3, column 1, and no case.
const std::string unreadable = "id: u1\ncitizen: [unclosed\n";
// A §85 case without a level: a schema error with no line.
const std::string no_level = "id: n1\nparagraph: \"85\"\ncitizen: {name: Nis Bak}\n";

// "file:line rule" per finding, one per line.
std::string summary(const CheckResult &r) {
  std::string s;
  for (const auto &f : r.findings)
    s += f.file + ":" + std::to_string(f.line) + " " + f.rule + "\n";
  return s;
}

CheckResult check(const std::vector<std::string> &texts, const CheckOptions &opt = {}) {
  return run_check(assessment_of(texts), defaults(), opt);
}

} // namespace

TEST_SUITE("check") {
  TEST_CASE("findings are sorted by file, then line, data findings among the missed obligations") {
    // Loaded out of order, as threads may finish them.
    const auto r = check({cap_82a, unreadable, unknown_key, processing, health_check}, {Severity::info, {}});
    CHECK(render_check_text(r) ==
          "cases/i1.yaml:5: info[health-check-85]: yearly health check was due 2025-10-01 (start 2024-10-01 + 12 "
          "months)\n"
          "cases/p1.yaml:5: error[processing-85]: decision was due 2025-09-26 (applied 2025-08-01 + 8 weeks)\n"
          "cases/s1.yaml:5: error[schema]: unknown key \"colour\"\n"
          "cases/s1.yaml:6: error[processing-85]: decision was due 2025-09-26 (applied 2025-08-01 + 8 weeks)\n"
          "cases/u1.yaml:3:1: error[parse]: a [ … ] list is not closed: a ] is missing\n"
          "cases/w1.yaml:4: warning[cap-82a]: end of the §82a course was due 2025-09-03 (start 2025-03-03 + 6 "
          "months)\n"
          "cases/w1.yaml:4: warning[monthly-followup-82]: monthly follow-up was due 2025-04-03 (start 2025-03-03 + 1 "
          "month)\n");
    CHECK(r.cases == 5);
    CHECK(r.files == std::vector<std::string>{"cases/i1.yaml", "cases/p1.yaml", "cases/s1.yaml", "cases/u1.yaml",
                                              "cases/w1.yaml"});
  }

  TEST_CASE("the minimum severity keeps what is at or above it: warning by default") {
    const std::vector<std::string> texts{processing, cap_82a, health_check};
    CHECK(summary(check(texts)) ==
          "cases/p1.yaml:5 processing-85\ncases/w1.yaml:4 cap-82a\ncases/w1.yaml:4 monthly-followup-82\n");
    CHECK(summary(check(texts, {Severity::error, {}})) == "cases/p1.yaml:5 processing-85\n");
    CHECK(summary(check(texts, {Severity::info, {}})) == "cases/i1.yaml:5 health-check-85\ncases/p1.yaml:5 "
                                                         "processing-85\ncases/w1.yaml:4 cap-82a\ncases/w1.yaml:4 "
                                                         "monthly-followup-82\n");
  }

  TEST_CASE("the minimum severity applies to data findings too") {
    // The missing level is an error, so nothing is below warning here.
    CHECK(summary(check({no_level}, {Severity::error, {}})) == "cases/n1.yaml:0 schema\n");
  }

  TEST_CASE("only the named rules are kept, and a file that could not be read is reported whatever the rules") {
    const std::vector<std::string> texts{processing, cap_82a, unknown_key, unreadable};
    CHECK(summary(check(texts, {Severity::warning, {"cap-82a"}})) ==
          "cases/u1.yaml:3 parse\ncases/w1.yaml:4 cap-82a\n");
    CHECK(summary(check(texts, {Severity::warning, {"schema", "processing-85"}})) ==
          "cases/p1.yaml:5 processing-85\ncases/s1.yaml:5 schema\ncases/s1.yaml:6 processing-85\ncases/u1.yaml:3 "
          "parse\n");
  }

  TEST_CASE("a clean repository has no findings and no text, and still counts its files") {
    const auto r = check({health_check});
    CHECK(r.findings.empty());
    CHECK(render_check_text(r) == "");
    CHECK(r.cases == 1);
    CHECK(r.files == std::vector<std::string>{"cases/i1.yaml"});
  }

  TEST_CASE("the JSON names every finding with who must act, null where a line, case, due date or person is missing, "
            "and counts them") {
    const auto r = check({processing, unreadable, no_level, health_check}, {Severity::info, {}});
    CHECK(render_check_json(r, today()) ==
          "{\"as_of\": \"2025-11-26\", \"findings\": [{\"case\": \"i1\", \"file\": \"cases/i1.yaml\", \"line\": 5, "
          "\"rule\": \"health-check-85\", \"severity\": \"info\", \"due\": \"2025-10-01\", \"message\": \"yearly "
          "health check was due 2025-10-01 (start 2024-10-01 + 12 months)\", \"role\": \"coach\", \"owner\": null}, "
          "{\"case\": \"n1\", \"file\": \"cases/n1.yaml\", \"line\": null, \"rule\": \"schema\", \"severity\": "
          "\"error\", \"due\": null, \"message\": \"a §85 case needs level: (1 to 5)\", \"role\": null, \"owner\": "
          "null}, {\"case\": \"p1\", \"file\": \"cases/p1.yaml\", \"line\": 5, \"rule\": \"processing-85\", "
          "\"severity\": \"error\", \"due\": \"2025-09-26\", \"message\": \"decision was due 2025-09-26 (applied "
          "2025-08-01 + 8 weeks)\", \"role\": \"authority\", \"owner\": \"Mette Holm\"}, {\"case\": null, \"file\": "
          "\"cases/u1.yaml\", \"line\": 3, \"rule\": \"parse\", \"severity\": \"error\", \"due\": null, \"message\": "
          "\"a [ … ] list is not closed: a ] is missing\", \"role\": null, \"owner\": null}], \"exempted\": [], "
          "\"summary\": {\"cases\": 4, \"error\": 3, \"warning\": 0, \"info\": 1}}\n");
  }

  TEST_CASE("the text names the severity in Danish for a Danish reader, and colours it on request") {
    const auto r = check({cap_82a, processing}, {Severity::warning, {"cap-82a", "processing-85"}});
    CHECK(render_check_text(r, {Lang::da, false}) ==
          "cases/p1.yaml:5: fejl[processing-85]: decision was due 2025-09-26 (applied 2025-08-01 + 8 weeks)\n"
          "cases/w1.yaml:4: advarsel[cap-82a]: end of the §82a course was due 2025-09-03 (start 2025-03-03 + 6 "
          "months)\n");
    CHECK(render_check_text(r, {Lang::en, true}) ==
          "\x1b[1mcases/p1.yaml:5\x1b[0m: \x1b[1;31merror[processing-85]\x1b[0m: decision was due 2025-09-26 (applied "
          "2025-08-01 + 8 weeks)\n"
          "\x1b[1mcases/w1.yaml:4\x1b[0m: \x1b[33mwarning[cap-82a]\x1b[0m: end of the §82a course was due 2025-09-03 "
          "(start 2025-03-03 + 6 months)\n");
  }
}
