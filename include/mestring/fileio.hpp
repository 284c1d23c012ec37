#pragma once
// Reading and writing whole files safely. Writes go through a transaction
// (journal.hpp): temporary files beside their targets, written and synced,
// then renamed, with a journal that lets the next command finish or undo
// what an interrupted one began, so a reader sees the old files or the new
// ones, never half of them. A new file gets the mode 0666 less the umask;
// a rewritten one keeps its mode, owner and group.

#include <mestring/expected.hpp>
#include <mestring/repository.hpp>

#include <string>
#include <string_view>
#include <sys/types.h>

namespace mestring {

// Names a kind of file that is not a regular one, for messages: "a folder",
// "a FIFO (named pipe)", … in the message language.
std::string_view file_kind(mode_t mode);

// Reads the regular file `path` into `out` (reusing its buffer), at most
// `max_bytes` of it. Returns "" when it could, else why not, to follow
// "cannot read: " ("No such file or directory", "it is a FIFO (named pipe),
// not a file; …"). Only regular files are read: a FIFO, a device or a socket
// is refused after fstat, never read (O_NONBLOCK keeps open() from waiting
// for a FIFO's writer), so a pipe named like a case file never hangs a command.
std::string read_regular_file(const std::string &path, std::string &out, size_t max_bytes);

// Returns the file's bytes, at most `max_bytes` of them, or why it could not
// be read ("PATH: cannot read: …"), as read_regular_file.
Expected<std::string> read_file(const std::string &path, size_t max_bytes = size_t(-1));

// Returns true when `path`, with every symbolic link in it followed, lies
// inside the folder `root` (also resolved): what the loader asks of a case
// file that is a symbolic link before reading it. False when either cannot
// be resolved (a dangling link, a loop).
bool inside_repository(const std::string &path, const std::string &root);

enum class WriteMode {
  replace,   // the target must exist; its mode, owner and group are kept
  create_new // the target must not exist; never overwrites one that appears meanwhile
};

// Writes `bytes` to `path` atomically, as a transaction of one file in the
// repository of `path` (repository_of); the caller holds that repository's
// lock. On failure the file is unchanged and nothing is left behind; a
// process killed anywhere leaves at most what the next recover() removes or
// finishes. A symbolic link is written through when its target lies inside
// the repository, else refused. For tests, MESTRING_FAIL_AT names a step to
// fail or a moment to be killed at (journal.hpp lists them).
Expected<bool> write_file_atomic(const std::string &path, std::string_view bytes, WriteMode mode);

// The two halves of a write, for write_all (edit.cpp) until it uses a
// Transaction, which journals and so survives a kill between the halves
// (this does not): stage() writes and syncs a temporary file (mode 0600)
// beside the target, commit() gives it its final mode and renames (replace)
// or links (create_new) it into place. Destroyed uncommitted, it removes the
// temporary file.
class StagedWrite {
public:
  static Expected<StagedWrite> stage(const std::string &path, std::string_view bytes, WriteMode mode);
  Expected<bool> commit();
  StagedWrite(StagedWrite &&other) noexcept;
  StagedWrite &operator=(StagedWrite &&) = delete;
  ~StagedWrite();

private:
  StagedWrite(std::string path, std::string temp, WriteMode mode, mode_t perms)
      : path_(std::move(path)), temp_(std::move(temp)), mode_(mode), perms_(perms) {}
  std::string path_, temp_;
  WriteMode mode_;
  mode_t perms_;
};

} // namespace mestring
