// The two level rules: rates, not deadlines. They count reached contacts in
// a window that ends on the as-of date against the minimum (004:
// "vejledende niveaudelinger") and the maximum (003: "niveauændring er
// relevant") of the level in force, for active cases started a window ago.
// The window begins no earlier than the latest change of level: a case whose
// level changed less than a window ago is not judged for its minimum yet.
#include "engine.hpp"

#include <algorithm>

namespace mestring {

namespace {

void level_rate(RuleContext &x, bool at_least) {
  const auto in_force = level_on(x.c, x.as_of);
  if (!in_force.level || !x.c.start || x.c.closed(x.as_of))
    return;
  // The window is the span that ends on the as-of date: 28 days are as_of − 27 … as_of.
  Date from = add_days(subtract_duration(x.as_of, x.settings.window, x.cfg.calendar), 1);
  if (*x.c.start >= from)
    return;
  if (in_force.since && *in_force.since >= from) {
    if (at_least)
      return; // too soon to judge the new level's minimum
    from = *in_force.since;
  }
  const auto limit = x.settings.per_level.find(*in_force.level);
  if (limit == x.settings.per_level.end())
    return;
  const auto reached = std::count_if(x.c.contacts.begin(), x.c.contacts.end(), [&](const Contact &k) {
    return k.reached() && k.date >= from && k.date <= x.as_of;
  });
  Obligation o;
  o.rule = &x.spec;
  o.severity = x.settings.severity;
  o.role = x.settings.role;
  o.line = in_force.line;
  o.anchor = Anchor::range(from, x.as_of);
  o.count = Count{int(reached), *in_force.level, limit->second, at_least};
  const bool ok = at_least ? reached >= limit->second : reached <= limit->second;
  o.state = ok ? State::met : State::missed;
  x.out.push_back(o);
}

} // namespace

void evaluate_level_frequency(RuleContext &x) { level_rate(x, true); }
void evaluate_level_above(RuleContext &x) { level_rate(x, false); }

} // namespace mestring
