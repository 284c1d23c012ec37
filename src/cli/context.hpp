#pragma once
// What every command shares: the global options, and the steps that turn
// them into a config and a loaded repository. Only src/cli prints.

#include <mestring/assess.hpp>
#include <mestring/check.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>
#include <mestring/load.hpp>
#include <mestring/repository.hpp>

#include <span>

#include <functional>
#include <list>
#include <optional>
#include <string>
#include <vector>

namespace mestring::cli {

// Exit codes of cli.md, in one place.
enum class Exit { ok = 0, findings = 1, usage = 2 };

// Thrown to end a command with a message on stderr and an exit code.
struct Failure {
  Exit code;
  std::string message;      // one sentence, printed after "mestring: error: "
  std::string details = ""; // printed before it as it is: findings, say
};

struct GlobalOptions {
  std::string as_of_text;
  std::string config_path;
  std::string format;
  std::string lang;           // --lang: da or en
  std::string color = "auto"; // --color: auto, always or never
  bool show_cpr = false;
  unsigned jobs = 0;     // -j: threads loading cases; 0 = one per hardware thread
  bool no_cache = false; // --no-cache: parse every file, read and write no cache
  bool quiet = false;
  bool verbose = false;
};

struct Context {
  GlobalOptions global;
  std::string command; // the command's name, as its lock names it ("check", "add")
  Date as_of;
  Config config;
  std::string config_dir;    // folder of the config file; "" when none was found
  bool color = false;        // colour standard output (--color, NO_COLOR, a terminal)
  bool color_stderr = false; // colour standard error, likewise

  // How text goes to standard output, and to standard error.
  TextStyle style() const { return {config.lang(), color}; }
  TextStyle stderr_style() const { return {config.lang(), color_stderr}; }

  // Where the config is looked for, upwards: the first PATH the command
  // names; "" (or a path that names nothing) for the current folder.
  std::string config_start;
  // Loads the config (exits 2 on any config error) and fixes the as-of date.
  void prepare();
  // Loads the config `file` ("" for the built-in defaults) in place of the
  // one read; exits 2 on any config error.
  void use_config(const std::string &file);
  // Returns the case files under `paths`, or under the config's cases folder;
  // the temporary files of interrupted writes go to `temporaries` (load.hpp).
  std::vector<std::string> case_files(const std::vector<std::string> &paths,
                                      std::vector<std::string> *temporaries = nullptr) const;
  // Fails with a usage error naming where it looked when `files`, the case
  // files found under `paths`, are none (cli.md "Never silently empty": an
  // unmounted share is not "all well").
  void require_case_files(const std::vector<std::string> &files, const std::vector<std::string> &paths) const;
  // A date option, `today` and `yesterday` counted from the as-of date.
  Date date(const std::string &text, std::string_view option) const;
  // The config's cases folder, where new case files go.
  std::string case_files_root() const;
  // Loads the case files under `paths` (see case_files), on -j threads and
  // through the cache, whole: for the commands that read or write cases.
  // With `some`, finding none is a usage error (require_case_files).
  Repository load(const std::vector<std::string> &paths, bool some = false) const;
  // Loads and assesses them (assess.hpp), keeping the obligations `keep`
  // accepts: for the commands that report, so finding no case file is a
  // usage error (require_case_files).
  Assessment assess(const std::vector<std::string> &paths, const Keep &keep = {}, Cases cases = Cases::every) const;
  // The threads and the cache for loading the case files under `roots`.
  LoadOptions load_options(const std::vector<std::string> &roots) const;
  // Returns the file of a case named by path or id: an existing file as
  // given, else the case file under the cases folder whose name or id matches.
  std::string case_path(const std::string &target) const;
  // Takes the lock of the repository of `file` (repository_of: found from
  // the file, never from the current folder) for `command`, waiting a few
  // seconds for a command that holds it; prints a takeover of a stale lock
  // and what recovering an interrupted command did as notes. With
  // `its_config`, and without --config, that repository's mestring.yaml is
  // loaded when it is not the one read (`add FILE` named from elsewhere).
  // The lock is held until the command ends; exits 2 when it cannot be taken.
  const RepositoryLock &lock_repository_of(const std::string &file, std::string_view command, bool its_config = false);
  // Returns the format option, or `fallback`; refuses one not in `allowed`.
  std::string format(std::span<const std::string_view> allowed, std::string_view fallback) const;

private:
  // The case files under `paths` (case_files), after recovering what an
  // interrupted command left in their repositories: its journal rolled
  // forward or back, the temporary files it left removed, a stale lock
  // taken over. Never removes anything without the lock; a repository whose
  // lock a running command holds is left alone.
  std::vector<std::string> recovered_case_files(const std::vector<std::string> &paths) const;
  void recover_repositories(const std::vector<std::string> &roots, const std::vector<std::string> &temporaries) const;
  void note(const std::string &text) const;

  std::list<RepositoryLock> locks_; // held until the command ends
  mutable bool cache_noted_ = false, cache_pruned_ = false;
};

// The message language before the config is read: --lang from the command
// line, else the `language` of the config the command would read, else LANG
// and LC_MESSAGES. Never fails: anything unreadable is simply skipped.
Lang early_message_lang(int argc, char **argv);

// Whether to colour a stream: `setting` is --color's value; auto colours a
// terminal unless NO_COLOR is set (https://no-color.org) or TERM is dumb.
// Fails on any other setting.
bool use_color(const std::string &setting, int fd);

// Parses a date option as people type it (sheet_date.hpp: 2025-11-26,
// 26-11-2025, 26.11.2025, 26/11/2025, today, yesterday; `today` is the date
// those two count from) or fails with a usage error naming the option.
Date parse_date_option(const std::string &text, std::string_view option, Date today);

// Refuses, as a usage error naming the option, text a case file would refuse
// (typed_text.hpp): a control character (line breaks only with
// `allow_newlines`), or with `no_cpr` a CPR-like number.
void check_typed_option(std::string_view option, const std::string &value, bool allow_newlines = false,
                        bool no_cpr = true);

} // namespace mestring::cli
