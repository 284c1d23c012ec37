#pragma once
// The record of one citizen's course, as read from one case file (its
// format: man 5 mestring). Every value remembers its line, so that a finding
// can point at it. The words of the file (keys, choices) are in schema.hpp;
// here they are typed values.

#include <mestring/date.hpp>
#include <mestring/i18n.hpp>
#include <mestring/schema.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mestring {

struct DateField {
  std::optional<Date> value;
  int line = 0;
  explicit operator bool() const { return value.has_value(); }
  Date operator*() const { return *value; }
  const Date *operator->() const { return &*value; }
};

struct Contact { // kontakt eller kontaktforsøg
  Date date;
  int line = 0;
  Outcome outcome = Outcome::reached;
  std::optional<Mode> mode;
  std::string note;
  bool reached() const { return outcome == Outcome::reached; }
};

struct Followup { // opfølgning
  Date date;
  int line = 0;
  std::optional<FollowupKind> kind;
  std::string note;
};

struct Escalation { // orientering af Myndighed
  Date date;
  int line = 0;
  Reason reason = Reason::other;
  std::string note;
};

struct HealthCheck { // helbredstjek
  Date date;
  int line = 0;
};

struct Meeting { // borgerplansmøde
  Date date;
  int line = 0;
  std::optional<Date> status; // the coach's written status
};

struct LevelChange { // niveauændring
  Date date;
  int line = 0;
  int level = 0;
  std::string note;
};

// A rule set aside for a while, with a reason outside the coach's control
// (the citizen is in hospital): while the as-of date is within [from,
// until], that rule's missed and open obligations are exempted. Only
// exemptions that pass the `exemption` data check are kept.
struct Exemption { // fritagelse
  std::string rule;
  Date from, until;
  std::string reason;
  std::string by;
  int line = 0;
  bool covers(Date as_of) const { return from <= as_of && as_of <= until; }
};

struct Case {
  std::string file; // path as the user sees it
  std::string id;
  int id_line = 0;
  std::string paragraph;
  int paragraph_line = 0;
  std::string name;
  std::string cpr;
  int cpr_line = 0;
  std::string advisor;
  std::string coach;
  std::optional<int> level; // granted at the start; level_changes hold later ones
  int level_line = 0;
  std::vector<LevelChange> level_changes;
  DateField applied, decided, start, plan, main_phase, end, closing_talk, hearing, report;
  std::optional<Decision> decision; // absent: granted once decided is set
  int decision_line = 0;
  std::optional<EndReason> end_reason;
  std::vector<Followup> followups;
  std::vector<Contact> contacts;
  std::vector<Escalation> escalations;
  std::vector<HealthCheck> health_checks;
  std::vector<Meeting> meetings;
  std::vector<Exemption> exemptions;
  std::string notes;

  // A case is closed once its `end` has come; a planned end keeps it active.
  bool closed(Date as_of) const { return end && *end <= as_of; }
  // Whether the application was refused by the as-of date: a refused case
  // is over at `decided`.
  bool refused(Date as_of) const { return decision == Decision::refused && decided && *decided <= as_of; }
};

// The support level in force on `d`: the latest level change dated on or
// before it, else `level`; with the line it stands on.
struct LevelInForce {
  std::optional<int> level;
  int line = 0;
  std::optional<Date> since; // the change's date; none for the level granted at the start
};
LevelInForce level_on(const Case &c, Date d);

// Where a case stands on a date; the one definition every view uses.
enum class Status : uint8_t {
  pending, // applied for (or nothing yet), no decision
  refused, // the application was refused
  granted, // support granted, not started yet
  active,  // started, not ended
  closed   // ended on or before the date
};

// Returns the case's status on `as_of`, the first that holds: closed once
// `end` has come, refused once a refusal is decided, active once `start`
// has come, granted when it starts later or is decided and not refused,
// pending otherwise.
Status status_of(const Case &c, Date as_of);
// "active", "pending", … as JSON and CSV write it.
std::string_view id_of(Status s);

// Returns the CPR number as `DDMMYY-xxxx`, the form every output uses unless
// the user asks for the full number.
std::string mask_cpr(const std::string &cpr);

// Returns the programme as people write it: "§85", "§82b", "mestringsforløb".
std::string programme_label(const std::string &paragraph);

} // namespace mestring
