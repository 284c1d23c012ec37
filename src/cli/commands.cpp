#include "commands.hpp"

#include <mestring/schema.hpp>
#include <mestring/text.hpp>

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace mestring::cli {

std::span<const Command *const> commands() {
  static const std::array<const Command *, 17> table{
      &check_command,  &due_command,    &show_command,  &rules_command,      &explain_command, &config_command,
      &stats_command,  &init_command,   &new_command,   &add_command,        &decide_command,  &close_command,
      &import_command, &export_command, &cache_command, &completion_command, &ids_command};
  return table;
}

std::string h(std::string_view english) { return std::string(tr(message_lang(), english)); }

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
  const auto guess = nearest(word, candidates);
  return guess.empty() ? "" : say(" (did you mean \"{}\"?)", guess);
}

void require_known(std::string_view option, const std::string &typed, const std::vector<std::string> &known) {
  // Names as people write them; a case id exactly, as the file name it is.
  const bool exact = option == "--case";
  if (typed.empty() ||
      std::any_of(known.begin(), known.end(), [&](const auto &k) { return exact ? typed == k : same_name(typed, k); }))
    return;
  std::vector<std::string> quoted;
  for (const auto &n : nearest_names(typed, known, 3))
    quoted.push_back(fmt::format("\"{}\"", n));
  // Nobody near: when the cases name only a few people, name them all.
  std::vector<std::string> everyone;
  if (quoted.empty()) {
    std::vector<std::string> keys;
    for (const auto &k : known)
      if (!k.empty() && std::find(keys.begin(), keys.end(), name_key(k)) == keys.end()) {
        keys.push_back(name_key(k));
        everyone.push_back(fmt::format("\"{}\"", k));
      }
    std::sort(everyone.begin(), everyone.end());
    if (everyone.size() > 8)
      everyone.clear();
  }
  const std::vector<std::string_view> words(quoted.begin(), quoted.end()), all(everyone.begin(), everyone.end());
  const auto hint = !words.empty() ? say(" (did you mean {}?)", join_or(words, message_lang()))
                    : !all.empty() ? say(" (the cases name {})", join_or(all, message_lang()))
                                   : std::string();
  const auto name = printable(typed);
  if (option == "--coach")
    throw Failure{Exit::usage, say("--coach: no case has the coach \"{}\"{}", name, hint)};
  if (option == "--advisor")
    throw Failure{Exit::usage, say("--advisor: no case has the advisor \"{}\"{}", name, hint)};
  if (option == "--for")
    throw Failure{Exit::usage, say("--for: \"{}\" is neither the coach nor the advisor of any case{}", name, hint)};
  throw Failure{Exit::usage, say("{}: there is no case \"{}\"{}", option, name, hint)};
}

std::string format_of(const Context &ctx, const Command &command) {
  std::vector<std::string_view> allowed(command.formats.begin(), command.formats.end());
  if (allowed.empty())
    allowed.push_back("text");
  return ctx.format(allowed, allowed.front());
}

} // namespace mestring::cli
