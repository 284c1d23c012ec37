// The rule catalog: one row per rule, in the order of the rule table, with
// its texts in both languages, its settings and its function. The deadline
// rules that take a few lines are defined here, next to their rows; the
// larger families (the recurring chains, non-response, the level rates)
// have their own files.
#include "engine.hpp"

#include <algorithm>
#include <array>

namespace mestring {

namespace {

using Kind = SettingSpec::Kind;

constexpr SettingSpec period_only[] = {{"period", Kind::span, &RuleSettings::period}};
constexpr SettingSpec non_response_settings[] = {{"period", Kind::span, &RuleSettings::period},
                                                 {"attempts", Kind::count, nullptr, &RuleSettings::attempts}};
constexpr SettingSpec minimum_settings[] = {{"window", Kind::span, &RuleSettings::window},
                                            {"minimum", Kind::per_level}};
constexpr SettingSpec maximum_settings[] = {{"window", Kind::span, &RuleSettings::window},
                                            {"maximum", Kind::per_level}};
constexpr SettingSpec grace_only[] = {{"grace", Kind::span, &RuleSettings::grace}};
constexpr SettingSpec exempt_only[] = {{"exempt", Kind::end_reasons}};

Evidence evidence_at(Term term, Date d, int line) { return {term, d, line}; }

// A course with a cap is met by its `end`, planned or past.
void cap(RuleContext &x) {
  if (!x.c.start)
    return;
  const Date due = x.due_after(*x.c.start, x.settings.period);
  const auto &end = x.c.end;
  std::optional<Date> met_on;
  if (end && (*end <= due || *end <= x.as_of))
    met_on = *end;
  x.settle(due, met_on, x.c.start.line, Anchor::plus(Term::start, *x.c.start),
           end ? std::optional{evidence_at(Term::end, *end, end.line)} : std::nullopt, false, false);
}

// 004: "senest 10 arbejdsdage" after the citizen plan.
void first_contact(RuleContext &x) {
  const auto plan = x.happened(x.c.plan.value);
  if (!plan)
    return;
  const auto hit = first_from(x.c.contacts, *plan, x.as_of);
  x.settle(x.due_after(*plan, x.settings.period), hit ? std::optional{hit->first} : std::nullopt, x.c.plan.line,
           Anchor::plus(Term::plan, *plan),
           hit ? std::optional{evidence_at(Term::contact, hit->first, hit->second)} : std::nullopt);
}

void processing(RuleContext &x) {
  if (!x.c.applied)
    return;
  const auto decided = x.happened(x.c.decided.value);
  x.settle(x.due_after(*x.c.applied, x.settings.period), decided, x.c.applied.line,
           Anchor::plus(Term::applied, *x.c.applied),
           decided ? std::optional{evidence_at(Term::decided, *decided, x.c.decided.line)} : std::nullopt);
}

// 004: "senest tre måneder efter iværksættelse".
void first_followup(RuleContext &x) {
  if (!x.c.start)
    return;
  const auto hit = first_from(x.c.followups, *x.c.start, x.as_of);
  x.settle(x.due_after(*x.c.start, x.settings.period), hit ? std::optional{hit->first} : std::nullopt, x.c.start.line,
           Anchor::plus(Term::start, *x.c.start),
           hit ? std::optional{evidence_at(Term::followup, hit->first, hit->second)} : std::nullopt);
}

void status_before_meeting(RuleContext &x) {
  for (const auto &m : x.c.meetings) {
    const Date due = subtract_duration(m.date, x.settings.period, x.cfg.calendar);
    const auto status = x.happened(m.status);
    x.settle(due, status, m.line, Anchor::minus(Term::meeting, m.date),
             status ? std::optional{evidence_at(Term::status, *status, m.line)} : std::nullopt);
  }
}

// 001: "Forforløbet varer ca. 4 uger".
void preliminary_phase(RuleContext &x) {
  if (!x.c.start)
    return;
  const auto decided = x.happened(x.c.main_phase.value);
  x.settle(x.due_after(*x.c.start, x.settings.period), decided, x.c.start.line, Anchor::plus(Term::start, *x.c.start),
           decided ? std::optional{evidence_at(Term::main_phase, *decided, x.c.main_phase.line)} : std::nullopt);
}

void closing_talk(RuleContext &x) {
  if (!x.c.end)
    return;
  const Date due = *x.c.end;
  const auto talk = x.happened(x.c.closing_talk.value);
  const Date last = x.due_after(due, x.settings.grace);
  // Met by a closing talk on or before end + grace; one later than that is late.
  std::optional<Date> met_on;
  if (talk)
    met_on = *talk <= last ? std::min(*talk, due) : *talk;
  x.settle(due, met_on, x.c.end.line, Anchor::at(Term::end, due),
           talk ? std::optional{evidence_at(Term::closing_talk, *talk, x.c.closing_talk.line)} : std::nullopt);
}

// 004: "partshørt i det påtænkte ophør", unless the end reason needs none.
void hearing(RuleContext &x) {
  if (!x.c.end || (x.c.end_reason && std::find(x.settings.exempt.begin(), x.settings.exempt.end(), *x.c.end_reason) !=
                                         x.settings.exempt.end()))
    return;
  const auto heard = x.happened(x.c.hearing.value);
  x.settle(*x.c.end, heard, x.c.end.line, Anchor::at(Term::end, *x.c.end),
           heard ? std::optional{evidence_at(Term::hearing, *heard, x.c.hearing.line)} : std::nullopt);
}

// 001: "forløbsbeskrivelse som dokumentation til JC".
void report(RuleContext &x) {
  if (!x.c.end)
    return;
  const auto sent = x.happened(x.c.report.value);
  x.settle(x.due_after(*x.c.end, x.settings.period), sent, x.c.end.line, Anchor::plus(Term::end, *x.c.end),
           sent ? std::optional{evidence_at(Term::report, *sent, x.c.report.line)} : std::nullopt);
}

const std::array<RuleSpec, 17> catalog{{
    {"cap-82b",
     {"end of the §82b course", "afslutning af §82b-forløbet"},
     {"end the §82b course", "afslut §82b-forløbet"},
     {"start + {period}", "start + {period}"},
     {"end on or before the due date", "ophør senest på fristen"},
     "§82b stk. 1: \"op til 6 måneder\"",
     false,
     false,
     period_only,
     cap},
    {"cap-82a",
     {"end of the §82a course", "afslutning af §82a-forløbet"},
     {"end the §82a course", "afslut §82a-forløbet"},
     {"start + {period}", "start + {period}"},
     {"end on or before the due date", "ophør senest på fristen"},
     "kvalitetsstandard: \"maksimalt varer seks måneder\"",
     false,
     false,
     period_only,
     cap},
    {"first-contact-82",
     {"first contact", "første kontakt"},
     {"make the first contact", "tag første kontakt"},
     {"plan + {period}", "borgerplan + {period}"},
     {"a contact (any outcome) dated from plan to the due date",
      "en kontakt (uanset udfald) fra borgerplanen til fristen"},
     "kvalitetsstandard: \"senest 10 arbejdsdage\"",
     false,
     false,
     period_only,
     first_contact},
    {"monthly-followup-82",
     {"monthly follow-up", "månedlig opfølgning"},
     {"follow up on the citizen plan", "følg op på borgerplanen"},
     {"(latest follow-up, else plan, else start) + {period}",
      "(seneste opfølgning, ellers borgerplan, ellers start) + {period}"},
     {"a later follow-up on or before the due date", "en senere opfølgning senest på fristen"},
     "kvalitetsstandard: \"månedlig opfølgning på borgerplanen\"",
     false,
     false,
     period_only,
     evaluate_monthly_followup},
    {"processing-85",
     {"decision", "afgørelse"},
     {"send the decision", "send afgørelsen"},
     {"applied + {period}", "ansøgt + {period}"},
     {"decided on or before the due date", "afgørelse senest på fristen"},
     "Byrådets sagsbehandlingsfrist: \"op til 8 uger\"",
     false,
     false,
     period_only,
     processing},
    {"first-followup-85",
     {"first follow-up", "første opfølgning"},
     {"hold the first follow-up", "hold første opfølgning"},
     {"start + {period}", "start + {period}"},
     {"a follow-up dated from start to the due date", "en opfølgning fra start til fristen"},
     "kvalitetsstandard: \"senest tre måneder efter iværksættelse\"",
     false,
     false,
     period_only,
     first_followup},
    {"annual-review-85",
     {"yearly §141 follow-up", "årlig opfølgning (§141)"},
     {"hold the yearly §141 follow-up", "hold den årlige opfølgning (§141)"},
     {"latest follow-up + {period}, once a follow-up exists",
      "seneste opfølgning + {period}, når der er en opfølgning"},
     {"a later follow-up on or before the due date", "en senere opfølgning senest på fristen"},
     "kvalitetsstandard, §141: \"mindst en gang årligt\"",
     false,
     false,
     period_only,
     evaluate_annual_review},
    {"non-response",
     {"informing the authority of the non-response", "orientering af Myndighed om manglende respons"},
     {"inform the authority (orientering af Myndighed)", "orienter Myndighed"},
     {"the earlier of the streak's unanswered attempt no. {attempts} and its first attempt + {period}",
      "det tidligste af rækkens forgæves kontaktforsøg nr. {attempts} og dens første forsøg + {period}"},
     {"an escalation dated from the streak's first attempt to the due date",
      "en orientering af Myndighed fra rækkens første forsøg til fristen"},
     "rollefordeling: \"4 kontakter eller max 1 måneds kontaktforsøg\"",
     false,
     false,
     non_response_settings,
     evaluate_non_response},
    {"level-frequency-85",
     {"", ""},
     {"reach the citizen as often as the level says", "hold kontakt så ofte som niveauet angiver"},
     {"reached contacts in the window ({window}) up to the as-of date, for cases started a window ago",
      "opnåede kontakter i perioden ({window}) frem til beregningsdatoen, for sager startet for mindst en periode "
      "siden"},
     {"count at least the level's minimum", "mindst niveauets mindsteantal"},
     "kvalitetsstandard: \"vejledende niveaudelinger\"",
     false,
     true,
     minimum_settings,
     evaluate_level_frequency},
    {"level-above-85",
     {"", ""},
     {"consider a change of level", "overvej en niveauændring"},
     {"reached contacts in the window ({window}) up to the as-of date",
      "opnåede kontakter i perioden ({window}) frem til beregningsdatoen"},
     {"count at most the level's maximum", "højst niveauets højeste antal"},
     "rollefordeling: \"niveauændring er relevant\"",
     false,
     true,
     maximum_settings,
     evaluate_level_above},
    {"health-check-85",
     {"yearly health check", "årligt helbredstjek"},
     {"offer the yearly health check", "tilbyd det årlige helbredstjek"},
     {"(latest health check, else start) + {period}", "(seneste helbredstjek, ellers start) + {period}"},
     {"a later health check on or before the due date", "et senere helbredstjek senest på fristen"},
     "kvalitetsstandard: \"ledsagelse til lægebesøg en gang årligt\"",
     false,
     false,
     period_only,
     evaluate_health_check},
    {"status-before-meeting",
     {"written status before the citizen plan meeting", "skriftlig status før borgerplansmødet"},
     {"write the status for the citizen plan meeting", "skriv status til borgerplansmødet"},
     {"meeting date − {period}", "mødedato − {period}"},
     {"the meeting's status dated on or before the due date", "mødets status dateret senest på fristen"},
     "rollefordeling: \"status forud for borgerplansmødet\"",
     false,
     false,
     period_only,
     status_before_meeting},
    {"preliminary-phase-mf",
     {"decision on the main phase", "beslutning om hovedforløb"},
     {"decide on the main phase", "beslut om hovedforløbet"},
     {"start + {period}", "start + {period}"},
     {"main_phase on or before the due date", "main_phase senest på fristen"},
     "mestringsforløb: \"Forforløbet varer ca. 4 uger\"",
     false,
     false,
     period_only,
     preliminary_phase},
    {"cap-mf",
     {"end of the course", "afslutning af forløbet"},
     {"end the course", "afslut forløbet"},
     {"start + {period}", "start + {period}"},
     {"end on or before the due date", "ophør senest på fristen"},
     "mestringsforløb: \"forventes at vare 4-6 måneder\"",
     false,
     false,
     period_only,
     cap},
    {"closing-talk-82",
     {"closing conversation", "afsluttende samtale"},
     {"hold the closing conversation", "hold den afsluttende samtale"},
     {"end", "ophør"},
     {"closing_talk set, on or before end + {grace}", "closing_talk udfyldt, senest ophør + {grace}"},
     "kvalitetsstandard: \"afsluttende samtale\"",
     true,
     false,
     grace_only,
     closing_talk},
    {"hearing-85",
     {"consultation before ending support (partshøring)", "partshøring før ophør"},
     {"consult the citizen before ending support (partshøring)", "partshør borgeren før ophør"},
     {"end, unless end_reason is exempt", "ophør, medmindre end_reason er undtaget"},
     {"hearing on or before end", "hearing senest ved ophør"},
     "kvalitetsstandard: \"partshørt i det påtænkte ophør\"",
     true,
     false,
     exempt_only,
     hearing},
    {"report-mf",
     {"course description to the job centre", "forløbsbeskrivelse til jobcentret"},
     {"send the course description to the job centre", "send forløbsbeskrivelsen til jobcentret"},
     {"end + {period}", "ophør + {period}"},
     {"report on or before the due date", "report senest på fristen"},
     "mestringsforløb: \"forløbsbeskrivelse som dokumentation til JC\"",
     true,
     false,
     period_only,
     report},
}};

} // namespace

std::span<const RuleSpec> rule_catalog() { return catalog; }

} // namespace mestring
