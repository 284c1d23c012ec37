// The agenda as a page for e-mail and print. Outlook renders HTML with
// Word's engine: no CSS grid, flexbox or positioning, and a <style> element
// that some mail clients drop. So the layout is tables, every style that
// matters sits on the element itself, and the <style> element holds only
// what a mail client may ignore: print rules. Overdue is said in words, not
// only in red, so it survives a greyscale printer and a colour-blind reader.
#include <mestring/format/html.hpp>

#include "html_parts.hpp"

#include <mestring/file_name.hpp>
#include <mestring/html.hpp>
#include <mestring/rules.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace mestring {

namespace {

using html::Writer;

constexpr std::string_view page_css = R"(@page { size: A4; margin: 14mm 12mm; }
body { margin: 16px; color: #111111; background-color: #ffffff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print {
  body { margin: 0; }
  .break { break-before: page; page-break-before: always; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { break-after: avoid; page-break-after: avoid; }
})";

// Styles on the elements, for Outlook.
const std::string s_body = std::string(html_parts::font_family) + "font-size:10pt;color:#111111;";
const std::string s_h1 = std::string(html_parts::font_family) + "font-size:17pt;margin:0 0 4px 0;color:#111111;";
const std::string s_h2 =
    std::string(html_parts::font_family) +
    "font-size:13pt;margin:18px 0 4px 0;padding:0 0 2px 0;border-bottom:1px solid #777777;color:#111111;";
const std::string s_meta = std::string(html_parts::font_family) + "font-size:10pt;margin:0 0 4px 0;color:#333333;";
const std::string s_empty = std::string(html_parts::font_family) +
                            "font-size:11pt;margin:8px 0;padding:8px 10px;border:1px solid #999999;"
                            "background-color:#f4f4f4;";
const std::string s_table =
    std::string(html_parts::font_family) + "width:100%;border-collapse:collapse;font-size:10pt;margin:4px 0 8px 0;";
const std::string s_th = std::string(html_parts::font_family) +
                         "text-align:left;vertical-align:bottom;padding:4px 6px;border-bottom:2px solid #333333;"
                         "background-color:#e8e8e8;font-size:9pt;";
const std::string s_td = std::string(html_parts::font_family) +
                         "text-align:left;vertical-align:top;padding:4px 6px;border-bottom:1px solid #bbbbbb;";
const std::string s_td_overdue = s_td + "background-color:#fbe3e1;";
const std::string s_status_overdue = s_td_overdue + "border-left:5px solid #9b1c1c;color:#7a0f0f;white-space:nowrap;";
const std::string s_status_due = s_td + "border-left:5px solid #ffffff;color:#222222;white-space:nowrap;";
const std::string s_small = "font-size:8.5pt;color:#444444;";

std::string window_title(const HtmlAgenda &a) {
  const bool one_week = week_start(a.from) == a.from && days_between(a.from, a.to) == 6;
  const auto span = fmt::format("{} – {}", long_date(a.from, a.lang), long_date(a.to, a.lang));
  return one_week ? trf(a.lang, "Week {}, {}", iso_week(a.from).week, span) : span;
}

std::string_view role_word(HtmlRole role, Lang lang) {
  switch (role) {
  case HtmlRole::authority: return tr(lang, "authority");
  case HtmlRole::coach: return tr(lang, "coach");
  case HtmlRole::none: break;
  }
  return "";
}

// What to do, in the page's language: the rule's title from the catalog,
// else the item's own text.
std::string action_of(const HtmlAgendaItem &i, Lang lang) {
  const auto *spec = find_rule(i.rule);
  return html_parts::capitalized(spec ? spec->title(lang) : std::string_view(i.action));
}

std::string days_text(long n, Lang lang) { return trf(lang, n == 1 ? "{} day" : "{} days", n); }

// "Hold the first follow-up by Thu 27 Nov", or since when it is overdue.
std::string what_to_do(const HtmlAgendaItem &i, Date as_of, Lang lang) {
  const auto action = action_of(i, lang);
  if (!i.overdue)
    return trf(lang, "{} by {}", action, short_date(i.due, lang));
  const long late = days_between(i.due, as_of);
  return trf(lang, late == 1 ? "{} — it was due by {} ({} day ago)" : "{} — it was due by {} ({} days ago)", action,
             short_date(i.due, lang), late);
}

std::string date_with_year(Date d, Lang lang) { return fmt::format("{} {}", short_date(d, lang), d.year()); }

struct Counts {
  long items = 0, overdue = 0, exempted = 0;
};

Counts count(const std::vector<HtmlAgendaGroup> &groups) {
  Counts c;
  for (const auto &g : groups) {
    c.items += long(g.items.size());
    c.overdue += std::count_if(g.items.begin(), g.items.end(), [](const HtmlAgendaItem &i) { return i.overdue; });
    c.exempted += long(g.exempted.size());
  }
  return c;
}

// "Overdue: 3 · Due in the period: 11 · Exempted: 2": counts without plurals.
std::string counts_line(const Counts &c, Lang lang) {
  auto line = trf(lang, "Overdue: {}", c.overdue) + " · " + trf(lang, "Due in the period: {}", c.items - c.overdue);
  if (c.exempted > 0)
    line += " · " + trf(lang, "Exempted: {}", c.exempted);
  return line;
}

bool person_grouping(HtmlGroupBy by) {
  return by == HtmlGroupBy::coach || by == HtmlGroupBy::advisor || by == HtmlGroupBy::owner;
}

std::string_view grouping_text(HtmlGroupBy by, Lang lang) {
  switch (by) {
  case HtmlGroupBy::coach: return tr(lang, "Grouped by coach.");
  case HtmlGroupBy::advisor: return tr(lang, "Grouped by advisor.");
  case HtmlGroupBy::owner: return tr(lang, "Grouped by the person who must act.");
  case HtmlGroupBy::case_id: return tr(lang, "Grouped by case.");
  case HtmlGroupBy::date: break;
  }
  return tr(lang, "Overdue first, then by date.");
}

void write_item_row(Writer &w, const HtmlAgendaItem &i, const HtmlAgenda &a, bool citizens) {
  const auto &td = i.overdue ? s_td_overdue : s_td;
  const std::string nowrap = td + "white-space:nowrap;";
  w.open("tr", {{"class", i.overdue ? "item overdue" : "item"},
                {"data-case", i.case_id},
                {"data-rule", i.rule},
                {"data-due", i.due.iso()},
                {"data-overdue", i.overdue ? "true" : "false"}});
  // Status: the word first; colour and the bar only repeat it.
  w.open("td", {{"style", i.overdue ? s_status_overdue : s_status_due}});
  if (i.overdue) {
    w.element("strong", tr(a.lang, "OVERDUE")).empty("br");
    w.element("span", days_text(days_between(i.due, a.as_of), a.lang), {{"style", s_small}});
  } else {
    w.text(i.due == a.as_of ? tr(a.lang, "Due today") : tr(a.lang, "Upcoming"));
  }
  w.close("td");
  w.element("td", short_date(i.due, a.lang), {{"style", nowrap}});
  w.element("td", std::to_string(iso_week(i.due).week), {{"style", nowrap}});
  w.element("td", i.case_id, {{"style", nowrap}});
  if (citizens)
    w.element("td", i.citizen, {{"style", td}});
  w.element("td", i.programme, {{"style", nowrap}});
  w.open("td", {{"style", td}});
  w.open("span", {{"class", "action"}}).text(what_to_do(i, a.as_of, a.lang)).close("span");
  if (!i.basis.empty())
    w.empty("br").element("span", i.basis, {{"style", s_small}});
  w.close("td");
  w.open("td", {{"style", td}});
  if (a.by == HtmlGroupBy::owner) {
    w.text(role_word(i.role, a.lang));
  } else {
    w.text(i.owner.empty() ? tr(a.lang, "(nobody named)") : i.owner);
    if (i.role != HtmlRole::none)
      w.empty("br").element("span", role_word(i.role, a.lang), {{"style", s_small}});
  }
  w.close("td").close("tr").newline();
}

void write_items_table(Writer &w, const HtmlAgendaGroup &g, const HtmlAgenda &a, bool citizens) {
  auto items = g.items;
  std::stable_sort(items.begin(), items.end(), [](const HtmlAgendaItem &x, const HtmlAgendaItem &y) {
    return std::pair(!x.overdue, x.due) < std::pair(!y.overdue, y.due);
  });
  w.open("table", {{"class", "agenda"}, {"style", s_table}, {"cellspacing", "0"}, {"cellpadding", "0"}}).newline();
  // The same column widths in every group, so that the tables line up.
  w.open("thead").open("tr");
  auto th = [&](std::string_view text, int percent) {
    w.element("th", text, {{"scope", "col"}, {"style", s_th + fmt::format("width:{}%;", percent)}});
  };
  th(tr(a.lang, "Status"), 10);
  th(tr(a.lang, "Due"), 9);
  th(tr(a.lang, "Week"), 5);
  th(tr(a.lang, "Case"), 9);
  if (citizens)
    th(tr(a.lang, "Citizen"), 13);
  th(tr(a.lang, "Programme"), 9);
  th(tr(a.lang, "What to do"), citizens ? 34 : 47);
  th(a.by == HtmlGroupBy::owner ? tr(a.lang, "Role") : tr(a.lang, "Who must act"), 11);
  w.close("tr").close("thead").newline().open("tbody").newline();
  for (const auto &i : items)
    write_item_row(w, i, a, citizens);
  w.close("tbody").close("table").newline();
}

void write_group(Writer &w, const HtmlAgendaGroup &g, const HtmlAgenda &a, bool page_break, bool citizens) {
  w.open("div", {{"class", page_break ? "group break" : "group"}}).newline();
  w.element("h2", g.title, {{"style", s_h2}}).newline();
  if (g.items.empty()) {
    auto text = person_grouping(a.by) ? trf(a.lang, "{} has nothing due and nothing overdue in this period.", g.title)
                                      : std::string(tr(a.lang, "Nothing is due and nothing is overdue here."));
    if (!g.exempted.empty())
      text += " " + std::string(tr(a.lang, "The exempted items are listed below."));
    w.element("p", text, {{"class", "empty"}, {"style", s_empty}}).newline();
  } else {
    // A group printed on a sheet of its own says which week it is.
    const auto line = counts_line(count({g}), a.lang);
    w.element("p", a.by == HtmlGroupBy::date ? line : window_title(a) + " · " + line, {{"style", s_meta}}).newline();
    write_items_table(w, g, a, citizens);
  }
  w.close("div").newline();
}

// The exempted items of every group, in one table after the groups.
void write_exempted(Writer &w, const HtmlAgenda &a, bool citizens) {
  const bool with_group = a.groups.size() > 1;
  w.open("div", {{"class", "exempted"}}).newline();
  w.element("h2", tr(a.lang, "Exempted"), {{"style", s_h2}}).newline();
  w.element("p", tr(a.lang, "These obligations are not due while their exemption lasts."), {{"style", s_meta}});
  w.open("table", {{"class", "exempted"}, {"style", s_table}, {"cellspacing", "0"}, {"cellpadding", "0"}}).newline();
  w.open("thead").open("tr");
  auto th = [&](std::string_view text, int percent) {
    w.element("th", text, {{"scope", "col"}, {"style", s_th + fmt::format("width:{}%;", percent)}});
  };
  const int spare = (with_group ? 0 : 12) + (citizens ? 0 : 12);
  if (with_group)
    th(tr(a.lang, "Group"), 12);
  th(tr(a.lang, "Case"), 9);
  if (citizens)
    th(tr(a.lang, "Citizen"), 12);
  th(tr(a.lang, "What would be due"), 17 + spare / 2);
  th(tr(a.lang, "Due"), 12);
  th(tr(a.lang, "Exempted until"), 11);
  th(tr(a.lang, "Reason"), 16 + spare - spare / 2);
  th(tr(a.lang, "Granted by"), 11);
  w.close("tr").close("thead").newline().open("tbody").newline();
  const std::string nowrap = s_td + "white-space:nowrap;";
  for (const auto &g : a.groups)
    for (const auto &e : g.exempted) {
      w.open("tr", {{"class", "exempt"},
                    {"data-case", e.item.case_id},
                    {"data-rule", e.item.rule},
                    {"data-due", e.item.due.iso()},
                    {"data-until", e.until.iso()}});
      if (with_group)
        w.element("td", g.title, {{"style", s_td}});
      w.element("td", e.item.case_id, {{"style", nowrap}});
      if (citizens)
        w.element("td", e.item.citizen, {{"style", s_td}});
      w.element("td", action_of(e.item, a.lang), {{"style", s_td}});
      w.element("td", trf(a.lang, "{} (week {})", short_date(e.item.due, a.lang), iso_week(e.item.due).week),
                {{"style", nowrap}});
      w.element("td", date_with_year(e.until, a.lang), {{"style", nowrap}});
      w.element("td", e.reason, {{"style", s_td}});
      w.element("td", e.by.empty() ? "–" : e.by, {{"style", s_td}});
      w.close("tr").newline();
    }
  w.close("tbody").close("table").newline().close("div").newline();
}

bool any_citizen(const std::vector<HtmlAgendaGroup> &groups) {
  for (const auto &g : groups) {
    for (const auto &i : g.items)
      if (!i.citizen.empty())
        return true;
    for (const auto &e : g.exempted)
      if (!e.item.citizen.empty())
        return true;
  }
  return false;
}

// The body of a page: a heading, what it covers, the groups, the exempted.
std::string agenda_page(const HtmlAgenda &a, std::string_view heading) {
  Writer w;
  w.open("div", {{"class", "page"}, {"style", s_body}}).newline();
  w.element("h1", heading, {{"style", s_h1}}).newline();
  std::string meta = trf(a.lang, "As of {}.", long_date(a.as_of, a.lang));
  meta += " " + std::string(grouping_text(a.by, a.lang));
  if (!a.scope.empty())
    meta += " " + trf(a.lang, "Only: {}.", a.scope);
  w.element("p", meta, {{"style", s_meta}}).newline();
  const auto total = count(a.groups);
  if (total.items == 0 && total.exempted == 0 && !(a.groups.size() == 1 && person_grouping(a.by))) {
    w.element("p", tr(a.lang, "Nothing is due and nothing is overdue."), {{"class", "empty"}, {"style", s_empty}});
  } else {
    w.open("p", {{"class", "summary"}, {"style", s_meta}}).element("strong", counts_line(total, a.lang));
    w.close("p").newline();
    const bool citizens = any_citizen(a.groups);
    // Each person or case starts a new sheet, to be handed out; days run on.
    const bool breaks = a.by != HtmlGroupBy::date;
    for (size_t k = 0; k < a.groups.size(); ++k)
      write_group(w, a.groups[k], a, breaks && k > 0, citizens);
    if (total.exempted > 0)
      write_exempted(w, a, citizens);
  }
  w.element("p", tr(a.lang, "Made by mestring from the case files; dates are due dates (the last day)."),
            {{"style", s_meta + "margin-top:16px;font-size:8.5pt;color:#555555;"}})
      .newline();
  w.close("div").newline();
  return html::page(html_parts::lang_code(a.lang == Lang::da), heading, page_css, w);
}

std::string group_key(const HtmlAgendaItem &i, HtmlGroupBy by) {
  switch (by) {
  case HtmlGroupBy::coach: return i.coach;
  case HtmlGroupBy::advisor: return i.advisor;
  case HtmlGroupBy::owner: return i.owner;
  case HtmlGroupBy::case_id: return i.case_id;
  case HtmlGroupBy::date: break;
  }
  return i.overdue ? "" : i.due.iso(); // "" sorts the overdue first
}

std::string group_title(const HtmlAgendaItem &i, HtmlGroupBy by, Lang lang) {
  switch (by) {
  case HtmlGroupBy::coach: return i.coach.empty() ? std::string(tr(lang, "(no coach)")) : i.coach;
  case HtmlGroupBy::advisor: return i.advisor.empty() ? std::string(tr(lang, "(no advisor)")) : i.advisor;
  case HtmlGroupBy::owner: return i.owner.empty() ? std::string(tr(lang, "(nobody named)")) : i.owner;
  case HtmlGroupBy::case_id: return trf(lang, "Case {}", i.case_id) + (i.citizen.empty() ? "" : " – " + i.citizen);
  case HtmlGroupBy::date: break;
  }
  if (i.overdue)
    return std::string(tr(lang, "Overdue"));
  return trf(lang, "{}, week {}", html_parts::capitalized(long_date(i.due, lang)), iso_week(i.due).week);
}

} // namespace

