// The rule catalog: one row per rule, in the order of the rule table, with
// its texts in both languages, who must act on it, its settings and its
// function. The deadline rules that take a few lines are defined here, next
// to their rows; the larger families (the recurring chains, non-response,
// the level rates) have their own files.
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
constexpr SettingSpec exempt_only[] = {{"exempt", Kind::end_reasons}};

std::optional<Evidence> evidence_at(Term term, std::optional<Date> d, int line) {
  return d ? std::optional{Evidence{term, *d, line}} : std::nullopt;
}

// Settles an obligation met once the date field `by` (named `term`) has happened.
void settle_by(RuleContext &x, Date due, int line, Anchor anchor, Term term, const DateField &by) {
  const auto on = x.happened(by.value);
  x.settle(due, on, line, anchor, evidence_at(term, on, by.line));
}

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
           evidence_at(Term::end, end.value, end.line), false, false);
}

// A first contact (any outcome) within a span of `from`: of the plan for the
// courses, of the grant for §85.
void first_contact_after(RuleContext &x, Date from, Term term, int line) {
  const auto hit = first_from(x.c.contacts, from, x.as_of);
  x.settle(x.due_after(from, x.settings.period), hit ? std::optional{hit->first} : std::nullopt, line,
           Anchor::plus(term, from), hit ? evidence_at(Term::contact, hit->first, hit->second) : std::nullopt);
}

// 004: "senest 10 arbejdsdage" after the citizen plan.
void first_contact(RuleContext &x) {
  if (const auto plan = x.happened(x.c.plan.value))
    first_contact_after(x, *plan, Term::plan, x.c.plan.line);
}

// 000: "vil du blive kontaktet af en mestringsvejleder" after a grant.
void first_contact_85(RuleContext &x) {
  if (const auto decided = x.happened(x.c.decided.value); decided && x.c.decision != Decision::refused)
    first_contact_after(x, *decided, Term::decided, x.c.decided.line);
}

// The decision on an application, met by `decided` whether it grants or refuses.
void processing(RuleContext &x) {
  if (!x.c.applied)
    return;
  settle_by(x, x.due_after(*x.c.applied, x.settings.period), x.c.applied.line,
            Anchor::plus(Term::applied, *x.c.applied), Term::decided, x.c.decided);
}

// 004: "senest tre måneder efter iværksættelse".
void first_followup(RuleContext &x) {
  if (!x.c.start)
    return;
  const auto hit = first_from(x.c.followups, *x.c.start, x.as_of);
  x.settle(x.due_after(*x.c.start, x.settings.period), hit ? std::optional{hit->first} : std::nullopt, x.c.start.line,
           Anchor::plus(Term::start, *x.c.start),
           hit ? evidence_at(Term::followup, hit->first, hit->second) : std::nullopt);
}

// 003: "status forud for borgerplansmødet": due the last working day before
// the meeting (a working-day period subtracted).
void status_before_meeting(RuleContext &x) {
  for (const auto &m : x.c.meetings) {
    const auto status = x.happened(m.status);
    x.settle(x.due_before(m.date, x.settings.period), status, m.line, Anchor::minus(Term::meeting, m.date),
             evidence_at(Term::status, status, m.line));
  }
}

// 001: "Forforløbet varer ca. 4 uger".
void preliminary_phase(RuleContext &x) {
  if (!x.c.start)
    return;
  settle_by(x, x.due_after(*x.c.start, x.settings.period), x.c.start.line, Anchor::plus(Term::start, *x.c.start),
            Term::main_phase, x.c.main_phase);
}

// 004: "afsluttende samtale", due within 14 days of the end.
void closing_talk(RuleContext &x) {
  if (!x.c.end)
    return;
  settle_by(x, x.due_after(*x.c.end, x.settings.period), x.c.end.line, Anchor::plus(Term::end, *x.c.end),
            Term::closing_talk, x.c.closing_talk);
}

// 004: "partshørt i det påtænkte ophør", unless the end reason needs none.
void hearing(RuleContext &x) {
  if (!x.c.end || (x.c.end_reason && std::find(x.settings.exempt.begin(), x.settings.exempt.end(), *x.c.end_reason) !=
                                         x.settings.exempt.end()))
    return;
  settle_by(x, *x.c.end, x.c.end.line, Anchor::at(Term::end, *x.c.end), Term::hearing, x.c.hearing);
}

