// The HTML pages' building blocks and renderers: escaping, the writer, bar
// geometry, file names, and what the agenda and report pages say. The pages
// themselves are also parsed strictly and rendered in a browser by
// tests/formats (html_check.py, svg_check.py, browser.py).
#include <mestring/file_name.hpp>
#include <mestring/format/html.hpp>
#include <mestring/html.hpp>
#include <mestring/svg.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <regex>
#include <string>

using namespace mestring;
using namespace mestring::test;

namespace {

size_t count_of(const std::string &text, const std::string &part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size()))
    ++n;
  return n;
}

// The value of attribute `name` in each <rect …> that has data-series.
std::vector<double> bar_attr(const std::string &svg, const std::string &name) {
  std::vector<double> out;
  const std::regex rect(R"re(<rect [^>]*data-series="[^"]*"[^>]*>)re");
  const std::regex attr(" " + name + R"re(="([-0-9.]+)")re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator(); ++it) {
    std::smatch m;
    const auto tag = it->str();
    REQUIRE(std::regex_search(tag, m, attr));
    out.push_back(std::stod(m[1]));
  }
  return out;
}

double svg_scale(const std::string &svg) {
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex(R"re(data-scale="([0-9.]+)")re")));
  return std::stod(m[1]);
}

HtmlAgendaItem item(const char *id, const char *due, bool overdue, HtmlRole role, const char *owner) {
  HtmlAgendaItem i;
  i.case_id = id;
  i.citizen = "Søren Ærø";
  i.programme = "§85";
  i.rule = "first-followup-85";
  i.action = "hold the first follow-up";
  i.basis = "start 2025-08-27 + 3 months";
  i.due = day(due);
  i.overdue = overdue;
  i.role = role;
  i.owner = owner;
  i.coach = role == HtmlRole::coach ? owner : "Lars Berg";
  i.advisor = role == HtmlRole::authority ? owner : "Mette Holm";
  return i;
}

HtmlAgenda agenda(Lang lang, std::vector<HtmlAgendaItem> items, std::vector<HtmlExemptItem> exempted = {},
                  HtmlGroupBy by = HtmlGroupBy::owner) {
  HtmlAgenda a{lang, day("2025-11-26"), day("2025-11-24"), day("2025-11-30"), by, "", {}};
  a.groups = group_html_agenda(items, exempted, by, lang);
  return a;
}

} // namespace

