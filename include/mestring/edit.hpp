#pragma once
// Changing a case file the way a careful person would: only the lines that
// must change, every other byte kept (comments, key order, quoting, blank
// lines, CRLF). Every command that writes a case goes through here.

#include <mestring/case.hpp>
#include <mestring/config.hpp>
#include <mestring/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

// One change to a case file: set a top-level field, or append one item to a
// top-level list (creating the list where it is missing). `value` is the YAML
// text of the value or item: `2025-03-01`, `{date: 2025-03-01, outcome: reached}`.
struct Change {
  enum class Kind { set, append };
  Kind kind = Kind::set;
  std::string key;
  std::string value;
};

// Applies the changes to a case file's text, finding places with yaml-cpp's
// marks. Fails, naming the key, when the file's layout leaves no safe place
// (a list written over several lines in flow style, say).
Expected<std::string> apply_changes(std::string_view text, const std::vector<Change>& changes);

// Returns true when two records hold the same data, line numbers aside.
bool same_record(const Case& a, const Case& b);

// Returns `s` as a YAML scalar: plain when that reads back as the same string,
// double-quoted (with escapes) otherwise. Strings of digits are always quoted.
std::string yaml_scalar(std::string_view s);

// The canonical text of a new case file: the field order of case-format.md,
// events in flow style one per line.
std::string new_case_text(const Case& c);

// Edits the file at `path`: applies the changes, re-reads the new text and
// checks it loads to exactly `intended`, then writes atomically. On any
// failure the file is untouched and the error says why.
Expected<std::string> edit_case_file(const std::string& path, const std::vector<Change>& changes,
                                     const Case& intended, const Config& cfg, Date as_of);

} // namespace mestring
