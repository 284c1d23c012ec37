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
  std::optional<int> level;
  int level_line = 0;
  DateField applied, decided, start, plan, main_phase, end, closing_talk, hearing, report;
  std::optional<EndReason> end_reason;
  std::vector<Followup> followups;
  std::vector<Contact> contacts;
  std::vector<Escalation> escalations;
  std::vector<HealthCheck> health_checks;
  std::vector<Meeting> meetings;
  std::string notes;

  // A case is closed once its `end` has come; a planned end keeps it active.
  bool closed(Date as_of) const { return end && *end <= as_of; }
};

// Where a case stands on a date; the one definition every view uses.
enum class Status : uint8_t {
  pending, // applied for (or nothing yet), no decision
  granted, // support granted, not started yet
  active,  // started, not ended
  closed   // ended on or before the date
};

// Returns the case's status on `as_of`: closed once `end` has come, active
// once `start` has, granted when it starts later, pending otherwise.
Status status_of(const Case &c, Date as_of);
// "active", "pending", … as JSON and CSV write it.
std::string_view id_of(Status s);

// Returns the CPR number as `DDMMYY-xxxx`, the form every output uses unless
// the user asks for the full number.
std::string mask_cpr(const std::string &cpr);

// Returns the programme as people write it: "§85", "§82b", "mestringsforløb".
std::string programme_label(const std::string &paragraph);

} // namespace mestring
