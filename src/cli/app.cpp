// The command line: the CLI11 app, its table of subcommands, and the one
// place where an error becomes a message and an exit code.
#include "app.hpp"

#include "commands.hpp"

#include <CLI/CLI.hpp>
#include <mestring/privacy.hpp>
#include <fmt/format.h>
#include <regex>
#include <mestring/i18n.hpp>
#include <mestring/text.hpp>

namespace mestring::cli {

namespace {

// A help line in the message language (set before the app is built).
std::string h(std::string_view english) { return std::string(tr(message_lang(), english)); }

// CLI11's own words in the help: headings and value names.
void translate_help(CLI::App& app) {
  auto formatter = app.get_formatter();
  for (const auto* word : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED", "DATE", "FILE",
                           "PATH", "NAME", "ID", "RULE", "ID|FILE", "FILE.csv", "MAP.yaml", "WHEN", "TEXT"})
    formatter->label(word, h(word));
}

// CLI11's parse errors in our words and the message language; a message we
// do not know is passed on as CLI11 wrote it.
std::string parse_error_message(const CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  const std::string what = e.what();
  std::smatch m;
  static const std::regex extras("The following arguments? (?:was|were) not expected: (.*)");
  static const std::regex convert("Could not convert: (\\S+) = (.*)");
  static const std::regex required("(\\S+) is required");
  static const std::regex missing("(\\S+): \\d+ required (\\S+) missing");
  if (std::regex_match(what, m, extras))
    return say("{}: not an option or argument of this command", m[1].str());
  if (std::regex_match(what, m, convert))
    return say("{}: \"{}\" is not a valid value", m[1].str(), m[2].str());
  if (std::regex_match(what, m, missing))
    return say("{} needs a value ({})", m[1].str(), h(m[2].str()));
  if (std::regex_match(what, m, required))
    return say("{} is required", m[1].str());
  if (what == "A subcommand is required") {
    // The first word that is not an option (or an option's value) was meant as a command.
    std::vector<std::string_view> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); }))
      names.push_back(sub->get_name());
    for (int i = 1; i < argc; ++i) {
      const std::string_view word = argv[i];
      if (word.starts_with("-")) {
        const auto* opt = app.get_option_no_throw(std::string(word.substr(0, word.find('='))));
        i += opt && opt->get_expected_max() > 0 && word.find('=') == std::string_view::npos;
        continue;
      }
      const auto guess = nearest(word, names);
      return say("\"{}\" is not a command{}", word, guess.empty() ? "" : say(" (did you mean \"{}\"?)", guess));
    }
    return say("name a command, such as check or due");
  }
  return what;
}

// Global options may stand before or after the subcommand (cli.md).
void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_option("--as-of", g.as_of_text, h("Evaluate as if today were DATE (YYYY-MM-DD)"))->type_name("DATE");
  app.add_option("--config", g.config_path, h("Repository config (default: mestring.yaml found upwards)"))
      ->type_name("FILE");
  app.add_option("--format", g.format, h("Output format: text, json, markdown, csv (per command)"))->type_name("F");
  app.add_option("--lang", g.lang, h("Language of messages: da or en (default: the config's, else LANG)"))
      ->type_name("da|en");
  app.add_option("--color", g.color, h("Colour the output: auto (a terminal, unless NO_COLOR is set), always or never"))
      ->type_name("WHEN");
  app.add_flag("--show-cpr", g.show_cpr, h("Print CPR numbers in full (masked as DDMMYY-xxxx by default)"));
  app.add_option("-j,--jobs", g.jobs, h("Threads reading case files (default: one per hardware thread)"))
      ->type_name("N");
  app.add_flag("--no-cache", g.no_cache, h("Parse every case file; neither read nor write the cache of loaded cases"));
  app.add_flag("-q,--quiet", g.quiet, h("Print less"));
  app.add_flag("-v,--verbose", g.verbose, h("Print more"));
}

} // namespace

