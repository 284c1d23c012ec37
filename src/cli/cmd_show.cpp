#include "commands.hpp"

#include <mestring/show.hpp>
#include <mestring/text.hpp>

#include <filesystem>
#include <fmt/format.h>

namespace mestring::cli {

namespace fs = std::filesystem;

Exit cmd_show(const Context& ctx, const ShowArgs& a) {
  const auto format = ctx.format({"text", "json"}, "text");
  // A path names its file; an id is looked up among the repository's cases.
  std::error_code ec;
  const bool is_file = fs::is_regular_file(a.target, ec);
  const auto repo = ctx.load(is_file ? std::vector<std::string>{a.target} : std::vector<std::string>{});
  const Case* found = nullptr;
  for (const auto& c : repo.cases)
    if (is_file || c.id == a.target)
      found = &c;
  if (!found) {
    std::vector<std::string_view> ids;
    for (const auto& c : repo.cases)
      ids.push_back(c.id);
    const auto guess = nearest(a.target, ids);
    throw Failure{Exit::usage,
                  fmt::format("no case \"{}\" among {} case files{}", a.target, repo.files,
                              guess.empty() ? "" : fmt::format("; did you mean \"{}\"?", guess))};
  }
  for (const auto& f : repo.findings)
    if (f.file == found->file)
      fmt::print(stderr, "{}{}: {}[{}]: {}\n", f.file, f.line > 0 ? fmt::format(":{}", f.line) : "",
                 to_string(f.severity), f.rule, f.message);
  const ShowOptions opt{ctx.config.show_cpr, !ctx.config.ids_only};
  if (format == "json")
    fmt::print("{}", render_show_json(*found, ctx.config, ctx.as_of, opt));
  else
    fmt::print("{}", render_show_text(*found, ctx.config, ctx.as_of, opt));
  return Exit::ok;
}

} // namespace mestring::cli
