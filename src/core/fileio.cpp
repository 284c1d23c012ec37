// Reading files, and what every write needs to know of its target. The
// transaction that writes many files all or nothing is journal.cpp.
#include <mestring/fileio.hpp>
#include <mestring/i18n.hpp>

#include "write_target.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring {

namespace fs = std::filesystem;

namespace detail {

std::string os_error(int err) { return std::strerror(err); }

bool injected_failure(std::string_view step) {
  const char *at = std::getenv("MESTRING_FAIL_AT");
  return at && step == at;
}

void injected_kill(std::string_view moment) {
  if (!injected_failure(moment))
    return;
  int sig = SIGKILL;
  if (const char *name = std::getenv("MESTRING_FAIL_SIGNAL")) {
    const std::string_view n(name);
    sig = n == "INT" ? SIGINT : n == "TERM" ? SIGTERM : n == "HUP" ? SIGHUP : SIGKILL;
  }
  ::raise(sig);
}

void sync_folder(const std::string &folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

mode_t creation_mode() {
  // /proc tells the umask without changing it, which umask() cannot do
  // without a moment in which another thread's new file would get 0666.
  const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (n > 0) {
      const std::string_view status(buffer, size_t(n));
      if (const auto at = status.find("\nUmask:\t"); at != std::string_view::npos)
        return 0666 & ~mode_t(std::strtoul(buffer + at + 8, nullptr, 8));
    }
  }
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return 0666 & ~mask;
}

namespace {

std::string folder_of(const std::string &path) {
  const auto parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string user_name(uid_t uid) {
  struct passwd pw {
  }, *found = nullptr;
  char buffer[4096];
  if (::getpwuid_r(uid, &pw, buffer, sizeof buffer, &found) == 0 && found)
    return found->pw_name;
  return std::to_string(uid);
}

std::string group_name(gid_t gid) {
  struct group gr {
  }, *found = nullptr;
  char buffer[4096];
  if (::getgrgid_r(gid, &gr, buffer, sizeof buffer, &found) == 0 && found)
    return found->gr_name;
  return std::to_string(gid);
}

std::string link_text(const std::string &path) {
  char buffer[PATH_MAX];
  const ssize_t n = ::readlink(path.c_str(), buffer, sizeof buffer);
  return n > 0 ? std::string(buffer, size_t(n)) : std::string("?");
}

} // namespace

Expected<WriteTarget> resolve_write_target(const std::string &path, const std::string &root, WriteMode mode,
                                           mode_t new_mode) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT || mode == WriteMode::replace)
      return Unexpected{say("{}: the file is gone: {}", path, os_error(errno))};
    return WriteTarget{path, folder_of(path), false, new_mode, uid_t(-1), gid_t(-1)};
  }
  if (mode == WriteMode::create_new)
    return Unexpected{say("{}: the file exists already; mestring does not overwrite it", path)};
  std::string target = path;
  if (S_ISLNK(st.st_mode)) {
    // Written through, never replaced by a regular file, and only inside the repository.
    char resolved[PATH_MAX];
    if (!::realpath(path.c_str(), resolved) || ::stat(resolved, &st) != 0)
      return Unexpected{say("{}: it is a symbolic link to {}, which does not exist; mestring does not write "
                            "through it, so nothing was written",
                            path, link_text(path))};
    if (!inside_repository(path, root))
      return Unexpected{say("{}: it is a symbolic link to {}, outside the repository ({}); mestring writes only "
                            "inside the repository, so the file is unchanged",
                            path, resolved, root)};
    target = resolved;
  }
  if (!S_ISREG(st.st_mode))
    return Unexpected{say("{}: cannot write: it is {}, not a file", path, file_kind(st.st_mode))};
  return WriteTarget{target, folder_of(target), true, mode_t(st.st_mode & 07777), st.st_uid, st.st_gid};
}

