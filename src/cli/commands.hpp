#pragma once
// The table of commands, as ninja keeps its table of tools: each command
// has a name, a one-line help, the formats it writes, whether it reads the
// repository config, and a function that adds its options to its CLI11
// subcommand and returns what runs it once the command line is parsed.
// app.cpp builds the command line from this table; completion.cpp generates
// the shells' scripts from the app it builds. Each cmd_*.cpp defines the
// rows of its commands and reads as a narrated pipeline: load, assess,
// filter, render.

#include "context.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace mestring::cli {

using Runner = std::function<Exit(Context &)>;

struct Command {
  std::string_view name;
  std::string_view help;                     // English; shown in the message language
  std::span<const std::string_view> formats; // --format values, the default first; none: text only
  bool needs_config = true;                  // false: runs before the config is read (completion)
  Runner (*define)(CLI::App &sub) = nullptr;
  bool hidden = false; // not listed in --help (the completion scripts' helper)
};

// Every command, in the order --help lists them.
std::span<const Command *const> commands();

// The rows, defined in the cmd_*.cpp files.
extern const Command check_command, due_command, show_command, rules_command, explain_command, config_command,
    stats_command, new_command, add_command, decide_command, close_command, import_command, export_command,
    cache_command, completion_command, ids_command;

// A help text in the message language (set before the app is built).
std::string h(std::string_view english);

// " (did you mean "X"?)" when a candidate is near `word`, else "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

// Parses --format for a command: its value, or the command's default.
std::string format_of(const Context &ctx, const Command &command);

} // namespace mestring::cli
