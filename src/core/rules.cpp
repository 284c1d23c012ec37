// The rule engine. Each rule is a function from a case to its obligations;
// they share one way of deciding a state (`settle`) and one view of time:
// whatever is dated after the as-of date has not happened yet.
#include <mestring/rules.hpp>

#include <algorithm>
#include <array>
#include <fmt/format.h>

namespace mestring {

namespace {

constexpr std::array<RuleInfo, 17> catalog{{
    {"cap-82b", "end of the §82b course", "end the §82b course", "start + {period}", "end on or before the due date",
     "§82b stk. 1: \"op til 6 måneder\"", false, false},
    {"cap-82a", "end of the §82a course", "end the §82a course", "start + {period}", "end on or before the due date",
     "kvalitetsstandard: \"maksimalt varer seks måneder\"", false, false},
    {"first-contact-82", "first contact", "make the first contact", "plan + {period}",
     "a contact (any outcome) dated from plan to the due date", "kvalitetsstandard: \"senest 10 arbejdsdage\"",
     false, false},
    {"monthly-followup-82", "monthly follow-up", "follow up on the citizen plan",
     "(latest follow-up, else plan, else start) + {period}", "a later follow-up on or before the due date",
     "kvalitetsstandard: \"månedlig opfølgning på borgerplanen\"", false, false},
    {"processing-85", "decision", "send the decision", "applied + {period}", "decided on or before the due date",
     "Byrådets sagsbehandlingsfrist: \"op til 8 uger\"", false, false},
    {"first-followup-85", "first follow-up", "hold the first follow-up", "start + {period}",
     "a follow-up dated from start to the due date", "kvalitetsstandard: \"senest tre måneder efter iværksættelse\"",
     false, false},
    {"annual-review-85", "yearly §141 follow-up", "hold the yearly §141 follow-up", "latest follow-up + {period}, once a follow-up exists",
     "a later follow-up on or before the due date", "kvalitetsstandard, §141: \"mindst en gang årligt\"", false,
     false},
    {"non-response", "informing the authority of the non-response", "inform the authority (orientering af Myndighed)",
     "the earlier of the streak's unanswered attempt no. {attempts} and its first attempt + {period}",
     "an escalation dated from the streak's first attempt to the due date",
     "rollefordeling: \"4 kontakter eller max 1 måneds kontaktforsøg\"", false, false},
    {"level-frequency-85", "", "reach the citizen as often as the level says",
     "reached contacts in the window ({window}) up to the as-of date, for cases started a window ago",
     "count at least the level's minimum", "kvalitetsstandard: \"vejledende niveaudelinger\"", false, true},
    {"level-above-85", "", "consider a change of level",
     "reached contacts in the window ({window}) up to the as-of date", "count at most the level's maximum",
     "rollefordeling: \"niveauændring er relevant\"", false, true},
    {"health-check-85", "yearly health check", "offer the yearly health check", "(latest health check, else start) + {period}",
     "a later health check on or before the due date",
     "kvalitetsstandard: \"ledsagelse til lægebesøg en gang årligt\"", false, false},
    {"status-before-meeting", "written status before the citizen plan meeting", "write the status for the citizen plan meeting", "meeting date − {period}",
     "the meeting's status dated on or before the due date",
     "rollefordeling: \"status forud for borgerplansmødet\"", false, false},
    {"preliminary-phase-mf", "decision on the main phase", "decide on the main phase", "start + {period}",
     "main_phase on or before the due date", "mestringsforløb: \"Forforløbet varer ca. 4 uger\"", false, false},
    {"cap-mf", "end of the course", "end the course", "start + {period}", "end on or before the due date",
     "mestringsforløb: \"forventes at vare 4-6 måneder\"", false, false},
    {"closing-talk-82", "closing conversation", "hold the closing conversation", "end",
     "closing_talk set, on or before end + {grace}", "kvalitetsstandard: \"afsluttende samtale\"", true,
     false},
    {"hearing-85", "consultation before ending support (partshøring)", "consult the citizen before ending support (partshøring)",
     "end, unless end_reason is exempt", "hearing on or before end",
     "kvalitetsstandard: \"partshørt i det påtænkte ophør\"", true, false},
    {"report-mf", "course description to the job centre", "send the course description to the job centre", "end + {period}",
     "report on or before the due date", "mestringsforløb: \"forløbsbeskrivelse som dokumentation til JC\"", true,
     false},
}};

// Everything a rule function needs, and the helpers they share.
struct Context {
  const Case& c;
  const Config& cfg;
  const RuleSettings& settings;
  const RuleInfo& info;
  Date as_of;
  std::vector<Obligation>& out;