Expected<bool> fill_temporary(int fd, std::string_view bytes, const WriteTarget &target, const std::string &shown,
                              bool sync) {
  auto fail = [&](std::string message) {
    ::close(fd);
    return Unexpected{std::move(message)};
  };
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n =
        injected_failure("write") ? (errno = ENOSPC, -1) : ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return fail(say("{}: cannot write: {}", shown, os_error(errno)));
    done += size_t(n);
  }
  struct stat st {};
  if (target.exists && ::fstat(fd, &st) == 0 && (st.st_uid != target.uid || st.st_gid != target.gid)) {
    // Another user's file keeps its owner and group, or is not written at all.
    const uid_t uid = st.st_uid != target.uid ? target.uid : uid_t(-1);
    const gid_t gid = st.st_gid != target.gid ? target.gid : gid_t(-1);
    if (::fchown(fd, uid, gid) != 0)
      return fail(say("{}: the file belongs to user {} and group {}; mestring, running as user {}, cannot give "
                      "its new version that owner and group, and does not change who owns a file",
                      shown, user_name(target.uid), group_name(target.gid), user_name(::geteuid())));
  }
  if (injected_failure("sync") || (sync && ::fsync(fd) != 0))
    return fail(say("{}: cannot write: {}", shown, os_error(injected_failure("sync") ? EIO : errno)));
  if (::close(fd) != 0) // NFS and some full disks report the failed write only here
    return Unexpected{say("{}: cannot write: {}", shown, os_error(errno))};
  return true;
}

} // namespace detail

using detail::os_error;

std::string_view file_kind(mode_t mode) {
  if (S_ISDIR(mode))
    return tr(message_lang(), "a folder");
  if (S_ISFIFO(mode))
    return tr(message_lang(), "a FIFO (named pipe)");
  if (S_ISCHR(mode) || S_ISBLK(mode))
    return tr(message_lang(), "a device");
  if (S_ISSOCK(mode))
    return tr(message_lang(), "a socket");
  return tr(message_lang(), "a special file");
}

namespace {

// Reads the open file `fd` (closing it) as read_regular_file says.
std::string read_open_file(int fd, std::string &out, size_t max_bytes) {
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int err = errno;
    ::close(fd);
    if (st.st_mode == 0)
      return os_error(err);
    return say("it is {}, not a file; mestring reads only regular files", file_kind(st.st_mode));
  }
  // Sized once from fstat; a file that grows meanwhile is read on in steps.
  out.resize(st.st_size > 0 ? std::min(size_t(st.st_size), max_bytes) : 0);
  size_t done = 0;
  int err = 0;
  while (done < max_bytes) {
    if (done == out.size())
      out.resize(std::min(done + 4096, max_bytes));
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      err = errno;
    if (n <= 0)
      break;
    done += size_t(n);
  }
  ::close(fd);
  out.resize(done);
  return err ? os_error(err) : "";
}

constexpr int read_flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;

} // namespace

std::string read_regular_file(const std::string &path, std::string &out, size_t max_bytes) {
  out.clear();
  const int fd = ::open(path.c_str(), read_flags);
  if (fd < 0)
    return os_error(errno);
  return read_open_file(fd, out, max_bytes);
}

std::string read_case_bytes(const std::string &path, std::string &out, size_t max_bytes) {
  out.clear();
  int fd = ::open(path.c_str(), read_flags | O_NOFOLLOW);
  if (fd < 0 && errno == ELOOP) {
    // A symbolic link: read only when it leads to a file inside the
    // repository. One that leads nowhere (a loop, a missing target) is
    // opened below, so that the message says which.
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved)) {
      const auto place = repository_of(path);
      if (!place || !inside_repository(path, place->folder))
        return say("it is a symbolic link that leads out of its repository, and mestring reads case files only "
                   "inside the repository");
    }
    fd = ::open(path.c_str(), read_flags);
  }
  if (fd < 0)
    return os_error(errno);
  return read_open_file(fd, out, max_bytes);
}

Expected<std::string> read_file(const std::string &path, size_t max_bytes) {
  std::string out;
  const auto why = read_regular_file(path, out, max_bytes);
  if (!why.empty())
    return Unexpected{say("{}: cannot read: {}", path, why)};
  return out;
}

bool inside_repository(const std::string &path, const std::string &root) {
  char resolved[PATH_MAX], resolved_root[PATH_MAX];
  if (!::realpath(path.c_str(), resolved) || !::realpath(root.c_str(), resolved_root))
    return false;
  const std::string_view file(resolved), folder(resolved_root);
  if (folder == "/")
    return true;
  return file.size() > folder.size() && file.starts_with(folder) && file[folder.size()] == '/';
}

} // namespace mestring
