#include <mestring/repository.hpp>

#include "testutil.hpp"

#include <csignal>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace mestring;
using namespace mestring::test;
namespace fs = std::filesystem;

namespace {

// Runs the test from `folder`, and returns to where it was.
struct InFolder {
  fs::path before = fs::current_path();
  explicit InFolder(const fs::path &folder) { fs::current_path(folder); }
  ~InFolder() { fs::current_path(before); }
};

std::string host() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

// A child that takes the lock, says so through a pipe, and waits to be killed.
pid_t child_holding(const std::string &lock, const char *command) {
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    auto held = RepositoryLock::take(lock, command);
    const char c = held ? 'y' : 'n';
    (void)::write(ready[1], &c, 1);
    for (;;)
      ::pause();
  }
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  REQUIRE(c == 'y');
  ::close(ready[0]);
  ::close(ready[1]);
  return pid;
}

} // namespace

TEST_SUITE("repository") {
  TEST_CASE("the repository of a file is the nearest folder above it with mestring.yaml") {
    TempDir dir;
    put(dir / "repo/mestring.yaml", "cases: cases\n");
    const auto place = repository_of(dir / "repo/cases/sub/2025-0142.yaml");
    REQUIRE(place);
    CHECK(place->folder == dir / "repo");
    CHECK(place->config == dir / "repo/mestring.yaml");
    CHECK(place->lock_path() == dir / "repo/.mestring.lock");
    CHECK(place->journal_path() == dir / "repo/.mestring.journal");
  }

  TEST_CASE("without mestring.yaml above it, the repository of a file is its own folder") {
    TempDir dir;
    const auto place = repository_of(dir / "cases/2025-0142.yaml");
    REQUIRE(place);
    CHECK(place->folder == dir / "cases");
    CHECK_FALSE(place->config);
  }

  TEST_CASE("a relative path finds the repository from the file, never from the current folder") {
    TempDir dir;
    put(dir / "repo/mestring.yaml", "");
    put(dir / "other/mestring.yaml", "");
    {
      InFolder here(dir.path / "repo");
      const auto place = repository_of("cases/2025-0142.yaml");
      REQUIRE(place);
      CHECK(place->folder == ".");
      CHECK(place->config == "mestring.yaml");
    }
    {
      InFolder here(dir.path / "other"); // a repository of its own, which must not count
      const auto place = repository_of("../repo/cases/2025-0142.yaml");
      REQUIRE(place);
      CHECK(place->folder == "../repo");
      CHECK(place->config == "../repo/mestring.yaml");
    }
    {
      fs::create_directories(dir.path / "repo/cases");
      InFolder here(dir.path / "repo/cases");
      const auto place = repository_of("2025-0142.yaml");
      REQUIRE(place);
      CHECK(place->folder == "..");
      CHECK(place->config == "../mestring.yaml");
    }
  }

  TEST_CASE("a file named through a symbolic link belongs to the link's repository, not its target's") {
    TempDir dir;
    put(dir / "repo/mestring.yaml", "");
    put(dir / "elsewhere/mestring.yaml", "");
    put(dir / "elsewhere/cases/x.yaml", "id: x\n");
    fs::create_directories(dir.path / "repo/cases");
    fs::create_symlink(dir.path / "elsewhere/cases/x.yaml", dir.path / "repo/cases/x.yaml");
    const auto place = repository_of(dir / "repo/cases/x.yaml");
    REQUIRE(place);
    CHECK(place->folder == dir / "repo");
  }

  TEST_CASE("a lock names its holder: process, start time, host and command") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    auto lock = RepositoryLock::take(path, "add contact");
    REQUIRE(lock);
    CHECK_FALSE(lock->note());
    CHECK(lock->folder() == dir.path.string());
    const auto holder = parse_lock(get(path));
    REQUIRE(holder);
    CHECK(holder->pid == ::getpid());
    CHECK(holder->start > 0);
    CHECK(holder->host == host());
    CHECK(holder->command == "add contact");
  }

  TEST_CASE("a lock held by a live process is refused, naming it; once that process is gone it is taken over") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    const pid_t child = child_holding(path, "import");
    const auto refused = RepositoryLock::take(path, "add contact");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().starts_with(fmt::format("the case repository is being changed by `mestring import` "
                                                  "(process {}, since ",
                                                  child)));
    CHECK(refused.error().ends_with(fmt::format("({} exists); wait for it to finish", path)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    auto taken = RepositoryLock::take(path, "add contact");
    REQUIRE(taken);
    REQUIRE(taken->note());
    CHECK(*taken->note() ==
          fmt::format("took over a lock left by `mestring import` (process {}), which is no longer running", child));
    CHECK(parse_lock(get(path))->pid == ::getpid());
  }

  TEST_CASE("a lock whose holder died but is not yet reaped (a zombie) is taken over") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    const pid_t child = ::fork();
    if (child == 0) {
      auto held = RepositoryLock::take(path, "import");
      ::_exit(held ? 0 : 1); // _exit: no destructor removes the lock
    }
    // Wait for it to be a zombie without reaping it.
    siginfo_t info{};
    ::waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT);
    REQUIRE(info.si_status == 0);
    auto taken = RepositoryLock::take(path, "import");
    CHECK(taken);
    CHECK(taken->note());
    ::waitpid(child, nullptr, 0);
  }

  TEST_CASE("a lock naming this process's pid with another start time is a reused pid: taken over") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    put(path, fmt::format("`mestring import` (process {0}, since 2025-11-26 09:00:00)\npid: {0}\nstart: 1\n"
                          "host: {1}\ncommand: import\nsince: 2025-11-26 09:00:00\n",
                          ::getpid(), host()));
    auto taken = RepositoryLock::take(path, "new");
    REQUIRE(taken);
    CHECK(taken->note());
  }

  TEST_CASE("a stale lock of another user is taken over, though it cannot be written (a shared folder)") {
    if (::geteuid() != 0)
      return; // the test needs two users
    TempDir dir;
    ::chmod(dir.path.c_str(), 0777);
    const auto path = dir / ".mestring.lock";
    put(path, fmt::format("`mestring import` (process 1, since x)\npid: {}\nstart: 1\nhost: {}\ncommand: import\n",
                          ::getpid(), host()));
    ::chmod(path.c_str(), 0644);
    REQUIRE(::chown(path.c_str(), 1234, 1234) == 0);
    const int status = in_child([&] {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0)
        return 2;
      auto taken = RepositoryLock::take(path, "add contact");
      if (!taken || !taken->note())
        return 1;
      return parse_lock(get(path))->command == "add contact" ? 0 : 3;
    });
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_FALSE(fs::exists(path));
  }

  TEST_CASE("a lock of another host is refused, naming the host and what to do") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    put(path, "`mestring import` (process 4242, since 2025-11-26 09:00:00)\npid: 4242\nstart: 99\n"
              "host: kontor-pc\ncommand: import\nsince: 2025-11-26 09:00:00\n");
    const auto refused = RepositoryLock::take(path, "new");
    REQUIRE_FALSE(refused);
    CHECK(refused.error() ==
          fmt::format("the case repository is being changed by `mestring import` on host kontor-pc (process 4242, "
                      "since 2025-11-26 09:00:00) ({} exists); mestring cannot see from here whether it still runs: "
                      "wait for it to finish or, if it no longer runs on kontor-pc, delete {}",
                      path, path));
    CHECK(fs::exists(path));
  }

  TEST_CASE("a lock in the one-line form of earlier versions is refused as before") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    put(path, "`mestring import` (process 4242, since 2025-11-26 09:00:00)\n");
    const auto refused = RepositoryLock::take(path, "new");
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == fmt::format("the case repository is being changed by `mestring import` (process 4242, "
                                         "since 2025-11-26 09:00:00) ({} exists); wait for it to finish. If no "
                                         "mestring command is running, delete {}",
                                         path, path));
  }

  TEST_CASE("the lock is removed when released, and when SIGTERM ends its holder") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    { REQUIRE(RepositoryLock::take(path, "new")); }
    CHECK_FALSE(fs::exists(path));
    const int status = in_child([&] {
      auto held = RepositoryLock::take(path, "import");
      ::raise(SIGTERM);
      return 0;
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK_FALSE(fs::exists(path));
    CHECK(fs::is_empty(dir.path));
  }

  TEST_CASE("commands racing for one stale lock: exactly one holds it at any time") {
    TempDir dir;
    const auto path = dir / ".mestring.lock";
    put(path, fmt::format("`mestring import` (process 1, since x)\npid: {}\nstart: 1\nhost: {}\ncommand: import\n",
                          ::getpid(), host()));
    int go[2];
    REQUIRE(::pipe(go) == 0);
    std::vector<pid_t> children;
    for (int i = 0; i < 6; ++i) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::close(go[1]);
        char c;
        (void)::read(go[0], &c, 1); // all start together
        const int code = [&] {
          auto held = RepositoryLock::take(path, "import");
          if (!held)
            return 0;
          const int fd = ::open((dir / "holder").c_str(), O_CREAT | O_EXCL | O_WRONLY, 0600);
          if (fd < 0)
            return 3; // two holders at once
          ::usleep(20'000);
          ::close(fd);
          ::unlink((dir / "holder").c_str());
          return 1;
        }();
        ::_exit(code);
      }
      children.push_back(pid);
    }
    ::close(go[0]);
    ::close(go[1]);
    int holders = 0;
    for (const pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      REQUIRE(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) != 3);
      holders += WEXITSTATUS(status) == 1;
    }
    CHECK(holders >= 1);
    CHECK_FALSE(fs::exists(path));
  }

  TEST_CASE("a lock's temporary file: empty and a minute old, or its taker gone, it is abandoned") {
    TempDir dir;
    // Where a lock cannot be made unnamed (O_TMPFILE), a kill between
    // mkostemp and write leaves an empty file; one being written now is
    // empty too, so only an old one is abandoned.
    const auto empty = dir / ".mestring.lock.tmp-Ab12Cd";
    { std::ofstream{empty}; }
    fs::last_write_time(empty, fs::last_write_time(empty) - std::chrono::minutes(2));
    const auto fresh = dir / ".mestring.lock.tmp-Xy56Zw";
    { std::ofstream{fresh}; }
    // A live taker's, whole: this process's lock text, about to be linked.
    const auto live = dir / ".mestring.lock.tmp-Ef34Gh";
    {
      const auto held = RepositoryLock::take(dir / ".mestring.lock", "add");
      REQUIRE(held);
      fs::copy_file(dir / ".mestring.lock", live);
    }
    const auto found = abandoned_lock_files(dir.path.string());
    REQUIRE(found.size() == 1);
    CHECK(fs::path(found[0]).filename() == fs::path(empty).filename());
  }
}
