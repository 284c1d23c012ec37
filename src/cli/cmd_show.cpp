// `show`: one case, its timeline and every obligation.
#include "commands.hpp"
#include "output.hpp"

#include <mestring/check.hpp>
#include <mestring/show.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace mestring::cli {

namespace {

constexpr std::string_view formats[] = {"text", "json"};

Exit run(Context &ctx, const std::string &target) {
  const auto format = format_of(ctx, show_command);
  // A path names its file; an id is looked up among the repository's cases.
  const auto path = ctx.case_path(target);
  const auto repo = ctx.load({path});
  // What is wrong with the file goes to stderr, as check would print it.
  print_stderr(render_findings_text(repo.findings, ctx.stderr_style()), ctx.color_stderr);
  if (repo.cases.empty())
    throw Failure{Exit::findings, say("{} could not be read as a case", path)};
  const Case &c = repo.cases.front();
  const ShowOptions opt{ctx.config.show_cpr, !ctx.config.ids_only, ctx.config.lang(), ctx.color};
  if (format == "json")
    print_document(render_show_json(c, ctx.config, ctx.as_of, opt));
  else
    print_text(render_show_text(c, ctx.config, ctx.as_of, opt), ctx.color);
  return Exit::ok;
}

Runner define(CLI::App &sub) {
  auto target = std::make_shared<std::string>();
  sub.add_option("case", *target, h("Case id or file"))->required()->type_name("ID|FILE");
  return [target](Context &ctx) { return run(ctx, *target); };
}

} // namespace

const Command show_command{"show", "One case: fields, timeline and every obligation", formats, true, define};

} // namespace mestring::cli
