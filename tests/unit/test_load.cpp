#include <mestring/load.hpp>

#include "testutil.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>

using namespace mestring;
using namespace mestring::test;

namespace {

LoadedCase load(const std::string &text, const std::string &file = "cases/k1.yaml") { return load_text(text, file); }

// Returns "line: rule: message" for each finding, one per line.
std::string findings(const LoadedCase &l) {
  std::string s;
  for (const auto &f : l.findings)
    s += std::to_string(f.line) + ": " + f.rule + ": " + f.message + "\n";
  return s;
}

const std::string good = "id: k1\nparagraph: \"85\"\ncitizen:\n  name: Jens Hansen\n  cpr: \"010190-1234\"\n"
                         "level: 2\nstart: 2025-02-17\n";

} // namespace

TEST_SUITE("load") {
  TEST_CASE("a valid case loads with its fields and their lines and no findings") {
    const auto l = load(good + "contacts:\n  - {date: 2025-03-03, outcome: reached, mode: visit}\n");
    REQUIRE(l.record);
    CHECK(findings(l) == "");
    CHECK(l.record->id == "k1");
    CHECK(l.record->paragraph == "85");
    CHECK(l.record->name == "Jens Hansen");
    CHECK(*l.record->level == 2);
    CHECK(l.record->start->iso() == "2025-02-17");
    CHECK(l.record->start.line == 7);
    REQUIRE(l.record->contacts.size() == 1);
    CHECK(l.record->contacts[0].line == 9);
    CHECK(l.record->contacts[0].mode == Mode::visit);
  }

  TEST_CASE("block-style events are read as well as flow style") {
    const auto l = load(good + "followups:\n  - date: 2025-04-01\n    kind: first\n");
    REQUIRE(l.record);
    CHECK(findings(l) == "");
    REQUIRE(l.record->followups.size() == 1);
    CHECK(l.record->followups[0].kind == FollowupKind::first);
  }

  TEST_CASE("an unknown key suggests the nearest known key") {
    const auto l = load(good + "folowups: []\n");
    CHECK(findings(l) == "8: schema: unknown key \"folowups\"; did you mean \"followups\"?\n");
  }

  TEST_CASE("a duplicate key is an error, because yaml-cpp would silently drop one") {
    const auto l = load(good + "start: 2025-03-01\n");
    CHECK(findings(l) == "8: schema: key \"start\" appears twice; only one can hold, so remove one\n");
  }

  TEST_CASE("a file that does not parse is one parse finding with line and column") {
    const auto l = load("id: k1\ncitizen: {name: Anna\nstart: 2025-01-01\n");
    CHECK_FALSE(l.record);
    REQUIRE(l.findings.size() == 1);
    CHECK(l.findings[0].rule == "parse");
    CHECK(l.findings[0].line == 3);
    CHECK(l.findings[0].column > 0);
  }

  TEST_CASE("an impossible date and an unparseable date are told apart") {
    const auto l = load(good + "plan: 2025-02-30\ndecided: 17-02-2025\n");
    CHECK(findings(l) == "8: date: plan: 2025-02-30 is not a real date\n"
                         "9: date: decided: \"17-02-2025\" is not a date; write it as YYYY-MM-DD\n");
  }

  TEST_CASE("missing required keys are named") {
    const auto l = load("id: k1\ncitizen: {cpr: \"010190-1234\"}\n");
    CHECK(findings(l) == "0: schema: the required key paragraph is missing\n"
                         "0: schema: the required key citizen.name is missing\n");
  }

  TEST_CASE("a §85 case needs a level from 1 to 5") {
    CHECK(findings(load("id: k1\nparagraph: \"85\"\ncitizen: {name: A}\n")) ==
          "0: schema: a §85 case needs level: (1 to 5)\n");
    CHECK(findings(load("id: k1\nparagraph: \"85\"\ncitizen: {name: A}\nlevel: 6\n")) ==
          "4: schema: level: \"6\" is not a level; levels are 1 to 5\n");
  }

  TEST_CASE("a bad enum value is named with the allowed values, and the event is left out") {
    const auto l = load(good + "contacts:\n  - {date: 2025-03-03, outcome: maybe}\n");
    CHECK(findings(l) == "9: schema: contacts outcome: \"maybe\" is not one of reached, no-answer, cancelled\n");
    CHECK(l.record->contacts.empty());
  }

  TEST_CASE("an event without its required keys is reported and left out") {
    const auto l = load(good + "escalations:\n  - {date: 2025-03-03}\ncontacts:\n  - {outcome: reached}\n");
    CHECK(findings(l) == "9: schema: escalations item has no reason\n11: schema: contacts item has no date\n");
    CHECK(l.record->escalations.empty());
    CHECK(l.record->contacts.empty());
  }

  TEST_CASE("the id must equal the file name") {
    const auto l = load(good, "cases/other.yaml");
    CHECK(findings(l) == "1: id-filename: id \"k1\" differs from the file name \"other.yaml\"; rename the file or "
                         "fix the id\n");
  }

  TEST_CASE("dates out of order are reported, start before decided only as a warning") {
    const auto l = load(good + "applied: 2025-03-01\ndecided: 2025-02-20\nend: 2025-01-01\n");
    CHECK(findings(l) == "10: date-order: end 2025-01-01 is before start 2025-02-17\n"
                         "9: date-order: decided 2025-02-20 is before applied 2025-03-01\n"
                         "7: date-order: start 2025-02-17 is before decided 2025-02-20; support usually starts after "
                         "the decision\n");
    CHECK(l.findings[2].severity == Severity::warning);
  }

  TEST_CASE("a CPR number whose date part is not a real date is an error that does not print the number") {
    const auto l = load("id: k1\nparagraph: 82b\ncitizen: {name: A, cpr: \"300290-1234\"}\n");
    CHECK(findings(l) == "3: cpr: citizen.cpr 300290-xxxx does not begin with a real birth date\n");
    CHECK(findings(load("id: k1\nparagraph: 82b\ncitizen: {name: A, cpr: \"0101901234\"}\n")) ==
          "3: cpr: citizen.cpr is not in the form DDMMYY-SSSS\n");
  }

  TEST_CASE("the CPR century is read from the 7th digit") {
    // 290200-4xxx: 29 February 2000 (digit 4, year 00 → 2000), a real date.
    CHECK(findings(load("id: k1\nparagraph: 82b\ncitizen: {name: A, cpr: \"290200-4123\"}\n")) == "");
    // 290200-0xxx: 29 February 1900, which did not exist.
    CHECK(findings(load("id: k1\nparagraph: 82b\ncitizen: {name: A, cpr: \"290200-0123\"}\n")) ==
          "3: cpr: citizen.cpr 290200-xxxx does not begin with a real birth date\n");
  }

  TEST_CASE("a citizen under 18 at start is a warning") {
    const auto l = load("id: k1\nparagraph: 82b\ncitizen: {name: A, cpr: \"010110-4123\"}\nstart: 2025-01-15\n");
    CHECK(findings(l) == "3: age: the citizen is under 18 at start 2025-01-15; Serviceloven's adult rules do not "
                         "apply\n");
    CHECK(l.findings[0].severity == Severity::warning);
  }

  TEST_CASE("an event more than a year after the as-of date is an error") {
    const auto l = load(good + "health_checks: [2026-11-27, 2026-11-26]\n");
    CHECK(findings(l) == "8: date: health_checks: 2026-11-27 is more than a year after the as-of date 2025-11-26; "
                         "is the year right?\n");
  }

  TEST_CASE("a file that is not a mapping is a schema finding") {
    CHECK(findings(load("- just\n- a list\n")) ==
          "1: schema: a case file must be a mapping of keys such as id:, paragraph: and citizen:\n");
    CHECK(findings(load("")) ==
          "0: schema: a case file must be a mapping of keys such as id:, paragraph: and citizen:\n");
  }

  TEST_CASE("an unknown programme lists the known ones") {
    CHECK(findings(load("id: k1\nparagraph: \"83\"\ncitizen: {name: A}\n")) ==
          "2: schema: paragraph: \"83\" is not a programme; use one of 82a, 82b, 85, mestringsforloeb\n");
  }

  TEST_CASE("the CPR number is masked as DDMMYY-xxxx") { CHECK(mask_cpr("010190-1234") == "010190-xxxx"); }

  TEST_CASE("an alias is refused with its line, not resolved") {
    // The guard before the parser (prescan.cpp) refuses anchor and alias alike.
    const auto l = load(good + "coach: &c Lars Berg\nadvisor: *c\n");
    CHECK(!l.record);
    CHECK(findings(l) == "8: yaml-subset: an anchor (&name) is not allowed in mestring's files; write each value "
                         "out in full where it is used\n"
                         "9: yaml-subset: an alias (*name) is not allowed in mestring's files; write each value "
                         "out in full where it is used\n");
  }

  TEST_CASE("a file with no document at all is not a mapping, without a line") {
    const auto l = load("# only a comment\n");
    CHECK(!l.record);
    CHECK(findings(l) == "0: schema: a case file must be a mapping of keys such as id:, paragraph: and citizen:\n");
  }

  TEST_CASE("a syntax error gives yaml-cpp's message and mark") {
    const auto l = load(good + "contacts: [{date: 2025-03-03\n");
    CHECK(!l.record);
    REQUIRE(l.findings.size() == 1);
    CHECK(l.findings[0].rule == "parse");
    CHECK(l.findings[0].line > 0);
  }

  TEST_CASE("keys that are lists or empty are reported where they stand") {
    const auto l = load(good + "? [a, b]\n: x\n~: y\n");
    CHECK(findings(l) == "8: schema: a key must be a plain name\n10: schema: a key must be a plain name\n");
  }

  TEST_CASE("case files are listed in byte order, whatever their names share or how long they are") {
    TempDir dir;
    std::vector<std::string> names = {
        "B000001.yaml",     "B000010.yaml", "B00001.yaml", "B0000011.yaml",        "B000001.yml",
        "Å1.yaml",          "Z9.yaml",      "b1.yaml",     "B00000100000009.yaml", "B00000100000008.yaml",
        "sub/B000001.yaml", "sub/A.yaml",   "sub/Ø.yaml"};
    std::filesystem::create_directories(dir.path / "cases" / "sub");
    std::vector<std::string> want;
    for (const auto &n : names) {
      std::ofstream(dir.path / "cases" / n) << "id: x\n";
      want.push_back(dir / ("cases/" + n));
    }
    std::sort(want.begin(), want.end());
    std::vector<std::string> errors;
    CHECK(find_case_files({dir / "cases"}, errors) == want);
    CHECK(errors.empty());
    // The same with no shared prefix at all, and with one file.
    CHECK(find_case_files({dir / "cases/Z9.yaml", dir / "cases/B00001.yaml"}, errors) ==
          std::vector<std::string>{dir / "cases/B00001.yaml", dir / "cases/Z9.yaml"});
    CHECK(find_case_files({dir / "cases/Z9.yaml"}, errors) == std::vector<std::string>{dir / "cases/Z9.yaml"});
  }

  TEST_CASE("each file that reuses an id is named with the first file that used it") {
    TempDir dir;
    std::vector<std::string> files;
    for (int i = 0; i < 300; ++i) {
      const std::string id = i % 50 == 0 ? "k0" : i % 70 == 1 ? "k1" : "k" + std::to_string(i);
      files.push_back(dir / ("f" + std::to_string(1000 + i) + ".yaml"));
      std::ofstream(files.back()) << "id: " << id << "\nparagraph: \"85\"\ncitizen: {name: A B}\nlevel: 1\n";
    }
    const auto repo = load_repository(files, defaults(), today(), LoadOptions{2, "", "", true});
    std::vector<std::string> seen;
    for (const auto &f : repo.findings)
      if (f.rule == "duplicate-id")
        seen.push_back(f.file.substr(dir.path.string().size() + 1) + " " + f.message.substr(f.message.find("used by")));
    const auto first = [&](int i) { return "used by " + files[size_t(i)] + "; each case needs its own id"; };
    CHECK(seen == std::vector<std::string>{"f1050.yaml " + first(0), "f1100.yaml " + first(0), "f1150.yaml " + first(0),
                                           "f1200.yaml " + first(0), "f1250.yaml " + first(0), "f1071.yaml " + first(1),
                                           "f1141.yaml " + first(1), "f1211.yaml " + first(1),
                                           "f1281.yaml " + first(1)});
  }
}
