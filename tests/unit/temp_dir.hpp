#pragma once
// Helpers for the file-system tests: a fresh folder per test, files read and
// written in one line, a folder's state as a map, and a child process.

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace mestring::test {

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
