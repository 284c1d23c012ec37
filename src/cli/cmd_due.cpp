#include "commands.hpp"

#include <mestring/agenda.hpp>
#include <mestring/format/ics.hpp>

#include <fmt/format.h>
#include <set>

namespace mestring::cli {

Exit cmd_due(const Context& ctx, const DueArgs& a) {
  // Which window: exactly one of the window options, default --week.
  const int chosen = int(a.week) + int(a.next_week) + int(a.month) + int(a.days.has_value()) +
                     int(!a.from.empty() || !a.to.empty());
  if (chosen > 1)
    throw Failure{Exit::usage, say("choose one window: --week, --next-week, --days N, --month or --from/--to")};
  if (a.from.empty() != a.to.empty())
    throw Failure{Exit::usage, say("--from and --to go together: give both dates")};
  Window w = make_window(WindowKind::week, ctx.as_of);
  if (a.next_week)
    w = make_window(WindowKind::next_week, ctx.as_of);
  else if (a.month)
    w = make_window(WindowKind::month, ctx.as_of);
  else if (a.days) {
    if (*a.days < 1 || *a.days > 3660)
      throw Failure{Exit::usage, say("--days: {} is not a number of days from 1 to 3660", *a.days)};
    w = make_window(WindowKind::days, ctx.as_of, int(*a.days));
  } else if (!a.from.empty()) {
    w = make_window(WindowKind::range, ctx.as_of, 0, parse_date_option(a.from, "--from"),
                    parse_date_option(a.to, "--to"));
    if (w.to < w.from)
      throw Failure{Exit::usage, say("--to {} is before --from {}", w.to.iso(), w.from.iso())};
  }
  AgendaView view{ctx.as_of, w, GroupBy::date, !ctx.config.ids_only, ctx.config.lang(), ctx.color};
  if (a.by == "coach")
    view.by = GroupBy::coach;
  else if (a.by == "case")
    view.by = GroupBy::case_id;
  else if (a.by != "date")
    throw Failure{Exit::usage, say("--by: \"{}\" is not a grouping; use date, coach or case", a.by)};
  const auto format = ctx.format({"text", "markdown", "csv", "json", "ics"}, "text");

  // Load, evaluate, keep what the filters ask for, render.
  const auto repo = ctx.load(a.paths, [w](const Obligation& o) { return shown_in_agenda(o, w); });
  std::set<std::string> broken;
  for (const auto& f : repo.findings)
    if (f.severity == Severity::error && broken.insert(f.file).second && !ctx.global.quiet)
      fmt::print(stderr, "mestring: {}: {}\n", say("note"),
                 say("{} has errors, so its agenda may be incomplete; run mestring check", f.file));
  AgendaFilter filter{a.coach, a.advisor, a.paragraph, a.case_id, !a.no_overdue};
  const auto items = agenda(repo, ctx.config, ctx.as_of, w, filter);
  if (format == "json")
    fmt::print("{}", render_agenda_json(items, view));
  else if (format == "ics")
    fmt::print("{}", render_agenda_ics(items, view));
  else if (format == "csv")
    fmt::print("{}", render_agenda_csv(items, view));
  else if (format == "markdown")
    fmt::print("{}", render_agenda_markdown(items, view));
  else
    fmt::print("{}", render_agenda_text(items, view));
  return Exit::ok;
}

} // namespace mestring::cli
