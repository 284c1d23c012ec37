// `rules`, `explain` and `config`: the commands that print what mestring
// knows, not what the cases say.
#include "commands.hpp"

#include <mestring/rules.hpp>
#include <mestring/show.hpp>
#include <mestring/text.hpp>

#include <fmt/format.h>
#include <vector>

namespace mestring::cli {

Exit cmd_rules(const Context& ctx) {
  fmt::print("{}", render_rules_text(ctx.config, ctx.config.lang()));
  return Exit::ok;
}

Exit cmd_explain(const Context& ctx, const std::string& rule) {
  const auto text = render_explain_text(ctx.config, rule, ctx.config.lang());
  if (text.empty()) {
    std::vector<std::string_view> ids;
    for (const auto& r : rule_catalog())
      ids.push_back(r.id);
    const auto guess = nearest(rule, ids);
    throw Failure{Exit::usage, say("there is no rule \"{}\"{}; `mestring rules` lists them", rule,
                                           guess.empty() ? "" : say(" (did you mean \"{}\"?)", guess))};
  }
  fmt::print("{}", text);
  return Exit::ok;
}

Exit cmd_config(const Context& ctx, const ConfigArgs& a) {
  if (a.defaults)
    fmt::print("{}", default_config_text());
  else
    fmt::print("{}", format_config(ctx.config));
  return Exit::ok;
}

} // namespace mestring::cli
