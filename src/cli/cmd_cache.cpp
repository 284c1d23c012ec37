// `cache clear`: removes the cache of loaded cases. The cache holds what the
// case files hold, CPR numbers included, in the user's own cache folder;
// clearing it leaves them nowhere but in the case files, until the next
// command reads the cases again. Only mestring's own files go.
#include "commands.hpp"
#include "output.hpp"

#include <mestring/cache_dir.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <sys/stat.h>

namespace mestring::cli {

namespace {

Exit run_clear(const Context &ctx) {
  const auto dir = cache_dir_path();
  if (!dir)
    throw Failure{Exit::usage, say("there is no cache folder: neither XDG_CACHE_HOME nor HOME names a folder")};
  struct stat st {};
  if (::lstat(dir->c_str(), &st) != 0) {
    if (!ctx.global.quiet)
      print_text(fmt::format("{}\n", say("there is no cache in {}; nothing to remove", *dir)));
    return Exit::ok;
  }
  if (!S_ISDIR(st.st_mode))
    throw Failure{Exit::usage, say("{}: it is not a folder (a symbolic link, say); mestring does not follow it, so "
                                   "nothing was removed",
                                   *dir)};
  const size_t removed = clear_cache(*dir);
  if (!ctx.global.quiet)
    print_text(fmt::format(
        "{}\n", say(removed == 1 ? "removed {} cache file from {}" : "removed {} cache files from {}", removed, *dir)));
  return Exit::ok;
}

Runner define_cache(CLI::App &sub) {
  sub.require_subcommand(1);
  sub.add_subcommand("clear", h("Remove the cache of loaded cases (only mestring's own files)"));
  return [](Context &ctx) { return run_clear(ctx); };
}

} // namespace

const Command cache_command{"cache", "The cache of loaded cases: `cache clear` removes it", {}, false, define_cache};

} // namespace mestring::cli
