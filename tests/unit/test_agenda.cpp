// `due` (agenda.hpp): the windows, what an agenda holds for each, its
// filters and order, and the text a coordinator prints. As of Wednesday
// 2025-11-26, ISO week 48 (24–30 November).
#include <mestring/agenda.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace mestring;
using namespace mestring::test;

namespace {

// §85, coach Lars Berg: health-check-85 missed on 2025-10-01 (start +
// 12 months, line 7); annual-review-85 open, due 2025-12-01 (the first
// follow-up 2024-12-01 + 12 months, line 8).
const std::string a1 = "id: a1\nparagraph: \"85\"\ncitizen: {name: Anna Lund}\nadvisor: Mette Holm\ncoach: Lars "
                       "Berg\nlevel: 1\nstart: 2024-10-01\nfollowups: [{date: 2024-12-01, kind: first}]\n"
                       "contacts: [{date: 2025-11-20, outcome: reached}]\n";
// §85, coach Åse Holm: processing-85 open, due 2025-11-28 (applied 2025-10-03
// + 8 weeks, line 7).
const std::string b1 = "id: b1\nparagraph: \"85\"\ncitizen: {name: Bo Ravn}\nadvisor: Mette Holm\ncoach: Åse "
                       "Holm\nlevel: 2\napplied: 2025-10-03\n";
// §82b, no coach: cap-82b missed on 2025-11-20 (start 2025-05-20 + 6 months,
// line 5); monthly-followup-82 open, due 2025-12-10 (follow-up 2025-11-10 +
// 1 month, line 6).
const std::string c1 = "id: c1\nparagraph: 82b\ncitizen: {name: Carl Dam}\nadvisor: Per Olsen\nstart: "
                       "2025-05-20\nfollowups: [{date: 2025-11-10}]\n";
// §82a, coach Lars Berg: monthly-followup-82 open, due 2025-11-28 (follow-up
// 2025-10-28 + 1 month, line 7); cap-82a open, due 2025-12-10 (line 6).
const std::string d1 = "id: d1\nparagraph: 82a\ncitizen: {name: Dorte Juul}\nadvisor: Per Olsen\ncoach: Lars "
                       "Berg\nstart: 2025-06-10\nfollowups: [{date: 2025-10-28}]\n";

// Loaded in the reverse of the order the agenda must show.
const Assessment &cases() {
  static const Assessment a = assessment_of({d1, c1, b1, a1});
  return a;
}

// "case rule due" per item to do, "!" after an overdue one, joined by "; ".
std::string summary(const Agenda &a) {
  std::string s;
  for (const auto &i : a.items)
    s += (s.empty() ? "" : "; ") + i.case_id + " " + std::string(i.rule->id) + " " + i.due.iso() +
         (i.overdue ? "!" : "");
  return s;
}

Agenda due(Window w, const AgendaFilter &filter = {}) { return agenda(cases(), defaults(), w, filter); }

// A filter on one field, as `due --coach` and the like set it.
AgendaFilter only(std::string AgendaFilter::*field, std::string value) {
  AgendaFilter f;
  f.*field = std::move(value);
  return f;
}

// The same without the overdue (--no-overdue).
AgendaFilter not_overdue(AgendaFilter f = {}) {
  f.overdue = false;
  return f;
}

Window week() { return make_window(WindowKind::week, today()); }

std::string window_text(Window w) { return w.from.iso() + " " + w.to.iso(); }

} // namespace

