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

#include <mestring/rules.hpp>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <set>
#include <stdexcept>

namespace mestring::cli {

namespace {

enum class Kind { words, files, case_ids };

// What one value slot completes to. `command` is a subcommand path ("add
// contact"), or "" for mestring itself and, unless `top_only`, for every
// command having the slot; `slot` is an option's long name or a positional
// argument's name.
struct ValueRule {
  std::string_view command;
  std::string_view slot;
  Kind kind;
  std::vector<std::string> words = {};
  bool top_only = false;
};

std::vector<ValueRule> value_rules() {
  std::vector<std::string> rule_ids, checks;
  for (const auto& r : rule_catalog())
    rule_ids.emplace_back(r.id);
  checks = rule_ids;
  for (const auto id : data_check_ids())
    checks.emplace_back(id);
  const std::vector<std::string> severities{"error", "warning", "info"};
  return {
      // The formats each command accepts (its ctx.format call).
      {"check", "--format", Kind::words, {"text", "json", "csv", "junit", "sarif"}},
      {"due", "--format", Kind::words, {"text", "markdown", "csv", "json", "ics"}},
      {"show", "--format", Kind::words, {"text", "json"}},
      {"stats", "--format", Kind::words, {"text", "json", "csv"}},
      // Before the command its formats are not known yet: any of them.
      {"", "--format", Kind::words, {"text", "json", "markdown", "csv", "ics", "junit", "sarif"}, true},
      {"", "--lang", Kind::words, {"da", "en"}},
      {"", "--color", Kind::words, {"auto", "always", "never"}},
      {"check", "--min-severity", Kind::words, severities},
      {"check", "--fail-on", Kind::words, severities},
      {"check", "--rule", Kind::words, checks},
      {"explain", "rule", Kind::words, rule_ids},
      {"", "--paragraph", Kind::words, {"82a", "82b", "85", "mestringsforloeb"}},
      {"due", "--by", Kind::words, {"date", "coach", "case"}},
      {"due", "--case", Kind::case_ids},
      // The enums of cmd_edit.cpp.
      {"add contact", "--outcome", Kind::words, {"reached", "no-answer", "cancelled"}},
      {"add contact", "--mode", Kind::words, {"visit", "phone", "online", "group", "office"}},
      {"add followup", "--kind", Kind::words, {"first", "annual", "monthly", "extra"}},
      {"add escalation", "--reason", Kind::words, {"non-response", "significant-change", "coach-change", "other"}},
      {"close",
       "--reason",
       Kind::words,
       {"goal-achieved", "citizen-declined", "moved", "deceased", "transferred", "other"}},
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
  std::string command; // "add contact"; "" for mestring itself
  std::vector<std::pair<std::string, std::string>> subcommands; // name, help
  std::vector<OptionInfo> options;
  std::vector<PositionalInfo> positionals;

  std::string path() const { return command.empty() ? "mestring" : "mestring " + command; }
};

void collect(const CLI::App& app, const std::string& command, std::vector<OptionInfo> inherited,
             std::vector<Node>& out) {
  Node node{command, {}, std::move(inherited), {}};
  for (const auto* opt : app.get_options()) {
    if (opt->get_positional()) {
      node.positionals.push_back({opt->get_name(true), opt->get_expected_max() > 1});
      continue;
    }
    OptionInfo info{{}, opt->get_description(), opt->get_expected_max() > 0, ""};
    for (const auto& s : opt->get_snames())
      info.names.push_back("-" + s);
    for (const auto& l : opt->get_lnames())
      info.names.push_back("--" + l);
    info.key = opt->get_lnames().empty() ? info.names.front() : "--" + opt->get_lnames().front();
    const bool known = std::any_of(node.options.begin(), node.options.end(),
                                   [&](const OptionInfo& o) { return o.names == info.names; });
    if (!known)
      node.options.push_back(std::move(info));
  }
  const auto subs = app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
  for (const auto* sub : subs)
    node.subcommands.emplace_back(sub->get_name(), sub->get_description());
  const auto options = node.options;
  out.push_back(std::move(node));
  for (const auto* sub : subs)
    collect(*sub, command.empty() ? sub->get_name() : command + " " + sub->get_name(), options, out);
}

// The value slots of one node that complete to something: the pattern the
// scripts match against (an option name, "#0" for the first positional
// argument, "#*" for one that repeats) and the rule.
struct Slot {
  std::string pattern;
  bool positional;
  const ValueRule* rule;
};

struct Model {
  std::vector<Node> nodes;
  std::vector<std::vector<Slot>> slots; // per node
};

const ValueRule* find_rule(const std::vector<ValueRule>& rules, const std::string& command, const std::string& slot,
                           std::vector<bool>& used) {
  for (const bool any : {false, true})
    for (size_t i = 0; i < rules.size(); ++i)
      if (rules[i].slot == slot && rules[i].command == (any ? std::string_view() : std::string_view(command)) &&
          !(any && rules[i].top_only && !command.empty())) {
        used[i] = true;
        return &rules[i];
      }
  return nullptr;
}

Model describe(const CLI::App& app, const std::vector<ValueRule>& rules) {
  Model m;
  collect(app, "", {}, m.nodes);
  std::vector<bool> used(rules.size(), false);
  for (const auto& node : m.nodes) {
    auto& slots = m.slots.emplace_back();
    for (const auto& o : node.options)
      if (o.takes_value)
        if (const auto* r = find_rule(rules, node.command, o.key, used))
          slots.push_back({o.key, false, r});
    for (size_t i = 0; i < node.positionals.size(); ++i)
      if (const auto* r = find_rule(rules, node.command, node.positionals[i].name, used))
        slots.push_back({node.positionals[i].repeats ? "#*" : fmt::format("#{}", i), true, r});
  }
  for (size_t i = 0; i < rules.size(); ++i)
    if (!used[i])
      throw std::logic_error(fmt::format("the completion table names \"{}\" of \"{}\", which the app does not have",
                                         rules[i].slot, rules[i].command));
  return m;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items)
    out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
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

std::vector<std::string> quoted(const std::vector<std::string>& words, std::string (*quote)(std::string_view)) {
  std::vector<std::string> out;
  for (const auto& w : words)
    out.push_back(quote(w));
  return out;
}

std::vector<std::string> valued_options(const Node& node) {
  std::vector<std::string> names;
  for (const auto& o : node.options)
    if (o.takes_value)
      names.insert(names.end(), o.names.begin(), o.names.end());
  return names;
}

// The pattern of a slot in a `case` (bash, zsh) or `switch` (fish, where a
// quoted * still matches anything and an unquoted one is a file glob).
std::string slot_pattern(const Slot& s, std::string (*quote)(std::string_view), bool fish) {
  return s.pattern == "#*" && !fish ? quote("#") + "*" : quote(s.pattern);
}

// The branches of the values function: per node, per slot, what to run.
// `action` renders a rule in the shell's syntax.
template <typename Action>
std::string value_branches(const Model& m, std::string (*quote)(std::string_view), std::string_view indent,
                           bool fish, Action action) {
  std::string out;
  const std::string in(indent);
  for (size_t n = 0; n < m.nodes.size(); ++n) {
    if (m.slots[n].empty())
      continue;
    out += fish ? fmt::format("{}case {}\n{}    switch $slot\n", in, quote(m.nodes[n].path()), in)
                : fmt::format("{}{})\n{}  case $2 in\n", in, quote(m.nodes[n].path()), in);
    for (const auto& s : m.slots[n])
      out += fish ? fmt::format("{}        case {}\n{}            {}\n", in, slot_pattern(s, quote, fish), in, action(*s.rule))
                  : fmt::format("{}    {}) {} ;;\n", in, slot_pattern(s, quote, fish), action(*s.rule));
    out += fish ? fmt::format("{}    end\n", in) : fmt::format("{}  esac ;;\n", in);
  }
  return out;
}

std::string bash_script(const Model& m) {
  std::string subs, opts, valued;
  for (const auto& node : m.nodes) {
    std::vector<std::string> names, options;
    for (const auto& [name, help] : node.subcommands)
      names.push_back(name);
    for (const auto& o : node.options)
      options.insert(options.end(), o.names.begin(), o.names.end());
    if (!names.empty())
      subs += fmt::format("    {}) echo {} ;;\n", sh_quote(node.path()), sh_quote(join(names, " ")));
    opts += fmt::format("    {}) echo {} ;;\n", sh_quote(node.path()), sh_quote(join(options, " ")));
    const auto v = valued_options(node);
    if (!v.empty())
      valued += fmt::format("    {}) case $2 in {}) return 0 ;; esac ;;\n", sh_quote(node.path()), join(v, "|"));
  }
  const auto values = value_branches(m, sh_quote, "    ", false, [](const ValueRule& r) {
    switch (r.kind) {
    case Kind::files:
      return std::string("_mestring_files \"$3\"");
    case Kind::case_ids:
      return std::string("_mestring_ids \"$3\"");
    default:
      return fmt::format("_mestring_words \"$3\" {}", join(quoted(r.words, sh_quote), " "));
    }
  });
  return fmt::format(R"script(# bash completion for mestring, generated by `mestring completion bash`.
# Load it with:  source <(mestring completion bash)
# or save it as ~/.local/share/bash-completion/completions/mestring

# Prints the subcommands of command path $1.
_mestring_subcommands() {{
  case $1 in
{}  esac
}}

# Prints the options of command path $1.
_mestring_options() {{
  case $1 in
{}  esac
}}

# Succeeds when option $2 of command path $1 takes a value.
_mestring_takes_value() {{
  case $1 in
{}  esac
  return 1
}}

_mestring_words() {{
  local cur=$1
  shift
  mapfile -t COMPREPLY < <(compgen -W "$*" -- "$cur")
}}

_mestring_files() {{
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -f -- "$1")
}}

# The case ids of the repository, from the mestring being completed, with
# the --config of the command line if it has one.
_mestring_ids() {{
  local bin=${{COMP_WORDS[0]}} value i
  local -a config=()
  for ((i = 1; i < COMP_CWORD - 1; i++)); do
    if [[ ${{COMP_WORDS[i]}} == --config ]]; then
      value=${{COMP_WORDS[i+1]}}
      [[ $value == = ]] && value=${{COMP_WORDS[i+2]}}
      config=(--config "${{value/#\~/$HOME}}")
    fi
  done
  mapfile -t COMPREPLY < <(compgen -W "$("${{bin/#\~/$HOME}}" "${{config[@]}}" __ids 2>/dev/null)" -- "$1")
}}

# Fills COMPREPLY with the values of slot $2 (an option, or #N for the Nth
# positional argument) of command path $1 that start with $3.
_mestring_values() {{
  case $1 in
{}  esac
}}

_mestring() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local cmd=mestring word i=1 npos=0
  COMPREPLY=()
  # Bash splits --format=json into --format, = and json.
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 2)); then
    prev=${{COMP_WORDS[COMP_CWORD-2]}}
  fi
  while ((i < COMP_CWORD)); do
    word=${{COMP_WORDS[i]}}
    if _mestring_takes_value "$cmd" "$word"; then
      i=$((i + 1))
      [[ ${{COMP_WORDS[i]}} == = ]] && i=$((i + 1))
    elif [[ $word == -* || $word == = ]]; then
      :
    elif [[ " $(_mestring_subcommands "$cmd") " == *" $word "* ]]; then
      cmd="$cmd $word" npos=0
    else
      npos=$((npos + 1))
    fi
    i=$((i + 1))
  done
  if ((COMP_CWORD > 1)) && _mestring_takes_value "$cmd" "$prev"; then
    _mestring_values "$cmd" "$prev" "$cur"
  elif [[ $cur == -* ]]; then
    _mestring_words "$cur" "$(_mestring_options "$cmd")"
  elif ((npos == 0)) && [[ -n $(_mestring_subcommands "$cmd") ]]; then
    _mestring_words "$cur" "$(_mestring_subcommands "$cmd")"
  else
    _mestring_values "$cmd" "#$npos" "$cur"
  fi
}}

complete -F _mestring mestring
)script",
                     subs, opts, valued, values);
}

