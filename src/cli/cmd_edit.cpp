// `new`, `add …` and `close`: the commands coaches use every day. Each takes
// the repository lock, builds the intended record, lets the edit module
// change only the lines it must, and tells what that did to the deadlines.
#include "commands.hpp"
#include "output.hpp"

#include <mestring/check.hpp>
#include <mestring/edit.hpp>
#include <mestring/effect.hpp>
#include <mestring/fileio.hpp>
#include <mestring/rules.hpp>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <map>

namespace mestring::cli {

namespace fs = std::filesystem;

namespace {

// Prints what the change did to the case's agenda, in words: what was met,
// what is no longer due and why, what is new or moved.
void print_effect(const Case &before, const Case &after, const Config &cfg, Date as_of) {
  const auto lines = agenda_changes(before, after, cfg, as_of, message_lang());
  for (const auto &line : lines)
    print_text(fmt::format("  {}\n", line));
  if (lines.empty())
    print_text(fmt::format("  {}\n", say("nothing on the agenda changed")));
}

// The choice an option names, or a usage error listing the choices.
template <typename E> std::optional<E> choice(const std::string &value, std::string_view option, bool required) {
  if (value.empty() && !required)
    return std::nullopt;
  if (const auto e = parse_choice<E>(value))
    return e;
  std::string list;
  for (const auto &c : choices<E>())
    list += fmt::format("{}{}", list.empty() ? "" : ", ", c.id);
  throw Failure{Exit::usage, value.empty() ? say("{} is required: one of {}", option, list)
                                           : say("{}: \"{}\" is not one of {}", option, value, list)};
}

Case read_case(const Context &ctx, const std::string &path) {
  // A link that leaves the repository is refused before a byte of its target is read.
  std::string text;
  if (const auto why = read_case_bytes(path, text, ctx.config.limits.max_file_size + 1); !why.empty())
    throw Failure{Exit::usage, say("{}: cannot read: {}", path, why)};
  auto loaded = load_case(text, path, ctx.config, ctx.as_of);
  for (const auto &f : loaded.findings)
    if (!loaded.record || f.rule == id_of(Check::parse) || f.rule == id_of(Check::schema))
      throw Failure{Exit::findings, say("fix these errors in {} first; nothing was changed", path),
                    render_findings_text(loaded.findings, ctx.stderr_style())};
  return std::move(*loaded.record);
}

// The options of every `add EVENT` and of `close`, filled by whichever ran.
struct AddArgs {
  std::string target;
  std::string date;
  std::map<Sub, std::string> values; // --outcome, --mode, --note, …: the item's keys
  std::string reason;                // close --reason
};

// What one `add EVENT` says, as the event it adds.
Event event_of(const Context &ctx, const KeyInfo &list, const AddArgs &a, Date date) {
  Event e;
  e.list = list.key;
  e.date = date;
  auto value = [&](Sub s) {
    const auto it = a.values.find(s);
    return it == a.values.end() ? std::string() : it->second;
  };
  auto required = [&](Sub s) {
    return std::find(list.required.begin(), list.required.end(), s) != list.required.end();
  };
  for (const auto sub : list.subkeys) {
    const auto option = fmt::format("--{}", name_of(sub));
    switch (sub) {
    case Sub::outcome: e.outcome = *choice<Outcome>(value(sub), option, true); break;
    case Sub::mode: e.mode = choice<Mode>(value(sub), option, required(sub)); break;
    case Sub::kind: e.kind = choice<FollowupKind>(value(sub), option, required(sub)); break;
    case Sub::reason:
      if (list.key == Key::exemptions) {
        check_typed_option(option, value(sub));
        e.why = value(sub);
      } else
        e.reason = *choice<Reason>(value(sub), option, true);
      break;
    case Sub::status:
      if (!value(sub).empty())
        e.status = ctx.date(value(sub), option);
      break;
    case Sub::note:
      check_typed_option(option, value(sub), true);
      e.note = value(sub);
      break;
    case Sub::level: {
      const auto v = value(sub);
      if (v.size() != 1 || v[0] < '1' || v[0] > '5')
        throw Failure{Exit::usage, say("{}: \"{}\" is not a level; levels are 1 to 5", option, v)};
      e.level = v[0] - '0';
      break;
    }
    case Sub::rule:
      check_typed_option(option, value(sub), false, false);
      e.rule = value(sub);
      break;
    case Sub::from: e.date = ctx.date(value(sub), option); break;
    case Sub::until: e.until = ctx.date(value(sub), option); break;
    case Sub::by:
      check_typed_option(option, value(sub));
      e.by = value(sub);
      break;
    default: break;
    }
  }
  return e;
}

// What `add EVENT` prints after "added": "contact 2025-03-01 (no-answer)".
std::string described(const Event &e) {
  switch (e.list) {
  case Key::contacts: return say("contact {} ({})", e.date.iso(), id_of(e.outcome));
  case Key::followups: return say("follow-up {}", e.date.iso());
  case Key::escalations: return say("escalation {} ({})", e.date.iso(), id_of(e.reason));
  case Key::health_checks: return say("health check {}", e.date.iso());
  case Key::meetings: return say("citizen plan meeting {}", e.date.iso());
  case Key::level_changes: return say("level {} from {}", e.level, e.date.iso());
  case Key::exemptions: return say("exemption from {} until {} ({})", e.date.iso(), e.until.iso(), e.rule);
  default: return e.date.iso();
  }
}

// What one writing command changes: given the case as it is, it fills the
// record it means to write and the edits that write it, and says what it did.
using Plan = std::function<std::string(const Case &before, Case &after, std::vector<Change> &changes)>;

// The one way a command changes a case: under the lock of the file's own
// repository (with its config, however the file was named), from the file
// as it is now, proved by re-reading, written through a transaction, and
// then what that did to the deadlines.
Exit edit(Context &ctx, const std::string &target, const std::string &command, const Plan &plan) {
  const std::string path = ctx.case_path(target);
  const auto &lock = ctx.lock_repository_of(path, command, true);
  const Case before = read_case(ctx, path);
  Case after = before;
  std::vector<Change> changes;
  const auto what = plan(before, after, changes);
  const auto done = edit_case_file(lock, command, path, changes, after, ctx.config, ctx.as_of);
  if (!done)
    throw Failure{Exit::usage, done.error()};
  print_text(fmt::format("{}: {}\n", path, what));
  print_effect(before, after, ctx.config, ctx.as_of);
  return Exit::ok;
}

Exit run_add(Context &ctx, const KeyInfo &list, const AddArgs &a) {
  // Check every option before touching anything.
  const Date date = a.date.empty() ? ctx.as_of : ctx.date(a.date, "--date");
  const auto e = event_of(ctx, list, a, date);
  if (list.key == Key::exemptions) {
    const auto problems = exemption_problems({e.rule, e.date, e.until, e.why, e.by, 0}, ctx.config);
    if (!problems.empty()) {
      std::string details;
      for (size_t i = 0; i + 1 < problems.size(); ++i)
        details += fmt::format("mestring: {}: {}\n", say("error"), problems[i]);
      throw Failure{Exit::usage, problems.back() + say("; nothing was changed"), details};
    }
  }
  return edit(ctx, a.target, fmt::format("add {}", list.event), [&](const Case &, Case &after, auto &changes) {
    changes.push_back(add_event(after, e));
    return say("added {}", described(e));
  });
}

Exit run_close(Context &ctx, const AddArgs &a) {
  const Date date = a.date.empty() ? ctx.as_of : ctx.date(a.date, "--date");
  return edit(ctx, a.target, "close", [&](const Case &before, Case &after, auto &changes) {
    const auto reason = *choice<EndReason>(a.reason, "--reason", true);
    if (before.end)
      throw Failure{Exit::usage,
                    say("{} has ended already (end {}); nothing was changed", before.file, before.end->iso())};
    if (before.start && date < *before.start)
      throw Failure{Exit::usage,
                    say("--date {} is before the start {}; nothing was changed", date.iso(), before.start->iso())};
    after.end.value = date;
    after.end_reason = reason;
    changes = {{Change::Kind::set, std::string(name_of(Key::end)), date.iso()},
               {Change::Kind::set, std::string(name_of(Key::end_reason)), std::string(id_of(reason))}};
    return say("closed {} ({})", date.iso(), id_of(reason));
  });
}

struct DecideArgs {
  std::string target, date;
  bool refused = false;
};

// `decide`: the decision on an application, a grant unless --refused.
Exit run_decide(Context &ctx, const DecideArgs &a) {
  const Date date = a.date.empty() ? ctx.as_of : ctx.date(a.date, "--date");
  return edit(ctx, a.target, "decide", [&](const Case &before, Case &after, auto &changes) {
    if (before.decided)
      throw Failure{Exit::usage,
                    say("{} was decided already ({} {}); nothing was changed. Edit the file to correct "
                        "a decision",
                        before.file, before.decided->iso(), id_of(before.decision.value_or(Decision::granted)))};
    if (before.applied && date < *before.applied)
      throw Failure{Exit::usage, say("--date {} is before the application {}; nothing was changed", date.iso(),
                                     before.applied->iso())};
    after.decided.value = date;
    changes.push_back({Change::Kind::set, std::string(name_of(Key::decided)), date.iso()});
    if (a.refused) {
      after.decision = Decision::refused;
      changes.push_back(
          {Change::Kind::set, std::string(name_of(Key::decision)), std::string(id_of(Decision::refused))});
    }
    return say("decided {} ({})", date.iso(), id_of(a.refused ? Decision::refused : Decision::granted));
  });
}

Runner define_decide(CLI::App &sub) {
  auto a = std::make_shared<DecideArgs>();
  sub.add_option("case", a->target, h("Case id or file"))->required()->type_name("ID|FILE");
  sub.add_option("--date", a->date, h("Date of the decision (default: today, or --as-of)"))->type_name("DATE");
  sub.add_flag("--refused", a->refused, h("The application was refused (default: granted)"));
  return [a](Context &ctx) { return run_decide(ctx, *a); };
}

// The options of `add EVENT` for the keys of the event's items.
void add_item_options(CLI::App &sub, const KeyInfo &list, AddArgs &a) {
  for (const auto s : list.subkeys) {
    std::string help;
    switch (s) {
    case Sub::outcome: help = choice_list<Outcome>(message_lang()); break;
    case Sub::mode: help = choice_list<Mode>(message_lang()); break;
    case Sub::kind: help = choice_list<FollowupKind>(message_lang()); break;
    case Sub::reason: help = choice_list<Reason>(message_lang()); break;
    case Sub::note: help = h("A short note"); break;
    case Sub::status: help = h("Date the written status was made"); break;
    case Sub::level: help = h("The new support level, 1 to 5"); break;
    case Sub::rule: help = h("The rule set aside (see mestring rules)"); break;
    case Sub::from: help = h("First day of the exemption"); break;
    case Sub::until: help = h("Last day of the exemption"); break;
    case Sub::by: help = h("Who decided it"); break;
    default: continue;
    }
    if (s == Sub::reason && list.key == Key::exemptions)
      help = h("Why the rule cannot be kept for now (the citizen is in hospital, say)");
    auto *opt = sub.add_option(fmt::format("--{}", name_of(s)), a.values[s], help);
    if (s == Sub::status || s == Sub::from || s == Sub::until)
      opt->type_name("DATE");
    else if (s == Sub::level)
      opt->type_name("N");
    else if (s == Sub::rule)
      opt->type_name("RULE");
    else if (s == Sub::by)
      opt->type_name("NAME");
    if (std::find(list.required.begin(), list.required.end(), s) != list.required.end())
      opt->required();
  }
}

Runner define_add(CLI::App &add) {
  add.require_subcommand(1);
  auto a = std::make_shared<AddArgs>();
  auto chosen = std::make_shared<const KeyInfo *>(nullptr);
  for (const auto &list : case_keys()) {
    if (list.event.empty())
      continue;
    auto *sub = add.add_subcommand(std::string(list.event), std::string(list.help(message_lang())));
    sub->add_option("case", a->target, h("Case id or file"))->required()->type_name("ID|FILE");
    if (list.kind != KeyKind::spans) // an exemption has --from and --until instead
      sub->add_option("--date", a->date, h("Date of the event (default: today, or --as-of)"))->type_name("DATE");
    add_item_options(*sub, list, *a);
    sub->callback([chosen, info = &list] { *chosen = info; });
  }
  return [a, chosen](Context &ctx) { return run_add(ctx, **chosen, *a); };
}

Runner define_close(CLI::App &sub) {
  auto a = std::make_shared<AddArgs>();
  sub.add_option("case", a->target, h("Case id or file"))->required()->type_name("ID|FILE");
  sub.add_option("--date", a->date, h("Last day of support (default: today, or --as-of)"))->type_name("DATE");
  sub.add_option("--reason", a->reason, choice_list<EndReason>(message_lang()))->required();
  return [a](Context &ctx) { return run_close(ctx, *a); };
}

struct NewArgs {
  std::string id, paragraph, name, cpr, coach, advisor, applied, decided, start, plan;
  int level = 0;
};

Exit run_new(Context &ctx, const NewArgs &a) {
  Case c;
  c.id = a.id;
  c.paragraph = a.paragraph;
  c.name = a.name;
  c.cpr = a.cpr;
  c.coach = a.coach;
  c.advisor = a.advisor;
  if (a.level != 0)
    c.level = a.level;
  const std::pair<const std::string *, Key> dates[] = {
      {&a.applied, Key::applied}, {&a.decided, Key::decided}, {&a.start, Key::start}, {&a.plan, Key::plan}};
  for (const auto &[text, key] : dates)
    if (!text->empty())
      (c.*key_info(key).date).value = ctx.date(*text, fmt::format("--{}", name_of(key)));
  const std::pair<std::string_view, const std::string *> texts[] = {
      {"--id", &a.id}, {"--name", &a.name}, {"--coach", &a.coach}, {"--advisor", &a.advisor}};
  for (const auto &[option, text] : texts)
    check_typed_option(option, *text);
  check_typed_option("--cpr", a.cpr, false, false);
  if (c.id.empty() || c.id.find_first_of("/\\") != std::string::npos || c.id.starts_with("."))
    throw Failure{Exit::usage, say("--id: \"{}\" cannot be a file name", c.id)};
  if (c.id == reserved_case_id)
    throw Failure{
        Exit::usage,
        say("--id: {} is reserved ({}.yaml is the repository's config file); give the case another id", c.id, c.id)};

  const auto folder = fs::path(ctx.case_files_root());
  const auto path = (folder / (c.id + ".yaml")).lexically_normal().string();
  // Validate exactly what will be written, with the same checks as `check`.
  const auto made = make_case(c, path, ctx.config, ctx.as_of);
  if (!made.errors.empty())
    throw Failure{Exit::usage, say("the case was not created"), render_findings_text(made.errors, ctx.stderr_style())};

  const auto &lock = ctx.lock_repository_of(path, "new");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (const auto failed = write_all(lock, "new", {FileChange{path, true, "", made.text}}))
    throw Failure{Exit::usage, failed->message};
  print_text(fmt::format("{}: {}\n", path, say("created")));
  for (const auto &o : obligations_of(*made.loaded.record, ctx.config, ctx.as_of))
    if (o.reportable && o.due)
      print_text(
          fmt::format("  {}{}: {}\n", o.id(), say(" due {}", o.due->iso()), state_name(o.state, message_lang())));
  return Exit::ok;
}

Runner define_new(CLI::App &sub) {
  auto a = std::make_shared<NewArgs>();
  sub.add_option("--id", a->id, h("Case id, also the file name"))->required();
  sub.add_option("--paragraph", a->paragraph, h("Programme: 82a, 82b, 85, mestringsforloeb"))->required();
  sub.add_option("--name", a->name, h("The citizen's name"))->required();
  sub.add_option("--cpr", a->cpr, h("CPR number DDMMYY-SSSS"));
  sub.add_option("--coach", a->coach, h("The coach (mestringsvejleder)"));
  sub.add_option("--advisor", a->advisor, h("The advisor at the authority (rådgiver)"));
  sub.add_option("--level", a->level, h("Support level 1-5 (§85)"));
  sub.add_option("--applied", a->applied, h("Application received"))->type_name("DATE");
  sub.add_option("--decided", a->decided, h("Decision sent"))->type_name("DATE");
  sub.add_option("--start", a->start, h("Support starts"))->type_name("DATE");
  sub.add_option("--plan", a->plan, h("Citizen plan / action plan made"))->type_name("DATE");
  return [a](Context &ctx) { return run_new(ctx, *a); };
}

} // namespace

const Command new_command{"new", "Create a case file, in the canonical layout; never overwrites", {}, true, define_new};
const Command add_command{"add", "Add one event to a case, changing only the lines it must", {}, true, define_add};
const Command decide_command{
    "decide", "Record the decision on an application: a grant, or a refusal", {}, true, define_decide};
const Command close_command{"close", "End a case's support: sets end and end_reason", {}, true, define_close};

} // namespace mestring::cli