TEST_SUITE("agenda") {
  TEST_CASE("the windows are the ISO week, the next one, N days, the calendar month, or the range given") {
    CHECK(window_text(make_window(WindowKind::week, today())) == "2025-11-24 2025-11-30");
    CHECK(window_text(make_window(WindowKind::next_week, today())) == "2025-12-01 2025-12-07");
    CHECK(window_text(make_window(WindowKind::days, today(), 7)) == "2025-11-26 2025-12-02");
    CHECK(window_text(make_window(WindowKind::days, today(), 1)) == "2025-11-26 2025-11-26");
    CHECK(window_text(make_window(WindowKind::month, today())) == "2025-11-01 2025-11-30");
    CHECK(window_text(make_window(WindowKind::range, today(), 7, day("2025-12-01"), day("2025-12-31"))) ==
          "2025-12-01 2025-12-31");
  }

  TEST_CASE("a week and a month across the end of a year or of February keep to the calendar") {
    CHECK(window_text(make_window(WindowKind::week, day("2025-12-31"))) == "2025-12-29 2026-01-04");
    CHECK(window_text(make_window(WindowKind::next_week, day("2025-12-31"))) == "2026-01-05 2026-01-11");
    CHECK(window_text(make_window(WindowKind::month, day("2024-02-10"))) == "2024-02-01 2024-02-29");
    CHECK(window_text(make_window(WindowKind::month, day("2025-12-31"))) == "2025-12-01 2025-12-31");
  }

  TEST_CASE("each window holds what is open in it, and every overdue item whatever the window") {
    CHECK(summary(due(week())) == "a1 health-check-85 2025-10-01!; c1 cap-82b 2025-11-20!; "
                                  "b1 processing-85 2025-11-28; d1 monthly-followup-82 2025-11-28");
    CHECK(summary(due(make_window(WindowKind::next_week, today()))) ==
          "a1 health-check-85 2025-10-01!; c1 cap-82b 2025-11-20!; a1 annual-review-85 2025-12-01");
    CHECK(summary(due(make_window(WindowKind::days, today(), 7))) ==
          "a1 health-check-85 2025-10-01!; c1 cap-82b 2025-11-20!; b1 processing-85 2025-11-28; "
          "d1 monthly-followup-82 2025-11-28; a1 annual-review-85 2025-12-01");
    CHECK(summary(due(make_window(WindowKind::month, today()))) ==
          "a1 health-check-85 2025-10-01!; c1 cap-82b 2025-11-20!; b1 processing-85 2025-11-28; "
          "d1 monthly-followup-82 2025-11-28");
    CHECK(summary(due(make_window(WindowKind::range, today(), 7, day("2025-12-01"), day("2025-12-31")))) ==
          "a1 health-check-85 2025-10-01!; c1 cap-82b 2025-11-20!; a1 annual-review-85 2025-12-01; "
          "c1 monthly-followup-82 2025-12-10; d1 cap-82a 2025-12-10");
  }

  TEST_CASE("the order is overdue first, then by due date, then by case") {
    // Loaded d1, c1, b1, a1: the two overdue by date, then b1 before d1 on one day.
    const auto items = due(make_window(WindowKind::range, today(), 7, day("2025-11-01"), day("2025-12-31")));
    CHECK(summary(items) == "a1 health-check-85 2025-10-01!; c1 cap-82b 2025-11-20!; b1 processing-85 2025-11-28; "
                            "d1 monthly-followup-82 2025-11-28; a1 annual-review-85 2025-12-01; "
                            "c1 monthly-followup-82 2025-12-10; d1 cap-82a 2025-12-10");
  }

  TEST_CASE("filters keep one coach or advisor (names as people type them), one programme, one case, or no overdue") {
    CHECK(summary(due(week(), only(&AgendaFilter::coach, "LARS BERG"))) ==
          "a1 health-check-85 2025-10-01!; d1 monthly-followup-82 2025-11-28");
    CHECK(summary(due(week(), only(&AgendaFilter::coach, "ase holm"))) == "");
    CHECK(summary(due(week(), only(&AgendaFilter::coach, "åse  holm"))) == "b1 processing-85 2025-11-28");
    CHECK(summary(due(week(), only(&AgendaFilter::advisor, "per olsen"))) ==
          "c1 cap-82b 2025-11-20!; d1 monthly-followup-82 2025-11-28");
    CHECK(summary(due(week(), only(&AgendaFilter::paragraph, "85"))) ==
          "a1 health-check-85 2025-10-01!; b1 processing-85 2025-11-28");
    CHECK(summary(due(week(), only(&AgendaFilter::case_id, "c1"))) == "c1 cap-82b 2025-11-20!");
    CHECK(summary(due(week(), not_overdue())) == "b1 processing-85 2025-11-28; d1 monthly-followup-82 2025-11-28");
    CHECK(summary(due(week(), not_overdue(only(&AgendaFilter::coach, "Lars Berg")))) ==
          "d1 monthly-followup-82 2025-11-28");
  }

  TEST_CASE("--for keeps what one person must act on, --role what one role must") {
    // Mette Holm advises a1 and b1, but only b1's decision is hers this week.
    CHECK(summary(due(week(), only(&AgendaFilter::who, "mette holm"))) == "b1 processing-85 2025-11-28");
    CHECK(summary(due(week(), only(&AgendaFilter::who, "Lars Berg"))) ==
          "a1 health-check-85 2025-10-01!; d1 monthly-followup-82 2025-11-28");
    AgendaFilter authority;
    authority.role = Role::authority;
    CHECK(summary(due(week(), authority)) == "c1 cap-82b 2025-11-20!; b1 processing-85 2025-11-28");
    AgendaFilter coach;
    coach.role = Role::coach;
    CHECK(summary(due(week(), coach)) == "a1 health-check-85 2025-10-01!; d1 monthly-followup-82 2025-11-28");
  }

  TEST_CASE("an item carries the case's people, the rule, who must act, its anchor and where to look") {
    const auto a = due(week(), only(&AgendaFilter::case_id, "c1"));
    CHECK(a.exempted.empty());
    REQUIRE(a.items.size() == 1);
    const auto &i = a.items[0];
    CHECK(std::vector<std::string>{i.case_id, i.name, i.paragraph, i.coach, i.advisor, std::string(i.rule->id),
                                   std::string(id_of(i.role)), i.owner, i.anchor, i.file, std::to_string(i.line),
                                   i.due.iso()} ==
          std::vector<std::string>{"c1", "Carl Dam", "82b", "", "Per Olsen", "cap-82b", "authority", "Per Olsen",
                                   "start 2025-05-20 + 6 months", "cases/c1.yaml", "5", "2025-11-20"});
    CHECK(i.overdue);
    CHECK_FALSE(i.exemption);
  }

  TEST_CASE("the text groups by date: the overdue, then a group per ISO week, each line naming who must act") {
    const auto w = make_window(WindowKind::days, today(), 7);
    CHECK(render_agenda_text(due(w), {today(), w}) ==
          "Wednesday 26 November 2025 – Tuesday 2 December 2025 (as of Wednesday 26 November 2025)\n"
          "\n"
          "Overdue (2)\n"
          "  Wed 1 Oct   week 40  a1    Anna Lund   §85   Lars Berg   offer the yearly health check — overdue since "
          "Wed 1 Oct (56 days)\n"
          "  Thu 20 Nov  week 47  c1    Carl Dam    §82b  Per Olsen   end the §82b course — overdue since Thu 20 Nov "
          "(6 days)\n"
          "\n"
          "Due in week 48 (2)\n"
          "  Fri 28 Nov  week 48  b1    Bo Ravn     §85   Mette Holm  send the decision by Fri 28 Nov\n"
          "  Fri 28 Nov  week 48  d1    Dorte Juul  §82a  Lars Berg   follow up on the citizen plan by Fri 28 Nov\n"
          "\n"
          "Due in week 49 (1)\n"
          "  Mon 1 Dec   week 49  a1    Anna Lund   §85   Mette Holm  hold the yearly §141 follow-up by Mon 1 Dec\n"
          "\n"
          "5 items: 2 overdue, 3 due in the period.\n");
  }

  TEST_CASE("the text groups by coach, the named in order and the cases without one last, each group in agenda order") {
    CHECK(render_agenda_text(due(week()), {today(), week(), GroupBy::coach}) ==
          "Week 48, Monday 24 November 2025 – Sunday 30 November 2025 (as of Wednesday 26 November 2025)\n"
          "\n"
          "Lars Berg (2)\n"
          "  Wed 1 Oct   week 40  a1    Anna Lund   §85   Lars Berg   offer the yearly health check — overdue since "
          "Wed 1 Oct (56 days)\n"
          "  Fri 28 Nov  week 48  d1    Dorte Juul  §82a  Lars Berg   follow up on the citizen plan by Fri 28 Nov\n"
          "\n"
          "Åse Holm (1)\n"
          "  Fri 28 Nov  week 48  b1    Bo Ravn     §85   Mette Holm  send the decision by Fri 28 Nov\n"
          "\n"
          "(no coach) (1)\n"
          "  Thu 20 Nov  week 47  c1    Carl Dam    §82b  Per Olsen   end the §82b course — overdue since Thu 20 Nov "
          "(6 days)\n"
          "\n"
          "4 items: 2 overdue, 2 due in the period.\n");
  }

  TEST_CASE(
      "the text groups by the person who must act: the advisor for the authority's rules, the coach for the coach's") {
    CHECK(render_agenda_text(due(week()), {today(), week(), GroupBy::owner}) ==
          "Week 48, Monday 24 November 2025 – Sunday 30 November 2025 (as of Wednesday 26 November 2025)\n"
          "\n"
          "Lars Berg (2)\n"
          "  Wed 1 Oct   week 40  a1    Anna Lund   §85   offer the yearly health check — overdue since Wed 1 Oct (56 "
          "days)\n"
          "  Fri 28 Nov  week 48  d1    Dorte Juul  §82a  follow up on the citizen plan by Fri 28 Nov\n"
          "\n"
          "Mette Holm (1)\n"
          "  Fri 28 Nov  week 48  b1    Bo Ravn     §85   send the decision by Fri 28 Nov\n"
          "\n"
          "Per Olsen (1)\n"
          "  Thu 20 Nov  week 47  c1    Carl Dam    §82b  end the §82b course — overdue since Thu 20 Nov (6 days)\n"
          "\n"
          "4 items: 2 overdue, 2 due in the period.\n");
  }

  TEST_CASE("the text groups by case, and leaves the names out when privacy asks for ids only") {
    CHECK(render_agenda_text(due(week()), {today(), week(), GroupBy::case_id, false}) ==
          "Week 48, Monday 24 November 2025 – Sunday 30 November 2025 (as of Wednesday 26 November 2025)\n"
          "\n"
          "a1 (1)\n"
          "  Wed 1 Oct   week 40  a1    §85   Lars Berg   offer the yearly health check — overdue since Wed 1 Oct (56 "
          "days)\n"
          "\n"
          "b1 (1)\n"
          "  Fri 28 Nov  week 48  b1    §85   Mette Holm  send the decision by Fri 28 Nov\n"
          "\n"
          "c1 (1)\n"
          "  Thu 20 Nov  week 47  c1    §82b  Per Olsen   end the §82b course — overdue since Thu 20 Nov (6 days)\n"
          "\n"
          "d1 (1)\n"
          "  Fri 28 Nov  week 48  d1    §82a  Lars Berg   follow up on the citizen plan by Fri 28 Nov\n"
          "\n"
          "4 items: 2 overdue, 2 due in the period.\n");
  }

  TEST_CASE("an empty agenda says that nothing is due") {
    CHECK(render_agenda_text({}, {today(), week()}) ==
          "Week 48, Monday 24 November 2025 – Sunday 30 November 2025 (as of Wednesday 26 November 2025)\n"
          "\n"
          "Nothing is due and nothing is overdue.\n");
  }
}
