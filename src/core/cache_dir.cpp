#include <mestring/cache_dir.hpp>
#include <mestring/hash.hpp>
#include <mestring/i18n.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view prefix = "cases-";
constexpr std::string_view extension = ".bin";

bool is_hex(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// cases-<hex>.bin, or its temporary file cases-<hex>.bin.tmp-XXXXXX (CaseCache::save).
bool is_ours(std::string_view name) {
  if (!name.starts_with(prefix))
    return false;
  name.remove_prefix(prefix.size());
  if (const auto at = name.find(".bin.tmp-"); at != std::string_view::npos && name.size() == at + 9 + 6)
    name = name.substr(0, at + extension.size());
  return name.ends_with(extension) && is_hex(name.substr(0, name.size() - extension.size()));
}

std::string mode_text(mode_t mode) { return fmt::format("{:04o}", unsigned(mode & 07777)); }

// Why `path` may not hold the cache, or nothing when it may.
std::optional<std::string> unsafe(const std::string &path, const struct stat &st) {
  if (S_ISLNK(st.st_mode))
    return say("no cache: {} is a symbolic link; mestring does not follow it", path);
  if (!S_ISDIR(st.st_mode))
    return say("no cache: {} is not a folder", path);
  if (st.st_uid != ::geteuid())
    return say("no cache: {} belongs to another user (uid {})", path, st.st_uid);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return say("no cache: {} is writable by others (mode {}); make it yours alone with chmod go-w", path,
               mode_text(st.st_mode));
  return std::nullopt;
}

// Removes the files of ours in `dir` that `stale` picks.
template <typename Pick> size_t remove_ours(const std::string &dir, Pick stale) {
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0)
    return 0;
  DIR *d = ::fdopendir(dfd);
  if (!d) {
    ::close(dfd);
    return 0;
  }
  size_t removed = 0;
  while (const dirent *e = ::readdir(d)) {
    struct stat st {};
    if (!is_ours(e->d_name) || ::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != ::geteuid() || !stale(st))
      continue;
    removed += ::unlinkat(dfd, e->d_name, 0) == 0;
  }
  ::closedir(d);
  return removed;
}

} // namespace

namespace {

// $XDG_CACHE_HOME, else ~/.cache: the folder that holds ours.
std::optional<std::string> cache_base() {
  const char *xdg = std::getenv("XDG_CACHE_HOME");
  const char *home = std::getenv("HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute())
    return xdg;
  if (home && *home && fs::path(home).is_absolute())
    return (fs::path(home) / ".cache").string();
  return std::nullopt;
}

} // namespace

std::optional<std::string> cache_dir_path() {
  const auto base = cache_base();
  return base ? std::optional{(fs::path(*base) / "mestring").string()} : std::nullopt;
}

Expected<std::string> open_cache_dir() {
  const auto found = cache_base();
  if (!found)
    return Unexpected{say("no cache: neither XDG_CACHE_HOME nor HOME names a folder")};
  const std::string &base = *found;
  // The base folder as XDG says: created 0700 when missing.
  if (::mkdir(base.c_str(), 0700) != 0 && errno != EEXIST)
    return Unexpected{say("no cache: cannot create {}: {}", base, std::strerror(errno))};
  const std::string dir = (fs::path(base) / "mestring").string();
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return Unexpected{say("no cache: cannot create {}: {}", dir, std::strerror(errno))};

  // Nobody else may rename our folder away and put theirs in its place: the
  // parent is ours or root's, and writable by others only when sticky (/tmp).
  struct stat parent {};
  if (::stat(base.c_str(), &parent) != 0)
    return Unexpected{say("no cache: cannot read {}: {}", base, std::strerror(errno))};
  if ((parent.st_uid != ::geteuid() && parent.st_uid != 0) ||
      ((parent.st_mode & (S_IWGRP | S_IWOTH)) && !(parent.st_mode & S_ISVTX)))
    return Unexpected{say("no cache: {} may be changed by another user (mode {}, uid {})", base,
                          mode_text(parent.st_mode), parent.st_uid)};
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0)
    return Unexpected{say("no cache: cannot read {}: {}", dir, std::strerror(errno))};
  if (const auto why = unsafe(dir, st))
    return Unexpected{*why};
  return dir;
}

std::string cache_file_for(const std::string &dir, std::string_view where) {
  return (fs::path(dir) / fmt::format("{}{}{}", prefix, hash_bytes(where).hex(), extension)).string();
}

void mark_cache_used(const std::string &file) { ::utimensat(AT_FDCWD, file.c_str(), nullptr, AT_SYMLINK_NOFOLLOW); }

size_t prune_cache(const std::string &dir, std::time_t now, std::chrono::seconds max_age) {
  const std::time_t oldest = now - std::time_t(max_age.count());
  return remove_ours(dir, [&](const struct stat &st) { return st.st_mtime < oldest; });
}

size_t clear_cache(const std::string &dir) {
  return remove_ours(dir, [](const struct stat &) { return true; });
}

} // namespace mestring
