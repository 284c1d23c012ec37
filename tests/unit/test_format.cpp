#include <mestring/csv.hpp>
#include <mestring/format/csv.hpp>
#include <mestring/format/ics.hpp>
#include <mestring/format/junit.hpp>
#include <mestring/format/sarif.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

// Splits on CRLF; the text must end in CRLF.
std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> out;
  size_t at = 0;
  for (size_t end; (end = text.find("\r\n", at)) != std::string::npos; at = end + 2)
    out.push_back(text.substr(at, end - at));
  CHECK(at == text.size());
  return out;
}

// Undoes ics_fold: a line end followed by a space joins the lines.
std::string unfold(std::string text) {
  for (size_t at; (at = text.find("\r\n ")) != std::string::npos;)
    text.erase(at, 3);
  return text;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

AgendaItem item(bool overdue) {
  AgendaItem i;
  i.case_id = "2025-0142";
  i.name = "Søren Ærø Åberg";
  i.paragraph = "85";
  i.coach = "Lars Berg";
  i.advisor = "Mette Holm";
  i.rule = find_rule("first-followup-85");
  i.role = Role::authority;
  i.owner = "Mette Holm";
  i.anchor = "start 2025-02-17 + 3 months";
  i.file = "cases/2025-0142.yaml";
  i.line = 12;
  i.due = day("2025-05-17");
  i.overdue = overdue;
  return i;
}

// An agenda of these items (and, optionally, done and exempted ones).
Agenda agenda_of(std::vector<AgendaItem> items, std::vector<AgendaItem> done = {},
                 std::vector<AgendaItem> exempted = {}) {
  return {std::move(items), std::move(exempted), std::move(done)};
}

size_t count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

AgendaView view(const char *as_of, bool names = true) {
  return {day(as_of), {day("2025-11-24"), day("2025-11-30")}, GroupBy::date, names};
}

CheckResult result() {
  CheckResult r;
  r.cases = 3;
  r.files = {"cases/a.yaml", "cases/b & c.yaml", "cases/clean.yaml"};
  r.findings.push_back({Severity::error, "cases/a.yaml", 4, 0, "first-followup-85",
                        "first follow-up was due 2025-05-17 (start \"2025-02-17\" + 3 months), <late>",
                        std::string("a"), day("2025-05-17")});
  r.findings.push_back(
      {Severity::info, "cases/b & c.yaml", 0, 0, "schema", "line one\nline two", std::nullopt, std::nullopt});
  return r;
}

} // namespace

