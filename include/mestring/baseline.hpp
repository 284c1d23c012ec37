#pragma once
// `check --baseline FILE`: what is new since an earlier `check --format json`,
// so that cron mails each finding once. A finding is the same as one of the
// baseline's when the case, the rule and the due date are (a finding without
// a due date: the case and the rule); a finding of no case (a file that could
// not be read as one) is known by its file instead. Each finding of the
// baseline answers for one finding only: a second schema error in a case that
// had one is new.

#include <mestring/expected.hpp>
#include <mestring/finding.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct BaselineFinding {
  std::string who; // the case id; the file for a finding of no case
  std::string rule;
  std::optional<Date> due;
  bool operator==(const BaselineFinding &) const = default;
};

// The findings of an earlier `check --format json` (its "findings", not its
// "exempted": an exemption that ended makes its finding news). Fails with a
// sentence when the text is not such a document.
Expected<std::vector<BaselineFinding>> parse_baseline(std::string_view json);

// The same for a finding of this run.
BaselineFinding baseline_key(const Finding &f);

// For each finding, in order, whether the baseline holds it already.
std::vector<bool> match_baseline(const std::vector<Finding> &findings, const std::vector<BaselineFinding> &baseline);

} // namespace mestring
