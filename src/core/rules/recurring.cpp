// The recurring rules: a chain of obligations where each event meets the one
// the previous event (or the anchor) started, and the latest starts the
// current, unmet one — the monthly follow-up (§82a/b), the yearly §141
// review and the yearly health check (§85).
#include "engine.hpp"

#include <algorithm>
#include <tuple>

namespace mestring {

namespace {

struct Dated {
  Date date;
  int line;
  Term term;
  size_t order = 0; // its place in the file, for ties
};

// The events of a chain, in a buffer each thread reuses: a run over many
// cases allocates nothing per case.
std::vector<Dated> &scratch() {
  thread_local std::vector<Dated> events;
  events.clear();
  return events;
}

void chain(RuleContext &x, std::vector<Dated> &events, std::optional<Dated> anchor) {
  std::erase_if(events, [&](const Dated &e) { return e.date > x.as_of; });
  // By date, ties in file order (a stable sort, without its buffer); files
  // mostly list events in order already.
  if (!std::is_sorted(events.begin(), events.end(), [](const Dated &a, const Dated &b) { return a.date < b.date; })) {
    for (size_t i = 0; i < events.size(); ++i)
      events[i].order = i;
    std::sort(events.begin(), events.end(),
              [](const Dated &a, const Dated &b) { return std::tie(a.date, a.order) < std::tie(b.date, b.order); });
  }
  // Two events on one day are one: each must be later than the one before.
  events.erase(
      std::unique(events.begin(), events.end(), [](const Dated &a, const Dated &b) { return a.date == b.date; }),
      events.end());
  auto prev = events.empty() ? anchor : std::optional{events.front()};
  size_t next = events.empty() ? 0 : 1;
  if (!events.empty() && anchor && anchor->date < events.front().date) {
    prev = anchor;
    next = 0;
  }
  if (!prev)
    return;
  for (;; ++next) {
    const Date due = x.due_after(prev->date, x.settings.period);
    const Anchor from = Anchor::plus(prev->term, prev->date);
    if (next == events.size()) {
      x.settle(due, std::nullopt, prev->line, from, std::nullopt);
      return;
    }
    const auto &e = events[next];
    x.settle(due, e.date, prev->line, from, Evidence{e.term, e.date, e.line}, true);
    prev = e;
  }
}

std::vector<Dated> &followups(const Case &c) {
  auto &v = scratch();
  for (const auto &f : c.followups)
    v.push_back({f.date, f.line, Term::followup});
  return v;
}

} // namespace

// 004: "månedlig opfølgning på borgerplanen": due = (latest follow-up, else
// plan, else start) + 1 month.
void evaluate_monthly_followup(RuleContext &x) {
  std::optional<Dated> anchor;
  if (const auto p = x.happened(x.c.plan.value))
    anchor = Dated{*p, x.c.plan.line, Term::plan};
  else if (x.c.start)
    anchor = Dated{*x.c.start, x.c.start.line, Term::start};
  chain(x, followups(x.c), anchor);
}

// 004, §141: "mindst en gang årligt", once a first follow-up exists.
void evaluate_annual_review(RuleContext &x) { chain(x, followups(x.c), std::nullopt); }

// 004: "ledsagelse til lægebesøg en gang årligt": due = (latest health
// check, else start) + 12 months. The start begins the chain, so a late
// first check is late and a check dated after the as-of date leaves the
// start in force.
void evaluate_health_check(RuleContext &x) {
  auto &v = scratch();
  for (const auto &h : x.c.health_checks)
    v.push_back({h.date, h.line, Term::health_check});
  std::optional<Dated> anchor;
  if (x.c.start)
    anchor = Dated{*x.c.start, x.c.start.line, Term::start};
  chain(x, v, anchor);
}

} // namespace mestring

namespace mestring {

// rules.md followup-after-change: after the coach reports a significant
// change (an escalation with that reason), the authority follows up within
// the period (004: "pligt til at kontakte din sagsbehandler med henblik på
// opfølgning"). One obligation per such escalation.
void evaluate_followup_after_change(RuleContext &x) {
  for (const auto &e : x.c.escalations) {
    if (e.reason != Reason::significant_change || e.date > x.as_of)
      continue;
    const auto hit = first_from(x.c.followups, e.date, x.as_of);
    x.settle(x.due_after(e.date, x.settings.period), hit ? std::optional{hit->first} : std::nullopt, e.line,
             Anchor::plus(Term::significant_change, e.date),
             hit ? std::optional{Evidence{Term::followup, hit->first, hit->second}} : std::nullopt);
  }
}

} // namespace mestring
