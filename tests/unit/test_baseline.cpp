// check --baseline: reading an earlier check --format json back, and which
// findings it already held (baseline.hpp).
#include <mestring/baseline.hpp>
#include <mestring/json_value.hpp>

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace mestring;

namespace {

Finding finding(std::optional<std::string> case_id, std::string rule, std::optional<std::string> due,
                std::string file = "cases/x.yaml") {
  Finding f;
  f.case_id = std::move(case_id);
  f.rule = std::move(rule);
  f.file = std::move(file);
  if (due)
    f.due = parse_iso_date(*due);
  return f;
}

} // namespace

TEST_SUITE("json_value") {
  TEST_CASE("a document of every kind of value reads back, escapes and surrogate pairs included") {
    const auto doc =
        parse_json(R"( {"a": [1, -2.5e3, true, false, null], "s": "S\u00f8ren \"\u00c6r\u00f8\"\n\ud834\udd1e",
                                   "o": {}} )");
    REQUIRE(doc);
    REQUIRE(doc->get("a"));
    CHECK(doc->get("a")->items.size() == 5);
    CHECK(doc->get("a")->items[1].text == "-2.5e3");
    CHECK(doc->get("a")->items[2].boolean);
    CHECK(doc->get("a")->items[4].is_null());
    CHECK(doc->get("s")->text == "Søren \"Ærø\"\n\xF0\x9D\x84\x9E");
    CHECK(doc->get("o")->type == JsonValue::Type::object);
    CHECK(doc->get("missing") == nullptr);
  }

  TEST_CASE("anything else is refused with the byte where it goes wrong") {
    for (const auto *bad : {"", "{", "[1,]", "{\"a\" 1}", "tru", "\"a\nb\"", "01x", "{} {}", "\"\\x\""})
      CHECK_MESSAGE(!parse_json(bad), bad);
    const auto e = parse_json("{\"a\": [1, 2,, 3]}");
    REQUIRE(!e);
    CHECK(e.error() == "it is not JSON (the first fault is at byte 12)");
    std::string deep(100, '[');
    CHECK(!parse_json(deep + std::string(100, ']')));
  }
}

TEST_SUITE("baseline") {
  TEST_CASE("the findings of check --format json are read, not the exempted ones") {
    const auto b = parse_baseline(R"({"as_of": "2025-11-26", "findings": [
        {"case": "2025-0142", "file": "cases/2025-0142.yaml", "line": 12, "rule": "first-followup-85",
         "severity": "error", "due": "2025-05-17", "message": "…", "role": "coach", "owner": "Lars Berg"},
        {"case": null, "file": "cases/bad.yaml", "line": 3, "rule": "parse", "severity": "error", "due": null,
         "message": "…", "role": null, "owner": null}],
      "exempted": [{"case": "2025-0200", "file": "cases/2025-0200.yaml", "rule": "cap-82b", "due": "2025-11-01"}],
      "summary": {"cases": 2, "error": 2, "warning": 0, "info": 0}})");
    REQUIRE(b);
    REQUIRE(b->size() == 2);
    CHECK((*b)[0] == BaselineFinding{"2025-0142", "first-followup-85", parse_iso_date("2025-05-17")});
    CHECK((*b)[1] == BaselineFinding{"cases/bad.yaml", "parse", std::nullopt});
  }

  TEST_CASE("a document that is not check's JSON is refused, saying why") {
    CHECK(parse_baseline("{\"items\": []}").error() ==
          "it has no \"findings\" list; write it with mestring check --format json");
    CHECK(parse_baseline(R"({"findings": [{"case": "a", "rule": "x", "due": "26-11-2025"}]})").error() ==
          "finding 1 of its \"findings\" lacks the case, the rule or a due date of the form YYYY-MM-DD");
    CHECK(!parse_baseline(R"({"findings": [{"case": "a", "due": null}]})"));
    CHECK(!parse_baseline("not json"));
  }

  TEST_CASE("a finding is unchanged when case, rule and due date are") {
    const std::vector<BaselineFinding> yesterday{{"2025-0142", "first-followup-85", parse_iso_date("2025-05-17")},
                                                 {"2025-0101", "monthly-followup-82", parse_iso_date("2025-11-03")}};
    const std::vector<Finding> today{
        finding("2025-0142", "first-followup-85", "2025-05-17", "cases/renamed.yaml"), // same case, moved file
        finding("2025-0101", "monthly-followup-82", "2025-12-03"), // the next month's: another due date
        finding("2025-0101", "cap-82b", "2025-11-03"),             // another rule
        finding("2025-0102", "first-followup-85", "2025-05-17")};  // another case
    CHECK(match_baseline(today, yesterday) == std::vector<bool>{true, false, false, false});
  }

  TEST_CASE("without a due date, case and rule decide; a finding of no case is known by its file") {
    const std::vector<BaselineFinding> yesterday{{"2025-0142", "level-frequency-85", std::nullopt},
                                                 {"cases/bad.yaml", "parse", std::nullopt}};
    const std::vector<Finding> today{finding("2025-0142", "level-frequency-85", std::nullopt),
                                     finding(std::nullopt, "parse", std::nullopt, "cases/bad.yaml"),
                                     finding(std::nullopt, "parse", std::nullopt, "cases/worse.yaml"),
                                     finding("2025-0142", "level-above-85", std::nullopt)};
    CHECK(match_baseline(today, yesterday) == std::vector<bool>{true, true, false, false});
  }

  TEST_CASE("each finding of the baseline answers for one: a second of the same kind is new") {
    const std::vector<BaselineFinding> yesterday{{"2025-0142", "schema", std::nullopt}};
    const std::vector<Finding> today{finding("2025-0142", "schema", std::nullopt),
                                     finding("2025-0142", "schema", std::nullopt)};
    CHECK(match_baseline(today, yesterday) == std::vector<bool>{true, false});
    CHECK(match_baseline(today, {}) == std::vector<bool>{false, false});
  }
}
