#include <mestring/journal.hpp>
#include <mestring/transaction.hpp>

#include "testutil.hpp"

#include <chrono>
#include <csignal>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <random>
#include <sys/stat.h>

using namespace mestring;
using namespace mestring::test;
namespace fs = std::filesystem;

namespace {

using Tree = std::map<std::string, std::string>;

// A repository with two case files; the transaction under test replaces
// both and creates a third (and `extra` more new files).
struct Repo {
  TempDir dir;
  std::string root = dir.path.string();
  Tree before, after;
  explicit Repo(int extra = 0) {
    put(dir / "mestring.yaml", "cases: cases\n");
    put(dir / "cases/a.yaml", "id: a\n");
    put(dir / "cases/b.yaml", "id: b\n");
    before = tree(dir.path);
    after = before;
    after["cases/a.yaml"] = "id: a\ncontacts: [{date: 2025-11-26}]\n";
    after["cases/b.yaml"] = "id: b\nlevel: 2\n";
    after["cases/c.yaml"] = "id: c\n";
    for (int i = 0; i < extra; ++i)
      after[fmt::format("cases/n{:03}.yaml", i)] = fmt::format("id: n{:03}\n", i);
  }
  // Stages every change of `after` in `t`.
  void stage_all(Transaction &t) const {
    for (const auto &[rel, text] : after)
      if (!before.count(rel) || before.at(rel) != text)
        REQUIRE(t.stage(dir / rel, text, before.count(rel) ? WriteMode::replace : WriteMode::create_new));
  }
  // In a child: takes the lock, commits the transaction; 0 when it ends normally.
  int run_in_child(const char *fail_at = nullptr, const char *signal = nullptr) const {
    return in_child([&] {
      if (fail_at)
        ::setenv("MESTRING_FAIL_AT", fail_at, 1);
      if (signal)
        ::setenv("MESTRING_FAIL_SIGNAL", signal, 1);
      auto lock = RepositoryLock::take(dir / ".mestring.lock", "import");
      if (!lock)
        return 2;
      Transaction t(*lock, "import");
      for (const auto &[rel, text] : after)
        if (!before.count(rel) || before.at(rel) != text)
          if (!t.stage(dir / rel, text, before.count(rel) ? WriteMode::replace : WriteMode::create_new))
            return 3;
      return t.commit() ? 0 : 4;
    });
  }
  // What the next command does: take the lock, recover, release.
  std::vector<std::string> next_command() const {
    auto lock = RepositoryLock::take(dir / ".mestring.lock", "check");
    REQUIRE(lock);
    // The lock's own temporary file lies in the repository folder.
    auto candidates = temporary_files_in(dir / "cases");
    for (auto &t : temporary_files_in(root))
      candidates.push_back(t);
    auto notes = recover(*lock, candidates);
    REQUIRE(notes);
    return *notes;
  }
};

} // namespace

