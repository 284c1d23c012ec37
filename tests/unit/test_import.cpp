// Spreadsheet import (import.hpp): plan_import on sheets built in memory,
// against a repository of case files in a fresh folder (an update reads the
// file it changes). Nothing here writes a case file: a plan only says what
// would be written.
#include <mestring/import.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

// An existing case, with a comment and a trailing one that must survive.
const std::string k1 = "# Sag oprettet af Mette\n"
                       "id: k1\n"
                       "paragraph: \"85\"\n"
                       "citizen:\n"
                       "  name: Jens Hansen\n"
                       "  cpr: \"010190-1234\"\n"
                       "level: 2\n"
                       "start: 2025-02-17 # iværksat\n"
                       "contacts:\n"
                       "  - {date: 2025-02-20, outcome: reached}\n";

// A sheet as read_csv gives it: the header is row 1, data from row 2.
CsvTable sheet(const std::vector<std::string> &header, const std::vector<std::vector<std::string>> &rows) {
  CsvTable t;
  t.separator = ';';
  t.header = header;
  size_t row = 2;
  for (const auto &cells : rows)
    t.rows.push_back({row++, cells});
  return t;
}

// A repository of case files in a fresh folder, loaded as a command would.
struct Repo {
  TempDir dir;
  Repository loaded;

  explicit Repo(const std::vector<std::string> &texts = {}) {
    for (const auto &text : texts)
      add(text);
  }
  void add(const std::string &text) {
    const auto path = file(file_for(text).substr(6)); // cases/<id>.yaml
    put(path, text);
    auto l = load_text(text, path);
    REQUIRE(l.record);
    loaded.cases.push_back(std::move(*l.record));
    ++loaded.files;
  }
  std::string file(const std::string &name) const { return dir / ("cases/" + name); }
  ImportPlan plan(const CsvTable &table, const ImportOptions &opt = {}) const {
    return plan_import(table, "sheet.csv", loaded, dir / "cases", defaults(), today(), opt);
  }
};

// "path created|replaced" per planned change.
std::string changes(const ImportPlan &p) {
  std::string s;
  for (const auto &c : p.changes)
    s += c.path + (c.created ? " created\n" : " replaced\n");
  return s;
}

std::string lines(const std::vector<std::string> &messages) {
  std::string s;
  for (const auto &m : messages)
    s += m + "\n";
  return s;
}

} // namespace

