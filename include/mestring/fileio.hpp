#pragma once
// Reading and writing whole files safely: writes go to a temporary file in
// the same folder, are flushed and synced, and are renamed over the target,
// so a reader sees the old file or the new one, never half of one.

#include <mestring/expected.hpp>

#include <string>
#include <sys/types.h>
#include <string_view>

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
std::string read_regular_file(const std::string& path, std::string& out, size_t max_bytes);

// Returns the file's bytes, at most `max_bytes` of them, or why it could not
// be read ("PATH: cannot read: …"), as read_regular_file.
Expected<std::string> read_file(const std::string& path, size_t max_bytes = size_t(-1));

enum class WriteMode {
  replace,   // the target must exist; its permissions are kept
  create_new // the target must not exist; fails if it appears meanwhile
};

// Writes `bytes` to `path` atomically. On failure nothing is left behind:
// neither a changed target nor a temporary file. For tests, the environment
// variable MESTRING_FAIL_AT=open|write|sync|rename makes that step fail, and
// MESTRING_FAIL_AT=kill-before-rename kills the process (SIGKILL) with the
// temporary file written and synced but not renamed.
Expected<bool> write_file_atomic(const std::string& path, std::string_view bytes, WriteMode mode);

// The two halves of write_file_atomic, for a command that writes several
// files all or nothing: stage every file (the temporary files are written
// and synced; a full disk fails here), then commit each (a rename). A staged
// write that is never committed removes its temporary file when destroyed.
//
// A process killed between the halves leaves a hidden `.NAME.tmp-XXXXXX`
// beside the target: the target is intact, `check` skips hidden files, and
// the next committed write of NAME removes it. Callers hold the repository
// lock, so no other writer's temporary file is taken for a leftover.
class StagedWrite {
public:
  // Writes the temporary file, or fails saying why; the target is untouched.
  static Expected<StagedWrite> stage(const std::string& path, std::string_view bytes, WriteMode mode);
  // Renames (replace) or links (create_new) the temporary file into place.
  Expected<bool> commit();
  StagedWrite(StagedWrite&& other) noexcept;
  StagedWrite& operator=(StagedWrite&&) = delete;
  ~StagedWrite();

private:
  StagedWrite(std::string path, std::string temp, WriteMode mode)
      : path_(std::move(path)), temp_(std::move(temp)), mode_(mode) {}
  static void remove_leftovers(const std::string& path);
  std::string path_, temp_;
  WriteMode mode_;
};

// A lock on a repository while a command writes to it, as git's index.lock:
// created exclusively, holding who took it, removed when destroyed.
class RepositoryLock {
public:
  // Takes the lock file `path`, or fails naming the holder.
  static Expected<RepositoryLock> take(const std::string& path, std::string_view command);
  RepositoryLock(RepositoryLock&& other) noexcept;
  RepositoryLock& operator=(RepositoryLock&&) = delete;
  ~RepositoryLock();

private:
  explicit RepositoryLock(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

} // namespace mestring
