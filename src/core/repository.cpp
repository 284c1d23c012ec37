// The lock's file is written whole before it bears the lock's name (a
// temporary file, then link()), so a reader never finds it empty or half
// written. It names its holder by pid, the process's start time (a pid is
// reused; pid and start time together are not), the boot it ran in and the
// host. A stale lock is taken over by removing it and taking the lock anew;
// the remover holds flock() on the stale file and checks that the name still
// leads to the file it read, so two commands that find one stale lock cannot
// both remove it (the second would remove the first one's new lock).
#include <mestring/i18n.hpp>
#include <mestring/journal.hpp>
#include <mestring/repository.hpp>

#include "signal_guard.hpp"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring {

namespace fs = std::filesystem;

namespace {

std::string os_error(int err) { return std::strerror(err); }

std::string folder_of(const std::string &path) {
  const auto parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

// A whole small file of /proc or the lock; empty when it cannot be read.
std::string slurp(const std::string &path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return {};
  std::string out;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0 && out.size() < (1 << 16);)
    out.append(buffer, size_t(n));
  ::close(fd);
  return out;
}

std::string boot_id() {
  auto id = slurp("/proc/sys/kernel/random/boot_id");
  while (!id.empty() && (id.back() == '\n' || id.back() == ' '))
    id.pop_back();
  return id;
}

std::string host_name() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

struct ProcessState {
  bool running = false;
  unsigned long long start = 0;
};

// Reads /proc/PID/stat: running unless gone, a zombie or dead; field 22 is
// the start time. The command name (field 2) may hold spaces and
// parentheses, so fields are counted after its last ')'.
ProcessState process_state(long pid) {
  const auto stat = slurp(fmt::format("/proc/{}/stat", pid));
  const auto close = stat.rfind(')');
  if (close == std::string::npos) {
    if (::access("/proc/self/stat", R_OK) == 0)
      return {}; // /proc is there and the process is not
    // No /proc: kill(pid, 0) still tells whether the process exists.
    return {pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM), 0};
  }
  std::string_view rest(stat);
  rest.remove_prefix(close + 1);
  ProcessState state;
  for (int field = 3; field <= 22; ++field) {
    while (!rest.empty() && rest.front() == ' ')
      rest.remove_prefix(1);
    const auto end = rest.find(' ');
    const auto value = rest.substr(0, end);
    if (field == 3)
      state.running = value != "Z" && value != "X" && value != "x";
    if (field == 22)
      std::from_chars(value.data(), value.data() + value.size(), state.start);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  return state;
}

std::string describe(const LockHolder &h, bool with_host) {
  if (with_host)
    return say("`mestring {}` on host {} (process {}, since {})", h.command, h.host, h.pid, h.since);
  return say("`mestring {}` (process {}, since {})", h.command, h.pid, h.since);
}

std::string lock_text(std::string_view command) {
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  const long pid = ::getpid();
  // The first line is for a person who opens the file; the rest for mestring.
  return fmt::format("`mestring {}` (process {}, since {})\npid: {}\nstart: {}\nboot: {}\nhost: {}\ncommand: {}\n"
                     "since: {}\n",
                     command, pid, when, pid, process_state(pid).start, boot_id(), host_name(), command, when);
}

// Writes `text` to an unnamed file (O_TMPFILE) and links it to `path`: the
// lock appears whole or not at all, and a kill at any moment leaves no
// file behind. Returns 0, errno (EEXIST: someone holds it), or -1 where
// the file system or a missing /proc cannot do it.
int create_lock_unnamed(const std::string &path, const std::string &text) {
  const int fd = ::open(folder_of(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    return -1;
  ::fchmod(fd, 0644); // readable, so that other users' commands can name the holder
  int err = 0;
  if (::write(fd, text.data(), text.size()) != ssize_t(text.size()))
    err = errno ? errno : EIO;
  else if (::linkat(AT_FDCWD, fmt::format("/proc/self/fd/{}", fd).c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) !=
           0)
    err = errno == EEXIST ? EEXIST : -1;
  ::close(fd);
  return err;
}

// Writes `text` to a new file and links it to `path`: the lock appears whole
// or not at all. Returns 0, or errno (EEXIST: someone holds it).
int create_lock(const std::string &path, const std::string &text) {
  if (const int err = create_lock_unnamed(path, text); err != -1)
    return err;
  // A named temporary file: a kill between making and writing it leaves an
  // empty one, removed a minute later (abandoned_lock_files).
  std::string temp = (fs::path(folder_of(path)) / ".mestring.lock.tmp-XXXXXX").string();
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0)
    return errno;
  const bool written = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
  const int write_err = errno;
  ::fchmod(fd, 0644); // readable, so that other users' commands can name the holder
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    return write_err ? write_err : EIO;
  }
  // ENOENT: a recover() in a command that holds the lock took our temporary
  // file for a leftover; the caller looks again.
  int err = ::link(temp.c_str(), path.c_str()) == 0 ? 0 : errno;
  // ENOTSUP and EOPNOTSUPP: one errno on Linux, two on the BSDs.
  if (err == EPERM || err == ENOTSUP || err == EOPNOTSUPP) { // NOLINT(misc-redundant-expression)
    // A file system without hard links: an exclusive create, then the text.
    const int lock_fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    err = lock_fd < 0 ? errno : 0;
    if (lock_fd >= 0) {
      if (::write(lock_fd, text.data(), text.size()) != ssize_t(text.size()))
        err = EIO, ::unlink(path.c_str());
      ::close(lock_fd);
    }
  }
  ::unlink(temp.c_str());
  return err;
}

} // namespace

