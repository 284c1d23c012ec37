#pragma once
// Reading case files: finding them under the paths a user names, parsing
// each into a Case, and every data check of rules.md ("Data checks").
// Bad input never throws: it becomes findings, and the other files go on.

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/finding.hpp>
#include <mestring/rules.hpp>

#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <vector>

namespace mestring {

// The top-level keys of a case file in the order of case-format.md, the
// order new files are written in.
std::span<const std::string_view> case_field_order();
// The keys inside a case file's mappings and list items, as "parent.key"
// (citizen.name, contacts.outcome, ...), for documentation and its tests.
std::vector<std::string> case_nested_keys();

// How a file's load result depends on the as-of date: only through the check
// that a date is at most a year after it. The result is the same for another
// as-of date when nothing was reported and add_months(as_of, 12) still
// reaches `latest_checked`; once something was reported, only for the same date.
struct AsOfDependence {
  std::optional<Date> latest_checked; // latest date that went through the check
  bool far_reported = false;
};

struct LoadedCase {
  std::optional<Case> record; // absent when the file is not a readable case at all
  std::vector<Finding> findings;
  AsOfDependence as_of_dependence;
};

// Returns whether a result loaded at `loaded_at` holds unchanged at `as_of`.
bool holds_at(const AsOfDependence& d, Date loaded_at, Date as_of);

// Parses one case file's text. `file` is the path findings name; its stem
// must equal the id. Never throws on bad input.
LoadedCase load_case(std::string_view text, const std::string& file, const Config& cfg, Date as_of);

// Returns the case files under `paths` (files as given, folders searched
// recursively for *.yaml and *.yml, skipping mestring.yaml and hidden
// entries), sorted, without duplicates. Paths that do not exist or cannot
// be read are reported in `errors`.
std::vector<std::string> find_case_files(const std::vector<std::string>& paths, std::vector<std::string>& errors);

struct LoadOptions {
  unsigned jobs = 0;      // threads reading and parsing; 0: one per hardware thread
  std::string cache_file; // the cache of loaded cases (load_cache.hpp); "" for none
  std::string cache_key;  // what besides a file's bytes shapes its result: version, config
  // When set, each case's obligations are computed by the thread that loaded
  // it, only those `keep` accepts are kept, and the case's event lists and
  // notes are dropped: for commands that need the obligations, not the history.
  std::function<bool(const Obligation&)> keep;
};

struct Repository {
  std::vector<Case> cases;
  std::vector<Finding> findings; // data findings of every file
  size_t files = 0;
  // With LoadOptions::keep: the kept obligations of cases[i], in catalog order.
  std::optional<std::vector<std::vector<Obligation>>> obligations;
};

// Loads every file, on `opt.jobs` threads and through the cache, then adds
// the checks that span files (`duplicate-id`). The result is the same, in
// the same order, whatever the threads and whatever the cache holds; a cache
// that cannot be read or written is silently left out.
Repository load_repository(const std::vector<std::string>& files, const Config& cfg, Date as_of,
                           const LoadOptions& opt = {});

} // namespace mestring
