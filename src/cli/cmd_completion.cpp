// `completion bash|zsh|fish` and the hidden `__ids`.
//
// The scripts are generated from the CLI11 app itself: its subcommands, their
// options and positional arguments, so a command or option added to app.cpp
// is completed without touching this file. What the app does not say, which
// values an option takes, comes from the one table below; an entry that names
// no option of the app is a bug, reported when a script is generated.
//
// All three shells run the same small algorithm over generated tables: walk
// the words before the cursor to find the command path ("mestring add
// contact") and how many positional arguments it has, then complete the value
// of the option before the cursor, or an option, or a subcommand, or the next
// positional argument.
#include "commands.hpp"
#include "output.hpp"

#include <mestring/agenda.hpp>
#include <mestring/rules.hpp>
#include <mestring/schema.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <filesystem>
#include <fmt/format.h>
#include <set>
#include <stdexcept>

namespace mestring {
// The shells' scripts, compiled in from src/cli/completion/ (cmake/Embed.cmake).
std::string_view bash_template();
std::string_view zsh_template();
std::string_view fish_template();
} // namespace mestring

namespace mestring::cli {

namespace {

enum class Kind { words, files, case_ids };

// What one value slot completes to. `command` is a subcommand path ("add
// contact"), or "" for mestring itself and, unless `top_only`, for every
// command having the slot; `slot` is an option's long name or a positional
// argument's name.
struct ValueRule {
  std::string command;
  std::string slot;
  Kind kind;
  std::vector<std::string> words = {};
  bool top_only = false;
};

// The words of a choice set, as a case file and the options spell them.
template <typename E> std::vector<std::string> words() {
  std::vector<std::string> out;
  for (const auto &c : choices<E>())
    out.emplace_back(c.id);
  return out;
}

std::vector<std::string> words(std::span<const std::string_view> items) { return {items.begin(), items.end()}; }

std::vector<std::string> grouping_words() {
  std::vector<std::string> out;
  for (const auto &[name, by] : groupings())
    out.emplace_back(name);
  return out;
}

std::vector<ValueRule> value_rules() {
  std::vector<std::string> rule_ids;
  for (const auto &r : rule_catalog())
    rule_ids.emplace_back(r.id);
  std::vector<std::string> all_formats;
  std::vector<ValueRule> rules;
  // The formats each command writes, from the table of commands; before the
  // command is known, any of them.
  for (const auto *c : commands()) {
    if (c->formats.empty())
      continue;
    rules.push_back({std::string(c->name), "--format", Kind::words, words(c->formats)});
    for (const auto f : c->formats)
      if (std::find(all_formats.begin(), all_formats.end(), f) == all_formats.end())
        all_formats.emplace_back(f);
  }
  rules.push_back({"", "--format", Kind::words, all_formats, true});
  const std::vector<std::string> severities{"error", "warning", "info"};
  const auto &programmes = builtin_config().programmes;
  // The values of the event options, from the vocabulary.
  for (const auto &list : case_keys()) {
    if (list.event.empty())
      continue;
    const auto command = fmt::format("add {}", list.event);
    for (const auto s : list.subkeys) {
      std::vector<std::string> values;
      if (s == Sub::outcome)
        values = words<Outcome>();
      else if (s == Sub::mode)
        values = words<Mode>();
      else if (s == Sub::kind)
        values = words<FollowupKind>();
      else if (s == Sub::reason)
        values = words<Reason>();
      else
        continue;
      rules.push_back({command, fmt::format("--{}", name_of(s)), Kind::words, values});
    }
  }
  const std::vector<ValueRule> fixed{
      {"", "--lang", Kind::words, {"da", "en"}},
      {"", "--color", Kind::words, {"auto", "always", "never"}},
      {"check", "--min-severity", Kind::words, severities},
      {"check", "--fail-on", Kind::words, severities},
      {"check", "--rule", Kind::words, words(finding_ids())},
      {"explain", "rule", Kind::words, words(finding_ids())},
      {"add exemption", "--rule", Kind::words, rule_ids},
      {"due", "--role", Kind::words, words<Role>()},
      {"", "--paragraph", Kind::words, {programmes.begin(), programmes.end()}},
      {"due", "--by", Kind::words, grouping_words()},
      {"due", "--case", Kind::case_ids},
      {"due", "--overdue-as", Kind::words, {"events", "summary"}},
      {"due", "--output-dir", Kind::files},
      {"close", "--reason", Kind::words, words<EndReason>()},
      {"import", "--kind", Kind::words, {"cases", "events"}},
      {"export", "--encoding", Kind::words, {"utf-8-bom", "utf-8", "windows-1252"}},
      {"completion", "shell", Kind::words, {"bash", "zsh", "fish"}},
      {"", "--config", Kind::files},
      {"import", "--map", Kind::files},
      {"export", "--output", Kind::files},
      {"", "paths", Kind::files},
      {"import", "sheet", Kind::files},
      {"", "case", Kind::case_ids},
  };
  rules.insert(rules.end(), fixed.begin(), fixed.end());
  return rules;
}

// Fills a shell template's @SUBCOMMANDS@, @OPTIONS@, @VALUED@ and @VALUES@.
std::string fill_template(std::string_view text, const std::array<std::string, 4> &parts) {
  constexpr std::string_view markers[] = {"@SUBCOMMANDS@", "@OPTIONS@", "@VALUED@", "@VALUES@"};
  std::string out(text);
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto at = out.find(markers[i]);
    if (at == std::string::npos)
      throw std::logic_error(fmt::format("the completion template has no {}", markers[i]));
    out.replace(at, markers[i].size(), parts[i]);
  }
  return out;
}

struct OptionInfo {
  std::vector<std::string> names; // "-q", "--quiet"
  std::string help;
  bool takes_value = false;
  std::string key; // the long name, else the short one: what the rule table says
};

struct PositionalInfo {
  std::string name;
  bool repeats = false; // takes every remaining argument
};

// One command path of the app, with everything valid after it: its own
// options and, since subcommands fall through, those of its parents.
struct Node {
  std::string command;                                          // "add contact"; "" for mestring itself
  std::vector<std::pair<std::string, std::string>> subcommands; // name, help
  std::vector<OptionInfo> options;
  std::vector<PositionalInfo> positionals;

