#include "commands.hpp"

#include <mestring/stats.hpp>

#include <fmt/format.h>
#include <set>

namespace mestring::cli {

Exit cmd_stats(const Context& ctx, const StatsArgs& a) {
  // The period: --from/--to, each defaulting to the 12 months ending on the as-of date.
  const auto format = ctx.format({"text", "json", "csv"}, "text");
  const Window fallback = default_stats_period(ctx.as_of);
  const Date to = a.to.empty() ? fallback.to : parse_date_option(a.to, "--to");
  const Date from = a.from.empty() ? default_stats_period(to).from : parse_date_option(a.from, "--from");
  if (to < from)
    throw Failure{Exit::usage, say("--to {} is before --from {}", to.iso(), from.iso())};

  // Load, count, render. Broken files still count as far as their fields allow.
  const auto repo = ctx.load(a.paths);
  std::set<std::string> broken;
  for (const auto& f : repo.findings)
    if (f.severity == Severity::error)
      broken.insert(f.file);
  if (!broken.empty() && !ctx.global.quiet)
    fmt::print(stderr, "mestring: {}: {}\n", say("note"),
               say(broken.size() == 1 ? "{} case file has errors, so these numbers may be incomplete; run mestring check"
                                      : "{} case files have errors, so these numbers may be incomplete; run mestring check",
                   broken.size()));
  const auto stats = compute_stats(repo, ctx.config, ctx.as_of, from, to, {a.coach, a.paragraph});
  if (format == "json")
    fmt::print("{}", render_stats_json(stats));
  else if (format == "csv")
    fmt::print("{}", render_stats_csv(stats));
  else
    fmt::print("{}", render_stats_text(stats, ctx.config.lang()));
  return Exit::ok;
}

} // namespace mestring::cli
