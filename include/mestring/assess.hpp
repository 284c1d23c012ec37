#pragma once
// The second step of every command that reports: the rule engine run over
// the loaded cases, on every core, keeping what the views need. A view gets
// a case's summary and its obligations, never the case's events: the type
// cannot be mistaken for a whole case, and a run over 100,000 cases holds
// no history it will not print.

#include <mestring/load.hpp>
#include <mestring/rules.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mestring {

// What the views know of a case besides its obligations.
struct CaseSummary {
  std::string file, id, name, paragraph, coach, advisor;
  std::optional<int> level; // in force on the as-of date
  Status status = Status::pending;
  std::vector<Exemption> exemptions; // what Obligation::exemption points into
};

// The person who must act on an obligation: the case's advisor for the
// authority's rules, its coach for the coach's; "" when the case names nobody.
const std::string &owner_of(const Obligation &o, const CaseSummary &c);
// The exemption that sets an obligation aside, if one does.
const Exemption *exemption_of(const Obligation &o, const CaseSummary &c);

struct Assessed {
  CaseSummary summary;
  std::vector<Obligation> obligations; // those the caller kept, in catalog order
};

struct Assessment {
  std::vector<Assessed> cases;   // in the order of the files
  std::vector<Finding> findings; // the data findings (load.hpp)
  size_t files = 0;
};

// Which obligations a view needs; an empty one keeps every obligation.
using Keep = std::function<bool(const Obligation &)>;
// Which cases a view needs: every one (stats counts them, check lists their
// files), or only those with an obligation it keeps (an agenda: at 100,000
// cases, most have nothing due this week, and their summaries would be
// made only to be dropped).
enum class Cases : uint8_t { every, with_kept };

CaseSummary summarize(const Case &c, Date as_of);
// Assesses one case: its summary and the obligations `keep` accepts.
Assessed assess_case(const Case &c, const Config &cfg, Date as_of, const Keep &keep = {});

// Loads `files` (load.hpp) and assesses each case on the thread that loaded
// it, keeping the obligations `keep` accepts, and the cases `cases` says.
Assessment assess_files(const std::vector<std::string> &files, const Config &cfg, Date as_of, const LoadOptions &opt,
                        const Keep &keep = {}, Cases cases = Cases::every);
// The same for files given with their bytes (a commit's staged content).
Assessment assess_files(const std::vector<CaseBytes> &files, const Config &cfg, Date as_of, const LoadOptions &opt,
                        const Keep &keep = {}, Cases cases = Cases::every);

} // namespace mestring