  std::string path() const { return command.empty() ? "mestring" : "mestring " + command; }
};

void collect(const CLI::App &app, const std::string &command, std::vector<OptionInfo> inherited,
             std::vector<Node> &out) {
  Node node{command, {}, std::move(inherited), {}};
  for (const auto *opt : app.get_options()) {
    if (opt->get_positional()) {
      node.positionals.push_back({opt->get_name(true), opt->get_expected_max() > 1});
      continue;
    }
    OptionInfo info{{}, opt->get_description(), opt->get_expected_max() > 0, ""};
    for (const auto &s : opt->get_snames())
      info.names.push_back("-" + s);
    for (const auto &l : opt->get_lnames())
      info.names.push_back("--" + l);
    info.key = opt->get_lnames().empty() ? info.names.front() : "--" + opt->get_lnames().front();
    const bool known = std::any_of(node.options.begin(), node.options.end(),
                                   [&](const OptionInfo &o) { return o.names == info.names; });
    if (!known)
      node.options.push_back(std::move(info));
  }
  const auto subs = app.get_subcommands([](const CLI::App *s) { return !s->get_group().empty(); });
  for (const auto *sub : subs)
    node.subcommands.emplace_back(sub->get_name(), sub->get_description());
  const auto options = node.options;
  out.push_back(std::move(node));
  for (const auto *sub : subs)
    collect(*sub, command.empty() ? sub->get_name() : command + " " + sub->get_name(), options, out);
}

// The value slots of one node that complete to something: the pattern the
// scripts match against (an option name, "#0" for the first positional
// argument, "#*" for one that repeats) and the rule.
struct Slot {
  std::string pattern;
  bool positional;
  const ValueRule *rule;
};

struct Model {
  std::vector<Node> nodes;
  std::vector<std::vector<Slot>> slots; // per node
};

const ValueRule *find_rule(const std::vector<ValueRule> &rules, const std::string &command, const std::string &slot,
                           std::vector<bool> &used) {
  for (const bool any : {false, true})
    for (size_t i = 0; i < rules.size(); ++i)
      if (rules[i].slot == slot && rules[i].command == (any ? std::string() : command) &&
          !(any && rules[i].top_only && !command.empty())) {
        used[i] = true;
        return &rules[i];
      }
  return nullptr;
}

Model describe(const CLI::App &app, const std::vector<ValueRule> &rules) {
  Model m;
  collect(app, "", {}, m.nodes);
  std::vector<bool> used(rules.size(), false);
  for (const auto &node : m.nodes) {
    auto &slots = m.slots.emplace_back();
    for (const auto &o : node.options)
      if (o.takes_value)
        if (const auto *r = find_rule(rules, node.command, o.key, used))
          slots.push_back({o.key, false, r});
    for (size_t i = 0; i < node.positionals.size(); ++i)
      if (const auto *r = find_rule(rules, node.command, node.positionals[i].name, used))
        slots.push_back({node.positionals[i].repeats ? "#*" : fmt::format("#{}", i), true, r});
  }
  for (size_t i = 0; i < rules.size(); ++i)
    if (!used[i])
      throw std::logic_error(fmt::format("the completion table names \"{}\" of \"{}\", which the app does not have",
                                         rules[i].slot, rules[i].command));
  return m;
}

std::string join(const std::vector<std::string> &items, std::string_view sep) {
  return fmt::format("{}", fmt::join(items, sep));
}

// A word in single quotes, for bash and zsh.
std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A word in single quotes, for fish: only \ and ' are escaped there.
std::string fish_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\\' || c == '\'')
      out += '\\';
    out += c;
  }
  return out + "'";
}

