#pragma once
// `due`: the agenda of open obligations in a window, overdue first, then by
// date, for coordinators and coaches; as text, markdown, CSV or JSON.

#include <mestring/assess.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>

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
  std::string coach, advisor, paragraph, case_id; // empty: any; names match ignoring case
  bool overdue = true;
};

struct AgendaItem {
  std::string case_id, name, paragraph, coach, advisor;
  const RuleSpec *rule = nullptr; // its id, and its title in any language
  std::string anchor;             // in the config's language
  std::string file;
  int line = 0;
  Date due;
  bool overdue = false;
};

// Open obligations due in the window and, unless filtered out, every missed
// one as overdue. Sorted: overdue first, then by due date, case and rule.
std::vector<AgendaItem> agenda(const Assessment &assessment, const Config &cfg, Window w, const AgendaFilter &filter);
// Whether an agenda of window `w` can show this obligation: what a due run
// keeps (Keep).
bool shown_in_agenda(const Obligation &o, Window w);

enum class GroupBy { date, coach, case_id };
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

std::string render_agenda_text(const std::vector<AgendaItem> &items, const AgendaView &v);
std::string render_agenda_markdown(const std::vector<AgendaItem> &items, const AgendaView &v);
std::string render_agenda_csv(const std::vector<AgendaItem> &items, const AgendaView &v);
std::string render_agenda_json(const std::vector<AgendaItem> &items, const AgendaView &v);

} // namespace mestring
