#pragma once
// Reading and writing whole files safely: writes go to a temporary file in
// the same folder, are flushed and synced, and are renamed over the target,
// so a reader sees the old file or the new one, never half of one.

#include <mestring/expected.hpp>

#include <string>
#include <string_view>

namespace mestring {

// Returns the file's bytes, at most `max_bytes` of them, or why it could not
// be read ("PATH: cannot read: …"). Only regular files are read: a FIFO, a
// device or a socket is refused without being opened for blocking reads, so
// a pipe named like a case file can never hang a command.
Expected<std::string> read_file(const std::string& path, size_t max_bytes = size_t(-1));

enum class WriteMode {
  replace,   // the target must exist; its permissions are kept
  create_new // the target must not exist; fails if it appears meanwhile
};

// Writes `bytes` to `path` atomically. On failure nothing is left behind:
// neither a changed target nor a temporary file. For tests, the environment
// variable MESTRING_FAIL_AT=open|write|sync|rename makes that step fail.
Expected<bool> write_file_atomic(const std::string& path, std::string_view bytes, WriteMode mode);

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
