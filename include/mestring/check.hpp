#pragma once
// `check`: the missed obligations and the data findings of a repository,
// in the order a coordinator reads them (file, then line), as text or JSON.

#include <mestring/assess.hpp>
#include <mestring/config.hpp>
#include <mestring/text.hpp>

#include <set>
#include <string>
#include <vector>

namespace mestring {

struct CheckOptions {
  Severity min_severity = Severity::warning;
  std::set<std::string, std::less<>> rules; // empty: every rule and data check
  bool data_only = false;                   // the data checks alone (a commit hook)
};

// A missed obligation an exemption sets aside: not reported, not counted,
// listed apart in JSON and SARIF with the exemption.
struct ExemptedFinding {
  Finding finding;
  Exemption exemption;
};

struct CheckResult {
  std::vector<Finding> findings;
  std::vector<ExemptedFinding> exempted;
  size_t cases = 0;
  std::vector<std::string> files; // every case file checked, sorted, with or without findings
  // With --baseline: for each finding, whether the baseline held it already
  // (JSON "baseline_state": "unchanged", else "new"). Empty without one.
  std::vector<bool> unchanged;
};

// Collects the findings to report: data findings, and the missed, reportable
// obligations of every case, at or above the minimum severity; exempted
// ones apart.
CheckResult run_check(const Assessment &assessment, const Config &cfg, const CheckOptions &opt);
// The result with only the findings the baseline did not hold: what the
// text, CSV and JUnit outputs print and the exit status counts.
CheckResult only_new(CheckResult r);
// Whether run_check can report this obligation (exempted or not): what a
// check run keeps (Keep).
bool reported_by_check(const Obligation &o);

// How text is shown to a person: in which language, and coloured or not.
struct TextStyle {
  Lang lang = Lang::en;
  bool color = false;
};

// The colour of a severity: error red, warning yellow, info cyan.
Tone tone_of(Severity s);

// One finding per line, compiler style: `file:line: error[rule]: message`
// (`fejl`, `advarsel`, `info` in Danish). Empty when there is nothing to report.
std::string render_check_text(const CheckResult &r, TextStyle style = {});
// The same lines for any list of findings (a single file's, say).
std::string render_findings_text(const std::vector<Finding> &findings, TextStyle style = {});
// The JSON contract of cli.md.
std::string render_check_json(const CheckResult &r, Date as_of);

} // namespace mestring
