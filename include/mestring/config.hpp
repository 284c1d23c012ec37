#pragma once
// The repository config, `mestring.yaml`. The built-in defaults are one
// embedded YAML document in the same format (`mestring config --defaults`);
// a repository's file overrides any of its keys.

#include <mestring/calendar.hpp>
#include <mestring/csv.hpp>
#include <mestring/finding.hpp>
#include <mestring/prescan.hpp>
#include <mestring/schema.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct RuleSpec;

// One rule's settings (`rules.<id>` in mestring.yaml). Which of the spans
// and numbers a rule reads is said by its catalog row (RuleSpec::settings).
struct RuleSettings {
  bool enabled = true;
  Severity severity = Severity::error;
  Role role = Role::coach; // who must act; the catalog row's unless the config says otherwise
  std::vector<std::string> programmes;
  Duration period;               // the rule's main span (cap, deadline, interval)
  Duration window;               // level rules: the counting window
  int attempts = 0;              // non-response: unanswered attempts
  std::map<int, int> per_level;  // level rules: minimum or maximum per level
  std::vector<EndReason> exempt; // hearing-85: end reasons that need no hearing

  bool applies_to(const std::string &paragraph) const;
};

struct Config {
  std::string file;              // where it was read from; "" for the defaults only
  std::string cases = ".";       // relative to the config file's folder
  std::string language = "auto"; // en, da, or auto (from LANG); resolved by the command line
  Lang lang() const { return language == "da" ? Lang::da : Lang::en; }
  std::vector<std::string> programmes;
  Calendar calendar;
  bool move_off_weekends = false;
  int cancelled_days = 60; // calendar.cancelled_days: `due --format ics` cancels what was met this recently
  bool show_cpr = false;
  bool ids_only = false;           // privacy.names: ids-only
  InputLimits limits;              // limits: checked before a case file is parsed
  Duration exemption_max_length;   // exemptions.max_length: the longest an exemption may run
  CsvStyle csv;                    // csv: the delimiter and byte-order mark of every CSV written
  std::vector<RuleSettings> rules; // in the order of rule_catalog()

  const RuleSettings &rule(const RuleSpec &spec) const;
  // The settings of the rule `id`; throws std::logic_error for an id that is not in the catalog.
  const RuleSettings &rule(std::string_view id) const;
};

// The embedded defaults, exactly as `mestring config --defaults` prints them.
std::string_view default_config_text();

// Reads the defaults, then overlays `text` (a repository's mestring.yaml, may
// be empty). Unknown keys, ill-typed values and syntax errors become error
// findings naming `file` and the line; the caller exits 2 when there are any.
Config load_config(std::string_view text, const std::string &file, std::vector<Finding> &errors);
// The built-in defaults alone, loaded once (for tests and fuzz targets).
const Config &builtin_config();

// Prints the effective config in the format load_config reads.
std::string format_config(const Config &cfg);

} // namespace mestring
