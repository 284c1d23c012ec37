#pragma once
// `due`: the agenda of open obligations in a window, overdue first, then by
// date, each given to the person who must act (the case's advisor for the
// authority's rules, its coach for the coach's), with what an exemption
// sets aside listed apart; as text, markdown, CSV or JSON.

#include <mestring/assess.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mestring {

struct Window {
  Date from;
  Date to;
};

enum class WindowKind { week, next_week, days, month, range };
// Returns the window of cli.md: the ISO week holding as_of, the next one,
// as_of … as_of + days − 1, the calendar month, or [from, to].
Window make_window(WindowKind kind, Date as_of, int days = 7, Date from = {}, Date to = {});

struct AgendaFilter {
  std::string coach, advisor; // the cases they hold: every obligation; names match as same_name says
  std::string who;            // --for: only the obligations this person must act on
  std::optional<Role> role;   // --role: only the obligations of this role
  std::string paragraph, case_id;
  bool overdue = true;
  // For calendars: also the obligations met on or after this date, whatever
  // their due date, in Agenda::done (what a calendar that imported them
  // should now drop).
  std::optional<Date> done_since;
};

struct AgendaItem {
  std::string case_id, name, paragraph, coach, advisor;
  const RuleSpec *rule = nullptr; // its id, and its title in any language
  Role role = Role::coach;        // who must act
  std::string owner;              // that person's name; "" when the case names nobody
  std::string anchor;             // in the config's language
  std::string file;
  int line = 0;
  Date due;
  bool overdue = false;
  std::optional<Exemption> exemption; // set for the items an exemption lists apart
  std::optional<Date> met;            // set for the done items: the day it was met
};

struct Agenda {
  std::vector<AgendaItem> items;    // what to do: overdue first, then by due date, case and rule
  std::vector<AgendaItem> exempted; // what exemptions set aside, in the same order
  std::vector<AgendaItem> done;     // met since AgendaFilter::done_since, in the same order; else empty
};

// Open obligations due in the window and, unless filtered out, every missed
// one as overdue; those an exemption covers on the as-of date apart.
// Returns the filters in force as a page or a calendar says them ("coach
// Lars Berg, §85"), "" when there are none.
std::string agenda_scope(const AgendaFilter &f, Lang lang);

Agenda agenda(const Assessment &assessment, const Config &cfg, Window w, const AgendaFilter &filter);
// Whether an agenda of window `w` can show this obligation: what a due run
// keeps (Keep).
bool shown_in_agenda(const Obligation &o, Window w);
// Whether the obligation was met (on time or late) on or after `since`: what
// a calendar export keeps besides (Keep), to cancel it.
bool met_since(const Obligation &o, Date since);

enum class GroupBy { date, coach, advisor, owner, case_id };
// The groupings `due --by` takes, in the order its help lists them.
std::span<const std::pair<std::string_view, GroupBy>> groupings();
struct AgendaView {
  Date as_of;
  Window window;
  GroupBy by = GroupBy::date;
  bool names = true; // false with privacy.names: ids-only
  Lang lang = Lang::en;
  bool color = false; // text only: overdue in red
};

// The person an item's group is named after, or what stands for nobody:
// "(no coach)", "(no advisor)".
std::string group_name(const AgendaItem &i, GroupBy by, Lang lang);

std::string render_agenda_text(const Agenda &a, const AgendaView &v);
std::string render_agenda_markdown(const Agenda &a, const AgendaView &v);
// The items, then the exempted ones, one per row under the JSON keys;
// `title` and `weekday` in the view's language.
std::string render_agenda_csv(const Agenda &a, const AgendaView &v, CsvStyle style = {});
std::string render_agenda_json(const Agenda &a, const AgendaView &v);

} // namespace mestring
