#include "context.hpp"
#include "output.hpp"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mestring/cache_dir.hpp>
#include <mestring/fileio.hpp>
#include <mestring/i18n.hpp>
#include <mestring/journal.hpp>
#include <mestring/privacy.hpp>
#include <mestring/sheet_date.hpp>
#include <mestring/text.hpp>
#include <mestring/typed_text.hpp>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring::cli {

namespace fs = std::filesystem;

namespace {

Date today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date::from_ymd(local.tm_year + 1900, unsigned(local.tm_mon + 1), unsigned(local.tm_mday));
}

// Reads a config: a regular file only (never waits on a FIFO), and no more
// than the guard needs to see that it is too large.
std::optional<std::string> read_file(const std::string &path) {
  auto bytes = mestring::read_file(path, InputLimits{}.max_file_size + 1);
  if (!bytes)
    return std::nullopt;
  return std::move(*bytes);
}

// Returns mestring.yaml in the folder `start` names (its folder, for a
// file; the current folder for "" or a path that names nothing) or the
// nearest one above it.
std::optional<fs::path> find_config(const std::string &start = "") {
  std::error_code ec;
  fs::path dir = fs::current_path(ec);
  if (!start.empty() && fs::exists(start, ec)) {
    const auto absolute = fs::absolute(start, ec).lexically_normal();
    dir = fs::is_directory(absolute, ec) ? absolute : absolute.parent_path();
  }
  for (; !ec && !dir.empty(); dir = dir.parent_path()) {
    // Its own error code: a folder without mestring.yaml sets one (ENOENT),
    // and the search goes on upwards.
    std::error_code missing;
    const auto candidate = dir / "mestring.yaml";
    if (fs::is_regular_file(candidate, missing))
      return candidate;
    if (dir == dir.parent_path())
      break;
  }
  return std::nullopt;
}

} // namespace

Lang early_message_lang(int argc, char **argv) {
  std::string lang, config_path;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    for (auto [name, value] : {std::pair{std::string_view("--lang"), &lang}, {"--config", &config_path}}) {
      if (arg == name && i + 1 < argc)
        *value = argv[i + 1];
      else if (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=')
        *value = std::string(arg.substr(name.size() + 1));
    }
  }
  if (lang == "da" || lang == "en")
    return *parse_lang(lang);
  std::optional<std::string> text;
  if (!config_path.empty())
    text = read_file(config_path);
  else if (const auto found = find_config())
    text = read_file(found->string());
  if (text) {
    std::vector<Finding> ignored;
    const auto cfg = load_config(*text, "", ignored);
    if (cfg.language == "da" || cfg.language == "en")
      return cfg.lang();
  }
  return lang_from_environment();
}

bool use_color(const std::string &setting, int fd) {
  if (setting == "always")
    return true;
  if (setting == "never")
    return false;
  if (setting != "auto")
    throw Failure{Exit::usage, say("--color: \"{}\" is not a choice; use auto, always or never", setting)};
  const char *no_color = std::getenv("NO_COLOR");
  const char *term = std::getenv("TERM");
  return isatty(fd) && !(no_color && *no_color) && !(term && std::string_view(term) == "dumb");
}

Date parse_date_option(const std::string &text, std::string_view option, Date today) {
  auto d = parse_typed_date(text, today);
  if (!d)
    throw Failure{Exit::usage, fmt::format("{}: {}", option, d.error())};
  return *d;
}

Date Context::date(const std::string &text, std::string_view option) const {
  return parse_date_option(text, option, as_of);
}

void check_typed_option(std::string_view option, const std::string &value, bool allow_newlines, bool no_cpr) {
  if (auto problem = control_character_problem(value, option, allow_newlines))
    throw Failure{Exit::usage, std::move(*problem)};
  if (!no_cpr)
    return;
  if (auto problem = cpr_in_text_problem(value, option))
    throw Failure{Exit::usage, std::move(*problem)};
}

void Context::prepare() {
  color = use_color(global.color, STDOUT_FILENO);
  color_stderr = use_color(global.color, STDERR_FILENO);
  as_of = global.as_of_text.empty() ? today() : parse_date_option(global.as_of_text, "--as-of", today());
  std::string file;
  if (!global.config_path.empty()) {
    if (!read_file(global.config_path))
      throw Failure{Exit::usage, say("--config: cannot read \"{}\"", global.config_path)};
    file = global.config_path;
  } else if (const auto found = find_config(config_start)) {
    std::error_code ec;
    auto rel = found->lexically_relative(fs::current_path(ec));
    file = (rel.empty() ? *found : rel).string();
  }
  use_config(file);
}

