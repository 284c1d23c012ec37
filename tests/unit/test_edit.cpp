#include <mestring/edit.hpp>
#include <mestring/fileio.hpp>
#include <mestring/load.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <sys/stat.h>

using namespace mestring;
using namespace mestring::test;

namespace {

std::string apply(const std::string &text, Change::Kind kind, const std::string &key, const std::string &value) {
  const auto out = apply_changes(text, {{kind, key, value}});
  INFO((out ? std::string() : out.error()));
  REQUIRE(out.has_value());
  return *out;
}
std::string set(const std::string &text, const std::string &key, const std::string &value) {
  return apply(text, Change::Kind::set, key, value);
}
std::string append(const std::string &text, const std::string &key, const std::string &value) {
  return apply(text, Change::Kind::append, key, value);
}

const std::string sample = "# Sag oprettet af Mette\n"
                           "id: \"2025-0142\"\n"
                           "paragraph: '85'   # mestringsvejledning\n"
                           "citizen:\n"
                           "  name: Jens Hansen\n"
                           "level: 2\n"
                           "start: 2025-02-17 # iværksat\n"
                           "\n"
                           "contacts:\n"
                           "    - {date: 2025-03-03, outcome: reached, mode: visit}\n"
                           "    # ring om formiddagen\n"
                           "    - {date: 2025-03-17, outcome: no-answer}\n"
                           "\n"
                           "# noter fra rådgiver\n"
                           "escalations: []\n"
                           "health_checks: [2025-04-01]\n";

} // namespace