TEST_SUITE("html::escape") {
  TEST_CASE("markup characters become references") {
    CHECK(html::escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  }
  TEST_CASE("UTF-8 letters pass unchanged") { CHECK(html::escape("Søren Ærø Åberg ✓ 😀") == "Søren Ærø Åberg ✓ 😀"); }
  TEST_CASE("bytes that are not UTF-8 become U+FFFD, one each") {
    CHECK(html::escape("a\xff"
                       "b") == "a\xEF\xBF\xBD"
                               "b");
    CHECK(html::escape("\xc3") == "\xEF\xBF\xBD");                                 // cut short
    CHECK(html::escape("\xc0\xaf") == "\xEF\xBF\xBD\xEF\xBF\xBD");                 // overlong
    CHECK(html::escape("\xed\xa0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
  }
  TEST_CASE("controls, C1 controls and noncharacters become U+FFFD; tab and line feed stay") {
    CHECK(html::escape("a\x01\x7f"
                       "b") == "a\xEF\xBF\xBD\xEF\xBF\xBD"
                               "b");
    CHECK(html::escape("\xc2\x85") == "\xEF\xBF\xBD");     // U+0085
    CHECK(html::escape("\xef\xb7\x90") == "\xEF\xBF\xBD"); // U+FDD0
    CHECK(html::escape("\xef\xbf\xbe") == "\xEF\xBF\xBD"); // U+FFFE
    CHECK(html::escape("a\tb\nc") == "a\tb\nc");
  }
  TEST_CASE("CR and CRLF become a line feed") { CHECK(html::escape("a\r\nb\rc") == "a\nb\nc"); }
}

TEST_SUITE("html::Writer") {
  TEST_CASE("text and attribute values are escaped, names are not") {
    html::Writer w;
    w.open("p", {{"title", "a\"b<"}}).text("x<y").close("p").element("td", "&", {{"class", "n"}});
    CHECK(w.str() == "<p title=\"a&quot;b&lt;\">x&lt;y</p><td class=\"n\">&amp;</td>");
  }
  TEST_CASE("lines() turns line feeds into <br>") {
    html::Writer w;
    w.lines("Dec\n<2024>");
    CHECK(w.str() == "Dec<br>&lt;2024&gt;");
  }
  TEST_CASE("a page is one self-contained HTML5 document") {
    html::Writer body;
    body.element("p", "hej");
    const auto page = html::page("da", "Titel & mere", "p { color: red; }", body);
    CHECK(page.starts_with("<!DOCTYPE html>\n<html lang=\"da\">"));
    CHECK(page.find("<meta charset=\"utf-8\"/>") != std::string::npos);
    CHECK(page.find("<title>Titel &amp; mere</title>") != std::string::npos);
    CHECK(page.find("<body>\n<p>hej</p></body>") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("<link") == std::string::npos);
  }
  TEST_CASE("a data table has a caption, column headers and row headers") {
    html::Writer w;
    html::write_table(w, {"Cases", {"Coach", "Cases"}, {{"Lars", "3"}}, {{"Total", "3"}}, true, "data"});
    CHECK(w.str().find("<caption>Cases</caption>") != std::string::npos);
    CHECK(w.str().find("<th scope=\"col\" class=\"num\">Cases</th>") != std::string::npos);
    CHECK(w.str().find("<th scope=\"row\" class=\"label\">Lars</th><td class=\"num\">3</td>") != std::string::npos);
    CHECK(w.str().find("<tfoot><tr class=\"total\">") != std::string::npos);
  }
}

TEST_SUITE("svg") {
  TEST_CASE("the value axis ends at a round number, in at most six steps") {
    CHECK(svg::nice_ceiling(0) == 1);
    CHECK(svg::nice_ceiling(1) == 1);
    CHECK(svg::nice_ceiling(7) == 8);
    CHECK(svg::nice_ceiling(38) == 40);
    CHECK(svg::nice_ceiling(81) == 100);
    CHECK(svg::nice_ceiling(102) == 120);
    CHECK(svg::nice_ceiling(247) == 250);
    CHECK(svg::nice_ceiling(1001) == 1200);
  }
  TEST_CASE("a horizontal bar is as long as its value times the scale") {
    svg::BarChart c{"c",
                    "T",
                    "D",
                    svg::Direction::horizontal,
                    {{"count", "Cases", {}}},
                    {{"a", "A", {10}}, {"b", "B", {37}}, {"z", "Z", {0}}},
                    400,
                    "none"};
    html::Writer w;
    svg::write_bar_chart(w, c);
    const auto widths = bar_attr(w.str(), "width");
    const double scale = svg_scale(w.str());
    REQUIRE(widths.size() == 3);
    CHECK(widths[0] == doctest::Approx(10 * scale).epsilon(0.001));
    CHECK(widths[1] == doctest::Approx(37 * scale).epsilon(0.001));
    CHECK(widths[2] == 0);
    CHECK(w.str().find("role=\"img\"") != std::string::npos);
    CHECK(w.str().find("<title id=\"c-title\">T</title><desc id=\"c-desc\">D</desc>") != std::string::npos);
    CHECK(w.str().find("data-category=\"b\" data-series=\"count\" data-value=\"37\"") != std::string::npos);
    CHECK(w.str().find("class=\"legend\"") == std::string::npos); // one series, no legend
  }
  TEST_CASE("stacked columns meet end to end, from one baseline") {
    svg::BarChart c{"m",
                    "T",
                    "D",
                    svg::Direction::vertical,
                    {{"on_time", "On time", {}}, {"late", "Late", {"#ffcc00", svg::Pattern::stripes, "#000", false}}},
                    {{"2025-01", "Jan\n2025", {5, 3}}, {"2025-02", "Feb", {2, 0}}},
                    300,
                    "none"};
    html::Writer w;
    svg::write_bar_chart(w, c);
    const auto ys = bar_attr(w.str(), "y"), hs = bar_attr(w.str(), "height");
    const double scale = svg_scale(w.str());
    REQUIRE(ys.size() == 4);
    CHECK(hs[0] == doctest::Approx(5 * scale).epsilon(0.001));
    CHECK(hs[1] == doctest::Approx(3 * scale).epsilon(0.001));
    CHECK(ys[1] + hs[1] == doctest::Approx(ys[0]).epsilon(0.001));         // late sits on on time
    CHECK(ys[0] + hs[0] == doctest::Approx(ys[2] + hs[2]).epsilon(0.001)); // one baseline
    CHECK(w.str().find("class=\"legend\"") != std::string::npos);
    CHECK(w.str().find("<pattern id=\"m-fill1\"") != std::string::npos);
    CHECK(w.str().find(">2025</text>") != std::string::npos); // the second line of "Jan\n2025"
  }
  TEST_CASE("a chart with nothing to show says so") {
    svg::BarChart c{"e", "T", "D", svg::Direction::horizontal, {{"count", "Cases", {}}}, {}, 300, "No cases."};
    html::Writer w;
    svg::write_bar_chart(w, c);
    CHECK(w.str().find(">No cases.</text>") != std::string::npos);
  }
  TEST_CASE("a long label is cut with an ellipsis, never inside a letter") {
    svg::BarChart c{"l",
                    "T",
                    "D",
                    svg::Direction::horizontal,
                    {{"count", "Cases", {}}},
                    {{"k", "Ærø Ærø Ærø Ærø Ærø Ærø Ærø Ærø Ærø Ærø Ærø Ærø Ærø Ærø", {1}}},
                    200,
                    ""};
    html::Writer w;
    svg::write_bar_chart(w, c);
    CHECK(w.str().find("…</text>") != std::string::npos);
    CHECK(html::escape(w.str()).find("\xEF\xBF\xBD") == std::string::npos);
  }
}

TEST_SUITE("file names") {
  TEST_CASE("names become lowercase ASCII stems") {
    CHECK(ascii_file_stem("Lars Berg") == "lars-berg");
    CHECK(ascii_file_stem("Søren Ærø") == "soeren-aeroe");
    CHECK(ascii_file_stem("Tove Åkesson") == "tove-aakesson");
    CHECK(ascii_file_stem("Tove A\xcc\x8akesson") == "tove-aakesson"); // å written as a + ring
    CHECK(ascii_file_stem("Zoë Müller-Łukasz") == "zoe-muller-lukasz");
    CHECK(ascii_file_stem("Ĳsbrand Œuvre") == "ijsbrand-oeuvre");
  }
  TEST_CASE("nothing of a path survives") {
    CHECK(ascii_file_stem("../../etc/passwd") == "etc-passwd");
    CHECK(ascii_file_stem("C:\\Users\\x") == "c-users-x");
    CHECK(ascii_file_stem(".hidden") == "hidden");
    CHECK(ascii_file_stem("") == "unnamed");
    CHECK(ascii_file_stem("中文") == "unnamed");
    CHECK(ascii_file_stem("\xff\xfe") == "unnamed");
  }
  TEST_CASE("device names and long names are made safe") {
    CHECK(ascii_file_stem("CON") == "con-");
    CHECK(ascii_file_stem("com1") == "com1-");
    CHECK(ascii_file_stem(std::string(100, 'a')).size() == 60);
  }
  TEST_CASE("file names are unique, and reserved ones are not used") {
    CHECK(unique_file_names({"Lars Berg", "lars berg", "LARS-BERG", "Index"}, ".html", {"index"}) ==
          std::vector<std::string>{"lars-berg.html", "lars-berg-2.html", "lars-berg-3.html", "index-2.html"});
  }
}

TEST_SUITE("render_agenda_html") {
  TEST_CASE("groups by the person who must act, nobody named last, exempted items with them") {
    const auto groups = group_html_agenda(
        {item("1", "2025-11-27", false, HtmlRole::coach, "Åse"), item("2", "2025-11-27", false, HtmlRole::coach, ""),
         item("3", "2025-11-27", false, HtmlRole::authority, "Bo")},
        {{item("4", "2025-11-20", true, HtmlRole::authority, "Bo"), "hospital", day("2026-01-31"), ""}},
        HtmlGroupBy::owner, Lang::en);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].title == "Bo");
    CHECK(groups[0].exempted.size() == 1);
    CHECK(groups[1].title == "Åse");
    CHECK(groups[2].title == "(nobody named)");
  }
  TEST_CASE("grouping by date puts the overdue first, then a group per day") {
    const auto groups = group_html_agenda({item("1", "2025-11-28", false, HtmlRole::coach, "A"),
                                           item("2", "2025-11-11", true, HtmlRole::coach, "A"),
                                           item("3", "2025-11-27", false, HtmlRole::coach, "A")},
                                          {}, HtmlGroupBy::date, Lang::da);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].title == "Overskredet");
    CHECK(groups[1].title == "Torsdag 27. november 2025, uge 48");
    CHECK(groups[2].title == "Fredag 28. november 2025, uge 48");
  }
  TEST_CASE("each line says what to do and by when; the overdue come first and say so in words") {
    const auto page = render_agenda_html(
        agenda(Lang::en, {item("2025-0142", "2025-11-27", false, HtmlRole::authority, "Mette Holm"),
                          item("2025-0107", "2025-11-11", true, HtmlRole::authority, "Mette Holm")}));
    CHECK(page.find("Hold the first follow-up by Thu 27 Nov") != std::string::npos);
    CHECK(page.find("Hold the first follow-up — it was due by Tue 11 Nov (15 days ago)") != std::string::npos);
    CHECK(page.find("<strong>OVERDUE</strong>") != std::string::npos);
    CHECK(page.find("data-case=\"2025-0107\"") < page.find("data-case=\"2025-0142\""));
    CHECK(page.find("Week 48, Monday 24 November 2025 – Sunday 30 November 2025") != std::string::npos);
    CHECK(page.find(">authority<") != std::string::npos);
    CHECK(page.find("start 2025-08-27 + 3 months") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("display:flex") == std::string::npos);
    CHECK(page.find("@page { size: A4;") != std::string::npos);
  }
  TEST_CASE("Danish: every fixed word translated") {
    const auto page =
        render_agenda_html(agenda(Lang::da, {item("2025-0142", "2025-11-27", false, HtmlRole::coach, "Lars Berg"),
                                             item("2025-0107", "2025-11-25", true, HtmlRole::coach, "Lars Berg")}));
    CHECK(page.find("<html lang=\"da\">") != std::string::npos);
    CHECK(page.find("Hold første opfølgning senest tor 27. nov.") != std::string::npos);
    CHECK(page.find("Hold første opfølgning — fristen var tir 25. nov. (1 dag siden)") != std::string::npos);
    CHECK(page.find("OVERSKREDET") != std::string::npos);
    CHECK(page.find("Uge 48, mandag 24. november 2025") != std::string::npos);
    CHECK(page.find("Pr. onsdag 26. november 2025.") != std::string::npos);
    for (const char *english : {"Upcoming", "What to do", "Citizen", "Overdue:", "Due in the period"})
      CHECK_MESSAGE(page.find(english) == std::string::npos, english);
  }
  TEST_CASE("exempted items are shown apart with their reason and end date") {
    const auto page = render_agenda_html(agenda(
        Lang::en, {item("1", "2025-11-27", false, HtmlRole::coach, "A")},
        {{item("2", "2025-11-14", true, HtmlRole::coach, "A"), "in hospital", day("2026-01-31"), "Mette Holm"}}));
    const auto section = page.find("<div class=\"exempted\">");
    REQUIRE(section != std::string::npos);
    CHECK(page.find("in hospital", section) != std::string::npos);
    CHECK(page.find("Sat 31 Jan 2026", section) != std::string::npos);
    CHECK(page.find("data-case=\"2\"") > section); // not among the items
    CHECK(page.find("Overdue: 0 · Due in the period: 1 · Exempted: 1") != std::string::npos);
  }
  TEST_CASE("an empty agenda and an empty group say so") {
    HtmlAgenda empty{Lang::en, day("2025-11-26"), day("2025-11-24"), day("2025-11-30"), HtmlGroupBy::coach, "", {}};
    CHECK(render_agenda_html(empty).find("Nothing is due and nothing is overdue.") != std::string::npos);
    auto a = agenda(Lang::en, {item("1", "2025-11-27", false, HtmlRole::coach, "A")}, {}, HtmlGroupBy::coach);
    a.groups.push_back({"Tove Åkesson", {}, {}});
    CHECK(render_agenda_html(a).find("Tove Åkesson has nothing due and nothing overdue in this period.") !=
          std::string::npos);
  }
  TEST_CASE("without citizens' names there is no citizen column") {
    auto i = item("1", "2025-11-27", false, HtmlRole::coach, "A");
    i.citizen.clear();
    const auto page = render_agenda_html(agenda(Lang::en, {i}));
    CHECK(page.find(">Citizen<") == std::string::npos);
    CHECK(page.find("Søren") == std::string::npos);
  }
  TEST_CASE("names are escaped once") {
    auto i = item("1", "2025-11-27", false, HtmlRole::coach, "<b>A&B</b>");
    const auto page = render_agenda_html(agenda(Lang::en, {i}));
    CHECK(page.find("&lt;b&gt;A&amp;B&lt;/b&gt;") != std::string::npos);
    CHECK(page.find("&amp;amp;") == std::string::npos);
    CHECK(page.find("<b>") == std::string::npos);
  }
  TEST_CASE("one page per person, then an index linking each") {
    auto a = agenda(Lang::da, {item("1", "2025-11-27", false, HtmlRole::coach, "Søren Ærø"),
                               item("2", "2025-11-20", true, HtmlRole::coach, "søren ærø"),
                               item("3", "2025-11-27", false, HtmlRole::coach, "")});
    const auto pages = render_agenda_html_pages(a);
    REQUIRE(pages.size() == 4);
    CHECK(pages[0].file_name == "soeren-aeroe.html");
    CHECK(pages[1].file_name == "soeren-aeroe-2.html");
    CHECK(pages[2].file_name == "ingen-angivet.html");
    CHECK(pages[1].overdue == 1);
    CHECK(pages[0].html.find("data-case=\"2\"") == std::string::npos);
    CHECK(pages[3].file_name == "index.html");
    for (size_t k = 0; k < 3; ++k)
      CHECK(pages[3].html.find("href=\"" + pages[k].file_name + "\"") != std::string::npos);
  }
}

