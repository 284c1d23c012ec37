#include "commands.hpp"

#include <mestring/check.hpp>
#include <mestring/format/csv.hpp>
#include <mestring/format/junit.hpp>
#include <mestring/format/sarif.hpp>
#include <mestring/rules.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <fmt/format.h>
#include <vector>

namespace mestring::cli {

namespace {

Severity severity_option(const std::string& text, std::string_view option) {
  if (const auto s = parse_severity(text))
    return *s;
  throw Failure{Exit::usage, say("{}: \"{}\" is not a severity; use error, warning or info", option, text)};
}

} // namespace

std::span<const std::string_view> data_check_ids() {
  static constexpr std::string_view ids[] = {"schema", "date", "id-filename", "duplicate-id",
                                             "date-order", "cpr", "age", "parse",
                                             "limit", "encoding", "yaml-subset", "cpr-in-text"};
  return ids;
}

Exit cmd_check(const Context& ctx, const CheckArgs& a) {
  // Options first, so a typo fails before any file is read.
  const auto format = ctx.format({"text", "json", "csv", "junit", "sarif"}, "text");
  CheckOptions opt;
  opt.min_severity = severity_option(a.min_severity, "--min-severity");
  const Severity fail_on = severity_option(a.fail_on, "--fail-on");
  std::vector<std::string_view> known;
  for (const auto& r : rule_catalog())
    known.push_back(r.id);
  for (const auto id : data_check_ids())
    known.push_back(id);
  for (const auto& id : a.rules) {
    if (std::find(known.begin(), known.end(), std::string_view(id)) == known.end()) {
      const auto guess = nearest(id, known);
      throw Failure{Exit::usage, say("--rule: there is no rule \"{}\"{}; `mestring rules` lists them", id,
                                             guess.empty() ? "" : say(" (did you mean \"{}\"?)", guess))};
    }
    opt.rules.insert(id);
  }

  // Load every file, evaluate every case, render what was missed.
  const auto repo = ctx.load(a.paths, reported_by_check);
  const auto result = run_check(repo, ctx.config, ctx.as_of, opt);
  if (format == "json")
    fmt::print("{}", render_check_json(result, ctx.as_of));
  else if (format == "csv")
    fmt::print("{}", render_check_csv(result));
  else if (format == "junit")
    fmt::print("{}", render_check_junit(result));
  else if (format == "sarif")
    fmt::print("{}", render_check_sarif(result, MESTRING_VERSION));
  else
    fmt::print("{}", render_check_text(result, ctx.style()));

  for (const auto& f : result.findings)
    if (f.severity >= fail_on)
      return Exit::findings;
  return Exit::ok;
}

} // namespace mestring::cli
