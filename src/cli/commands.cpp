#include "commands.hpp"

#include <mestring/text.hpp>

#include <array>

namespace mestring::cli {

std::span<const Command *const> commands() {
  static const std::array<const Command *, 16> table{
      &check_command,  &due_command,   &show_command,       &rules_command,  &explain_command, &config_command,
      &stats_command,  &new_command,   &add_command,        &decide_command, &close_command,   &import_command,
      &export_command, &cache_command, &completion_command, &ids_command};
  return table;
}

std::string h(std::string_view english) { return std::string(tr(message_lang(), english)); }

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  const auto guess = nearest(word, candidates);
  return guess.empty() ? "" : say(" (did you mean \"{}\"?)", guess);
}

std::string format_of(const Context &ctx, const Command &command) {
  std::vector<std::string_view> allowed(command.formats.begin(), command.formats.end());
  if (allowed.empty())
    allowed.push_back("text");
  return ctx.format(allowed, allowed.front());
}

} // namespace mestring::cli
