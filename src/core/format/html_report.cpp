// The leaders' report: one page a department head prints for the monthly
// meeting. Key figures first, then four caseload charts, then compliance
// per rule, per month and per coach. Each chart is followed by a table of
// its numbers, for screen readers and for whoever wants the exact figures.
// The series keep one colour and pattern everywhere, chosen so that on a
// greyscale printer "missed" is the darkest, "open" white, and the two
// middle ones differ by pattern (stripes, dots).
#include <mestring/format/html.hpp>

#include "html_parts.hpp"

#include <mestring/html.hpp>
#include <mestring/svg.hpp>

#include <algorithm>
#include <fmt/format.h>

namespace mestring {

namespace {

using html::Writer;

constexpr std::string_view report_css = R"(@page { size: A4; margin: 12mm; }
body { margin: 16px; color: #111111; background-color: #ffffff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.report { max-width: 700px; font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 9pt; line-height: 1.25; }
h1 { font-size: 15pt; margin: 0 0 2px 0; }
h2 { font-size: 11.5pt; margin: 8px 0 2px 0; padding-bottom: 1px; border-bottom: 1px solid #777777; }
h3 { font-size: 9.5pt; margin: 6px 0 0 0; }
p { margin: 2px 0 4px 0; }
.meta { color: #333333; }
table { border-collapse: collapse; }
table.layout { width: 100%; table-layout: fixed; }
table.layout > tbody > tr > td { vertical-align: top; width: 50%; padding: 0 10px 0 0; }
table.figures { width: 100%; margin: 6px 0 2px 0; }
table.figures td { border: 1px solid #999999; padding: 3px 8px; width: 20%; vertical-align: top; font-size: 8.5pt; }
table.figures .big { font-size: 16pt; font-weight: bold; display: block; }
table.data { font-size: 7.5pt; margin: 2px 0 4px 0; }
table.layout table.data { width: 100%; }
table.layout table.data thead th { white-space: normal; }
table.data caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
table.data th, table.data td { padding: 0 5px; border-bottom: 1px solid #d0d0d0; line-height: 1.2; }
table.data th.label { text-align: left; font-weight: normal; }
table.data thead th { border-bottom: 1.5px solid #333333; vertical-align: bottom; font-weight: bold; }
table.data .num { text-align: right; white-space: nowrap; }
table.data tfoot th, table.data tfoot td { border-top: 1.5px solid #333333; font-weight: bold; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 2px 0 0 0; }
.notes { font-size: 8pt; color: #333333; }
svg.chart, table.data, table.figures { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { margin: 0; }
  .report { max-width: none; }
  h2, h3, svg.chart { break-after: avoid; page-break-after: avoid; }
})";

// One look per state, the same in every chart and legend.
svg::Series state_series(std::string_view key, Lang lang) {
  if (key == "on_time")
    return {"on_time", std::string(tr(lang, "On time")), {"#2e7d4f", svg::Pattern::none, "#000000", false}};
  if (key == "late")
    return {"late", std::string(tr(lang, "Late")), {"#f2c14e", svg::Pattern::stripes, "#6b4e00", false}};
  if (key == "missed")
    return {"missed", std::string(tr(lang, "Missed")), {"#b3261e", svg::Pattern::crosshatch, "#ffffff", false}};
  if (key == "exempted")
    return {"exempted", std::string(tr(lang, "Exempted")), {"#a9b4c2", svg::Pattern::dots, "#222222", false}};
  return {"open", std::string(tr(lang, "Open")), {"#ffffff", svg::Pattern::none, "#000000", true}};
}

std::vector<svg::Series> compliance_series(Lang lang) {
  std::vector<svg::Series> out;
  for (const auto *key : {"on_time", "late", "missed", "exempted", "open"})
    out.push_back(state_series(key, lang));
  return out;
}

std::vector<long> values(const HtmlCompliance &c) { return {c.on_time, c.late, c.missed, c.exempted, c.open}; }

// The share met on time of those that were met or missed: open ones have
// not fallen due yet, exempted ones were excused.
std::string on_time_share(const HtmlCompliance &c, Lang lang) {
  return percent(c.on_time, c.on_time + c.late + c.missed, lang);
}

std::string month_short(unsigned month, Lang lang) {
  switch (month) {
  case 1: return std::string(tr(lang, "Jan"));
  case 2: return std::string(tr(lang, "Feb"));
  case 3: return std::string(tr(lang, "Mar"));
  case 4: return std::string(tr(lang, "Apr"));
  case 5: return std::string(tr(lang, "May"));
  case 6: return std::string(tr(lang, "Jun"));
  case 7: return std::string(tr(lang, "Jul"));
  case 8: return std::string(tr(lang, "Aug"));
  case 9: return std::string(tr(lang, "Sep"));
  case 10: return std::string(tr(lang, "Oct"));
  case 11: return std::string(tr(lang, "Nov"));
  default: return std::string(tr(lang, "Dec"));
  }
}

std::string or_no_coach(const std::string &label, Lang lang) {
  return label.empty() ? std::string(tr(lang, "(no coach)")) : label;
}

// A chart and, below it, the table of its numbers.
void write_count_chart(Writer &w, std::string id, const std::string &title, std::string_view column,
                       const std::vector<HtmlCount> &rows, int width, Lang lang) {
  svg::BarChart c{std::move(id),
                  title,
                  std::string(tr(lang, "Bar chart of the number of cases; the numbers are in the table below.")),
                  svg::Direction::horizontal,
                  {{"count", std::string(tr(lang, "Cases")), {}}},
                  {},
                  width,
                  std::string(tr(lang, "No cases."))};
  // A few categories read across, under the chart; many (coaches) down.
  const bool across = rows.size() <= 7;
  html::Table t{title, {std::string(column)}, {{std::string(tr(lang, "Cases"))}}, {}, true, "data"};
  if (!across)
    t = html::Table{title, {std::string(column), std::string(tr(lang, "Cases"))}, {}, {}, true, "data"};
  long total = 0;
  for (const auto &r : rows) {
    c.categories.push_back({r.key, r.label, {r.count}});
    if (across) {
      t.header.push_back(r.label);
      t.rows[0].push_back(std::to_string(r.count));
    } else {
      t.rows.push_back({r.label, std::to_string(r.count)});
    }
    total += r.count;
  }
  if (across) {
    t.header.push_back(std::string(tr(lang, "Total")));
    t.rows[0].push_back(std::to_string(total));
  } else {
    t.footer.push_back({std::string(tr(lang, "Total")), std::to_string(total)});
  }
  w.element("h3", title).newline();
  svg::write_bar_chart(w, c);
  html::write_table(w, t);
}

// A compliance chart and its table; the chart may label its bars more
// briefly than the table its rows (months: "Jan" over "2025").
void write_compliance(Writer &w, svg::BarChart c, std::string_view column, const std::vector<HtmlComplianceRow> &rows,
                      const std::vector<std::string> &chart_labels, Lang lang) {
  html::Table t{c.title,
                {std::string(column), std::string(tr(lang, "On time")), std::string(tr(lang, "Late")),
                 std::string(tr(lang, "Missed")), std::string(tr(lang, "Exempted")), std::string(tr(lang, "Open")),
                 std::string(tr(lang, "Total")), std::string(tr(lang, "On time %"))},
                {},
                {},
                true,
                "data"};
  c.series = compliance_series(lang);
  c.empty_text = tr(lang, "No obligations fell due in the period.");
  HtmlCompliance all;
  for (size_t k = 0; k < rows.size(); ++k) {
    const auto &n = rows[k].counts;
    c.categories.push_back({rows[k].key, k < chart_labels.size() ? chart_labels[k] : rows[k].label, values(n)});
    t.rows.push_back({rows[k].label, std::to_string(n.on_time), std::to_string(n.late), std::to_string(n.missed),
                      std::to_string(n.exempted), std::to_string(n.open), std::to_string(n.total()),
                      on_time_share(n, lang)});
    all.on_time += n.on_time, all.late += n.late, all.missed += n.missed, all.exempted += n.exempted,
        all.open += n.open;
  }
  t.footer.push_back({std::string(tr(lang, "Total")), std::to_string(all.on_time), std::to_string(all.late),
                      std::to_string(all.missed), std::to_string(all.exempted), std::to_string(all.open),
                      std::to_string(all.total()), on_time_share(all, lang)});
  w.open("div", {{"class", "section"}});
  w.element("h2", c.title).newline();
  svg::write_bar_chart(w, c);
  html::write_table(w, t);
  w.close("div").newline();
}

// Compliance per month: the columns, then the numbers with the months
// across (as the chart reads) while they fit the page's width, else down.
void write_months(Writer &w, svg::BarChart c, const std::vector<HtmlComplianceRow> &months,
                  const std::vector<std::string> &chart_labels, Lang lang) {
  if (months.size() > 13) {
    write_compliance(w, std::move(c), tr(lang, "Month"), months, chart_labels, lang);
    return;
  }
  c.series = compliance_series(lang);
  c.empty_text = tr(lang, "No obligations fell due in the period.");
  html::Table t{c.title, {std::string(tr(lang, "Month"))}, {}, {}, true, "data"};
  std::vector<std::string> on_time{std::string(tr(lang, "On time"))}, late{std::string(tr(lang, "Late"))},
      missed{std::string(tr(lang, "Missed"))}, exempted{std::string(tr(lang, "Exempted"))},
      open{std::string(tr(lang, "Open"))}, total{std::string(tr(lang, "Total"))},
      share{std::string(tr(lang, "On time %"))};
  HtmlCompliance all;
  auto column = [&](std::string header, const HtmlCompliance &n) {
    t.header.push_back(std::move(header));
    on_time.push_back(std::to_string(n.on_time));
    late.push_back(std::to_string(n.late));
    missed.push_back(std::to_string(n.missed));
    exempted.push_back(std::to_string(n.exempted));
    open.push_back(std::to_string(n.open));
    total.push_back(std::to_string(n.total()));
    share.push_back(on_time_share(n, lang));
  };
  for (size_t k = 0; k < months.size(); ++k) {
    const auto &n = months[k].counts;
    c.categories.push_back({months[k].key, chart_labels[k], values(n)});
    auto header = months[k].label;
    std::replace(header.begin(), header.end(), ' ', '\n'); // "Dec" over "2024"
    column(header, n);
    all.on_time += n.on_time, all.late += n.late, all.missed += n.missed, all.exempted += n.exempted,
        all.open += n.open;
  }
  column(std::string(tr(lang, "Total")), all);
  t.rows = {on_time, late, missed, exempted, open};
  t.footer = {total, share};
  w.open("div", {{"class", "section"}});
  w.element("h2", c.title).newline();
  svg::write_bar_chart(w, c);
  html::write_table(w, t);
  w.close("div").newline();
}

HtmlCompliance sum(const std::vector<HtmlComplianceRow> &rows) {
  HtmlCompliance all;
  for (const auto &r : rows)
    all.on_time += r.counts.on_time, all.late += r.counts.late, all.missed += r.counts.missed,
        all.exempted += r.counts.exempted, all.open += r.counts.open;
  return all;
}

void write_key_figures(Writer &w, const HtmlReport &r) {
  const Lang lang = r.lang;
  const auto all = sum(r.per_rule);
  w.open("table", {{"class", "figures"}}).open("tr").newline();
  auto figure = [&](std::string_view key, const std::string &value, std::string_view label) {
    w.open("td", {{"data-figure", std::string(key)}});
    w.element("span", value, {{"class", "big"}}).text(label).close("td").newline();
  };
  figure("active", std::to_string(r.status.active), tr(lang, "active cases"));
  figure("pending", std::to_string(r.status.pending), tr(lang, "applications awaiting a decision"));
  figure("due", std::to_string(all.total()), tr(lang, "obligations due in the period"));
  figure("on_time_share", on_time_share(all, lang), tr(lang, "met on time (of those met or missed)"));
  figure("missed", std::to_string(all.missed), tr(lang, "missed, not exempted"));
  w.close("tr").close("table").newline();
}

void write_caseload(Writer &w, const HtmlReport &r) {
  const Lang lang = r.lang;
  std::vector<HtmlCount> status{{"pending", std::string(tr(lang, "Awaiting a decision")), r.status.pending},
                                {"refused", std::string(tr(lang, "Refused")), r.status.refused},
                                {"granted", std::string(tr(lang, "Granted, not started")), r.status.granted},
                                {"active", std::string(tr(lang, "Active")), r.status.active},
                                {"closed", std::string(tr(lang, "Closed")), r.status.closed}};
  auto coaches = r.by_coach;
  for (auto &c : coaches)
    c.label = or_no_coach(c.label, lang);
  std::vector<HtmlCount> levels;
  for (const auto &l : r.by_level)
    levels.push_back({l.level ? std::to_string(*l.level) : "none",
                      l.level ? trf(lang, "level {}", *l.level) : std::string(tr(lang, "(no level)")), l.count});

  w.element("h2", trf(lang, "Caseload on {}", long_date(r.as_of, lang))).newline();
  w.open("table", {{"class", "layout"}, {"role", "presentation"}}).open("tr").open("td");
  write_count_chart(w, "status", std::string(tr(lang, "Cases per status")), tr(lang, "Status"), status, 330, lang);
  w.close("td").open("td");
  write_count_chart(w, "programme", std::string(tr(lang, "Active cases per programme")), tr(lang, "Programme"),
                    r.by_programme, 330, lang);
  w.close("td").close("tr").newline().open("tr").open("td");
  write_count_chart(w, "coach", std::string(tr(lang, "Active cases per coach")), tr(lang, "Coach"), coaches, 330, lang);
  w.close("td").open("td");
  write_count_chart(w, "level", std::string(tr(lang, "Active §85 cases per level")), tr(lang, "§85 level"), levels, 330,
                    lang);
  w.close("td").close("tr").close("table").newline();
}

} // namespace

std::string render_stats_html(const HtmlReport &r) {
  const Lang lang = r.lang;
  Writer w;
  const auto heading = std::string(tr(lang, "Coping guidance: caseload and compliance"));
  w.open("div", {{"class", "report"}}).newline();
  w.element("h1", heading).newline();
  std::string meta = trf(lang, "Obligations due {} – {}; caseload as of {}.", long_date(r.from, lang),
                         long_date(r.to, lang), long_date(r.as_of, lang));
  if (!r.scope.empty())
    meta += " " + trf(lang, "Only: {}.", r.scope);
  w.element("p", meta, {{"class", "meta"}}).newline();
  write_key_figures(w, r);
  write_caseload(w, r);

  // Months: the chart shows the year under the first month and under each
  // January; the table names it on every row.
  std::vector<HtmlComplianceRow> months;
  std::vector<std::string> month_labels;
  for (size_t k = 0; k < r.per_month.size(); ++k) {
    const auto &m = r.per_month[k];
    const auto name = month_short(m.month, lang);
    months.push_back({fmt::format("{:04}-{:02}", m.year, m.month), fmt::format("{} {}", name, m.year), m.counts});
    month_labels.push_back(k == 0 || m.month == 1 ? fmt::format("{}\n{}", name, m.year) : name);
  }
  auto coaches = r.per_coach;
  for (auto &c : coaches)
    c.label = or_no_coach(c.label, lang);

  const std::string stacked(tr(lang, "Stacked bars: the obligations due in the period, by how they were met; "
                                     "the numbers are in the table below."));
  auto chart = [](std::string id, std::string_view title, std::string desc, svg::Direction d) {
    svg::BarChart c;
    c.id = std::move(id), c.title = title, c.desc = std::move(desc), c.direction = d;
    return c;
  };
  write_months(w,
               chart("per-month", tr(lang, "Compliance per month"),
                     std::string(tr(lang, "Stacked columns: the obligations due in each month, by how they were "
                                          "met; the numbers are in the table below.")),
                     svg::Direction::vertical),
               months, month_labels, lang);
  write_compliance(w, chart("per-rule", tr(lang, "Compliance per rule"), stacked, svg::Direction::horizontal),
                   tr(lang, "Rule"), r.per_rule, {}, lang);
  write_compliance(w, chart("per-coach", tr(lang, "Compliance per coach"), stacked, svg::Direction::horizontal),
                   tr(lang, "Coach"), coaches, {}, lang);

  w.open("div", {{"class", "notes"}});
  w.element("h3", tr(lang, "How to read the report"));
  w.element("p", tr(lang, "On time: met by the due date. Late: met after it. Missed: not met, and the due date has "
                          "passed. Exempted: missed or open, but exempted for a reason recorded in the case. Open: "
                          "not met yet, and not yet due. \"On time %\" is the share on time of those met or missed."));
  for (const auto &note : r.notes)
    w.element("p", note);
  w.close("div").newline().close("div").newline();
  return html::page(html_parts::lang_code(lang == Lang::da), heading, report_css, w);
}

} // namespace mestring