TEST_SUITE("format/ics") {
  TEST_CASE("folding keeps every line within 75 octets and never splits a UTF-8 character") {
    std::string summary = "SUMMARY:";
    for (int n = 0; n < 12; ++n)
      summary += "Første opfølgning på sagen æøå ÆØÅ – ";
    for (const auto &shift : {"", "x", "xy"}) {
      const auto line = std::string(shift) + summary;
      const auto folded = ics_fold(line);
      const auto lines = lines_of(folded + "\r\n");
      CHECK(lines.size() > 5);
      for (size_t n = 0; n < lines.size(); ++n) {
        CHECK(lines[n].size() <= 75);
        if (n > 0) {
          REQUIRE(lines[n].size() > 1);
          CHECK(lines[n][0] == ' ');
          CHECK(!is_continuation(lines[n][1]));
        }
      }
      CHECK(unfold(folded) == line);
    }
  }

  TEST_CASE("a line of exactly 75 octets is not folded, one of 76 is") {
    CHECK(ics_fold(std::string(75, 'a')) == std::string(75, 'a'));
    CHECK(ics_fold(std::string(76, 'a')) == std::string(75, 'a') + "\r\n a");
    // "ø" would straddle octets 75 and 76: it moves whole to the next line.
    CHECK(ics_fold(std::string(74, 'a') + "øb") == std::string(74, 'a') + "\r\n øb");
  }

  TEST_CASE("commas, semicolons, backslashes and newlines are escaped in TEXT") {
    CHECK(ics_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
    CHECK(ics_escape("CRLF\r\nline") == "CRLF\\nline");
    CHECK(ics_escape("æøå: \"ok\"") == "æøå: \"ok\"");
  }

  TEST_CASE("the UID names case, rule and due date and does not change with the as-of date") {
    const auto a = render_agenda_ics(agenda_of({item(false)}), view("2025-05-10"));
    const auto b = render_agenda_ics(agenda_of({item(true)}), view("2025-11-26"));
    const std::string uid = "UID:2025-0142-first-followup-85-2025-05-17@mestring\r\n";
    CHECK(a.find(uid) != std::string::npos);
    CHECK(b.find(uid) != std::string::npos);
    CHECK(a.find("DTSTAMP:20250510T000000Z\r\n") != std::string::npos);
  }

  TEST_CASE("an overdue item falls on the as-of date and keeps its due date in the description") {
    const auto ics = unfold(render_agenda_ics(agenda_of({item(true)}), view("2025-11-26")));
    CHECK(ics.find("DTSTART;VALUE=DATE:20251126\r\nDTEND;VALUE=DATE:20251127\r\n") != std::string::npos);
    CHECK(ics.find("SUMMARY:OVERDUE (due Sat 17 May): Hold the first follow-up – 2025-0142 Søren Ærø Åberg\r\n") !=
          std::string::npos);
    CHECK(ics.find("Due: 2025-05-17 (start 2025-02-17 + 3 months)") != std::string::npos);
    CHECK(ics.find("Source: kvalitetsstandard: \"senest tre måneder efter iværksættelse\"") != std::string::npos);
    CHECK(ics.find("CATEGORIES:Mette Holm\r\n") != std::string::npos);
  }

  TEST_CASE("an open item is an all-day event on its due date") {
    const auto ics = render_agenda_ics(agenda_of({item(false)}), view("2025-05-10"));
    CHECK(ics.find("DTSTART;VALUE=DATE:20250517\r\nDTEND;VALUE=DATE:20250518\r\n") != std::string::npos);
    CHECK(ics.find("SUMMARY:Hold the first follow-up") != std::string::npos);
    CHECK(ics.find("OVERDUE") == std::string::npos);
  }

  TEST_CASE("names are left out when the privacy setting asks for ids only") {
    const auto ics = unfold(render_agenda_ics(agenda_of({item(false)}), view("2025-05-10", false)));
    CHECK(ics.find("Søren") == std::string::npos);
    CHECK(ics.find("SUMMARY:Hold the first follow-up – 2025-0142\r\n") != std::string::npos);
  }

  TEST_CASE("an overdue item from another year names the year of its due date") {
    const auto ics = unfold(render_agenda_ics(agenda_of({item(true)}), view("2026-01-05")));
    CHECK(ics.find("SUMMARY:OVERDUE (due Sat 17 May 2025): ") != std::string::npos);
  }

  TEST_CASE("SEQUENCE counts the as-of date's days, so the later export is the newer revision") {
    CHECK(ics_sequence(day("1970-01-01")) == 0);
    CHECK(ics_sequence(day("2025-11-26")) == 20418);
    CHECK(ics_sequence(day("2025-11-27")) == 20419);
    const auto ics = render_agenda_ics(agenda_of({item(false)}), view("2025-11-26"));
    CHECK(ics.find("SEQUENCE:20418\r\n") != std::string::npos);
    CHECK(ics.find("STATUS:CONFIRMED\r\n") != std::string::npos);
  }

  TEST_CASE("what was done comes with the same UID and STATUS:CANCELLED") {
    auto done = item(false);
    done.met = day("2025-05-16");
    const auto ics = unfold(render_agenda_ics(agenda_of({}, {done}), view("2025-05-20")));
    CHECK(ics.find("UID:2025-0142-first-followup-85-2025-05-17@mestring\r\n") != std::string::npos);
    CHECK(ics.find("STATUS:CANCELLED\r\n") != std::string::npos);
    CHECK(ics.find("STATUS:CONFIRMED") == std::string::npos);
    CHECK(ics.find("SUMMARY:Done: Hold the first follow-up – 2025-0142 Søren Ærø Åberg\r\n") != std::string::npos);
    CHECK(ics.find("DESCRIPTION:Met on 2025-05-16.\\nRule: first-followup-85") != std::string::npos);
  }

  TEST_CASE("what an exemption sets aside is cancelled too, with the exemption in the description") {
    auto set_aside = item(true);
    set_aside.exemption = Exemption{};
    set_aside.exemption->until = day("2025-12-31");
    set_aside.exemption->reason = "in hospital";
    const auto ics = unfold(render_agenda_ics(agenda_of({}, {}, {set_aside}), view("2025-11-26")));
    CHECK(ics.find("SUMMARY:Exempted: Hold the first follow-up – 2025-0142") != std::string::npos);
    CHECK(ics.find("DESCRIPTION:Exempted until 2025-12-31: in hospital\\n") != std::string::npos);
    CHECK(count(ics, "STATUS:CANCELLED") == 1);
  }

  TEST_CASE("--overdue-as summary: one event on the as-of date lists the overdue items") {
    auto other = item(true);
    other.case_id = "2025-0150";
    other.due = day("2025-11-25");
    const IcsOptions opt{OverdueAs::summary, "coach Lars Berg"};
    const auto ics = unfold(render_agenda_ics(agenda_of({item(true), other, item(false)}), view("2025-11-26"), opt));
    CHECK(count(ics, "BEGIN:VEVENT") == 2); // the summary and the one not overdue
    CHECK(ics.find("UID:overdue-coach-lars-berg@mestring\r\n") != std::string::npos);
    CHECK(ics.find("SUMMARY:2 overdue\r\n") != std::string::npos);
    CHECK(ics.find("2025-0142 Søren Ærø Åberg (Mette Holm): Hold the first follow-up — overdue since Sat 17 May "
                   "(193 days)\\n2025-0150 Søren Ærø Åberg (Mette Holm): Hold the first follow-up — overdue since "
                   "Tue 25 Nov (1 day)") != std::string::npos);
    // A day with nothing overdue cancels yesterday's summary.
    const auto none = unfold(render_agenda_ics(agenda_of({}), view("2025-11-27"), {OverdueAs::summary, ""}));
    CHECK(none.find("UID:overdue@mestring\r\n") != std::string::npos);
    CHECK(none.find("STATUS:CANCELLED\r\n") != std::string::npos);
    CHECK(none.find("DESCRIPTION:Nothing is overdue.\r\n") != std::string::npos);
  }

  TEST_CASE("the calendar is well formed with CRLF line ends even when empty") {
    const auto ics = render_agenda_ics(agenda_of({}), view("2025-11-26"));
    const auto lines = lines_of(ics);
    REQUIRE(lines.size() >= 4);
    CHECK(lines.front() == "BEGIN:VCALENDAR");
    CHECK(lines[1] == "VERSION:2.0");
    CHECK(lines[2].starts_with("PRODID:"));
    CHECK(lines.back() == "END:VCALENDAR");
  }
}

TEST_SUITE("format/junit") {
  TEST_CASE("XML special characters and line ends are escaped, invalid controls and bytes shown as U+FFFD") {
    CHECK(xml_escape("a < b && c > \"d\" 'e'") == "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;");
    CHECK(xml_escape("one\ntwo\tthree\r") == "one&#10;two&#9;three&#13;");
    CHECK(xml_escape(std::string("bell\x07 nul") + '\0' + "!") == "bell\uFFFD nul\uFFFD!");
    CHECK(xml_escape("l\xf8s.yaml") == "l\uFFFDs.yaml"); // a file name in Latin-1
    CHECK(xml_escape("æøå §85") == "æøå §85");
  }

  TEST_CASE("every checked file is a test case and every finding a failure") {
    const auto xml = render_check_junit(result());
    CHECK(xml.find("<testsuite name=\"mestring check\" tests=\"3\" failures=\"2\"") != std::string::npos);
    CHECK(xml.find("<testcase classname=\"mestring\" name=\"cases/clean.yaml\"/>") != std::string::npos);
    CHECK(xml.find("<testcase classname=\"mestring\" name=\"cases/b &amp; c.yaml\">") != std::string::npos);
    CHECK(xml.find("message=\"first-followup-85: first follow-up was due 2025-05-17 (start &quot;2025-02-17&quot; + 3 "
                   "months), &lt;late&gt;\" type=\"error\"") != std::string::npos);
    CHECK(xml.find("message=\"schema: line one&#10;line two\" type=\"info\"") != std::string::npos);
  }
}

TEST_SUITE("format/csv") {
  TEST_CASE("a finding is one CRLF row under the JSON keys; missing line, case and due date are empty cells") {
    auto r = result();
    r.findings[0].role = "authority";
    r.findings[0].owner = "=Mette Holm";
    const auto csv = render_check_csv(r);
    CHECK(csv == "\xEF\xBB\xBF"
                 "file;line;case;rule;severity;due;message;role;owner\r\n"
                 "cases/a.yaml;4;a;first-followup-85;error;2025-05-17;\"first follow-up was due 2025-05-17 (start "
                 "\"\"2025-02-17\"\" + 3 months), <late>\";authority;'=Mette Holm\r\n"
                 "cases/b & c.yaml;;;schema;info;;\"line one\nline two\";;\r\n");
  }

  TEST_CASE("the style decides the delimiter and the byte-order mark") {
    const auto csv = render_check_csv(result(), {',', false});
    CHECK(csv.starts_with("file,line,case,rule,severity,due,message,role,owner\r\n"
                          "cases/a.yaml,4,a,first-followup-85,error,2025-05-17,\"first follow-up was due"));
  }
}

TEST_SUITE("format/sarif") {
  TEST_CASE("results carry rule, level, file and the line only when it is known") {
    const auto sarif = render_check_sarif(result(), "9.9.9");
    CHECK(sarif.find("\"version\": \"2.1.0\"") != std::string::npos);
    CHECK(sarif.find("\"name\": \"mestring\", \"version\": \"9.9.9\"") != std::string::npos);
    CHECK(sarif.find("{\"id\": \"parse\"") != std::string::npos);
    CHECK(sarif.find("\"ruleId\": \"first-followup-85\", \"level\": \"error\"") != std::string::npos);
    CHECK(sarif.find("\"ruleId\": \"schema\", \"level\": \"note\"") != std::string::npos);
    CHECK(sarif.find("{\"uri\": \"cases/a.yaml\"}, \"region\": {\"startLine\": 4}") != std::string::npos);
    CHECK(sarif.find("{\"uri\": \"cases/b%20%26%20c.yaml\"}}") != std::string::npos);
  }
}