  // Returns the date if it has happened by the as-of date.
  std::optional<Date> happened(const std::optional<Date>& d) const {
    return d && *d <= as_of ? d : std::nullopt;
  }

  Date due_after(Date anchor, const Duration& span) const {
    Date due = add_duration(anchor, span, cfg.calendar);
    if (cfg.move_off_weekends)
      while (!cfg.calendar.is_working_day(due))
        due = add_days(due, 1);
    return due;
  }

  // Adds an obligation due on `due`, met on `met_on` (if it has happened).
  // Non-closing rules stop at `end`: an obligation due after the course ended
  // does not exist (the caps excepted: `end` is what meets them).
  void settle(Date due, std::optional<Date> met_on, int line, std::string anchor, std::string evidence,
              bool history = false, bool stops_at_end = true) {
    if (stops_at_end && !info.closing && c.end && *c.end < due)
      return;
    Obligation o;
    o.rule = std::string(info.id);
    o.severity = settings.severity;
    o.due = due;
    o.line = line;
    o.anchor = std::move(anchor);
    if (met_on) {
      o.state = *met_on <= due ? State::met : State::met_late;
      o.evidence = std::move(evidence);
    } else {
      o.state = as_of > due ? State::missed : State::open;
    }
    o.reportable = !history && (info.closing || !c.closed(as_of));
    out.push_back(std::move(o));
  }

