// The command line: the CLI11 app, its table of subcommands, and the one
// place where an error becomes a message and an exit code.
#include "app.hpp"

#include "commands.hpp"
#include "output.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <mestring/i18n.hpp>
#include <mestring/privacy.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <regex>
#include <utf8proc.h>

namespace mestring::cli {

namespace {

// CLI11's own words in the help: headings and value names.
void translate_help(CLI::App &app) {
  auto formatter = app.get_formatter();
  for (const auto *word : {"Usage", "OPTIONS", "SUBCOMMAND", "SUBCOMMANDS", "Positionals", "REQUIRED", "DATE", "FILE",
                           "PATH", "NAME", "ID", "RULE", "ID|FILE", "FILE.csv", "MAP.yaml", "WHEN", "TEXT"})
    formatter->label(word, h(word));
}

// CLI11's parse errors in our words and the message language; a message we
// do not know is passed on as CLI11 wrote it.
std::string parse_error_message(const CLI::App &app, const CLI::ParseError &e, int argc, char **argv) {
  std::string what = e.what();
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
    for (const auto *sub : app.get_subcommands([](const CLI::App *s) { return !s->get_group().empty(); }))
      names.push_back(sub->get_name());
    for (int i = 1; i < argc; ++i) {
      const std::string_view word = argv[i];
      if (word.starts_with("-")) {
        const auto *opt = app.get_option_no_throw(std::string(word.substr(0, word.find('='))));
        i += opt && opt->get_expected_max() > 0 && word.find('=') == std::string_view::npos;
        continue;
      }
      return say("\"{}\" is not a command{}", word, did_you_mean(word, names));
    }
    return say("name a command, such as check or due");
  }
  return what;
}

// Every --format value of any command, each once: "text, json, csv, …".
std::string every_format() {
  std::vector<std::string_view> all;
  for (const auto *command : commands())
    for (const auto f : command->formats)
      if (std::find(all.begin(), all.end(), f) == all.end())
        all.push_back(f);
  std::string out = "text";
  for (const auto f : all)
    if (f != "text")
      out += ", " + std::string(f);
  return out;
}

// "text (default), json, csv" for one command.
std::string formats_of(const Command &command) {
  if (command.formats.size() < 2)
    return std::string(command.formats.empty() ? "text" : command.formats.front());
  std::string out = say("{} (default)", command.formats.front());
  for (const auto f : command.formats.subspan(1))
    out += fmt::format(", {}", f);
  return out;
}

// `mestring --version`: the version, then how it was built and with what,
// for a bug report.
std::string version_text() {
  return fmt::format("mestring {}\n{}: {}, {}\n{}: yaml-cpp {}, fmt {}.{}.{}, CLI11 {}, utf8proc {}, libb2 {}",
                     MESTRING_VERSION, h("build"), MESTRING_BUILD_TYPE, MESTRING_COMPILER, h("libraries"),
                     MESTRING_YAML_CPP_VERSION, FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100,
                     CLI11_VERSION, utf8proc_version(), MESTRING_LIBB2_VERSION);
}

// The footer of the top-level --help: each command's formats, the date
// forms, where more is said.
std::string main_footer() {
  std::string out = h("Formats (--format), by command:") + "\n";
  size_t width = 0;
  for (const auto *command : commands())
    width = std::max(width, command->name.size());
  for (const auto *command : commands())
    if (!command->hidden)
      out += fmt::format("  {}  {}\n", pad_right(command->name, width), formats_of(*command));
  return out + "\n" + h("Dates may be written 2025-11-26, 26-11-2025, 26.11.2025, 26/11/2025, today or yesterday.") +
         "\n" + h("Every command has its own --help; man mestring is the manual, man 5 mestring the file formats.");
}

// The footer of a command's --help: its formats and the global options,
// which CLI11 lists only in the top-level help.
std::string command_footer(const Command &command, const CLI::App &app) {
  std::string globals;
  for (const auto *opt : app.get_options()) {
    const auto name = opt->get_name(false, true);
    if (name.find("help") != std::string::npos || name == "--version")
      continue;
    globals += fmt::format("{}{}{}", globals.empty() ? "" : "  ", name.substr(0, name.find(',')),
                           opt->get_type_name().empty() ? "" : " " + opt->get_type_name());
  }
  return fmt::format("{} {}\n\n{}\n  {}\n{}", h("Formats (--format):"), formats_of(command),
                     h("Global options, before or after the command (mestring --help says more):"), globals,
                     h("Dates may be written 2025-11-26, 26-11-2025, 26.11.2025, 26/11/2025, today or yesterday."));
}

// Global options may stand before or after the subcommand (cli.md).
void add_global_options(CLI::App &app, GlobalOptions &g) {
  app.add_option("--as-of", g.as_of_text, h("Evaluate as if today were DATE (2025-11-26, 26-11-2025, yesterday…)"))
      ->type_name("DATE");
  app.add_option("--config", g.config_path, h("Repository config (default: mestring.yaml found upwards)"))
      ->type_name("FILE");
  app.add_option("--format", g.format, say("Output format, per command: {}", every_format()))->type_name("F");
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

int run(int argc, char **argv) {
  // Messages and help in the user's language from the first line on.
  set_message_lang(early_message_lang(argc, argv));
  CLI::App app{h("mestring — deadlines for coping-guidance cases (Serviceloven §85, §82a, §82b)"), "mestring"};
  translate_help(app);
  // Every option and subcommand made below inherits these group names.
  app.option_defaults()->group(h("Options"));
  app.set_help_flag("-h,--help", h("Print this help and exit"));
  app.set_version_flag("--version", version_text, h("Print the version, the build and its libraries, and exit"));
  app.require_subcommand(1);
  Context ctx;
  add_global_options(app, ctx.global);

  // One subcommand per row of the table of commands.
  std::vector<std::pair<CLI::App *, Runner>> defined;
  for (const auto *command : commands()) {
    auto *sub = app.add_subcommand(std::string(command->name), command->hidden ? "" : h(command->help));
    if (command->hidden)
      sub->group("");
    defined.emplace_back(sub, command->define(*sub));
  }
  app.footer(main_footer());
  for (size_t i = 0; i < defined.size(); ++i) {
    defined[i].first->footer(command_footer(*commands()[i], app));
    for (auto *inner : defined[i].first->get_subcommands({}))
      inner->footer(command_footer(*commands()[i], app));
  }
  for (auto *sub : app.get_subcommands({})) {
    if (!sub->get_group().empty())
      sub->group(h("Commands"));
    sub->fallthrough();
    // A subcommand's help flag is made before it inherits the group name.
    sub->get_help_ptr()->group(h("Options"));
    const bool events = sub->get_name() == "add";
    for (auto *inner : sub->get_subcommands({})) {
      inner->group(events ? h("Events") : h("Subcommands"))->fallthrough();
      inner->get_help_ptr()->group(h("Options"));
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &) {
    return app.exit(CLI::CallForHelp());
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() == 0)
      return app.exit(e);
    print_stderr(fmt::format("mestring: {}: {}\n{}\n", h("error"), redact_cpr(parse_error_message(app, e, argc, argv)),
                             h("Run `mestring --help` for the commands and options.")));
    return int(Exit::usage);
  }

  try {
    for (size_t i = 0; i < defined.size(); ++i) {
      if (!defined[i].first->parsed())
        continue;
      ctx.command = std::string(commands()[i]->name);
      // The config is found upwards from the first PATH named (or the case
      // file `show` names), else from the current folder (cli.md).
      for (const auto *name : {"paths", "case"})
        if (const auto *opt = defined[i].first->get_option_no_throw(name); opt && opt->count() > 0) {
          ctx.config_start = opt->as<std::vector<std::string>>().front();
          break;
        }
      if (commands()[i]->needs_config)
        ctx.prepare();
      return int(defined[i].second(ctx));
    }
    return int(Exit::usage);
  } catch (const Failure &f) {
    // A message may quote what the user typed or a file holds: no CPR number in full.
    const bool full = ctx.config.show_cpr;
    print_stderr(fmt::format("{}mestring: {}: {}\n", full ? f.details : redact_cpr(f.details),
                             paint(h("error"), Tone::error, ctx.color_stderr),
                             full ? f.message : redact_cpr(f.message)),
                 ctx.color_stderr);
    return int(f.code);
  }
}

} // namespace mestring::cli
