// The HTML pages' models, filled from the agenda and the stats. Keys are the
// JSON output's (rule ids, "YYYY-MM", coach names, paragraph codes), so the
// tests can hold each row and bar of a page against `--format json`; labels
// are made here, in the page's language.
#include <mestring/format/html_model.hpp>

#include <mestring/rules.hpp>
#include <mestring/text.hpp>

#include <fmt/format.h>

namespace mestring {

namespace {

HtmlGroupBy html_grouping(GroupBy by) {
  switch (by) {
  case GroupBy::coach: return HtmlGroupBy::coach;
  case GroupBy::advisor: return HtmlGroupBy::advisor;
  case GroupBy::owner: return HtmlGroupBy::owner;
  case GroupBy::case_id: return HtmlGroupBy::case_id;
  case GroupBy::date: break;
  }
  return HtmlGroupBy::date;
}

HtmlAgendaItem html_item(const AgendaItem &i, const AgendaView &v) {
  HtmlAgendaItem h;
  h.case_id = i.case_id;
  h.citizen = v.names ? i.name : "";
  h.programme = programme_label(i.paragraph);
  h.rule = std::string(i.rule->id);
  h.action = std::string(i.rule->title(v.lang));
  h.basis = i.anchor;
  h.due = i.due;
  h.overdue = i.overdue;
  h.owner = i.owner;
  h.role = i.role == Role::authority ? HtmlRole::authority : HtmlRole::coach;
  h.coach = i.coach;
  h.advisor = i.advisor;
  return h;
}

// The one person a filter names for the grouping, or "".
std::string named_person(const AgendaFilter &f, GroupBy by) {
  switch (by) {
  case GroupBy::owner: return f.who;
  case GroupBy::coach: return f.coach;
  case GroupBy::advisor: return f.advisor;
  default: return "";
  }
}

HtmlCompliance compliance(const RuleCompliance &r) { return {r.met, r.met_late, r.missed, r.exempted, r.open}; }

// The caseload's key for a case without a coach (stats.cpp writes it so).
constexpr std::string_view no_coach_key = "(no coach)";

} // namespace

HtmlAgenda html_agenda_of(const Agenda &a, const AgendaView &v, const AgendaFilter &f) {
  HtmlAgenda h;
  h.lang = v.lang;
  h.as_of = v.as_of;
  h.from = v.window.from;
  h.to = v.window.to;
  h.by = html_grouping(v.by);
  h.scope = agenda_scope(f, v.lang);
  std::vector<HtmlAgendaItem> items;
  for (const auto &i : a.items)
    items.push_back(html_item(i, v));
  std::vector<HtmlExemptItem> exempted;
  for (const auto &i : a.exempted)
    exempted.push_back({html_item(i, v), i.exemption->reason, i.exemption->until, i.exemption->by});
  h.groups = group_html_agenda(items, exempted, h.by, v.lang);
  if (const auto person = named_person(f, v.by); h.groups.empty() && !person.empty())
    h.groups.push_back({person, {}, {}});
  return h;
}

HtmlReport html_report_of(const Stats &s, Lang lang) {
  HtmlReport r;
  r.lang = lang;
  r.as_of = s.as_of;
  r.from = s.from;
  r.to = s.to;
  std::vector<std::string> scope;
  if (!s.filter.coach.empty())
    scope.push_back(trf(lang, "coach {}", s.filter.coach));
  if (!s.filter.paragraph.empty())
    scope.push_back(programme_label(s.filter.paragraph));
  for (const auto &part : scope)
    r.scope += (r.scope.empty() ? "" : ", ") + part;

  const auto &cl = s.caseload;
  r.status = {cl.pending, cl.refused, cl.granted, cl.active, cl.closed};
  // The coaches by name, then the cases without one, as every list of people.
  for (const auto &[coach, n] : cl.by_coach)
    if (coach != no_coach_key)
      r.by_coach.push_back({coach, coach, n});
  if (const auto it = cl.by_coach.find(std::string(no_coach_key)); it != cl.by_coach.end())
    r.by_coach.push_back({it->first, "", it->second});
  for (const auto &[paragraph, n] : cl.by_programme)
    r.by_programme.push_back({paragraph, programme_label(paragraph), n});
  for (const auto &[level, n] : cl.by_level)
    r.by_level.push_back({level, n});
  // The cases without a level after the levels (std::nullopt sorts first).
  if (!r.by_level.empty() && !r.by_level.front().level)
    std::rotate(r.by_level.begin(), r.by_level.begin() + 1, r.by_level.end());

  for (const auto &row : s.compliance) {
    const auto *spec = find_rule(row.rule);
    r.per_rule.push_back({row.rule, spec ? std::string(spec->noun(lang)) : row.rule, compliance(row)});
  }
  for (const auto &row : s.by_month) {
    unsigned month = 0;
    int year = 0;
    // "YYYY-MM", as compute_stats writes it.
    if (std::sscanf(row.rule.c_str(), "%d-%u", &year, &month) == 2)
      r.per_month.push_back({year, month, compliance(row)});
  }
  for (const auto &row : s.by_coach)
    r.per_coach.push_back({row.rule, row.rule, compliance(row)});
  if (const auto note = rates_note(s, lang); !note.empty())
    r.notes.push_back(note);
  return r;
}

} // namespace mestring
