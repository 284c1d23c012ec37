// `init`: a new office's first command. It makes a case repository that
// explains itself: mestring.yaml with every setting shown as a comment
// (starter_config.hpp), the cases folder, a .gitignore for mestring's own
// files and, with --hook in a git work tree, a pre-commit hook that refuses
// broken case files. It never overwrites: what exists is named and left
// alone, and the files are written all or nothing under the repository lock.
#include "commands.hpp"
#include "output.hpp"

#include <mestring/git_index.hpp>
#include <mestring/starter_config.hpp>
#include <mestring/text.hpp>
#include <mestring/transaction.hpp>

#include <CLI/CLI.hpp>
#include <climits>
#include <filesystem>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mestring::cli {

namespace {

namespace fs = std::filesystem;

struct InitArgs {
  std::string dir = ".";
  bool hook = false;
};

// The lines a case repository's .gitignore needs: the lock and journal of
// a command that is writing, the temporary files of a write, and the last
// check the README's cron recipe keeps. The cache is outside the repository.
constexpr std::string_view ignored[] = {".mestring.lock", ".mestring.journal", ".*.tmp-*", ".mestring-last-check.json"};

std::string gitignore_text(const std::string &existing) {
  std::string out;
  if (existing.empty())
    out += fmt::format("# {}\n", say("mestring's own files, which never belong in git (made by mestring init):"));
  else if (!existing.ends_with('\n'))
    out += "\n";
  bool any = false;
  for (const auto line : ignored) {
    if (existing.find(fmt::format("\n{}\n", line)) != std::string::npos ||
        existing.starts_with(fmt::format("{}\n", line)))
      continue;
    if (!existing.empty() && !any)
      out += fmt::format("# {}\n", say("mestring's own files, which never belong in git (made by mestring init):"));
    any = true;
    out += fmt::format("{}\n", line);
  }
  return any ? existing + out : existing;
}

// Quotes a word for sh: 'it'\''s'.
std::string sh_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The program running now, as an absolute path (/proc/self/exe), for a
// hook that cannot find mestring on PATH; "" when it cannot be known.
std::string this_program() {
  char buffer[PATH_MAX];
  const auto n = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  return n > 0 ? std::string(buffer, size_t(n)) : std::string();
}

// The hook. It runs mestring from PATH, as the committer does by hand, so
// the hook checks with the version they use; when PATH has none (a GUI git
// client whose PATH lacks /usr/local/bin), the mestring that made the hook.
// Git runs hooks at the top of the work tree: it first goes to the
// repository's folder, so that its mestring.yaml applies.
std::string hook_text(const std::string &from_top, const std::string &program) {
  std::string out = "#!/bin/sh\n";
  out += fmt::format("# {}\n# {}\n# {}\n", say("Made by mestring init --hook: refuses a commit of a broken case file,"),
                     say("never one because a deadline has passed. It checks what the commit holds."),
                     say("To commit anyway, once: git commit --no-verify"));
  if (!from_top.empty() && from_top != ".")
    out += fmt::format("cd {} || exit 1\n", sh_quote(from_top));
  out += "if command -v mestring >/dev/null 2>&1; then\n  exec mestring check --staged --data-only\nfi\n";
  if (!program.empty())
    out += fmt::format("if [ -x {0} ]; then\n  exec {0} check --staged --data-only\nfi\n", sh_quote(program));
  out += fmt::format("echo {} >&2\nexit 1\n",
                     sh_quote(say("pre-commit: mestring is not on PATH{}; install it, or commit with --no-verify",
                                  program.empty() ? "" : say(" nor at {}", program))));
  return out;
}

struct Hook {
  fs::path path;     // where the hook goes
  fs::path from_top; // the repository folder as seen from the top of the work tree
};

// Where git wants the pre-commit hook of the work tree holding `dir` (its
// hooks folder honours core.hooksPath and worktrees), or a usage error.
Hook find_hook(const fs::path &dir) {
  fs::path probe = dir;
  std::error_code ec;
  while (!probe.empty() && !fs::exists(probe, ec))
    probe = probe.parent_path();
  if (probe.empty())
    probe = ".";
  const std::string where = probe.string();
  const auto inside = git_output({"-C", where, "rev-parse", "--is-inside-work-tree"});
  if (!inside || *inside != "true\n")
    throw Failure{Exit::usage,
                  say("--hook: {} is not in a git work tree; run git init there first, or leave out --hook",
                      printable(dir.string()))};
  const auto hooks = git_output({"-C", where, "rev-parse", "--git-path", "hooks"});
  const auto top = git_output({"-C", where, "rev-parse", "--show-toplevel"});
  if (!hooks || !top)
    throw Failure{Exit::usage,
                  say("--hook: git could not say where its hooks are: {}", (!hooks ? hooks : top).error())};
  const auto strip = [](const std::string &s) { return s.substr(0, s.find('\n')); };
  const fs::path hooks_dir = fs::path(strip(*hooks)).is_absolute() ? fs::path(strip(*hooks)) : probe / strip(*hooks);
  const auto from_top = fs::weakly_canonical(fs::absolute(dir), ec).lexically_relative(fs::path(strip(*top)));
  return {(hooks_dir / "pre-commit").lexically_normal(), from_top};
}

// Makes a file executable where it is readable (the umask's choice kept).
void make_executable(const fs::path &file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0)
    ::chmod(file.c_str(), (st.st_mode & 07777) | ((st.st_mode & 0444) >> 2));
}

