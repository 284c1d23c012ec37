// The data checks of one read case that compare its fields, and the privacy
// of what is said about it: a CPR number in a note is reported, and every
// message is masked before it leaves the loader.
#include <mestring/case_file.hpp>

#include <mestring/i18n.hpp>
#include <mestring/privacy.hpp>
#include <mestring/rules.hpp>
#include <mestring/text.hpp>
#include <mestring/typed_text.hpp>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

namespace mestring {

namespace fs = std::filesystem;

namespace {

void add(std::vector<Finding> &out, Severity s, const Case &c, int line, Check check, std::string message) {
  out.push_back({s,
                 c.file,
                 line,
                 line > 0 ? 1 : 0,
                 std::string(id_of(check)),
                 std::move(message),
                 std::nullopt,
                 std::nullopt,
                 {},
                 {}});
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

// id-filename, cpr, age, date-order.
void check_fields(const Case &c, std::vector<Finding> &out) {
  if (c.id == reserved_case_id)
    add(out, Severity::error, c, c.id_line, Check::schema,
        say("the id {} is reserved: {}.yaml is the repository's config file; give the case another id", c.id, c.id));
  if (!c.id.empty()) {
    const auto name = fs::path(c.file).filename().string();
    if (fs::path(c.file).stem().string() != c.id)
      add(out, Severity::error, c, c.id_line, Check::id_filename,
          say("id \"{}\" differs from the file name \"{}\"; rename the file or fix the id", c.id, name));
  }
  if (!c.cpr.empty()) {
    const std::string_view s = c.cpr;
    if (s.size() != 11 || s[6] != '-' || !all_digits(s.substr(0, 6)) || !all_digits(s.substr(7))) {
      add(out, Severity::error, c, c.cpr_line, Check::cpr, say("citizen.cpr is not in the form DDMMYY-SSSS"));
    } else if (const auto born = cpr_birth_date(std::string(s.substr(0, 6)) + std::string(s.substr(7))); !born) {
      add(out, Severity::error, c, c.cpr_line, Check::cpr,
          say("citizen.cpr {} does not begin with a real birth date", mask_cpr(c.cpr)));
    } else if (c.start && add_months(*born, 18 * 12) > *c.start) {
      add(out, Severity::warning, c, c.cpr_line, Check::age,
          say("the citizen is under 18 at start {}; Serviceloven's adult rules do not apply", c.start->iso()));
    }
  }
  if (c.end && c.start && *c.end < *c.start)
    add(out, Severity::error, c, c.end.line, Check::date_order,
        say("end {} is before start {}", c.end->iso(), c.start->iso()));
  if (c.decided && c.applied && *c.decided < *c.applied)
    add(out, Severity::error, c, c.decided.line, Check::date_order,
        say("decided {} is before applied {}", c.decided->iso(), c.applied->iso()));
  if (c.decision && !c.decided)
    add(out, Severity::error, c, c.decision_line, Check::schema,
        say("decision: {} needs the date it was made; add decided:", id_of(*c.decision)));
  if (c.start && c.decided && *c.start < *c.decided)
    add(out, Severity::warning, c, c.start.line, Check::date_order,
        say("start {} is before decided {}; support usually starts after the decision", c.start->iso(),
            c.decided->iso()));
}

// Finds the line of `needle` in the file's text; 0 when it is not there
// verbatim (a folded scalar may have split it).
int line_of_text(std::string_view text, std::string_view needle) {
  const auto at = text.find(needle);
  if (at == std::string_view::npos || needle.empty())
    return 0;
  return 1 + int(std::count(text.begin(), text.begin() + long(at), '\n'));
}

// Every free text of a case (the name, the coach, the advisor, notes, the
// notes and reasons of events), each with what a message calls it, made only
// when a message needs it, and its line (0: search the text). `Case` may be
// const (to look) or not (to rewrite).
template <typename C, typename F> void for_each_text(C &c, F &&f) {
  f(
      c.name, [] { return fmt::format("{}.{}", name_of(Key::citizen), name_of(Sub::name)); }, 0);
  for (const auto &k : case_keys())
    if (k.kind == KeyKind::text)
      f(
          c.*k.text, [&k] { return std::string(k.name); }, 0);
  for (auto &e : c.contacts)
    f(
        e.note, [&e] { return say("the note of the contact on {}", e.date.iso()); }, e.line);
  for (auto &e : c.followups)
    f(
        e.note, [&e] { return say("the note of the follow-up on {}", e.date.iso()); }, e.line);
  for (auto &e : c.escalations)
    f(
        e.note, [&e] { return say("the note of the escalation on {}", e.date.iso()); }, e.line);
  for (auto &e : c.level_changes)
    f(
        e.note, [&e] { return say("the note of the level change on {}", e.date.iso()); }, e.line);
  for (auto &e : c.exemptions) {
    f(
        e.reason, [&e] { return say("the reason of the exemption from {}", e.from.iso()); }, e.line);
    f(
        e.by, [&e] { return say("the exemption from {}", e.from.iso()); }, e.line);
  }
}

// cpr-in-text: a CPR-like number in any text but citizen.cpr (names, the
// coach, the advisor, notes, the id) travels into agendas, exports and
// e-mails.
void check_texts(const Case &c, std::string_view text, std::vector<Finding> &out) {
  auto check = [&](std::string_view value, auto where, int line) {
    const auto [at, n] = find_cpr_like(value);
    if (n == 0)
      return;
    add(out, Severity::error, c, line > 0 ? line : line_of_text(text, value.substr(at, n)), Check::cpr_in_text,
        *cpr_in_text_problem(value, where()));
  };
  check(
      c.id, [] { return std::string(name_of(Key::id)); }, c.id_line);
  for_each_text(c, check);
}

// Until the file is fixed, such a number is masked in the record itself, so
// that no output (show, due, export, stats, in every format) prints it in
// full unless asked to. The id is left as it is: it is the file's name, and
// check tells to rename it.
void mask_texts(Case &c) {
  for_each_text(c, [](std::string &value, auto, int) {
    if (find_cpr_like(value).second != 0)
      value = redact_cpr(value);
  });
}

// Masks CPR numbers in every message unless the config shows them, and
// leaves the citizen's name out with privacy.names: ids-only.
void mask(const Case &c, const Config &cfg, std::vector<Finding> &findings) {
  constexpr std::string_view left_out = "(name left out)";
  for (auto &f : findings) {
    if (!cfg.show_cpr)
      f.message = redact_cpr(f.message);
    if (cfg.ids_only && !c.name.empty())
      for (size_t at = f.message.find(c.name); at != std::string::npos; at = f.message.find(c.name, at)) {
        f.message.replace(at, c.name.size(), left_out);
        at += left_out.size();
      }
  }
}

void check_exemptions(Case &c, const Config &cfg, std::vector<Finding> &out) {
  std::erase_if(c.exemptions, [&](const Exemption &e) {
    const auto problems = exemption_problems(e, cfg);
    for (const auto &p : problems)
      add(out, Severity::error, c, e.line, Check::exemption, fmt::format("{}: {}", name_of(Key::exemptions), p));
    return !problems.empty();
  });
}

} // namespace

// exemption (rules.md "Exemptions"): a rule of the catalog, a reason, and a
// period from `from` to `until` no longer than exemptions.max_length. Data
// checks cannot be exempted.
std::vector<std::string> exemption_problems(const Exemption &e, const Config &cfg) {
  std::vector<std::string> out;
  if (!find_rule(e.rule)) {
    std::vector<std::string_view> ids;
    for (const auto &r : rule_catalog())
      ids.push_back(r.id);
    const auto guess = nearest(e.rule, ids);
    out.push_back(find_data_check(e.rule)
                      ? say("\"{}\" is a data check, and data checks cannot be exempted; fix the data instead", e.rule)
                  : guess.empty() ? say("\"{}\" is not a rule; `mestring rules` lists them", e.rule)
                                  : say("\"{}\" is not a rule; did you mean \"{}\"?", e.rule, guess));
  }
  if (e.reason.find_first_not_of(" \t") == std::string::npos)
    out.push_back(say("the exemption of {} has no reason; write why the rule cannot be kept", e.rule));
  if (e.until < e.from)
    out.push_back(say("until {} is before from {}", e.until.iso(), e.from.iso()));
  else if (const Date last = add_duration(e.from, cfg.exemption_max_length, cfg.calendar); e.until > last)
    out.push_back(say("from {} until {} is longer than {} (exemptions.max_length); end it by {} and add a new one "
                      "if the reason still holds",
                      e.from.iso(), e.until.iso(), format_duration(cfg.exemption_max_length, message_lang()),
                      last.iso()));
  return out;
}

void check_case(Case &c, std::string_view text, const Config &cfg, std::vector<Finding> &findings) {
  check_fields(c, findings);
  check_exemptions(c, cfg, findings);
  check_texts(c, text, findings);
  mask(c, cfg, findings);
  if (!cfg.show_cpr)
    mask_texts(c);
}

} // namespace mestring