void Context::use_config(const std::string &file) {
  std::string text;
  if (!file.empty())
    text = read_file(file).value_or("");
  config_dir.clear();
  std::vector<Finding> errors;
  config = load_config(text, file, errors);
  if (!errors.empty()) {
    std::string details;
    for (const auto &e : errors)
      details +=
          fmt::format("{}{}: {}: {}\n", e.file, e.line > 0 ? fmt::format(":{}", e.line) : "", say("error"), e.message);
    throw Failure{Exit::usage, say("the config has errors; fix them and run again"), details};
  }
  if (!file.empty())
    config_dir = fs::path(file).parent_path().string();
  // The language: --lang, else the config's, else LANG / LC_MESSAGES, else English.
  if (!global.lang.empty()) {
    const auto l = parse_lang(global.lang);
    if (!l || (global.lang != "da" && global.lang != "en"))
      throw Failure{Exit::usage, say("--lang: \"{}\" is not a language; use da or en", global.lang)};
    config.language = global.lang;
  } else if (config.language == "auto") {
    config.language = lang_from_environment() == Lang::da ? "da" : "en";
  }
  set_message_lang(config.lang());
  if (global.show_cpr)
    config.show_cpr = true;
}

std::string Context::case_files_root() const {
  const auto root = (fs::path(config_dir) / config.cases).lexically_normal();
  // As seen from the current folder when it lies there or below: inside the
  // cases folder its files are "x.yaml", not "../cases/x.yaml".
  std::error_code ec;
  const auto cwd = fs::current_path(ec);
  if (!ec && !root.empty()) {
    const auto seen = (cwd / root).lexically_normal().lexically_relative(cwd);
    if (!seen.empty() && *seen.begin() != "..")
      return seen.string();
  }
  return root.empty() ? "." : root.string();
}

std::vector<std::string> Context::case_files(const std::vector<std::string> &paths,
                                             std::vector<std::string> *temporaries) const {
  std::vector<std::string> roots = paths;
  if (roots.empty())
    roots.push_back(case_files_root());
  std::vector<std::string> errors;
  auto files = find_case_files(roots, errors, temporaries);
  if (!errors.empty()) {
    std::string details;
    for (size_t i = 0; i + 1 < errors.size(); ++i)
      details += fmt::format("mestring: {}: {}\n", say("error"), errors[i]);
    throw Failure{Exit::usage, errors.back(), details};
  }
  // Paths are shown as the user would type them: "cases/x.yaml", not "./cases/x.yaml".
  for (auto &f : files)
    if (f.starts_with("./"))
      f.erase(0, 2);
  return files;
}

void Context::require_case_files(const std::vector<std::string> &files, const std::vector<std::string> &paths) const {
  if (!files.empty())
    return;
  // Say where it looked, and what would have told it to look elsewhere.
  if (!paths.empty()) {
    std::string where;
    for (const auto &p : paths)
      where += fmt::format("{}{}", where.empty() ? "" : ", ", printable(p));
    throw Failure{Exit::usage, say("no case files (*.yaml) under {}; is it the right folder, and is it there "
                                   "(a share not mounted)?",
                                   where)};
  }
  if (!config.file.empty())
    throw Failure{Exit::usage,
                  say("no case files (*.yaml) under {}/, the cases folder of {}: is the folder there (a share not "
                      "mounted)? A new repository gets its first case with mestring new or mestring import",
                      printable(case_files_root()), printable(config.file))};
  throw Failure{Exit::usage, say("no case files (*.yaml) in this folder, and no mestring.yaml in it or above it; "
                                 "run mestring where the cases are, or start a repository with mestring init")};
}