// ".mestring.lock", not "./.mestring.lock", in messages about the current folder.
std::string RepositoryPlace::lock_path() const {
  return (fs::path(folder) / ".mestring.lock").lexically_normal().string();
}
std::string RepositoryPlace::journal_path() const {
  return (fs::path(folder) / ".mestring.journal").lexically_normal().string();
}

Expected<RepositoryPlace> repository_of(const std::string &file) {
  std::error_code ec;
  const fs::path given(file);
  const fs::path cwd = given.is_absolute() ? fs::path("/") : fs::current_path(ec);
  if (ec)
    return Unexpected{say("{}: cannot find its repository: the current folder is unknown: {}", file, ec.message())};
  // Lexically, without following links: the folder the name says.
  const fs::path start = (cwd / given).lexically_normal().parent_path();
  auto shown = [&](const fs::path &p) {
    if (given.is_absolute())
      return p.string();
    const auto rel = p.lexically_relative(cwd);
    return rel.empty() ? p.string() : rel.string();
  };
  for (fs::path folder = start;; folder = folder.parent_path()) {
    struct stat st {};
    const fs::path config = folder / "mestring.yaml";
    if (::stat(config.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
      return RepositoryPlace{shown(folder), shown(config)};
    if (folder == folder.root_path() || folder.empty())
      break;
  }
  return RepositoryPlace{shown(start), std::nullopt};
}

std::optional<LockHolder> parse_lock(std::string_view text) {
  LockHolder h;
  bool has_pid = false, has_start = false;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos)
      return std::nullopt; // torn: every line of a whole lock ends
    const auto line = text.substr(0, end);
    text.remove_prefix(end + 1);
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos)
      continue;
    const auto key = line.substr(0, colon);
    const auto value = line.substr(colon + 2);
    auto number = [&](auto &out) {
      const auto r = std::from_chars(value.data(), value.data() + value.size(), out);
      return r.ec == std::errc() && r.ptr == value.data() + value.size();
    };
    if (key == "pid")
      has_pid = number(h.pid) && h.pid > 0;
    else if (key == "start")
      has_start = number(h.start);
    else if (key == "boot")
      h.boot = value;
    else if (key == "host")
      h.host = value;
    else if (key == "command")
      h.command = value;
    else if (key == "since")
      h.since = value;
  }
  if (!has_pid || !has_start || h.host.empty() || h.command.empty())
    return std::nullopt;
  return h;
}

