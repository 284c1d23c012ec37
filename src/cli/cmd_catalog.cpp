// `rules`, `explain` and `config`: the commands that print what mestring
// knows, not what the cases say.
#include "commands.hpp"
#include "output.hpp"

#include <mestring/rules.hpp>
#include <mestring/show.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <vector>

namespace mestring::cli {

namespace {

Runner define_rules(CLI::App &) {
  return [](Context &ctx) {
    print_text(render_rules_text(ctx.config, ctx.config.lang()));
    return Exit::ok;
  };
}

Runner define_explain(CLI::App &sub) {
  auto rule = std::make_shared<std::string>();
  sub.add_option("rule", *rule, h("Rule id"))->required()->type_name("RULE");
  return [rule](Context &ctx) {
    const auto text = render_explain_text(ctx.config, *rule, ctx.config.lang());
    if (text.empty()) {
      std::vector<std::string_view> ids;
      for (const auto &r : rule_catalog())
        ids.push_back(r.id);
      throw Failure{Exit::usage,
                    say("there is no rule \"{}\"{}; `mestring rules` lists them", *rule, did_you_mean(*rule, ids))};
    }
    print_text(text);
    return Exit::ok;
  };
}

Runner define_config(CLI::App &sub) {
  auto defaults = std::make_shared<bool>(false);
  sub.add_flag("--defaults", *defaults, h("Print the built-in defaults instead"));
  return [defaults](Context &ctx) {
    print_text(*defaults ? std::string(default_config_text()) : format_config(ctx.config));
    return Exit::ok;
  };
}

} // namespace

const Command rules_command{"rules", "The rule catalog with the config's settings", {}, true, define_rules};
const Command explain_command{"explain", "One rule in full, with its Danish source", {}, true, define_explain};
const Command config_command{"config", "Print the effective config", {}, true, define_config};

} // namespace mestring::cli
