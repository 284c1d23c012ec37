#pragma once
// All or nothing through interruption, as a database's write-ahead log: the
// journal, and recovery from one. A Transaction (transaction.hpp) writes
// many files in one repository: before any temporary file exists, the
// journal `.mestring.journal` (beside the lock) names each temporary file
// and its target; the temporary files are written and synced; the journal
// is marked `commit` and synced; then every file is renamed into place and
// the journal removed. recover(), run by the next command under the lock,
// finishes a committed journal (the renames not yet done) and undoes one
// that was still staging (its temporary files removed), so a process killed
// at any moment leaves the repository as it was before or, once it had
// committed, as it is after. Every step is linear in the files.

#include <mestring/expected.hpp>
#include <mestring/repository.hpp>

#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace mestring {

// One file of a journal; paths relative to the repository folder.
struct JournalEntry {
  bool create = false; // a new file: placed without ever overwriting one
  mode_t mode = 0;     // its final permissions
  std::string temp, target;
  bool operator==(const JournalEntry &) const = default;
};

struct Journal {
  bool committed = false; // `commit`: roll forward; `staging`: roll back
  bool complete = false;  // ends with its `end` line (a torn journal does not)
  std::string command;    // the command that wrote it, for the user's note
  std::vector<JournalEntry> entries;
};

// The journal's text and back. Paths are escaped (%XX) so that any byte of
// a file name survives. parse_journal() accepts only entries whose temporary
// file lies beside its target and is named `.NAME.tmp-XXXXXX`, inside the
// repository (no absolute path, no ".."): a journal that someone crafted
// can make mestring rename only its own kind of temporary file onto a file
// beside it. Fails on anything else, saying what.
std::string format_journal(const Journal &journal);
Expected<Journal> parse_journal(std::string_view text);

// True for a name of the form `.NAME.tmp-XXXXXX` (the last path component).
bool is_temporary_name(std::string_view path);

// Finishes or undoes what an interrupted command left in the repository of
// `lock` (its journal), then removes each of `candidates` that is a
// temporary file (`.NAME.tmp-XXXXXX`, a regular file) still there: the
// caller passes the hidden files it saw while walking the cases folder
// (temporary_files_in() lists one folder). Returns notes for the user, one
// sentence each, empty when there was nothing to do; fails when a step
// failed (the journal is then kept for the next try).
Expected<std::vector<std::string>> recover(const RepositoryLock &lock, const std::vector<std::string> &candidates = {});
// The same for a repository folder whose lock the caller holds otherwise.
Expected<std::vector<std::string>> recover(const std::string &root, const std::vector<std::string> &candidates = {});

// The temporary files (`.NAME.tmp-XXXXXX`) in `folder`, one scan, not recursive.
std::vector<std::string> temporary_files_in(const std::string &folder);

} // namespace mestring
