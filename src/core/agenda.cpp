#include <mestring/agenda.hpp>

#include <mestring/json.hpp>
#include <mestring/rules.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace mestring {

namespace {

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(s);
  std::string out = "\"";
  for (const char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string what_to_do(const AgendaItem &i, const AgendaView &v) {
  const auto title = i.rule->title(v.lang);
  if (i.overdue) {
    const long late = days_between(i.due, v.as_of);
    return trf(v.lang, late == 1 ? "{} — overdue since {} ({} day)" : "{} — overdue since {} ({} days)", title,
               i.due.iso(), late);
  }
  return trf(v.lang, "{} by {}", title, short_date(i.due, v.lang));
}

std::string window_title(const AgendaView &v) {
  const auto w = iso_week(v.window.from);
  const bool one_week = week_start(v.window.from) == v.window.from && days_between(v.window.from, v.window.to) == 6;
  const std::string span = fmt::format("{} – {}", long_date(v.window.from, v.lang), long_date(v.window.to, v.lang));
  return one_week ? trf(v.lang, "Week {}, {}", w.week, span) : span;
}

std::string group_key(const AgendaItem &i, GroupBy by, Lang lang) {
  switch (by) {
  case GroupBy::coach: return i.coach.empty() ? std::string(tr(lang, "(no coach)")) : i.coach;
  case GroupBy::case_id: return i.case_id;
  case GroupBy::date: break;
  }
  return i.overdue ? std::string(tr(lang, "Overdue")) : trf(lang, "Due in week {}", iso_week(i.due).week);
}

// Items grouped by the chosen key, keeping the agenda's order inside each group.
std::vector<std::pair<std::string, std::vector<const AgendaItem *>>> groups(const std::vector<AgendaItem> &items,
                                                                            GroupBy by, Lang lang) {
  std::vector<std::pair<std::string, std::vector<const AgendaItem *>>> out;
  std::map<std::string, size_t> index;
  std::vector<const AgendaItem *> sorted;
  for (const auto &i : items)
    sorted.push_back(&i);
  if (by != GroupBy::date)
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](auto *a, auto *b) { return group_key(*a, by, lang) < group_key(*b, by, lang); });
  for (const auto *i : sorted) {
    const auto key = group_key(*i, by, lang);
    if (!index.contains(key)) {
      index[key] = out.size();
      out.push_back({key, {}});
    }
    out[index[key]].second.push_back(i);
  }
  return out;
}

} // namespace

