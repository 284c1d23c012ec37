#include <mestring/cache_dir.hpp>

#include "testutil.hpp"

#include <cstdlib>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <optional>
#include <sys/stat.h>
#include <sys/time.h>

using namespace mestring;
using namespace mestring::test;
namespace fs = std::filesystem;

namespace {

// Points XDG_CACHE_HOME at `path` for one test.
struct CacheHome {
  std::optional<std::string> before;
  explicit CacheHome(const std::string &path) {
    if (const char *v = std::getenv("XDG_CACHE_HOME"))
      before = v;
    ::setenv("XDG_CACHE_HOME", path.c_str(), 1);
  }
  ~CacheHome() {
    if (before)
      ::setenv("XDG_CACHE_HOME", before->c_str(), 1);
    else
      ::unsetenv("XDG_CACHE_HOME");
  }
};

mode_t mode_of(const std::string &path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st.st_mode & 07777;
}

void set_mtime(const std::string &path, std::time_t when) {
  const struct timeval times[2] = {{when, 0}, {when, 0}};
  ::utimes(path.c_str(), times);
}

} // namespace

TEST_SUITE("cache_dir") {
  TEST_CASE("the cache folder is made 0700 under XDG_CACHE_HOME when missing") {
    TempDir dir;
    ::chmod(dir.path.c_str(), 0755);
    CacheHome home(dir / "cache");
    const auto cache = open_cache_dir();
    REQUIRE(cache);
    CHECK(*cache == dir / "cache/mestring");
    CHECK(mode_of(*cache) == 0700);
    CHECK(mode_of(dir / "cache") == 0700);
    CHECK(cache_file_for(*cache, "x").starts_with(*cache + "/cases-"));
    CHECK(cache_file_for(*cache, "x").size() == cache->size() + 1 + 6 + 64 + 4);
  }

  TEST_CASE("a cache folder that is a symbolic link is refused and never followed") {
    TempDir dir;
    ::chmod(dir.path.c_str(), 0755);
    fs::create_directories(dir.path / "target");
    ::chmod((dir / "target").c_str(), 0777);
    fs::create_symlink(dir.path / "target", dir.path / "mestring");
    CacheHome home(dir.path.string());
    const auto cache = open_cache_dir();
    REQUIRE_FALSE(cache);
    CHECK(cache.error() ==
          fmt::format("no cache: {} is a symbolic link; mestring does not follow it", dir / "mestring"));
    CHECK(mode_of(dir / "target") == 0777); // never chmodded
  }

  TEST_CASE("a cache folder that others can write to is refused, and left as it is") {
    TempDir dir;
    ::chmod(dir.path.c_str(), 0755);
    fs::create_directories(dir.path / "mestring");
    ::chmod((dir / "mestring").c_str(), 0775);
    CacheHome home(dir.path.string());
    const auto cache = open_cache_dir();
    REQUIRE_FALSE(cache);
    CHECK(cache.error() == fmt::format("no cache: {} is writable by others (mode 0775); make it yours alone with "
                                       "chmod go-w",
                                       dir / "mestring"));
    CHECK(mode_of(dir / "mestring") == 0775);
  }

  TEST_CASE("a cache folder in a parent that others can write to is refused, unless the parent is sticky") {
    TempDir dir;
    ::chmod(dir.path.c_str(), 0777);
    CacheHome home(dir.path.string());
    const auto cache = open_cache_dir();
    REQUIRE_FALSE(cache);
    CHECK(cache.error().starts_with(
        fmt::format("no cache: {} may be changed by another user (mode 0777", dir.path.string())));
    ::chmod(dir.path.c_str(), 01777);
    CHECK(open_cache_dir());
  }

  TEST_CASE("a cache folder of another user is refused (as root, who can make one)") {
    if (::geteuid() != 0)
      return;
    TempDir dir;
    ::chmod(dir.path.c_str(), 0755);
    fs::create_directories(dir.path / "mestring");
    ::chmod((dir / "mestring").c_str(), 0700);
    REQUIRE(::chown((dir / "mestring").c_str(), 1234, 1234) == 0);
    CacheHome home(dir.path.string());
    const auto cache = open_cache_dir();
    REQUIRE_FALSE(cache);
    CHECK(cache.error() == fmt::format("no cache: {} belongs to another user (uid 1234)", dir / "mestring"));
  }

  TEST_CASE("prune_cache removes the cache files not used for 30 days, clear_cache every one, and nothing else") {
    TempDir dir;
    const std::time_t now = 1'764'150'000; // 2025-11-26
    const auto old_file = cache_file_for(dir.path.string(), "old");
    const auto fresh_file = cache_file_for(dir.path.string(), "fresh");
    const auto leftover = old_file + ".tmp-AbC123";
    for (const auto &f : {old_file, fresh_file, leftover, dir / "notes.txt", dir / "cases-zz.bin"})
      put(f, "x");
    for (const auto &f : {old_file, leftover, dir / "notes.txt", dir / "cases-zz.bin"})
      set_mtime(f, now - 31 * 86400);
    set_mtime(fresh_file, now - 29 * 86400);
    CHECK(prune_cache(dir.path.string(), now) == 2);
    CHECK_FALSE(fs::exists(old_file));
    CHECK_FALSE(fs::exists(leftover));
    CHECK(fs::exists(fresh_file));
    set_mtime(fresh_file, now - 40 * 86400);
    mark_cache_used(fresh_file); // used today: kept
    CHECK(prune_cache(dir.path.string(), std::time(nullptr)) == 0);
    CHECK(clear_cache(dir.path.string()) == 1);
    CHECK(tree(dir.path) == std::map<std::string, std::string>{{"cases-zz.bin", "x"}, {"notes.txt", "x"}});
  }
}
