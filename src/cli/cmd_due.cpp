// `due`: the agenda of coordinators, coaches and advisors.
#include "commands.hpp"
#include "csv_option.hpp"
#include "output.hpp"

#include <mestring/agenda.hpp>
#include <mestring/format/html_model.hpp>
#include <mestring/format/ics.hpp>
#include <mestring/transaction.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <set>

namespace mestring::cli {

namespace {

constexpr std::string_view formats[] = {"text", "markdown", "csv", "json", "ics", "html"};

struct DueArgs {
  std::vector<std::string> paths;
  bool week = false, next_week = false, month = false, no_overdue = false;
  std::optional<long> days; // --days N, when given
  std::string from, to, coach, advisor, who, role, paragraph, case_id, by;
  std::string delimiter;  // --delimiter: "" for the config's
  std::string output_dir; // --output-dir: one HTML page per group, and an index
  std::string overdue_as; // --overdue-as: events (default) or summary
};

// Exactly one of the window options, default --week.
Window window_of(const Context &ctx, const DueArgs &a) {
  const int chosen =
      int(a.week) + int(a.next_week) + int(a.month) + int(a.days.has_value()) + int(!a.from.empty() || !a.to.empty());
  if (chosen > 1)
    throw Failure{Exit::usage, say("choose one window: --week, --next-week, --days N, --month or --from/--to")};
  if (a.from.empty() != a.to.empty())
    throw Failure{Exit::usage, say("--from and --to go together: give both dates")};
  if (a.next_week)
    return make_window(WindowKind::next_week, ctx.as_of);
  if (a.month)
    return make_window(WindowKind::month, ctx.as_of);
  if (a.days) {
    if (*a.days < 1 || *a.days > 3660)
      throw Failure{Exit::usage, say("--days: {} is not a number of days from 1 to 3660", *a.days)};
    return make_window(WindowKind::days, ctx.as_of, int(*a.days));
  }
  if (!a.from.empty()) {
    const Window w = make_window(WindowKind::range, ctx.as_of, 0, ctx.date(a.from, "--from"), ctx.date(a.to, "--to"));
    if (w.to < w.from)
      throw Failure{Exit::usage, say("--to {} is before --from {}", w.to.iso(), w.from.iso())};
    return w;
  }
  return make_window(WindowKind::week, ctx.as_of);
}

// `--output-dir DIR`: one page per group and an index, all written or none
// (one transaction, under the lock of the folder's repository), each file
// created or replaced; says what it wrote.
void write_pages(const Context &ctx, const std::string &dir, const HtmlAgenda &model) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw Failure{Exit::usage, say("--output-dir: cannot make the folder \"{}\": {}", dir, ec.message())};
  const auto pages = render_agenda_html_pages(model);
  const auto place = repository_of((fs::path(dir) / pages.back().file_name).string());
  if (!place)
    throw Failure{Exit::usage, place.error()};
  auto lock = RepositoryLock::take(*place, "due --output-dir");
  if (!lock)
    throw Failure{Exit::usage, lock.error()};
  Transaction pages_tx(*lock, "due --output-dir");
  std::vector<std::string> lines;
  for (const auto &page : pages) {
    const auto path = (fs::path(dir) / page.file_name).string();
    const bool exists = fs::exists(fs::symlink_status(path, ec));
    if (auto staged = pages_tx.stage(path, page.html, exists ? WriteMode::replace : WriteMode::create_new); !staged)
      throw Failure{Exit::usage, staged.error()};
    const auto counts = say("Overdue: {}", page.overdue) + " · " +
                        say("Due in the period: {}", page.items - page.overdue) +
                        (page.exempted > 0 ? " · " + say("Exempted: {}", page.exempted) : "");
    lines.push_back(
        page.file_name == "index.html"
            ? say(pages.size() == 2 ? "{}: the index of {} page" : "{}: the index of {} pages", path, pages.size() - 1)
            : fmt::format("{}: {} ({})", path, page.title, counts));
  }
  if (auto done = pages_tx.commit(); !done)
    throw Failure{Exit::usage, done.error()};
  if (!ctx.global.quiet)
    for (const auto &note : pages_tx.notes())
      print_note(note);
  for (const auto &line : lines)
    print_text(fmt::format("{}\n", line));
}

Exit run(Context &ctx, const DueArgs &a) {
  const Window w = window_of(ctx, a);
  AgendaView view{ctx.as_of, w, GroupBy::date, !ctx.config.ids_only, ctx.config.lang(), ctx.color};
  if (!a.by.empty()) {
    const auto all = groupings();
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto &g) { return g.first == a.by; });
    if (it == all.end()) {
      std::vector<std::string_view> names;
      for (const auto &g : all)
        names.push_back(g.first);
      throw Failure{Exit::usage, say("--by: \"{}\" is not a grouping; use {}", a.by, join_or(names, message_lang()))};
    }
    view.by = it->second;
  }
  // --output-dir writes HTML pages; it implies --format html and takes no other.
  if (!a.output_dir.empty() && !ctx.global.format.empty() && ctx.global.format != "html")
    throw Failure{Exit::usage,
                  say("--output-dir writes HTML pages; leave out --format {} or use --format html", ctx.global.format)};
  const auto format = a.output_dir.empty() ? format_of(ctx, due_command) : std::string("html");
  const auto csv = csv_style(ctx, a.delimiter, format);
  IcsOptions ics;
  if (!a.overdue_as.empty()) {
    if (format != "ics")
      throw Failure{Exit::usage, say("--overdue-as: only --format ics has calendar events to place")};
    if (a.overdue_as != "events" && a.overdue_as != "summary")
      throw Failure{Exit::usage, say("--overdue-as: \"{}\" is not a choice; use events or summary", a.overdue_as)};
    ics.overdue_as = a.overdue_as == "summary" ? OverdueAs::summary : OverdueAs::events;
  }
  // A calendar also gets what was met lately, to drop it (calendar.cancelled_days).
  std::optional<Date> done_since;
  if (format == "ics" && ctx.config.cancelled_days > 0)
    done_since = add_days(ctx.as_of, 1 - ctx.config.cancelled_days);

  // Load and assess, keeping what the window can show (and every case when
  // a name or id is to be looked up among them); filter; render.
  const bool named = !a.coach.empty() || !a.advisor.empty() || !a.who.empty() || !a.case_id.empty();
  const auto assessment = ctx.assess(
      a.paths,
      [w, done_since](const Obligation &o) {
        return shown_in_agenda(o, w) || (done_since && met_since(o, *done_since));
      },
      named ? Cases::every : Cases::with_kept);
  std::set<std::string> broken;
  for (const auto &f : assessment.findings)
    if (f.severity == Severity::error && broken.insert(f.file).second && !ctx.global.quiet)
      print_note(say("{} has errors, so its agenda may be incomplete; run mestring check", f.file));
  // A name or id that matches no case is a mistake, not an empty agenda.
  if (named) {
    std::vector<std::string> coaches, advisors, people, ids;
    for (const auto &c : assessment.cases) {
      coaches.push_back(c.summary.coach);
      advisors.push_back(c.summary.advisor);
      ids.push_back(c.summary.id);
    }
    people = coaches;
    people.insert(people.end(), advisors.begin(), advisors.end());
    require_known("--coach", a.coach, coaches);
    require_known("--advisor", a.advisor, advisors);
    require_known("--for", a.who, people);
    require_known("--case", a.case_id, ids);
  }
  AgendaFilter filter{a.coach, a.advisor, a.who, std::nullopt, a.paragraph, a.case_id, !a.no_overdue, done_since};
  if (!a.role.empty()) {
    filter.role = parse_choice<Role>(a.role);
    if (!filter.role)
      throw Failure{Exit::usage,
                    say("--role: \"{}\" is not a role; use {}", a.role, choice_list<Role>(message_lang()))};
  }
  const auto items = agenda(assessment, ctx.config, w, filter);
  if (!a.output_dir.empty()) {
    write_pages(ctx, a.output_dir, html_agenda_of(items, view, filter));
  } else if (format == "json") {
    print_document(render_agenda_json(items, view));
  } else if (format == "ics") {
    ics.scope = agenda_scope(filter, Lang::en);
    print_document(render_agenda_ics(items, view, ics));
  } else if (format == "csv") {
    print_document(render_agenda_csv(items, view, csv));
  } else if (format == "html") {
    print_document(render_agenda_html(html_agenda_of(items, view, filter)));
  } else if (format == "markdown") {
    print_text(render_agenda_markdown(items, view));
  } else {
    print_text(render_agenda_text(items, view), ctx.color);
  }
  return Exit::ok;
}

