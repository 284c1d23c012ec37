// The command line: the CLI11 app, its table of subcommands, and the one
// place where an error becomes a message and an exit code.
#include "app.hpp"

#include "commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace mestring::cli {

namespace {

// Global options may stand before or after the subcommand (cli.md).
void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_option("--as-of", g.as_of_text, "Evaluate as if today were DATE (YYYY-MM-DD)")->type_name("DATE");
  app.add_option("--config", g.config_path, "Repository config (default: mestring.yaml found upwards)")
      ->type_name("FILE");
  app.add_option("--format", g.format, "Output format: text, json, markdown, csv (per command)")->type_name("F");
  app.add_option("--lang", g.lang, "Language of messages: da or en (default: the config's, else LANG)")
      ->type_name("da|en");
  app.add_flag("--show-cpr", g.show_cpr, "Print CPR numbers in full (masked as DDMMYY-xxxx by default)");
  app.add_option("-j,--jobs", g.jobs, "Threads reading case files (default: one per hardware thread)")
      ->type_name("N");
  app.add_flag("--no-cache", g.no_cache, "Parse every case file; neither read nor write the cache of loaded cases");
  app.add_flag("-q,--quiet", g.quiet, "Print less");
  app.add_flag("-v,--verbose", g.verbose, "Print more");
}

} // namespace

