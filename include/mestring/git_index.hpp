#pragma once
// What a commit is about to record: the files staged in git's index and
// their staged bytes, read through the `git` program (no library), for
// `check --staged` in a pre-commit hook. The bytes are the index's, not the
// working tree's: a file fixed on disk but not yet `git add`ed is still
// refused, as git would commit it.
//
// Two git commands do it, whatever the number of files:
//   git diff --cached --raw -z --no-abbrev --no-renames --diff-filter=ACMR
// lists each staged file with its mode and blob id (a deleted file is not
// listed: removing a case is always fine), and
//   git cat-file --batch
// prints the blobs named on its input, by id, so no path is ever quoted.

#include <mestring/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct StagedEntry {
  std::string path;  // relative to the top of the work tree, as git writes it
  std::string mode;  // "100644", "100755"; "120000" a symbolic link, "160000" a submodule
  std::string blob;  // the staged content's object id (hex)
  char status = 'M'; // A added, C copied, M modified, R renamed, T type changed
  bool is_file() const { return mode == "100644" || mode == "100755"; }
};

// Parses the -z output of `git diff --cached --raw`: entries of
// ":SRCMODE DSTMODE SRCID DSTID STATUS[SCORE]" NUL PATH NUL (and a second
// path for a copy or rename, whose new path is kept). Fails, saying where,
// on anything else.
Expected<std::vector<StagedEntry>> parse_staged_listing(std::string_view raw);

// Parses the output of `git cat-file --batch` for `count` objects asked for
// in order: "ID TYPE SIZE" LF, SIZE bytes, LF each; or "NAME missing" LF.
// Returns each blob's bytes, or fails saying which object was not a blob.
Expected<std::vector<std::string>> parse_cat_file_batch(std::string_view out, size_t count);

struct StagedFiles {
  std::string prefix;               // the current folder relative to the top ("" at the top, else "sub/")
  std::vector<StagedEntry> entries; // what is staged, in git's order (by path)
};

// Asks git what is staged in the work tree of the current folder. Fails with
// a sentence when git cannot run or this is not a git work tree.
Expected<StagedFiles> staged_files();
// Reads the staged bytes of each entry, in order.
Expected<std::vector<std::string>> staged_bytes(const std::vector<StagedEntry> &entries);

// Runs `git ARGS…` in the current folder and returns what it printed, or
// fails with git's own first line of complaint. For the few questions
// `init --hook` asks (git rev-parse --git-path hooks).
Expected<std::string> git_output(const std::vector<std::string> &args);

} // namespace mestring
