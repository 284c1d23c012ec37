// The agenda: the obligations a window shows, given to the person who must
// act, and its four renderings. Everything that names a person goes
// through group_name, so "(no coach)" is written in one place.
#include <mestring/agenda.hpp>

#include <mestring/csv.hpp>
#include <mestring/json.hpp>
#include <mestring/rules.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <iterator>
#include <map>

namespace mestring {

namespace {

std::string what_to_do(const AgendaItem &i, const AgendaView &v) {
  const auto title = i.rule->title(v.lang);
  if (i.overdue) {
    const long late = days_between(i.due, v.as_of);
    return trf(v.lang, late == 1 ? "{} — overdue since {} ({} day)" : "{} — overdue since {} ({} days)", title,
               short_date(i.due, v.lang), late);
  }
  return trf(v.lang, "{} by {}", title, short_date(i.due, v.lang));
}

// "exempted until Fri 19 Dec: in hospital (Mette Holm)".
std::string exempted_text(const AgendaItem &i, const AgendaView &v) {
  const auto &e = *i.exemption;
  return e.by.empty() ? trf(v.lang, "exempted until {}: {}", short_date(e.until, v.lang), e.reason)
                      : trf(v.lang, "exempted by {} until {}: {}", e.by, short_date(e.until, v.lang), e.reason);
}

std::string window_title(const AgendaView &v) {
  const auto w = iso_week(v.window.from);
  const bool one_week = week_start(v.window.from) == v.window.from && days_between(v.window.from, v.window.to) == 6;
  const std::string span = v.window.from == v.window.to ? long_date(v.window.from, v.lang)
                                                        : fmt::format("{} – {}", long_date(v.window.from, v.lang),
                                                                      long_date(v.window.to, v.lang));
  return one_week ? trf(v.lang, "Week {}, {}", w.week, span) : span;
}

std::string group_key(const AgendaItem &i, GroupBy by, Lang lang) {
  if (by != GroupBy::date)
    return group_name(i, by, lang);
  return i.overdue ? std::string(tr(lang, "Overdue")) : trf(lang, "Due in week {}", iso_week(i.due).week);
}

// Items grouped by the chosen key, keeping the agenda's order inside each
// group; groups of people sorted by name, the unnamed last.
std::vector<std::pair<std::string, std::vector<const AgendaItem *>>> groups(const std::vector<AgendaItem> &items,
                                                                            GroupBy by, Lang lang) {
  std::vector<std::pair<std::string, std::vector<const AgendaItem *>>> out;
  std::map<std::string, size_t> index;
  std::vector<const AgendaItem *> sorted;
  sorted.reserve(items.size());
  for (const auto &i : items)
    sorted.push_back(&i);
  if (by != GroupBy::date)
    std::stable_sort(sorted.begin(), sorted.end(), [&](auto *a, auto *b) {
      const bool a_named = by == GroupBy::case_id || !group_name(*a, by, lang).starts_with("(");
      const bool b_named = by == GroupBy::case_id || !group_name(*b, by, lang).starts_with("(");
      return std::tuple(!a_named, name_key(group_key(*a, by, lang))) <
             std::tuple(!b_named, name_key(group_key(*b, by, lang)));
    });
  // A person is one group however the files spell the name (NFC or NFD,
  // case); the group is titled with the first spelling met.
  for (const auto *i : sorted) {
    const auto title = group_key(*i, by, lang);
    const auto key = by == GroupBy::date || by == GroupBy::case_id ? title : name_key(title);
    if (!index.contains(key)) {
      index[key] = out.size();
      out.push_back({title, {}});
    }
    out[index[key]].second.push_back(i);
  }
  return out;
}

// The person column: who must act, unless the grouping already says.
bool shows_owner(GroupBy by) { return by != GroupBy::owner; }

std::string owner_cell(const AgendaItem &i, Lang lang) { return group_name(i, GroupBy::owner, lang); }

} // namespace

std::span<const std::pair<std::string_view, GroupBy>> groupings() {
  static constexpr std::pair<std::string_view, GroupBy> table[] = {{"date", GroupBy::date},
                                                                   {"coach", GroupBy::coach},
                                                                   {"advisor", GroupBy::advisor},
                                                                   {"owner", GroupBy::owner},
                                                                   {"case", GroupBy::case_id}};
  return table;
}

std::string group_name(const AgendaItem &i, GroupBy by, Lang lang) {
  switch (by) {
  case GroupBy::coach: return i.coach.empty() ? std::string(tr(lang, "(no coach)")) : i.coach;
  case GroupBy::advisor: return i.advisor.empty() ? std::string(tr(lang, "(no advisor)")) : i.advisor;
  case GroupBy::owner:
    if (!i.owner.empty())
      return i.owner;
    return std::string(tr(lang, i.role == Role::authority ? "(no advisor)" : "(no coach)"));
  case GroupBy::case_id: return i.case_id;
  case GroupBy::date: break;
  }
  return "";
}

Window make_window(WindowKind kind, Date as_of, int days, Date from, Date to) {
  switch (kind) {
  case WindowKind::week: return {week_start(as_of), add_days(week_start(as_of), 6)};
  case WindowKind::next_week: return {add_days(week_start(as_of), 7), add_days(week_start(as_of), 13)};
  case WindowKind::days: return {as_of, add_days(as_of, days - 1)};
  case WindowKind::month: {
    const Date first = Date::from_ymd(as_of.year(), as_of.month(), 1);
    return {first, add_days(add_months(first, 1), -1)};
  }
  case WindowKind::range: break;
  }
  return {from, to};
}

bool shown_in_agenda(const Obligation &o, Window w) {
  if (!o.reportable || !o.due)
    return false;
  const bool in_window = o.state == State::open && *o.due >= w.from && *o.due <= w.to;
  return in_window || o.state == State::missed;
}

bool met_since(const Obligation &o, Date since) {
  return (o.state == State::met || o.state == State::met_late) && o.due && o.evidence && o.evidence->date >= since;
}

std::string agenda_scope(const AgendaFilter &f, Lang lang) {
  std::vector<std::string> parts;
  if (!f.coach.empty())
    parts.push_back(trf(lang, "coach {}", f.coach));
  if (!f.advisor.empty())
    parts.push_back(trf(lang, "advisor {}", f.advisor));
  if (!f.who.empty())
    parts.push_back(trf(lang, "what {} must act on", f.who));
  if (f.role)
    parts.push_back(trf(lang, "role {}", label_of(*f.role, lang)));
  if (!f.paragraph.empty())
    parts.push_back(programme_label(f.paragraph));
  if (!f.case_id.empty())
    parts.push_back(trf(lang, "case {}", f.case_id));
  if (!f.overdue)
    parts.push_back(std::string(tr(lang, "overdue left out")));
  std::string out;
  for (const auto &p : parts)
    out += (out.empty() ? "" : ", ") + p;
  return out;
}

Agenda agenda(const Assessment &assessment, const Config &cfg, Window w, const AgendaFilter &filter) {
  struct Shown { // an obligation the agenda shows, and where; with its sort key at hand
    const CaseSummary *c;
    const Obligation *o;
    const Exemption *exemption;
    bool overdue, done;
    Date due;
    std::string_view case_id;
  };
  std::vector<Shown> items, exempted, done_items;
  Agenda out;
  for (const auto &a : assessment.cases) {
    const auto &c = a.summary;
    if ((!filter.coach.empty() && !same_name(filter.coach, c.coach)) ||
        (!filter.advisor.empty() && !same_name(filter.advisor, c.advisor)) ||
        (!filter.paragraph.empty() && filter.paragraph != c.paragraph) ||
        (!filter.case_id.empty() && filter.case_id != c.id))
      continue;
    for (const auto &o : a.obligations) {
      const bool done = filter.done_since && met_since(o, *filter.done_since);
      if (!done && !shown_in_agenda(o, w))
        continue;
      const bool overdue = o.state == State::missed;
      const auto &owner = owner_of(o, c);
      if ((overdue && !filter.overdue) || (filter.role && o.role != *filter.role) ||
          (!filter.who.empty() && !same_name(filter.who, owner)))
        continue;
      const auto *exemption = exemption_of(o, c); // never one of a met obligation
      (done ? done_items : exemption ? exempted : items).push_back({&c, &o, exemption, overdue, done, *o.due, c.id});
    }
  }
  // Sorted as references, then made: an item's texts are copied once.
  const auto order = [](const Shown &a, const Shown &b) {
    return std::tuple(!a.overdue, a.due, a.case_id) < std::tuple(!b.overdue, b.due, b.case_id);
  };
  const auto make = [&](std::vector<Shown> &shown, std::vector<AgendaItem> &list) {
    std::stable_sort(shown.begin(), shown.end(), order);
    list.reserve(shown.size());
    for (const auto &s : shown) {
      const auto &c = *s.c;
      const auto &o = *s.o;
      list.push_back({c.id, c.name, c.paragraph, c.coach, c.advisor, o.rule, o.role, owner_of(o, c),
                      anchor_text(o, cfg, cfg.lang()), c.file, o.line, *o.due, s.overdue,
                      s.exemption ? std::optional{*s.exemption} : std::nullopt,
                      s.done ? std::optional{o.evidence->date} : std::nullopt});
    }
  };
  make(items, out.items);
  make(exempted, out.exempted);
  make(done_items, out.done);
  return out;
}

std::string render_agenda_text(const Agenda &a, const AgendaView &v) {
  std::string out = trf(v.lang, "{} (as of {})\n", window_title(v), long_date(v.as_of, v.lang));
  if (a.items.empty() && a.exempted.empty())
    return out + "\n" + std::string(tr(v.lang, "Nothing is due and nothing is overdue.")) + "\n";
  // Column widths over the whole agenda, so every group lines up.
  size_t w_case = 4, w_name = 7, w_par = 1, w_owner = 5, w_date = 4;
  for (const auto *list : {&a.items, &a.exempted})
    for (const auto &i : *list) {
      w_date = std::max(w_date, display_width(short_date(i.due, v.lang)));
      w_case = std::max(w_case, display_width(i.case_id));
      w_name = std::max(w_name, display_width(i.name));
      w_par = std::max(w_par, display_width(programme_label(i.paragraph)));
      w_owner = std::max(w_owner, display_width(owner_cell(i, v.lang)));
    }
  // Each line is written straight into `out`: at 100,000 cases an agenda
  // has tens of thousands of lines, and a string per cell would cost more
  // than all the rest of the rendering.
  const auto cell = [&out](std::string_view s, size_t width) {
    out += s;
    const size_t w = display_width(s);
    out.append(width > w ? width - w : 0, ' ');
    out += "  ";
  };
  auto line = [&](const AgendaItem &i, bool owner, std::string_view what) {
    out += "  ";
    const auto date = short_date(i.due, v.lang);
    if (v.color)
      out += paint(pad_right(date, w_date), i.overdue ? Tone::error : Tone::info, true) + "  ";
    else
      cell(date, w_date);
    fmt::format_to(std::back_inserter(out), "{} {:>2}  ", tr(v.lang, "week"), iso_week(i.due).week);
    cell(i.case_id, w_case);
    if (v.names)
      cell(i.name, w_name);
    cell(programme_label(i.paragraph), w_par);
    if (owner)
      cell(owner_cell(i, v.lang), w_owner);
    out += what;
    out += '\n';
  };
  for (const auto &[title, group] : groups(a.items, v.by, v.lang)) {
    out += "\n" + paint(fmt::format("{} ({})", title, group.size()), Tone::strong, v.color) + "\n";
    for (const auto *i : group)
      line(*i, shows_owner(v.by), what_to_do(*i, v));
  }
  if (!a.exempted.empty()) {
    out += "\n" + paint(trf(v.lang, "Exempted ({})", a.exempted.size()), Tone::strong, v.color) + "\n";
    for (const auto &i : a.exempted)
      line(i, true, fmt::format("{} — {}", i.rule->title(v.lang), exempted_text(i, v)));
  }
  const auto overdue = std::count_if(a.items.begin(), a.items.end(), [](const AgendaItem &i) { return i.overdue; });
  const auto due = long(a.items.size()) - overdue;
  // Each count with its own noun, so each can be singular or plural.
  out += "\n" + trf(v.lang, a.items.size() == 1 ? "{} item" : "{} items", a.items.size()) + ": " +
         trf(v.lang, overdue == 1 ? "{} overdue" : "{} overdue\x04plural", overdue) + ", " +
         trf(v.lang, "{} due in the period", due);
  if (!a.exempted.empty())
    out += ", " + trf(v.lang, "{} exempted", a.exempted.size());
  return out + ".\n";
}

std::string render_agenda_markdown(const Agenda &a, const AgendaView &v) {
  std::string out = fmt::format("# {}\n\n{}\n", window_title(v), trf(v.lang, "As of {}.", long_date(v.as_of, v.lang)));
  if (a.items.empty() && a.exempted.empty())
    return out + "\n" + std::string(tr(v.lang, "Nothing is due and nothing is overdue.")) + "\n";
  auto cell = [](const std::string &s) {
    std::string r;
    for (const char c : s)
      r += c == '|' ? std::string("\\|") : std::string(1, c);
    return r;
  };
  auto table = [&](const std::string &title, const std::vector<const AgendaItem *> &items, bool exempted) {
    std::string t = fmt::format("\n## {}\n\n{}\n|---|---|---|{}---|---|---|\n", title,
                                trf(v.lang, v.names ? "| Due | Week | Case | Citizen | Programme | Who | What to do |"
                                                    : "| Due | Week | Case | Programme | Who | What to do |"),
                                v.names ? "---|" : "");
    for (const auto *i : items)
      t += fmt::format(
          "| {} | {} | {} |{} {} | {} | {} |\n", short_date(i->due, v.lang), iso_week(i->due).week, cell(i->case_id),
          v.names ? " " + cell(i->name) + " |" : "", cell(programme_label(i->paragraph)), cell(owner_cell(*i, v.lang)),
          cell(exempted ? fmt::format("{} — {}", i->rule->title(v.lang), exempted_text(*i, v)) : what_to_do(*i, v)));
    return t;
  };
  for (const auto &[title, group] : groups(a.items, v.by, v.lang))
    out += table(title, group, false);
  if (!a.exempted.empty()) {
    std::vector<const AgendaItem *> items;
    for (const auto &i : a.exempted)
      items.push_back(&i);
    out += table(std::string(tr(v.lang, "Exempted")), items, true);
  }
  return out;
}

std::string render_agenda_csv(const Agenda &a, const AgendaView &v, CsvStyle style) {
  CsvWriter w(style);
  w.row({"due", "weekday", "week", "overdue", "case", "name", "paragraph", "coach", "advisor", "rule", "title",
         "anchor", "role", "owner", "exemption_reason", "exemption_until", "exemption_by", "file", "line"});
  for (const auto *list : {&a.items, &a.exempted})
    for (const auto &i : *list) {
      w.date(i.due).text(weekday_name(i.due, v.lang)).number(iso_week(i.due).week).text(i.overdue ? "true" : "false");
      w.text(i.case_id).text(v.names ? i.name : "").text(i.paragraph).text(i.coach).text(i.advisor);
      w.text(i.rule->id).text(i.rule->title(v.lang)).text(i.anchor).text(id_of(i.role)).text(i.owner);
      if (i.exemption)
        w.text(i.exemption->reason).date(i.exemption->until).text(i.exemption->by);
      else
        w.empty().empty().empty();
      w.text(i.file).number(i.line).end_row();
    }
  return w.str();
}

std::string render_agenda_json(const Agenda &a, const AgendaView &v) {
  JsonWriter j;
  j.begin_object().key("as_of").value(v.as_of.iso()).key("from").value(v.window.from.iso());
  j.key("to").value(v.window.to.iso());
  for (const auto *list : {&a.items, &a.exempted}) {
    j.key(list == &a.items ? "items" : "exempted").begin_array();
    for (const auto &i : *list) {
      j.begin_object().key("case").value(i.case_id).key("name").value(v.names ? std::optional(i.name) : std::nullopt);
      j.key("paragraph").value(i.paragraph).key("rule").value(i.rule->id).key("due").value(i.due.iso());
      j.key("overdue").value(i.overdue).key("coach").value(i.coach).key("advisor").value(i.advisor);
      j.key("title").value(i.rule->title(v.lang)).key("anchor").value(i.anchor).key("file").value(i.file);
      j.key("line").value(long(i.line)).key("role").value(id_of(i.role)).key("owner").value_or_null(i.owner);
      if (i.exemption) {
        j.key("exemption").begin_object().key("reason").value(i.exemption->reason);
        j.key("until").value(i.exemption->until.iso()).key("by").value_or_null(i.exemption->by).end_object();
      }
      j.end_object();
    }
    j.end_array();
  }
  j.end_object();
  return j.str();
}

} // namespace mestring
