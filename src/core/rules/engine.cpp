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

Date RuleContext::due_before(Date anchor, const Duration &span) const {
  Date due = subtract_duration(anchor, span, cfg.calendar);
  if (cfg.move_off_weekends)
    while (!cfg.calendar.is_working_day(due))
      due = add_days(due, -1);
  return due;
}

void RuleContext::settle(Date due, std::optional<Date> met_on, int line, Anchor anchor,
                         std::optional<Evidence> evidence, bool history, bool stops_at_end) {
  if (stops_at_end && !spec.closing && c.end && *c.end < due)
    return;
  Obligation o;
  o.rule = &spec;
  o.severity = settings.severity;
  o.role = settings.role;
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

std::string_view state_name(State s, Lang lang) {
  static constexpr Text names[] = {
      {"met", "opfyldt"}, {"met late", "opfyldt for sent"}, {"open", "åben"}, {"missed", "overskredet"}};
  return names[size_t(s)](lang);
}

namespace {

// rules.md "Exemptions": a missed or open obligation of an exempted rule is
// set aside while the as-of date is within the exemption; the first
// exemption in the file that covers it is the one named.
void mark_exemptions(const Case &c, Date as_of, std::vector<Obligation> &out) {
  if (c.exemptions.empty())
    return;
  for (auto &o : out) {
    if (o.state != State::missed && o.state != State::open)
      continue;
    for (size_t i = 0; i < c.exemptions.size(); ++i)
      if (c.exemptions[i].rule == o.id() && c.exemptions[i].covers(as_of)) {
        o.exemption = int(i);
        break;
      }
  }
}

} // namespace

std::vector<Obligation> obligations_of(const Case &c, const Config &cfg, Date as_of) {
  std::vector<Obligation> out;
  obligations_of(c, cfg, as_of, out);
  return out;
}

void obligations_of(const Case &c, const Config &cfg, Date as_of, std::vector<Obligation> &out) {
  out.clear();
  if (c.paragraph.empty())
    return;
  // A refused application is over at its decision: only the rule about
  // deciding in time applies to it.
  const bool refused = c.refused(as_of);
  for (const auto &spec : rule_catalog()) {
    const auto &settings = cfg.rule(spec);
    if (!settings.enabled || !settings.applies_to(c.paragraph) || (refused && !spec.refusal))
      continue;
    RuleContext x{c, cfg, settings, spec, as_of, out};
    spec.evaluate(x);
  }
  mark_exemptions(c, as_of, out);
}

} // namespace mestring
