#include <mestring/i18n.hpp>
#include <mestring/privacy.hpp>
#include <mestring/text.hpp>
#include <mestring/typed_text.hpp>

namespace mestring {

std::optional<std::string> control_character_problem(std::string_view value, std::string_view where,
                                                     bool allow_newlines) {
  const auto bad = find_control_character(value, allow_newlines);
  if (!bad)
    return std::nullopt;
  return say("{} holds the control character {}; remove it, since it would reach terminals, e-mails and "
             "spreadsheets",
             where, control_character_name(bad->code));
}

std::optional<std::string> cpr_in_text_problem(std::string_view value, std::string_view where) {
  const auto [at, n] = find_cpr_like(value);
  if (n == 0)
    return std::nullopt;
  return say("{} holds what looks like a CPR number ({}); it would travel into agendas, exports and e-mails, so "
             "keep the CPR number in citizen.cpr only and remove it here",
             where, value.substr(at, n));
}

std::optional<std::string> typed_text_problem(std::string_view value, std::string_view where, bool allow_newlines) {
  if (auto p = control_character_problem(value, where, allow_newlines))
    return p;
  return cpr_in_text_problem(value, where);
}

} // namespace mestring
