#include <mestring/format/html_model.hpp>
#include <mestring/rules.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace mestring;
using namespace mestring::test;

namespace {

AgendaItem item(const char *id, const char *rule, const char *due, bool overdue, Role role) {
  AgendaItem i;
  i.case_id = id;
  i.name = "Søren Ærø";
  i.paragraph = "85";
  i.coach = "Lars Berg";
  i.advisor = "Mette Holm";
  i.rule = find_rule(rule);
  i.role = role;
  i.owner = role == Role::authority ? i.advisor : i.coach;
  i.anchor = "start 2025-08-27 + 3 months";
  i.file = std::string("cases/") + id + ".yaml";
  i.due = day(due);
  i.overdue = overdue;
  return i;
}

AgendaView view(GroupBy by, bool names = true, Lang lang = Lang::en) {
  return {day("2025-11-26"), {day("2025-11-24"), day("2025-11-30")}, by, names, lang};
}

} // namespace

TEST_SUITE("html_agenda_of") {
  TEST_CASE("every item and exempted item reaches the page's model, grouped as --by says") {
    Agenda a;
    a.items = {item("2025-0107", "first-followup-85", "2025-11-11", true, Role::authority),
               item("2025-0142", "first-followup-85", "2025-11-27", false, Role::authority),
               item("2025-0150", "monthly-followup-82", "2025-11-28", false, Role::coach)};
    a.exempted = {item("2025-0103", "first-followup-85", "2025-11-14", true, Role::authority)};
    a.exempted[0].exemption =
        Exemption{"first-followup-85", day("2025-11-01"), day("2026-01-31"), "in hospital", "", 0};
    const auto h = html_agenda_of(a, view(GroupBy::owner), {});
    CHECK(h.by == HtmlGroupBy::owner);
    CHECK(h.from == day("2025-11-24"));
    CHECK(h.to == day("2025-11-30"));
    REQUIRE(h.groups.size() == 2);
    CHECK(h.groups[0].title == "Lars Berg");
    CHECK(h.groups[1].title == "Mette Holm");
    REQUIRE(h.groups[1].items.size() == 2);
    const auto &i = h.groups[1].items[0];
    CHECK(i.case_id == "2025-0107");
    CHECK(i.citizen == "Søren Ærø");
    CHECK(i.programme == "§85");
    CHECK(i.rule == "first-followup-85");
    CHECK(i.action == "hold the first follow-up");
    CHECK(i.basis == "start 2025-08-27 + 3 months");
    CHECK(i.overdue);
    CHECK(i.role == HtmlRole::authority);
    REQUIRE(h.groups[1].exempted.size() == 1);
    CHECK(h.groups[1].exempted[0].reason == "in hospital");
    CHECK(h.groups[1].exempted[0].until == day("2026-01-31"));
  }

  TEST_CASE("privacy names: ids-only leaves the citizens' names out") {
    Agenda a;
    a.items = {item("2025-0142", "first-followup-85", "2025-11-27", false, Role::authority)};
    const auto h = html_agenda_of(a, view(GroupBy::date, false), {});
    CHECK(h.groups.at(0).items.at(0).citizen.empty());
    CHECK(render_agenda_html(h).find("Søren") == std::string::npos);
  }

  TEST_CASE("the filters in force are said on the page, in its language") {
    // Designated: GCC 12 at -O2 warns of a string assigned after default
    // construction (maybe-uninitialized, a false positive).
    const AgendaFilter f{.coach = "Lars Berg", .role = Role::coach, .paragraph = "85", .overdue = false};
    CHECK(agenda_scope(f, Lang::en) == "coach Lars Berg, role coach, §85, overdue left out");
    CHECK(agenda_scope(f, Lang::da) ==
          "mestringsvejleder Lars Berg, rolle mestringsvejleder, §85, overskredne udeladt");
    CHECK(agenda_scope({}, Lang::en).empty());
  }

  TEST_CASE("a person a filter names who has nothing due still gets a page that says so") {
    AgendaFilter f;
    f.who = "Tove Åkesson";
    const auto h = html_agenda_of({}, view(GroupBy::owner), f);
    REQUIRE(h.groups.size() == 1);
    CHECK(h.groups[0].title == "Tove Åkesson");
    CHECK(render_agenda_html(h).find("Tove Åkesson has nothing due and nothing overdue in this period.") !=
          std::string::npos);
    // Grouped by date, the page says nothing is due.
    CHECK(html_agenda_of({}, view(GroupBy::date), f).groups.empty());
  }
}

TEST_SUITE("html_report_of") {
  TEST_CASE("the report's bars are keyed as the JSON names them, labelled in the page's language") {
    Stats s;
    s.as_of = day("2025-11-26");
    s.from = day("2025-10-01");
    s.to = day("2025-11-26");
    s.filter.coach = "Lars Berg";
    s.caseload = {1, 2, 3, 4, 5, {{"(no coach)", 1}, {"Lars Berg", 3}}, {{"85", 4}}, {{std::nullopt, 1}, {2, 3}}};
    s.compliance = {{"first-followup-85", 1, 2, 3, 4, 5}};
    s.by_month = {{"2025-10", 1, 0, 0, 0, 0}, {"2025-11", 0, 1, 0, 2, 0}};
    s.by_coach = {{"Lars Berg", 1, 1, 0, 0, 2}, {"", 0, 0, 1, 0, 0}};
    s.rates = {"level-frequency-85"};
    const auto r = html_report_of(s, Lang::da);
    CHECK(r.lang == Lang::da);
    CHECK(r.scope == "mestringsvejleder Lars Berg");
    CHECK(r.status.pending == 1);
    CHECK(r.status.closed == 5);
    // Named coaches first, then the cases without one, keyed as in the JSON.
    REQUIRE(r.by_coach.size() == 2);
    CHECK(r.by_coach[0].key == "Lars Berg");
    CHECK(r.by_coach[1].key == "(no coach)");
    CHECK(r.by_coach[1].label.empty());
    CHECK(r.by_programme.at(0).key == "85");
    CHECK(r.by_programme.at(0).label == "§85");
    REQUIRE(r.by_level.size() == 2);
    CHECK(r.by_level[0].level == 2);
    CHECK_FALSE(r.by_level[1].level);
    REQUIRE(r.per_rule.size() == 1);
    CHECK(r.per_rule[0].key == "first-followup-85");
    CHECK(r.per_rule[0].label == "første opfølgning");
    CHECK(r.per_rule[0].counts.on_time == 1);
    CHECK(r.per_rule[0].counts.late == 2);
    CHECK(r.per_rule[0].counts.missed == 3);
    CHECK(r.per_rule[0].counts.open == 4);
    CHECK(r.per_rule[0].counts.exempted == 5);
    REQUIRE(r.per_month.size() == 2);
    CHECK(r.per_month[1].year == 2025);
    CHECK(r.per_month[1].month == 11u);
    CHECK(r.per_month[1].counts.open == 2);
    REQUIRE(r.per_coach.size() == 2);
    CHECK(r.per_coach[1].key.empty());
    CHECK(r.notes == std::vector<std::string>{"level-frequency-85 er en hyppighed uden frist og er udeladt."});
  }
}
