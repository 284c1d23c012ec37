#pragma once
// The record of one citizen's course, as read from one case file
// (shared/spec/case-format.md). Every value remembers its line, so that a
// finding can point at it.

#include <mestring/date.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mestring {

struct DateField {
  std::optional<Date> value;
  int line = 0;
  explicit operator bool() const { return value.has_value(); }
  Date operator*() const { return *value; }
  const Date* operator->() const { return &*value; }
};

struct Contact { // kontakt eller kontaktforsøg
  Date date;
  std::string outcome; // reached, no-answer, cancelled
  std::string mode;
  std::string note;
  int line = 0;
  bool reached() const { return outcome == "reached"; }
};

struct Followup { // opfølgning
  Date date;
  std::string kind; // first, annual, monthly, extra
  std::string note;
  int line = 0;
};

struct Escalation { // orientering af Myndighed
  Date date;
  std::string reason;
  std::string note;
  int line = 0;
};

struct HealthCheck { // helbredstjek
  Date date;
  int line = 0;
};

struct Meeting { // borgerplansmøde
  Date date;
  std::optional<Date> status; // the coach's written status
  int line = 0;
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
  std::string end_reason;
  std::vector<Followup> followups;
  std::vector<Contact> contacts;
  std::vector<Escalation> escalations;
  std::vector<HealthCheck> health_checks;
  std::vector<Meeting> meetings;
  std::string notes;

  // A case is closed once its `end` has come; a planned end keeps it active.
  bool closed(Date as_of) const { return end && *end <= as_of; }
};

// Returns the CPR number as `DDMMYY-xxxx`, the form every output uses unless
// the user asks for the full number.
std::string mask_cpr(const std::string& cpr);

// Returns the programme as people write it: "§85", "§82b", "mestringsforløb".
std::string programme_label(const std::string& paragraph);

} // namespace mestring
