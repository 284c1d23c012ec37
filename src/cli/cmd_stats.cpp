// `stats`: caseload at the as-of date and compliance over a period.
#include "commands.hpp"
#include "csv_option.hpp"
#include "output.hpp"

#include <mestring/format/html_model.hpp>
#include <mestring/stats.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <set>

namespace mestring::cli {

namespace {

constexpr std::string_view formats[] = {"text", "json", "csv", "html"};

struct StatsArgs {
  std::vector<std::string> paths;
  std::string from, to, coach, paragraph; // from/to empty: the 12 months ending on the as-of date
  std::string delimiter;                  // --delimiter: "" for the config's
};

// The leaders' report, which says on paper what stderr says on a terminal.
HtmlReport report_of(const Context &ctx, const Stats &stats, size_t broken) {
  const Lang lang = ctx.config.lang();
  auto report = html_report_of(stats, lang);
  if (broken > 0)
    report.notes.push_back(
        trf(lang,
            broken == 1 ? "{} case file has errors, so these numbers may be incomplete; run mestring check"
                        : "{} case files have errors, so these numbers may be incomplete; run mestring check",
            broken));
  return report;
}

Exit run(Context &ctx, const StatsArgs &a) {
  // The period: --from/--to, each defaulting to the 12 months ending on the as-of date.
  const auto format = format_of(ctx, stats_command);
  const auto csv = csv_style(ctx, a.delimiter, format);
  const Window fallback = default_stats_period(ctx.as_of);
  const Date to = a.to.empty() ? fallback.to : ctx.date(a.to, "--to");
  const Date from = a.from.empty() ? default_stats_period(to).from : ctx.date(a.from, "--from");
  if (to < from)
    throw Failure{Exit::usage, say("--to {} is before --from {}", to.iso(), from.iso())};

  // Load and assess every case, keeping the obligations due in the period,
  // history included (all compute_stats counts: 100,000 cases have some 1.4
  // million obligations in all); count; render. Broken files still count as
  // far as their fields allow.
  const auto assessment =
      ctx.assess(a.paths, [from, to](const Obligation &o) { return o.due && *o.due >= from && *o.due <= to; });
  std::set<std::string> broken;
  for (const auto &f : assessment.findings)
    if (f.severity == Severity::error)
      broken.insert(f.file);
  if (!broken.empty() && !ctx.global.quiet)
    print_note(say(broken.size() == 1
                       ? "{} case file has errors, so these numbers may be incomplete; run mestring check"
                       : "{} case files have errors, so these numbers may be incomplete; run mestring check",
                   broken.size()));
  // A coach no case names is a mistake, not a caseload of nought.
  std::vector<std::string> coaches;
  for (const auto &c : assessment.cases)
    coaches.push_back(c.summary.coach);
  require_known("--coach", a.coach, coaches);
  const auto stats = compute_stats(assessment, ctx.config, ctx.as_of, from, to, {a.coach, a.paragraph});
  if (format == "json")
    print_document(render_stats_json(stats));
  else if (format == "csv")
    print_document(render_stats_csv(stats, csv));
  else if (format == "html")
    print_document(render_stats_html(report_of(ctx, stats, broken.size())));
  else
    print_text(render_stats_text(stats, ctx.config.lang()));
  return Exit::ok;
}

Runner define(CLI::App &sub) {
  auto a = std::make_shared<StatsArgs>();
  sub.add_option("paths", a->paths, h("Case files or folders"))->type_name("PATH");
  sub.add_option("--from", a->from, h("Period start (default: 12 months before --to, plus a day)"))->type_name("DATE");
  sub.add_option("--to", a->to, h("Period end (default: the as-of date)"))->type_name("DATE");
  sub.add_option("--coach", a->coach, h("Only this coach's cases"))->type_name("NAME");
  sub.add_option("--paragraph", a->paragraph, h("Only this programme (82a, 82b, 85, mestringsforloeb)"))
      ->type_name("P");
  add_delimiter_option(sub, a->delimiter);
  return [a](Context &ctx) { return run(ctx, *a); };
}

} // namespace

const Command stats_command{"stats", "Caseload at the as-of date and compliance per rule over a period", formats, true,
                            define};

} // namespace mestring::cli