int run(int argc, char** argv) {
  // Messages and help in the user's language from the first line on.
  set_message_lang(early_message_lang(argc, argv));
  CLI::App app{h("mestring — deadlines for coping-guidance cases (Serviceloven §85, §82a, §82b)"), "mestring"};
  translate_help(app);
  // Every option and subcommand made below inherits these group names.
  app.option_defaults()->group(h("Options"));
  app.set_help_flag("-h,--help", h("Print this help and exit"));
  app.set_version_flag("--version", std::string(MESTRING_VERSION), h("Print the version and exit"));
  app.require_subcommand(1);
  Context ctx;
  add_global_options(app, ctx.global);

  CheckArgs check_args;
  auto* check = app.add_subcommand("check", h("Report missed obligations and broken records; quiet when all is well"));
  check->add_option("paths", check_args.paths, h("Case files or folders"))->type_name("PATH");
  check->add_option("--min-severity", check_args.min_severity, h("Report error, warning (default) or info and above"));
  check->add_option("--fail-on", check_args.fail_on, h("Exit 1 on findings of this severity or above (default error)"));
  check->add_option("--rule", check_args.rules, h("Run only this rule (repeatable)"))->type_name("ID");

  DueArgs due_args;
  auto* due = app.add_subcommand("due", h("Agenda: what falls due in a window, and what is overdue"));
  due->add_option("paths", due_args.paths, h("Case files or folders"))->type_name("PATH");
  due->add_flag("--week", due_args.week, h("The ISO week of the as-of date (default)"));
  due->add_flag("--next-week", due_args.next_week, h("The week after"));
  due->add_option("--days", due_args.days, h("The as-of date and the N-1 days after it"))->type_name("N");
  due->add_flag("--month", due_args.month, h("The calendar month of the as-of date"));
  due->add_option("--from", due_args.from, h("Window start (with --to)"))->type_name("DATE");
  due->add_option("--to", due_args.to, h("Window end (with --from)"))->type_name("DATE");
  due->add_flag("--no-overdue", due_args.no_overdue, h("Leave out what is already overdue"));
  due->add_option("--coach", due_args.coach, h("Only this coach's cases"))->type_name("NAME");
  due->add_option("--advisor", due_args.advisor, h("Only this advisor's cases"))->type_name("NAME");
  due->add_option("--paragraph", due_args.paragraph, h("Only this programme (82a, 82b, 85, mestringsforloeb)"))
      ->type_name("P");
  due->add_option("--case", due_args.case_id, h("Only this case"))->type_name("ID");
  due->add_option("--by", due_args.by, h("Group text and markdown by date (default), coach or case"));

  ShowArgs show_args;
  auto* show = app.add_subcommand("show", h("One case: fields, timeline and every obligation"));
  show->add_option("case", show_args.target, h("Case id or file"))->required()->type_name("ID|FILE");

  auto* rules = app.add_subcommand("rules", h("The rule catalog with the config's settings"));
  std::string explain_rule;
  auto* explain = app.add_subcommand("explain", h("One rule in full, with its Danish source"));
  explain->add_option("rule", explain_rule, h("Rule id"))->required()->type_name("RULE");

  ConfigArgs config_args;
  auto* config = app.add_subcommand("config", h("Print the effective config"));
  config->add_flag("--defaults", config_args.defaults, h("Print the built-in defaults instead"));

  StatsArgs stats_args;
  auto* stats = app.add_subcommand("stats", h("Caseload at the as-of date and compliance per rule over a period"));
  stats->add_option("paths", stats_args.paths, h("Case files or folders"))->type_name("PATH");
  stats->add_option("--from", stats_args.from, h("Period start (default: 12 months before --to, plus a day)"))
      ->type_name("DATE");
  stats->add_option("--to", stats_args.to, h("Period end (default: the as-of date)"))->type_name("DATE");
  stats->add_option("--coach", stats_args.coach, h("Only this coach's cases"))->type_name("NAME");
  stats->add_option("--paragraph", stats_args.paragraph, h("Only this programme (82a, 82b, 85, mestringsforloeb)"))
      ->type_name("P");

  NewArgs new_args;
  auto* create = app.add_subcommand("new", h("Create a case file, in the canonical layout; never overwrites"));
  create->add_option("--id", new_args.id, h("Case id, also the file name"))->required();
  create->add_option("--paragraph", new_args.paragraph, h("Programme: 82a, 82b, 85, mestringsforloeb"))->required();
  create->add_option("--name", new_args.name, h("The citizen's name"))->required();
  create->add_option("--cpr", new_args.cpr, h("CPR number DDMMYY-SSSS"));
  create->add_option("--coach", new_args.coach, h("The coach (mestringsvejleder)"));
  create->add_option("--advisor", new_args.advisor, h("The advisor at the authority (rådgiver)"));
  create->add_option("--level", new_args.level, h("Support level 1-5 (§85)"));
  create->add_option("--applied", new_args.applied, h("Application received"))->type_name("DATE");
  create->add_option("--decided", new_args.decided, h("Decision sent"))->type_name("DATE");
  create->add_option("--start", new_args.start, h("Support starts"))->type_name("DATE");
  create->add_option("--plan", new_args.plan, h("Citizen plan / action plan made"))->type_name("DATE");

  // `add <event> ID …`: one subcommand per event, all filling one AddArgs.
  AddArgs add_args;
  auto* add = app.add_subcommand("add", h("Add one event to a case, changing only the lines it must"));
  add->require_subcommand(1);
  auto add_event = [&](const std::string& name, const std::string& help) {
    auto* sub = add->add_subcommand(name, h(help));
    sub->add_option("case", add_args.target, h("Case id or file"))->required()->type_name("ID|FILE");
    sub->add_option("--date", add_args.date, h("Date of the event (default: today, or --as-of)"))->type_name("DATE");
    sub->callback([&add_args, name] { add_args.event = name; });
    return sub;
  };
  auto* contact = add_event("contact", "A contact or contact attempt");
  contact->add_option("--outcome", add_args.outcome, h("reached, no-answer or cancelled"))->required();
  contact->add_option("--mode", add_args.mode, h("visit, phone, online, group or office"));
  contact->add_option("--note", add_args.note, h("A short note"));
  auto* followup = add_event("followup", "A follow-up on the plan (opfølgning)");
  followup->add_option("--kind", add_args.kind, h("first, annual, monthly or extra"));
  followup->add_option("--note", add_args.note, h("A short note"));
  auto* escalation = add_event("escalation", "Informing the authority (orientering af Myndighed)");
  escalation->add_option("--reason", add_args.reason, h("non-response, significant-change, coach-change or other"))
      ->required();
  escalation->add_option("--note", add_args.note, h("A short note"));
  add_event("health-check", "A yearly health check offered or held");
  auto* meeting = add_event("meeting", "A citizen plan meeting (borgerplansmøde)");
  meeting->add_option("--status", add_args.status, h("Date the written status was made"))->type_name("DATE");

  auto* close = app.add_subcommand("close", h("End a case's support: sets end and end_reason"));
  close->add_option("case", add_args.target, h("Case id or file"))->required()->type_name("ID|FILE");
  close->add_option("--date", add_args.date, h("Last day of support (default: today, or --as-of)"))->type_name("DATE");
  close->add_option("--reason", add_args.reason,
                    h("goal-achieved, citizen-declined, moved, deceased, transferred or other"))
      ->required();

  ImportArgs import_args;
  auto* import = app.add_subcommand("import", h("Import a spreadsheet (CSV) of cases or events; all rows or none"));
  import->add_option("sheet", import_args.sheet, h("The CSV file, as Excel or LibreOffice saves it"))
      ->required()
      ->type_name("FILE.csv");
  import->add_option("--kind", import_args.kind, h("cases (one row per case) or events; detected when left out"));
  import->add_option("--map", import_args.map, h("A YAML file that maps column headers to case fields"))
      ->type_name("MAP.yaml");
  import->add_flag("--dry-run", import_args.dry_run, h("Print what would change and write nothing"));
  import->add_flag("--overwrite", import_args.overwrite, h("Replace values that differ from the case files"));

  ExportArgs export_args;
  auto* exporter = app.add_subcommand("export", h("All cases as a spreadsheet (CSV), one row per case"));
  exporter->add_option("paths", export_args.paths, h("Case files or folders"))->type_name("PATH");
  exporter->add_option("--delimiter", export_args.delimiter, h("Cell separator: ; (default), , or tab"));
  exporter->add_option("--encoding", export_args.encoding, h("utf-8-bom (default, for Danish Excel), utf-8 or windows-1252"));
  exporter->add_option("--output", export_args.output, h("Write to FILE (atomically) instead of standard output"))
      ->type_name("FILE");

  std::string completion_shell;
  auto* completion = app.add_subcommand("completion", h("Print a completion script for bash, zsh or fish"));
  completion->add_option("shell", completion_shell, h("bash, zsh or fish"))->required();
  // Hidden (no group): the completion scripts run it for the case ids.
  auto* ids = app.add_subcommand("__ids", "")->group("");

  for (auto* sub : app.get_subcommands({})) {
    if (!sub->get_group().empty())
      sub->group(h("Commands"));
    sub->fallthrough();
    // A subcommand's help flag is made before it inherits the group name.
    sub->get_help_ptr()->group(h("Options"));
    for (auto* inner : sub->get_subcommands({}))
    {
      inner->group(h("Events"))->fallthrough();
      inner->get_help_ptr()->group(h("Options"));
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return app.exit(CLI::CallForHelp());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0)
      return app.exit(e);
    fmt::print(stderr, "mestring: {}: {}\n{}\n", h("error"), redact_cpr(parse_error_message(app, e, argc, argv)),
               h("Run `mestring --help` for the commands and options."));
    return int(Exit::usage);
  }

  try {
    // Neither needs a valid config: the scripts are the same everywhere, and
    // __ids fails silently.
    if (completion->parsed())
      return int(cmd_completion(app, completion_shell));
    if (ids->parsed())
      return int(cmd_ids(ctx));
    ctx.prepare();
    Exit code = Exit::ok;
    if (check->parsed())
      code = cmd_check(ctx, check_args);
    else if (due->parsed())
      code = cmd_due(ctx, due_args);
    else if (show->parsed())
      code = cmd_show(ctx, show_args);
    else if (rules->parsed())
      code = cmd_rules(ctx);
    else if (explain->parsed())
      code = cmd_explain(ctx, explain_rule);
    else if (config->parsed())
      code = cmd_config(ctx, config_args);
    else if (stats->parsed())
      code = cmd_stats(ctx, stats_args);
    else if (create->parsed())
      code = cmd_new(ctx, new_args);
    else if (add->parsed())
      code = cmd_add(ctx, add_args);
    else if (import->parsed())
      code = cmd_import(ctx, import_args);
    else if (exporter->parsed())
      code = cmd_export(ctx, export_args);
    else if (close->parsed()) {
      add_args.event = "close";
      code = cmd_add(ctx, add_args);
    }
    return int(code);
  } catch (const Failure& f) {
    // A message may quote what the user typed or a file holds: no CPR number in full.
    const bool full = ctx.config.show_cpr;
    fmt::print(stderr, "{}mestring: {}: {}\n", full ? f.details : redact_cpr(f.details),
               paint(h("error"), Tone::error, ctx.color_stderr), full ? f.message : redact_cpr(f.message));
    return int(f.code);
  }
}

} // namespace mestring::cli
