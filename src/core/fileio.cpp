#include <mestring/fileio.hpp>
#include <mestring/i18n.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring {

namespace fs = std::filesystem;

namespace {

// Returns true when the tests asked this step to fail.
bool injected_failure(std::string_view step) {
  const char* at = std::getenv("MESTRING_FAIL_AT");
  return at && step == at;
}

std::string os_error(int err) { return std::strerror(err); }

// Removes the temporary file on every path that does not end in rename.
struct TempFile {
  std::string path;
  int fd = -1;
  bool keep = false;
  ~TempFile() {
    if (fd >= 0)
      ::close(fd);
    if (!keep && !path.empty())
      ::unlink(path.c_str());
  }
};

void sync_folder(const std::string& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

} // namespace

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


std::string read_regular_file(const std::string& path, std::string& out, size_t max_bytes) {
  out.clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return os_error(errno);
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

Expected<std::string> read_file(const std::string& path, size_t max_bytes) {
  std::string out;
  const auto why = read_regular_file(path, out, max_bytes);
  if (!why.empty())
    return Unexpected{say("{}: cannot read: {}", path, why)};
  return out;
}

Expected<StagedWrite> StagedWrite::stage(const std::string& path, std::string_view bytes, WriteMode mode) {
  const fs::path target(path);
  const std::string folder = target.parent_path().empty() ? "." : target.parent_path().string();
  struct stat original {};
  const bool exists = ::stat(path.c_str(), &original) == 0;
  if (mode == WriteMode::replace && !exists)
    return Unexpected{say("{}: the file is gone: {}", path, os_error(errno))};
  if (mode == WriteMode::create_new && exists)
    return Unexpected{say("{}: the file exists already; mestring does not overwrite it", path)};

  TempFile tmp;
  std::string pattern = (fs::path(folder) / fmt::format(".{}.tmp-XXXXXX", target.filename().string())).string();
  tmp.fd = injected_failure("open") ? (errno = EACCES, -1) : ::mkstemp(pattern.data());
  if (tmp.fd < 0)
    return Unexpected{say("{}: cannot create a temporary file in {}: {}; the file is unchanged", path,
                                  folder, os_error(errno))};
  tmp.path = pattern;

  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = injected_failure("write") ? (errno = ENOSPC, -1)
                                                : ::write(tmp.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return Unexpected{say("{}: cannot write: {}; the file is unchanged", path, os_error(errno))};
    done += size_t(n);
  }
  const mode_t perms = exists ? original.st_mode & 07777 : 0644;
  if (::fchmod(tmp.fd, perms) != 0 || injected_failure("sync") || ::fsync(tmp.fd) != 0)
    return Unexpected{say("{}: cannot write: {}; the file is unchanged", path,
                                  os_error(injected_failure("sync") ? EIO : errno))};
  const int fd = tmp.fd;
  tmp.fd = -1;
  if (::close(fd) != 0) // NFS and some full disks report the failed write only here
    return Unexpected{say("{}: cannot write: {}; the file is unchanged", path, os_error(errno))};
  StagedWrite staged(path, tmp.path, mode);
  tmp.path.clear(); // the staged write owns it now
  return staged;
}

Expected<bool> StagedWrite::commit() {
  // For the tests: the process dies with the temporary file complete and not yet renamed.
  if (injected_failure("kill-before-rename"))
    ::raise(SIGKILL);
  const std::string folder = fs::path(path_).parent_path().empty() ? "." : fs::path(path_).parent_path().string();
  const int injected = injected_failure("rename") ? EIO : 0;
  if (mode_ == WriteMode::create_new) {
    // link() refuses an existing target, so a file that appeared meanwhile is never overwritten.
    if (injected || ::link(temp_.c_str(), path_.c_str()) != 0)
      return Unexpected{say("{}: cannot create: {}", path_, os_error(injected ? injected : errno))};
    ::unlink(temp_.c_str());
  } else if (injected || ::rename(temp_.c_str(), path_.c_str()) != 0) {
    return Unexpected{say("{}: cannot replace: {}; the file is unchanged", path_,
                                  os_error(injected ? injected : errno))};
  }
  temp_.clear(); // renamed or linked: nothing left to remove
  sync_folder(folder);
  remove_leftovers(path_);
  return true;
}

StagedWrite::StagedWrite(StagedWrite&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::move(other.temp_)), mode_(other.mode_) {
  other.temp_.clear();
}

StagedWrite::~StagedWrite() {
  if (!temp_.empty())
    ::unlink(temp_.c_str());
}

void StagedWrite::remove_leftovers(const std::string& path) {
  const fs::path target(path);
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = "." + target.filename().string() + ".tmp-";
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (name.size() == prefix.size() + 6 && name.starts_with(prefix) && it->is_regular_file(ec))
      fs::remove(it->path(), ec);
  }
}

Expected<bool> write_file_atomic(const std::string& path, std::string_view bytes, WriteMode mode) {
  auto staged = StagedWrite::stage(path, bytes, mode);
  if (!staged)
    return Unexpected{staged.error()};
  return staged->commit();
}

Expected<RepositoryLock> RepositoryLock::take(const std::string& path, std::string_view command) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno != EEXIST)
      return Unexpected{say("{}: cannot take the repository lock: {}", path, os_error(errno))};
    std::string holder = "another mestring command";
    if (const auto text = read_file(path); text && !text->empty())
      holder = text->substr(0, text->find('\n'));
    return Unexpected{say("the case repository is being changed by {} ({} exists); wait for it to finish. "
                                  "If no mestring command is running, delete {}",
                                  holder, path, path)};
  }
  const std::time_t now = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  const auto line = fmt::format("`mestring {}` (process {}, since {})\n", command, ::getpid(), when);
  const bool written = ::write(fd, line.data(), line.size()) == ssize_t(line.size());
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return Unexpected{say("{}: cannot write the repository lock", path)};
  }
  return RepositoryLock(path);
}

RepositoryLock::RepositoryLock(RepositoryLock&& other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

RepositoryLock::~RepositoryLock() {
  if (!path_.empty())
    ::unlink(path_.c_str());
}

} // namespace mestring
