#pragma once
// Reading case files: finding them under the paths a user names, parsing
// each into a Case, and every data check of rules.md ("Data checks").
// Bad input never throws: it becomes findings, and the other files go on.

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/finding.hpp>

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

struct LoadedCase {
  std::optional<Case> record; // absent when the file is not a readable case at all
  std::vector<Finding> findings;
};

// Parses one case file's text. `file` is the path findings name; its stem
// must equal the id. Never throws on bad input.
LoadedCase load_case(std::string_view text, const std::string& file, const Config& cfg, Date as_of);

// Returns the case files under `paths` (files as given, folders searched
// recursively for *.yaml and *.yml, skipping mestring.yaml and hidden
// entries), sorted, without duplicates. Paths that do not exist or cannot
// be read are reported in `errors`.
std::vector<std::string> find_case_files(const std::vector<std::string>& paths, std::vector<std::string>& errors);

struct Repository {
  std::vector<Case> cases;
  std::vector<Finding> findings; // data findings of every file
  size_t files = 0;
};

// Loads every file, then adds the checks that span files (`duplicate-id`).
Repository load_repository(const std::vector<std::string>& files, const Config& cfg, Date as_of);

} // namespace mestring
