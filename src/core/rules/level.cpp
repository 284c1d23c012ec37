// The two level rules: rates, not deadlines. They count reached contacts in
// a window that ends on the as-of date against the level's minimum
// (004: "vejledende niveaudelinger") and maximum (003: "niveauændring er
// relevant"), for active cases started a window ago.
#include "engine.hpp"

#include <algorithm>

namespace mestring {

namespace {

void level_rate(RuleContext &x, bool at_least) {
  if (!x.c.level || !x.c.start || x.c.closed(x.as_of))
    return;
  // The window is the span that ends on the as-of date: 28 days are as_of − 27 … as_of.
  const Date from = add_days(subtract_duration(x.as_of, x.settings.window, x.cfg.calendar), 1);
  if (*x.c.start > add_days(from, -1))
    return;
  const auto limit = x.settings.per_level.find(*x.c.level);
  if (limit == x.settings.per_level.end())
    return;
  const auto reached = std::count_if(x.c.contacts.begin(), x.c.contacts.end(), [&](const Contact &k) {
    return k.reached() && k.date >= from && k.date <= x.as_of;
  });
  Obligation o;
  o.rule = &x.spec;
  o.severity = x.settings.severity;
  o.line = x.c.level_line;
  o.anchor = Anchor::range(from, x.as_of);
  o.count = Count{int(reached), *x.c.level, limit->second, at_least};
  const bool ok = at_least ? reached >= limit->second : reached <= limit->second;
  o.state = ok ? State::met : State::missed;
  x.out.push_back(o);
}

} // namespace

void evaluate_level_frequency(RuleContext &x) { level_rate(x, true); }
void evaluate_level_above(RuleContext &x) { level_rate(x, false); }

} // namespace mestring