TEST_SUITE("edit") {
  TEST_CASE("setting an existing field changes only its value and keeps the comment") {
    CHECK(set(sample, "start", "2025-02-18") ==
          std::string(sample).replace(sample.find("2025-02-17"), 10, "2025-02-18"));
  }

  TEST_CASE("setting a missing field adds one line in the canonical place") {
    const auto out = set(sample, "end", "2025-11-01");
    CHECK(out == std::string(sample).insert(sample.find("# iværksat\n") + std::string("# iværksat\n").size(),
                                            "end: 2025-11-01\n"));
  }

  TEST_CASE("a field is inserted after its predecessor's block, before the next key's comments") {
    const auto out =
        set("id: a\nparagraph: 82b\n# om borgeren\ncitizen: {name: A}\nstart: 2025-01-01\n", "plan", "2025-01-05");
    CHECK(out == "id: a\nparagraph: 82b\n# om borgeren\ncitizen: {name: A}\nstart: 2025-01-01\nplan: 2025-01-05\n");
    CHECK(set("id: a\n# om borgeren\ncitizen: {name: A}\n", "paragraph", "82b") ==
          "id: a\nparagraph: 82b\n# om borgeren\ncitizen: {name: A}\n");
  }

  TEST_CASE("a citizen's name and CPR are set inside a block or a flow mapping") {
    CHECK(set(sample, "citizen.cpr", "\"010190-1234\"").find("  name: Jens Hansen\n  cpr: \"010190-1234\"\nlevel: 2") !=
          std::string::npos);
    CHECK(set(sample, "citizen.name", "Jens Hansén").find("  name: Jens Hansén\n") != std::string::npos);
    CHECK(set("id: a\ncitizen: {name: A}\n", "citizen.cpr", "\"010190-1234\"") ==
          "id: a\ncitizen: {name: A, cpr: \"010190-1234\"}\n");
    CHECK(set("id: a\ncitizen: {name: A, cpr: \"x\"}\n", "citizen.name", "B") ==
          "id: a\ncitizen: {name: B, cpr: \"x\"}\n");
  }

  TEST_CASE("a quoted value is replaced whole") {
    CHECK(set("id: a\nend_reason: \"other\" # x\n", "end_reason", "moved") == "id: a\nend_reason: moved # x\n");
  }

  TEST_CASE("an empty value gets the new value after its colon") {
    CHECK(set("id: a\nend:\nstart: 2025-01-01\n", "end", "2025-06-01") ==
          "id: a\nend: 2025-06-01\nstart: 2025-01-01\n");
  }

  TEST_CASE("appending to a block list adds one line after the last item, with its indentation") {
    const auto out = append(sample, "contacts", "{date: 2025-04-01, outcome: reached}");
    CHECK(out ==
          std::string(sample).insert(sample.find("\n\n# noter"), "\n    - {date: 2025-04-01, outcome: reached}"));
  }

  TEST_CASE("appending to an empty flow list turns it into a block list") {
    const auto out = append(sample, "escalations", "{date: 2025-04-01, reason: non-response}");
    CHECK(out.find("escalations:\n  - {date: 2025-04-01, reason: non-response}\nhealth_checks:") != std::string::npos);
  }

  TEST_CASE("appending a date to an inline list keeps it on its line") {
    CHECK(append(sample, "health_checks", "2026-04-01").ends_with("health_checks: [2025-04-01, 2026-04-01]\n"));
  }

  TEST_CASE("a missing list is created in the canonical place") {
    const auto out = append("id: a\nparagraph: 82b\ncitizen: {name: A}\nstart: 2025-01-01\nnotes: hej\n", "followups",
                            "{date: 2025-02-01}");
    CHECK(out == "id: a\nparagraph: 82b\ncitizen: {name: A}\nstart: 2025-01-01\nfollowups:\n  - {date: 2025-02-01}\n"
                 "notes: hej\n");
  }

  TEST_CASE("CRLF files stay CRLF") {
    const auto out = append("id: a\r\ncontacts:\r\n  - {date: 2025-01-01, outcome: reached}\r\n", "contacts",
                            "{date: 2025-01-02, outcome: reached}");
    CHECK(out == "id: a\r\ncontacts:\r\n  - {date: 2025-01-01, outcome: reached}\r\n"
                 "  - {date: 2025-01-02, outcome: reached}\r\n");
  }

  TEST_CASE("a file without a final newline gets one before an appended line") {
    CHECK(set("id: a\nparagraph: 82b", "end", "2025-01-01") == "id: a\nparagraph: 82b\nend: 2025-01-01\n");
  }

  TEST_CASE("Danish letters before the edited value do not shift it") {
    CHECK(set("id: a\nnotes: ærø\nend: 2025-01-01 # slut på forløbet æøå\n", "end", "2025-02-02") ==
          "id: a\nnotes: ærø\nend: 2025-02-02 # slut på forløbet æøå\n");
    CHECK(set("citizen: {name: Søren Ærø}\nend: 2025-01-01\n", "end", "2025-02-02") ==
          "citizen: {name: Søren Ærø}\nend: 2025-02-02\n");
  }

  TEST_CASE("a BOM is kept") {
    CHECK(set("\xEF\xBB\xBFid: a\nend: 2025-01-01\n", "end", "2025-02-02") == "\xEF\xBB\xBFid: a\nend: 2025-02-02\n");
  }

  TEST_CASE("a list written over several lines in flow style gets the item on a line of its own") {
    CHECK(append("id: a\ncontacts: [\n  {date: 2025-01-01, outcome: reached}\n]\n", "contacts",
                 "{date: 2025-01-02, outcome: reached}") ==
          "id: a\ncontacts: [\n  {date: 2025-01-01, outcome: reached},\n  {date: 2025-01-02, outcome: reached}\n]\n");
    // A trailing comma and a comment stay where they are.
    CHECK(append("id: a\ncontacts: [\n  {date: 2025-01-01, outcome: reached}, # first\n  {date: 2025-01-02, "
                 "outcome: reached},\n]\n",
                 "contacts", "{date: 2025-01-03, outcome: reached}") ==
          "id: a\ncontacts: [\n  {date: 2025-01-01, outcome: reached}, # first\n  {date: 2025-01-02, "
          "outcome: reached},\n  {date: 2025-01-03, outcome: reached},\n]\n");
    // Items side by side get the new one beside them.
    CHECK(append("id: a\nhealth_checks: [2025-01-01,\n  2025-02-01, 2025-03-01]\n", "health_checks", "2025-04-01") ==
          "id: a\nhealth_checks: [2025-01-01,\n  2025-02-01, 2025-03-01, 2025-04-01]\n");
  }

  TEST_CASE("an empty flow list with a comment after it becomes a block list and keeps the comment") {
    CHECK(append("id: a\ncontacts: [] # ingen endnu\nend: 2025-01-01\n", "contacts",
                 "{date: 2025-01-02, outcome: reached}") ==
          "id: a\ncontacts: # ingen endnu\n  - {date: 2025-01-02, outcome: reached}\nend: 2025-01-01\n");
  }

  TEST_CASE("a list written as ~, null or nothing gets its first item on the next line") {
    for (const std::string value : {"~", "null", "Null", "NULL", ""}) {
      CAPTURE(value);
      const std::string line = value.empty() ? "contacts:" : "contacts: " + value;
      CHECK(append("id: a\n" + line + "\nend: 2025-01-01\n", "contacts", "{date: 2025-01-02, outcome: reached}") ==
            "id: a\ncontacts:\n  - {date: 2025-01-02, outcome: reached}\nend: 2025-01-01\n");
      CHECK(append("id: a\n" + line + " # senere\n", "contacts", "{date: 2025-01-02, outcome: reached}") ==
            "id: a\ncontacts: # senere\n  - {date: 2025-01-02, outcome: reached}\n");
    }
  }

  TEST_CASE("a field written as ~ or null gets its value in place of the null") {
    CHECK(set("id: a\nend: ~\nend_reason: null # senere\n", "end", "2025-06-01") ==
          "id: a\nend: 2025-06-01\nend_reason: null # senere\n");
    CHECK(set("id: a\nend_reason: null # senere\n", "end_reason", "moved") == "id: a\nend_reason: moved # senere\n");
  }

  TEST_CASE("a citizen written as nothing gets a block mapping") {
    CHECK(set("id: a\ncitizen:\nlevel: 2\n", "citizen.name", "Jens") == "id: a\ncitizen:\n  name: Jens\nlevel: 2\n");
    CHECK(set("id: a\ncitizen: ~\n", "citizen.name", "Jens") == "id: a\ncitizen:\n  name: Jens\n");
  }

  TEST_CASE("document markers stay: nothing is written after the document's end") {
    CHECK(append("---\nid: a\nlevel: 2\n...\n", "contacts", "{date: 2025-01-02, outcome: reached}") ==
          "---\nid: a\nlevel: 2\ncontacts:\n  - {date: 2025-01-02, outcome: reached}\n...\n");
    CHECK(set("--- # sag\nid: a\nlevel: 2\n\n# slut\n...\n# efter\n", "end", "2025-06-01") ==
          "--- # sag\nid: a\nlevel: 2\nend: 2025-06-01\n\n# slut\n...\n# efter\n");
    CHECK(
        append("id: a\ncontacts:\n  - {date: 2025-01-01, outcome: reached}\n---\n", "contacts",
               "{date: 2025-01-02, outcome: reached}") ==
        "id: a\ncontacts:\n  - {date: 2025-01-01, outcome: reached}\n  - {date: 2025-01-02, outcome: reached}\n---\n");
  }

  TEST_CASE("an indented mapping gets new keys at its indentation") {
    CHECK(set("  id: a\n  level: 2\n", "end", "2025-06-01") == "  id: a\n  level: 2\n  end: 2025-06-01\n");
    CHECK(append("  id: a\n", "contacts", "{date: 2025-01-02, outcome: reached}") ==
          "  id: a\n  contacts:\n    - {date: 2025-01-02, outcome: reached}\n");
  }

  TEST_CASE("a file written wholly in flow style gets new keys and items at the end of their mapping or list") {
    const std::string one_line = "{id: a, paragraph: \"85\", citizen: {name: Jens}, level: 2}\n";
    CHECK(set(one_line, "end", "2025-06-01") ==
          "{id: a, paragraph: \"85\", citizen: {name: Jens}, level: 2, end: 2025-06-01}\n");
    CHECK(append(one_line, "contacts", "{date: 2025-01-02, outcome: reached}") ==
          "{id: a, paragraph: \"85\", citizen: {name: Jens}, level: 2, contacts: [{date: 2025-01-02, outcome: "
          "reached}]}\n");
    CHECK(set(one_line, "citizen.cpr", "\"010190-1234\"") ==
          "{id: a, paragraph: \"85\", citizen: {name: Jens, cpr: \"010190-1234\"}, level: 2}\n");
    CHECK(set(one_line, "level", "3") == "{id: a, paragraph: \"85\", citizen: {name: Jens}, level: 3}\n");
    CHECK(append("{id: a, contacts: []}\n", "contacts", "{date: 2025-01-02, outcome: reached}") ==
          "{id: a, contacts: [{date: 2025-01-02, outcome: reached}]}\n");
  }

  TEST_CASE("a JSON file stays JSON: keys and values quoted, one entry per line as written") {
    const std::string json = "{\n  \"id\": \"a\",\n  \"level\": 2,\n  \"contacts\": [\n    {\"date\": \"2025-03-01\", "
                             "\"outcome\": \"reached\"}\n  ]\n}\n";
    CHECK(append(json, "contacts", "{date: 2025-11-26, outcome: no-answer, note: \"123\"}") ==
          "{\n  \"id\": \"a\",\n  \"level\": 2,\n  \"contacts\": [\n    {\"date\": \"2025-03-01\", "
          "\"outcome\": \"reached\"},\n    {\"date\": \"2025-11-26\", \"outcome\": \"no-answer\", \"note\": "
          "\"123\"}\n  ]\n}\n");
    CHECK(set(json, "end", "2025-06-01") == "{\n  \"id\": \"a\",\n  \"level\": 2,\n  \"contacts\": [\n    "
                                            "{\"date\": \"2025-03-01\", \"outcome\": \"reached\"}\n  ],\n  "
                                            "\"end\": \"2025-06-01\"\n}\n");
    CHECK(set(json, "level", "3") == "{\n  \"id\": \"a\",\n  \"level\": 3,\n  \"contacts\": [\n    "
                                     "{\"date\": \"2025-03-01\", \"outcome\": \"reached\"}\n  ]\n}\n");
    CHECK(append(json, "followups", "{date: 2025-11-26}") ==
          "{\n  \"id\": \"a\",\n  \"level\": 2,\n  \"contacts\": [\n    {\"date\": \"2025-03-01\", "
          "\"outcome\": \"reached\"}\n  ],\n  \"followups\": [{\"date\": \"2025-11-26\"}]\n}\n");
    CHECK(set("{\"id\": \"a\", \"end\": null}", "end", "2025-06-01") == "{\"id\": \"a\", \"end\": \"2025-06-01\"}");
  }

  TEST_CASE("a value written over several lines is refused, saying why and what to do") {
    const auto folded = apply_changes("id: a\nend_reason: >\n  moved\n", {{Change::Kind::set, "end_reason", "other"}});
    REQUIRE_FALSE(folded);
    CHECK(folded.error() == "cannot set end_reason: its value is a block (| or >) over several lines; write it on one "
                            "line and run the command again");
    const auto quoted =
        apply_changes("id: a\nend_reason: \"moved\n  away\"\n", {{Change::Kind::set, "end_reason", "other"}});
    REQUIRE_FALSE(quoted);
    CHECK(quoted.error() ==
          "cannot set end_reason: its value runs over several lines; write it on one line and run the command again");
  }

  TEST_CASE("a file that does not parse is refused") {
    const auto out = apply_changes("id: [a\n", {{Change::Kind::set, "end", "2025-01-01"}});
    REQUIRE_FALSE(out);
    CHECK(out.error().ends_with("fix the file before changing it"));
  }

  TEST_CASE("scalars are quoted only where YAML would misread them") {
    CHECK(yaml_scalar("Jens Hansen") == "Jens Hansen");
    CHECK(yaml_scalar("Søren Ærø") == "Søren Ærø");
    CHECK(yaml_scalar("2025-0142") == "\"2025-0142\"");
    CHECK(yaml_scalar("yes") == "\"yes\"");
    CHECK(yaml_scalar("Ringede: ingen svar") == "\"Ringede: ingen svar\"");
    // A control character pasted into a note is escaped, so the file stays readable.
    CHECK(yaml_scalar("a\x01"
                      "b") == "\"a\\u0001b\"");
    CHECK(yaml_scalar("sagde \"nej\"") == "\"sagde \\\"nej\\\"\"");
    CHECK(yaml_scalar("- punkt") == "\"- punkt\"");
    CHECK(yaml_scalar("") == "\"\"");
  }

  TEST_CASE("a new case file is written in the canonical layout and loads back unchanged") {
    Case c;
    c.id = "2025-0200";
    c.paragraph = "85";
    c.name = "Anna Ærø";
    c.cpr = "010190-1234";
    c.coach = "Lars Berg";
    c.level = 2;
    c.start.value = day("2025-02-17");
    const auto text = new_case_text(c);
    CHECK(text == "id: \"2025-0200\"\nparagraph: \"85\"\ncitizen:\n  name: Anna Ærø\n  cpr: \"010190-1234\"\n"
                  "coach: Lars Berg\nlevel: 2\nstart: 2025-02-17\n");
    const auto loaded = load_text(text, "2025-0200.yaml");
    REQUIRE(loaded.record);
    CHECK(loaded.findings.empty());
    c.file = "2025-0200.yaml";
    CHECK(same_record(*loaded.record, c));
  }
}