TEST_SUITE("journal") {
  TEST_CASE("a transaction writes every file, new ones with the umask's mode, and leaves no journal") {
    Repo repo;
    ::chmod((repo.dir / "cases/a.yaml").c_str(), 0640);
    const mode_t mask = ::umask(027);
    Transaction t(repo.root, "import");
    repo.stage_all(t);
    CHECK(t.size() == 3);
    const auto done = t.commit();
    ::umask(mask);
    REQUIRE(done);
    CHECK(tree(repo.dir.path) == repo.after);
    struct stat st {};
    ::stat((repo.dir / "cases/a.yaml").c_str(), &st);
    CHECK((st.st_mode & 07777) == 0640);
    ::stat((repo.dir / "cases/c.yaml").c_str(), &st);
    CHECK((st.st_mode & 07777) == 0640); // 0666 & ~027
    CHECK(t.notes().empty());
  }

  TEST_CASE("staging refuses what cannot be written, before anything is") {
    Repo repo;
    put(repo.dir / "elsewhere/x.yaml", "");
    Transaction t(repo.root + "/cases", "import");
    CHECK(t.stage(repo.dir / "cases/a.yaml", "x", WriteMode::replace));
    const auto twice = t.stage(repo.dir / "cases/a.yaml", "y", WriteMode::replace);
    REQUIRE_FALSE(twice);
    CHECK(twice.error() == repo.dir / "cases/a.yaml" +
                               ": written twice in one command; this is a mistake in mestring, please report it");
    const auto gone = t.stage(repo.dir / "cases/none.yaml", "x", WriteMode::replace);
    REQUIRE_FALSE(gone);
    CHECK(gone.error().starts_with(repo.dir / "cases/none.yaml" + ": the file is gone: "));
    const auto exists = t.stage(repo.dir / "cases/b.yaml", "x", WriteMode::create_new);
    REQUIRE_FALSE(exists);
    CHECK(exists.error() == repo.dir / "cases/b.yaml" + ": the file exists already; mestring does not overwrite it");
    const auto outside = t.stage(repo.dir / "elsewhere/x.yaml", "x", WriteMode::replace);
    REQUIRE_FALSE(outside);
    CHECK(outside.error() == fmt::format("{}: it is not inside the repository {}; mestring writes there only",
                                         repo.dir / "elsewhere/x.yaml", repo.root + "/cases"));
    CHECK(tree(repo.dir.path).size() == repo.before.size() + 2);
  }

  TEST_CASE("a file that appears before the commit is never overwritten, and then nothing is written") {
    // c.yaml appears (the first new file), or n001.yaml (the last: c.yaml and n000.yaml are in place by then, and
    // are taken back).
    for (const char *appears : {"cases/c.yaml", "cases/n001.yaml"}) {
      CAPTURE(appears);
      Repo repo(2);
      Transaction t(repo.root, "import");
      repo.stage_all(t);
      put(repo.dir / appears, "someone else's\n");
      const auto r = t.commit();
      REQUIRE_FALSE(r);
      CHECK(r.error() ==
            repo.dir / appears + ": the file exists already; mestring does not overwrite it; no file was changed");
      auto expected = repo.before;
      expected[appears] = "someone else's\n";
      CHECK(tree(repo.dir.path) == expected);
    }
  }

  TEST_CASE("killed at each moment, the repository is as before or, once committed, as after the next command") {
    const std::pair<const char *, bool> moments[] = {{"kill-mid-stage", false},
                                                     {"kill-before-rename", false},
                                                     {"kill-after-journal", true},
                                                     {"kill-mid-rename", true}};
    for (const auto &[moment, done] : moments) {
      CAPTURE(moment);
      Repo repo(3);
      const int status = repo.run_in_child(moment);
      REQUIRE(WIFSIGNALED(status));
      CHECK(WTERMSIG(status) == SIGKILL);
      CHECK(fs::exists(repo.dir / ".mestring.journal"));
      const auto journal = parse_journal(get(repo.dir / ".mestring.journal"));
      REQUIRE(journal);
      CHECK(journal->committed == done);
      CHECK(journal->entries.size() == 6);
      const auto notes = repo.next_command();
      REQUIRE(!notes.empty());
      CHECK(notes[0] == (done ? "finished what an interrupted `mestring import` had begun: its 6 files are written"
                              : "undid what an interrupted `mestring import` had begun: none of its files had been "
                                "changed"));
      CHECK(tree(repo.dir.path) == (done ? repo.after : repo.before));
    }
  }

  TEST_CASE("SIGTERM while staging removes the temporary files, the journal and the lock; during the renames it "
            "waits until they are done") {
    for (const char *signal : {"INT", "TERM", "HUP"}) {
      const std::pair<const char *, bool> moments[] = {{"kill-mid-stage", false},
                                                       {"kill-before-rename", false},
                                                       {"kill-after-journal", true},
                                                       {"kill-mid-rename", true}};
      for (const auto &[moment, done] : moments) {
        CAPTURE(signal);
        CAPTURE(moment);
        Repo repo(2);
        const int status = repo.run_in_child(moment, signal);
        REQUIRE(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == (signal[0] == 'I' ? SIGINT : signal[0] == 'T' ? SIGTERM : SIGHUP));
        // Nothing left for the next command to do: no lock, no journal, no temporary file.
        CHECK(tree(repo.dir.path) == (done ? repo.after : repo.before));
      }
    }
  }

  TEST_CASE("killed at random moments, the next command leaves exactly the before or the after") {
    // How long a whole transaction takes here, so that the kills fall all over it.
    const auto start = std::chrono::steady_clock::now();
    {
      Repo repo(12);
      REQUIRE(repo.run_in_child() == 0);
      REQUIRE(tree(repo.dir.path) == repo.after);
    }
    const auto whole = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    std::mt19937 random(12);
    int befores = 0, afters = 0;
    for (int round = 0; round < 30; ++round) {
      Repo repo(12);
      const bool gentle = round % 2; // SIGTERM needs no recovery; SIGKILL does
      // SIGTERM waits until the child has put the test runner's crash handler away.
      sigset_t term, before;
      sigemptyset(&term);
      sigaddset(&term, SIGTERM);
      ::sigprocmask(SIG_BLOCK, &term, &before);
      const pid_t child = ::fork();
      if (child == 0) {
        ::signal(SIGTERM, SIG_DFL);
        ::sigprocmask(SIG_SETMASK, &before, nullptr);
        const bool done = [&] {
          auto lock = RepositoryLock::take(repo.dir / ".mestring.lock", "import");
          Transaction t(*lock, "import");
          repo.stage_all(t);
          return bool(t.commit());
        }();
        ::_exit(done ? 0 : 4);
      }
      ::sigprocmask(SIG_SETMASK, &before, nullptr);
      // A third of the kills in the first millisecond, where the lock and the journal are made.
      const auto until = round % 3 == 0 ? 1'000 : useconds_t(whole.count() * 12 / 10);
      ::usleep(std::uniform_int_distribution<useconds_t>(0, until)(random));
      ::kill(child, gentle ? SIGTERM : SIGKILL);
      int status = 0;
      ::waitpid(child, &status, 0);
      if (gentle) {
        const auto now = tree(repo.dir.path);
        INFO("after SIGTERM: " << now.size() << " entries, lock " << now.count(".mestring.lock") << ", journal "
                               << now.count(".mestring.journal"));
        CHECK((now == repo.before || now == repo.after));
      }
      const auto notes = repo.next_command();
      const auto now = tree(repo.dir.path);
      std::string said;
      for (const auto &n : notes)
        said += n + "\n";
      INFO("round " << round << (gentle ? " SIGTERM" : " SIGKILL") << ", status " << status << "\n"
                    << describe(now) << said);
      CHECK((now == repo.before || now == repo.after));
      befores += now == repo.before;
      afters += now == repo.after;
    }
    INFO(befores << " rounds ended before, " << afters << " after; a whole transaction takes " << whole.count()
                 << " µs");
    CHECK(befores + afters == 30);
  }

  TEST_CASE("recover rolls a committed journal forward: the renames whose temporary file is still there") {
    Repo repo;
    put(repo.dir / "cases/.a.yaml.tmp-AAAAAA", "id: a\nnew\n");
    put(repo.dir / "cases/.c.yaml.tmp-CCCCCC", "id: c\n");
    // b's rename was done before the kill: its temporary file is gone.
    Journal j{true,
              true,
              "import",
              {{false, 0640, "cases/.a.yaml.tmp-AAAAAA", "cases/a.yaml"},
               {false, 0644, "cases/.b.yaml.tmp-BBBBBB", "cases/b.yaml"},
               {true, 0600, "cases/.c.yaml.tmp-CCCCCC", "cases/c.yaml"}}};
    put(repo.dir / ".mestring.journal", format_journal(j));
    const auto notes = recover(repo.root);
    REQUIRE(notes);
    CHECK(*notes == std::vector<std::string>{
                        "finished what an interrupted `mestring import` had begun: its 3 files are written"});
    auto expected = repo.before;
    expected["cases/a.yaml"] = "id: a\nnew\n";
    expected["cases/c.yaml"] = "id: c\n";
    CHECK(tree(repo.dir.path) == expected);
    struct stat st {};
    ::stat((repo.dir / "cases/c.yaml").c_str(), &st);
    CHECK((st.st_mode & 07777) == 0600);
  }

  TEST_CASE("recover rolls a staging journal back, a torn one too, and removes the leftovers it is shown") {
    Repo repo;
    put(repo.dir / "cases/.a.yaml.tmp-AAAAAA", "half");
    put(repo.dir / "cases/.b.yaml.tmp-BBBBBB", "whole\n");
    put(repo.dir / "cases/.old.yaml.tmp-ZZZZZZ", "from an older version\n");
    fs::create_symlink("a.yaml", repo.dir.path / "cases/.l.yaml.tmp-LLLLLL"); // not a file: kept
    Journal j{false,
              true,
              "new",
              {{false, 0644, "cases/.a.yaml.tmp-AAAAAA", "cases/a.yaml"},
               {false, 0644, "cases/.b.yaml.tmp-BBBBBB", "cases/b.yaml"}}};
    auto text = format_journal(j);
    text.resize(text.size() - 20); // torn in the last entry
    put(repo.dir / ".mestring.journal", text);
    const auto notes = recover(repo.root, temporary_files_in(repo.dir / "cases"));
    REQUIRE(notes);
    CHECK(*notes == std::vector<std::string>{
                        "undid what an interrupted `mestring new` had begun: none of its files had been changed",
                        "removed 2 temporary files left by an interrupted command"});
    auto expected = repo.before;
    expected["cases/.l.yaml.tmp-LLLLLL"] = "->a.yaml";
    INFO(describe(tree(repo.dir.path)));
    CHECK(tree(repo.dir.path) == expected); // b's temporary file too (its entry was torn): a leftover
  }

  TEST_CASE("recover touches only temporary files among the candidates, and nothing when there is nothing") {
    Repo repo;
    const auto notes = recover(repo.root, {repo.dir / "cases/a.yaml", repo.dir / "mestring.yaml",
                                           repo.dir / "cases/.a.yaml.tmp-AAAAA", repo.dir / "cases/.tmp-AAAAAA"});
    REQUIRE(notes);
    CHECK(notes->empty());
    CHECK(tree(repo.dir.path) == repo.before);
  }

  TEST_CASE("a journal that names anything but mestring's temporary files inside the repository is left alone") {
    const char *entries[] = {
        "replace 0644 cases/.x.tmp-AAAAAA ../outside/x",       // leaves the repository
        "replace 0644 /etc/.passwd.tmp-AAAAAA /etc/passwd",    // absolute
        "replace 0644 cases/.b.yaml.tmp-AAAAAA other/b.yaml",  // not beside its target
        "replace 0644 cases/b.yaml cases/a.yaml",              // not a temporary file
        "replace 0644 cases/.b.yaml.tmp-AAAAAA cases/a.yaml",  // another file's temporary name
        "replace 99999 cases/.a.yaml.tmp-AAAAAA cases/a.yaml", // not a mode
        "move 0644 cases/.a.yaml.tmp-AAAAAA cases/a.yaml",     // not an entry
    };
    for (const char *entry : entries) {
      CAPTURE(entry);
      Repo repo;
      put(repo.dir / "cases/.b.yaml.tmp-AAAAAA", "forged\n");
      const auto text = fmt::format("mestring journal 1\nstate commit \ncommand import\n{}\nend 1\n", entry);
      put(repo.dir / ".mestring.journal", text);
      const auto before = tree(repo.dir.path);
      const auto r = recover(repo.root);
      REQUIRE_FALSE(r);
      CHECK(r.error().starts_with(repo.dir / ".mestring.journal" + ": this is not a journal mestring wrote (line 4: "));
      CHECK(r.error().ends_with("); mestring leaves it alone: if no mestring command is running, look at it and "
                                "delete it"));
      CHECK(tree(repo.dir.path) == before);
    }
  }

  TEST_CASE("the journal keeps any byte of a file name") {
    Journal j{true, true, "add contact", {{true, 0644, "a b/.x%\ny.yaml.tmp-AbC123", "a b/x%\ny.yaml"}}};
    const auto text = format_journal(j);
    CHECK(text == "mestring journal 1\nstate commit \ncommand add%20contact\n"
                  "new 0644 a%20b/.x%25%0Ay.yaml.tmp-AbC123 a%20b/x%25%0Ay.yaml\nend 1\n");
    const auto back = parse_journal(text);
    REQUIRE(back);
    CHECK(back->committed);
    CHECK(back->complete);
    CHECK(back->command == "add contact");
    CHECK(back->entries == j.entries);
  }

  TEST_CASE("a commit finishes a journal left by an interrupted command first, and says so") {
    Repo repo;
    REQUIRE(WIFSIGNALED(repo.run_in_child("kill-after-journal")));
    Transaction t(repo.root, "add contact");
    REQUIRE(t.stage(repo.dir / "cases/b.yaml", "id: b\nlevel: 3\n", WriteMode::replace));
    fs::remove(repo.dir / ".mestring.lock");
    REQUIRE(t.commit());
    CHECK(t.notes() == std::vector<std::string>{
                           "finished what an interrupted `mestring import` had begun: its 3 files are written"});
    auto expected = repo.after;
    expected["cases/b.yaml"] = "id: b\nlevel: 3\n";
    CHECK(tree(repo.dir.path) == expected);
  }

  TEST_CASE("is_temporary_name knows mestring's temporary files and nothing else") {
    CHECK(is_temporary_name("cases/.2025-0142.yaml.tmp-a1B2c3"));
    CHECK(is_temporary_name(".x.tmp-AAAAAA"));
    CHECK_FALSE(is_temporary_name("cases/2025-0142.yaml"));
    CHECK_FALSE(is_temporary_name(".x.tmp-AAAAA"));
    CHECK_FALSE(is_temporary_name(".x.tmp-AAAAA-"));
    CHECK_FALSE(is_temporary_name("x.tmp-AAAAAA"));
    CHECK_FALSE(is_temporary_name(".tmp-AAAAAA"));
  }
}

