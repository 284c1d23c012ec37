#include <mestring/csv.hpp>
#include <mestring/import.hpp>

#include <doctest/doctest.h>
#include <string>

using namespace mestring;

TEST_SUITE("csv") {
  TEST_CASE("a Danish Excel sheet: semicolons, Windows-1252, CRLF, quoted cells with separators and newlines") {
    const std::string bytes = "Sagsnr;Navn;Bem\xe6rkning\r\n"
                              "2025-0142;S\xf8ren \xc6r\xf8;\"Ringede; ingen svar\r\nPr\xf8v igen\"\r\n"
                              "2025-0143;\"Hans \"\"Bamse\"\" Hansen\";\r\n";
    const auto t = read_csv(bytes);
    REQUIRE(t);
    CHECK(t->encoding == Encoding::windows1252);
    CHECK(t->separator == ';');
    CHECK(t->header == std::vector<std::string>{"Sagsnr", "Navn", "Bemærkning"});
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[0].row == 2);
    CHECK(t->rows[0].cells == std::vector<std::string>{"2025-0142", "Søren Ærø", "Ringede; ingen svar\r\nPrøv igen"});
    CHECK(t->rows[1].row == 3);
    CHECK(t->rows[1].cells[1] == "Hans \"Bamse\" Hansen");
  }

  TEST_CASE("UTF-8 with a BOM, commas and LF") {
    const auto t = read_csv("\xEF\xBB\xBFid,name\n1,Åse\n\n2,Bo\n");
    REQUIRE(t);
    CHECK(t->encoding == Encoding::utf8_bom);
    CHECK(t->separator == ',');
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[0].cells[1] == "Åse");
    CHECK(t->rows[1].row == 4); // the empty row 3 still counts, as in the spreadsheet
  }

  TEST_CASE("tab-separated sheets are detected") {
    const auto t = read_csv("id\tname\n1\tBo\n");
    REQUIRE(t);
    CHECK(t->separator == '\t');
  }

  TEST_CASE("a quote that never closes is an error naming its row") {
    const auto t = read_csv("id;name\n1;\"Bo\n2;Anna\n");
    REQUIRE_FALSE(t);
    CHECK(t.error() == "row 2: a quoted cell never closes (a \" is missing)");
  }

  TEST_CASE("dates are read in the four Danish spellings and as serial numbers") {
    CHECK(parse_sheet_date("2025-12-31")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("31-12-2025")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("31.12.2025")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("31/12/2025")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("1-2-2025")->iso() == "2025-02-01");
    CHECK(parse_sheet_date("46022")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("45351")->iso() == "2024-02-29");
    CHECK(parse_sheet_date("46022,5")->iso() == "2025-12-31");
    for (const char* bad : {"31-13-2025", "29-02-2025", "31-12-25", "12/31/2025x", "31-12.2025", "", "abc", "12",
                            "2025-02-30"})
      CHECK_MESSAGE(!parse_sheet_date(bad), bad);
  }

  TEST_CASE("formula cells are guarded with an apostrophe and unguarded exactly") {
    for (const char* cell : {"=SUM(A1)", "+45 1234", "-x", "@foo", "\tx", "\rx"}) {
      CHECK(guard_cell(cell) == std::string("'") + cell);
      CHECK(unguard_cell(guard_cell(cell)) == cell);
    }
    CHECK(guard_cell("Jens") == "Jens");
    CHECK(unguard_cell("'Jens") == "'Jens");
  }

  TEST_CASE("Windows-1252 round-trips the Danish letters and refuses what it cannot hold") {
    const auto w = utf8_to_windows1252("Søren Ærø – €");
    REQUIRE(w);
    CHECK(*w == "S\xf8ren \xc6r\xf8 \x96 \x80");
    CHECK(windows1252_to_utf8(*w) == "Søren Ærø – €");
    CHECK_FALSE(utf8_to_windows1252("Ωmega"));
  }

  TEST_CASE("records are quoted only where they must be") {
    CHECK(csv_record({"a", "b;c", "d\"e", "f\ng"}, ';') == "a;\"b;c\";\"d\"\"e\";\"f\ng\"");
  }

  TEST_CASE("headers are compared ignoring case, spaces, trailing dots and hyphens, and æ/ø/å spellings") {
    CHECK(normalize_header(" Rådgiver ") == "raadgiver");
    CHECK(normalize_header("RAADGIVER") == "raadgiver");
    CHECK(normalize_header("CPR-nr.") == "cpr-nr");
    CHECK(normalize_header("Ophørsårsag") == "ophoersaarsag");
    CHECK(normalize_header("MØDE") == "moede");
  }
}
