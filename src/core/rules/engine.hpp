#pragma once
// What a rule function sees, and the one way every rule decides a state
// (`settle`). Internal to src/core/rules.

#include <mestring/rules.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace mestring {

struct RuleContext {
  const Case &c;
  const Config &cfg;
  const RuleSettings &settings;
  const RuleSpec &spec;
  Date as_of;
  std::vector<Obligation> &out;

  // Returns the date if it has happened by the as-of date.
  std::optional<Date> happened(const std::optional<Date> &d) const { return d && *d <= as_of ? d : std::nullopt; }

  // Returns anchor + span, moved to the next working day when the config
  // moves due dates off weekends.
  Date due_after(Date anchor, const Duration &span) const;
  // Returns anchor − span (working days counted backward), moved to the
  // working day before when the config moves due dates off weekends: a
  // status due before a Monday meeting is due on the Friday.
  Date due_before(Date anchor, const Duration &span) const;

  // Adds an obligation due on `due`, met on `met_on` (if it has happened):
  // in time when on or before the due date, late after it; otherwise missed
  // once the as-of date is past the due date, else open. Non-closing rules
  // stop at `end`: an obligation due after the course ended does not exist
  // (the caps excepted: `end` is what meets them).
  void settle(Date due, std::optional<Date> met_on, int line, Anchor anchor, std::optional<Evidence> evidence,
              bool history = false, bool stops_at_end = true);
};

// The earliest item dated in [from, as_of], with its line.
template <typename Items> std::optional<std::pair<Date, int>> first_from(const Items &items, Date from, Date as_of) {
  std::optional<std::pair<Date, int>> best;
  for (const auto &i : items)
    if (i.date >= from && i.date <= as_of && (!best || i.date < best->first))
      best = {i.date, i.line};
  return best;
}

// The rule families with more than a few lines each have their own file.
void evaluate_monthly_followup(RuleContext &x);      // recurring.cpp
void evaluate_annual_review(RuleContext &x);         // recurring.cpp
void evaluate_health_check(RuleContext &x);          // recurring.cpp
void evaluate_non_response(RuleContext &x);          // non_response.cpp
void evaluate_level_frequency(RuleContext &x);       // level.cpp
void evaluate_level_above(RuleContext &x);           // level.cpp
void evaluate_followup_after_change(RuleContext &x); // recurring.cpp

} // namespace mestring
