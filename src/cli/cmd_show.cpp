#include "commands.hpp"

#include <mestring/check.hpp>
#include <mestring/show.hpp>

#include <fmt/format.h>

namespace mestring::cli {

Exit cmd_show(const Context& ctx, const ShowArgs& a) {
  const auto format = ctx.format({"text", "json"}, "text");
  // A path names its file; an id is looked up among the repository's cases.
  const auto path = ctx.case_path(a.target);
  const auto repo = ctx.load({path});
  // What is wrong with the file goes to stderr, as check would print it.
  fmt::print(stderr, "{}", render_findings_text(repo.findings, ctx.stderr_style()));
  if (repo.cases.empty())
    throw Failure{Exit::findings, say("{} could not be read as a case", path)};
  const Case* found = &repo.cases.front();
  const ShowOptions opt{ctx.config.show_cpr, !ctx.config.ids_only, ctx.config.lang(), ctx.color};
  if (format == "json")
    fmt::print("{}", render_show_json(*found, ctx.config, ctx.as_of, opt));
  else
    fmt::print("{}", render_show_text(*found, ctx.config, ctx.as_of, opt));
  return Exit::ok;
}

} // namespace mestring::cli