Runner define(CLI::App &sub) {
  auto a = std::make_shared<DueArgs>();
  sub.add_option("paths", a->paths, h("Case files or folders"))->type_name("PATH");
  sub.add_flag("--week", a->week, h("The ISO week of the as-of date (default)"));
  sub.add_flag("--next-week", a->next_week, h("The week after"));
  sub.add_option("--days", a->days, h("The as-of date and the N-1 days after it"))->type_name("N");
  sub.add_flag("--month", a->month, h("The calendar month of the as-of date"));
  sub.add_option("--from", a->from, h("Window start (with --to)"))->type_name("DATE");
  sub.add_option("--to", a->to, h("Window end (with --from)"))->type_name("DATE");
  sub.add_flag("--no-overdue", a->no_overdue, h("Leave out what is already overdue"));
  sub.add_option("--coach", a->coach, h("Only this coach's cases"))->type_name("NAME");
  sub.add_option("--advisor", a->advisor, h("Only this advisor's cases"))->type_name("NAME");
  sub.add_option("--for", a->who, h("Only what this person must act on (as coach or as advisor)"))->type_name("NAME");
  sub.add_option("--role", a->role, h("Only the authority's or the coaches' obligations: authority or coach"))
      ->type_name("ROLE");
  sub.add_option("--paragraph", a->paragraph, h("Only this programme (82a, 82b, 85, mestringsforloeb)"))
      ->type_name("P");
  sub.add_option("--case", a->case_id, h("Only this case"))->type_name("ID");
  sub.add_option("--by", a->by,
                 h("Group text, markdown and html by date (default), coach, advisor, owner (who must act) or case"))
      ->type_name("BY");
  sub.add_option("--output-dir", a->output_dir,
                 h("Write one HTML page per group (--by owner: per person, for mailing) and an index into DIR"))
      ->type_name("DIR");
  sub.add_option("--overdue-as", a->overdue_as,
                 h("ics: each overdue obligation as an event on the as-of date (events, default) or one event "
                   "listing them (summary)"))
      ->type_name("HOW");
  add_delimiter_option(sub, a->delimiter);
  return [a](Context &ctx) { return run(ctx, *a); };
}

} // namespace

const Command due_command{"due", "Agenda: what falls due in a window, and what is overdue", formats, true, define};

} // namespace mestring::cli
