#include <mestring/csv.hpp>
#include <mestring/import.hpp>
#include <mestring/utf8.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <string>

using namespace mestring;
using namespace std::string_literals;

namespace {

// The sheet as Excel saves "Unicode text": UTF-16 with its BOM.
std::string utf16(std::string_view utf8, bool little_endian) {
  std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
  const auto put = [&](char32_t u) {
    const char lo = char(u & 0xFF), hi = char(u >> 8);
    out += little_endian ? lo : hi;
    out += little_endian ? hi : lo;
  };
  for (char32_t c : to_code_points(utf8)) {
    if (c >= 0x10000) {
      c -= 0x10000;
      put(0xD800 + (c >> 10));
      put(0xDC00 + (c & 0x3FF));
    } else {
      put(c);
    }
  }
  return out;
}

void check_same_table(const CsvTable &a, const CsvTable &b) {
  CHECK(a.separator == b.separator);
  CHECK(a.header == b.header);
  REQUIRE(a.rows.size() == b.rows.size());
  for (size_t i = 0; i < a.rows.size(); ++i) {
    CHECK(a.rows[i].row == b.rows[i].row);
    CHECK(a.rows[i].cells == b.rows[i].cells);
  }
}

} // namespace

TEST_SUITE("csv reading") {
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

  TEST_CASE("UTF-8 without a BOM, and plain ASCII, are UTF-8") {
    CHECK(read_csv("id;name\n1;Søren Ærø\n")->encoding == Encoding::utf8);
    CHECK(read_csv("id;name\n1;Bo\n")->encoding == Encoding::utf8);
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

  TEST_CASE("a sheet that mixes UTF-8 and Windows-1252 is refused, naming the rows of each") {
    const std::string bytes = "Sagsnr;Navn\r\n"
                              "2025-0001;Søren Ærø\r\n"          // UTF-8
                              "2025-0002;S\xf8ren \xc6r\xf8\r\n" // Windows-1252
                              "2025-0003;\xc5se\r\n"             // Windows-1252
                              "2025-0004;Bo\r\n"                 // either
                              "2025-0005;Åse\r\n";               // UTF-8
    const auto t = read_csv(bytes);
    REQUIRE_FALSE(t);
    CHECK(t.error() == "the sheet mixes two encodings, so its letters cannot all be read right: rows 2, 6 are UTF-8, "
                       "rows 3, 4 are Windows-1252; save it again as \"CSV UTF-8\" and import that");
  }

  TEST_CASE("mixed encodings: one row holding both, and rows counted across a quoted line break") {
    const auto both = read_csv("id;name\n1;Søren \xc6r\xf8\n");
    REQUIRE_FALSE(both);
    CHECK(both.error() == "the sheet mixes two encodings, so its letters cannot all be read right: row 2 holds both; "
                          "save it again as \"CSV UTF-8\" and import that");
    const auto spanning = read_csv("id;note\n1;\"first line\nsecond: pr\xf8v\"\n2;Åse\n");
    REQUIRE_FALSE(spanning);
    CHECK(spanning.error() == "the sheet mixes two encodings, so its letters cannot all be read right: row 3 is "
                              "UTF-8, row 2 is Windows-1252; save it again as \"CSV UTF-8\" and import that");
  }

  TEST_CASE("a long list of mixed rows names the first ten and how many more") {
    std::string bytes = "id;name\n1;Åse\n";
    for (int i = 0; i < 14; ++i)
      bytes += "2;\xc5se\n";
    const auto t = read_csv(bytes);
    REQUIRE_FALSE(t);
    CHECK(t.error() == "the sheet mixes two encodings, so its letters cannot all be read right: row 2 is UTF-8, "
                       "rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 4 more are Windows-1252; save it again as "
                       "\"CSV UTF-8\" and import that");
  }

  TEST_CASE("a UTF-8 BOM before Windows-1252 rows is refused too") {
    const auto t = read_csv("\xEF\xBB\xBFid;name\n1;S\xf8ren\n2;\xc5se\n");
    REQUIRE_FALSE(t);
    CHECK(t.error() == "the sheet begins with the UTF-8 mark (BOM), but rows 2, 3 are Windows-1252; save it again "
                       "as \"CSV UTF-8\" and import that");
  }

  TEST_CASE("UTF-16 with its BOM, as Excel's Unicode text, reads to the same table as its UTF-8 twin") {
    const std::string sheet = "Sagsnr\tNavn\tNote\r\n"
                              "2025-0142\tSøren Ærø\t\"Ringede\r\nigen 𝄞\"\r\n"
                              "2025-0143\tÅse Østergård\t\r\n";
    const auto twin = read_csv(sheet);
    REQUIRE(twin);
    const auto le = read_csv(utf16(sheet, true));
    REQUIRE(le);
    CHECK(le->encoding == Encoding::utf16le);
    check_same_table(*le, *twin);
    const auto be = read_csv(utf16(sheet, false));
    REQUIRE(be);
    CHECK(be->encoding == Encoding::utf16be);
    check_same_table(*be, *twin);
    CHECK(le->rows[0].cells[2] == "Ringede\r\nigen 𝄞");
  }

  TEST_CASE("damaged UTF-16 is refused naming the row") {
    // A high surrogate (0xD800, little-endian) with nothing after it.
    const auto t = read_csv(utf16("id\tname\r\n1\tBo\r\n2\t", true) + "\x00\xD8"s);
    REQUIRE_FALSE(t);
    CHECK(t.error() ==
          "row 3: the UTF-16 text is damaged (half of a character is missing); save the sheet again and import that");
    const auto odd = read_csv(utf16("id\tname\r\n", true) + "x");
    REQUIRE_FALSE(odd);
    CHECK(odd.error() ==
          "row 2: the UTF-16 text is damaged (half of a character is missing); save the sheet again and import that");
  }

  TEST_CASE("a NUL byte is refused with its row and never quoted") {
    const auto t = read_csv("id;name\n1;Bo\n2;Ev\0il\x1b[2J\n"s);
    REQUIRE_FALSE(t);
    CHECK(t.error() == "row 3: the sheet holds a NUL byte, which no CSV text has: it may be a workbook or UTF-16 "
                       "without its mark; save it as \"CSV UTF-8\" and import that");
    // UTF-16 without its BOM: the NUL is in the first row.
    const auto bare = read_csv(utf16("id;name\r\n", true).substr(2));
    REQUIRE_FALSE(bare);
    CHECK(bare.error().starts_with("row 1: the sheet holds a NUL byte"));
    const auto in_utf16 = read_csv(utf16("id\tname\r\n1\tB\0o\r\n"s, true));
    REQUIRE_FALSE(in_utf16);
    CHECK(in_utf16.error() ==
          "row 2: the sheet holds a NUL character, which no text has; save it again as \"CSV UTF-8\" and import that");
  }

  TEST_CASE("a workbook is named as one") {
    const auto t = read_csv("PK\x03\x04\x14\0\0\0"s);
    REQUIRE_FALSE(t);
    CHECK(t.error() == "this is a workbook (.xlsx or .ods), not CSV; save it from the spreadsheet as \"CSV UTF-8\" "
                       "and import that");
  }
}

TEST_SUITE("encoding") {
  TEST_CASE("Windows-1252 round-trips the Danish letters and refuses what it cannot hold") {
    const auto w = utf8_to_windows1252("Søren Ærø – €");
    REQUIRE(w);
    CHECK(*w == "S\xf8ren \xc6r\xf8 \x96 \x80");
    CHECK(windows1252_to_utf8(*w) == "Søren Ærø – €");
    const auto omega = utf8_to_windows1252("Ωmega");
    REQUIRE_FALSE(omega);
    CHECK(omega.error() == "\"Ω\" cannot be written in Windows-1252; use --encoding utf-8");
  }

  TEST_CASE("the five bytes Windows-1252 leaves undefined become C1 controls, which the control check finds") {
    CHECK(windows1252_to_utf8("a\x81z") == "a\xC2\x81z");
    CHECK(windows1252_to_utf8("\x9d") == "\xC2\x9D");
  }

  TEST_CASE("encodings have names for messages") {
    CHECK(encoding_name(Encoding::windows1252) == "Windows-1252");
    CHECK(encoding_name(Encoding::utf16le) == "UTF-16 LE");
  }
}

TEST_SUITE("csv writing") {
  TEST_CASE("the default: a BOM, semicolons, CRLF") {
    CsvWriter w;
    w.row({"case", "name", "due"});
    w.text("2025-0142").text("Søren Ærø").date(Date::from_ymd(2025, 12, 31)).end_row();
    CHECK(w.str() == "\xEF\xBB\xBF"
                     "case;name;due\r\n2025-0142;Søren Ærø;2025-12-31\r\n");
  }

  TEST_CASE("quoting follows the delimiter: only cells that hold it, a quote, CR or LF are quoted") {
    CsvWriter semicolon;
    semicolon.text("a,b").text("a;b").text("say \"hi\"").text("two\nlines").text("").end_row();
    CHECK(semicolon.str() == "\xEF\xBB\xBF"
                             "a,b;\"a;b\";\"say \"\"hi\"\"\";\"two\nlines\";\r\n");
    CsvWriter comma({',', false});
    comma.text("a,b").text("a;b").end_row();
    CHECK(comma.str() == "\"a,b\",a;b\r\n");
    CsvWriter tab({'\t', false});
    tab.text("a\tb").text("c").end_row();
    CHECK(tab.str() == "\"a\tb\"\tc\r\n");
  }

  TEST_CASE("every text cell that could start a formula gets an apostrophe") {
    CsvWriter w({';', false});
    w.text("=HYPERLINK(\"http://x\")").text("+45 1234").text("-x").text("@SUM(A1)").text("\tx").text("\r\nx");
    w.end_row();
    CHECK(w.str() == "\"'=HYPERLINK(\"\"http://x\"\")\";'+45 1234;'-x;'@SUM(A1);'\tx;\"'\r\nx\"\r\n");
    CsvWriter quoted({';', false});
    quoted.text("=1;2").end_row(); // guarded, then quoted for the delimiter it holds
    CHECK(quoted.str() == "\"'=1;2\"\r\n");
  }

  TEST_CASE("numbers and dates the writer formats itself are never guarded") {
    CsvWriter w({';', false});
    w.number(-3)
        .number(0)
        .number(42)
        .date(Date::from_ymd(2025, 1, 2))
        .date(Date::from_ymd(2025, 1, 2), DateForm::danish);
    w.date(std::optional<Date>{}).empty().end_row();
    CHECK(w.str() == "-3;0;42;2025-01-02;02-01-2025;;\r\n");
    CsvWriter text({';', false});
    text.text("-3").end_row(); // the same characters as text are text: guarded
    CHECK(text.str() == "'-3\r\n");
  }

  TEST_CASE("text cells are made printable: escapes shown, bad bytes replaced, line breaks kept") {
    CsvWriter w({';', false});
    w.text("Evil\x1b]0;PWNED\x07").text("S\xf8ren").text("one\r\ntwo").end_row();
    CHECK(w.str() == "\"Evil\\x1b]0;PWNED\\x07\";S\xEF\xBF\xBDren;\"one\r\ntwo\"\r\n");
  }

  TEST_CASE("the delimiter as --delimiter and the config give it") {
    CHECK(*parse_csv_delimiter(";") == ';');
    CHECK(*parse_csv_delimiter(",") == ',');
    CHECK(*parse_csv_delimiter("|") == '|');
    CHECK(*parse_csv_delimiter("tab") == '\t');
    CHECK(*parse_csv_delimiter("\\t") == '\t');
    CHECK(*parse_csv_delimiter("\t") == '\t');
    for (const char *bad : {"\"", "", ";;", "x", "\n"}) {
      const auto d = parse_csv_delimiter(bad);
      CHECK_MESSAGE(!d, bad);
    }
    CHECK(parse_csv_delimiter("\n").error() == "\"\\x0a\" is not a delimiter; use ; , | or tab");
  }

  TEST_CASE("formula cells are guarded with an apostrophe and unguarded exactly") {
    for (const char *cell : {"=SUM(A1)", "+45 1234", "-x", "@foo", "\tx", "\rx"}) {
      CHECK(guard_cell(cell) == std::string("'") + cell);
      CHECK(unguard_cell(guard_cell(cell)) == cell);
    }
    CHECK(guard_cell("Jens") == "Jens");
    CHECK(unguard_cell("'Jens") == "'Jens");
  }

  TEST_CASE("what the writer writes, the reader reads back") {
    CsvWriter w;
    w.row({"Sagsnr", "Navn", "Note"});
    w.text("2025-0142").text("=Søren; \"Ærø\"").text("Ringede\r\nigen").end_row();
    const auto t = read_csv(w.str());
    REQUIRE(t);
    CHECK(t->encoding == Encoding::utf8_bom);
    REQUIRE(t->rows.size() == 1);
    CHECK(unguard_cell(t->rows[0].cells[1]) == "=Søren; \"Ærø\"");
    CHECK(t->rows[0].cells[2] == "Ringede\r\nigen");
  }
}

TEST_SUITE("sheet dates") {
  TEST_CASE("dates are read in the four Danish spellings and as serial numbers") {
    CHECK(parse_sheet_date("2025-12-31")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("31-12-2025")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("31.12.2025")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("31/12/2025")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("1-2-2025")->iso() == "2025-02-01");
    CHECK(parse_sheet_date(" 31-12-2025 ")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("46022")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("45351")->iso() == "2024-02-29");
    CHECK(parse_sheet_date("46022,5")->iso() == "2025-12-31");
    CHECK(parse_sheet_date("46022.25")->iso() == "2025-12-31");
  }

  TEST_CASE("two-digit years as Danish LibreOffice writes them, with POSIX %y's pivot") {
    CHECK(parse_sheet_date("04-11-24")->iso() == "2024-11-04");
    CHECK(parse_sheet_date("04.11.24")->iso() == "2024-11-04");
    CHECK(parse_sheet_date("4/11/24")->iso() == "2024-11-04");
    CHECK(parse_sheet_date("31-12-00")->iso() == "2000-12-31");
    CHECK(parse_sheet_date("31-12-68")->iso() == "2068-12-31");
    CHECK(parse_sheet_date("01-01-69")->iso() == "1969-01-01");
    CHECK(parse_sheet_date("31-12-99")->iso() == "1999-12-31");
    CHECK(parse_sheet_date("29-02-00")->iso() == "2000-02-29");
  }

  TEST_CASE("what is not a date in a sheet") {
    for (const char *bad : {"31-13-2025",  "29-02-2025",  "29-02-01",   "12/31/2025x", "31-12.2025",  "",
                            "abc",         "12",          "2025-02-30", "31-12-202",   "31-12-20255", "1-2-3",
                            "001-02-2025", "31--12-2025", "366",        "109575",      "46022,",      ".5",
                            "46022,5,1",   "-46022"})
      CHECK_MESSAGE(!parse_sheet_date(bad), bad);
    CHECK(sheet_date_hint() == "is not a date; write it as 31-12-2025, 31-12-25 or 2025-12-31");
  }
}

TEST_SUITE("typed dates") {
  const Date today = Date::from_ymd(2025, 11, 26);

  TEST_CASE("the command line takes ISO, the Danish spellings, today and yesterday") {
    CHECK(parse_typed_date("2025-11-26", today)->iso() == "2025-11-26");
    CHECK(parse_typed_date("26-11-2025", today)->iso() == "2025-11-26");
    CHECK(parse_typed_date("26.11.2025", today)->iso() == "2025-11-26");
    CHECK(parse_typed_date("26/11/2025", today)->iso() == "2025-11-26");
    CHECK(parse_typed_date("1-2-2025", today)->iso() == "2025-02-01");
    CHECK(parse_typed_date(" 1.2.2025 ", today)->iso() == "2025-02-01");
    CHECK(parse_typed_date("today", today)->iso() == "2025-11-26");
    CHECK(parse_typed_date("Today", today)->iso() == "2025-11-26");
    CHECK(parse_typed_date("yesterday", today)->iso() == "2025-11-25");
    CHECK(parse_typed_date("YESTERDAY", Date::from_ymd(2025, 3, 1))->iso() == "2025-02-28");
  }

  TEST_CASE("a two-digit year is refused with the date written in full") {
    const auto a = parse_typed_date("26-11-25", today);
    REQUIRE_FALSE(a);
    CHECK(a.error() == "\"26-11-25\" has a two-digit year; write the year in full: 26-11-2025");
    const auto b = parse_typed_date("4/11/24", today);
    REQUIRE_FALSE(b);
    CHECK(b.error() == "\"4/11/24\" has a two-digit year; write the year in full: 4/11/2024");
    const auto c = parse_typed_date("1.1.70", today);
    REQUIRE_FALSE(c);
    CHECK(c.error() == "\"1.1.70\" has a two-digit year; write the year in full: 1.1.1970");
  }

  TEST_CASE("anything else is refused saying how to write a date") {
    for (const char *bad : {"31-11-2025", "45000", "tomorrow", "", "2025/11/26", "26-11-2025x", "29-02-25"}) {
      const auto d = parse_typed_date(bad, today);
      REQUIRE_FALSE(d);
      CHECK(d.error() ==
            fmt::format("\"{}\" is not a date; write it as 2025-12-31, 31-12-2025, today or yesterday", bad));
    }
    const auto evil = parse_typed_date("\x1b[2J", today);
    REQUIRE_FALSE(evil);
    CHECK(evil.error() == "\"\\x1b[2J\" is not a date; write it as 2025-12-31, 31-12-2025, today or yesterday");
  }
}

TEST_SUITE("csv") {
  TEST_CASE("headers are compared ignoring case, spaces, trailing dots and hyphens, and æ/ø/å spellings") {
    CHECK(normalize_header(" Rådgiver ") == "raadgiver");
    CHECK(normalize_header("RAADGIVER") == "raadgiver");
    CHECK(normalize_header("CPR-nr.") == "cpr-nr");
    CHECK(normalize_header("Ophørsårsag") == "ophoersaarsag");
    CHECK(normalize_header("MØDE") == "moede");
  }

  // What export and show write in Danish, import reads back: the round trip
  // holds in either language.
  template <typename E> void check_both_spellings_read_back() {
    for (size_t i = 0; i < choices<E>().size(); ++i)
      for (const Lang lang : {Lang::en, Lang::da}) {
        const auto label = label_of(E(i), lang);
        CHECK_MESSAGE(choice_from_sheet<E>(label) == std::optional<E>(E(i)), label);
      }
  }

  TEST_CASE("every choice's English and Danish label is read back by import") {
    check_both_spellings_read_back<Outcome>();
    check_both_spellings_read_back<Mode>();
    check_both_spellings_read_back<FollowupKind>();
    check_both_spellings_read_back<Reason>();
    check_both_spellings_read_back<EndReason>();
    check_both_spellings_read_back<Decision>();
    check_both_spellings_read_back<Role>();
  }

  TEST_CASE("export writes end reasons in its language, under the import's Danish headers") {
    Case c;
    c.id = "2025-0142";
    c.name = "=Søren";
    c.paragraph = "85";
    c.level = 2;
    c.start.value = Date::from_ymd(2025, 2, 17);
    c.end_reason = EndReason::goal_achieved;
    const auto da = export_cases({c}, {}, false, Lang::da);
    CHECK(da.starts_with("\xEF\xBB\xBFSagsnr;Navn;"));
    CHECK(da.find("2025-0142;'=Søren;;85;2;;;;;17-02-2025;;;mål nået\r\n") != std::string::npos);
    const auto en = export_cases({c}, {',', false}, false, Lang::en);
    CHECK(en.find("2025-0142,'=Søren,,85,2,,,,,17-02-2025,,,goal-achieved\r\n") != std::string::npos);
  }
}
