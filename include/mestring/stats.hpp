#pragma once
// `stats`: what a department head reports upward. The caseload on the as-of
// date (cases per status; active cases per coach, programme and level), and
// how the obligations due in a period were met: on time, late, missed,
// exempted or still open, per rule, per month and per coach. History counts
// here (earlier non-response streaks, the recurring rules' past, closed
// cases): that is its purpose.

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
  long pending = 0, refused = 0, granted = 0, active = 0, closed = 0; // cases per status_of
  std::map<std::string, long> by_coach;                               // active cases; "(no coach)" for none
  std::map<std::string, long> by_programme;                           // active cases, by paragraph code
  std::map<std::optional<int>, long> by_level;                        // active §85 cases; nullopt: no level
};

// How the obligations of one row were met. An exempted obligation (missed or
// open, set aside on the as-of date) counts as exempted, not missed or open.
struct RuleCompliance {
  std::string rule; // the row's key: a rule id, a month "YYYY-MM" or a coach
  long met = 0, met_late = 0, missed = 0, open = 0, exempted = 0;
  long total() const { return met + met_late + missed + open + exempted; }
};

struct Stats {
  Date as_of, from, to;
  StatsFilter filter;
  Caseload caseload;
  std::vector<RuleCompliance> compliance; // enabled rules with a due date, catalog order
  std::vector<RuleCompliance> by_month;   // every month of the period, by due date
  std::vector<RuleCompliance> by_coach;   // per coach of the cases, "" for none, by name
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
// "level-frequency-85 and level-above-85 are rates without a due date and
// are left out." in `lang`; "" when no rate is enabled.
std::string rates_note(const Stats &s, Lang lang);
// One object: as_of, from, to, caseload, compliance (see cli.md).
std::string render_stats_json(const Stats &s);
// The compliance table, one row per rule, under a header row of the JSON's
// keys (and the period's from and to on every row).
std::string render_stats_csv(const Stats &s, CsvStyle style = {});

} // namespace mestring
