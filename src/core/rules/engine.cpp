// The engine: runs every enabled rule of the catalog that applies to a
// case's programme, and decides each obligation's state in one place.
#include "engine.hpp"

#include <mestring/schema.hpp>

#include <algorithm>

namespace mestring {

Date RuleContext::due_after(Date anchor, const Duration &span) const {
  Date due = add_duration(anchor, span, cfg.calendar);
  if (cfg.move_off_weekends)
    while (!cfg.calendar.is_working_day(due))
      due = add_days(due, 1);
  return due;
}

void RuleContext::settle(Date due, std::optional<Date> met_on, int line, Anchor anchor,
                         std::optional<Evidence> evidence, bool history, bool stops_at_end) {
  if (stops_at_end && !spec.closing && c.end && *c.end < due)
    return;
  Obligation o;
  o.rule = &spec;
  o.severity = settings.severity;
  o.due = due;
  o.line = line;
  o.anchor = anchor;
  if (met_on) {
    o.state = *met_on <= due ? State::met : State::met_late;
    o.evidence = evidence;
  } else {
    o.state = as_of > due ? State::missed : State::open;
  }
  o.reportable = !history && (spec.closing || !c.closed(as_of));
  out.push_back(o);
}

const RuleSpec *find_rule(std::string_view id) {
  const auto all = rule_catalog();
  const auto it = std::find_if(all.begin(), all.end(), [&](const RuleSpec &r) { return r.id == id; });
  return it == all.end() ? nullptr : &*it;
}

std::vector<std::string_view> finding_ids() {
  std::vector<std::string_view> ids;
  for (const auto &r : rule_catalog())
    ids.push_back(r.id);
  for (const auto &c : data_checks())
    ids.push_back(c.id);
  return ids;
}

std::string_view to_string(State s) {
  switch (s) {
  case State::met: return "met";
  case State::met_late: return "met late";
  case State::open: return "open";
  case State::missed: return "missed";
  }
  return "open";
}

std::string_view state_name(State s, Lang lang) { return tr(lang, to_string(s)); }

std::vector<Obligation> obligations_of(const Case &c, const Config &cfg, Date as_of) {
  std::vector<Obligation> out;
  if (c.paragraph.empty())
    return out;
  for (const auto &spec : rule_catalog()) {
    const auto &settings = cfg.rule(spec);
    if (!settings.enabled || !settings.applies_to(c.paragraph))
      continue;
    RuleContext x{c, cfg, settings, spec, as_of, out};
    spec.evaluate(x);
  }
  return out;
}

} // namespace mestring
