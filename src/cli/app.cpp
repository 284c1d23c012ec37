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
  app.add_flag("--show-cpr", g.show_cpr, "Print CPR numbers in full (masked as DDMMYY-xxxx by default)");
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

  for (auto* sub : app.get_subcommands({}))
    sub->fallthrough();

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
    return int(code);
  } catch (const Failure& f) {
    fmt::print(stderr, "{}{}\n", f.message.starts_with("mestring") || f.message.find(": error: ") != std::string::npos
                                     ? ""
                                     : "mestring: error: ",
               f.message);
    return int(f.code);
  }
}

} // namespace mestring::cli