std::string zsh_script(const Model& m) {
  std::string subs, opts, valued;
  for (const auto& node : m.nodes) {
    std::vector<std::string> names, options;
    for (const auto& [name, help] : node.subcommands)
      names.push_back(sh_quote(name + ":" + help));
    for (const auto& o : node.options)
      for (const auto& name : o.names)
        options.push_back(sh_quote(name + ":" + o.help));
    if (!names.empty())
      subs += fmt::format("    {})\n      reply=(\n        {}\n      ) ;;\n", sh_quote(node.path()),
                          join(names, "\n        "));
    opts += fmt::format("    {})\n      reply=(\n        {}\n      ) ;;\n", sh_quote(node.path()),
                        join(options, "\n        "));
    const auto v = valued_options(node);
    if (!v.empty())
      valued += fmt::format("    {}) case $2 in ({}) return 0 ;; esac ;;\n", sh_quote(node.path()), join(v, "|"));
  }
  const auto values = value_branches(m, sh_quote, "    ", false, [](const ValueRule& r) {
    switch (r.kind) {
    case Kind::files:
      return std::string("_files");
    case Kind::case_ids:
      return std::string("_mestring_ids");
    default:
      return fmt::format("compadd -- {}", join(quoted(r.words, sh_quote), " "));
    }
  });
  return fmt::format(R"script(#compdef mestring
# zsh completion for mestring, generated by `mestring completion zsh`.
# Load it with:  source <(mestring completion zsh)   (after compinit)
# or save it as _mestring in a folder of $fpath.

# Sets reply to the subcommands of command path $1, as name:description.
_mestring_subcommands() {{
  reply=()
  case $1 in
{}  esac
}}

# Sets reply to the options of command path $1, as name:description.
_mestring_options() {{
  reply=()
  case $1 in
{}  esac
}}

# Succeeds when option $2 of command path $1 takes a value.
_mestring_takes_value() {{
  case $1 in
{}  esac
  return 1
}}

# The case ids of the repository, from the mestring being completed, with
# the --config of the command line if it has one.
_mestring_ids() {{
  local bin=${{(Q)words[1]}} value
  local -a config
  integer i
  for ((i = 2; i < CURRENT; i++)); do
    value=
    if [[ $words[i] == --config ]] && ((i + 1 < CURRENT)); then
      value=${{(Q)words[i+1]}}
    elif [[ $words[i] == --config=* ]]; then
      value=${{(Q)words[i]#--config=}}
    fi
    [[ -n $value ]] && config=(--config "${{value/#\~/$HOME}}")
  done
  compadd -- ${{(f)"$("${{bin/#\~/$HOME}}" $config __ids 2>/dev/null)"}}
}}

# Adds the values of slot $2 (an option, or #N for the Nth positional
# argument) of command path $1.
_mestring_values() {{
  case $1 in
{}  esac
}}

_mestring() {{
  local cmd=mestring word cur=${{words[CURRENT]}} prev=${{words[CURRENT-1]}}
  local -a reply names
  integer i=2 npos=0
  while ((i < CURRENT)); do
    word=${{words[i]}}
    if _mestring_takes_value "$cmd" "$word"; then
      ((i++))
    elif [[ $word == -* ]]; then
      :
    else
      _mestring_subcommands "$cmd"
      names=(${{reply%%:*}})
      if ((${{names[(Ie)$word]}})); then
        cmd="$cmd $word"
        npos=0
      else
        ((npos++))
      fi
    fi
    ((i++))
  done
  if [[ $cur == --*=* ]] && _mestring_takes_value "$cmd" "${{cur%%=*}}"; then
    compset -P '*='
    _mestring_values "$cmd" "${{cur%%=*}}"
  elif ((CURRENT > 2)) && _mestring_takes_value "$cmd" "$prev"; then
    _mestring_values "$cmd" "$prev"
  elif [[ $cur == -* ]]; then
    _mestring_options "$cmd"
    _describe -t options option reply
  else
    _mestring_subcommands "$cmd"
    if ((npos == 0 && $#reply)); then
      _describe -t commands command reply
    else
      _mestring_values "$cmd" "#$npos"
    fi
  fi
}}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _mestring "$@"
else
  compdef _mestring mestring
fi
)script",
                     subs, opts, valued, values);
}

std::string fish_script(const Model& m) {
  std::string subs, opts, valued;
  for (const auto& node : m.nodes) {
    std::vector<std::string> names, options;
    for (const auto& [name, help] : node.subcommands)
      names.push_back(fish_quote(name) + " " + fish_quote(help));
    for (const auto& o : node.options)
      for (const auto& name : o.names)
        options.push_back(fish_quote(name) + " " + fish_quote(o.help));
    const auto path = fish_quote(node.path());
    if (!names.empty())
      subs += fmt::format("        case {}\n            printf '%s\\t%s\\n' \\\n                {}\n", path,
                          join(names, " \\\n                "));
    opts += fmt::format("        case {}\n            printf '%s\\t%s\\n' \\\n                {}\n", path,
                        join(options, " \\\n                "));
    const auto v = valued_options(node);
    if (!v.empty())
      valued += fmt::format("        case {}\n            contains -- $opt {}; and return 0\n", path,
                            join(quoted(v, fish_quote), " "));
  }
  const auto values = value_branches(m, fish_quote, "        ", true, [](const ValueRule& r) {
    switch (r.kind) {
    case Kind::files:
      return std::string("__fish_complete_path $cur");
    case Kind::case_ids:
      return std::string("__mestring_ids");
    default:
      return fmt::format("printf '%s\\n' {}", join(quoted(r.words, fish_quote), " "));
    }
  });
  return fmt::format(R"script(# fish completion for mestring, generated by `mestring completion fish`.
# Load it with:  mestring completion fish | source
# or save it as ~/.config/fish/completions/mestring.fish

# Prints the subcommands of command path $cmd, a tab, and their description.
function __mestring_subcommands -a cmd
    switch $cmd
{}    end
end

# Prints the options of command path $cmd, a tab, and their description.
function __mestring_options -a cmd
    switch $cmd
{}    end
end

# Succeeds when option $opt of command path $cmd takes a value.
function __mestring_takes_value -a cmd opt
    switch $cmd
{}    end
    return 1
end

# The case ids of the repository, from the mestring being completed, with
# the --config of the command line if it has one.
function __mestring_ids
    set -l words (commandline -opc)
    set -l config
    for i in (seq 2 (count $words))
        if test "$words[$i]" = --config; and test $i -lt (count $words)
            set config --config $words[(math $i + 1)]
        else if string match -q -- '--config=*' $words[$i]
            set config --config (string replace -- '--config=' '' $words[$i])
        end
    end
    set config (string replace -r -- '^~/' "$HOME/" $config)
    set -l bin (string replace -r -- '^~/' "$HOME/" $words[1])
    command $bin $config __ids 2>/dev/null
end

# Prints the values of slot $slot (an option, or #N for the Nth positional
# argument) of command path $cmd.
function __mestring_values -a cmd slot cur
    switch $cmd
{}    end
end

function __mestring_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l cmd mestring
    set -l npos 0
    set -l i 2
    while test $i -le (count $words)
        set -l word $words[$i]
        if __mestring_takes_value $cmd $word
            set i (math $i + 1)
        else if string match -q -- '-*' $word
        else if contains -- $word (__mestring_subcommands $cmd | string replace -r '\t.*' '')
            set cmd "$cmd $word"
            set npos 0
        else
            set npos (math $npos + 1)
        end
        set i (math $i + 1)
    end
    set -l opt (string replace -r '=.*' '' -- $cur)
    set -l subs (__mestring_subcommands $cmd)
    if string match -q -- '--*=*' $cur; and __mestring_takes_value $cmd $opt
        __mestring_values $cmd $opt (string replace -r '^[^=]*=' '' -- $cur) | string replace -r '^' -- "$opt="
    else if test (count $words) -gt 1; and __mestring_takes_value $cmd $words[-1]
        __mestring_values $cmd $words[-1] $cur
    else if string match -q -- '-*' $cur
        __mestring_options $cmd
    else if test $npos = 0; and set -q subs[1]
        printf '%s\n' $subs
    else
        __mestring_values $cmd "#$npos" $cur
    end
end

complete -c mestring -f -a '(__mestring_complete)'
)script",
                     subs, opts, valued, values);
}

} // namespace

Exit cmd_completion(const CLI::App& app, const std::string& shell) {
  const auto rules = value_rules(); // the model points into it
  const auto model = describe(app, rules);
  if (shell == "bash")
    fmt::print("{}", bash_script(model));
  else if (shell == "zsh")
    fmt::print("{}", zsh_script(model));
  else if (shell == "fish")
    fmt::print("{}", fish_script(model));
  else
    throw Failure{Exit::usage, fmt::format("completion: \"{}\" is not a shell mestring completes; use bash, zsh or fish",
                                           shell)};
  return Exit::ok;
}

Exit cmd_ids(Context& ctx) {
  // Completion must never print an error into the command line being typed.
  try {
    ctx.prepare();
    // Sorted and unique: two folders may hold files of one name.
    std::set<std::string> ids;
    for (const auto& file : ctx.case_files({}))
      ids.insert(std::filesystem::path(file).stem().string());
    for (const auto& id : ids)
      fmt::print("{}\n", id);
  } catch (...) {
  }
  return Exit::ok;
}

} // namespace mestring::cli
