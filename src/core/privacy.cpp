#include <mestring/privacy.hpp>
#include <mestring/i18n.hpp>

#include <chrono>
#include <fmt/format.h>

namespace mestring {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

bool digits(std::string_view s, size_t from, size_t n) {
  if (from + n > s.size())
    return false;
  for (size_t i = from; i < from + n; ++i)
    if (!digit(s[i]))
      return false;
  return true;
}

int two(std::string_view s, size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// Finds the line of `needle` in the file's text; 0 when it is not there
// verbatim (a folded scalar may have split it).
int line_of_text(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  if (at == std::string_view::npos || needle.empty())
    return 0;
  int line = 1;
  for (size_t i = 0; i < at; ++i)
    line += text[i] == '\n';
  return line;
}

} // namespace

bool cpr_date_is_real(std::string_view s) {
  if (!digits(s, 0, 7))
    return false;
  const int dd = two(s, 0), mm = two(s, 2), yy = two(s, 4);
  int century = 1900;
  switch (s[6]) {
  case '4': case '9': century = yy <= 36 ? 2000 : 1900; break;
  case '5': case '6': case '7': case '8': century = yy <= 57 ? 2000 : 1800; break;
  default: break;
  }
  const std::chrono::year_month_day born{std::chrono::year{century + yy}, std::chrono::month{unsigned(mm)},
                                         std::chrono::day{unsigned(dd)}};
  return born.ok();
}

std::pair<size_t, size_t> find_cpr_like(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (!digit(s[i]) || (i > 0 && digit(s[i - 1])))
      continue;
    if (digits(s, i, 6) && i + 6 < s.size() && s[i + 6] == '-' && digits(s, i + 7, 4) &&
        (i + 11 == s.size() || !digit(s[i + 11])))
      return {i, 11};
    if (digits(s, i, 10) && (i + 10 == s.size() || !digit(s[i + 10])) && cpr_date_is_real(s.substr(i, 10)))
      return {i, 10};
  }
  return {std::string_view::npos, 0};
}

std::string redact_cpr(std::string_view text) {
  std::string out(text);
  for (auto [at, n] = find_cpr_like(out); n != 0; std::tie(at, n) = find_cpr_like(out, at + n))
    out.replace(at + n - 4, 4, "xxxx");
  return out;
}

void apply_privacy(const Case& c, std::string_view text, const Config& cfg, std::vector<Finding>& findings) {
  auto check_note = [&](std::string_view note, std::string_view where, int line) {
    const auto [at, n] = find_cpr_like(note);
    if (n == 0)
      return;
    const auto number = note.substr(at, n);
    findings.push_back({Severity::error, c.file, line > 0 ? line : line_of_text(text, number), 0, "cpr-in-text",
                        say("{} holds what looks like a CPR number ({}); notes travel into exports and "
                                    "e-mails, so keep the CPR number in citizen.cpr only and remove it here",
                                    where, number),
                        std::nullopt, std::nullopt});
  };
  check_note(c.notes, "notes", 0);
  for (const auto& e : c.contacts)
    check_note(e.note, say("the note of the contact on {}", e.date.iso()), e.line);
  for (const auto& e : c.followups)
    check_note(e.note, say("the note of the follow-up on {}", e.date.iso()), e.line);
  for (const auto& e : c.escalations)
    check_note(e.note, say("the note of the escalation on {}", e.date.iso()), e.line);

  for (auto& f : findings) {
    if (!cfg.show_cpr)
      f.message = redact_cpr(f.message);
    if (cfg.ids_only && !c.name.empty())
      for (size_t at = f.message.find(c.name); at != std::string::npos; at = f.message.find(c.name, at)) {
        f.message.replace(at, c.name.size(), "(name left out)");
        at += std::string_view("(name left out)").size();
      }
  }
}

} // namespace mestring