// "office/mestring.yaml", or "mestring.yaml" for the current folder.
std::string shown(const fs::path &dir, std::string_view name) {
  return dir == "." ? std::string(name) : (dir / name).string();
}

// Writes the hook, executable, as a transaction of its own rooted at its
// folder (which may lie outside the repository: core.hooksPath, or a
// repository in a subfolder of the work tree).
void write_hook(const Hook &hook, const std::string &bytes) {
  std::error_code ec;
  fs::create_directories(hook.path.parent_path(), ec);
  Transaction one(hook.path.parent_path().string(), "init");
  auto written = one.stage(hook.path.string(), bytes, WriteMode::create_new);
  if (written)
    written = one.commit();
  if (!written)
    throw Failure{Exit::usage, say("{}; the hook was not made", written.error())};
  make_executable(hook.path);
}

Exit run(Context &ctx, const InitArgs &a) {
  const fs::path dir = fs::path(a.dir).lexically_normal();
  const fs::path config = dir / "mestring.yaml", ignore = dir / ".gitignore", cases = dir / starter_cases_folder;
  std::error_code ec;
  const auto exists = [&](const fs::path &p) { return fs::exists(fs::symlink_status(p, ec)); };

  // Everything is decided before anything is written: what exists is named.
  // A repository made before gets only the hook it asks for.
  std::optional<Hook> hook;
  if (a.hook)
    hook = find_hook(dir);
  const bool hook_only = hook && exists(config);
  std::vector<std::string> there;
  if (!hook_only && exists(config))
    there.push_back(shown(dir, "mestring.yaml"));
  if (!hook_only && exists(cases) && !fs::is_directory(cases, ec))
    there.push_back(shown(dir, starter_cases_folder));
  if (!hook_only && exists(ignore) && !fs::is_regular_file(ignore, ec))
    there.push_back(shown(dir, ".gitignore"));
  if (hook && exists(hook->path))
    there.push_back(hook->path.string());
  if (!there.empty()) {
    std::string names;
    for (const auto &t : there)
      names += (names.empty() ? "" : ", ") + printable(t);
    throw Failure{Exit::usage, say(there.size() == 1 ? "{} exists already; mestring init changes nothing that exists, "
                                                       "so nothing was written"
                                                     : "{} exist already; mestring init changes nothing that exists, "
                                                       "so nothing was written",
                                   names)};
  }
  const auto hook_bytes = hook ? hook_text(hook->from_top.string(), this_program()) : std::string();
  if (hook_only) {
    write_hook(*hook, hook_bytes);
    print_text(fmt::format("{}\n  {}  {}\n",
                           say("{} exists already; added only the hook:", printable(shown(dir, "mestring.yaml"))),
                           pad_right(printable(hook->path.string()), 24),
                           say("runs mestring check --staged --data-only before each commit")));
    return Exit::ok;
  }

  // Write the files all or nothing, under the new repository's lock.
  fs::create_directories(dir, ec);
  if (ec)
    throw Failure{Exit::usage, say("cannot make the folder {}: {}", printable(dir.string()), ec.message())};
  auto lock = RepositoryLock::take((dir / ".mestring.lock").string(), "init");
  if (!lock)
    throw Failure{Exit::usage, lock.error()};
  std::string old_ignore;
  if (exists(ignore)) {
    auto text = read_file(ignore.string(), size_t(1) << 20);
    if (!text)
      throw Failure{Exit::usage, text.error()};
    old_ignore = std::move(*text);
  }
  const auto new_ignore = gitignore_text(old_ignore);
  Transaction files(*lock, "init");
  auto staged = files.stage(config.string(), starter_config(ctx.config.lang()), WriteMode::create_new);
  if (staged && new_ignore != old_ignore)
    staged = files.stage(ignore.string(), new_ignore, old_ignore.empty() ? WriteMode::create_new : WriteMode::replace);
  if (staged)
    staged = files.commit();
  if (!staged)
    throw Failure{Exit::usage, say("{}; nothing was written", staged.error())};
  fs::create_directories(cases, ec);
  if (ec)
    throw Failure{Exit::usage, say("cannot make the folder {}: {}", printable(cases.string()), ec.message())};
  if (hook)
    write_hook(*hook, hook_bytes);

  // Say what was made, and what to do next.
  print_text(fmt::format("{}\n", say("Made a case repository in {}:",
                                     printable(dir == "." ? fs::current_path(ec).string() : dir.string()))));
  const auto row = [](const std::string &path, const std::string &what) {
    print_text(fmt::format("  {}  {}\n", pad_right(printable(path), 24), what));
  };
  row(shown(dir, "mestring.yaml"), say("the settings, each shown as a comment with its default"));
  row(shown(dir, std::string(starter_cases_folder) + "/"), say("the case files, one per citizen: cases/ID.yaml"));
  if (new_ignore != old_ignore)
    row(shown(dir, ".gitignore"), old_ignore.empty() ? say("keeps mestring's lock and temporary files out of git")
                                                     : say("mestring's lock and temporary files added to it"));
  if (hook)
    row(hook->path.string(), say("runs mestring check --staged --data-only before each commit"));
  print_text(fmt::format("\n{}\n", say("Next:")));
  if (dir != ".")
    print_text(fmt::format("  cd {}\n", printable(dir.string())));
  const auto step = [](std::string_view command, const std::string &why) {
    print_text(fmt::format("  {}{}\n", pad_right(command, 32), why.empty() ? "" : "# " + why));
  };
  step("mestring new --id 2025-0001 --paragraph 85 --level 2 --name \"Jens Hansen\" --coach \"Lars Berg\" --start "
       "2025-12-01",
       "");
  step("mestring import sagsliste.csv", say("or the cases from a spreadsheet"));
  step("mestring check", say("what was missed; nothing when all is well (cron: man mestring)"));
  step("mestring due --week", say("this week's agenda"));
  if (!hook && git_output({"-C", dir.string(), "rev-parse", "--is-inside-work-tree"}).has_value())
    step("mestring init --hook", say("refuse commits of broken case files"));
  return Exit::ok;
}

Runner define(CLI::App &sub) {
  auto a = std::make_shared<InitArgs>();
  sub.add_option("dir", a->dir, h("The folder of the new repository (default: the current folder)"))->type_name("DIR");
  sub.add_flag("--hook", a->hook, h("Also add a git pre-commit hook that refuses broken case files"));
  return [a](Context &ctx) { return run(ctx, *a); };
}

} // namespace

const Command init_command{
    "init", "Start a case repository: mestring.yaml, cases/, .gitignore, a git hook", {}, true, define};

} // namespace mestring::cli
