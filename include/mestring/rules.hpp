#pragma once
// The rule catalog of shared/spec/rules.md and the one engine that turns a
// case into its obligations. `check`, `due` and `show` only filter this list.

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct RuleInfo {
  std::string_view id;
  std::string_view noun;    // what was due, as a finding says it: "the first follow-up"
  std::string_view title;   // what the obligation asks, as an agenda line says it
  std::string_view formula; // how the due date is computed, for `rules`/`explain`
  std::string_view met_by;
  std::string_view source;  // the Danish source sentence it rests on
  bool closing = false;     // still checked once the case is closed
  bool rate = false;        // a rate with no due date (level rules)
};

// Returns the catalog in the order of rules.md.
std::span<const RuleInfo> rule_catalog();
const RuleInfo* find_rule(std::string_view id);

enum class State { met, met_late, open, missed };
std::string_view to_string(State s);
// "met", "met late", … in `lang`.
std::string_view state_name(State s, Lang lang);

struct Obligation {
  std::string rule;
  Severity severity = Severity::error;
  std::optional<Date> due; // none for the level rules
  State state = State::open;
  int line = 0;            // the line of the field or event the due date comes from
  std::string anchor;      // "start 2025-02-17 + 3 months"
  std::string evidence;    // what met it: "follow-up 2025-04-01 (line 14)"; "" if nothing
  std::string message;     // for rates: what was counted
  // False for history (an earlier non-response streak) and for the non-closing
  // rules of a closed case: check and due leave those out; show and stats keep them.
  bool reportable = true;
};

// Computes every obligation of one case at `as_of`, in catalog order.
// Events dated after `as_of` count as not yet happened; a planned `end` and
// future meetings count.
std::vector<Obligation> obligations_of(const Case& c, const Config& cfg, Date as_of);

// The finding `check` prints for a missed obligation, in `lang`.
Finding finding_of(const Case& c, const Obligation& o, Lang lang = Lang::en);

} // namespace mestring