TEST_SUITE("import") {
  TEST_CASE("a cases sheet makes one new file per new case, in the canonical layout") {
    Repo repo;
    const auto p = repo.plan(sheet({"Sagsnr", "Navn", "CPR", "Paragraf", "Niveau", "Startdato", "Mestringsvejleder"},
                                   {{"2025-0300", "Anna Ærø", "010190-1234", "§85", "2", "01-03-2025", "Lars Berg"}}));
    CHECK(lines(p.errors) == "");
    CHECK(p.kind == SheetKind::cases);
    CHECK(p.rows == 1);
    CHECK(p.unchanged_rows == 0);
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].path == repo.file("2025-0300.yaml"));
    CHECK(p.changes[0].created);
    CHECK(p.changes[0].before == "");
    CHECK(p.changes[0].after == "id: \"2025-0300\"\nparagraph: \"85\"\ncitizen:\n  name: Anna Ærø\n  cpr: "
                                "\"010190-1234\"\ncoach: Lars Berg\nlevel: 2\nstart: 2025-03-01\n");
  }

  TEST_CASE("a row for an existing case fills in what is missing and keeps every other byte of the file") {
    Repo repo({k1});
    const auto p = repo.plan(sheet({"Sagsnr", "Navn", "Niveau", "Mestringsvejleder", "Rådgiver"},
                                   {{"k1", "Jens Hansen", "2", "Lars Berg", "Mette Holm"}}));
    CHECK(lines(p.errors) == "");
    CHECK(changes(p) == repo.file("k1.yaml") + " replaced\n");
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].before == k1);
    CHECK(p.changes[0].after == "# Sag oprettet af Mette\n"
                                "id: k1\n"
                                "paragraph: \"85\"\n"
                                "citizen:\n"
                                "  name: Jens Hansen\n"
                                "  cpr: \"010190-1234\"\n"
                                "advisor: Mette Holm\n"
                                "coach: Lars Berg\n"
                                "level: 2\n"
                                "start: 2025-02-17 # iværksat\n"
                                "contacts:\n"
                                "  - {date: 2025-02-20, outcome: reached}\n");
    CHECK(p.unchanged_rows == 0);
  }

  TEST_CASE("a value that differs from the file is refused, naming sheet, row and column, unless --overwrite") {
    Repo repo({k1});
    const auto table = sheet({"Sagsnr", "Niveau", "Startdato"}, {{"k1", "3", "17-02-2025"}});
    const auto refused = repo.plan(table);
    CHECK(lines(refused.errors) == "sheet.csv:2: column \"Niveau\": \"3\" differs from " + repo.file("k1.yaml") +
                                       " (2); use --overwrite to replace it\n");
    CHECK(refused.changes.empty());

    ImportOptions overwrite;
    overwrite.overwrite = true;
    const auto replaced = repo.plan(table, overwrite);
    CHECK(lines(replaced.errors) == "");
    REQUIRE(replaced.changes.size() == 1);
    CHECK(replaced.changes[0].after == std::string(k1).replace(k1.find("level: 2"), 8, "level: 3"));
  }

  TEST_CASE("a CPR number that differs is refused with both numbers masked; an exported, masked one is no change") {
    Repo repo({k1});
    const auto masked = repo.plan(sheet({"Sagsnr", "CPR"}, {{"k1", "010190-xxxx"}}));
    CHECK(lines(masked.errors) == "");
    CHECK(masked.changes.empty());
    CHECK(masked.unchanged_rows == 1);
    const auto other = repo.plan(sheet({"Sagsnr", "CPR"}, {{"k1", "020290-4321"}}));
    CHECK(lines(other.errors) == "sheet.csv:2: column \"CPR\": \"020290-xxxx\" differs from " + repo.file("k1.yaml") +
                                     " (010190-xxxx); use --overwrite to replace it\n");
  }

  TEST_CASE("an events sheet adds one event per row not yet in the file, and importing it again changes nothing") {
    Repo repo({k1});
    // Two attempts on one day (spelt two ways) are two events; the third
    // row is the contact the file holds already.
    const auto table =
        sheet({"Sagsnr", "Dato", "Type", "Udfald", "Form"}, {{"k1", "03-03-2025", "kontakt", "truffet", "besøg"},
                                                             {"k1", "2025-03-03", "Kontakt", "Truffet", "Besøg"},
                                                             {"k1", "20-02-2025", "kontakt", "truffet", ""}});
    const auto first = repo.plan(table);
    CHECK(lines(first.errors) == "");
    CHECK(first.kind == SheetKind::events);
    CHECK(first.rows == 3);
    CHECK(first.unchanged_rows == 1);
    REQUIRE(first.changes.size() == 1);
    CHECK(first.changes[0].after == k1 + "  - {date: 2025-03-03, outcome: reached, mode: visit}\n"
                                         "  - {date: 2025-03-03, outcome: reached, mode: visit}\n");

    Repo again({first.changes[0].after});
    const auto second = again.plan(table);
    CHECK(lines(second.errors) == "");
    CHECK(second.changes.empty());
    CHECK(second.rows == 3);
    CHECK(second.unchanged_rows == 3);
  }

  TEST_CASE("a cases sheet imported again, over the files it made, changes nothing") {
    Repo repo;
    const auto table = sheet({"Sagsnr", "Navn", "Paragraf", "Niveau", "Startdato"},
                             {{"n1", "Ny Borger", "85", "1", "2025-03-01"}, {"n1", "Ny Borger", "85", "1", ""}});
    const auto first = repo.plan(table);
    CHECK(lines(first.errors) == "");
    REQUIRE(first.changes.size() == 1);

    Repo again({first.changes[0].after});
    const auto second = again.plan(table);
    CHECK(lines(second.errors) == "");
    CHECK(second.changes.empty());
    CHECK(second.unchanged_rows == 1);
  }

  TEST_CASE("one case twice in a cases sheet must say the same thing") {
    Repo repo;
    const auto p = repo.plan(sheet({"Sagsnr", "Navn", "Paragraf", "Niveau"},
                                   {{"n1", "Ny", "85", "1"}, {"n1", "Ny", "85", "1"}, {"n1", "Ny", "85", "2"}}));
    CHECK(lines(p.errors) == "sheet.csv:4: column \"Niveau\": \"2\" differs from row 2 for case n1\n");
    CHECK(p.changes.empty());
  }

  TEST_CASE("bad rows in a cases sheet are each named by sheet, row and column, and nothing is planned") {
    Repo repo;
    const auto p = repo.plan(sheet({"Sagsnr", "Navn", "Paragraf", "Niveau", "Startdato", "Farve"},
                                   {{"", "Ida", "85", "2", "01-03-2025", "blå"},
                                    {"n2", "Ny", "86", "2", "01-03-2025", ""},
                                    {"n3", "Ny", "85", "7", "2025-13-01", ""},
                                    {"../n4", "Ny", "85", "2", "01-03-2025", ""},
                                    {"n5", "Ny", "85", "2", "01-03-2025", ""}}));
    CHECK(lines(p.errors) ==
          "sheet.csv:2: column \"Sagsnr\": \"\" is empty; every row needs a case id\n"
          "sheet.csv:3: column \"Paragraf\": \"86\" is not a programme; use 82a, 82b, 85 or mestringsforloeb\n"
          "sheet.csv:4: column \"Niveau\": \"7\" is not a level; levels are 1 to 5\n"
          "sheet.csv:4: column \"Startdato\": \"2025-13-01\" is not a date; write it as 31-12-2025, 31-12-25 or "
          "2025-12-31\n"
          "sheet.csv:5: column \"Sagsnr\": \"../n4\" cannot be a file name\n");
    CHECK(lines(p.notes) ==
          "sheet.csv: column \"Farve\" is not used; no field has that name (a --map file can name it)\n");
    CHECK(p.changes.empty());
    CHECK(p.rows == 5);
  }

  TEST_CASE("bad rows in an events sheet are each named by sheet, row and column") {
    Repo repo({k1});
    const auto p = repo.plan(sheet({"Sagsnr", "Dato", "Type", "Udfald"}, {{"k1", "03-03-2025", "opkald", "truffet"},
                                                                          {"k1", "", "kontakt", "truffet"},
                                                                          {"k1", "04-03-2025", "kontakt", "måske"},
                                                                          {"zz", "04-03-2025", "kontakt", "truffet"},
                                                                          {"k1", "05-03-2025", "kontakt", "truffet"}}));
    CHECK(lines(p.errors) ==
          "sheet.csv:2: column \"Type\": \"opkald\" is not an event type; use niveauændring, opfølgning, kontakt, "
          "orientering, helbredstjek or møde\n"
          "sheet.csv:3: column \"Dato\": \"\" is empty; every event needs a date\n"
          "sheet.csv:4: column \"Udfald\": \"måske\" is not an outcome; use truffet, ikke truffet or aflyst\n"
          "sheet.csv:5: column \"Sagsnr\": \"zz\" is not a case in " +
              repo.dir / "cases" + "\n");
    CHECK(p.changes.empty());
  }

  TEST_CASE("the header: two columns for one field are refused, and a sheet needs a case id column") {
    Repo repo({k1});
    CHECK(lines(repo.plan(sheet({"Sagsnr", "ID", "Navn"}, {{"k1", "k1", "X"}})).errors) ==
          "sheet.csv:1: columns \"Sagsnr\" and \"ID\" both hold id; keep one\n");
    CHECK(lines(repo.plan(sheet({"Navn"}, {{"X"}})).errors) ==
          "sheet.csv:1: no column holds the case id; name one Sagsnr, Sagsnummer, ID or Case\n");
    ImportOptions events;
    events.kind = SheetKind::events;
    CHECK(lines(repo.plan(sheet({"Sagsnr", "Dato"}, {{"k1", "03-03-2025"}}), events).errors) ==
          "sheet.csv:1: an events sheet needs a Dato and a Type column\n");
  }

  TEST_CASE("a --map file names the columns the built-in headers do not know") {
    Repo repo;
    const auto map = read_column_map("columns: {\"Borgerens navn\": name, \"Sag\": id}\n", "map.yaml");
    REQUIRE(map);
    const auto p = repo.plan(sheet({"Sag", "Borgerens navn", "Paragraf"}, {{"n1", "Ny Borger", "82b"}}),
                             {std::nullopt, *map, false});
    CHECK(lines(p.errors) == "");
    REQUIRE(p.changes.size() == 1);
    CHECK(p.changes[0].after == "id: \"n1\"\nparagraph: \"82b\"\ncitizen:\n  name: Ny Borger\n");
    const auto bad = read_column_map("columns: {\"Sag\": case}\n", "map.yaml");
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == "map.yaml:1: \"case\" is not a field; use one of id, name, cpr, paragraph, level, advisor, "
                         "coach, applied, decided, start, plan, end, end_reason, date, type, outcome, mode, note, "
                         "reason, kind, status");
  }
}