TEST_SUITE("fileio") {
  TEST_CASE("an atomic write replaces the file, keeps its permissions and leaves no temporary file") {
    TempDir dir;
    const auto path = (dir.path / "k.yaml").string();
    REQUIRE(write_file_atomic(path, "old\n", WriteMode::create_new));
    ::chmod(path.c_str(), 0600);
    REQUIRE(write_file_atomic(path, "new\n", WriteMode::replace));
    CHECK(*read_file(path) == "new\n");
    struct stat st {};
    ::stat(path.c_str(), &st);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
  }

  TEST_CASE("a failure at any step leaves the original intact and no temporary file") {
    for (const char *step : {"open", "write", "sync", "rename"}) {
      CAPTURE(step);
      TempDir dir;
      const auto path = (dir.path / "k.yaml").string();
      REQUIRE(write_file_atomic(path, "original\n", WriteMode::create_new));
      ::setenv("MESTRING_FAIL_AT", step, 1);
      const auto r = write_file_atomic(path, "changed\n", WriteMode::replace);
      ::unsetenv("MESTRING_FAIL_AT");
      CHECK_FALSE(r);
      CHECK(*read_file(path) == "original\n");
      CHECK(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);
    }
  }

  TEST_CASE("creating a file refuses to overwrite one that exists") {
    TempDir dir;
    const auto path = (dir.path / "k.yaml").string();
    REQUIRE(write_file_atomic(path, "first\n", WriteMode::create_new));
    const auto r = write_file_atomic(path, "second\n", WriteMode::create_new);
    REQUIRE_FALSE(r);
    CHECK(r.error() == path + ": the file exists already; mestring does not overwrite it");
    CHECK(*read_file(path) == "first\n");
  }

  TEST_CASE("a second lock on the repository is refused, naming the holder, until the first is released") {
    TempDir dir;
    const auto path = (dir.path / ".mestring.lock").string();
    {
      auto first = RepositoryLock::take(path, "add contact");
      REQUIRE(first);
      const auto second = RepositoryLock::take(path, "import");
      REQUIRE_FALSE(second);
      CHECK(second.error().starts_with("the case repository is being changed by `mestring add contact` (process "));
    }
    CHECK(RepositoryLock::take(path, "import"));
  }
}