TEST_SUITE("journal") {
  TEST_CASE("a damaged journal never parses to an entry outside the repository or beside another file") {
    const Journal j{true,
                    true,
                    "import",
                    {{false, 0640, "cases/.a.yaml.tmp-AAAAAA", "cases/a.yaml"},
                     {true, 0600, "cases/sub/.b.yaml.tmp-BbBbBb", "cases/sub/b.yaml"}}};
    const std::string good = format_journal(j);
    std::mt19937 random(85);
    const std::string alphabet = "/.%0123456789ABCDEF ace\n-tmp";
    for (int round = 0; round < 5000; ++round) {
      std::string text = good;
      for (int edits = 1 + int(random() % 4); edits > 0; --edits) {
        const size_t at = random() % text.size();
        switch (random() % 3) {
        case 0: text[at] = alphabet[random() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + random() % 8); break;
        default: text.insert(at, 1, alphabet[random() % alphabet.size()]);
        }
        if (text.empty())
          text = "x";
      }
      const auto parsed = parse_journal(text);
      if (!parsed)
        continue;
      for (const auto &e : parsed->entries) {
        CAPTURE(text);
        CHECK_FALSE(e.temp.starts_with("/"));
        CHECK_FALSE(e.target.starts_with("/"));
        CHECK(e.temp.find("..") == std::string::npos);
        CHECK(is_temporary_name(e.temp));
        CHECK(fs::path(e.temp).parent_path() == fs::path(e.target).parent_path());
        CHECK(fs::path(e.temp).filename().string().starts_with("." + fs::path(e.target).filename().string() + ".tmp-"));
      }
    }
  }
}
