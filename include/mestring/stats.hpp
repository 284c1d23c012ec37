#pragma once
// `stats`: what a department head reports upward. The caseload on the as-of
// date, and per rule how the obligations due in a period were met: on time,
// late, missed or still open. History counts here (earlier non-response
// streaks, the recurring rules' past, closed cases): that is its purpose.

#include <mestring/agenda.hpp>
#include <mestring/assess.hpp>
#include <mestring/config.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mestring {

struct StatsFilter {
  std::string coach;     // empty: any; matches ignoring case
  std::string paragraph; // empty: any; "82a", "82b", "85", "mestringsforloeb"
};

struct Caseload {
  long active = 0;                             // status_of: active
  long pending = 0;                            // status_of: pending
  std::map<std::string, long> by_coach;        // active cases; "(no coach)" for none
  std::map<std::string, long> by_programme;    // active cases, by paragraph code
  std::map<std::optional<int>, long> by_level; // active §85 cases; nullopt: no level
};

struct RuleCompliance {
  std::string rule;
  long met = 0, met_late = 0, missed = 0, open = 0;
  long total() const { return met + met_late + missed + open; }
};

struct Stats {
  Date as_of, from, to;
  StatsFilter filter;
  Caseload caseload;
  std::vector<RuleCompliance> compliance; // enabled rules with a due date, catalog order
  std::vector<std::string> rates;         // enabled rate rules, left out of compliance
};

// Returns the period `stats` uses without --from/--to: the 12 months ending
// on as_of (as_of − 12 months + 1 day … as_of).
Window default_stats_period(Date as_of);

// Counts the caseload at `as_of` and every obligation (reportable or not)
// due in [from, to], for the cases the filter keeps.
Stats compute_stats(const Assessment &assessment, const Config &cfg, Date as_of, Date from, Date to,
                    const StatsFilter &filter = {});

// Aligned tables for people, headed by the period and the as-of date.
std::string render_stats_text(const Stats &s, Lang lang = Lang::en);
// One object: as_of, from, to, caseload, compliance (see cli.md).
std::string render_stats_json(const Stats &s);
// The compliance table, one row per rule, with a header row; CRLF.
std::string render_stats_csv(const Stats &s);

} // namespace mestring
