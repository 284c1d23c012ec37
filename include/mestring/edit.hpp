#pragma once
// Changing a case file the way a careful person would: only the lines that
// must change, every other byte kept (comments, key order, quoting, blank
// lines, CRLF). Every command that writes a case goes through here.

#include <mestring/case.hpp>
#include <mestring/case_file.hpp>
#include <mestring/config.hpp>
#include <mestring/expected.hpp>
#include <mestring/repository.hpp>

#include <functional>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// One change to a case file: set a top-level field, or append one item to a
// top-level list (creating the list where it is missing). `value` is the YAML
// text of the value or item: `2025-03-01`, `{date: 2025-03-01, outcome: reached}`.
struct Change {
  enum class Kind { set, append };
  Kind kind = Kind::set;
  std::string key;
  std::string value;
};

// Applies the changes to a case file's text, finding places with yaml-cpp's
// marks. Fails, naming the key, when the file's layout leaves no safe place
// (a list written over several lines in flow style, say).
Expected<std::string> apply_changes(std::string_view text, const std::vector<Change> &changes);

// Returns true when two records hold the same data, line numbers aside.
bool same_record(const Case &a, const Case &b);

// One dated event for one of the case's lists: the list (Key::contacts,
// followups, escalations, health_checks, meetings) and the item's values;
// the values another list holds are ignored.
struct Event {
  Key list = Key::contacts;
  Date date;                          // exemptions: from
  Outcome outcome = Outcome::reached; // contacts
  std::optional<Mode> mode;           // contacts
  std::optional<FollowupKind> kind;   // followups
  Reason reason = Reason::other;      // escalations
  std::optional<Date> status;         // meetings
  std::string note;                   // contacts, followups, escalations, level_changes
  int level = 0;                      // level_changes
  std::string rule;                   // exemptions: the rule set aside
  Date until;                         // exemptions
  std::string why;                    // exemptions: the reason
  std::string by;                     // exemptions: who decided it
};

// Adds the event to the record and returns the change that writes it: one
// line in flow style, its keys in the vocabulary's order (`add`, import).
Change add_event(Case &c, const Event &e);
// How many times the record holds the event: import counts a sheet's rows
// against it, so that a row imported before is recognised and two identical
// attempts on one day stay two attempts.
size_t count_event(const Case &c, const Event &e);

// A new case file made from a record: the canonical text, and the record it
// reads back as, or the errors `check` would report on it.
struct MadeCase {
  std::string text;
  LoadedCase loaded;
  std::vector<Finding> errors; // error findings of the new text; empty when it may be written
};
MadeCase make_case(const Case &c, const std::string &path, const Config &cfg, Date as_of);

// Returns `s` as a YAML scalar: plain when that reads back as the same string,
// double-quoted (with escapes) otherwise. Strings of digits are always quoted.
std::string yaml_scalar(std::string_view s);

// The canonical text of a new case file: the field order of case-format.md,
// events in flow style one per line.
std::string new_case_text(const Case &c);

// Edits the file at `path` in the repository whose lock the caller holds:
// applies the changes, re-reads the new text and checks it loads to exactly
// `intended`, then writes it through a transaction (transaction.hpp) named
// `command`, so that a kill at any moment leaves the old file or the new one. On any
// failure the file is untouched and the error says why.
Expected<std::string> edit_case_file(const RepositoryLock &lock, std::string_view command, const std::string &path,
                                     const std::vector<Change> &changes, const Case &intended, const Config &cfg,
                                     Date as_of);

// A planned change of one file: created, or replaced from `before` to `after`.
struct FileChange {
  std::string path;
  bool created = false;
  std::string before; // empty for a new file
  std::string after;
};

// Returns `change.after` with `change.before` and the text of edits applied
// to it proved: it reads back as exactly `intended`. Fails naming the file.
Expected<FileChange> plan_edit(const std::string &path, std::string before, const std::vector<Change> &changes,
                               const Case &intended, const Config &cfg, Date as_of);

// Writes every change or none, as one transaction (transaction.hpp) in the
// repository whose lock the caller holds, named `command` in its journal:
// each replaced file must still hold `before` (someone may have edited it by
// hand meanwhile), every file is staged (written and synced beside its
// target; a full disk fails here), then all are renamed into place, and
// `written(i)` is called for each. A kill at any moment leaves every file
// as before or, once the transaction committed, as after the next command's
// recovery. Fails with the index of the change that failed.
struct WriteFailure {
  size_t index = 0;
  bool changed_meanwhile = false; // `message` is then the file's path
  std::string message;
};
std::optional<WriteFailure> write_all(const RepositoryLock &lock, std::string_view command,
                                      const std::vector<FileChange> &changes,
                                      const std::function<void(size_t)> &written = {});

} // namespace mestring
