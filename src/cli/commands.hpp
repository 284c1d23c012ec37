#pragma once
// One function per subcommand: each reads as load, evaluate, render, and
// returns the exit code. Options are plain structs filled by app.cpp.

#include "context.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace mestring::cli {

struct CheckArgs {
  std::vector<std::string> paths;
  std::string min_severity = "warning";
  std::string fail_on = "error";
  std::vector<std::string> rules;
};
Exit cmd_check(const Context& ctx, const CheckArgs& a);
// The data checks `check --rule` accepts besides the catalog's rules.
std::span<const std::string_view> data_check_ids();

struct DueArgs {
  std::vector<std::string> paths;
  bool week = false, next_week = false, month = false, no_overdue = false;
  std::optional<long> days; // --days N, when given
  std::string from, to, coach, advisor, paragraph, case_id, by = "date";
};
Exit cmd_due(const Context& ctx, const DueArgs& a);

struct ShowArgs {
  std::string target;
};
Exit cmd_show(const Context& ctx, const ShowArgs& a);

Exit cmd_rules(const Context& ctx);
Exit cmd_explain(const Context& ctx, const std::string& rule);

struct ConfigArgs {
  bool defaults = false;
};
Exit cmd_config(const Context& ctx, const ConfigArgs& a);

// `stats`: caseload at the as-of date and compliance over a period.
struct StatsArgs {
  std::vector<std::string> paths;
  std::string from, to, coach, paragraph; // from/to empty: the 12 months ending on the as-of date
};
Exit cmd_stats(const Context& ctx, const StatsArgs& a);

struct NewArgs {
  std::string id, paragraph, name, cpr, coach, advisor, applied, decided, start, plan;
  int level = 0;
};
Exit cmd_new(const Context& ctx, const NewArgs& a);

// `add contact|followup|escalation|health-check|meeting` and `close`: one
// event (or the end) added to one case.
struct AddArgs {
  std::string event; // contact, followup, escalation, health-check, meeting, close
  std::string target;
  std::string date, outcome, mode, note, kind, reason, status;
};
Exit cmd_add(const Context& ctx, const AddArgs& a);

struct ImportArgs {
  std::string sheet, kind, map;
  bool dry_run = false, overwrite = false;
};
Exit cmd_import(const Context& ctx, const ImportArgs& a);

struct ExportArgs {
  std::vector<std::string> paths;
  std::string delimiter = ";", encoding = "utf-8-bom", output;
};
Exit cmd_export(const Context& ctx, const ExportArgs& a);

// `completion bash|zsh|fish`: prints the completion script for that shell,
// generated from the app's commands and options; fails on any other shell.
Exit cmd_completion(const CLI::App& app, const std::string& shell);
// `__ids` (hidden; the completion scripts run it): prints the ids of the case
// files under the cases folder, one per line; prints nothing on any error.
Exit cmd_ids(Context& ctx);

} // namespace mestring::cli
