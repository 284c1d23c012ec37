#pragma once
// The rule catalog and the one engine that turns a case into obligations:
// something that must happen by a due date, and whether it did. `check`,
// `due`, `show` and `stats` only filter and count this list.
//
// A rule is one row of the catalog (src/core/rules/catalog.cpp): its id, its
// texts in English and Danish, the settings it reads with their units, and
// the function that computes its obligations. Config validates `rules:`
// from these rows, so a new rule touches the catalog, the embedded default
// config and its tests, nothing else.
//
// Obligations carry data, not text: what the due date counts from (Anchor)
// and what met it (Evidence) are dates, line numbers and words from a fixed
// set, formatted only for what is printed (anchor_text, evidence_text, …).

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct RuleContext; // the evaluation of one rule on one case (src/core/rules/engine.hpp)

// A setting a rule reads from config `rules.<id>`, besides enabled,
// severity and programmes, which every rule has.
struct SettingSpec {
  enum class Kind : uint8_t { span, count, per_level, end_reasons };
  std::string_view key; // as mestring.yaml writes it: "period"
  Kind kind;
  Duration RuleSettings::*span = nullptr; // Kind::span
  int RuleSettings::*count = nullptr;     // Kind::count
};

struct RuleSpec {
  std::string_view id;
  Text noun;               // what was due, as a finding says it: "first follow-up"
  Text title;              // what to do, as an agenda line says it: "hold the first follow-up"
  Text formula;            // how the due date is computed, with {period}, {window}, {attempts} from the config
  Text met_by;             // what meets it, likewise
  std::string_view source; // the Danish sentence it rests on
  Role role = Role::coach; // who must act: the case's advisor (authority) or coach; config may change it
  bool closing = false;    // still checked once the case has ended
  bool rate = false;       // a rate over a window, with no due date (the level rules)
  bool refusal = false;    // also for a refused application (processing-85 only)
  std::span<const SettingSpec> settings;
  void (*evaluate)(RuleContext &) = nullptr;
};

// Returns the catalog in the order of the rule table.
std::span<const RuleSpec> rule_catalog();
const RuleSpec *find_rule(std::string_view id);
// The rule ids, then the data-check ids: everything `check --rule` takes.
std::vector<std::string_view> finding_ids();

enum class State : uint8_t { met, met_late, open, missed };
std::string_view to_string(State s);
// "met", "met late", … in `lang`.
std::string_view state_name(State s, Lang lang);

// The words an anchor or evidence names, each with its English and Danish text.
enum class Term : uint8_t {
  start,
  plan,
  applied,
  decided,
  end,
  followup,
  health_check,
  contact,
  escalation,
  main_phase,
  closing_talk,
  hearing,
  report,
  status,
  first_attempt,
  meeting,
  significant_change
};

// What a due date counts from.
struct Anchor {
  enum class Op : uint8_t {
    plus,  // "start 2025-02-17 + 3 months" (the rule's period)
    minus, // "meeting 2025-12-01 − 1 day"
    none,  // "end 2025-10-31"
    nth,   // "unanswered attempt no. 4 on 2025-03-10"
    range  // "reached contacts 2025-10-30 to 2025-11-26"
  };
  Term term = Term::start;
  Op op = Op::none;
  Date date;
  Date to;   // range: the window's end
  int n = 0; // nth: which attempt

  static Anchor plus(Term t, Date d) { return make(t, Op::plus, d); }
  static Anchor minus(Term t, Date d) { return make(t, Op::minus, d); }
  static Anchor at(Term t, Date d) { return make(t, Op::none, d); }
  static Anchor nth(int n, Date d) {
    auto a = make(Term::first_attempt, Op::nth, d);
    a.n = n;
    return a;
  }
  static Anchor range(Date from, Date to) {
    auto a = make(Term::start, Op::range, from);
    a.to = to;
    return a;
  }

private:
  static Anchor make(Term t, Op op, Date d) {
    Anchor a;
    a.term = t;
    a.op = op;
    a.date = d;
    return a;
  }
};

// What met an obligation: an event or a field, with its line.
struct Evidence {
  Term term = Term::start;
  Date date;
  int line = 0;
};

// A rate's count: reached contacts in the window against the level's limit.
struct Count {
  int reached = 0;
  int level = 0;
  int limit = 0;
  bool at_least = true; // the limit is a minimum (else a maximum)
};

struct Obligation {
  const RuleSpec *rule = nullptr;
  State state = State::open;
  Severity severity = Severity::error;
  Role role = Role::coach; // who must act (the config's role for the rule)
  // The case's exemption (an index into Case::exemptions) that sets this
  // missed or open obligation aside on the as-of date; -1 when none does.
  int exemption = -1;
  // False for history (an earlier non-response streak) and for the
  // non-closing rules of a closed case: check and due leave those out;
  // show and stats keep them.
  bool reportable = true;
  std::optional<Date> due; // none for the rates
  int line = 0;            // the line of the field or event the due date comes from
  Anchor anchor;
  std::optional<Evidence> evidence;
  std::optional<Count> count; // rates only

  std::string_view id() const { return rule->id; }
  bool exempted() const { return exemption >= 0; }
};

// Computes every obligation of one case at `as_of`, in catalog order.
// Events dated after `as_of` count as not yet happened; a planned `end` and
// future meetings count.
std::vector<Obligation> obligations_of(const Case &c, const Config &cfg, Date as_of);
// The same into `out` (emptied first), reusing its memory: a run over many
// cases that passes the same vector allocates nothing per case.
void obligations_of(const Case &c, const Config &cfg, Date as_of, std::vector<Obligation> &out);

// The texts of an obligation, in `lang`, with the config's spans.
std::string anchor_text(const Obligation &o, const Config &cfg, Lang lang);
std::string evidence_text(const Obligation &o, Lang lang); // "" when nothing met it
std::string rate_message(const Obligation &o, Lang lang);  // "" unless a rate
// The finding `check` prints for a missed obligation of the case in `file`.
Finding finding_of(const std::string &file, const std::string &case_id, const Obligation &o, const Config &cfg,
                   Lang lang);

} // namespace mestring
