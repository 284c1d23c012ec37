// `check`: what cron runs every night and a hook on every commit. Quiet
// when all is well; one finding per line, compiler style, otherwise.
#include "commands.hpp"
#include "csv_option.hpp"

#include <mestring/check.hpp>
#include <mestring/format/csv.hpp>
#include <mestring/format/junit.hpp>
#include <mestring/format/sarif.hpp>
#include <mestring/rules.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>

namespace mestring::cli {

namespace {

constexpr std::string_view formats[] = {"text", "json", "csv", "junit", "sarif"};

struct CheckArgs {
  std::vector<std::string> paths;
  std::string min_severity = "warning";
  std::string fail_on = "error";
  std::vector<std::string> rules;
  bool data_only = false;
  std::string delimiter; // --delimiter: "" for the config's
};

Severity severity_option(const std::string &text, std::string_view option) {
  if (const auto s = parse_severity(text))
    return *s;
  throw Failure{Exit::usage, say("{}: \"{}\" is not a severity; use error, warning or info", option, text)};
}

Exit run(Context &ctx, const CheckArgs &a) {
  // Options first, so a typo fails before any file is read.
  const auto format = format_of(ctx, check_command);
  const auto csv = csv_style(ctx, a.delimiter, format);
  CheckOptions opt;
  opt.min_severity = severity_option(a.min_severity, "--min-severity");
  const Severity fail_on = severity_option(a.fail_on, "--fail-on");
  opt.data_only = a.data_only;
  const auto known = finding_ids();
  for (const auto &id : a.rules) {
    if (std::find(known.begin(), known.end(), std::string_view(id)) == known.end())
      throw Failure{Exit::usage,
                    say("--rule: there is no rule \"{}\"{}; `mestring rules` lists them", id, did_you_mean(id, known))};
    opt.rules.insert(id);
  }

  // Load and assess every case, keeping what was missed; render it.
  const auto assessment = ctx.assess(a.paths, reported_by_check);
  const auto result = run_check(assessment, ctx.config, opt);
  if (format == "json")
    fmt::print("{}", render_check_json(result, ctx.as_of));
  else if (format == "csv")
    fmt::print("{}", render_check_csv(result, csv));
  else if (format == "junit")
    fmt::print("{}", render_check_junit(result));
  else if (format == "sarif")
    fmt::print("{}", render_check_sarif(result, MESTRING_VERSION));
  else
    fmt::print("{}", render_check_text(result, ctx.style()));

  const bool failed = std::any_of(result.findings.begin(), result.findings.end(),
                                  [&](const Finding &f) { return f.severity >= fail_on; });
  return failed ? Exit::findings : Exit::ok;
}

Runner define(CLI::App &sub) {
  auto a = std::make_shared<CheckArgs>();
  sub.add_option("paths", a->paths, h("Case files or folders"))->type_name("PATH");
  sub.add_option("--min-severity", a->min_severity, h("Report error, warning (default) or info and above"));
  sub.add_option("--fail-on", a->fail_on, h("Exit 1 on findings of this severity or above (default error)"));
  // One id per --rule, or several joined by commas; never the PATH after it.
  sub.add_option("--rule", a->rules, h("Run only these rules or data checks: ID[,ID…], repeatable"))
      ->type_name("ID")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub.add_flag("--data-only", a->data_only, h("Run only the data checks (for a commit hook), no deadlines"));
  add_delimiter_option(sub, a->delimiter);
  return [a](Context &ctx) { return run(ctx, *a); };
}

} // namespace

const Command check_command{"check", "Report missed obligations and broken records; quiet when all is well", formats,
                            true, define};

} // namespace mestring::cli