int run(int argc, char** argv) {
  CLI::App app{"mestring — deadlines for coping-guidance cases (Serviceloven §85, §82a, §82b)", "mestring"};
  app.set_version_flag("--version", std::string(MESTRING_VERSION));
  app.require_subcommand(1);
  Context ctx;
  add_global_options(app, ctx.global);

  CheckArgs check_args;
  auto* check = app.add_subcommand("check", "Report missed obligations and broken records; quiet when all is well");
  check->add_option("paths", check_args.paths, "Case files or folders")->type_name("PATH");
  check->add_option("--min-severity", check_args.min_severity, "Report error, warning (default) or info and above");
  check->add_option("--fail-on", check_args.fail_on, "Exit 1 on findings of this severity or above (default error)");
  check->add_option("--rule", check_args.rules, "Run only this rule (repeatable)")->type_name("ID");

  DueArgs due_args;
  auto* due = app.add_subcommand("due", "Agenda: what falls due in a window, and what is overdue");
  due->add_option("paths", due_args.paths, "Case files or folders")->type_name("PATH");
  due->add_flag("--week", due_args.week, "The ISO week of the as-of date (default)");
  due->add_flag("--next-week", due_args.next_week, "The week after");
  due->add_option("--days", due_args.days, "The as-of date and the N-1 days after it")->type_name("N");
  due->add_flag("--month", due_args.month, "The calendar month of the as-of date");
  due->add_option("--from", due_args.from, "Window start (with --to)")->type_name("DATE");
  due->add_option("--to", due_args.to, "Window end (with --from)")->type_name("DATE");
  due->add_flag("--no-overdue", due_args.no_overdue, "Leave out what is already overdue");
  due->add_option("--coach", due_args.coach, "Only this coach's cases")->type_name("NAME");
  due->add_option("--advisor", due_args.advisor, "Only this advisor's cases")->type_name("NAME");
  due->add_option("--paragraph", due_args.paragraph, "Only this programme (82a, 82b, 85, mestringsforloeb)")
      ->type_name("P");
  due->add_option("--case", due_args.case_id, "Only this case")->type_name("ID");
  due->add_option("--by", due_args.by, "Group text and markdown by date (default), coach or case");

  ShowArgs show_args;
  auto* show = app.add_subcommand("show", "One case: fields, timeline and every obligation");
  show->add_option("case", show_args.target, "Case id or file")->required()->type_name("ID|FILE");

  auto* rules = app.add_subcommand("rules", "The rule catalog with the config's settings");
  std::string explain_rule;
  auto* explain = app.add_subcommand("explain", "One rule in full, with its Danish source");
  explain->add_option("rule", explain_rule, "Rule id")->required()->type_name("RULE");

  ConfigArgs config_args;
  auto* config = app.add_subcommand("config", "Print the effective config");
  config->add_flag("--defaults", config_args.defaults, "Print the built-in defaults instead");

  StatsArgs stats_args;
  auto* stats = app.add_subcommand("stats", "Caseload at the as-of date and compliance per rule over a period");
  stats->add_option("paths", stats_args.paths, "Case files or folders")->type_name("PATH");
  stats->add_option("--from", stats_args.from, "Period start (default: 12 months before --to, plus a day)")
      ->type_name("DATE");
  stats->add_option("--to", stats_args.to, "Period end (default: the as-of date)")->type_name("DATE");
  stats->add_option("--coach", stats_args.coach, "Only this coach's cases")->type_name("NAME");
  stats->add_option("--paragraph", stats_args.paragraph, "Only this programme (82a, 82b, 85, mestringsforloeb)")
      ->type_name("P");

  NewArgs new_args;
  auto* create = app.add_subcommand("new", "Create a case file, in the canonical layout; never overwrites");
  create->add_option("--id", new_args.id, "Case id, also the file name")->required();
  create->add_option("--paragraph", new_args.paragraph, "Programme: 82a, 82b, 85, mestringsforloeb")->required();
  create->add_option("--name", new_args.name, "The citizen's name")->required();
  create->add_option("--cpr", new_args.cpr, "CPR number DDMMYY-SSSS");
  create->add_option("--coach", new_args.coach, "The coach (mestringsvejleder)");
  create->add_option("--advisor", new_args.advisor, "The advisor at the authority (rådgiver)");
  create->add_option("--level", new_args.level, "Support level 1-5 (§85)");
  create->add_option("--applied", new_args.applied, "Application received")->type_name("DATE");
  create->add_option("--decided", new_args.decided, "Decision sent")->type_name("DATE");
  create->add_option("--start", new_args.start, "Support starts")->type_name("DATE");
  create->add_option("--plan", new_args.plan, "Citizen plan / action plan made")->type_name("DATE");

  // `add <event> ID …`: one subcommand per event, all filling one AddArgs.
  AddArgs add_args;
  auto* add = app.add_subcommand("add", "Add one event to a case, changing only the lines it must");
  add->require_subcommand(1);
  auto add_event = [&](const std::string& name, const std::string& help) {
    auto* sub = add->add_subcommand(name, help);
    sub->add_option("case", add_args.target, "Case id or file")->required()->type_name("ID|FILE");
    sub->add_option("--date", add_args.date, "Date of the event (default: today, or --as-of)")->type_name("DATE");
    sub->callback([&add_args, name] { add_args.event = name; });
    return sub;
  };
  auto* contact = add_event("contact", "A contact or contact attempt");
  contact->add_option("--outcome", add_args.outcome, "reached, no-answer or cancelled")->required();
  contact->add_option("--mode", add_args.mode, "visit, phone, online, group or office");
  contact->add_option("--note", add_args.note, "A short note");
  auto* followup = add_event("followup", "A follow-up on the plan (opfølgning)");
  followup->add_option("--kind", add_args.kind, "first, annual, monthly or extra");
  followup->add_option("--note", add_args.note, "A short note");
  auto* escalation = add_event("escalation", "Informing the authority (orientering af Myndighed)");
  escalation->add_option("--reason", add_args.reason, "non-response, significant-change, coach-change or other")
      ->required();
  escalation->add_option("--note", add_args.note, "A short note");
  add_event("health-check", "A yearly health check offered or held");
  auto* meeting = add_event("meeting", "A citizen plan meeting (borgerplansmøde)");
  meeting->add_option("--status", add_args.status, "Date the written status was made")->type_name("DATE");

  auto* close = app.add_subcommand("close", "End a case's support: sets end and end_reason");
  close->add_option("case", add_args.target, "Case id or file")->required()->type_name("ID|FILE");
  close->add_option("--date", add_args.date, "Last day of support (default: today, or --as-of)")->type_name("DATE");
  close->add_option("--reason", add_args.reason,
                    "goal-achieved, citizen-declined, moved, deceased, transferred or other")
      ->required();

  ImportArgs import_args;
  auto* import = app.add_subcommand("import", "Import a spreadsheet (CSV) of cases or events; all rows or none");
  import->add_option("sheet", import_args.sheet, "The CSV file, as Excel or LibreOffice saves it")
      ->required()
      ->type_name("FILE.csv");
  import->add_option("--kind", import_args.kind, "cases (one row per case) or events; detected when left out");
  import->add_option("--map", import_args.map, "A YAML file naming columns: columns: {\"Header\": field}")
      ->type_name("MAP.yaml");
  import->add_flag("--dry-run", import_args.dry_run, "Print what would change and write nothing");
  import->add_flag("--overwrite", import_args.overwrite, "Replace values that differ from the case files");

  ExportArgs export_args;
  auto* exporter = app.add_subcommand("export", "All cases as a spreadsheet (CSV), one row per case");
  exporter->add_option("paths", export_args.paths, "Case files or folders")->type_name("PATH");
  exporter->add_option("--delimiter", export_args.delimiter, "Cell separator: ; (default), , or tab");
  exporter->add_option("--encoding", export_args.encoding, "utf-8-bom (default, for Danish Excel), utf-8 or windows-1252");
  exporter->add_option("--output", export_args.output, "Write to FILE (atomically) instead of standard output")
      ->type_name("FILE");

  std::string completion_shell;
  auto* completion = app.add_subcommand("completion", "Print a completion script for bash, zsh or fish");
  completion->add_option("shell", completion_shell, "bash, zsh or fish")->required();
  // Hidden (no group): the completion scripts run it for the case ids.
  auto* ids = app.add_subcommand("__ids", "")->group("");

  for (auto* sub : app.get_subcommands({})) {
    sub->fallthrough();
    for (auto* inner : sub->get_subcommands({}))
      inner->fallthrough();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    return app.exit(CLI::CallForHelp());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0)
      return app.exit(e);
    fmt::print(stderr, "mestring: error: {}\nRun `mestring --help` for the commands and options.\n", e.what());
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
    fmt::print(stderr, "{}mestring: error: {}\n", f.details, f.message);
    return int(f.code);
  }
}

} // namespace mestring::cli
