#pragma once
// The folder of the cache of loaded cases, and keeping it small. The cache
// holds what the case files hold, CPR numbers included, and answers for a
// file by its hash: a folder that another user could write to could make
// `check` lie. So it is used only when it is a real folder (not a symbolic
// link), owned by this user, writable by no one else, in a parent that no
// one else can rename it out of: as OpenSSH treats ~/.ssh. mestring never
// changes the permissions of a folder it finds.

#include <mestring/expected.hpp>

#include <chrono>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace mestring {

// Returns where the cache folder is: $XDG_CACHE_HOME/mestring, else
// ~/.cache/mestring; nothing when neither variable names an absolute folder.
// Creates nothing and checks nothing (open_cache_dir does).
std::optional<std::string> cache_dir_path();

// Returns $XDG_CACHE_HOME/mestring (else ~/.cache/mestring), created with
// mode 0700 when missing, or why there is no cache, for -v: "no cache:
// /home/x/.cache/mestring is writable by others (mode 0777)".
Expected<std::string> open_cache_dir();

// The cache file in `dir` for a set of case folders named by `where`
// (working folder and paths): "cases-<digest>.bin".
std::string cache_file_for(const std::string &dir, std::string_view where);

// Marks a cache file as used now (its modification time), so prune_cache
// keeps it. Does nothing when it cannot.
void mark_cache_used(const std::string &file);

// Removes the cache files in `dir` (ours only: cases-*.bin and their
// leftover temporary files) not used for `max_age` before `now`: the cases
// of a repository no longer used leave the disk. Returns how many it removed.
size_t prune_cache(const std::string &dir, std::time_t now, std::chrono::seconds max_age = std::chrono::hours(24 * 30));

// Removes every cache file of ours in `dir`, and nothing else: for
// `mestring cache clear`. Returns how many it removed.
size_t clear_cache(const std::string &dir);

} // namespace mestring