std::vector<std::string> quoted(const std::vector<std::string> &words, std::string (*quote)(std::string_view)) {
  std::vector<std::string> out;
  out.reserve(words.size());
  for (const auto &w : words)
    out.push_back(quote(w));
  return out;
}

std::vector<std::string> valued_options(const Node &node) {
  std::vector<std::string> names;
  for (const auto &o : node.options)
    if (o.takes_value)
      names.insert(names.end(), o.names.begin(), o.names.end());
  return names;
}

// The pattern of a slot in a `case` (bash, zsh) or `switch` (fish, where a
// quoted * still matches anything and an unquoted one is a file glob).
std::string slot_pattern(const Slot &s, std::string (*quote)(std::string_view), bool fish) {
  return s.pattern == "#*" && !fish ? quote("#") + "*" : quote(s.pattern);
}

// A command's subcommands or options, each with its help.
using Entries = std::vector<std::pair<std::string, std::string>>;

// How one shell's script writes the generated tables: each a `case` (bash,
// zsh) or `switch` (fish) on the command path, whose branches are these
// format strings with {0} the quoted path and {1} the items joined.
struct Shell {
  std::string_view (*script)(); // the template, from src/cli/completion/
  std::string (*quote)(std::string_view);
  bool fish; // `switch` rather than `case`
  // The subcommands' and the options' functions: one entry per name and help.
  std::string (*entry)(const std::string &name, const std::string &help);
  std::string_view list_branch, list_separator;
  bool quote_list; // the joined entries as one quoted word
  // The function that says which options take a value.
  std::string_view valued_branch, valued_separator;
  bool quote_valued; // each option name quoted
  // The values function: its indent, and what it runs for files, case ids,
  // and words (followed by them).
  std::string_view value_indent, files, case_ids, words;
};

// The branches of the values function: per node, per slot, what to run.
std::string value_branches(const Model &m, const Shell &sh) {
  const auto action = [&](const ValueRule &r) {
    switch (r.kind) {
    case Kind::files: return std::string(sh.files);
    case Kind::case_ids: return std::string(sh.case_ids);
    case Kind::words: break;
    }
    return fmt::format("{} {}", sh.words, join(quoted(r.words, sh.quote), " "));
  };
  std::string out;
  const std::string in(sh.value_indent);
  for (size_t n = 0; n < m.nodes.size(); ++n) {
    if (m.slots[n].empty())
      continue;
    const auto path = sh.quote(m.nodes[n].path());
    out += sh.fish ? fmt::format("{}case {}\n{}    switch $slot\n", in, path, in)
                   : fmt::format("{}{})\n{}  case $2 in\n", in, path, in);
    for (const auto &s : m.slots[n])
      out += sh.fish ? fmt::format("{}        case {}\n{}            {}\n", in, slot_pattern(s, sh.quote, sh.fish), in,
                                   action(*s.rule))
                     : fmt::format("{}    {}) {} ;;\n", in, slot_pattern(s, sh.quote, sh.fish), action(*s.rule));
    out += sh.fish ? fmt::format("{}    end\n", in) : fmt::format("{}  esac ;;\n", in);
  }
  return out;
}

