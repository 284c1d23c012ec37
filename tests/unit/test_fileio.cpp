#include <mestring/fileio.hpp>
#include <mestring/journal.hpp>

#include "testutil.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <sys/stat.h>

using namespace mestring;
using namespace mestring::test;
namespace fs = std::filesystem;

namespace {

struct stat stat_of(const std::string &path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st;
}

// Sets the umask for one test.
struct Umask {
  mode_t before;
  explicit Umask(mode_t mask) : before(::umask(mask)) {}
  ~Umask() { ::umask(before); }
};

} // namespace

TEST_SUITE("fileio") {
  TEST_CASE("a new file gets 0666 less the umask: 0600 under umask 077, 0644 under 022") {
    TempDir dir;
    {
      Umask mask(077);
      REQUIRE(write_file_atomic(dir / "private.yaml", "id: a\n", WriteMode::create_new));
    }
    {
      Umask mask(022);
      REQUIRE(write_file_atomic(dir / "shared.yaml", "id: b\n", WriteMode::create_new));
    }
    CHECK((stat_of(dir / "private.yaml").st_mode & 07777) == 0600);
    CHECK((stat_of(dir / "shared.yaml").st_mode & 07777) == 0644);
    CHECK(get(dir / "private.yaml") == "id: a\n");
  }

  TEST_CASE("a rewritten file keeps its mode, whatever the umask") {
    TempDir dir;
    put(dir / "k.yaml", "old\n");
    ::chmod((dir / "k.yaml").c_str(), 0640);
    Umask mask(077);
    REQUIRE(write_file_atomic(dir / "k.yaml", "new\n", WriteMode::replace));
    CHECK((stat_of(dir / "k.yaml").st_mode & 07777) == 0640);
    CHECK(get(dir / "k.yaml") == "new\n");
    CHECK(tree(dir.path).size() == 1);
  }

  TEST_CASE("a rewritten file keeps its owner and group (as root, who may give them)") {
    if (::geteuid() != 0)
      return; // only root can make a file that belongs to someone else
    TempDir dir;
    put(dir / "k.yaml", "old\n");
    REQUIRE(::chown((dir / "k.yaml").c_str(), 1234, 5678) == 0);
    REQUIRE(write_file_atomic(dir / "k.yaml", "new\n", WriteMode::replace));
    const auto st = stat_of(dir / "k.yaml");
    CHECK(st.st_uid == 1234);
    CHECK(st.st_gid == 5678);
    CHECK(get(dir / "k.yaml") == "new\n");
  }

  TEST_CASE("a user who cannot keep a file's owner gets a refusal, and the file is unchanged") {
    if (::geteuid() != 0)
      return; // the test needs two users: root sets up, nobody writes
    TempDir dir;
    ::chmod(dir.path.c_str(), 0777);
    put(dir / "k.yaml", "old\n");
    ::chmod((dir / "k.yaml").c_str(), 0666);
    REQUIRE(::chown((dir / "k.yaml").c_str(), 1234, 1234) == 0);
    const auto message = dir / "message";
    const int status = in_child([&] {
      if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)
        return 2;
      const auto r = write_file_atomic(dir / "k.yaml", "new\n", WriteMode::replace);
      if (r)
        return 1;
      const int fd = ::open(message.c_str(), O_WRONLY | O_CREAT, 0666);
      (void)::write(fd, r.error().data(), r.error().size());
      ::close(fd);
      return 0;
    });
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK(get(message) == fmt::format("{}: the file belongs to user {} and group {}; mestring, running as user "
                                      "nobody, cannot give its new version that owner and group, and does not "
                                      "change who owns a file; the file is unchanged",
                                      dir / "k.yaml", "1234", "1234"));
    CHECK(get(dir / "k.yaml") == "old\n");
    CHECK(stat_of(dir / "k.yaml").st_uid == 1234);
    fs::remove(message);
    CHECK(tree(dir.path).size() == 1); // no temporary file, no journal
  }

  TEST_CASE("the temporary file is readable by its writer only until the rename") {
    TempDir dir;
    put(dir / "k.yaml", "id: k\ncitizen: {cpr: \"010190-1234\"}\n");
    ::chmod((dir / "k.yaml").c_str(), 0644);
    const int status = in_child([&] {
      ::setenv("MESTRING_FAIL_AT", "kill-before-rename", 1);
      return write_file_atomic(dir / "k.yaml", "changed\n", WriteMode::replace) ? 0 : 1;
    });
    REQUIRE(WIFSIGNALED(status));
    const auto temps = temporary_files_in(dir.path.string());
    REQUIRE(temps.size() == 1);
    CHECK((stat_of(temps[0]).st_mode & 07777) == 0600);
    CHECK(get(temps[0]) == "changed\n");
    REQUIRE(recover(dir.path.string()));
    CHECK(tree(dir.path) == std::map<std::string, std::string>{{"k.yaml", "id: k\ncitizen: {cpr: \"010190-1234\"}\n"}});
  }

  TEST_CASE("a symbolic link to a file inside the repository is written through and stays a link") {
    TempDir dir;
    put(dir / "mestring.yaml", "");
    put(dir / "store/x.yaml", "old\n");
    ::chmod((dir / "store/x.yaml").c_str(), 0640);
    fs::create_directories(dir.path / "cases");
    fs::create_symlink("../store/x.yaml", dir.path / "cases/x.yaml");
    CHECK(inside_repository(dir / "cases/x.yaml", dir.path.string()));
    REQUIRE(write_file_atomic(dir / "cases/x.yaml", "new\n", WriteMode::replace));
    CHECK(fs::is_symlink(dir.path / "cases/x.yaml"));
    CHECK(get(dir / "store/x.yaml") == "new\n");
    CHECK((stat_of(dir / "store/x.yaml").st_mode & 07777) == 0640);
    INFO(describe(tree(dir.path)));
    CHECK(tree(dir.path) == std::map<std::string, std::string>{{"mestring.yaml", ""},
                                                               {"store", "/"},
                                                               {"store/x.yaml", "new\n"},
                                                               {"cases", "/"},
                                                               {"cases/x.yaml", "->../store/x.yaml"}});
  }

  TEST_CASE("a symbolic link to a file outside the repository is refused, saying why; nothing changes") {
    TempDir dir;
    put(dir / "repo/mestring.yaml", "");
    put(dir / "outside/shadow", "secret\n");
    fs::create_directories(dir.path / "repo/cases");
    fs::create_symlink(dir.path / "outside/shadow", dir.path / "repo/cases/x.yaml");
    CHECK_FALSE(inside_repository(dir / "repo/cases/x.yaml", dir / "repo"));
    const auto before = tree(dir.path);
    const auto r = write_file_atomic(dir / "repo/cases/x.yaml", "new\n", WriteMode::replace);
    REQUIRE_FALSE(r);
    CHECK(r.error() == fmt::format("{}: it is a symbolic link to {}, outside the repository ({}); mestring writes "
                                   "only inside the repository, so the file is unchanged",
                                   dir / "repo/cases/x.yaml", dir / "outside/shadow", dir / "repo"));
    CHECK(tree(dir.path) == before);
  }

  TEST_CASE("a symbolic link that leads nowhere is neither written through nor replaced") {
    TempDir dir;
    fs::create_symlink("missing.yaml", dir.path / "x.yaml");
    const auto r = write_file_atomic(dir / "x.yaml", "new\n", WriteMode::replace);
    REQUIRE_FALSE(r);
    CHECK(r.error() == fmt::format("{}: it is a symbolic link to missing.yaml, which does not exist; mestring does "
                                   "not write through it, so nothing was written",
                                   dir / "x.yaml"));
    const auto created = write_file_atomic(dir / "x.yaml", "new\n", WriteMode::create_new);
    REQUIRE_FALSE(created);
    CHECK(created.error() == dir / "x.yaml" + ": the file exists already; mestring does not overwrite it");
    CHECK(fs::is_symlink(dir.path / "x.yaml"));
    CHECK(tree(dir.path).size() == 1);
  }

  TEST_CASE("inside_repository resolves both sides: a file inside, a path that climbs out, a folder's prefix") {
    TempDir dir;
    put(dir / "repo/cases/a.yaml", "");
    put(dir / "repo2/b.yaml", "");
    CHECK(inside_repository(dir / "repo/cases/a.yaml", dir / "repo"));
    CHECK(inside_repository(dir / "repo/cases/a.yaml", dir / "repo/"));
    CHECK_FALSE(inside_repository(dir / "repo/../repo2/b.yaml", dir / "repo"));
    CHECK_FALSE(inside_repository(dir / "repo2/b.yaml", dir / "repo")); // "repo2" begins with "repo"
    CHECK_FALSE(inside_repository(dir / "repo/cases/none.yaml", dir / "repo"));
  }

  TEST_CASE("a folder where a file should be is refused by name") {
    TempDir dir;
    fs::create_directories(dir.path / "x.yaml");
    const auto r = write_file_atomic(dir / "x.yaml", "new\n", WriteMode::replace);
    REQUIRE_FALSE(r);
    CHECK(r.error() == dir / "x.yaml" + ": cannot write: it is a folder, not a file");
  }

  TEST_CASE("a failure at any step, the journal's included, leaves the file as it was and nothing behind") {
    for (const char *step : {"journal", "open", "write", "sync", "rename"}) {
      CAPTURE(step);
      TempDir dir;
      put(dir / "k.yaml", "original\n");
      ::setenv("MESTRING_FAIL_AT", step, 1);
      const auto replaced = write_file_atomic(dir / "k.yaml", "changed\n", WriteMode::replace);
      const auto created = write_file_atomic(dir / "n.yaml", "new\n", WriteMode::create_new);
      ::unsetenv("MESTRING_FAIL_AT");
      CHECK_FALSE(replaced);
      CHECK_FALSE(created);
      CHECK(tree(dir.path) == std::map<std::string, std::string>{{"k.yaml", "original\n"}});
    }
  }

  TEST_CASE("an output file is written on its own: no journal, no lock, the umask's mode, a kept mode when replaced") {
    TempDir dir;
    {
      Umask mask(077);
      REQUIRE(write_output_file(dir / "sager.csv", "a;b\n"));
    }
    CHECK((stat_of(dir / "sager.csv").st_mode & 07777) == 0600);
    ::chmod((dir / "sager.csv").c_str(), 0640);
    REQUIRE(write_output_file(dir / "sager.csv", "c;d\n"));
    CHECK((stat_of(dir / "sager.csv").st_mode & 07777) == 0640);
    CHECK(tree(dir.path) == std::map<std::string, std::string>{{"sager.csv", "c;d\n"}});
  }

  TEST_CASE("an output file that cannot be written is left as it was, and nothing beside it") {
    for (const char *step : {"open", "write", "sync", "rename"}) {
      CAPTURE(step);
      TempDir dir;
      put(dir / "sager.csv", "old\n");
      ::setenv("MESTRING_FAIL_AT", step, 1);
      const auto r = write_output_file(dir / "sager.csv", "new\n");
      ::unsetenv("MESTRING_FAIL_AT");
      REQUIRE_FALSE(r);
      CHECK(r.error().ends_with("; the file is unchanged"));
      CHECK(tree(dir.path) == std::map<std::string, std::string>{{"sager.csv", "old\n"}});
    }
  }

  TEST_CASE("an output file's writer killed by SIGTERM leaves no temporary file") {
    TempDir dir;
    const int status = in_child([&] {
      ::setenv("MESTRING_FAIL_AT", "kill-before-rename", 1);
      ::setenv("MESTRING_FAIL_SIGNAL", "TERM", 1);
      return write_output_file(dir / "sager.csv", "010190-1234\n") ? 0 : 1;
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(tree(dir.path).empty());
  }

  TEST_CASE("a case file that is a link is read only when it stays inside its repository; nothing of the target is "
            "quoted") {
    TempDir dir;
    put(dir / "repo/mestring.yaml", "");
    put(dir / "repo/store/a.yaml", "id: a\n");
    put(dir / "outside/shadow", "root:secret\n");
    fs::create_directories(dir.path / "repo/cases");
    fs::create_symlink("../store/a.yaml", dir.path / "repo/cases/a.yaml");
    fs::create_symlink(dir.path / "outside/shadow", dir.path / "repo/cases/x.yaml");
    fs::create_symlink("loop.yaml", dir.path / "repo/cases/loop.yaml");
    std::string bytes;
    CHECK(read_case_bytes(dir / "repo/cases/a.yaml", bytes, 1000).empty());
    CHECK(bytes == "id: a\n");
    const auto why = read_case_bytes(dir / "repo/cases/x.yaml", bytes, 1000);
    CHECK(why == "it is a symbolic link that leads out of its repository, and mestring reads case files only inside "
                 "the repository");
    CHECK(bytes.empty());
    CHECK(read_case_bytes(dir / "repo/cases/loop.yaml", bytes, 1000) == "Too many levels of symbolic links");
  }
}