std::vector<HtmlAgendaGroup> group_html_agenda(const std::vector<HtmlAgendaItem> &items,
                                               const std::vector<HtmlExemptItem> &exempted, HtmlGroupBy by, Lang lang) {
  // Sorted by key, but a missing person last: (key is empty, key).
  std::map<std::pair<bool, std::string>, HtmlAgendaGroup> groups;
  auto group_of = [&](const HtmlAgendaItem &i) -> HtmlAgendaGroup & {
    const auto key = group_key(i, by);
    auto &g = groups[{person_grouping(by) && key.empty(), key}];
    if (g.title.empty())
      g.title = group_title(i, by, lang);
    return g;
  };
  for (const auto &i : items)
    group_of(i).items.push_back(i);
  for (const auto &e : exempted)
    group_of(e.item).exempted.push_back(e);
  std::vector<HtmlAgendaGroup> out;
  out.reserve(groups.size());
  for (auto &[key, g] : groups)
    out.push_back(std::move(g));
  return out;
}

std::string render_agenda_html(const HtmlAgenda &agenda) {
  return agenda_page(agenda, trf(agenda.lang, "Agenda: {}", window_title(agenda)));
}

std::vector<HtmlPage> render_agenda_html_pages(const HtmlAgenda &agenda) {
  std::vector<std::string> titles;
  for (const auto &g : agenda.groups)
    titles.push_back(g.title);
  const auto files = unique_file_names(titles, ".html", {"index"});

  std::vector<HtmlPage> pages;
  for (size_t k = 0; k < agenda.groups.size(); ++k) {
    HtmlAgenda one = agenda;
    one.groups = {agenda.groups[k]};
    const auto c = count(one.groups);
    const auto heading = fmt::format("{}: {}", agenda.groups[k].title, window_title(agenda));
    pages.push_back({files[k], agenda.groups[k].title, agenda_page(one, heading), c.items, c.overdue, c.exempted});
  }

  // The index: what was written, with the counts, each linked.
  const Lang lang = agenda.lang;
  const auto heading = trf(lang, "Agenda pages: {}", window_title(agenda));
  Writer w;
  w.open("div", {{"class", "page"}, {"style", s_body}}).newline();
  w.element("h1", heading, {{"style", s_h1}}).newline();
  w.element("p",
            trf(lang, "As of {}.", long_date(agenda.as_of, lang)) + " " + std::string(grouping_text(agenda.by, lang)),
            {{"style", s_meta}});
  if (pages.empty()) {
    w.element("p", tr(lang, "Nothing is due and nothing is overdue."), {{"class", "empty"}, {"style", s_empty}});
  } else {
    w.open("table", {{"class", "index"}, {"style", s_table}, {"cellspacing", "0"}, {"cellpadding", "0"}}).newline();
    w.open("thead").open("tr");
    auto th = [&](std::string_view text, bool number) {
      w.element("th", text, {{"scope", "col"}, {"style", number ? s_th + "text-align:right;" : s_th}});
    };
    th(tr(lang, "Page"), false);
    th(tr(lang, "File"), false);
    th(tr(lang, "Overdue"), true); // over the numbers, as the numbers
    th(tr(lang, "Due in the period"), true);
    th(tr(lang, "Exempted"), true);
    w.close("tr").close("thead").newline().open("tbody").newline();
    const std::string num = s_td + "text-align:right;";
    for (const auto &p : pages) {
      w.open("tr", {{"data-file", p.file_name}});
      w.element("td", p.title, {{"style", s_td}});
      w.open("td", {{"style", s_td}}).element("a", p.file_name, {{"href", p.file_name}}).close("td");
      w.element("td", std::to_string(p.overdue), {{"style", num}});
      w.element("td", std::to_string(p.items - p.overdue), {{"style", num}});
      w.element("td", std::to_string(p.exempted), {{"style", num}});
      w.close("tr").newline();
    }
    w.close("tbody").close("table").newline();
  }
  w.close("div").newline();
  const auto c = count(agenda.groups);
  pages.push_back({"index.html", heading, html::page(html_parts::lang_code(lang == Lang::da), heading, page_css, w),
                   c.items, c.overdue, c.exempted});
  return pages;
}

} // namespace mestring
