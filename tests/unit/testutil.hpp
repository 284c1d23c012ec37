#pragma once
// What the unit tests share, written once: a date from ISO text, the
// built-in or an overlaid config, a case loaded from its text, an assessment
// of a few cases; and for the file-system tests a fresh folder per test,
// files read and written in one line, a folder's state as a map, and a child
// process. A mistake in a test's own input (a bad date, a config error)
// fails the test that made it, never passes silently.

#include <mestring/assess.hpp>
#include <mestring/config.hpp>
#include <mestring/date.hpp>

#include <csignal>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace mestring::test {

// --- Dates, configs, cases ---

// Returns the date of `iso` (YYYY-MM-DD). A test's mistyped date fails it
// by an exception, which works outside a test case too (a constant's
// initializer), where doctest's assertions cannot run.
inline Date day(std::string_view iso) {
  const auto d = parse_iso_date(iso);
  if (!d)
    throw std::invalid_argument("not a date: " + std::string(iso));
  return *d;
}

// The date most tests take as today: a Wednesday in week 48 of 2025.
inline Date today() { return day("2025-11-26"); }

// The built-in configuration.
inline const Config &defaults() { return builtin_config(); }

// Returns the defaults with `yaml` (a repository's mestring.yaml) laid over
// them; an error in it fails the test.
inline Config config(std::string_view yaml) {
  std::vector<Finding> errors;
  Config cfg = load_config(yaml, "mestring.yaml", errors);
  for (const auto &e : errors)
    FAIL_CHECK("config: line " << e.line << ": " << e.message);
  return cfg;
}

// Loads a case file's text as `file`, findings and all.
inline LoadedCase load_text(std::string_view text, const std::string &file = "cases/k1.yaml",
                            const Config &cfg = defaults(), Date as_of = today()) {
  return load_case(text, file, cfg, as_of);
}

// The file a case text belongs in: cases/<id>.yaml, the id read from the
// text's `id: X` line (quotes dropped), as load_case requires.
inline std::string file_for(std::string_view text) {
  const auto at = text.starts_with("id: ") ? 0 : text.find("\nid: ");
  REQUIRE_MESSAGE(at != std::string_view::npos, "a test case text has an id line: " << std::string(text));
  const auto start = text.find("id: ", at) + 4;
  std::string id(text.substr(start, text.find('\n', start) - start));
  if (id.size() >= 2 && (id.front() == '"' || id.front() == '\''))
    id = id.substr(1, id.size() - 2);
  return "cases/" + id + ".yaml";
}

// Returns the record of a case text that must load without a data error.
inline Case case_of(std::string_view text, const Config &cfg = defaults(), Date as_of = today()) {
  auto loaded = load_case(text, file_for(text), cfg, as_of);
  for (const auto &f : loaded.findings)
    if (f.severity == Severity::error)
      FAIL_CHECK("case data: line " << f.line << ": " << f.rule << ": " << f.message);
  REQUIRE(loaded.record);
  return std::move(*loaded.record);
}

// Loads each text as its file (file_for) and assesses it at `as_of`, as a
// command's run over those files would: a text that is no case leaves only
// its findings. Every obligation is kept.
inline Assessment assessment_of(const std::vector<std::string> &texts, const Config &cfg = defaults(),
                                Date as_of = today()) {
  Assessment a;
  for (const auto &text : texts) {
    auto loaded = load_case(text, file_for(text), cfg, as_of);
    a.findings.insert(a.findings.end(), loaded.findings.begin(), loaded.findings.end());
    if (loaded.record)
      a.cases.push_back(assess_case(*loaded.record, cfg, as_of));
    ++a.files;
  }
  return a;
}

// --- Files and processes ---

// A fresh folder for one test, removed afterwards.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mestring-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  std::string operator/(const std::string &name) const { return (path / name).string(); }
};

inline void put(const std::string &path, const std::string &text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string get(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every entry under `root` (hidden ones too) and what it holds: a file's
// bytes, "->target" for a link, "/" for a folder.
inline std::map<std::string, std::string> tree(const std::filesystem::path &root) {
  std::map<std::string, std::string> out;
  for (auto it = std::filesystem::recursive_directory_iterator(root);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    const auto rel = it->path().lexically_relative(root).string(); // relative() would follow links
    if (it->is_symlink())
      out[rel] = "->" + std::filesystem::read_symlink(it->path()).string();
    else if (it->is_directory())
      out[rel] = "/";
    else
      out[rel] = get(it->path().string());
  }
  return out;
}

// The tree as text, for a failing check's message.
inline std::string describe(const std::map<std::string, std::string> &t) {
  std::string out;
  for (const auto &[name, what] : t)
    out += name + " = " + (what.size() > 40 ? what.substr(0, 40) + "…" : what) + "\n";
  return out;
}

// Runs `body` in a child process; returns its wait status. The child ends
// with _exit(body()), never returning into the test runner.
inline int in_child(const std::function<int()> &body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    // The test runner's crash handlers are not the child's: signals act as in mestring.
    for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGABRT, SIGSEGV})
      ::signal(sig, SIG_DFL);
    ::_exit(body());
  }
  if (pid < 0)
    return -1;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

} // namespace mestring::test