// The cache lives in $XDG_CACHE_HOME/mestring (else ~/.cache/mestring), one
// file per working folder and set of paths, since findings name files as
// seen from there. It holds what the case files hold, CPR numbers included,
// and answers for a file by its hash: it is used only in a folder that is
// the user's alone (cache_dir.hpp), else not at all, with a note under -v.
// Files of repositories not used for 30 days are removed, once per run.
LoadOptions Context::load_options(const std::vector<std::string> &roots) const {
  LoadOptions opt;
  opt.jobs = global.jobs;
  if (global.no_cache)
    return opt;
  const auto dir = open_cache_dir();
  if (!dir) {
    if (global.verbose && !cache_noted_)
      note(dir.error());
    cache_noted_ = true;
    return opt;
  }
  if (!cache_pruned_)
    prune_cache(*dir, std::time(nullptr));
  cache_pruned_ = true;
  std::error_code ec;
  std::string where = fs::current_path(ec).string();
  for (const auto &r : roots)
    where += '\n' + r;
  opt.cache_file = cache_file_for(*dir, where);
  // Everything but the bytes that shapes a load result: the version, and the
  // effective config (its programmes, its language), whole, to be safe.
  opt.cache_key = fmt::format("mestring {}\n{}language: {}\nmessages: {}\n", MESTRING_VERSION, format_config(config),
                              config.language, int(message_lang()));
  return opt;
}

std::vector<std::string> Context::recovered_case_files(const std::vector<std::string> &paths) const {
  std::vector<std::string> temporaries;
  auto files = case_files(paths, &temporaries);
  recover_repositories(paths.empty() ? std::vector<std::string>{case_files_root()} : paths, temporaries);
  // Recovery may have put files in place that the first walk did not see.
  // (Not `empty() ? files : case_files(paths)`: that copies every name.)
  if (!temporaries.empty())
    return case_files(paths);
  return files;
}

namespace {

// The repository of the folder `folder`: as repository_of sees a file in it.
RepositoryPlace place_of_folder(const std::string &folder) {
  auto place = repository_of((fs::path(folder) / "x").string());
  return place ? std::move(*place) : RepositoryPlace{folder, std::nullopt};
}

// The same folder, however named: what two repositories are compared by.
std::string identity(const std::string &folder) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0)
    return folder;
  return fmt::format("{}:{}", st.st_dev, st.st_ino);
}

bool exists(const std::string &path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

} // namespace

void Context::note(const std::string &text) const {
  if (global.quiet)
    return;
  const bool full = config.show_cpr;
  print_note(full ? text : redact_cpr(text));
}

// Each repository is looked at for what an interrupted command leaves: its
// lock, its journal, temporary files in its folder (a lock being taken) or
// found by the walk (case files being written). Only then is the lock
// tried, never waited for: a running command is left to finish its work.
void Context::recover_repositories(const std::vector<std::string> &roots,
                                   const std::vector<std::string> &temporaries) const {
  struct Place {
    std::string folder;
    std::vector<std::string> temporaries;
  };
  std::map<std::string, Place> places; // by identity
  std::map<std::string, std::string> by_parent;
  auto place_of = [&](const std::string &path, bool folder) -> Place & {
    auto found = folder ? Expected<RepositoryPlace>(place_of_folder(path)) : repository_of(path);
    const auto place = found ? *found : RepositoryPlace{".", {}};
    auto &p = places[identity(place.folder)];
    p.folder = place.folder;
    return p;
  };
  for (const auto &r : roots) {
    std::error_code ec;
    place_of(r, fs::is_directory(r, ec));
  }
  for (const auto &t : temporaries) {
    // Each belongs to the repository of its own folder, which may lie below a root.
    const auto parent = fs::path(t).parent_path().string();
    auto it = by_parent.find(parent);
    if (it == by_parent.end()) {
      auto &p = place_of(t, false);
      it = by_parent.emplace(parent, identity(p.folder)).first;
    }
    places[it->second].temporaries.push_back(t);
  }
  for (auto &[id, p] : places) {
    const RepositoryPlace place{p.folder, std::nullopt};
    auto candidates = abandoned_lock_files(p.folder);
    if (candidates.empty() && p.temporaries.empty() && !exists(place.lock_path()) && !exists(place.journal_path()))
      continue;
    candidates.insert(candidates.end(), p.temporaries.begin(), p.temporaries.end());
    const auto &folder_id = id; // clang 14 cannot capture a structured binding
    const auto held = std::find_if(locks_.begin(), locks_.end(),
                                   [&](const RepositoryLock &l) { return identity(l.folder()) == folder_id; });
    std::optional<Expected<RepositoryLock>> taken;
    if (held == locks_.end()) {
      taken.emplace(RepositoryLock::take(place, command.empty() ? "check" : command));
      if (!*taken) {
        if (global.verbose)
          note(say("{} was not tidied up: {}", p.folder, taken->error()));
        continue;
      }
      if ((*taken)->note())
        note(*(*taken)->note());
    }
    const auto recovered = recover(p.folder, candidates);
    if (!recovered) {
      note(recovered.error());
      continue;
    }
    for (const auto &n : *recovered)
      note(n);
  }
}