std::string script(const Model &m, const Shell &sh) {
  const auto branch = [&](std::string_view format, const std::string &path, const std::vector<std::string> &items,
                          std::string_view separator, bool quote) {
    const auto joined = join(items, separator);
    return fmt::format(fmt::runtime(format), sh.quote(path), quote ? sh.quote(joined) : joined);
  };
  const auto list = [&](const std::string &path, const Entries &entries) {
    std::vector<std::string> items;
    items.reserve(entries.size());
    for (const auto &[name, help] : entries)
      items.push_back(sh.entry(name, help));
    return branch(sh.list_branch, path, items, sh.list_separator, sh.quote_list);
  };
  std::string subs, opts, valued;
  for (const auto &node : m.nodes) {
    Entries options;
    for (const auto &o : node.options)
      for (const auto &name : o.names)
        options.emplace_back(name, o.help);
    if (!node.subcommands.empty())
      subs += list(node.path(), node.subcommands);
    opts += list(node.path(), options);
    const auto v = valued_options(node);
    if (!v.empty())
      valued +=
          branch(sh.valued_branch, node.path(), sh.quote_valued ? quoted(v, sh.quote) : v, sh.valued_separator, false);
  }
  return fill_template(sh.script(), {subs, opts, valued, value_branches(m, sh)});
}

// bash: the names as one word for compgen -W.
const Shell bash{bash_template,
                 sh_quote,
                 false,
                 [](const std::string &name, const std::string &) { return name; },
                 "    {0}) echo {1} ;;\n",
                 " ",
                 true,
                 "    {0}) case $2 in {1}) return 0 ;; esac ;;\n",
                 "|",
                 false,
                 "    ",
                 "_mestring_files \"$3\"",
                 "_mestring_ids \"$3\"",
                 "_mestring_words \"$3\""};

// zsh: name:help pairs in reply, for _describe.
const Shell zsh{zsh_template,
                sh_quote,
                false,
                [](const std::string &name, const std::string &help) { return sh_quote(name + ":" + help); },
                "    {0})\n      reply=(\n        {1}\n      ) ;;\n",
                "\n        ",
                false,
                "    {0}) case $2 in ({1}) return 0 ;; esac ;;\n",
                "|",
                false,
                "    ",
                "_files",
                "_mestring_ids",
                "compadd --"};

// fish: a name and its help per line, for printf's tab-separated pairs.
const Shell fish{
    fish_template,
    fish_quote,
    true,
    [](const std::string &name, const std::string &help) { return fish_quote(name) + " " + fish_quote(help); },
    "        case {0}\n            printf '%s\\t%s\\n' \\\n                {1}\n",
    " \\\n                ",
    false,
    "        case {0}\n            contains -- $opt {1}; and return 0\n",
    " ",
    true,
    "        ",
    "__fish_complete_path $cur",
    "__mestring_ids",
    "printf '%s\\n'"};

Exit print_completion(const CLI::App &app, const std::string &shell) {
  const auto rules = value_rules(); // the model points into it
  const auto model = describe(app, rules);
  if (shell == "bash")
    print_document(script(model, bash));
  else if (shell == "zsh")
    print_document(script(model, zsh));
  else if (shell == "fish")
    print_document(script(model, fish));
  else
    throw Failure{Exit::usage,
                  fmt::format("completion: \"{}\" is not a shell mestring completes; use bash, zsh or fish", shell)};
  return Exit::ok;
}

// Prints the ids of the case files under the cases folder, one per line;
// prints nothing on any error: completion must never print an error into
// the command line being typed.
Exit print_ids(Context &ctx) {
  try {
    ctx.prepare();
    // Sorted and unique: two folders may hold files of one name.
    std::set<std::string> ids;
    for (const auto &file : ctx.case_files({}))
      ids.insert(std::filesystem::path(file).stem().string());
    for (const auto &id : ids)
      print_text(fmt::format("{}\n", id));
  } catch (...) {
  }
  return Exit::ok;
}

Runner define_completion(CLI::App &sub) {
  auto shell = std::make_shared<std::string>();
  sub.add_option("shell", *shell, h("bash, zsh or fish"))->required();
  const CLI::App *app = sub.get_parent();
  return [app, shell](Context &) { return print_completion(*app, *shell); };
}

Runner define_ids(CLI::App &) {
  return [](Context &ctx) { return print_ids(ctx); };
}

} // namespace

const Command completion_command{
    "completion", "Print a completion script for bash, zsh or fish", {}, false, define_completion};
// Hidden: the completion scripts run it for the case ids.
const Command ids_command{"__ids", "", {}, false, define_ids, true};

} // namespace mestring::cli