// 001: "forløbsbeskrivelse som dokumentation til JC".
void report(RuleContext &x) {
  if (!x.c.end)
    return;
  settle_by(x, x.due_after(*x.c.end, x.settings.period), x.c.end.line, Anchor::plus(Term::end, *x.c.end), Term::report,
            x.c.report);
}

// The rows. Fields in order: id, noun, title, formula, met by, source, role,
// closing, rate, refusal, settings, function.
const std::array<RuleSpec, 19> catalog{{
    {"cap-82b",
     {"end of the §82b course", "afslutning af §82b-forløbet"},
     {"end the §82b course", "afslut §82b-forløbet"},
     {"start + {period}", "start + {period}"},
     {"end on or before the due date", "ophør senest på fristen"},
     "§82b stk. 1: \"op til 6 måneder\"",
     Role::authority,
     false,
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
     Role::authority,
     false,
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
     Role::coach,
     false,
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
     Role::coach,
     false,
     false,
     false,
     period_only,
     evaluate_monthly_followup},
    {"processing-85",
     {"decision", "afgørelse"},
     {"send the decision", "send afgørelsen"},
     {"applied + {period}", "ansøgt + {period}"},
     {"decided (a grant or a refusal) on or before the due date",
      "afgørelse (bevilling eller afslag) senest på fristen"},
     "Byrådets sagsbehandlingsfrist: \"op til 8 uger\"",
     Role::authority,
     false,
     false,
     true,
     period_only,
     processing},
    {"first-followup-85",
     {"first follow-up", "første opfølgning"},
     {"hold the first follow-up", "hold første opfølgning"},
     {"start + {period}", "start + {period}"},
     {"a follow-up dated from start to the due date", "en opfølgning fra start til fristen"},
     "kvalitetsstandard: \"senest tre måneder efter iværksættelse\"",
     Role::authority,
     false,
     false,
     false,
     period_only,
     first_followup},
    {"annual-review-85",
     {"yearly §141 follow-up", "årlig §141-opfølgning"},
     {"hold the yearly §141 follow-up", "hold den årlige §141-opfølgning"},
     {"latest follow-up + {period}, once a follow-up exists",
      "seneste opfølgning + {period}, når der er en opfølgning"},
     {"a later follow-up on or before the due date", "en senere opfølgning senest på fristen"},
     "kvalitetsstandard, §141: \"mindst en gang årligt\"",
     Role::authority,
     false,
     false,
     false,
     period_only,
     evaluate_annual_review},
    {"non-response",
     {"informing the authority of the non-response", "orientering af Myndighed om manglende respons"},
     {"inform the authority (orientering af Myndighed)", "orienter Myndighed"},
     {"the earlier of the streak's unanswered attempt no. {attempts} and its first attempt + {period}; none when "
      "the citizen answered by then",
      "det tidligste af: {attempts} forgæves kontaktforsøg i træk, eller det første forsøg + {period}; ingen frist, "
      "hvis borgeren svarede inden da"},
     {"an escalation (non-response or other) dated from the streak's first attempt to the due date",
      "en orientering af Myndighed (manglende respons eller andet) fra det første forsøg til fristen"},
     "rollefordeling: \"4 kontakter eller max 1 måneds kontaktforsøg\"",
     Role::coach,
     false,
     false,
     false,
     non_response_settings,
     evaluate_non_response},
    {"level-frequency-85",
     {"", ""},
     {"reach the citizen as often as the level says", "hold kontakt så ofte som niveauet angiver"},
     {"reached contacts in the window ({window}) up to the as-of date, for cases started a window ago and with "
      "the level in force that long",
      "kontakter, hvor borgeren blev truffet, i perioden ({window}) frem til beregningsdatoen, for sager startet "
      "for mindst en periode siden og med det gældende niveau i mindst lige så lang tid"},
     {"count at least the level's minimum", "mindst niveauets mindsteantal"},
     "kvalitetsstandard: \"vejledende niveaudelinger\"",
     Role::coach,
     false,
     true,
     false,
     minimum_settings,
     evaluate_level_frequency},
    {"level-above-85",
     {"", ""},
     {"consider a change of level", "overvej en niveauændring"},
     {"reached contacts in the window ({window}) up to the as-of date, from the latest change of level",
      "kontakter, hvor borgeren blev truffet, i perioden ({window}) frem til beregningsdatoen, fra seneste "
      "niveauændring"},
     {"count at most the level's maximum", "højst niveauets højeste antal"},
     "rollefordeling: \"niveauændring er relevant\"",
     Role::coach,
     false,
     true,
     false,
     maximum_settings,
     evaluate_level_above},
    {"health-check-85",
     {"yearly health check", "årligt helbredstjek"},
     {"offer the yearly health check", "tilbyd det årlige helbredstjek"},
     {"(latest health check, else start) + {period}", "(seneste helbredstjek, ellers start) + {period}"},
     {"a later health check on or before the due date", "et senere helbredstjek senest på fristen"},
     "kvalitetsstandard: \"ledsagelse til lægebesøg en gang årligt\"",
     Role::coach,
     false,
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
     Role::coach,
     false,
     false,
     false,
     period_only,
     status_before_meeting},
    {"preliminary-phase-mf",
     {"decision on the main phase", "beslutning om hovedforløbet"},
     {"decide on the main phase", "beslut, om hovedforløbet skal iværksættes"},
     {"start + {period}", "start + {period}"},
     {"main_phase on or before the due date", "main_phase senest på fristen"},
     "mestringsforløb: \"Forforløbet varer ca. 4 uger\"",
     Role::coach,
     false,
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
     Role::coach,
     false,
     false,
     false,
     period_only,
     cap},
    {"closing-talk-82",
     {"closing conversation", "afsluttende samtale"},
     {"hold the closing conversation", "hold den afsluttende samtale"},
     {"end + {period}", "ophør + {period}"},
     {"closing_talk on or before the due date", "closing_talk senest på fristen"},
     "kvalitetsstandard: \"afsluttende samtale\"",
     Role::coach,
     true,
     false,
     false,
     period_only,
     closing_talk},
    {"hearing-85",
     {"consultation before ending support (partshøring)", "partshøring før ophør"},
     {"consult the citizen before ending support (partshøring)", "partshør borgeren før ophør"},
     {"end, unless end_reason is exempt", "ophør, medmindre end_reason er undtaget"},
     {"hearing on or before end", "hearing senest ved ophør"},
     "kvalitetsstandard: \"partshørt i det påtænkte ophør\"",
     Role::authority,
     true,
     false,
     false,
     exempt_only,
     hearing},
    {"report-mf",
     {"course description to the job centre", "forløbsbeskrivelse til jobcentret"},
     {"send the course description to the job centre", "send forløbsbeskrivelsen til jobcentret"},
     {"end + {period}", "ophør + {period}"},
     {"report on or before the due date", "report senest på fristen"},
     "mestringsforløb: \"forløbsbeskrivelse som dokumentation til JC\"",
     Role::coach,
     true,
     false,
     false,
     period_only,
     report},
    {"first-contact-85",
     {"first contact after the grant", "første kontakt efter bevillingen"},
     {"make the first contact with the citizen", "tag første kontakt til borgeren"},
     {"decided + {period}, when the decision is a grant", "afgørelse + {period}, når afgørelsen er en bevilling"},
     {"a contact (any outcome) dated from decided to the due date",
      "en kontakt (uanset udfald) fra afgørelsen til fristen"},
     "seed 000: \"vil du blive kontaktet af en mestringsvejleder\"; seed 002: \"mentorer … tage kontakt\"",
     Role::coach,
     false,
     false,
     false,
     period_only,
     first_contact_85},
    {"followup-after-change",
     {"follow-up after a significant change", "opfølgning efter en væsentlig ændring"},
     {"follow up after the significant change the coach reported",
      "følg op på den væsentlige ændring, mestringsvejlederen har meldt"},
     {"escalation (significant-change) + {period}", "orientering (væsentlig ændring) + {period}"},
     {"a follow-up dated from the escalation to the due date", "en opfølgning fra orienteringen til fristen"},
     "kvalitetsstandard: \"pligt til at kontakte din sagsbehandler med henblik på opfølgning\"",
     Role::authority,
     false,
     false,
     false,
     period_only,
     evaluate_followup_after_change},
}};

} // namespace

std::span<const RuleSpec> rule_catalog() { return catalog; }

} // namespace mestring