const RepositoryLock &Context::lock_repository_of(const std::string &file, std::string_view what, bool its_config) {
  const auto place = repository_of(file);
  if (!place)
    throw Failure{Exit::usage, place.error()};
  // The repository's own config, however the file was named.
  if (its_config && global.config_path.empty()) {
    const std::string wanted = place->config.value_or("");
    if (wanted.empty() != config.file.empty() || (!wanted.empty() && identity(wanted) != identity(config.file)))
      use_config(wanted);
  }
  // Waited for: two coaches adding to one case at once both get their turn.
  auto lock = RepositoryLock::take(*place, what, std::chrono::seconds(10));
  if (!lock)
    throw Failure{Exit::usage, lock.error()};
  if (lock->note())
    note(*lock->note());
  // What an interrupted command left: its journal, its temporary files
  // beside this file and in the repository's folder (a lock being taken).
  auto candidates = abandoned_lock_files(place->folder);
  const auto folder = fs::path(file).parent_path().empty() ? "." : fs::path(file).parent_path().string();
  for (auto &t : temporary_files_in(folder))
    if (const auto stem = t.substr(0, t.rfind(".tmp-")); stem.ends_with(".yaml") || stem.ends_with(".yml"))
      candidates.push_back(std::move(t));
  const auto recovered = recover(*lock, candidates);
  if (!recovered)
    throw Failure{Exit::usage, recovered.error()};
  for (const auto &n : *recovered)
    note(n);
  locks_.push_back(std::move(*lock));
  return locks_.back();
}

Repository Context::load(const std::vector<std::string> &paths, bool some) const {
  const auto opt = load_options(paths.empty() ? std::vector<std::string>{case_files_root()} : paths);
  auto files = recovered_case_files(paths);
  if (some)
    require_case_files(files, paths);
  return load_repository(files, config, as_of, opt);
}

Assessment Context::assess(const std::vector<std::string> &paths, const Keep &keep, Cases cases) const {
  const auto opt = load_options(paths.empty() ? std::vector<std::string>{case_files_root()} : paths);
  const auto files = recovered_case_files(paths);
  require_case_files(files, paths);
  return assess_files(files, config, as_of, opt, keep, cases);
}

std::string Context::case_path(const std::string &target) const {
  std::error_code ec;
  if (fs::is_regular_file(target, ec))
    return target;
  // The file name is the id (case-format.md): cases/ID.yaml (or .yml) is
  // looked for first, so that one case costs the same in a repository of
  // any size. The walk below lists what it would: no hidden name, no
  // mestring.yaml, nothing that is a folder.
  if (!target.empty() && target[0] != '.' && target.find('/') == std::string::npos && target != "mestring") {
    for (const char *ext : {".yaml", ".yml"}) {
      auto file = (fs::path(case_files_root()) / (target + ext)).lexically_normal().string();
      if (fs::exists(fs::symlink_status(file, ec)) && !fs::is_directory(file, ec))
        return file; // (show and the writing commands tidy up its repository before they read it)
    }
  }
  const auto files = recovered_case_files({});
  // The file name is the id (case-format.md), so most look-ups parse nothing.
  for (const auto &f : files)
    if (fs::path(f).stem() == target)
      return f;
  const auto repo = load_repository(files, config, as_of, load_options({case_files_root()}));
  std::vector<std::string_view> ids;
  for (const auto &c : repo.cases) {
    if (c.id == target)
      return c.file;
    ids.push_back(c.id);
  }
  const auto guess = nearest(target, ids);
  throw Failure{Exit::usage, say("no case \"{}\" among {} case files{}", target, files.size(),
                                 guess.empty() ? "" : say("; did you mean \"{}\"?", guess))};
}

std::string Context::format(std::span<const std::string_view> allowed, std::string_view fallback) const {
  if (global.format.empty())
    return std::string(fallback);
  for (const auto a : allowed)
    if (a == global.format)
      return global.format;
  const auto list = fmt::format("{}", fmt::join(allowed, ", "));
  throw Failure{Exit::usage,
                say("--format: \"{}\" is not a format of this command; use one of {}", global.format, list)};
}

} // namespace mestring::cli
