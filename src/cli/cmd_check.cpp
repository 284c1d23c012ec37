// `check`: what cron runs every night and a hook on every commit. Quiet
// when all is well; one finding per line, compiler style, otherwise.
#include "commands.hpp"
#include "csv_option.hpp"
#include "output.hpp"

#include <mestring/baseline.hpp>
#include <mestring/check.hpp>
#include <mestring/fileio.hpp>
#include <mestring/format/csv.hpp>
#include <mestring/format/junit.hpp>
#include <mestring/format/sarif.hpp>
#include <mestring/git_index.hpp>
#include <mestring/rules.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
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
  bool staged = false;   // the files staged in git, as the index holds them
  std::string baseline;  // an earlier check --format json: report only what is new
  std::string delimiter; // --delimiter: "" for the config's
};

namespace fs = std::filesystem;

// Whether `path` (relative, normal) lies under the folder or file `root`
// and is a case file as find_case_files would list it: *.yaml or *.yml, not
// mestring.yaml, no hidden folder or file below the root.
bool is_case_file_under(const fs::path &path, const fs::path &root) {
  const auto ext = path.extension();
  if ((ext != ".yaml" && ext != ".yml") || path.filename() == "mestring.yaml")
    return false;
  if (root == "." || root.empty())
    return *path.begin() != ".." &&
           !std::any_of(path.begin(), path.end(), [](const fs::path &p) { return p.string().starts_with("."); });
  if (path == root)
    return true;
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end() && !r->empty(); ++r, ++p)
    if (p == path.end() || *p != *r)
      return false;
  for (; p != path.end(); ++p)
    if (p->string().starts_with("."))
      return false;
  return true;
}

// The staged case files under `paths` (else the cases folder) with the bytes
// git's index holds for them, named as seen from the current folder.
Assessment assess_staged(const Context &ctx, const std::vector<std::string> &paths) {
  const auto staged = staged_files();
  if (!staged)
    throw Failure{Exit::usage, staged.error()};
  std::vector<fs::path> roots;
  for (const auto &p : paths.empty() ? std::vector<std::string>{ctx.case_files_root()} : paths) {
    // git names files from the top of the work tree, made relative to the
    // current folder below; an absolute root is made relative too.
    std::error_code ec;
    const auto relative = fs::path(p).is_absolute() ? fs::relative(p, fs::current_path(ec), ec) : fs::path(p);
    roots.push_back((relative.empty() ? fs::path(p) : relative).lexically_normal());
  }
  const fs::path prefix = staged->prefix.empty() ? fs::path(".") : fs::path(staged->prefix).parent_path();
  std::vector<StagedEntry> chosen;
  std::vector<std::string> names;
  for (const auto &e : staged->entries) {
    const auto path = fs::path(e.path).lexically_relative(prefix).lexically_normal();
    if (!std::any_of(roots.begin(), roots.end(), [&](const fs::path &r) { return is_case_file_under(path, r); }))
      continue;
    // A symbolic link or a submodule staged as a case file has no bytes of
    // its own to check; say so rather than pass it in silence.
    if (!e.is_file()) {
      if (!ctx.global.quiet)
        print_note(say("{} is staged as a symbolic link, not a file; its target is not checked", path.string()));
      continue;
    }
    chosen.push_back(e);
    names.push_back(path.string());
  }
  auto bytes = staged_bytes(chosen); // not const: each file's bytes are moved out
  if (!bytes)
    throw Failure{Exit::usage, bytes.error()};
  std::vector<CaseBytes> files;
  for (size_t i = 0; i < chosen.size(); ++i)
    files.push_back({names[i], std::move((*bytes)[i])});
  // No cache: a commit's content is checked once, and must not push the
  // working tree's entries out of it.
  LoadOptions opt;
  opt.jobs = ctx.global.jobs;
  return assess_files(files, ctx.config, ctx.as_of, opt, reported_by_check);
}

// Marks each finding new or unchanged against the baseline file. A missing
// or unreadable baseline makes every finding new, with a note: cron's first
// run, or a baseline lost, mails everything once rather than nothing.
void compare_with_baseline(const Context &ctx, const std::string &file, CheckResult &result) {
  result.unchanged.assign(result.findings.size(), false);
  const auto text = read_file(file, size_t(1) << 30);
  std::error_code ec;
  std::string why;
  if (!text && !fs::exists(fs::symlink_status(file, ec)))
    why = say("the baseline {} does not exist yet; every finding is new", file);
  else if (!text)
    why = say("{}; every finding is new", text.error());
  else if (const auto baseline = parse_baseline(*text); !baseline)
    why = say("{} is not a baseline: {}; every finding is new", file, baseline.error());
  else
    result.unchanged = match_baseline(result.findings, *baseline);
  if (!why.empty() && !ctx.global.quiet)
    print_note(why);
}

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

  // Load and assess every case (or what a commit stages), keeping what was
  // missed; compare with the baseline; render it.
  const auto assessment = a.staged ? assess_staged(ctx, a.paths) : ctx.assess(a.paths, reported_by_check);
  auto result = run_check(assessment, ctx.config, opt);
  if (!a.baseline.empty())
    compare_with_baseline(ctx, a.baseline, result);
  // Only what is new counts: yesterday's findings were mailed yesterday.
  bool failed = false;
  for (size_t i = 0; i < result.findings.size(); ++i)
    failed = failed || ((result.unchanged.empty() || !result.unchanged[i]) && result.findings[i].severity >= fail_on);
  // JSON and SARIF carry every finding, each marked new or unchanged, so
  // today's output is tomorrow's baseline; the others print only the new.
  if (format == "json") {
    print_document(render_check_json(result, ctx.as_of));
  } else if (format == "sarif") {
    print_document(render_check_sarif(result, MESTRING_VERSION));
  } else {
    const auto fresh = only_new(std::move(result));
    if (format == "csv")
      print_document(render_check_csv(fresh, csv));
    else if (format == "junit")
      print_document(render_check_junit(fresh));
    else
      print_text(render_check_text(fresh, ctx.style()), ctx.color);
  }
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
  sub.add_flag("--staged", a->staged, h("Check the case files staged in git, as the next commit holds them"));
  sub.add_option("--baseline", a->baseline,
                 h("Report only findings not in FILE, an earlier check --format json (for cron)"))
      ->type_name("FILE");
  add_delimiter_option(sub, a->delimiter);
  return [a](Context &ctx) { return run(ctx, *a); };
}

} // namespace

const Command check_command{"check", "Report missed obligations and broken records; quiet when all is well", formats,
                            true, define};

} // namespace mestring::cli