std::span<const std::pair<std::string_view, GroupBy>> groupings() {
  static constexpr std::pair<std::string_view, GroupBy> table[] = {
      {"date", GroupBy::date}, {"coach", GroupBy::coach}, {"case", GroupBy::case_id}};
  return table;
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

std::vector<AgendaItem> agenda(const Assessment &assessment, const Config &cfg, Window w, const AgendaFilter &filter) {
  std::vector<AgendaItem> items;
  for (const auto &a : assessment.cases) {
    const auto &c = a.summary;
    if ((!filter.coach.empty() && !same_name(filter.coach, c.coach)) ||
        (!filter.advisor.empty() && !same_name(filter.advisor, c.advisor)) ||
        (!filter.paragraph.empty() && filter.paragraph != c.paragraph) ||
        (!filter.case_id.empty() && filter.case_id != c.id))
      continue;
    for (const auto &o : a.obligations) {
      if (!shown_in_agenda(o, w))
        continue;
      const bool overdue = o.state == State::missed;
      if (overdue && !filter.overdue)
        continue;
      items.push_back({c.id, c.name, c.paragraph, c.coach, c.advisor, o.rule, anchor_text(o, cfg, cfg.lang()), c.file,
                       o.line, *o.due, overdue});
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const AgendaItem &a, const AgendaItem &b) {
    return std::tuple(!a.overdue, a.due, a.case_id) < std::tuple(!b.overdue, b.due, b.case_id);
  });
  return items;
}

std::string render_agenda_text(const std::vector<AgendaItem> &items, const AgendaView &v) {
  std::string out = trf(v.lang, "{} (as of {})\n", window_title(v), long_date(v.as_of, v.lang));
  if (items.empty())
    return out + "\n" + std::string(tr(v.lang, "Nothing is due and nothing is overdue.")) + "\n";
  // Column widths over the whole agenda, so every group lines up.
  size_t w_case = 4, w_name = 7, w_par = 1, w_coach = 5, w_date = 4;
  for (const auto &i : items) {
    w_date = std::max(w_date, display_width(short_date(i.due, v.lang)));
    w_case = std::max(w_case, display_width(i.case_id));
    w_name = std::max(w_name, display_width(i.name));
    w_par = std::max(w_par, display_width(programme_label(i.paragraph)));
    w_coach = std::max(w_coach, display_width(i.coach));
  }
  for (const auto &[title, group] : groups(items, v.by, v.lang)) {
    out += "\n" + paint(fmt::format("{} ({})", title, group.size()), Tone::strong, v.color) + "\n";
    for (const auto *i : group) {
      out += fmt::format(
          "  {}  {} {:>2}  {}  ",
          paint(pad_right(short_date(i->due, v.lang), w_date), i->overdue ? Tone::error : Tone::info, v.color),
          tr(v.lang, "week"), iso_week(i->due).week, pad_right(i->case_id, w_case));
      if (v.names)
        out += pad_right(i->name, w_name) + "  ";
      out += pad_right(programme_label(i->paragraph), w_par) + "  ";
      if (v.by != GroupBy::coach)
        out += pad_right(i->coach.empty() ? "-" : i->coach, w_coach) + "  ";
      out += what_to_do(*i, v) + "\n";
    }
  }
  const auto overdue = std::count_if(items.begin(), items.end(), [](const AgendaItem &i) { return i.overdue; });
  out += "\n" + trf(v.lang,
                    items.size() == 1 ? "{} item: {} overdue, {} due in the period.\n"
                                      : "{} items: {} overdue, {} due in the period.\n",
                    items.size(), overdue, long(items.size()) - overdue);
  return out;
}

std::string render_agenda_markdown(const std::vector<AgendaItem> &items, const AgendaView &v) {
  std::string out = fmt::format("# {}\n\n{}\n", window_title(v), trf(v.lang, "As of {}.", long_date(v.as_of, v.lang)));
  if (items.empty())
    return out + "\n" + std::string(tr(v.lang, "Nothing is due and nothing is overdue.")) + "\n";
  for (const auto &[title, group] : groups(items, v.by, v.lang)) {
    out += fmt::format("\n## {}\n\n{}\n|---|---|---|{}---|---|---|\n", title,
                       trf(v.lang, v.names ? "| Due | Week | Case | Citizen | Programme | Coach | What to do |"
                                           : "| Due | Week | Case | Programme | Coach | What to do |"),
                       v.names ? "---|" : "");
    for (const auto *i : group) {
      auto cell = [](std::string s) {
        std::string r;
        for (const char c : s)
          r += c == '|' ? std::string("\\|") : std::string(1, c);
        return r;
      };
      out += fmt::format("| {} | {} | {} |{} {} | {} | {} |\n", short_date(i->due, v.lang), iso_week(i->due).week,
                         cell(i->case_id), v.names ? " " + cell(i->name) + " |" : "",
                         cell(programme_label(i->paragraph)), cell(i->coach), cell(what_to_do(*i, v)));
    }
  }
  return out;
}

std::string render_agenda_csv(const std::vector<AgendaItem> &items, const AgendaView &v) {
  std::string out = "due,weekday,week,overdue,case,name,paragraph,coach,advisor,rule,title,file,line\r\n";
  for (const auto &i : items)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", i.due.iso(), weekday_name(i.due, v.lang),
                       iso_week(i.due).week, i.overdue ? "yes" : "no", csv_cell(i.case_id),
                       csv_cell(v.names ? i.name : ""), csv_cell(i.paragraph), csv_cell(i.coach), csv_cell(i.advisor),
                       i.rule->id, csv_cell(i.rule->title(v.lang)), csv_cell(i.file), i.line);
  return out;
}

std::string render_agenda_json(const std::vector<AgendaItem> &items, const AgendaView &v) {
  JsonWriter j;
  j.begin_object().key("as_of").value(v.as_of.iso()).key("from").value(v.window.from.iso());
  j.key("to").value(v.window.to.iso()).key("items").begin_array();
  for (const auto &i : items) {
    j.begin_object().key("case").value(i.case_id).key("name");
    if (v.names)
      j.value(i.name);
    else
      j.null();
    j.key("paragraph").value(i.paragraph).key("rule").value(i.rule->id).key("due").value(i.due.iso());
    j.key("overdue").value(i.overdue).key("coach").value(i.coach).key("advisor").value(i.advisor);
    j.key("title").value(i.rule->title(Lang::en)).key("anchor").value(i.anchor).key("file").value(i.file);
    j.key("line").value(long(i.line)).end_object();
  }
  j.end_array().end_object();
  return j.str();
}

} // namespace mestring
