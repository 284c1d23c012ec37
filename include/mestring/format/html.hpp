#pragma once
// `due --format html` and `stats --format html`: self-contained pages (inline
// CSS, no scripts, nothing fetched) rendered from plain view models. The
// command line fills these structs from the core's agenda and stats; the
// renderers know nothing else of the core, and every text they show goes
// through html::escape once. Fixed words come from tr(): English or Danish.
//
// The agenda is laid out with tables only (no CSS grid, flexbox or
// positioning), with its essential styles on the elements themselves, so
// Outlook's HTML renderer shows it as a browser does; it prints with a page
// break between the groups of people or cases. The report prints on A4.

#include <mestring/date.hpp>
#include <mestring/i18n.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mestring {

// ---------------------------------------------------------------- agenda

// Who must act on an obligation (rules.md's role table).
enum class HtmlRole { none, authority, coach };

// One obligation on the agenda.
struct HtmlAgendaItem {
  std::string case_id;
  std::string citizen;   // empty: not shown (privacy: names: ids-only)
  std::string programme; // as shown: "§85", "§82a", "mestringsforløb"
  std::string rule;      // the rule id
  // What to do, lowercase, as the rule catalog's title says it ("hold the
  // first follow-up"); translated here with tr(), so English or already Danish.
  std::string action; // what to do, when `rule` is not a catalog id (the catalog gives its title)
  std::string basis;  // why it falls due then, in the page's language ("start 2025-08-27 + 3 months"); optional
  Date due;
  bool overdue = false;
  std::string owner; // the person who must act; empty: the case names nobody in that role
  HtmlRole role = HtmlRole::none;
  std::string coach, advisor;
};

// An obligation that is missed or open but exempted (rules.md): not due
// while the exemption lasts, shown apart with its reason.
struct HtmlExemptItem {
  HtmlAgendaItem item;
  std::string reason;
  Date until;
  std::string by; // who granted it; may be empty
};

enum class HtmlGroupBy { date, coach, advisor, owner, case_id };

struct HtmlAgendaGroup {
  std::string title;                    // as shown: a person's name, a case, a day
  std::vector<HtmlAgendaItem> items;    // shown overdue first, then by due date
  std::vector<HtmlExemptItem> exempted; // shown apart, after every group
};

struct HtmlAgenda {
  Lang lang = Lang::en;
  Date as_of;
  Date from, to; // the window
  HtmlGroupBy by = HtmlGroupBy::date;
  std::string scope; // the filters in force, as shown ("coach Lars Berg"); optional
  std::vector<HtmlAgendaGroup> groups;
};

// Returns the items and exempted items in groups as `by` says, with titles
// in `lang`: one group per person (coach, advisor or owner; "nobody named"
// last) or per case, sorted by name; by date, the overdue ones first, then
// one group per day. Items keep their order inside a group.
std::vector<HtmlAgendaGroup> group_html_agenda(const std::vector<HtmlAgendaItem> &items,
                                               const std::vector<HtmlExemptItem> &exempted, HtmlGroupBy by, Lang lang);

// Returns the agenda as one page: every group, then the exempted items.
// An agenda without items says so; so does an empty group.
std::string render_agenda_html(const HtmlAgenda &agenda);

// A page of its own for each group (`--by owner --output-dir DIR`), and an
// index of them.
struct HtmlPage {
  std::string file_name; // ASCII, no path separator, unique in the set ("lars-berg.html")
  std::string title;     // the group's title ("Lars Berg"); for the index, the window's
  std::string html;
  long items = 0, overdue = 0, exempted = 0;
};
// Returns one page per group, in the agenda's order, then "index.html":
// a page listing each file written with its counts, linked by relative name.
std::vector<HtmlPage> render_agenda_html_pages(const HtmlAgenda &agenda);

// ---------------------------------------------------------------- report

// Obligations due in the period, by how they were met (rules.md states).
struct HtmlCompliance {
  long on_time = 0, late = 0, missed = 0, exempted = 0, open = 0;
  long total() const { return on_time + late + missed + exempted + open; }
};

// A labelled count or compliance row. `key` identifies the bar for tests
// (data-category): a rule id, a coach's name, "2025-03"; `label` is shown.
struct HtmlCount {
  std::string key, label;
  long count = 0;
};
struct HtmlComplianceRow {
  std::string key, label;
  HtmlCompliance counts;
};

// Cases per status on the as-of date (v2 decisions, status_of).
struct HtmlStatusCounts {
  long pending = 0, refused = 0, granted = 0, active = 0, closed = 0;
};

struct HtmlLevelCount {
  std::optional<int> level; // nullopt: the case has no level
  long count = 0;
};

struct HtmlMonthRow {
  int year = 0;
  unsigned month = 0; // 1-12
  HtmlCompliance counts;
};

struct HtmlReport {
  Lang lang = Lang::en;
  Date as_of, from, to; // caseload on as_of; compliance of what fell due in [from, to]
  std::string scope;    // the filters in force, as shown ("coach Lars Berg, §85"); optional
  HtmlStatusCounts status;
  std::vector<HtmlCount> by_coach;          // active cases; label "" is shown as "(no coach)"
  std::vector<HtmlCount> by_programme;      // active cases; key "85", label "§85"
  std::vector<HtmlLevelCount> by_level;     // active §85 cases
  std::vector<HtmlComplianceRow> per_rule;  // key: rule id; label: what was due, as shown
  std::vector<HtmlMonthRow> per_month;      // every month of the period, in order
  std::vector<HtmlComplianceRow> per_coach; // key: name; label "" is shown as "(no coach)"
  std::vector<std::string> notes;           // sentences in the page's language, shown at the end
};

// Returns the leaders' report: key figures, the caseload by status, coach,
// programme and level, and compliance per rule, month and coach; each chart
// an inline SVG (see svg.hpp) with its numbers in a table below it.
std::string render_stats_html(const HtmlReport &report);

} // namespace mestring