std::vector<std::string> abandoned_lock_files(const std::string &folder) {
  std::vector<std::string> found;
  for (auto &temp : temporary_files_in(folder)) {
    if (!fs::path(temp).filename().string().starts_with(".mestring.lock.tmp-"))
      continue;
    struct stat st {};
    if (::lstat(temp.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    const auto text = slurp(temp);
    if (text.empty()) {
      // Killed between making it and writing it, or being written now.
      if (st.st_mtime + 60 < std::time(nullptr))
        found.push_back(std::move(temp));
      continue;
    }
    const auto holder = parse_lock(text);
    if (holder && holder->host != host_name())
      continue; // another host's taker: mestring cannot see whether it runs
    if (holder) {
      const auto now = process_state(holder->pid);
      if (now.running && now.start == holder->start && (holder->boot.empty() || holder->boot == boot_id()))
        continue; // a taker that runs: its file is gone in a moment
    }
    found.push_back(std::move(temp));
  }
  return found;
}

Expected<RepositoryLock> RepositoryLock::take(const std::string &path, std::string_view command,
                                              std::chrono::milliseconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  for (;;) {
    bool live = false;
    {
      // A signal while the lock is being taken waits until it is registered
      // for removal, so that no signal leaves a lock behind; while we wait
      // for a holder, signals act at once.
      detail::SignalsHeld held;
      auto lock = take_held(path, command, live);
      if (lock || !live || std::chrono::steady_clock::now() >= until)
        return lock;
    }
    ::usleep(20'000);
  }
}

Expected<RepositoryLock> RepositoryLock::take_held(const std::string &path, std::string_view command, bool &live) {
  const std::string text = lock_text(command);
  std::optional<std::string> note;
  // A few rounds: a lock released or taken over between our steps is looked at again.
  for (int round = 0; round < 20; ++round) {
    const int err = create_lock(path, text);
    if (err == 0) {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
      if (fd >= 0)
        ::flock(fd, LOCK_EX | LOCK_NB);
      return RepositoryLock(path, fd, std::move(note));
    }
    if (err == ENOENT && ::access(folder_of(path).c_str(), W_OK) == 0)
      continue;
    if (err != EEXIST)
      return Unexpected{say("{}: cannot take the repository lock: {}", path, os_error(err))};
    note.reset();

    // Read only: the lock may be another user's file, which we may remove but not write.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
      if (errno == ENOENT)
        continue; // released meanwhile
      return Unexpected{say("{}: cannot take the repository lock: {}", path, os_error(errno))};
    }
    // Serialises takers: a holder that has gone holds no flock, and the
    // first taker keeps it until the stale file is gone.
    const bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    std::string seen;
    char buffer[4096];
    for (ssize_t n; (n = ::pread(fd, buffer, sizeof buffer, off_t(seen.size()))) > 0 && seen.size() < (1 << 16);)
      seen.append(buffer, size_t(n));
    struct stat by_fd {
    }, by_name{};
    const bool same_file = ::fstat(fd, &by_fd) == 0 && ::lstat(path.c_str(), &by_name) == 0 &&
                           by_fd.st_ino == by_name.st_ino && by_fd.st_dev == by_name.st_dev;
    if (!same_file) {
      ::close(fd);
      continue; // released (and maybe taken again) meanwhile
    }
    const auto holder = parse_lock(seen);
    if (!holder) {
      ::close(fd);
      std::string who = say("another mestring command");
      if (const auto first = seen.substr(0, seen.find('\n')); !first.empty() && first.size() < 200)
        who = first;
      return Unexpected{say("the case repository is being changed by {} ({} exists); wait for it to finish. "
                            "If no mestring command is running, delete {}",
                            who, path, path)};
    }
    if (holder->host != host_name()) {
      ::close(fd);
      return Unexpected{say("the case repository is being changed by {} ({} exists); mestring cannot see from "
                            "here whether it still runs: wait for it to finish or, if it no longer runs on {}, "
                            "delete {}",
                            describe(*holder, true), path, holder->host, path)};
    }
    const auto now = process_state(holder->pid);
    const bool gone =
        !now.running || now.start != holder->start || (!holder->boot.empty() && holder->boot != boot_id());
    if (!gone) {
      ::close(fd);
      live = true;
      return Unexpected{say("the case repository is being changed by {} ({} exists); wait for it to finish",
                            describe(*holder, false), path)};
    }
    if (busy) {
      ::close(fd);
      ::usleep(10'000); // another command is taking it over right now: look again
      continue;
    }
    // Stale, and its flock is ours: remove it, then take the lock as new.
    // A taker that opened the old file finds its name gone and looks again.
    const int removed = ::unlink(path.c_str()) == 0 ? 0 : errno;
    ::close(fd);
    if (removed != 0 && removed != ENOENT)
      return Unexpected{say("{}: cannot take the repository lock: {}", path, os_error(removed))};
    note = say("took over a lock left by `mestring {}` (process {}), which is no longer running", holder->command,
               holder->pid);
  }
  return Unexpected{say("{}: cannot take the repository lock: other commands keep taking it", path)};
}

RepositoryLock::RepositoryLock(std::string path, int fd, std::optional<std::string> note)
    : path_(std::move(path)), fd_(fd), note_(std::move(note)) {
  detail::guard_lock(&path_);
}

RepositoryLock::RepositoryLock(RepositoryLock &&other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), note_(std::move(other.note_)) {
  other.path_.clear();
  other.fd_ = -1;
  if (!path_.empty())
    detail::guard_lock(&path_);
}

RepositoryLock::~RepositoryLock() {
  if (path_.empty())
    return;
  detail::guard_lock(nullptr);
  // Unlinked before the flock goes with close(): a taker that opened this
  // file meanwhile sees its name lead elsewhere and looks again.
  ::unlink(path_.c_str());
  if (fd_ >= 0)
    ::close(fd_);
}

std::string RepositoryLock::folder() const { return folder_of(path_); }

} // namespace mestring
