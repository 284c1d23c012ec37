// `new`, `add …` and `close`: the commands coaches use every day. Each takes
// the repository lock, builds the intended record, lets the edit module
// change only the lines it must, and tells what that did to the deadlines.
#include "commands.hpp"

#include <mestring/check.hpp>
#include <mestring/edit.hpp>
#include <mestring/fileio.hpp>
#include <mestring/rules.hpp>

#include <filesystem>
#include <fmt/format.h>
#include <map>

namespace mestring::cli {

namespace fs = std::filesystem;

namespace {

// Prints the obligations whose state the change moved, e.g.
// "non-response due 2025-11-20: missed → met late".
void print_effect(const Case& before, const Case& after, const Config& cfg, Date as_of) {
  const auto key = [](const Obligation& o) { return o.rule + "|" + (o.due ? o.due->iso() : ""); };
  std::map<std::string, const Obligation*> old_states;
  const auto old_list = obligations_of(before, cfg, as_of);
  const auto new_list = obligations_of(after, cfg, as_of);
  size_t changed = 0;
  for (const auto& o : old_list)
    old_states[key(o)] = &o;
  for (const auto& o : new_list) {
    const auto it = old_states.find(key(o));
    const std::string due = o.due ? say(" due {}", o.due->iso()) : "";
    if (it == old_states.end())
      fmt::print("  {}{}: {}\n", o.rule, due, say("{} (new)", state_name(o.state, message_lang())));
    else if (it->second->state != o.state)
      fmt::print("  {}{}: {} → {}\n", o.rule, due, state_name(it->second->state, message_lang()),
                 state_name(o.state, message_lang()));
    changed += it == old_states.end() || it->second->state != o.state;
    if (it != old_states.end())
      old_states.erase(it);
  }
  for (const auto& [k, o] : old_states)
    fmt::print("  {}{}: {}\n", o->rule, o->due ? say(" due {}", o->due->iso()) : "", say("no longer applies"));
  if (changed + old_states.size() == 0)
    fmt::print("  {}\n", say("no deadline changed"));
}

std::string choice(const std::string& value, std::string_view option, std::initializer_list<std::string_view> allowed,
                   bool required) {
  if (value.empty() && !required)
    return value;
  for (const auto a : allowed)
    if (a == value)
      return value;
  std::string list;
  for (const auto a : allowed)
    list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
  throw Failure{Exit::usage, value.empty() ? say("{} is required: one of {}", option, list)
                                           : say("{}: \"{}\" is not one of {}", option, value, list)};
}

Case read_case(const Context& ctx, const std::string& path) {
  const auto text = read_file(path);
  if (!text)
    throw Failure{Exit::usage, text.error()};
  auto loaded = load_case(*text, path, ctx.config, ctx.as_of);
  for (const auto& f : loaded.findings)
    if (f.rule == "parse" || f.rule == "schema")
      throw Failure{Exit::findings, say("fix these errors in {} first; nothing was changed", path),
                    render_findings_text(loaded.findings, ctx.stderr_style())};
  return std::move(*loaded.record);
}

// The flow-style item, keys in the order of case-format.md.
std::string flow(std::initializer_list<std::pair<std::string_view, std::string>> fields) {
  std::string out;
  for (const auto& [k, v] : fields)
    if (!v.empty())
      out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", k, v);
  return "{" + out + "}";
}

} // namespace

Exit cmd_add(const Context& ctx, const AddArgs& a) {
  // Check every option before touching anything.
  const Date date = a.date.empty() ? ctx.as_of : parse_date_option(a.date, "--date");
  const std::string path = ctx.case_path(a.target);
  auto lock = RepositoryLock::take(ctx.lock_path(path), a.event == "close" ? "close" : "add " + a.event);
  if (!lock)
    throw Failure{Exit::usage, lock.error()};
  const Case before = read_case(ctx, path);
  Case after = before;
  Change change{Change::Kind::append, "", ""};
  std::string what;

  if (a.event == "contact") {
    const auto outcome = choice(a.outcome, "--outcome", {"reached", "no-answer", "cancelled"}, true);
    const auto mode = choice(a.mode, "--mode", {"visit", "phone", "online", "group", "office"}, false);
    after.contacts.push_back({date, outcome, mode, a.note, 0});
    change = {Change::Kind::append, "contacts",
              flow({{"date", date.iso()}, {"outcome", outcome}, {"mode", mode},
                    {"note", a.note.empty() ? "" : yaml_scalar(a.note)}})};
    what = say("contact {} ({})", date.iso(), outcome);
  } else if (a.event == "followup") {
    const auto kind = choice(a.kind, "--kind", {"first", "annual", "monthly", "extra"}, false);
    after.followups.push_back({date, kind, a.note, 0});
    change = {Change::Kind::append, "followups",
              flow({{"date", date.iso()}, {"kind", kind}, {"note", a.note.empty() ? "" : yaml_scalar(a.note)}})};
    what = say("follow-up {}", date.iso());
  } else if (a.event == "escalation") {
    const auto reason =
        choice(a.reason, "--reason", {"non-response", "significant-change", "coach-change", "other"}, true);
    after.escalations.push_back({date, reason, a.note, 0});
    change = {Change::Kind::append, "escalations",
              flow({{"date", date.iso()}, {"reason", reason}, {"note", a.note.empty() ? "" : yaml_scalar(a.note)}})};
    what = say("escalation {} ({})", date.iso(), reason);
  } else if (a.event == "health-check") {
    after.health_checks.push_back({date, 0});
    change = {Change::Kind::append, "health_checks", date.iso()};
    what = say("health check {}", date.iso());
  } else if (a.event == "meeting") {
    std::optional<Date> status;
    if (!a.status.empty())
      status = parse_date_option(a.status, "--status");
    after.meetings.push_back({date, status, 0});
    change = {Change::Kind::append, "meetings",
              flow({{"date", date.iso()}, {"status", status ? status->iso() : ""}})};
    what = say("citizen plan meeting {}", date.iso());
  } else { // close
    const auto reason = choice(a.reason, "--reason",
                               {"goal-achieved", "citizen-declined", "moved", "deceased", "transferred", "other"}, true);
    if (before.end)
      throw Failure{Exit::usage, say("{} has ended already (end {}); nothing was changed", path, before.end->iso())};
    if (before.start && date < *before.start)
      throw Failure{Exit::usage, say("--date {} is before the start {}; nothing was changed", date.iso(),
                                             before.start->iso())};
    after.end.value = date;
    after.end_reason = reason;
    const std::vector<Change> changes{{Change::Kind::set, "end", date.iso()},
                                      {Change::Kind::set, "end_reason", reason}};
    const auto done = edit_case_file(path, changes, after, ctx.config, ctx.as_of);
    if (!done)
      throw Failure{Exit::usage, done.error()};
    fmt::print("{}: closed {} ({})\n", path, date.iso(), reason);
    print_effect(before, after, ctx.config, ctx.as_of);
    return Exit::ok;
  }

  const auto done = edit_case_file(path, {change}, after, ctx.config, ctx.as_of);
  if (!done)
    throw Failure{Exit::usage, done.error()};
  fmt::print("{}: added {}\n", path, what);
  print_effect(before, after, ctx.config, ctx.as_of);
  return Exit::ok;
}

Exit cmd_new(const Context& ctx, const NewArgs& a) {
  Case c;
  c.id = a.id;
  c.paragraph = a.paragraph;
  c.name = a.name;
  c.cpr = a.cpr;
  c.coach = a.coach;
  c.advisor = a.advisor;
  if (a.level != 0)
    c.level = a.level;
  const std::pair<const std::string*, DateField*> dates[] = {
      {&a.applied, &c.applied}, {&a.decided, &c.decided}, {&a.start, &c.start}, {&a.plan, &c.plan}};
  const char* names[] = {"--applied", "--decided", "--start", "--plan"};
  for (size_t i = 0; i < 4; ++i)
    if (!dates[i].first->empty())
      dates[i].second->value = parse_date_option(*dates[i].first, names[i]);
  if (c.id.empty() || c.id.find_first_of("/\\") != std::string::npos || c.id.starts_with("."))
    throw Failure{Exit::usage, say("--id: \"{}\" cannot be a file name", c.id)};

  const auto folder = fs::path(ctx.case_files_root());
  const auto path = (folder / (c.id + ".yaml")).lexically_normal().string();
  const auto text = new_case_text(c);
  // Validate exactly what will be written, with the same checks as `check`.
  const auto loaded = load_case(text, path, ctx.config, ctx.as_of);
  std::vector<Finding> errors;
  for (const auto& f : loaded.findings)
    if (f.severity == Severity::error)
      errors.push_back(f);
  if (!errors.empty())
    throw Failure{Exit::usage, say("the case was not created"), render_findings_text(errors, ctx.stderr_style())};

  auto lock = RepositoryLock::take(ctx.lock_path(path), "new");
  if (!lock)
    throw Failure{Exit::usage, lock.error()};
  std::error_code ec;
  fs::create_directories(folder, ec);
  const auto written = write_file_atomic(path, text, WriteMode::create_new);
  if (!written)
    throw Failure{Exit::usage, written.error()};
  fmt::print("{}: {}\n", path, say("created"));
  for (const auto& o : obligations_of(*loaded.record, ctx.config, ctx.as_of))
    if (o.reportable && o.due)
      fmt::print("  {}{}: {}\n", o.rule, say(" due {}", o.due->iso()), state_name(o.state, message_lang()));
  return Exit::ok;
}

} // namespace mestring::cli