TEST_SUITE("render_stats_html") {
  HtmlReport report(Lang lang) {
    HtmlReport r;
    r.lang = lang;
    r.as_of = day("2025-11-26"), r.from = day("2024-12-01"), r.to = day("2025-11-26");
    r.status = {2, 0, 1, 30, 4};
    r.by_coach = {{"Lars Berg", "Lars Berg", 12}, {"", "", 3}};
    r.by_programme = {{"85", "§85", 30}};
    r.by_level = {{2, 20}, {std::nullopt, 10}};
    r.per_rule = {{"first-followup-85", "first follow-up", {8, 1, 1, 1, 2}}};
    r.per_month = {{2024, 12, {3, 0, 1, 0, 0}}, {2025, 1, {5, 1, 0, 1, 2}}};
    r.per_coach = {{"", "", {1, 0, 0, 0, 0}}};
    return r;
  }

  TEST_CASE("an A4 page of charts, each followed by the table of its numbers") {
    const auto page = render_stats_html(report(Lang::en));
    CHECK(page.find("@page { size: A4;") != std::string::npos);
    CHECK(count_of(page, "<svg ") == 7);
    CHECK(count_of(page, "<table class=\"data\">") == 7);
    CHECK(count_of(page, "role=\"img\"") == 7);
    CHECK(page.find("data-category=\"first-followup-85\" data-series=\"missed\" data-value=\"1\"") !=
          std::string::npos);
    CHECK(page.find("data-category=\"2025-01\" data-series=\"open\" data-value=\"2\"") != std::string::npos);
    CHECK(page.find("data-category=\"none\" data-series=\"count\" data-value=\"10\"") != std::string::npos);
    CHECK(page.find("80.0%") != std::string::npos); // 8 on time of 10 met or missed
    CHECK(page.find(">(no coach)<") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
  }
  TEST_CASE("Danish: months, percentages and states in Danish") {
    const auto page = render_stats_html(report(Lang::da));
    CHECK(page.find("<html lang=\"da\">") != std::string::npos);
    CHECK(page.find("80,0%") != std::string::npos);
    CHECK(page.find("dec.<br>2024") != std::string::npos);
    CHECK(page.find(">Til tiden<") != std::string::npos);
    CHECK(page.find(">Fritaget<") != std::string::npos);
    CHECK(page.find(">niveau 2<") != std::string::npos);
    CHECK(page.find("(ingen mestringsvejleder)") != std::string::npos);
  }
  TEST_CASE("a report without data says so in each chart") {
    HtmlReport empty;
    empty.as_of = day("2025-11-26"), empty.from = day("2024-11-27"), empty.to = day("2025-11-26");
    const auto page = render_stats_html(empty);
    CHECK(count_of(page, "No obligations fell due in the period.") == 3);
    CHECK(page.find("–") != std::string::npos); // no percentage of nothing
  }
}
