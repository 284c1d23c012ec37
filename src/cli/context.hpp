#pragma once
// What every command shares: the global options, and the steps that turn
// them into a config and a loaded repository. Only src/cli prints.

#include <mestring/assess.hpp>
#include <mestring/check.hpp>
#include <mestring/config.hpp>
#include <mestring/i18n.hpp>
#include <mestring/load.hpp>

#include <span>

#include <functional>
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
  Date as_of;
  Config config;
  std::string config_dir;    // folder of the config file; "" when none was found
  bool color = false;        // colour standard output (--color, NO_COLOR, a terminal)
  bool color_stderr = false; // colour standard error, likewise

  // How text goes to standard output, and to standard error.
  TextStyle style() const { return {config.lang(), color}; }
  TextStyle stderr_style() const { return {config.lang(), color_stderr}; }

  // Loads the config (exits 2 on any config error) and fixes the as-of date.
  void prepare();
  // Returns the case files under `paths`, or under the config's cases folder.
  std::vector<std::string> case_files(const std::vector<std::string> &paths) const;
  // The config's cases folder, where new case files go.
  std::string case_files_root() const;
  // Loads the case files under `paths` (see case_files), on -j threads and
  // through the cache, whole: for the commands that read or write cases.
  Repository load(const std::vector<std::string> &paths) const;
  // Loads and assesses them (assess.hpp), keeping the obligations `keep`
  // accepts: for the commands that report.
  Assessment assess(const std::vector<std::string> &paths, const Keep &keep = {}) const;
  // The threads and the cache for loading the case files under `roots`.
  LoadOptions load_options(const std::vector<std::string> &roots) const;
  // Returns the file of a case named by path or id: an existing file as
  // given, else the case file under the cases folder whose name or id matches.
  std::string case_path(const std::string &target) const;
  // The lock file of a writing command: in the config's folder, else in the
  // folder of the file being written.
  std::string lock_path(const std::string &written_file) const;
  // Returns the format option, or `fallback`; refuses one not in `allowed`.
  std::string format(std::span<const std::string_view> allowed, std::string_view fallback) const;
};

// The message language before the config is read: --lang from the command
// line, else the `language` of the config the command would read, else LANG
// and LC_MESSAGES. Never fails: anything unreadable is simply skipped.
Lang early_message_lang(int argc, char **argv);

// Whether to colour a stream: `setting` is --color's value; auto colours a
// terminal unless NO_COLOR is set (https://no-color.org) or TERM is dumb.
// Fails on any other setting.
bool use_color(const std::string &setting, int fd);

// Parses a date option (YYYY-MM-DD) or fails with a usage error naming it.
Date parse_date_option(const std::string &text, std::string_view option);

// Refuses, as a usage error naming the option, text a case file would refuse
// (typed_text.hpp): a control character (line breaks only with
// `allow_newlines`), or with `no_cpr` a CPR-like number.
void check_typed_option(std::string_view option, const std::string &value, bool allow_newlines = false,
                        bool no_cpr = true);

} // namespace mestring::cli
