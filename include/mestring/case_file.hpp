#pragma once
// Reading one case file: its bytes through the guard (prescan.hpp) and the
// YAML parser into a Case, with every data check that one file allows
// (rules.md "Data checks"; the one spanning files, duplicate-id, is
// load_repository's). Bad input never throws: it becomes findings naming the
// file and line, and one bad field never hides the rest of the file.

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/finding.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

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
bool holds_at(const AsOfDependence &d, Date loaded_at, Date as_of);

// Parses one case file's text. `file` is the path findings name; its stem
// must equal the id. Never throws on bad input.
LoadedCase load_case(std::string_view text, const std::string &file, const Config &cfg, Date as_of);

// The data checks that compare a read case's fields (id-filename, cpr, age,
// date-order) and its texts (cpr-in-text), and the privacy of every
// message (check_case.cpp). `text` is the file's text, to find lines.
void check_case(Case &c, std::string_view text, const Config &cfg, std::vector<Finding> &findings);

// What is wrong with an exemption, in words for its finding or for `add
// exemption`; empty when it may stand.
std::vector<std::string> exemption_problems(const Exemption &e, const Config &cfg);

} // namespace mestring
