#pragma once
// The repository of a case file, and the lock that guards every write to it.
// The repository is found from the file, never from the current folder
// (cli.md v2), so two commands that name one file differently still meet at
// one lock. The lock records who holds it (process, its start time, host), so
// a lock whose holder has ended is taken over, with a note, instead of
// blocking every later command until a person deletes it.

#include <mestring/expected.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mestring {

struct RepositoryPlace {
  std::string folder;                // the folder holding mestring.yaml, else the file's own folder
  std::optional<std::string> config; // that mestring.yaml, when there is one
  std::string lock_path() const;     // folder/.mestring.lock
  std::string journal_path() const;  // folder/.mestring.journal
};

// Returns the repository of the case file `file`: the nearest folder at or
// above the file's folder that holds `mestring.yaml`, else the file's folder.
// The file need not exist. A file named through a symbolic link belongs to
// the link's folder, not its target's: the name the user gave decides, as for
// every other path. Paths come back relative when `file` is relative
// (".", "..", "../.."), absolute otherwise. Fails only when the current
// folder cannot be known for a relative `file`.
Expected<RepositoryPlace> repository_of(const std::string &file);

// A lock on a repository while a command writes to it, as git's index.lock:
// created exclusively, holding who took it, removed when destroyed. While it
// is held, SIGINT, SIGTERM and SIGHUP remove it before the process ends.
class RepositoryLock {
public:
  // Takes the lock file `path` for `command` ("add contact", "import"). A
  // lock left by a process of this host that no longer runs (its pid gone,
  // or reused by a process that started later, or the machine rebooted) is
  // taken over, and note() says so. A lock held by a live process of this
  // host is waited for, up to `wait`, so that two coaches' `add` at once
  // both succeed. Fails naming the holder when it is a live process (after
  // the wait), a process of another host, or a lock mestring cannot read.
  static Expected<RepositoryLock> take(const std::string &path, std::string_view command,
                                       std::chrono::milliseconds wait = {});
  static Expected<RepositoryLock> take(const RepositoryPlace &place, std::string_view command,
                                       std::chrono::milliseconds wait = {}) {
    return take(place.lock_path(), command, wait);
  }
  RepositoryLock(RepositoryLock &&other) noexcept;
  RepositoryLock &operator=(RepositoryLock &&) = delete;
  ~RepositoryLock();

  const std::string &path() const { return path_; }
  // The repository folder: where the lock and the journal lie.
  std::string folder() const;
  // "took over a lock left by `mestring import` (process 1234), which is no
  // longer running", when this lock was taken over; for the user, as a note.
  const std::optional<std::string> &note() const { return note_; }

private:
  RepositoryLock(std::string path, int fd, std::optional<std::string> note);
  static Expected<RepositoryLock> take_held(const std::string &path, std::string_view command, bool &live);
  std::string path_;
  int fd_ = -1; // kept open with flock() held, so that two takers of one stale lock cannot both win
  std::optional<std::string> note_;
};

// The temporary files that taking a lock in `folder` leaves when the taker
// is killed (`.mestring.lock.tmp-XXXXXX`): those whose writer no longer
// runs, or that are empty and older than a minute. A live taker's file is
// left alone. (Where O_TMPFILE works, taking a lock leaves no such file.) For recover(), under the lock.
std::vector<std::string> abandoned_lock_files(const std::string &folder);

// The holder a lock file names, as read back; for messages and tests.
struct LockHolder {
  long pid = 0;
  unsigned long long start = 0; // /proc/PID/stat field 22: clock ticks after boot
  std::string boot;             // /proc/sys/kernel/random/boot_id
  std::string host, command, since;
};
// Reads a lock file's text; nothing when it is not a whole lock of this form
// (empty, torn, or the one-line lock of earlier versions).
std::optional<LockHolder> parse_lock(std::string_view text);

} // namespace mestring