  Lang lang() const { return cfg.lang(); }
  std::string span() const { return format_duration(settings.period, lang()); }
  // Formats a translated anchor or message.
  template <typename... Args> std::string say(std::string_view english, Args&&... args) const {
    return trf(lang(), english, std::forward<Args>(args)...);
  }
};

std::string at_line(Lang lang, std::string_view what, Date d, int line) {
  return line > 0 ? trf(lang, "{} {} (line {})", tr(lang, what), d.iso(), line)
                  : fmt::format("{} {}", tr(lang, what), d.iso());
}

// A course with a cap is met by its `end`, planned or past.
void cap(Context& x) {
  if (!x.c.start)
    return;
  const Date due = x.due_after(*x.c.start, x.settings.period);
  const auto& end = x.c.end;
  std::optional<Date> met_on;
  if (end && (*end <= due || *end <= x.as_of))
    met_on = *end;
  x.settle(due, met_on, x.c.start.line, x.say("start {} + {}", x.c.start->iso(), x.span()),
           end ? at_line(x.lang(), "end", *end, end.line) : "", false, false);
}

// Met by the first dated item in [from, …] that has happened: in time if it is
// on or before the due date, late otherwise.
template <typename Items, typename DateOf>
std::optional<std::pair<Date, int>> first_from(const Items& items, Date from, Date as_of, DateOf date_of) {
  std::optional<std::pair<Date, int>> best;
  for (const auto& i : items) {
    const Date d = date_of(i);
    if (d >= from && d <= as_of && (!best || d < best->first))
      best = {d, i.line};
  }
  return best;
}

void first_contact(Context& x) {
  const auto plan = x.happened(x.c.plan.value);
  if (!plan)
    return;
  const Date due = x.due_after(*plan, x.settings.period);
  const auto hit = first_from(x.c.contacts, *plan, x.as_of, [](const Contact& k) { return k.date; });
  x.settle(due, hit ? std::optional{hit->first} : std::nullopt, x.c.plan.line,
           x.say("plan {} + {}", plan->iso(), x.span()),
           hit ? at_line(x.lang(), "contact", hit->first, hit->second) : "");
}

// A chain of recurring obligations (monthly follow-up, yearly review, yearly
// health check): each event meets the one due after the previous; the last
// event (else the anchor) starts the current, unmet one.
void chain(Context& x, std::vector<std::pair<Date, int>> events, std::optional<std::pair<Date, int>> anchor,
           std::string_view event_name, std::string_view anchor_name) {
  std::erase_if(events, [&](const auto& e) { return e.first > x.as_of; });
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto prev = events.empty() ? anchor : std::optional{events.front()};
  std::string prev_name(events.empty() ? anchor_name : event_name);
  size_t next = events.empty() ? 0 : 1;
  if (!events.empty() && anchor && anchor->first < events.front().first) {
    prev = anchor;
    prev_name = anchor_name;
    next = 0;
  }
  if (!prev)
    return;
  for (;; ++next) {
    const Date due = x.due_after(prev->first, x.settings.period);
    const std::string from = fmt::format("{} {} + {}", tr(x.lang(), prev_name), prev->first.iso(), x.span());
    if (next == events.size()) {
      x.settle(due, std::nullopt, prev->second, from, "");
      return;
    }
    x.settle(due, events[next].first, prev->second, from, at_line(x.lang(), event_name, events[next].first, events[next].second),
             true);
    prev = events[next];
    prev_name = event_name;
  }
}

std::vector<std::pair<Date, int>> followup_dates(const Case& c) {
  std::vector<std::pair<Date, int>> v;
  for (const auto& f : c.followups)
    v.emplace_back(f.date, f.line);
  return v;
}

void monthly_followup(Context& x) {
  std::optional<std::pair<Date, int>> anchor;
  std::string_view name = "plan";
  if (const auto p = x.happened(x.c.plan.value))
    anchor = {*p, x.c.plan.line};
  else if (x.c.start) {
    anchor = {*x.c.start, x.c.start.line};
    name = "start";
  }
  // rules.md: the current due date counts from the latest follow-up, else the
  // plan, else the start.
  chain(x, followup_dates(x.c), anchor, "follow-up", name);
}

void processing(Context& x) {
  if (!x.c.applied)
    return;
  const Date due = x.due_after(*x.c.applied, x.settings.period);
  const auto decided = x.happened(x.c.decided.value);
  x.settle(due, decided, x.c.applied.line, x.say("applied {} + {}", x.c.applied->iso(), x.span()),
           decided ? at_line(x.lang(), "decided", *decided, x.c.decided.line) : "");
}

void first_followup(Context& x) {
  if (!x.c.start)
    return;
  const Date due = x.due_after(*x.c.start, x.settings.period);
  const auto hit = first_from(x.c.followups, *x.c.start, x.as_of, [](const Followup& f) { return f.date; });
  x.settle(due, hit ? std::optional{hit->first} : std::nullopt, x.c.start.line,
           x.say("start {} + {}", x.c.start->iso(), x.span()),
           hit ? at_line(x.lang(), "follow-up", hit->first, hit->second) : "");
}

void annual_review(Context& x) { chain(x, followup_dates(x.c), std::nullopt, "follow-up", ""); }

void health_check(Context& x) {
  std::vector<std::pair<Date, int>> v;
  for (const auto& h : x.c.health_checks)
    v.emplace_back(h.date, h.line);
  std::optional<std::pair<Date, int>> anchor;
  if (x.c.start)
    anchor = {*x.c.start, x.c.start.line};
  // rules.md: due = (latest health check, else start) + 12 months. The start
  // begins the chain, so a late first check is late and a check dated after
  // the as-of date leaves the start in force.
  chain(x, v, anchor, "health check", "start");
}

// rules.md "non-response in detail": the current streak of unanswered attempts
// after the last reached contact must be escalated by the 4th attempt or a
// month after the first, whichever comes first. Earlier streaks are history.
void non_response(Context& x) {
  std::vector<const Contact*> contacts;
  for (const auto& k : x.c.contacts)
    if (k.date <= x.as_of)
      contacts.push_back(&k);
  std::stable_sort(contacts.begin(), contacts.end(), [](auto* a, auto* b) { return a->date < b->date; });
  std::vector<std::vector<const Contact*>> streaks(1);
  for (const auto* k : contacts) {
    if (k->reached()) {
      if (!streaks.back().empty())
        streaks.emplace_back();
    } else {
      streaks.back().push_back(k);
    }
  }
  const size_t attempts = size_t(std::max(1, x.settings.attempts));
  for (size_t s = 0; s < streaks.size(); ++s) {
    const auto& streak = streaks[s];
    if (streak.empty())
      continue;
    const Date first = streak.front()->date;
    Date due = x.due_after(first, x.settings.period);
    std::string anchor = x.say("first unanswered attempt {} + {}", first.iso(), x.span());
    if (streak.size() >= attempts && streak[attempts - 1]->date < due) {
      due = streak[attempts - 1]->date;
      anchor = x.say("unanswered attempt no. {} on {}", attempts, due.iso());
    }
    const auto hit = first_from(x.c.escalations, first, x.as_of, [](const Escalation& e) { return e.date; });
    x.settle(due, hit ? std::optional{hit->first} : std::nullopt, streak.front()->line, anchor,
             hit ? at_line(x.lang(), "escalation", hit->first, hit->second) : "", s + 1 < streaks.size());
  }
}

// The two level rules count reached contacts in a window up to the as-of date.
void level_rate(Context& x, bool minimum) {
  if (!x.c.level || !x.c.start || x.c.closed(x.as_of))
    return;
  // The window is the span that ends on the as-of date: 28 days are as_of − 27 … as_of.
  const Date from = add_days(subtract_duration(x.as_of, x.settings.window, x.cfg.calendar), 1);
  if (*x.c.start > add_days(from, -1))
    return;
  const auto limit = x.settings.per_level.find(*x.c.level);
  if (limit == x.settings.per_level.end())
    return;
  const auto count = std::count_if(x.c.contacts.begin(), x.c.contacts.end(), [&](const Contact& k) {
    return k.reached() && k.date >= from && k.date <= x.as_of;
  });
  Obligation o;
  o.rule = std::string(x.info.id);
  o.severity = x.settings.severity;
  o.line = x.c.level_line;
  o.anchor = x.say("reached contacts {} to {}", from.iso(), x.as_of.iso());
  const bool ok = minimum ? count >= limit->second : count <= limit->second;
  o.state = ok ? State::met : State::missed;
  const auto counted = x.say(count == 1 ? "{} reached contact from {} to {}" : "{} reached contacts from {} to {}", count, from.iso(),
                                   x.as_of.iso());
  if (minimum)
    o.message = x.say("{}; level {} expects at least {}", counted, *x.c.level, limit->second);
  else if (ok)
    o.message = x.say("{}; level {} expects at most {}", counted, *x.c.level, limit->second);
  else
    o.message = x.say("{}, more than level {}'s {}; a change of level may be relevant", counted, *x.c.level,
                            limit->second);
  o.evidence = x.say("{} reached", count);
  x.out.push_back(std::move(o));
}

void level_frequency(Context& x) { level_rate(x, true); }
void level_above(Context& x) { level_rate(x, false); }

void status_before_meeting(Context& x) {
  for (const auto& m : x.c.meetings) {
    const Date due = subtract_duration(m.date, x.settings.period, x.cfg.calendar);
    const auto status = x.happened(m.status);
    x.settle(due, status, m.line,
             x.say("meeting {} − {}", m.date.iso(), x.span()),
             status ? x.say("status {} (line {})", status->iso(), m.line) : "");
  }
}

void preliminary_phase(Context& x) {
  if (!x.c.start)
    return;
  const Date due = x.due_after(*x.c.start, x.settings.period);
  const auto decided = x.happened(x.c.main_phase.value);
  x.settle(due, decided, x.c.start.line, x.say("start {} + {}", x.c.start->iso(), x.span()),
           decided ? at_line(x.lang(), "main_phase", *decided, x.c.main_phase.line) : "");
}

void closing_talk(Context& x) {
  if (!x.c.end)
    return;
  const Date due = *x.c.end;
  const auto talk = x.happened(x.c.closing_talk.value);
  const Date last = x.due_after(due, x.settings.grace);
  // rules.md: met by a closing talk on or before end + grace; one later than
  // that is late.
  std::optional<Date> met_on;
  if (talk)
    met_on = *talk <= last ? std::min(*talk, due) : *talk;
  x.settle(due, met_on, x.c.end.line, x.say("end {}", due.iso()),
           talk ? at_line(x.lang(), "closing_talk", *talk, x.c.closing_talk.line) : "");
}

void hearing(Context& x) {
  if (!x.c.end || std::find(x.settings.exempt.begin(), x.settings.exempt.end(), x.c.end_reason) !=
                      x.settings.exempt.end())
    return;
  const auto heard = x.happened(x.c.hearing.value);
  x.settle(*x.c.end, heard, x.c.end.line, x.say("end {}", x.c.end->iso()),
           heard ? at_line(x.lang(), "hearing", *heard, x.c.hearing.line) : "");
}

void report(Context& x) {
  if (!x.c.end)
    return;
  const Date due = x.due_after(*x.c.end, x.settings.period);
  const auto sent = x.happened(x.c.report.value);
  x.settle(due, sent, x.c.end.line, x.say("end {} + {}", x.c.end->iso(), x.span()),
           sent ? at_line(x.lang(), "report", *sent, x.c.report.line) : "");
}

using RuleFn = void (*)(Context&);
constexpr std::array<RuleFn, 17> functions{
    cap,          cap,           first_contact, monthly_followup, processing, first_followup,
    annual_review, non_response, level_frequency, level_above,    health_check, status_before_meeting,
    preliminary_phase, cap,     closing_talk,  hearing,          report};

} // namespace

std::span<const RuleInfo> rule_catalog() { return catalog; }

const RuleInfo* find_rule(std::string_view id) {
  const auto it = std::find_if(catalog.begin(), catalog.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == catalog.end() ? nullptr : &*it;
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

std::vector<Obligation> obligations_of(const Case& c, const Config& cfg, Date as_of) {
  std::vector<Obligation> out;
  if (c.paragraph.empty())
    return out;
  for (size_t i = 0; i < catalog.size(); ++i) {
    const auto& settings = cfg.rule(catalog[i].id);
    if (!settings.enabled || !settings.applies_to(c.paragraph))
      continue;
    Context x{c, cfg, settings, catalog[i], as_of, out};
    functions[i](x);
  }
  return out;
}

Finding finding_of(const Case& c, const Obligation& o, Lang lang) {
  Finding f;
  f.severity = o.severity;
  f.file = c.file;
  f.line = o.line;
  f.rule = o.rule;
  f.case_id = c.id;
  f.due = o.due;
  const auto* info = find_rule(o.rule);
  if (!o.message.empty())
    f.message = o.message;
  else
    f.message = trf(lang, "{} was due {} ({})", info ? tr(lang, info->noun) : o.rule, o.due ? o.due->iso() : "",
                    o.anchor);
  return f;
}

} // namespace mestring
